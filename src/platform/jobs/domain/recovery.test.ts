import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { decideManualRun, MAX_AUTOMATIC_ATTEMPTS, retryAt } from './recovery.ts';
import { dailyOccurrence, monthlyOccurrence } from './schedule.ts';

const at = Temporal.Instant.from('2025-05-22T16:00:00Z');

describe('retrying a failed run', () => {
  it('backs off 1, 2, 4 ... minutes, at most an hour, and stops after the tenth attempt', () => {
    const delays = Array.from({ length: MAX_AUTOMATIC_ATTEMPTS + 1 }, (_, i) => {
      const next = retryAt(at, i + 1);
      return next === null ? null : next.since(at).total('minutes');
    });
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, null, null]);
  });
});

describe('ydelse run decides', () => {
  const may = monthlyOccurrence('maanedskoersel', Temporal.PlainYearMonth.from('2025-05'));

  it('runs a due, unfinished run under its own key', () => {
    expect(decideManualRun({ occurrence: may, now: may.at, finished: false, force: false })).toEqual({
      kind: 'koer',
      occurrence: may,
      forced: false,
    });
  });

  it('refuses a run before its instant, and runs it under a key of its own with force', () => {
    const before = may.at.subtract({ hours: 1 });
    expect(decideManualRun({ occurrence: may, now: before, finished: false, force: false }).kind).toBe(
      'ikke-forfalden',
    );
    const forced = decideManualRun({ occurrence: may, now: before, finished: false, force: true });
    expect(forced).toMatchObject({
      kind: 'koer',
      forced: true,
      occurrence: { key: 'maanedskoersel:2025-05:tvunget:2025-05-22T17:00', at: may.at },
    });
  });

  it('does nothing for a finished run unless forced', () => {
    const day = dailyOccurrence(Temporal.PlainDate.from('2025-05-07'));
    const later = day.at.add({ hours: 3 });
    expect(decideManualRun({ occurrence: day, now: later, finished: true, force: false }).kind).toBe(
      'allerede-koert',
    );
    expect(decideManualRun({ occurrence: day, now: later, finished: true, force: true })).toMatchObject({
      kind: 'koer',
      occurrence: { key: 'daglig-flytning:2025-05-07:tvunget:2025-05-07T07:00' },
    });
  });
});
