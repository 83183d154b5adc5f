/** The simulated clock's side of scheduling: advancing time runs every job that falls due, in order. */
import { Temporal } from 'temporal-polyfill';
import type { SimulatedClock } from '../../kernel/index.ts';
import type { Deps } from '../use-case.ts';
import { occurrencesBetween, type Occurrence } from './domain/schedule.ts';
import { dueRetries, runScheduledJob, type DueRetry, type JobHandlers } from './run-job.ts';

/**
 * Moves the clock to `until`, stopping at each due occurrence to run it at its own instant, exactly as the
 * worker would, and at each failed run's retry time to try it again. Returns the occurrences run.
 */
export async function advanceClock(
  deps: Deps & { readonly clock: SimulatedClock },
  handlers: JobHandlers,
  until: Temporal.Instant,
): Promise<Occurrence[]> {
  const due = occurrencesBetween(deps.clock.now(), until);
  // A retry another session holds keeps its time; it is not tried twice.
  const tried = new Set<string>();
  const id = (r: DueRetry) => `${r.occurrence.key}:${r.municipality ?? ''}@${r.retryAt.toString()}`;
  let next = 0;
  for (;;) {
    const occurrence = due[next];
    const horizon = occurrence?.at ?? until;
    const retry = (await dueRetries(deps, horizon)).find((r) => !tried.has(id(r)));
    if (retry !== undefined) {
      tried.add(id(retry));
      if (Temporal.Instant.compare(retry.retryAt, deps.clock.now()) > 0) deps.clock.advanceTo(retry.retryAt);
      await runScheduledJob(deps, handlers, retry.occurrence, { municipality: retry.municipality });
      continue;
    }
    if (occurrence === undefined) break;
    deps.clock.advanceTo(occurrence.at);
    await runScheduledJob(deps, handlers, occurrence);
    next += 1;
  }
  deps.clock.advanceTo(until);
  return due;
}
