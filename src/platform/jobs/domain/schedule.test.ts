import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { occurrencesBetween, occurrencesOn } from './schedule.ts';

const instant = (text: string) => Temporal.Instant.from(text);

describe('the schedule of the scheduled jobs', () => {
  it.each([
    // KY conversion webinar: the 5th-last bank day of November 2020 is Tuesday 24 November, 18:00 local (CET).
    ['2020-11-24', 'maanedskoersel', '2020-11-24T17:00:00Z', 'maanedskoersel:2020-11'],
    // May 2025: 29 May is Ascension and 30 May a bank closing day, so the run is Thursday 22 May (CEST).
    ['2025-05-22', 'maanedskoersel', '2025-05-22T16:00:00Z', 'maanedskoersel:2025-05'],
    ['2020-11-30', 'udbetaling', '2020-11-30T05:00:00Z', 'udbetaling:2020-11'],
    ['2025-05-28', 'udbetaling', '2025-05-28T04:00:00Z', 'udbetaling:2025-05'],
  ])('on %s the %s runs at %s', (date, job, at, key) => {
    const found = occurrencesOn(Temporal.PlainDate.from(date)).find((o) => o.job === job);
    expect(found?.at.toString()).toBe(at);
    expect(found?.key).toBe(key);
  });

  it.each([
    ['2025-03-30', '2025-03-30T02:00:00Z'],
    ['2025-10-26', '2025-10-26T03:00:00Z'],
    ['2025-06-15', '2025-06-15T02:00:00Z'],
    ['2025-01-15', '2025-01-15T03:00:00Z'],
  ])('the daily move run on %s is at 04:00 local (%s), also on daylight-saving days', (date, at) => {
    const daily = occurrencesOn(Temporal.PlainDate.from(date)).filter((o) => o.job === 'daglig-flytning');
    expect(daily.map((o) => o.at.toString())).toEqual([at]);
  });

  it('a day that is neither run day has only the daily run', () => {
    expect(occurrencesOn(Temporal.PlainDate.from('2025-05-21')).map((o) => o.job)).toEqual([
      'daglig-flytning',
    ]);
  });

  it('each month has exactly one monthly run and one payout, the run before the payout', () => {
    for (let month = 1; month <= 12; month += 1) {
      const start = Temporal.ZonedDateTime.from({ year: 2026, month, day: 1, timeZone: 'Europe/Copenhagen' });
      const found = occurrencesBetween(start.toInstant(), start.add({ months: 1 }).toInstant());
      const runs = found.filter((o) => o.job === 'maanedskoersel');
      const payouts = found.filter((o) => o.job === 'udbetaling');
      expect(runs).toHaveLength(1);
      expect(payouts).toHaveLength(1);
      expect(Temporal.Instant.compare(runs[0]!.at, payouts[0]!.at)).toBe(-1);
    }
  });

  it('occurrences between two instants are in order, inside the range, and splitting the range changes nothing', () => {
    const base = instant('2019-01-01T00:00:00Z').epochMilliseconds;
    const moment = fc
      .integer({ min: 0, max: 8 * 365 * 24 * 60 })
      .map((minutes) => Temporal.Instant.fromEpochMilliseconds(base + minutes * 60_000));
    fc.assert(
      fc.property(
        moment,
        fc.integer({ min: 0, max: 60 * 24 * 60 }),
        fc.integer({ min: 0, max: 100 }),
        (from, span, cut) => {
          const to = from.add({ minutes: span });
          const middle = from.add({ minutes: Math.floor((span * cut) / 100) });
          const whole = occurrencesBetween(from, to);
          for (const [index, occurrence] of whole.entries()) {
            expect(Temporal.Instant.compare(occurrence.at, from)).toBe(1);
            expect(Temporal.Instant.compare(occurrence.at, to)).toBeLessThanOrEqual(0);
            if (index > 0) expect(Temporal.Instant.compare(whole[index - 1]!.at, occurrence.at)).toBe(-1);
          }
          const split = [...occurrencesBetween(from, middle), ...occurrencesBetween(middle, to)];
          expect(split.map((o) => o.key)).toEqual(whole.map((o) => o.key));
        },
      ),
      { numRuns: 200 },
    );
  });
});
