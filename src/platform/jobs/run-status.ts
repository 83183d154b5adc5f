/**
 * The operator's view of the runs (`ydelse run status`, `GET /api/runs`): the latest runs with how many of
 * their parts finished, and every run or part that failed and has not finished since.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** A run or part that failed and has not finished since. */
export interface FailedRun {
  readonly key: string;
  readonly job: string;
  /** The split run it is a part of, and the part's municipality. */
  readonly parent: string | null;
  readonly municipality: string | null;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: string;
  /** When it is tried again by itself; null when only `ydelse run` will. */
  readonly retryAt: string | null;
}

export interface RunStatus {
  readonly key: string;
  readonly job: string;
  readonly scheduledFor: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** For a split run: its parts, how many finished, failed, or have not finished yet (running or queued). */
  readonly parts: { total: number; finished: number; failed: number; open: number } | null;
}

export interface RunsOverview {
  readonly runs: RunStatus[];
  readonly failed: FailedRun[];
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

/** The `limit` latest runs (newest scheduled first) and every failed run or part still unfinished. */
export async function listRuns(db: Db, options: { limit: number }): Promise<RunsOverview> {
  const rows = await sql<{
    key: string;
    job: string;
    scheduled_for: Date;
    started_at: Date;
    finished_at: Date | null;
    outcome: Record<string, unknown> | null;
    started_parts: string;
    finished_parts: string;
    failed_parts: string;
  }>`
    select r.key, r.job, r.scheduled_for, r.started_at, r.finished_at, r.outcome,
           count(p.key) as started_parts,
           count(p.finished_at) as finished_parts,
           count(p.key) filter (where p.finished_at is null and p.failed_at is not null) as failed_parts
    from job_runs r left join job_runs p on p.parent = r.key
    where r.parent is null
    group by r.key
    order by r.scheduled_for desc, r.key
    limit ${options.limit}`.execute(db);
  const failed = await db
    .selectFrom('job_runs')
    .select(['key', 'job', 'parent', 'municipality', 'attempts', 'error', 'failed_at', 'retry_at'])
    .where('finished_at', 'is', null)
    .where('failed_at', 'is not', null)
    .orderBy('failed_at', 'desc')
    .orderBy('key')
    .limit(1000)
    .execute();
  return {
    runs: rows.rows.map((row) => {
      const started = Number(row.started_parts);
      const planned = typeof row.outcome?.parts === 'number' ? row.outcome.parts : started;
      const total = Math.max(planned, started);
      const finished = Number(row.finished_parts);
      return {
        key: row.key,
        job: row.job,
        scheduledFor: row.scheduled_for.toISOString(),
        startedAt: row.started_at.toISOString(),
        finishedAt: iso(row.finished_at),
        parts:
          total === 0 && row.outcome?.parts === undefined
            ? null
            : { total, finished, failed: Number(row.failed_parts), open: total - finished },
      };
    }),
    failed: failed.map((row) => ({
      key: row.key,
      job: row.job,
      parent: row.parent,
      municipality: row.municipality,
      attempts: row.attempts,
      error: row.error ?? '',
      failedAt: iso(row.failed_at) ?? '',
      retryAt: iso(row.retry_at),
    })),
  };
}
