/** The simulated clock's side of scheduling: advancing time runs every job that falls due, in order. */
import type { Temporal } from 'temporal-polyfill';
import type { SimulatedClock } from '../../kernel/index.ts';
import type { Deps } from '../use-case.ts';
import { occurrencesBetween, type Occurrence } from './domain/schedule.ts';
import { runScheduledJob, type JobHandlers } from './run-job.ts';

/**
 * Moves the clock to `until`, stopping at each due occurrence to run it at its own instant, exactly as the
 * worker would. Returns the occurrences run.
 */
export async function advanceClock(
  deps: Deps & { readonly clock: SimulatedClock },
  handlers: JobHandlers,
  until: Temporal.Instant,
): Promise<Occurrence[]> {
  const due = occurrencesBetween(deps.clock.now(), until);
  for (const occurrence of due) {
    deps.clock.advanceTo(occurrence.at);
    await runScheduledJob(deps, handlers, occurrence);
  }
  deps.clock.advanceTo(until);
  return due;
}
