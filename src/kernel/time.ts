/**
 * Calendar dates and instants in Danish time. Deadlines and payment times are local to
 * Europe/Copenhagen, so the two daylight-saving days need care: one local hour is skipped in
 * spring and one is repeated in autumn.
 */
import { Temporal } from 'temporal-polyfill';
import { quoted } from './bounds.ts';
import { fail, ok, type Result } from './result.ts';

/** The one time zone every local date and time in the system is read in. */
export const ZONE = 'Europe/Copenhagen';

/** The source of "now"; injected so that decisions stay deterministic and scenarios can move time. */
export interface Clock {
  now(): Temporal.Instant;
}

/** A clock that only moves when told to, for tests and scenario runs. */
export class SimulatedClock implements Clock {
  private current: Temporal.Instant;

  constructor(start: Temporal.Instant) {
    this.current = start;
  }

  /** The instant the clock was last set to. */
  now(): Temporal.Instant {
    return this.current;
  }

  /** Moves the clock forward; going backwards is a bug in the caller, since recorded events would reorder. */
  advanceTo(instant: Temporal.Instant): void {
    if (Temporal.Instant.compare(instant, this.current) < 0) {
      throw new RangeError(
        `Clock cannot go backwards from ${this.current.toString()} to ${instant.toString()}`,
      );
    }
    this.current = instant;
  }
}

/** A month written `YYYY-MM`. */
export type YearMonth = string;

/** Whether a year is a leap year in the proleptic Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days in a month (1-12); RangeError for a month that does not exist. */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`No such month: ${year}-${month}`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const storedDates = new Map<string, Temporal.PlainDate>();

/**
 * A stored ISO date (`YYYY-MM-DD`, as PostgreSQL returns a date) as a PlainDate. Remembered per text, up to
 * a bound: a run reads the same few dates (the 1st of a month, a grant's start) on millions of rows, and
 * parsing is the costliest part of reading a row.
 */
export function storedDate(text: string): Temporal.PlainDate {
  let date = storedDates.get(text);
  if (date === undefined) {
    date = Temporal.PlainDate.from(text);
    if (storedDates.size >= 100_000) storedDates.clear();
    storedDates.set(text, date);
  }
  return date;
}

const monthBoundsCache = new Map<
  number,
  { readonly first: Temporal.PlainDate; readonly last: Temporal.PlainDate }
>();

/**
 * The first and last day of a month. Remembered per month: the runs ask for the same few months once per
 * case, and building a PlainDate is the costliest step of a month's computation.
 */
export function monthBounds(month: Temporal.PlainYearMonth): {
  readonly first: Temporal.PlainDate;
  readonly last: Temporal.PlainDate;
} {
  const key = month.year * 100 + month.month;
  let bounds = monthBoundsCache.get(key);
  if (bounds === undefined) {
    bounds = { first: month.toPlainDate({ day: 1 }), last: month.toPlainDate({ day: month.daysInMonth }) };
    monthBoundsCache.set(key, bounds);
  }
  return bounds;
}

/** Whether year, month and day name a real calendar date (31 April and 29 February 2025 do not). */
export function isExistingDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The years a date, month or time may lie in: those of the bank calendar (calendar.ts). Year 0000 and
 * anything before 1900 or after 2200 is refused with `ugyldig-dato`, so no date outside the calendar
 * reaches a decision or the database.
 */
export const firstDateYear = 1900;
export const lastDateYear = 2200;

const yearOutside = (year: number): boolean => year < firstDateYear || year > lastDateYear;
const yearMessage = `Året skal ligge i ${String(firstDateYear)}-${String(lastDateYear)}`;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict `YYYY-MM-DD` date that exists; no other spelling, so files and API agree on one form. */
export function parseDate(text: string): Result<Temporal.PlainDate> {
  const match = datePattern.exec(text);
  if (match === null) {
    return fail('ugyldig-dato', `Datoen skal skrives ÅÅÅÅ-MM-DD (fx 2025-03-01), ikke ${quoted(text)}`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (yearOutside(year)) return fail('ugyldig-dato', `${yearMessage}, ikke ${String(year)}`);
  if (!isExistingDate(year, month, day)) return fail('ugyldig-dato', `Datoen ${text} findes ikke`);
  return ok(Temporal.PlainDate.from({ year, month, day }));
}

const yearMonthPattern = /^(\d{4})-(\d{2})$/;

/** Parses a strict `YYYY-MM` month, e.g. the month a benefit is paid for. */
export function parseYearMonth(text: string): Result<Temporal.PlainYearMonth> {
  const match = yearMonthPattern.exec(text);
  if (match === null) {
    return fail('ugyldig-dato', `Måneden skal skrives ÅÅÅÅ-MM (fx 2025-03), ikke ${quoted(text)}`);
  }
  const [year, month] = [Number(match[1]), Number(match[2])];
  if (yearOutside(year)) return fail('ugyldig-dato', `${yearMessage}, ikke ${String(year)}`);
  if (month < 1 || month > 12) return fail('ugyldig-dato', `Måneden ${text} findes ikke`);
  return ok(Temporal.PlainYearMonth.from({ year, month }));
}

const localDateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * Parses a strict `YYYY-MM-DDTHH:MM` Danish local time. A time in the spring-forward gap does not
 * exist and is refused; a time in the repeated autumn hour is ambiguous and resolves to the earlier
 * instant (summer time), the first moment the clock on the wall showed it.
 */
export function parseLocalDateTime(text: string): Result<Temporal.Instant> {
  const match = localDateTimePattern.exec(text);
  if (match === null) {
    return fail(
      'ugyldigt-tidspunkt',
      `Tidspunktet skal skrives ÅÅÅÅ-MM-DDTTT:MM (fx 2025-03-01T18:00), ikke ${quoted(text)}`,
    );
  }
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (yearOutside(year)) return fail('ugyldigt-tidspunkt', `${yearMessage}, ikke ${String(year)}`);
  if (!isExistingDate(year, month, day)) return fail('ugyldigt-tidspunkt', `Datoen i ${text} findes ikke`);
  if (hour > 23 || minute > 59) return fail('ugyldigt-tidspunkt', `Klokkeslættet i ${text} findes ikke`);
  const local = Temporal.PlainDateTime.from({ year, month, day, hour, minute });
  const zoned = local.toZonedDateTime(ZONE, { disambiguation: 'earlier' });
  // In the gap, 'earlier' shifts to a different wall-clock time; that is how the gap is detected.
  if (!zoned.toPlainDateTime().equals(local)) {
    return fail(
      'ugyldigt-tidspunkt',
      `Tidspunktet ${text} findes ikke i dansk tid, fordi uret stilles en time frem ved overgangen til sommertid`,
    );
  }
  return ok(zoned.toInstant());
}

/**
 * The instant of a local time of day on a date. Disambiguation is 'compatible' (later in a gap,
 * earlier in an overlap); the fixed times used (04:00, 18:00) exist exactly once on both DST days.
 */
export function atLocalTime(date: Temporal.PlainDate, hour: number, minute = 0): Temporal.Instant {
  const time = Temporal.PlainTime.from({ hour, minute }, { overflow: 'reject' });
  return date.toZonedDateTime({ timeZone: ZONE, plainTime: time }).toInstant();
}

/** The Danish calendar date an instant falls on. */
export function localDate(instant: Temporal.Instant): Temporal.PlainDate {
  return instant.toZonedDateTimeISO(ZONE).toPlainDate();
}

/** Formats an instant as Danish local `YYYY-MM-DDTHH:MM`, the form parseLocalDateTime reads. */
export function formatLocalDateTime(instant: Temporal.Instant): string {
  return instant.toZonedDateTimeISO(ZONE).toPlainDateTime().toString({ smallestUnit: 'minute' });
}
