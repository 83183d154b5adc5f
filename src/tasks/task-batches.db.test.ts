import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { determineActingManually } from '../acting-municipality/index.ts';
import { runDailyMoves } from '../platform/system.ts';
import { SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson, receiveAddressChange } from '../persons/index.ts';
import { systemActor, type Actor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn } from '../platform/jobs/domain/schedule.ts';
import { taskTypes } from '../platform/system.ts';
import { runUseCase, type Deps } from '../platform/use-case.ts';
import { createTaskCategory } from './inbox.ts';
import { actOnTask } from './task-actions.ts';
import { createTasks } from './task-lifecycle.ts';
import {
  batchCsvHeader,
  batchCsvLine,
  readBatchReport,
  runTaskBatch,
  type BatchRequest,
  type BatchResult,
} from './task-batches.ts';

const caseworker = (municipality: string): Actor => ({
  kind: 'bruger',
  userId: `sb${municipality}`,
  municipality: municipality as MunicipalityCode,
  roles: ['sagsbehandler'],
});
const cprSystem: Actor = { kind: 'system', name: 'cpr' };
const release = systemActor('opgave-genstart');

let db: Db;
const at = (instant: string): Deps => ({ db, clock: new SimulatedClock(Temporal.Instant.from(instant)) });
/** 5 May 2025, 09:00 Danish summer time. */
const monday = '2025-05-05T07:00:00Z';
/** The caseworkers work on the tasks the day of the move. */
const workday = '2025-05-12T08:00:00Z';
/** The release the day after. */
const releaseDay = '2025-05-13T05:00:00Z';

const followUp = 'opfoelgning-tilflytning-uden-handleansvar';
const moveOut = 'registrer-fraflytning';
const restartTypes = [moveOut, followUp];

async function dailyRun(date: string): Promise<void> {
  const occurrence = occurrencesOn(Temporal.PlainDate.from(date)).find((o) => o.job === 'daglig-flytning');
  if (occurrence === undefined) throw new Error(`no daily run on ${date}`);
  const summary = await runDailyMoves(at(occurrence.at.toString()), occurrence);
  expect(summary.failed).toEqual([]);
}

/**
 * A citizen of 101 (married when `spouse` is given) for whom 101 registers itself as manual acting
 * municipality from 6 May, and who moves to 147 on 12 May: the duty stays with 101, so "Registrer
 * fraflytning" stops at its mandatory undring when there is a spouse, and 147 gets a follow-up.
 */
async function movesWhileManualHolds(cpr: string, spouse: string | null, sequence: number): Promise<string> {
  const person = await createPerson(at(monday), caseworker('101'), 'api', {
    cpr,
    name: `Borger ${cpr}`,
    residence: [{ municipality: '101', from: '2015-01-01' }],
    ...(spouse === null ? {} : { civilStatus: 'gift', spouse }),
  });
  if (!person.ok) throw new Error(person.error.message);
  const manual = await determineActingManually(at(monday), caseworker('101'), 'api', cpr, {
    action: 'opret',
    municipality: '101',
    from: '2025-05-06',
    reason: 'ophold-institution',
  });
  if (!manual.ok) throw new Error(manual.error.message);
  const moved = await receiveAddressChange(at(monday), cprSystem, 'api', {
    sequence,
    cpr,
    municipality: '147',
    date: '2025-05-12',
  });
  if (!moved.ok) throw new Error(moved.error.message);
  return person.value.id;
}

async function taskOf(personId: string, type: string): Promise<string> {
  const row = await db
    .selectFrom('tasks')
    .select('id')
    .where('person_id', '=', personId)
    .where('type', '=', type)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function createFollowUps(personId: string, type: string, count: number): Promise<string[]> {
  const created = await runUseCase(at(workday), systemActor('test'), 'job', 'arbejd-opgave', (context) =>
    createTasks(
      context,
      taskTypes,
      personId,
      Array.from({ length: count }, (_, i) => ({
        type,
        municipality: '101' as MunicipalityCode,
        data: { date: '2025-05-12', nr: i },
      })),
    ),
  );
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

async function act(id: string, municipality: string, action: Parameters<typeof actOnTask>[6]): Promise<void> {
  const done = await actOnTask(
    at(workday),
    taskTypes,
    caseworker(municipality),
    'api',
    id,
    undefined,
    action,
  );
  if (!done.ok) throw new Error(`${done.error.code}: ${done.error.message}`);
}

const taskRow = (id: string) =>
  db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const eventsOf = async (id: string) =>
  (
    await db
      .selectFrom('task_events')
      .select(['type', 'step', 'data', 'actor'])
      .where('task_id', '=', id)
      .orderBy('id')
      .execute()
  ).map((e) => ({ type: e.type, step: e.step, data: e.data, actor: e.actor }));

/** Everything a batch could change, row by row. */
async function everything(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const [table, order] of [
    ['tasks', 'id'],
    ['task_events', 'id'],
    ['task_batches', 'id'],
    ['task_batch_results', 'batch_id, task_id'],
    ['events', 'id'],
    ['access_log', 'id'],
    ['persons', 'id'],
  ] as const) {
    result[table] = (
      await sql`select * from ${sql.table(table)} order by ${sql.raw(order)}`.execute(db)
    ).rows;
  }
  return result;
}

async function run(
  request: Partial<BatchRequest> & Pick<BatchRequest, 'types'>,
  instant = releaseDay,
  onResult: (result: BatchResult) => void = () => undefined,
) {
  const results: BatchResult[] = [];
  const summary = await runTaskBatch(
    at(instant),
    taskTypes,
    release,
    { kind: 'genstart', dryRun: false, ...request },
    (result) => {
      results.push(result);
      onResult(result);
    },
  );
  results.sort((a, b) => a.taskId.localeCompare(b.taskId));
  return { summary, results };
}

async function report(batchId: string): Promise<BatchResult[]> {
  const rows: BatchResult[] = [];
  for await (const row of readBatchReport(db, batchId)) rows.push(row);
  return rows;
}

const ids = {
  married: '',
  stillMarried: '',
  single: '',
  marriedMoveOut: '',
  stillMarriedMoveOut: '',
  singleMoveOut: '',
  enteredFollowUp: '',
  categorizedFollowUp: '',
  closedFollowUp: '',
  otherType: '',
};

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  ids.married = await movesWhileManualHolds('0303803001', '0303803101', 1);
  ids.stillMarried = await movesWhileManualHolds('0303803002', '0303803102', 2);
  ids.single = await movesWhileManualHolds('0303803003', null, 3);
  await dailyRun('2025-05-06');
  await dailyRun('2025-05-12');
  ids.marriedMoveOut = await taskOf(ids.married, moveOut);
  ids.stillMarriedMoveOut = await taskOf(ids.stillMarried, moveOut);
  ids.singleMoveOut = await taskOf(ids.single, moveOut);
  ids.enteredFollowUp = await taskOf(ids.married, followUp);
  ids.categorizedFollowUp = await taskOf(ids.stillMarried, followUp);
  ids.closedFollowUp = await taskOf(ids.single, followUp);
  [ids.otherType] = (await createFollowUps(ids.married, 'opfoelgning-administration', 1)) as [string];

  // 147's caseworker has worked on the follow-ups: entered the first step and labelled one, labelled the
  // second only, and completed the third.
  for (const [key, name] of [
    ['haster', 'Haster'],
    ['klage', 'Klage'],
  ] as const) {
    // The municipality's system owner sets up its categories.
    const owner147: Actor = {
      kind: 'bruger',
      userId: 'drift147',
      municipality: '147' as MunicipalityCode,
      roles: ['systemansvarlig'],
    };
    const category = await createTaskCategory(at(workday), owner147, 'api', { key, name });
    if (!category.ok) throw new Error(category.error.message);
  }
  const notat = { notat: 'Den manuelle handlekommune er kontrolleret' };
  await act(ids.enteredFollowUp, '147', { kind: 'videre', step: 'kontroller-registrering', input: notat });
  await act(ids.enteredFollowUp, '147', { kind: 'kategorier', categories: ['klage', 'haster'] });
  await act(ids.categorizedFollowUp, '147', { kind: 'kategorier', categories: ['haster'] });
  await act(ids.closedFollowUp, '147', { kind: 'videre', step: 'kontroller-registrering', input: notat });
  await act(ids.closedFollowUp, '147', { kind: 'videre', step: 'opsummering' });
});

describe('the tasks before the release', () => {
  it('are as the 04:00 run and the caseworkers left them', async () => {
    const married = await taskRow(ids.marriedMoveOut);
    expect(married).toMatchObject({
      municipality: '101',
      status: 'aaben',
      current_step: 'vurder-bopaelssamlingsabonnementer',
      open_queries: 1,
    });
    expect(married.data).toMatchObject({ to: '147', dutyStays: true });
    expect((await taskRow(ids.stillMarriedMoveOut)).open_queries).toBe(1);
    expect((await taskRow(ids.singleMoveOut)).status).toBe('afsluttet');
    const entered = await taskRow(ids.enteredFollowUp);
    expect(entered).toMatchObject({ current_step: 'opsummering', categories: ['haster', 'klage'] });
    expect((await taskRow(ids.categorizedFollowUp)).categories).toEqual(['haster']);
    expect((await taskRow(ids.closedFollowUp)).status).toBe('afsluttet');
  });
});

describe('a refused batch request', () => {
  it('needs at least one type, known types and, for a closing, a reason; nothing is written', async () => {
    const before = await everything();
    const refused = async (request: Partial<BatchRequest> & Pick<BatchRequest, 'types'>) => {
      const { summary, results } = await run(request);
      expect(results).toEqual([]);
      return summary.ok ? undefined : { code: summary.error.code, field: summary.error.field };
    };
    expect(await refused({ types: [] })).toEqual({ code: 'ugyldigt-input', field: 'types' });
    expect(await refused({ types: [followUp, 'oplys-konvertering'] })).toEqual({
      code: 'ukendt-opgavetype',
      field: 'types.1',
    });
    expect(await refused({ kind: 'luk', types: [followUp] })).toEqual({
      code: 'ugyldigt-input',
      field: 'reason',
    });
    expect(await refused({ kind: 'luk', types: [followUp], reason: '  ' })).toEqual({
      code: 'ugyldigt-input',
      field: 'reason',
    });
    expect(await refused({ kind: 'luk', types: [], dryRun: true, reason: 'x' })).toEqual({
      code: 'ugyldigt-input',
      field: 'types',
    });
    expect(await everything()).toEqual(before);
  });
});

describe('the release restart (KY 6.1)', () => {
  let dry: BatchResult[];

  it('the dry run changes nothing and says what would happen to each open task of the types', async () => {
    // The married citizen's spouse is gone from CPR by the release; the other's is still there.
    await db.updateTable('persons').set({ spouse_cpr: null }).where('id', '=', ids.married).execute();
    const before = await everything();
    const { summary, results } = await run({ types: restartTypes, dryRun: true });
    expect(await everything()).toEqual(before);
    expect(summary).toEqual({
      ok: true,
      value: {
        batchId: null,
        resumed: false,
        total: 4,
        byOutcome: { gennemfoert: 1, undring: 1, 'afventer-sagsbehandler': 2 },
      },
    });
    dry = results;
    expect(results.map((r) => r.taskId).sort()).toEqual(
      [ids.marriedMoveOut, ids.stillMarriedMoveOut, ids.enteredFollowUp, ids.categorizedFollowUp].sort(),
    );
  });

  let results: BatchResult[];
  let batchId: string;

  it('restarts every open task of the types, in a batch that is finished', async () => {
    const run1 = await run({ types: [followUp, moveOut] });
    if (!run1.summary.ok) throw new Error(run1.summary.error.message);
    expect(run1.summary.value).toMatchObject({
      resumed: false,
      total: 4,
      byOutcome: { gennemfoert: 1, undring: 1, 'afventer-sagsbehandler': 2 },
    });
    results = run1.results;
    batchId = run1.summary.value.batchId as string;
    const batch = await db
      .selectFrom('task_batches')
      .selectAll()
      .where('id', '=', batchId)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({
      kind: 'genstart',
      types: [followUp, moveOut].sort(),
      reason: null,
      started_by: 'system:opgave-genstart',
      started_at: new Date(releaseDay),
      finished_at: new Date(releaseDay),
    });
  });

  it('reports the same outcomes as the dry run', () => {
    expect(results).toEqual(dry);
  });

  it('a follow-up with the first step entered and categories set: both cleared, it waits at the first step again', async () => {
    const result = results.find((r) => r.taskId === ids.enteredFollowUp);
    expect(result).toEqual({
      taskId: ids.enteredFollowUp,
      type: followUp,
      municipality: '147',
      cpr: '0303803001',
      outcome: 'afventer-sagsbehandler',
      status: 'aaben',
      currentStep: 'kontroller-registrering',
      queries: '',
      cleared: 'trin:kontroller-registrering|kategori:haster|kategori:klage',
      message: null,
    });
    const task = await taskRow(ids.enteredFollowUp);
    expect(task).toMatchObject({
      status: 'aaben',
      current_step: 'kontroller-registrering',
      categories: [],
      open_queries: 0,
      closed_at: null,
      updated_at: new Date(releaseDay),
    });
    expect(task.steps).toEqual([
      { key: 'kontroller-registrering', status: 'aktiv', input: null, result: null, by: null, at: null },
      { key: 'opsummering', status: 'afventer', input: null, result: null, by: null, at: null },
    ]);
    const events = await eventsOf(ids.enteredFollowUp);
    expect(events.slice(-2)).toEqual([
      {
        type: 'opgave-genstartet',
        step: null,
        data: { clearedInputs: ['kontroller-registrering'], queries: 0 },
        actor: 'system:opgave-genstart',
      },
      {
        type: 'opgavekategorier-aendret',
        step: null,
        data: { from: ['haster', 'klage'], to: [] },
        actor: 'system:opgave-genstart',
      },
    ]);
  });

  it('a follow-up with categories only: they are cleared and it still waits at the first step', async () => {
    expect(results.find((r) => r.taskId === ids.categorizedFollowUp)).toMatchObject({
      outcome: 'afventer-sagsbehandler',
      currentStep: 'kontroller-registrering',
      cleared: 'kategori:haster',
    });
    expect((await taskRow(ids.categorizedFollowUp)).categories).toEqual([]);
    expect((await eventsOf(ids.categorizedFollowUp)).slice(-2).map((e) => e.type)).toEqual([
      'opgave-genstartet',
      'opgavekategorier-aendret',
    ]);
  });

  it('"Registrer fraflytning" whose mandatory undring no longer appears (no spouse) runs through to afsluttet', async () => {
    expect(results.find((r) => r.taskId === ids.marriedMoveOut)).toEqual({
      taskId: ids.marriedMoveOut,
      type: moveOut,
      municipality: '101',
      cpr: '0303803001',
      outcome: 'gennemfoert',
      status: 'afsluttet',
      currentStep: null,
      queries: '',
      cleared: '',
      message: null,
    });
    const task = await taskRow(ids.marriedMoveOut);
    expect(task).toMatchObject({
      status: 'afsluttet',
      current_step: null,
      open_queries: 0,
      close_reason: 'gennemført automatisk efter genstart',
      closed_at: new Date(releaseDay),
    });
    expect(task.queries).toEqual([]);
    expect((await eventsOf(ids.marriedMoveOut)).slice(-4).map((e) => [e.type, e.step])).toEqual([
      ['opgave-genstartet', null],
      ['trin-gennemfoert', 'effektuer-flytning'],
      ['trin-gennemfoert', 'vurder-bopaelssamlingsabonnementer'],
      ['opgave-afsluttet', null],
    ]);
  });

  it('one whose spouse is still there stops at the undring again', async () => {
    expect(results.find((r) => r.taskId === ids.stillMarriedMoveOut)).toMatchObject({
      cpr: '0303803002',
      outcome: 'undring',
      status: 'aaben',
      currentStep: 'vurder-bopaelssamlingsabonnementer',
      queries: 'bopaelssamlingsabonnementer',
      cleared: '',
    });
    const task = await taskRow(ids.stillMarriedMoveOut);
    expect(task).toMatchObject({ status: 'aaben', open_queries: 1, version: 2 });
    expect((await eventsOf(ids.stillMarriedMoveOut)).slice(-3).map((e) => [e.type, e.step])).toEqual([
      ['opgave-genstartet', null],
      ['trin-gennemfoert', 'effektuer-flytning'],
      ['undring-rejst', 'vurder-bopaelssamlingsabonnementer'],
    ]);
  });

  it('closed tasks and open tasks of other types are untouched', async () => {
    for (const id of [ids.closedFollowUp, ids.singleMoveOut, ids.otherType]) {
      const task = await taskRow(id);
      expect(task.updated_at, id).not.toEqual(new Date(releaseDay));
      expect((await eventsOf(id)).map((e) => e.type)).not.toContain('opgave-genstartet');
    }
    expect((await taskRow(ids.otherType)).status).toBe('aaben');
  });

  it('the report is the batch’s result rows, one per task, in task order', async () => {
    expect(await report(batchId)).toEqual(results);
    expect(batchCsvHeader()).toBe(
      'opgave;type;kommune;cpr;udfald;status;aktuelt_trin;undringer;ryddet;besked',
    );
    const entered = results.find((r) => r.taskId === ids.enteredFollowUp) as BatchResult;
    expect(batchCsvLine(entered)).toBe(
      `${ids.enteredFollowUp};${followUp};147;0303803001;afventer-sagsbehandler;aaben;kontroller-registrering;;trin:kontroller-registrering|kategori:haster|kategori:klage;`,
    );
    expect(batchCsvLine({ ...entered, message: 'konflikt: "ændret"; prøv igen' })).toMatch(
      /;"konflikt: ""ændret""; prøv igen"$/,
    );
  });

  it('a second restart is a new batch of the tasks still open', async () => {
    const again = await run({ types: restartTypes }, '2025-05-13T06:00:00Z');
    expect(again.summary.ok && again.summary.value).toMatchObject({ resumed: false, total: 3 });
    expect(again.summary.ok && again.summary.value.batchId).not.toBe(batchId);
    // Nothing was entered since the first restart: nothing to clear.
    expect(again.results.map((r) => r.cleared)).toEqual(['', '', '']);
  });
});

describe('a restart that is interrupted', () => {
  const administration = 'opfoelgning-administration';
  let tasks: string[];
  let batchId: string;
  let handledFirst: number;

  it('stops half-way: the tasks done are committed with their result, the batch is not finished', async () => {
    tasks = [ids.otherType, ...(await createFollowUps(ids.single, administration, 11))];
    let seen = 0;
    await expect(
      run({ types: [administration] }, releaseDay, () => {
        seen += 1;
        if (seen === 3) throw new Error('afbrudt');
      }),
    ).rejects.toThrow('afbrudt');
    const batch = await db
      .selectFrom('task_batches')
      .selectAll()
      .where('finished_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(batch.finished_at).toBeNull();
    batchId = batch.id;
    const done = await db
      .selectFrom('task_batch_results')
      .select('task_id')
      .where('batch_id', '=', batchId)
      .execute();
    handledFirst = done.length;
    // The workers stop taking tasks once one fails: those in hand are finished, no more.
    expect(handledFirst).toBeGreaterThanOrEqual(3);
    expect(handledFirst).toBeLessThan(tasks.length);
    const restarted = await db
      .selectFrom('tasks')
      .select('id')
      .where('id', 'in', tasks)
      .where('updated_at', '=', new Date(releaseDay))
      .execute();
    expect(restarted.map((r) => r.id).sort()).toEqual(done.map((r) => r.task_id).sort());
  });

  it('running it again resumes the same batch and handles only the tasks not yet done', async () => {
    const again = await run({ types: [administration] }, '2025-05-13T05:10:00Z');
    expect(again.summary.ok && again.summary.value).toEqual({
      batchId,
      resumed: true,
      total: tasks.length - handledFirst,
      byOutcome: { 'afventer-sagsbehandler': tasks.length - handledFirst },
    });
    const restarts = await db
      .selectFrom('task_events')
      .select(['task_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('task_id', 'in', tasks)
      .where('type', '=', 'opgave-genstartet')
      .groupBy('task_id')
      .execute();
    expect(restarts).toHaveLength(tasks.length);
    expect(restarts.every((r) => Number(r.n) === 1)).toBe(true);
    const versions = await db.selectFrom('tasks').select('version').where('id', 'in', tasks).execute();
    expect(versions.every((v) => v.version === 2)).toBe(true);
    const batch = await db
      .selectFrom('task_batches')
      .select('finished_at')
      .where('id', '=', batchId)
      .executeTakeFirstOrThrow();
    expect(batch.finished_at).toEqual(new Date('2025-05-13T05:10:00Z'));
  });

  it('the report has every task exactly once, from both attempts', async () => {
    const rows = await report(batchId);
    expect(rows.map((r) => r.taskId)).toEqual([...tasks].sort());
    expect(new Set(rows.map((r) => r.outcome))).toEqual(new Set(['afventer-sagsbehandler']));
  });

  it('a batch marked unfinished resumes with nothing left to do', async () => {
    await sql`update task_batches set finished_at = null where id = ${batchId}`.execute(db);
    const before = await everything();
    const again = await run({ types: [administration] }, '2025-05-13T05:20:00Z');
    expect(again.summary.ok && again.summary.value).toEqual({
      batchId,
      resumed: true,
      total: 0,
      byOutcome: {},
    });
    const after = await everything();
    expect(after['tasks']).toEqual(before['tasks']);
    expect(after['task_events']).toEqual(before['task_events']);
    expect(after['task_batch_results']).toEqual(before['task_batch_results']);
    expect((await report(batchId)).map((r) => r.taskId)).toEqual([...tasks].sort());
  });
});

describe('closing the open tasks of a type ("Send brev", KY 6.1 section 3)', () => {
  const administration = 'opfoelgning-administration';
  const reason = 'Brevene skal ikke udsendes; den nye proces overtager';

  it('the dry run says each would be cancelled and changes nothing', async () => {
    const before = await everything();
    const { summary, results } = await run({ kind: 'luk', types: [administration], reason, dryRun: true });
    expect(await everything()).toEqual(before);
    expect(summary.ok && summary.value).toMatchObject({ batchId: null, total: 12 });
    expect(new Set(results.map((r) => `${r.outcome}/${r.status}/${String(r.currentStep)}`))).toEqual(
      new Set(['annulleret/annulleret/null']),
    );
  });

  it('cancels every open task of the type with the reason; other types stay open', async () => {
    const open = await db
      .selectFrom('tasks')
      .select('id')
      .where('type', '=', administration)
      .where('status', '=', 'aaben')
      .execute();
    const { summary, results } = await run(
      { kind: 'luk', types: [administration], reason },
      '2025-05-14T08:00:00Z',
    );
    if (!summary.ok) throw new Error(summary.error.message);
    expect(summary.value).toMatchObject({ resumed: false, total: 12, byOutcome: { annulleret: 12 } });
    expect(results.map((r) => r.taskId)).toEqual(open.map((r) => r.id).sort());
    expect(results.every((r) => r.cleared === '' && r.queries === '')).toBe(true);
    const closed = await db
      .selectFrom('tasks')
      .select(['status', 'close_reason', 'closed_at', 'current_step'])
      .where('type', '=', administration)
      .distinct()
      .execute();
    expect(closed).toEqual([
      {
        status: 'annulleret',
        close_reason: reason,
        closed_at: new Date('2025-05-14T08:00:00Z'),
        current_step: null,
      },
    ]);
    expect((await eventsOf(ids.otherType)).at(-1)).toEqual({
      type: 'opgave-annulleret',
      step: null,
      data: { reason },
      actor: 'system:opgave-genstart',
    });
    const batch = await db
      .selectFrom('task_batches')
      .select(['kind', 'reason', 'finished_at'])
      .where('id', '=', summary.value.batchId as string)
      .executeTakeFirstOrThrow();
    expect(batch).toEqual({ kind: 'luk', reason, finished_at: new Date('2025-05-14T08:00:00Z') });
    expect(await report(summary.value.batchId as string)).toEqual(results);
    const stillOpen = await db
      .selectFrom('tasks')
      .select('type')
      .where('status', '=', 'aaben')
      .distinct()
      .execute();
    expect(stillOpen.map((r) => r.type).sort()).toEqual([followUp, moveOut]);
  });

  it('an unfinished closing is resumed only with the same reason', async () => {
    await sql`update task_batches set finished_at = null where kind = 'luk'`.execute(db);
    const other = await run({ kind: 'luk', types: [administration], reason: 'En anden grund' });
    expect(other.summary.ok && other.summary.value).toMatchObject({ resumed: false, total: 0 });
    const same = await run({ kind: 'luk', types: [administration], reason: ` ${reason} ` });
    expect(same.summary.ok && same.summary.value).toMatchObject({ resumed: true, total: 0 });
  });
});
