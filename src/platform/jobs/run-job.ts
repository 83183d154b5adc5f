/**
 * Runs one occurrence of a scheduled job exactly once: a `job_runs` row keyed by the occurrence marks it
 * started and finished, and a session advisory lock on the key keeps two workers from running it at the same
 * time. A run that crashed (started, not finished) is run again; its handlers are idempotent by their own
 * keys. graphile-worker, the simulated clock and `ydelse run` all call this.
 *
 * The monthly run and the payout are split into one part per municipality, each with a `job_runs` row and a
 * transaction of its own. A part that fails fails alone: its transaction is rolled back, the failure is
 * logged and recorded on its row with the time of its next automatic attempt, and the other parts go on.
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { municipalities, type MunicipalityCode } from '../../kernel/index.ts';
import type { Executor } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { Deps } from '../use-case.ts';
import { partKey, retryAt, splitJobs } from './domain/recovery.ts';
import type { Occurrence, ScheduledJob } from './domain/schedule.ts';

/** What a long run reports as it goes: `add` when it finds more work, `done` per unit of it. */
export interface RunProgress {
  add(units: number): void;
  done(label: string, outcome: RunOutcome): void;
}

/**
 * The work of a context for a job; returns a summary for the run log. With `municipality` it does only
 * that municipality's part (the monthly run and the payout are run in such parts).
 */
export type JobHandler = (
  deps: Deps,
  occurrence: Occurrence,
  municipality?: MunicipalityCode,
  progress?: RunProgress,
) => Promise<Record<string, unknown>>;

/** The municipalities with work in a split occurrence (all 98 when a job gives no such function). */
export type PartsOf = (deps: Deps, occurrence: Occurrence) => Promise<MunicipalityCode[]>;

/** Handlers per job, contributed by the contexts that give the job its work. */
export type JobHandlers = Readonly<Record<ScheduledJob, readonly JobHandler[]>> & {
  readonly parts?: Partial<Readonly<Record<ScheduledJob, PartsOf>>>;
};

/**
 * `koerer-allerede`: another worker holds the occurrence right now. `fejlet`: a handler threw; the run
 * is rolled back, recorded as failed and tried again at its `retry_at`.
 */
export type RunOutcome = 'koert' | 'allerede-koert' | 'koerer-allerede' | 'fejlet';

export interface RunOptions {
  readonly logger?: Logger;
  /** Only this municipality's part of a split occurrence. */
  readonly municipality?: MunicipalityCode | undefined;
  readonly progress?: RunProgress;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function claim(
  db: Executor,
  occurrence: Occurrence,
  started: string,
  part?: { parent: string; municipality: MunicipalityCode },
): Promise<boolean> {
  const claimed = await db
    .insertInto('job_runs')
    .values({
      key: occurrence.key,
      job: occurrence.job,
      scheduled_for: occurrence.at.toString(),
      started_at: started,
      parent: part?.parent ?? null,
      municipality: part?.municipality ?? null,
      attempts: 1,
    })
    .onConflict((conflict) =>
      conflict
        .column('key')
        .doUpdateSet((eb) => ({ started_at: started, attempts: eb('job_runs.attempts', '+', 1) }))
        .where('job_runs.finished_at', 'is', null),
    )
    .returning('key')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** Records a failed attempt and when the run is tried again by itself (null: only by hand). */
async function recordFailure(
  deps: Deps,
  key: string,
  error: unknown,
): Promise<{ attempts: number; retryAt: Temporal.Instant | null }> {
  const now = deps.clock.now();
  const row = await deps.db
    .selectFrom('job_runs')
    .select('attempts')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  const next = retryAt(now, row.attempts);
  await deps.db
    .updateTable('job_runs')
    .set({
      failed_at: now.toString(),
      error: message(error).slice(0, 2000),
      retry_at: next?.toString() ?? null,
    })
    .where('key', '=', key)
    .execute();
  return { attempts: row.attempts, retryAt: next };
}

/**
 * Runs one key under its advisory lock: claims it, runs `work`, records it finished; a thrown error is
 * recorded as a failure (the work's own transactions have rolled back) and gives `fejlet`.
 */
async function runLocked(
  deps: Deps,
  occurrence: Occurrence,
  options: RunOptions & {
    readonly part?: { parent: string; municipality: MunicipalityCode };
    readonly lock?: boolean;
  },
  work: () => Promise<Record<string, unknown> | 'allerede-koert'>,
  onClaimed?: (claimed: boolean) => Promise<Record<string, unknown> | 'allerede-koert'>,
): Promise<RunOutcome> {
  const { logger, part } = options;
  const body = async (connection: Executor): Promise<RunOutcome> => {
    const claimed = await claim(connection, occurrence, deps.clock.now().toString(), part);
    let outcome: Record<string, unknown> | 'allerede-koert';
    try {
      outcome = claimed ? await work() : onClaimed === undefined ? 'allerede-koert' : await onClaimed(false);
    } catch (error) {
      const failure = await recordFailure(deps, occurrence.key, error);
      logger?.error(
        {
          job: occurrence.job,
          key: occurrence.key,
          municipality: part?.municipality,
          attempts: failure.attempts,
          retryAt: failure.retryAt?.toString() ?? null,
          reason: message(error),
        },
        failure.retryAt === null
          ? 'kørsel fejlede; prøves ikke igen automatisk (ydelse run)'
          : 'kørsel fejlede; prøves igen',
      );
      return 'fejlet';
    }
    if (outcome === 'allerede-koert') return 'allerede-koert';
    await connection
      .updateTable('job_runs')
      .set({ finished_at: deps.clock.now().toString(), outcome: JSON.stringify(outcome), retry_at: null })
      .where('key', '=', occurrence.key)
      .execute();
    logger?.info(
      { job: occurrence.job, key: occurrence.key, municipality: part?.municipality, outcome },
      'kørsel færdig',
    );
    return 'koert';
  };
  // A split occurrence running its parts in-process takes no lock of its own: each part has its lock,
  // and holding a connection for the whole run would starve a small pool of the parts' connections.
  if (options.lock === false) return body(deps.db);
  return deps.db.connection().execute(async (connection) => {
    // Keyed by the schema too: two installations in one database (the scenario runner's files, run a few at
    // a time) must not take each other's run for their own.
    const lockKey = sql`hashtextextended(current_schema() || ':' || ${occurrence.key}, 0)`;
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_lock(${lockKey}) as locked`.execute(connection);
    if (rows[0]?.locked !== true) return 'koerer-allerede';
    try {
      return await body(connection);
    } finally {
      await sql`select pg_advisory_unlock(${lockKey})`.execute(connection);
    }
  });
}

async function runHandlers(
  deps: Deps,
  handlers: JobHandlers,
  occurrence: Occurrence,
  municipality?: MunicipalityCode,
  progress?: RunProgress,
): Promise<Record<string, unknown>> {
  const outcome: Record<string, unknown> = {};
  for (const [index, handler] of handlers[occurrence.job].entries()) {
    outcome[String(index)] = await handler(deps, occurrence, municipality, progress);
  }
  return outcome;
}

/** Runs one municipality's part of a split occurrence under the part's own key. */
export function runPart(
  deps: Deps,
  handlers: JobHandlers,
  occurrence: Occurrence,
  municipality: MunicipalityCode,
  options: RunOptions = {},
): Promise<RunOutcome> {
  const part = { ...occurrence, key: partKey(occurrence, municipality) };
  return runLocked(deps, part, { ...options, part: { parent: occurrence.key, municipality } }, () =>
    runHandlers(deps, handlers, occurrence, municipality),
  );
}

/** The keys' municipalities of the parts of a split occurrence that started and have not finished. */
async function unfinishedParts(deps: Deps, parent: string): Promise<MunicipalityCode[]> {
  const rows = await deps.db
    .selectFrom('job_runs')
    .select('municipality')
    .where('parent', '=', parent)
    .where('finished_at', 'is', null)
    .orderBy('municipality')
    .execute();
  return rows.flatMap((row) => (row.municipality === null ? [] : [row.municipality as MunicipalityCode]));
}

/** Runs the parts one after the other; each fails alone. */
async function runParts(
  deps: Deps,
  handlers: JobHandlers,
  occurrence: Occurrence,
  parts: readonly MunicipalityCode[],
  options: RunOptions,
): Promise<Record<string, unknown>> {
  options.progress?.add(parts.length);
  const byOutcome: Partial<Record<RunOutcome, MunicipalityCode[]>> = {};
  for (const municipality of parts) {
    const outcome = await runPart(deps, handlers, occurrence, municipality, options);
    (byOutcome[outcome] ??= []).push(municipality);
    options.progress?.done(municipality, outcome);
  }
  return { parts: parts.length, ...byOutcome };
}

/**
 * Runs the occurrence unless it already finished or is running; records start, end and each handler's
 * summary. A split occurrence runs its parts here one after the other (the simulated clock, `ydelse run`);
 * once it has finished, running it again runs the parts that have not finished (a retry by hand).
 */
export async function runScheduledJob(
  deps: Deps,
  handlers: JobHandlers,
  occurrence: Occurrence,
  options: RunOptions = {},
): Promise<RunOutcome> {
  if (!splitJobs.has(occurrence.job)) {
    return runLocked(deps, occurrence, options, () =>
      runHandlers(deps, handlers, occurrence, undefined, options.progress),
    );
  }
  if (options.municipality !== undefined) {
    const outcome = await runPart(deps, handlers, occurrence, options.municipality, options);
    options.progress?.add(1);
    options.progress?.done(options.municipality, outcome);
    return outcome;
  }
  return runLocked(
    deps,
    occurrence,
    { ...options, lock: false },
    async () => {
      const lister = handlers.parts?.[occurrence.job];
      const parts = lister === undefined ? municipalities.map((m) => m.code) : await lister(deps, occurrence);
      return runParts(deps, handlers, occurrence, parts, options);
    },
    async () => {
      const parts = await unfinishedParts(deps, occurrence.key);
      if (parts.length === 0) return 'allerede-koert';
      const retried = await runParts(deps, handlers, occurrence, parts, options);
      const before = await deps.db
        .selectFrom('job_runs')
        .select('outcome')
        .where('key', '=', occurrence.key)
        .executeTakeFirst();
      return { ...before?.outcome, gentaget: retried };
    },
  );
}

/** Whether an occurrence has finished, with every part of a split one. */
export async function isFinished(deps: Deps, key: string): Promise<boolean> {
  const row = await deps.db
    .selectFrom('job_runs')
    .select((eb) => [
      'finished_at',
      eb
        .selectFrom('job_runs as p')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('p.parent', '=', 'job_runs.key')
        .where('p.finished_at', 'is', null)
        .as('open_parts'),
    ])
    .where('key', '=', key)
    .executeTakeFirst();
  return row !== undefined && row.finished_at !== null && Number(row.open_parts ?? 0) === 0;
}

/** A run that failed and is due to be tried again by itself. */
export interface DueRetry {
  readonly occurrence: Occurrence;
  readonly municipality?: MunicipalityCode | undefined;
  readonly retryAt: Temporal.Instant;
}

/** Failed runs whose next attempt is at or before `until`, earliest first. */
export async function dueRetries(deps: Deps, until: Temporal.Instant): Promise<DueRetry[]> {
  const rows = await deps.db
    .selectFrom('job_runs')
    .select(['key', 'job', 'scheduled_for', 'parent', 'municipality', 'retry_at'])
    .where('finished_at', 'is', null)
    .where('retry_at', '<=', new Date(until.epochMilliseconds))
    .orderBy('retry_at')
    .orderBy('key')
    .execute();
  return rows.flatMap((row) => {
    if (row.retry_at === null) return [];
    const job = row.job as ScheduledJob;
    const at = Temporal.Instant.fromEpochMilliseconds(row.scheduled_for.getTime());
    const retry = Temporal.Instant.fromEpochMilliseconds(row.retry_at.getTime());
    return row.parent === null
      ? [{ occurrence: { job, at, key: row.key }, retryAt: retry }]
      : [
          {
            occurrence: { job, at, key: row.parent },
            municipality: (row.municipality ?? undefined) as MunicipalityCode | undefined,
            retryAt: retry,
          },
        ];
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
      attempts: 1,
    })
    // An occurrence an interrupted in-process run started (`ydelse run`) is finished by the split as well.
    .onConflict((conflict) =>
      conflict
        .column('key')
        .doUpdateSet({ finished_at: now, outcome: JSON.stringify({ parts }) })
        .where('job_runs.finished_at', 'is', null),
    )
    .execute();
}
