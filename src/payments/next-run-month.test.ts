import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { monthlyRunInstant, nextRunMonth } from '../platform/jobs/domain/schedule.ts';

const instant = (text: string) => Temporal.Instant.from(text);
const anyInstant = fc
  .integer({ min: 0, max: 8 * 365 * 24 * 60 })
  .map((minutes) => instant('2019-01-01T00:00:00Z').add({ minutes }));

describe('the month whose monthly run comes next (18:00 on the 5th-last bank day)', () => {
  it.each([
    ['2020-11', '2020-11-24T17:00:00Z'],
    ['2020-12', '2020-12-22T17:00:00Z'],
    ['2025-05', '2025-05-22T16:00:00Z'],
  ])('the run of %s starts at %s', (month, at) => {
    expect(monthlyRunInstant(Temporal.PlainYearMonth.from(month)).toString()).toBe(at);
  });

  it.each([
    ['the start of the month', '2020-11-01T00:00:00Z', '2020-11'],
    ['the morning of the run day', '2020-11-24T05:00:00Z', '2020-11'],
    ['17:59 on the run day (24 Nov 2020)', '2020-11-24T16:59:00Z', '2020-11'],
    ['17:59:59.999 on the run day', '2020-11-24T16:59:59.999Z', '2020-11'],
    ['18:00 on the run day: the run has started, so the next month', '2020-11-24T17:00:00Z', '2020-12'],
    ['after the run, before the month ends', '2020-11-30T22:59:00Z', '2020-12'],
    ['after the December run: the next year', '2020-12-22T17:00:00Z', '2021-01'],
    ['New Year’s Eve, local time already in January', '2020-12-31T23:30:00Z', '2021-01'],
    ['18:00 summer time on the May 2025 run day', '2025-05-22T16:00:00Z', '2025-06'],
    ['17:59 summer time on the May 2025 run day', '2025-05-22T15:59:00Z', '2025-05'],
  ])('%s → %s', (_name, now, month) => {
    expect(nextRunMonth(instant(now)).toString()).toBe(month);
  });

  it('is the month whose run is the first to start after the instant', () => {
    fc.assert(
      fc.property(anyInstant, (now) => {
        const month = nextRunMonth(now);
        expect(Temporal.Instant.compare(monthlyRunInstant(month), now)).toBe(1);
        expect(
          Temporal.Instant.compare(monthlyRunInstant(month.subtract({ months: 1 })), now),
        ).toBeLessThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});
