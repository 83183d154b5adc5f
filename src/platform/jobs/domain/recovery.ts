/**
 * How a run recovers, decided without I/O: when a failed part is tried again, which runs are split into
 * parts, and what `ydelse run` does with an occurrence at a given moment.
 */
import { Temporal } from 'temporal-polyfill';
import { formatLocalDateTime } from '../../../kernel/index.ts';
import type { Occurrence, ScheduledJob } from './schedule.ts';

/** The runs that are split into one part per municipality (domain §4: a run per municipality). */
export const splitJobs: ReadonlySet<ScheduledJob> = new Set(['maanedskoersel', 'udbetaling']);

/** The key of one municipality's part of a split occurrence: `maanedskoersel:2025-05:101`. */
export const partKey = (occurrence: Occurrence, municipality: string): string =>
  `${occurrence.key}:${municipality}`;

/** Automatic attempts before a failing run waits for an operator (`ydelse run`). */
export const MAX_AUTOMATIC_ATTEMPTS = 10;
const FIRST_DELAY_MINUTES = 1;
const MAX_DELAY_MINUTES = 60;

/**
 * When a run that failed on its `attempts`-th attempt is tried again by itself: 1, 2, 4, ... minutes after
 * the failure, at most an hour apart; none after the 10th attempt (about 4 hours in all).
 */
export function retryAt(failedAt: Temporal.Instant, attempts: number): Temporal.Instant | null {
  if (attempts >= MAX_AUTOMATIC_ATTEMPTS) return null;
  const minutes = Math.min(FIRST_DELAY_MINUTES * 2 ** Math.max(attempts - 1, 0), MAX_DELAY_MINUTES);
  return failedAt.add({ minutes });
}

/** What `ydelse run` does with the occurrence of the period asked for. */
export type ManualRun =
  | { readonly kind: 'koer'; readonly occurrence: Occurrence; readonly forced: boolean }
  | { readonly kind: 'ikke-forfalden'; readonly occurrence: Occurrence }
  | { readonly kind: 'allerede-koert'; readonly occurrence: Occurrence };

/**
 * A run is due from its instant. A due run that has not finished (or has a part that has not) is run under
 * its own key, so the regular run and the manual one are the same run. `force` runs it now otherwise
 * too, under a key of its own (`maanedskoersel:2025-05:tvunget:2025-05-10T12:00`): the regular run still
 * comes at its time, and since every run is idempotent by the lines' states, whatever the forced run did
 * is not done again.
 */
export function decideManualRun(input: {
  readonly occurrence: Occurrence;
  readonly now: Temporal.Instant;
  readonly finished: boolean;
  readonly force: boolean;
}): ManualRun {
  const { occurrence, now, finished, force } = input;
  const due = Temporal.Instant.compare(now, occurrence.at) >= 0;
  if (due && !finished) return { kind: 'koer', occurrence, forced: false };
  if (force) {
    return {
      kind: 'koer',
      forced: true,
      occurrence: { ...occurrence, key: `${occurrence.key}:tvunget:${formatLocalDateTime(now)}` },
    };
  }
  return due ? { kind: 'allerede-koert', occurrence } : { kind: 'ikke-forfalden', occurrence };
}
