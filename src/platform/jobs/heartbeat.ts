/**
 * Which worker processes are alive: each writes a heartbeat row (its graphile-worker pool id) every
 * `intervalSeconds`; a row older than `deadAfterSeconds` belongs to a worker that was killed or lost its
 * database. Any live worker then unlocks the dead one's jobs with graphile-worker's `force_unlock_workers`,
 * so they are run again at once instead of after graphile-worker's four hours. Times are the database's
 * own `now()`, the one clock every worker shares.
 */
import os from 'node:os';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface HeartbeatSettings {
  readonly intervalSeconds: number;
  readonly deadAfterSeconds: number;
}

/** A heartbeat every 15 seconds; a worker silent for a minute is dead. */
export const defaultHeartbeat: HeartbeatSettings = { intervalSeconds: 15, deadAfterSeconds: 60 };

/** Records that the workers of this process are alive. */
export async function beat(db: Db, workerIds: readonly string[]): Promise<void> {
  if (workerIds.length === 0) return;
  await db
    .insertInto('worker_heartbeats')
    .values(workerIds.map((id) => ({ worker_id: id, host: os.hostname(), pid: process.pid })))
    .onConflict((c) => c.column('worker_id').doUpdateSet({ seen_at: sql`now()` }))
    .execute();
}

/** Removes the heartbeats of workers that stopped cleanly. */
export async function forget(db: Db, workerIds: readonly string[]): Promise<void> {
  if (workerIds.length === 0) return;
  await db.deleteFrom('worker_heartbeats').where('worker_id', 'in', workerIds).execute();
}

/**
 * Unlocks the jobs of every worker whose heartbeat is older than `deadAfterSeconds` and forgets it. Two
 * workers doing this at once unlock each dead worker once (the delete decides who). Returns what it freed.
 */
export async function unlockDeadWorkers(
  db: Db,
  deadAfterSeconds: number,
): Promise<{ workers: string[]; jobs: number; silentSeconds: number }> {
  return db.transaction().execute(async (tx) => {
    const dead = await sql<{ worker_id: string; silent: number }>`
      delete from worker_heartbeats
      where seen_at < now() - make_interval(secs => ${deadAfterSeconds})
      returning worker_id, extract(epoch from now() - seen_at)::float8 as silent`.execute(tx);
    const workers = dead.rows.map((row) => row.worker_id);
    if (workers.length === 0) return { workers, jobs: 0, silentSeconds: 0 };
    const locked = await sql<{ n: string }>`
      select count(*) as n from graphile_worker.jobs where locked_by = any(${workers}::text[])`.execute(tx);
    await sql`select graphile_worker.force_unlock_workers(${workers}::text[])`.execute(tx);
    return {
      workers,
      jobs: Number(locked.rows[0]?.n ?? 0),
      silentSeconds: Math.max(...dead.rows.map((row) => row.silent)),
    };
  });
}
