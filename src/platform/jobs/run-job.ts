/**
 * Runs one occurrence of a scheduled job exactly once: a `job_runs` row keyed by the occurrence marks it
 * started and finished, and a session advisory lock on the key keeps two workers from running it at the same
 * time. A run that crashed (started, not finished) is run again; its handlers are idempotent by their own
 * keys. graphile-worker and the simulated clock both call this.
 */
import { sql } from 'kysely';
import type { MunicipalityCode } from '../../kernel/index.ts';
import type { Executor } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { Deps } from '../use-case.ts';
import type { Occurrence, ScheduledJob } from './domain/schedule.ts';

/**
 * The work of a context for a job; returns a summary for the run log. With `municipality` it does only
 * that municipality's part (the worker splits the monthly run and the payout into such parts).
 */
export type JobHandler = (
  deps: Deps,
  occurrence: Occurrence,
  municipality?: MunicipalityCode,
) => Promise<Record<string, unknown>>;

/** Handlers per job, contributed by the contexts that give the job its work. */
export type JobHandlers = Readonly<Record<ScheduledJob, readonly JobHandler[]>>;

/** `koerer-allerede`: another worker holds the occurrence right now. */
export type RunOutcome = 'koert' | 'allerede-koert' | 'koerer-allerede';

async function claim(db: Executor, occurrence: Occurrence, started: string): Promise<boolean> {
  const claimed = await db
    .insertInto('job_runs')
    .values({
      key: occurrence.key,
      job: occurrence.job,
      scheduled_for: occurrence.at.toString(),
      started_at: started,
    })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({ started_at: started }).where('job_runs.finished_at', 'is', null),
    )
    .returning('key')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** Runs the occurrence unless it already finished or is running; records start, end and each handler's summary. */
export async function runScheduledJob(
  deps: Deps,
  handlers: JobHandlers,
  occurrence: Occurrence,
  logger?: Logger,
  municipality?: MunicipalityCode,
): Promise<RunOutcome> {
  return deps.db.connection().execute(async (connection) => {
    const lockKey = sql`hashtextextended(${occurrence.key}, 0)`;
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_lock(${lockKey}) as locked`.execute(connection);
    if (rows[0]?.locked !== true) return 'koerer-allerede';
    try {
      if (!(await claim(connection, occurrence, deps.clock.now().toString()))) return 'allerede-koert';
      const outcome: Record<string, unknown> = {};
      for (const [index, handler] of handlers[occurrence.job].entries()) {
        outcome[String(index)] = await handler(deps, occurrence, municipality);
      }
      await connection
        .updateTable('job_runs')
        .set({ finished_at: deps.clock.now().toString(), outcome: JSON.stringify(outcome) })
        .where('key', '=', occurrence.key)
        .execute();
      logger?.info({ job: occurrence.job, key: occurrence.key, outcome }, 'kørsel færdig');
      return 'koert';
    } finally {
      await sql`select pg_advisory_unlock(${lockKey})`.execute(connection);
    }
  });
}

/** Keys of the given occurrences that have already finished. */
export async function finishedKeys(deps: Deps, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await deps.db
    .selectFrom('job_runs')
    .select('key')
    .where('key', 'in', keys)
    .where('finished_at', 'is not', null)
    .execute();
  return new Set(rows.map((row) => row.key));
}

/** Records that an occurrence was split into per-municipality parts (each part has a run of its own). */
export async function recordSplit(deps: Deps, occurrence: Occurrence, parts: number): Promise<void> {
  const now = deps.clock.now().toString();
  await deps.db
    .insertInto('job_runs')
    .values({
      key: occurrence.key,
      job: occurrence.job,
      scheduled_for: occurrence.at.toString(),
      started_at: now,
      finished_at: now,
      outcome: JSON.stringify({ parts }),
    })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
}
