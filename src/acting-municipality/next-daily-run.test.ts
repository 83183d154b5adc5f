import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { atLocalTime } from '../kernel/index.ts';
import { nextDailyRunDate } from '../platform/jobs/domain/schedule.ts';

const instant = (text: string) => Temporal.Instant.from(text);
const anyInstant = fc
  .integer({ min: 0, max: 8 * 365 * 24 * 60 })
  .map((minutes) => instant('2019-01-01T00:00:00Z').add({ minutes }));

describe('the date of the next 04:00 run, when a change takes effect', () => {
  it.each([
    ['03:59 summer time: today', '2025-05-05T01:59:00Z', '2025-05-05'],
    ['04:00 summer time: the run has happened, tomorrow', '2025-05-05T02:00:00Z', '2025-05-06'],
    ['09:00: tomorrow', '2025-05-05T07:00:00Z', '2025-05-06'],
    ['23:30 local: tomorrow', '2025-05-05T21:30:00Z', '2025-05-06'],
    ['00:30 local (still the day before in UTC): today', '2025-05-05T22:30:00Z', '2025-05-06'],
    ['03:59 winter time: today', '2025-01-15T02:59:00Z', '2025-01-15'],
    ['04:00 winter time: tomorrow', '2025-01-15T03:00:00Z', '2025-01-16'],
    ['spring-forward day, 01:30 winter time: today', '2025-03-30T00:30:00Z', '2025-03-30'],
    ['spring-forward day, 03:59 summer time: today', '2025-03-30T01:59:00Z', '2025-03-30'],
    ['spring-forward day, 04:00 summer time: tomorrow', '2025-03-30T02:00:00Z', '2025-03-31'],
    ['fall-back day, the second 02:30: today', '2025-10-26T01:30:00Z', '2025-10-26'],
    ['fall-back day, 03:59 winter time: today', '2025-10-26T02:59:00Z', '2025-10-26'],
    ['fall-back day, 04:00 winter time: tomorrow', '2025-10-26T03:00:00Z', '2025-10-27'],
    ['the monthly run day at 18:00 (24 Nov 2020): tomorrow', '2020-11-24T17:00:00Z', '2020-11-25'],
  ])('%s', (_name, now, date) => {
    expect(nextDailyRunDate(instant(now)).toString()).toBe(date);
  });

  it('is the date of the first 04:00 run strictly after the instant', () => {
    fc.assert(
      fc.property(anyInstant, (now) => {
        const date = nextDailyRunDate(now);
        expect(Temporal.Instant.compare(atLocalTime(date, 4), now)).toBe(1);
        expect(Temporal.Instant.compare(atLocalTime(date.subtract({ days: 1 }), 4), now)).toBeLessThanOrEqual(
          0,
        );
      }),
      { numRuns: 500 },
    );
  });
});
