/**
 * A worker told to stop (SIGTERM) while a part is held waits its grace, then stops and leaves the part to
 * the next worker the same way.
 *
 * A killed worker does not stall a run: `ydelse worker` runs as a child process, is SIGKILLed while it holds
 * parts of the split monthly run (held at a known point: the test locks those municipalities' lines, so the
 * parts wait inside their transaction), and the next worker unlocks the dead one's jobs by its heartbeat and
 * completes the run with every line computed once.
 *
 * YDELSE_KILL_TEST_DEFAULTS=1 runs it with the default heartbeat (15 s) and dead threshold (60 s) instead of
 * 1 s and 3 s, to measure how long the parts wait in production (docs/robustness.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import type { Database } from '../db/schema.ts';
import type { DisposableDb } from '../db/template.ts';
import { grantedCitizen } from '../../../test/support/granted-citizen.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const defaults = process.env.YDELSE_KILL_TEST_DEFAULTS === '1';
const heartbeat = defaults ? {} : { YDELSE_HEARTBEAT: '1', YDELSE_DEAD_AFTER: '3' };
/** The first four parts on the queue (municipalities in code order), each with two citizens. */
const held = ['101', '147', '151', '153'] as const;
const PERSONS_PER_MUNICIPALITY = 2;

let database: DisposableDb;
const children: ChildProcess[] = [];

interface Worker {
  readonly child: ChildProcess;
  readonly log: string[];
}

function startWorkerProcess(env: Record<string, string> = {}): Worker {
  const child = spawn(process.execPath, [path.join(root, 'bin/ydelse.js'), 'worker'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'info', ...heartbeat, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const log: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  return { child, log };
}

async function until(what: string, check: () => Promise<boolean>, seconds = 120): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Backends of the test database waiting for a row lock: the parts held inside their transaction. */
async function waitingParts(): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock'`.execute(database.db);
  return Number(rows[0]?.n ?? 0);
}

/** Holds the month's lines of the municipalities until `release` is called (a transaction left open). */
async function holdLines(municipalities: readonly string[]): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const done = database.db
    .transaction()
    .execute(async (tx: Transaction<Database>) => {
      await tx
        .selectFrom('payment_lines')
        .select('id')
        .where('municipality', 'in', municipalities)
        .forUpdate()
        .execute();
      locked();
      await released;
      throw new Error('rollback');
    })
    .catch(() => undefined);
  await isLocked;
  return async () => {
    release();
    await done;
  };
}

function untilRunning(worker: Worker): Promise<void> {
  return until('the worker', () => Promise.resolve(worker.log.join('').includes('arbejdsproces kører')), 60);
}

/** The month's monthly run comes due (the workers plan today's runs; this one is queued by hand). */
async function queueMonthlyRun(month: string, at: string): Promise<void> {
  const key = `maanedskoersel:${month}`;
  await sql`select graphile_worker.add_job('maanedskoersel', ${JSON.stringify({ key, at })}::json,
    job_key := ${key})`.execute(database.db);
}

function partsOf(month: string) {
  return database.db
    .selectFrom('job_runs')
    .select(['municipality', 'finished_at', 'attempts', 'started_at'])
    .where('parent', '=', `maanedskoersel:${month}`)
    .execute();
}

async function untilAllParts(month: string): Promise<void> {
  await until(
    `all 98 parts of ${month}`,
    async () => (await partsOf(month)).filter((p) => p.finished_at !== null).length === 98,
  );
}

async function kill(worker: Worker): Promise<void> {
  const exited = new Promise((resolve) => worker.child.once('exit', resolve));
  worker.child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  database = await useTestDatabase();
  const deps = { db: database.db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
  for (const [index, municipality] of held.entries()) {
    for (let n = 0; n < PERSONS_PER_MUNICIPALITY; n += 1) {
      const cpr = `0505${String(60 + index)}${String(n)}00${String(n)}`;
      await grantedCitizen(deps, cpr, municipality);
    }
  }
  // Nobody is due for the 04:00 runs the workers plan around today: only the monthly run is under test.
  await database.db.updateTable('persons').set({ acting_review_on: null }).execute();
});

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('a killed worker', () => {
  it('does not stall the split monthly run: two kills survived, every line computed exactly once', async () => {
    const releaseFirst = await holdLines(held.slice(0, 2));
    const releaseSecond = await holdLines(held.slice(2));
    const first = startWorkerProcess();
    await untilRunning(first);
    await queueMonthlyRun('2025-05', '2025-05-22T16:00:00Z');
    await until('the first worker to hold 101 and 147', async () => (await waitingParts()) === 2);
    await kill(first);
    const firstKilled = Date.now();
    await releaseFirst();

    const second = startWorkerProcess();
    await until('the second worker to hold 151 and 153', async () => (await waitingParts()) === 2);
    await kill(second);
    const secondKilled = Date.now();
    await releaseSecond();

    const third = startWorkerProcess();
    await untilAllParts('2025-05');
    const resumed = Date.now();
    kill(third).catch(() => undefined);

    const parts = await partsOf('2025-05');
    expect(parts).toHaveLength(98);
    // The held parts were started by a dead worker and then again by the next one.
    const attempts = new Map(parts.map((p) => [p.municipality, p.attempts]));
    expect(held.map((m) => attempts.get(m))).toEqual([2, 2, 2, 2]);
    expect(
      parts
        .filter((p) => !(held as readonly string[]).includes(p.municipality ?? ''))
        .every((p) => p.attempts === 1),
    ).toBe(true);
    // Every May line computed once, every June line planned once.
    const lines = await sql<{ period: string; status: string; n: string; computed: string }>`
      select period::text, status, count(*) as n, count(distinct computed_at) as computed from payment_lines
      group by period, status order by period`.execute(database.db);
    const total = held.length * PERSONS_PER_MUNICIPALITY;
    expect(lines.rows.map((row) => [row.period, row.status, Number(row.n)])).toEqual([
      ['2025-05-01', 'beregnet', total],
      ['2025-06-01', 'planlagt', total],
    ]);
    const perCase = await sql<{ n: string }>`
      select count(*) as n from payment_lines group by case_id, period having count(*) > 1`.execute(
      database.db,
    );
    expect(perCase.rows).toEqual([]);
    // The workers said so in their logs.
    expect(third.log.join('')).toContain('døde arbejdsprocessers job frigivet');

    const waited = {
      afterFirstKill: (resumed - firstKilled) / 1000,
      afterSecondKill: (resumed - secondKilled) / 1000,
      settings: defaults ? 'standard (15 s / 60 s)' : 'test (1 s / 3 s)',
    };
    console.info(`a killed worker's parts resumed after ${JSON.stringify(waited)}`);
    expect(waited.afterSecondKill).toBeLessThan(defaults ? 180 : 60);
  }, 300_000);
});

describe('a worker told to stop', () => {
  it('lets a running part go after its grace, ends, and the next worker runs the part', async () => {
    const release = await holdLines(['101']);
    const stopping = startWorkerProcess({ YDELSE_STOP_GRACE: '1' });
    await untilRunning(stopping);
    await queueMonthlyRun('2025-06', '2025-06-23T16:00:00Z');
    await until('the worker to hold 101', async () => (await waitingParts()) === 1);
    const exited = new Promise<number | null>((resolve) => stopping.child.once('exit', resolve));
    const signalled = Date.now();
    stopping.child.kill('SIGTERM');
    expect(await exited, stopping.log.join('')).toBe(0);
    expect((Date.now() - signalled) / 1000).toBeLessThan(20);
    const said = stopping.log.join('');
    expect(said).toContain('arbejdsprocessen stopper uden at vente på sine job');
    expect(said).toContain('maanedskoersel:2025-06:101');
    await release();

    const next = startWorkerProcess();
    await untilAllParts('2025-06');
    kill(next).catch(() => undefined);
    const attempts = new Map((await partsOf('2025-06')).map((p) => [p.municipality, p.attempts]));
    expect(attempts.get('101')).toBe(2);
    const june = await sql<{ status: string; n: string }>`
      select status, count(*) as n from payment_lines where period = '2025-06-01' group by status`.execute(
      database.db,
    );
    expect(june.rows.map((row) => [row.status, Number(row.n)])).toEqual([
      ['beregnet', held.length * PERSONS_PER_MUNICIPALITY],
    ]);
  }, 180_000);
});
