import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { amountForMonth, coversMonth, daysCovered, firstCoveredMonth, type GrantPeriod } from './case.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const ym = (text: string) => Temporal.PlainYearMonth.from(text);
const grant = (from: string, to: string | null = null): GrantPeriod => ({
  from: d(from),
  to: to === null ? null : d(to),
});

const anyDay = fc.integer({ min: 0, max: 12 * 366 }).map((days) => d('2019-01-01').add({ days }));
const anyBoundedGrant: fc.Arbitrary<GrantPeriod> = fc
  .tuple(anyDay, fc.integer({ min: 0, max: 3 * 366 }))
  .map(([from, length]) => ({ from, to: from.add({ days: length }) }));
const anyMonthly = fc.integer({ min: 0, max: 100_000_000 });

/** Every month from the grant's first to its last. */
function monthsOf(period: GrantPeriod & { to: Temporal.PlainDate }): Temporal.PlainYearMonth[] {
  const months: Temporal.PlainYearMonth[] = [];
  const last = period.to.toPlainYearMonth();
  for (
    let month = period.from.toPlainYearMonth();
    Temporal.PlainYearMonth.compare(month, last) <= 0;
    month = month.add({ months: 1 })
  ) {
    months.push(month);
  }
  return months;
}

describe('days of a month a grant covers', () => {
  it.each<[string, GrantPeriod, string, number]>([
    ['a whole 31-day month of an open-ended grant', grant('2024-12-01'), '2025-01', 31],
    ['leap February', grant('2024-01-01'), '2024-02', 29],
    ['February of a common year', grant('2024-01-01'), '2025-02', 28],
    ['a grant starting mid-month (the 10th of 31 days)', grant('2025-03-10'), '2025-03', 22],
    ['a grant ending mid-month (the 10th)', grant('2025-01-01', '2025-03-10'), '2025-03', 10],
    ['a grant starting and ending in the month', grant('2025-03-10', '2025-03-20'), '2025-03', 11],
    ['a one-day grant', grant('2025-03-31', '2025-03-31'), '2025-03', 1],
    ['a grant starting on 29 February', grant('2024-02-29'), '2024-02', 1],
    ['a grant starting after the month', grant('2025-04-01'), '2025-03', 0],
    ['a grant ended before the month', grant('2025-01-01', '2025-02-28'), '2025-03', 0],
    ['a grant ending the day before the month', grant('2025-01-01', '2025-02-28'), '2025-03', 0],
  ])('%s: %i days', (_name, period, month, days) => {
    expect(daysCovered(period, ym(month))).toBe(days);
    expect(coversMonth(period, ym(month))).toBe(days > 0);
  });
});

describe('the amount of a month (our rule: full month the monthly amount, else pro rata, half up)', () => {
  it.each<[string, number, GrantPeriod, string, number]>([
    ['a full month pays the monthly amount', 1234567, grant('2024-01-01'), '2024-02', 1234567],
    ['22 of 31 days of 3100.00 is 2200.00', 310000, grant('2025-03-10'), '2025-03', 220000],
    ['15 of 29 days of leap February: 2900.00 → 1500.00', 290000, grant('2024-02-15'), '2024-02', 150000],
    ['14 of 28 days of February: 2800.00 → 1400.00', 280000, grant('2025-02-15'), '2025-02', 140000],
    [
      'ending on the 10th of a 30-day month: 2000.00 → 666.67',
      200000,
      grant('2025-05-16', '2025-06-10'),
      '2025-06',
      66667,
    ],
    ['16 of 31 days of 2000.00 is 1032.26', 200000, grant('2025-05-16', '2025-06-10'), '2025-05', 103226],
    ['half an øre rounds up: 1 øre for 15 of 30 days', 1, grant('2025-06-16'), '2025-06', 1],
    ['a month the grant does not cover pays nothing', 310000, grant('2025-04-01'), '2025-03', 0],
  ])('%s', (_name, monthly, period, month, amount) => {
    expect(amountForMonth(monthly, period, ym(month))).toBe(amount);
  });

  it('the days covered over the months of a grant add up to its length in days', () => {
    fc.assert(
      fc.property(anyBoundedGrant, (period) => {
        const to = period.to!;
        const total = monthsOf({ ...period, to }).reduce((sum, month) => sum + daysCovered(period, month), 0);
        expect(total).toBe(period.from.until(to).days + 1);
        // And no day outside the grant: the months around it are not covered.
        expect(daysCovered(period, period.from.toPlainYearMonth().subtract({ months: 1 }))).toBe(0);
        expect(daysCovered(period, to.toPlainYearMonth().add({ months: 1 }))).toBe(0);
      }),
    );
  });

  it('a full month pays exactly the monthly amount, and a part never more', () => {
    fc.assert(
      fc.property(anyMonthly, anyBoundedGrant, fc.integer({ min: -2, max: 40 }), (monthly, period, index) => {
        const month = period.from.toPlainYearMonth().add({ months: index });
        const amount = amountForMonth(monthly, period, month);
        const days = daysCovered(period, month);
        expect(amount).toBeGreaterThanOrEqual(0);
        expect(amount).toBeLessThanOrEqual(monthly);
        if (days === month.daysInMonth) expect(amount).toBe(monthly);
        if (days === 0) expect(amount).toBe(0);
      }),
    );
  });
});

describe('the first month from a given one that a grant covers', () => {
  it.each<[string, GrantPeriod, string, string | undefined]>([
    ['a running grant: the given month', grant('2025-01-01'), '2025-05', '2025-05'],
    ['a grant starting later: its first month', grant('2025-07-15'), '2025-05', '2025-07'],
    [
      'a grant starting mid-month of the given month',
      grant('2025-05-20', '2025-05-25'),
      '2025-05',
      '2025-05',
    ],
    ['a grant ending in the given month', grant('2025-01-01', '2025-05-01'), '2025-05', '2025-05'],
    ['a grant that ended before: none', grant('2025-01-01', '2025-04-30'), '2025-05', undefined],
  ])('%s', (_name, period, month, expected) => {
    expect(firstCoveredMonth(period, ym(month))?.toString()).toBe(expected);
  });

  it('is never before the given month, and is covered', () => {
    fc.assert(
      fc.property(anyBoundedGrant, anyDay, (period, day) => {
        const month = day.toPlainYearMonth();
        const first = firstCoveredMonth(period, month);
        const endsBefore = Temporal.PlainYearMonth.compare(period.to!.toPlainYearMonth(), month) < 0;
        expect(first === undefined).toBe(endsBefore);
        if (first !== undefined) {
          expect(Temporal.PlainYearMonth.compare(first, month)).toBeGreaterThanOrEqual(0);
          expect(coversMonth(period, first)).toBe(true);
        }
      }),
    );
  });
});
