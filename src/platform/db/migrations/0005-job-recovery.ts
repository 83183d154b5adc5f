/**
 * Runs that recover by themselves: a part of a split run (one municipality's share of the monthly run or the
 * payout) records its parent, its municipality, its attempts and its last failure with the time of the next
 * automatic retry; every worker process writes a heartbeat, so the jobs of a worker that stopped beating can
 * be unlocked for the others.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('job_runs')
    .addColumn('parent', 'text')
    .addColumn('municipality', 'char(3)')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_at', 'timestamptz')
    .addColumn('error', 'text')
    .addColumn('retry_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('job_runs_parent').on('job_runs').column('parent').execute();
  await sql`create index job_runs_failed on job_runs (retry_at) where finished_at is null and failed_at is not null`.execute(
    db,
  );
  await db.schema
    .createTable('worker_heartbeats')
    .addColumn('worker_id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('worker_heartbeats').execute();
  await db.schema.dropIndex('job_runs_failed').execute();
  await db.schema.dropIndex('job_runs_parent').execute();
  await db.schema
    .alterTable('job_runs')
    .dropColumn('parent')
    .dropColumn('municipality')
    .dropColumn('attempts')
    .dropColumn('failed_at')
    .dropColumn('error')
    .dropColumn('retry_at')
    .execute();
}
