import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { createLogger } from '../logger.ts';
import type { Deps } from '../use-case.ts';
import type { Occurrence } from './domain/schedule.ts';
import { unlockDeadWorkers } from './heartbeat.ts';
import { recordSplit, runScheduledJob, type JobHandler, type JobHandlers } from './run-job.ts';
import { advanceClock } from './simulate.ts';
import { startWorker } from './worker.ts';

let database: Awaited<ReturnType<typeof useTestDatabase>>;
beforeAll(async () => {
  database = await useTestDatabase();
});

function recorder(): { handlers: JobHandlers; seen: string[] } {
  const seen: string[] = [];
  const handler: JobHandler = (deps, occurrence, municipality) => {
    const key = municipality === undefined ? occurrence.key : `${occurrence.key}:${municipality}`;
    seen.push(`${key}@${deps.clock.now().toString()}`);
    return Promise.resolve({ ok: true });
  };
  const one = () => Promise.resolve(['101' as MunicipalityCode]);
  return {
    seen,
    handlers: {
      'daglig-flytning': [handler],
      maanedskoersel: [handler],
      udbetaling: [handler],
      parts: { maanedskoersel: one, udbetaling: one },
    },
  };
}

describe('running scheduled jobs', () => {
  it('runs an occurrence once; a second run of the same key is recognised', async () => {
    const deps: Deps = {
      db: database.db,
      clock: new SimulatedClock(Temporal.Instant.from('2030-01-01T03:00:00Z')),
    };
    const { handlers, seen } = recorder();
    const occurrence: Occurrence = {
      job: 'daglig-flytning',
      at: Temporal.Instant.from('2030-01-01T03:00:00Z'),
      key: 'daglig-flytning:2030-01-01',
    };
    expect(await runScheduledJob(deps, handlers, occurrence)).toBe('koert');
    expect(await runScheduledJob(deps, handlers, occurrence)).toBe('allerede-koert');
    expect(seen).toHaveLength(1);
  });

  it('two workers taking the same occurrence at once run it once', async () => {
    const deps: Deps = {
      db: database.db,
      clock: new SimulatedClock(Temporal.Instant.from('2030-03-01T03:00:00Z')),
    };
    const occurrence: Occurrence = {
      job: 'daglig-flytning',
      at: deps.clock.now(),
      key: 'daglig-flytning:2030-03-01',
    };
    let runs = 0;
    const slow: JobHandler = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return {};
    };
    const handlers = { ...recorder().handlers, 'daglig-flytning': [slow] };
    const outcomes = await Promise.all([
      runScheduledJob(deps, handlers, occurrence),
      runScheduledJob(deps, handlers, occurrence),
    ]);
    expect(outcomes.sort()).toEqual(['koerer-allerede', 'koert']);
    expect(runs).toBe(1);
    expect(await runScheduledJob(deps, handlers, occurrence)).toBe('allerede-koert');
  });

  it('a run that crashed is run again', async () => {
    const deps: Deps = {
      db: database.db,
      clock: new SimulatedClock(Temporal.Instant.from('2030-02-01T03:00:00Z')),
    };
    const occurrence: Occurrence = {
      job: 'daglig-flytning',
      at: deps.clock.now(),
      key: 'daglig-flytning:2030-02-01',
    };
    const crash: JobHandler = () => Promise.reject(new Error('strømsvigt'));
    expect(
      await runScheduledJob(deps, { ...recorder().handlers, 'daglig-flytning': [crash] }, occurrence),
    ).toBe('fejlet');
    const { handlers, seen } = recorder();
    expect(await runScheduledJob(deps, handlers, occurrence)).toBe('koert');
    expect(seen).toHaveLength(1);
  });

  it('advancing the simulated clock runs every due job at its own instant, in order', async () => {
    const clock = new SimulatedClock(Temporal.Instant.from('2020-11-23T12:00:00Z'));
    const { handlers, seen } = recorder();
    await advanceClock({ db: database.db, clock }, handlers, Temporal.Instant.from('2020-11-30T12:00:00Z'));
    expect(seen).toEqual([
      'daglig-flytning:2020-11-24@2020-11-24T03:00:00Z',
      'maanedskoersel:2020-11:101@2020-11-24T17:00:00Z',
      'daglig-flytning:2020-11-25@2020-11-25T03:00:00Z',
      'daglig-flytning:2020-11-26@2020-11-26T03:00:00Z',
      'daglig-flytning:2020-11-27@2020-11-27T03:00:00Z',
      'daglig-flytning:2020-11-28@2020-11-28T03:00:00Z',
      'daglig-flytning:2020-11-29@2020-11-29T03:00:00Z',
      'daglig-flytning:2020-11-30@2020-11-30T03:00:00Z',
      'udbetaling:2020-11:101@2020-11-30T05:00:00Z',
    ]);
    expect(clock.now().toString()).toBe('2020-11-30T12:00:00Z');
  });

  it('graphile-worker plans the due occurrences, skips finished ones, and runs them through the same function', async () => {
    // The clock stands just after the November 2021 monthly run (Wednesday 24 November, 18:00); the planner
    // looks a day back. That day's move run has already finished and must not run again.
    const clock = new SimulatedClock(Temporal.Instant.from('2021-11-24T17:30:00Z'));
    const deps: Deps = { db: database.db, clock };
    const earlier = recorder();
    await runScheduledJob(deps, earlier.handlers, {
      job: 'daglig-flytning',
      at: Temporal.Instant.from('2021-11-24T03:00:00Z'),
      key: 'daglig-flytning:2021-11-24',
    });
    const { handlers, seen } = recorder();
    const runner = await startWorker({
      connectionString: database.url,
      deps,
      handlers,
      logger: createLogger('silent'),
    });
    try {
      const deadline = Date.now() + 20_000;
      // The monthly run is split into one job per municipality; wait for all 98.
      while (
        seen.filter((s) => s.startsWith('maanedskoersel:2021-11:')).length < 98 &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await runner.stop();
    }
    const keys = seen.map((s) => s.split('@')[0]);
    expect(keys).toContain('maanedskoersel:2021-11:101');
    expect(keys.filter((key) => key?.startsWith('maanedskoersel:2021-11:'))).toHaveLength(98);
    expect(keys).not.toContain('daglig-flytning:2021-11-24');
    const rows = await database.db
      .selectFrom('job_runs')
      .select(['key', 'finished_at'])
      .where('key', '=', 'maanedskoersel:2021-11')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.finished_at).not.toBeNull();
  });
});

describe('dead workers', () => {
  it('a worker whose heartbeat is older than the threshold has its jobs unlocked, once; a live one keeps them', async () => {
    // graphile-worker's schema exists: the test above started a worker on this database.
    const lock = async (worker: string, key: string) => {
      await sql`select graphile_worker.add_job('koersel-for-kommune', '{}'::json, job_key := ${key})`.execute(
        database.db,
      );
      await sql`update graphile_worker._private_jobs set locked_by = ${worker}, locked_at = now()
                where key = ${key}`.execute(database.db);
    };
    await lock('pool-doed', 'test:doed');
    await lock('pool-levende', 'test:levende');
    await sql`insert into worker_heartbeats (worker_id, host, pid, seen_at) values
      ('pool-doed', 'h', 1, now() - interval '2 minutes'), ('pool-levende', 'h', 2, now())`.execute(
      database.db,
    );
    const [first, second] = await Promise.all([
      unlockDeadWorkers(database.db, 60),
      unlockDeadWorkers(database.db, 60),
    ]);
    expect([first, second].map((r) => r.workers).sort()).toEqual([[], ['pool-doed']]);
    expect(first.jobs + second.jobs).toBe(1);
    const jobs = await sql<{ key: string; locked_by: string | null }>`
      select key, locked_by from graphile_worker._private_jobs where key like 'test:%' order by key`.execute(
      database.db,
    );
    expect(jobs.rows).toEqual([
      { key: 'test:doed', locked_by: null },
      { key: 'test:levende', locked_by: 'pool-levende' },
    ]);
    const left = await database.db.selectFrom('worker_heartbeats').select('worker_id').execute();
    expect(left.map((row) => row.worker_id)).toEqual(['pool-levende']);
  });
});

describe('splitting on the workers', () => {
  it('finishes an occurrence that an interrupted in-process run left unfinished', async () => {
    const deps: Deps = {
      db: database.db,
      clock: new SimulatedClock(Temporal.Instant.from('2031-05-22T16:00:00Z')),
    };
    const occurrence: Occurrence = { job: 'udbetaling', at: deps.clock.now(), key: 'udbetaling:2031-05' };
    await database.db
      .insertInto('job_runs')
      .values({
        key: occurrence.key,
        job: 'udbetaling',
        scheduled_for: occurrence.at.toString(),
        started_at: occurrence.at.toString(),
      })
      .execute();
    await recordSplit(deps, occurrence, 98);
    const row = await database.db
      .selectFrom('job_runs')
      .select(['finished_at', 'outcome'])
      .where('key', '=', occurrence.key)
      .executeTakeFirstOrThrow();
    expect(row.finished_at).not.toBeNull();
    expect(row.outcome).toEqual({ parts: 98 });
  });
});
