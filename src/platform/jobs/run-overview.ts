/**
 * The runs as the system owner sees them (the Kørsler page): the latest runs with their parts, the failed
 * runs and parts, and when each scheduled job runs next. The same read as `ydelse run status` and
 * `GET /api/runs` (`listRuns`), as a use case of the action `koersel`.
 */
import type { Temporal } from 'temporal-polyfill';
import { localDate, ok, type Result } from '../../kernel/index.ts';
import type { Actor } from '../actor.ts';
import { runUseCase, type Channel, type Deps } from '../use-case.ts';
import {
  dailyOccurrence,
  monthlyOccurrence,
  nextDailyRunDate,
  nextRunMonth,
  type Occurrence,
  type ScheduledJob,
} from './domain/schedule.ts';
import { listRuns, type RunsOverview } from './run-status.ts';

/** The payout of the current month until it has started, else next month's. */
export function nextPayout(now: Temporal.Instant): Occurrence {
  const month = localDate(now).toPlainYearMonth();
  const thisMonth = monthlyOccurrence('udbetaling', month);
  return now.epochMilliseconds < thisMonth.at.epochMilliseconds
    ? thisMonth
    : monthlyOccurrence('udbetaling', month.add({ months: 1 }));
}

/** Each scheduled job's first occurrence strictly after `now`. */
export function nextOccurrences(now: Temporal.Instant): Record<ScheduledJob, Occurrence> {
  return {
    'daglig-flytning': dailyOccurrence(nextDailyRunDate(now)),
    maanedskoersel: monthlyOccurrence('maanedskoersel', nextRunMonth(now)),
    udbetaling: nextPayout(now),
  };
}

export interface RunOverview extends RunsOverview {
  /** Each scheduled job's next occurrence after now. */
  readonly next: Readonly<Record<ScheduledJob, Occurrence>>;
}

/** The `limit` latest runs, every failed run or part still unfinished, and the next occurrences. */
export function getRunOverview(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  options: { readonly limit: number },
): Promise<Result<RunOverview>> {
  return runUseCase(deps, actor, channel, 'koersel', async (context) =>
    ok({ ...(await listRuns(context.tx, options)), next: nextOccurrences(context.now) }),
  );
}
