import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  bankClosingDays,
  bankDaysBetween,
  easterSunday,
  isBankDay,
  lastBankDay,
  nextBankDay,
  nthLastBankDay,
  previousBankDay,
} from './calendar.ts';

const date = (iso: string): Temporal.PlainDate => Temporal.PlainDate.from(iso);
const firstDay = date('1900-01-01');
const anyDate = fc
  .integer({ min: 0, max: firstDay.until(date('2200-12-31')).days })
  .map((days) => firstDay.add({ days }));
const anyMonth = fc.record({
  year: fc.integer({ min: 1900, max: 2200 }),
  month: fc.integer({ min: 1, max: 12 }),
});

describe('easterSunday', () => {
  it.each([
    [1900, '1900-04-15'],
    [1954, '1954-04-18'],
    [1981, '1981-04-19'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2020, '2020-04-12'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
    [2100, '2100-03-28'],
  ])('Easter %i is %s', (year, expected) => {
    expect(easterSunday(year).toString()).toBe(expected);
  });

  it('Easter Sunday is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), (year) => {
        const easter = easterSunday(year);
        expect(easter.dayOfWeek).toBe(7);
        expect(Temporal.PlainDate.compare(easter, date(`${year}-03-22`))).toBeGreaterThanOrEqual(0);
        expect(Temporal.PlainDate.compare(easter, date(`${year}-04-25`))).toBeLessThanOrEqual(0);
      }),
    );
  });
});

const table = (year: number): string[] => bankClosingDays(year).map((d) => `${d.date.toString()} ${d.name}`);

describe("bankClosingDays matches Nationalbanken's published closing days", () => {
  it('2023 still has Store bededag (5 May)', () => {
    expect(table(2023)).toEqual([
      '2023-01-01 Nytårsdag',
      '2023-04-06 Skærtorsdag',
      '2023-04-07 Langfredag',
      '2023-04-10 2. påskedag',
      '2023-05-05 Store bededag',
      '2023-05-18 Kristi himmelfartsdag',
      '2023-05-19 Fredag efter Kristi himmelfartsdag',
      '2023-05-29 2. pinsedag',
      '2023-06-05 Grundlovsdag',
      '2023-12-24 Juleaftensdag',
      '2023-12-25 1. juledag',
      '2023-12-26 2. juledag',
      '2023-12-31 Nytårsaftensdag',
    ]);
  });

  it('2024 has no Store bededag', () => {
    expect(table(2024)).toEqual([
      '2024-01-01 Nytårsdag',
      '2024-03-28 Skærtorsdag',
      '2024-03-29 Langfredag',
      '2024-04-01 2. påskedag',
      '2024-05-09 Kristi himmelfartsdag',
      '2024-05-10 Fredag efter Kristi himmelfartsdag',
      '2024-05-20 2. pinsedag',
      '2024-06-05 Grundlovsdag',
      '2024-12-24 Juleaftensdag',
      '2024-12-25 1. juledag',
      '2024-12-26 2. juledag',
      '2024-12-31 Nytårsaftensdag',
    ]);
  });

  it('2025 has 2. pinsedag after Grundlovsdag', () => {
    expect(table(2025)).toEqual([
      '2025-01-01 Nytårsdag',
      '2025-04-17 Skærtorsdag',
      '2025-04-18 Langfredag',
      '2025-04-21 2. påskedag',
      '2025-05-29 Kristi himmelfartsdag',
      '2025-05-30 Fredag efter Kristi himmelfartsdag',
      '2025-06-05 Grundlovsdag',
      '2025-06-09 2. pinsedag',
      '2025-12-24 Juleaftensdag',
      '2025-12-25 1. juledag',
      '2025-12-26 2. juledag',
      '2025-12-31 Nytårsaftensdag',
    ]);
  });

  it('2026', () => {
    expect(table(2026)).toEqual([
      '2026-01-01 Nytårsdag',
      '2026-04-02 Skærtorsdag',
      '2026-04-03 Langfredag',
      '2026-04-06 2. påskedag',
      '2026-05-14 Kristi himmelfartsdag',
      '2026-05-15 Fredag efter Kristi himmelfartsdag',
      '2026-05-25 2. pinsedag',
      '2026-06-05 Grundlovsdag',
      '2026-12-24 Juleaftensdag',
      '2026-12-25 1. juledag',
      '2026-12-26 2. juledag',
      '2026-12-31 Nytårsaftensdag',
    ]);
  });

  it.each([
    [2008, false],
    [2009, true],
    [2030, true],
  ])('in %i the Friday after Ascension is closed: %s', (year, closed) => {
    expect(table(year).some((row) => row.endsWith('Fredag efter Kristi himmelfartsdag'))).toBe(closed);
  });

  it('in 2017 2. pinsedag fell on Grundlovsdag, and both are listed on 5 June', () => {
    expect(table(2017).filter((row) => row.startsWith('2017-06-05'))).toEqual([
      '2017-06-05 2. pinsedag',
      '2017-06-05 Grundlovsdag',
    ]);
  });

  it('the list is sorted by date and every day lies in its year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), (year) => {
        const days = bankClosingDays(year);
        days.forEach((day, index) => {
          expect(day.date.year).toBe(year);
          const next = days[index + 1];
          if (next !== undefined)
            expect(Temporal.PlainDate.compare(day.date, next.date)).toBeLessThanOrEqual(0);
        });
      }),
    );
  });

  it.each([[1899], [2201], [2025.5]])('refuses the year %s outside 1900-2200', (year) => {
    expect(() => bankClosingDays(year)).toThrow(RangeError);
  });
});

describe('isBankDay', () => {
  it.each([
    ['2025-05-28', true, 'Wednesday before Ascension'],
    ['2025-05-29', false, 'Kristi himmelfartsdag'],
    ['2025-05-30', false, 'Friday after Ascension'],
    ['2025-05-31', false, 'Saturday'],
    ['2025-06-01', false, 'Sunday'],
    ['2023-05-05', false, 'Store bededag 2023'],
    ['2024-04-26', true, 'the former Store bededag 2024'],
    ['2025-12-31', false, 'Nytårsaftensdag'],
    ['2026-01-02', true, 'Friday after New Year'],
  ])('%s is a bank day: %s (%s)', (iso, expected) => {
    expect(isBankDay(date(iso))).toBe(expected);
  });

  it('a bank day is never a weekend or a closing day', () => {
    fc.assert(
      fc.property(anyDate, (day) => {
        if (isBankDay(day)) {
          expect(day.dayOfWeek).toBeLessThanOrEqual(5);
          expect(bankClosingDays(day.year).some((c) => c.date.equals(day))).toBe(false);
        }
      }),
    );
  });
});

describe('nthLastBankDay and lastBankDay', () => {
  it.each([
    [2020, 11, 5, '2020-11-24'],
    [2025, 5, 5, '2025-05-22'],
    [2020, 11, 1, '2020-11-30'],
    [2025, 5, 1, '2025-05-28'],
    [2025, 12, 1, '2025-12-30'],
    [2024, 3, 1, '2024-03-27'],
  ])('the %i-%i bank day number %i from the end is %s', (year, month, n, expected) => {
    expect(nthLastBankDay(year, month, n).toString()).toBe(expected);
  });

  it('the 5th-last bank day of November 2020 is a Tuesday and of May 2025 a Thursday', () => {
    expect(nthLastBankDay(2020, 11, 5).dayOfWeek).toBe(2);
    expect(nthLastBankDay(2025, 5, 5).dayOfWeek).toBe(4);
  });

  it.each([
    [2025, 5, '2025-05-28'],
    [2020, 11, '2020-11-30'],
  ])('the last bank day of %i-%i is %s', (year, month, expected) => {
    expect(lastBankDay(year, month).toString()).toBe(expected);
  });

  it.each([[0], [-1], [1.5]])('refuses n = %s', (n) => {
    expect(() => nthLastBankDay(2025, 5, n)).toThrow(RangeError);
  });

  it('refuses an n larger than the number of bank days in the month', () => {
    expect(() => nthLastBankDay(2025, 5, 25)).toThrow(RangeError);
  });

  it('the n-th last bank day is a bank day in the month with exactly n−1 bank days of the month after it', () => {
    fc.assert(
      fc.property(anyMonth, fc.integer({ min: 1, max: 15 }), ({ year, month }, n) => {
        const day = nthLastBankDay(year, month, n);
        const monthEnd = Temporal.PlainYearMonth.from({ year, month })
          .toPlainDate({ day: 1 })
          .with({ day: 31 });
        expect(isBankDay(day)).toBe(true);
        expect(day.year).toBe(year);
        expect(day.month).toBe(month);
        expect(bankDaysBetween(day, monthEnd)).toHaveLength(n);
      }),
    );
  });
});

describe('bankDaysBetween', () => {
  it('counts both ends and skips the Ascension closing days', () => {
    expect(bankDaysBetween(date('2025-05-27'), date('2025-06-02')).map(String)).toEqual([
      '2025-05-27',
      '2025-05-28',
      '2025-06-02',
    ]);
  });

  it('is empty when from is after to', () => {
    expect(bankDaysBetween(date('2025-06-02'), date('2025-06-01'))).toEqual([]);
  });

  it('returns only bank days, strictly in order, within the range', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -5, max: 60 }), (from, length) => {
        const to = from.add({ days: length });
        fc.pre(to.year <= 2200);
        const days = bankDaysBetween(from, to);
        days.forEach((day, index) => {
          expect(isBankDay(day)).toBe(true);
          expect(Temporal.PlainDate.compare(from, day)).toBeLessThanOrEqual(0);
          expect(Temporal.PlainDate.compare(day, to)).toBeLessThanOrEqual(0);
          const next = days[index + 1];
          if (next !== undefined) expect(Temporal.PlainDate.compare(day, next)).toBeLessThan(0);
        });
        const all = length < 0 ? 0 : length + 1;
        const skipped = Array.from({ length: all }, (_, i) => from.add({ days: i })).filter(
          (d) => !isBankDay(d),
        );
        expect(days.length + skipped.length).toBe(all);
      }),
    );
  });
});

describe('nextBankDay and previousBankDay', () => {
  it.each([
    ['2025-05-28', '2025-06-02', '2025-05-27'],
    ['2025-12-23', '2025-12-29', '2025-12-22'],
    ['2025-12-31', '2026-01-02', '2025-12-30'],
  ])('after %s comes %s; before it %s', (iso, next, previous) => {
    expect(nextBankDay(date(iso)).toString()).toBe(next);
    expect(previousBankDay(date(iso)).toString()).toBe(previous);
  });
});
