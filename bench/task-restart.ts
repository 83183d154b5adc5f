/**
 * The release restart of open tasks (KY 6.1, `ydelse tasks restart`) over `tasks` open follow-up tasks.
 * Target (task engine): 100,000 open tasks restarted, with the report written, in under 5 minutes, memory
 * flat in the number of tasks. Tasks are seeded with set-based SQL in the shape the engine stores them
 * (steps and undringer as `decideNewTask` and "Gå videre" leave them): the follow-ups spread over their five
 * types, half with the first step entered by a caseworker and waiting at "Opsummering", a third with task
 * categories, the rest waiting at the first step; a tenth as many closed ones the restart must skip; and a
 * fiftieth as many "Registrer fraflytning" stopped at their mandatory undring, half of whose citizens have
 * since lost their spouse (those run through to completion), half not (they stop at the undring again).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { followUpTypes, registerMoveOutType } from '../src/acting-municipality/domain/task-types.ts';
import { localDate, SimulatedClock, type MunicipalityCode } from '../src/kernel/index.ts';
import { systemActor } from '../src/platform/actor.ts';
import { createDb, type Db } from '../src/platform/db/database.ts';
import { createFreshSchema } from '../src/platform/db/fresh-schema.ts';
import { taskTypes } from '../src/platform/system.ts';
import {
  advance,
  currentStepKey,
  openQueries,
  type Env,
  type TaskState,
} from '../src/tasks/domain/engine.ts';
import { decideNewTask, type TaskTypeDefinition } from '../src/tasks/index.ts';
import { batchCsvHeader, batchCsvLine, readBatchReport, runTaskBatch } from '../src/tasks/task-batches.ts';
import { seedPopulation } from './data.ts';

export interface TaskRestartBench {
  readonly persons: number;
  /** Open tasks restarted (follow-ups and "Registrer fraflytning"). */
  readonly open: number;
  readonly closed: number;
  readonly seedSeconds: number;
  /** The restart itself. */
  readonly runSeconds: number;
  /** Reading the batch's results back and writing the CSV file. */
  readonly reportSeconds: number;
  readonly tasksPerSecond: number;
  readonly reportLines: number;
  readonly byOutcome: Readonly<Record<string, number>>;
  readonly baseHeapMb: number;
  readonly peakHeapMb: number;
}

export const BENCH_RESTART_PERSONS = 20_000;
const CREATED = '2025-05-12T02:00:00Z';
const ENTERED = '2025-05-12T09:00:00Z';
const RELEASE = '2025-05-13T05:00:00Z';

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

const envAt = (at: string, by: string, facts: Record<string, unknown> = {}, data = {}): Env => ({
  data,
  facts,
  today: localDate(Temporal.Instant.from(at)),
  by,
  at,
});

/** A new task's state, as `createTasks` stores it. */
function created(type: TaskTypeDefinition, data: Record<string, unknown>, facts = {}): TaskState {
  const decided = decideNewTask(
    type,
    { type: type.key, municipality: '101' as MunicipalityCode, data, facts },
    envAt(CREATED, 'system:daglig-flytning'),
  );
  if (!decided.ok) throw new Error(decided.error.message);
  return decided.value.state;
}

/** A follow-up's states: waiting at its first step, and with the first step entered ("Gå videre"). */
function followUpStates(type: TaskTypeDefinition): { waiting: TaskState; entered: TaskState } {
  const waiting = created(type, { date: '2025-05-12' });
  const first = type.steps[0]?.key as string;
  const input =
    type.key === 'opfoelgning-oekonomiske-udestaaender'
      ? { afregnet: true, notat: 'Udeståenderne er opgjort og afregnet' }
      : { notat: 'Set og vurderet' };
  const entered = advance(type, waiting, first, input, envAt(ENTERED, 'bruger:sb@101'));
  if (!entered.ok) throw new Error(entered.error.message);
  return { waiting, entered: entered.value.state };
}

/** The columns `stateColumns` derives from a state (task.repository.ts), for the set-based insert. */
const shape = (state: TaskState) => ({
  steps: JSON.stringify(state.steps),
  queries: JSON.stringify(state.queries),
  current: currentStepKey(state),
  open: openQueries(state).length,
});

/**
 * Seeds the tasks: `tasks` open follow-ups, `tasks / 10` closed ones, `tasks / 50` "Registrer fraflytning"
 * at the undring; each with its `opgave-oprettet` event.
 */
export async function seedRestartTasks(db: Db, tasks: number, persons: number): Promise<void> {
  const states = followUpTypes.map((type) => ({ key: type.key, ...followUpStates(type) }));
  const waiting = states.map((s) => shape(s.waiting));
  const entered = states.map((s) => shape(s.entered));
  const closed = entered.map((s) => ({
    ...s,
    steps: JSON.stringify(
      (JSON.parse(s.steps) as { status: string }[]).map((step) => ({ ...step, status: 'gennemfoert' })),
    ),
  }));
  const n = states.length;
  // Follow-ups: type by i, entered when i is odd, categories on every third, closed past `tasks`.
  await sql`
    with spec as (
      select i, (i % ${n}) + 1 as t, i > ${tasks} as closed, i % 2 = 1 as entered,
             1 + (i * 7919) % ${persons} as person
      from generate_series(1, ${tasks + Math.floor(tasks / 10)}) i)
    insert into tasks (type, person_id, municipality, status, data, steps, queries, current_step, open_queries,
                       categories, due_on, created_at, updated_at, closed_at, close_reason, version)
    select (${states.map((s) => s.key)}::text[])[s.t], p.id, r.municipality,
           case when s.closed then 'afsluttet' else 'aaben' end,
           jsonb_build_object('date', '2025-05-12'),
           case when s.closed then (${closed.map((c) => c.steps)}::jsonb[])[s.t]
                when s.entered then (${entered.map((c) => c.steps)}::jsonb[])[s.t]
                else (${waiting.map((c) => c.steps)}::jsonb[])[s.t] end,
           '[]'::jsonb,
           case when s.closed then null
                when s.entered then (${entered.map((c) => c.current)}::text[])[s.t]
                else (${waiting.map((c) => c.current)}::text[])[s.t] end,
           0,
           case when s.closed then '{}'::text[] when s.i % 6 = 0 then array['haster', 'klage']
                when s.i % 3 = 0 then array['haster'] else '{}'::text[] end,
           '2025-05-26', ${CREATED}::timestamptz,
           case when s.entered then ${ENTERED}::timestamptz else ${CREATED}::timestamptz end,
           case when s.closed then ${ENTERED}::timestamptz end,
           case when s.closed then 'gennemført' end,
           case when s.entered then 2 else 1 end
    from spec s
    join persons p on p.cpr = lpad(s.person::text, 10, '0')
    join residences r on r.person_id = p.id`.execute(db);

  // "Registrer fraflytning" stopped at the undring on the spouse's subscription; the citizens are married.
  const moveOuts = Math.floor(tasks / 50);
  const data = { to: '147', moveDate: '2025-05-12', dutyStays: true };
  const atUndring = shape(created(registerMoveOutType, data, { spouse: '0101010000' }));
  await sql`
    with spec as (select i, 1 + (i * 104729) % ${persons} as person from generate_series(1, ${moveOuts}) i),
    married as (
      update persons p set civil_status = 'gift', spouse_cpr = '3112' || lpad((s.person % 1000000)::text, 6, '0')
      from spec s where p.cpr = lpad(s.person::text, 10, '0')
      returning p.id, p.cpr)
    insert into tasks (type, person_id, municipality, status, data, steps, queries, current_step, open_queries,
                       due_on, created_at, updated_at, version)
    select ${registerMoveOutType.key}, m.id, r.municipality, 'aaben', ${JSON.stringify(data)}::jsonb,
           ${atUndring.steps}::jsonb, ${atUndring.queries}::jsonb, ${atUndring.current}, ${atUndring.open},
           '2025-05-26', ${CREATED}::timestamptz, ${CREATED}::timestamptz, 1
    from married m join residences r on r.person_id = m.id`.execute(db);
  // Since then, half of them are no longer married: their undring no longer appears.
  await sql`
    update persons set civil_status = 'skilt', spouse_cpr = null
    where spouse_cpr is not null and cpr::bigint % 2 = 0`.execute(db);

  await sql`
    insert into task_events (task_id, occurred_at, actor, type, step, data)
    select id, created_at, 'system:daglig-flytning', 'opgave-oprettet', null, jsonb_build_object('data', data)
    from tasks`.execute(db);
  await sql`
    insert into task_categories (municipality, key, name, created_at)
    select distinct municipality, k.key, initcap(k.key), ${CREATED}::timestamptz
    from tasks cross join unnest(array['haster', 'klage']) k(key)`.execute(db);
  await sql`vacuum analyze tasks`.execute(db);
  await sql`analyze`.execute(db);
}

/** Seeds a fresh schema, restarts every open task of the seeded types and writes the report; measures both. */
export async function benchTaskRestart(databaseUrl: string, tasks: number): Promise<TaskRestartBench> {
  const database = await createFreshSchema(databaseUrl, 'bench_genstart');
  // The CLI's own pool (createDb's default size), not the schema helper's two connections.
  const db = createDb(database.url);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-bench-genstart-'));
  try {
    const seeding = performance.now();
    await seedPopulation(database.db, BENCH_RESTART_PERSONS);
    await seedRestartTasks(database.db, tasks, BENCH_RESTART_PERSONS);
    const seedSeconds = (performance.now() - seeding) / 1000;
    const counts = await sql<{ open: string; closed: string }>`
      select count(*) filter (where status = 'aaben') as open, count(*) filter (where status <> 'aaben') as closed
      from tasks`.execute(db);
    const open = Number(counts.rows[0]?.open);
    const types = [registerMoveOutType.key, ...followUpTypes.map((t) => t.key)];

    global.gc?.();
    const baseHeap = process.memoryUsage().heapUsed;
    let peak = baseHeap;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 50);
    const started = performance.now();
    const summary = await runTaskBatch(
      { db, clock: new SimulatedClock(Temporal.Instant.from(RELEASE)) },
      taskTypes,
      systemActor('opgave-genstart'),
      { kind: 'genstart', types, dryRun: false },
      () => undefined,
    );
    const runSeconds = (performance.now() - started) / 1000;
    if (!summary.ok) throw new Error(summary.error.message);
    const batchId = summary.value.batchId as string;

    const reporting = performance.now();
    const file = path.join(folder, 'rapport.csv');
    const stream = fs.createWriteStream(file);
    let reportLines = 0;
    const write = (line: string): Promise<unknown> =>
      stream.write(`${line}\n`) ? Promise.resolve() : once(stream, 'drain');
    await write(batchCsvHeader());
    for await (const result of readBatchReport(db, batchId)) {
      await write(batchCsvLine(result));
      reportLines += 1;
    }
    stream.end();
    await once(stream, 'finish');
    const reportSeconds = (performance.now() - reporting) / 1000;
    clearInterval(sampler);

    if (reportLines !== open) {
      throw new Error(`the report has ${String(reportLines)} lines for ${String(open)} open tasks`);
    }
    const fejl = summary.value.byOutcome['fejl'] ?? 0;
    if (fejl > 0) throw new Error(`${String(fejl)} tasks were refused`);
    return {
      persons: BENCH_RESTART_PERSONS,
      open,
      closed: Number(counts.rows[0]?.closed),
      seedSeconds,
      runSeconds,
      reportSeconds,
      tasksPerSecond: open / runSeconds,
      reportLines,
      byOutcome: summary.value.byOutcome,
      baseHeapMb: mb(baseHeap),
      peakHeapMb: mb(peak),
    };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await db.destroy();
    await database.drop();
  }
}
