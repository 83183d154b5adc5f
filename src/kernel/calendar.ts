/**
 * The Danish bank calendar (Danmarks Nationalbanks banklukkedage), computed from rules for the
 * years 1900-2200. Payments are dated on bank days, so the payment date of a benefit is counted
 * back from the end of the month in bank days.
 */
import { Temporal } from 'temporal-polyfill';
import { daysInMonth } from './time.ts';

/** A day Danish banks do not settle payments, with its Danish name. */
export interface BankClosingDay {
  readonly date: Temporal.PlainDate;
  /** The Danish name of the holiday. */
  readonly name: string;
}

const firstYear = 1900;
const lastYear = 2200;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < firstYear || year > lastYear) {
    throw new RangeError(`The bank calendar covers ${firstYear}-${lastYear}, not ${year}`);
  }
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): Temporal.PlainDate {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`No Gregorian Easter for ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Temporal.PlainDate.from({ year, month, day });
}

/** Store bededag was abolished as a holiday from 2024 (lov nr. 151 af 28. februar 2023). */
const lastYearWithStoreBededag = 2023;
/** Nationalbanken has kept the Friday after Ascension Day closed since 2009. */
const firstYearWithAscensionFriday = 2009;

function computeClosingDays(year: number): readonly BankClosingDay[] {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number, name: string): BankClosingDay => ({
    date: Temporal.PlainDate.from({ year, month, day }),
    name,
  });
  const fromEaster = (days: number, name: string): BankClosingDay => ({ date: easter.add({ days }), name });
  const days: BankClosingDay[] = [
    fixed(1, 1, 'Nytårsdag'),
    fromEaster(-3, 'Skærtorsdag'),
    fromEaster(-2, 'Langfredag'),
    fromEaster(1, '2. påskedag'),
    ...(year <= lastYearWithStoreBededag ? [fromEaster(26, 'Store bededag')] : []),
    fromEaster(39, 'Kristi himmelfartsdag'),
    ...(year >= firstYearWithAscensionFriday ? [fromEaster(40, 'Fredag efter Kristi himmelfartsdag')] : []),
    fromEaster(50, '2. pinsedag'),
    fixed(6, 5, 'Grundlovsdag'),
    fixed(12, 24, 'Juleaftensdag'),
    fixed(12, 25, '1. juledag'),
    fixed(12, 26, '2. juledag'),
    fixed(12, 31, 'Nytårsaftensdag'),
  ];
  // 2. pinsedag can fall after 5 June (2025) or on it (2017, both listed), so the list is sorted (stably).
  return days.sort((x, y) => Temporal.PlainDate.compare(x.date, y.date));
}

interface YearCalendar {
  readonly days: readonly BankClosingDay[];
  readonly isoDates: ReadonlySet<string>;
}

// Memoised per year: the rules are fixed, so this cache never changes an answer.
const cache = new Map<number, YearCalendar>();

function yearCalendar(year: number): YearCalendar {
  const cached = cache.get(year);
  if (cached !== undefined) return cached;
  checkYear(year);
  const days = computeClosingDays(year);
  const calendar = { days, isoDates: new Set(days.map((d) => d.date.toString())) };
  cache.set(year, calendar);
  return calendar;
}

/** The bank closing days of a year (1900-2200), sorted by date; some fall on a weekend, two may share a date. */
export function bankClosingDays(year: number): readonly BankClosingDay[] {
  return yearCalendar(year).days;
}

/** Whether banks settle on a date: Monday to Friday and not a bank closing day. */
export function isBankDay(date: Temporal.PlainDate): boolean {
  if (date.dayOfWeek >= 6) return false;
  return !yearCalendar(date.year).isoDates.has(date.toString());
}

/** The bank days from `from` to `to`, both inclusive, in order; empty if from is after to. */
export function bankDaysBetween(from: Temporal.PlainDate, to: Temporal.PlainDate): Temporal.PlainDate[] {
  const result: Temporal.PlainDate[] = [];
  for (let date = from; Temporal.PlainDate.compare(date, to) <= 0; date = date.add({ days: 1 })) {
    if (isBankDay(date)) result.push(date);
  }
  return result;
}

/** The n-th last bank day of a month (n = 1 is the last); RangeError if n < 1 or the month has fewer. */
export function nthLastBankDay(year: number, month: number, n: number): Temporal.PlainDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, not ${n}`);
  let remaining = n;
  for (let day = daysInMonth(year, month); day >= 1; day--) {
    const date = Temporal.PlainDate.from({ year, month, day });
    if (isBankDay(date)) {
      remaining--;
      if (remaining === 0) return date;
    }
  }
  throw new RangeError(`${year}-${month} has fewer than ${n} bank days`);
}

/** The last bank day of a month. */
export function lastBankDay(year: number, month: number): Temporal.PlainDate {
  return nthLastBankDay(year, month, 1);
}

/** The first bank day strictly after a date. */
export function nextBankDay(date: Temporal.PlainDate): Temporal.PlainDate {
  let next = date.add({ days: 1 });
  while (!isBankDay(next)) next = next.add({ days: 1 });
  return next;
}

/** The last bank day strictly before a date, e.g. to move a payment off a closing day. */
export function previousBankDay(date: Temporal.PlainDate): Temporal.PlainDate {
  let previous = date.subtract({ days: 1 });
  while (!isBankDay(previous)) previous = previous.subtract({ days: 1 });
  return previous;
}
