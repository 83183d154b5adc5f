import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { runDailyMoves } from '../../platform/system.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { occurrencesOn } from '../../platform/jobs/domain/schedule.ts';
import { routePlugins, taskTypes } from '../../platform/system.ts';
import { runUseCase } from '../../platform/use-case.ts';
import { createTasks } from '../index.ts';

let app: FastifyInstance;
let db: Db;
let clock: SimulatedClock;
let as101: AuthHeaders;
let as147: AuthHeaders;
let sb2: AuthHeaders;
/** The system owner of 101, who creates the municipality's task categories. */
let owner101: AuthHeaders;

const karen = '070362-1007';
const ole = '280880-1001';
const mads = '010180-1001';
const bo = '010180-1002';
const personIds: Record<string, string> = {};

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;
interface Problem {
  code: string;
  status: number;
  field?: string;
  detail: string;
  details?: { task?: Task };
}
interface Step {
  key: string;
  status: string;
  input: Record<string, unknown> | null;
  mode: string;
  skippable: boolean;
  inputSchema: Record<string, unknown> | null;
}
interface Task {
  id: string;
  type: string;
  typeName: string;
  municipality: string;
  status: string;
  closeReason: string | null;
  currentStep: string | null;
  steps: Step[];
  assignee: string | null;
  categories: string[];
  dueOn: string | null;
  version: number;
}
interface Row {
  id: string;
  type: string;
  typeName: string;
  cpr: string;
  municipality: string;
  createdAt: string;
  assignee: string | null;
  categories: string[];
}
interface Page {
  rows: Row[];
  next: string | null;
}

const problemOf = (response: Inject): Problem => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json<Problem>();
};

/** A follow-up as the 04:00 run creates it, a minute after the one before. */
async function followUp(type: string, cpr: string, municipality: string): Promise<string> {
  clock.advanceTo(clock.now().add({ minutes: 1 }));
  const created = await runUseCase(
    { db, clock },
    systemActor('daglig-flytning'),
    'job',
    'koersel',
    (context) =>
      createTasks(context, taskTypes, personIds[cpr] as string, [
        { type, municipality: municipality as MunicipalityCode, data: { cpr } },
      ]),
  );
  if (!created.ok) throw new Error(created.error.message);
  return created.value[0] as string;
}

const inbox = (query: string, headers: Record<string, string> = as101): Promise<Inject> =>
  app.inject({ url: `/api/tasks${query}`, headers });
const detail = (id: string, headers: Record<string, string> = as101): Promise<Inject> =>
  app.inject({ url: `/api/tasks/${id}`, headers });
const act = (
  id: string,
  version: number,
  handling: object,
  headers: Record<string, string> = as101,
): Promise<Inject> =>
  app.inject({ method: 'POST', url: `/api/tasks/${id}/handlinger`, headers, payload: { version, handling } });
const start = (payload: object, headers: Record<string, string> = as101): Promise<Inject> =>
  app.inject({ method: 'POST', url: '/api/tasks', headers, payload });

async function read(id: string): Promise<Task> {
  const response = await detail(id);
  expect(response.statusCode).toBe(200);
  return response.json<{ task: Task }>().task;
}

/** A refusal changed nothing: the task is at the same version. */
async function expectUnchanged(id: string, version: number): Promise<void> {
  expect((await read(id)).version).toBe(version);
}

/** Acts and expects success; returns the task after the action. */
async function ok(id: string, handling: object, headers: Record<string, string> = as101): Promise<Task> {
  const { version } = await read(id);
  const response = await act(id, version, handling, headers);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ task: Task }>().task;
}

/** Acts, expects a refusal with the status, code and (optionally) field, and that nothing changed. */
async function refused(
  id: string,
  handling: object,
  status: number,
  code: string,
  field?: string,
  headers: Record<string, string> = as101,
): Promise<Problem> {
  const { version } = await read(id);
  const response = await act(id, version, handling, headers);
  expect(response.statusCode, response.body).toBe(status);
  const body = problemOf(response);
  expect(body.code).toBe(code);
  if (field !== undefined) expect(body.field).toBe(field);
  await expectUnchanged(id, version);
  return body;
}

const ids: Record<string, string> = {};

/** A task of 101 for Bo, who lives in 147 (so 147 is related to him), made once when a test needs it. */
async function boTaskOf101(): Promise<string> {
  ids['oekBo'] ??= await followUp('opfoelgning-oekonomiske-udestaaender', bo, '101');
  return ids['oekBo'];
}

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  as101 = await asUser(db, '101');
  as147 = await asUser(db, '147');
  sb2 = await asUser(db, '101', { user: 'sb2' });
  owner101 = await asUser(db, '101', { user: 'drift101', roles: ['systemansvarlig'] });
  clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
  for (const [cpr, name, municipality, headers] of [
    [karen, 'Karen Testesen', '101', as101],
    [ole, 'Ole Testesen', '101', as101],
    [mads, 'Mads Testesen', '101', as101],
    [bo, 'Bo Aarhusianer', '147', as147],
  ] as const) {
    const created = await app.inject({
      method: 'POST',
      url: '/api/persons',
      headers,
      payload: { cpr, name, residence: [{ municipality, from: '2015-01-01' }], cprSubscription: true },
    });
    expect(created.statusCode).toBe(201);
    personIds[cpr] = created.json<{ id: string }>().id;
  }
  ids['admKaren'] = await followUp('opfoelgning-administration', karen, '101');
  ids['instOle'] = await followUp('opfoelgning-institutionsophold', ole, '101');
  ids['modtBo'] = await followUp('opfoelgning-modtaget-handleansvar', bo, '147');
  ids['kontrolMads'] = await followUp('opfoelgning-tilflytning-uden-handleansvar', mads, '101');
  ids['oekKaren'] = await followUp('opfoelgning-oekonomiske-udestaaender', karen, '101');
});
afterAll(() => app.close());

describe('GET /api/tasks (the inbox)', () => {
  const own = () => [ids['admKaren'], ids['instOle'], ids['kontrolMads'], ids['oekKaren']];

  it('lists the open tasks of the caller’s municipality only, oldest first, with the type’s name', async () => {
    const response = await inbox('');
    expect(response.statusCode).toBe(200);
    const page = response.json<Page>();
    expect(page.next).toBeNull();
    expect(page.rows.map((row) => row.id)).toEqual(own());
    expect(page.rows[0]).toMatchObject({
      type: 'opfoelgning-administration',
      typeName: 'Opfølgning: administration af økonomi (APØ)',
      cpr: karen,
      personName: 'Karen Testesen',
      municipality: '101',
      status: 'aaben',
      currentStep: 'vurder-administration',
      openQueries: 0,
      assignee: null,
      categories: [],
      dueOn: '2025-05-19',
      createdAt: '2025-05-05T07:01:00Z',
      version: expect.any(Number) as unknown,
    });
    const other = (await inbox('', as147)).json<Page>();
    expect(other.rows.map((row) => row.id)).toEqual([ids['modtBo']]);
  });

  it('filters by type, citizen, status, due date, assignee and open undringer', async () => {
    const idsOf = async (query: string) => {
      const response = await inbox(query);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Page>().rows.map((row) => row.id);
    };
    expect(await idsOf('?type=opfoelgning-administration,opfoelgning-institutionsophold')).toEqual([
      ids['admKaren'],
      ids['instOle'],
    ]);
    expect(await idsOf('?type=opfoelgning-administration&type=opfoelgning-oekonomiske-udestaaender')).toEqual(
      [ids['admKaren'], ids['oekKaren']],
    );
    expect(await idsOf(`?cpr=${karen}`)).toEqual([ids['admKaren'], ids['oekKaren']]);
    expect(await idsOf('?status=afsluttet,afvist')).toEqual([]);
    expect(await idsOf('?status=aaben&status=annulleret')).toEqual(own());
    expect(await idsOf('?fristFoer=2025-05-18')).toEqual([]);
    expect(await idsOf('?fristFoer=2025-05-19')).toEqual(own());
    expect(await idsOf('?tildelt=ingen')).toEqual(own());
    expect(await idsOf('?tildelt=mig')).toEqual([]);
    expect(await idsOf('?medUndring=true')).toEqual([]);
    expect(await idsOf('?medUndring=false')).toEqual(own());
    expect(await idsOf('?sortering=oprettet-nyeste')).toEqual(own().reverse());
    // The same due date for all: the id decides.
    expect(await idsOf('?sortering=frist')).toEqual([...own()].sort());
  });

  it.each(['oprettet', 'oprettet-nyeste', 'frist'])('pages with next when sorted by %s', async (sort) => {
    const all = (await inbox(`?sortering=${sort}`)).json<Page>().rows.map((row) => row.id);
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const after: string = next === null ? '' : `&efter=${encodeURIComponent(next)}`;
      const response = await inbox(`?sortering=${sort}&antal=1${after}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<Page>();
      expect(page.rows).toHaveLength(1);
      seen.push(...page.rows.map((row) => row.id));
      next = page.next;
      pages += 1;
    } while (next !== null && pages < 10);
    expect(seen).toEqual(all);
    expect(pages).toBe(4);
  });

  it.each([
    ['a page size of 0', '?antal=0', 'ugyldigt-input', 'antal'],
    ['a page size of 201', '?antal=201', 'ugyldigt-input', 'antal'],
    ['a page size that is no number', '?antal=mange', 'ugyldigt-input', 'antal'],
    ['an unknown sort', '?sortering=navn', 'ugyldigt-input', 'sortering'],
    ['an unknown status', '?status=aaben,lukket', 'ugyldigt-input', 'status.1'],
    ['an unknown type', '?type=opfoelgning-administration,flyt', 'ukendt-opgavetype', 'type.1'],
    ['an unknown category', '?kategori=ukendt', 'ukendt-kategori', 'kategori'],
    ['an impossible date', '?fristFoer=2025-02-30', 'ugyldig-dato', 'fristFoer'],
    ['medUndring that is no boolean', '?medUndring=ja', 'ugyldigt-input', 'medUndring'],
    ['a bad cursor', '?efter=noget', 'ugyldigt-input', 'efter'],
    ['a bad CPR', '?cpr=123', 'ugyldigt-cpr', 'cpr'],
  ])('refuses %s with 400 naming the parameter', async (_name, query, code, field) => {
    const response = await inbox(query);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response)).toMatchObject({ code, field });
  });

  it('refuses a cursor of another sort, an unknown citizen and a caller without headers', async () => {
    const first = (await inbox('?antal=1')).json<Page>();
    const response = await inbox(`?sortering=frist&efter=${encodeURIComponent(first.next ?? '')}`);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).field).toBe('efter');
    // An unknown citizen has no tasks: the inbox does not tell whether the citizen exists.
    const unknown = await inbox('?cpr=010190-0000');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json<Page>()).toEqual({ rows: [], next: null });
    const anonymous = await app.inject({ url: '/api/tasks' });
    expect(anonymous.statusCode).toBe(401);
    expect(problemOf(anonymous).code).toBe('ikke-godkendt');
  });
});

describe('GET /api/tasks/{id}', () => {
  it('shows the task with its steps, the citizen’s CPR and its events', async () => {
    const response = await detail(ids['admKaren'] as string);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ task: Task; cpr: string; events: Record<string, unknown>[] }>();
    expect(body.cpr).toBe(karen);
    expect(body.task).toMatchObject({
      id: ids['admKaren'],
      type: 'opfoelgning-administration',
      typeName: 'Opfølgning: administration af økonomi (APØ)',
      personId: personIds[karen],
      municipality: '101',
      status: 'aaben',
      currentStep: 'vurder-administration',
      data: { cpr: karen },
      dueOn: '2025-05-19',
      createdAt: '2025-05-05T07:01:00Z',
      closedAt: null,
    });
    expect(body.task.steps.map((s) => [s.key, s.status, s.mode, s.skippable])).toEqual([
      ['vurder-administration', 'aktiv', 'manuel', false],
      ['opsummering', 'afventer', 'manuel', false],
    ]);
    expect(body.task.steps[0]?.inputSchema).toMatchObject({
      type: 'object',
      properties: { notat: { type: 'string' } },
    });
    expect(body.task.steps[1]?.inputSchema).toBeNull();
    expect(body.events).toEqual([
      {
        occurredAt: '2025-05-05T07:01:00Z',
        actor: 'system:daglig-flytning',
        type: 'opgave-oprettet',
        step: null,
        data: { data: { cpr: karen } },
      },
    ]);
  });

  it('answers a caseworker of a municipality with no relation to the citizen as for an unknown task', async () => {
    const unrelated = await detail(ids['admKaren'] as string, as147);
    expect(unrelated.statusCode).toBe(404);
    expect(problemOf(unrelated)).toMatchObject({
      code: 'ikke-fundet',
      field: 'id',
      detail: 'Opgaven findes ikke',
    });
    expect(unrelated.body).not.toContain('Karen');
  });

  it('answers a malformed id with 400, an unknown task with 404 and a caller without headers with 401', async () => {
    const malformed = await detail('abc');
    expect(malformed.statusCode).toBe(400);
    expect(problemOf(malformed)).toMatchObject({ code: 'ugyldigt-input', field: 'id' });
    const unknown = await detail('00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(problemOf(unknown)).toMatchObject({ code: 'ikke-fundet', field: 'id' });
    const anonymous = await app.inject({ url: `/api/tasks/${ids['admKaren'] as string}` });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('POST /api/tasks/{id}/handlinger', () => {
  it('advances a follow-up step by step, back again, and completes it with the summary', async () => {
    const id = ids['admKaren'] as string;
    await refused(
      id,
      { kind: 'videre', step: 'vurder-administration', input: { notat: ' ' } },
      400,
      'ugyldigt-input',
      'input.notat',
    );
    await refused(
      id,
      { kind: 'videre', step: 'vurder-administration', input: {} },
      400,
      'ugyldigt-input',
      'input.notat',
    );
    await refused(id, { kind: 'videre', step: 'opsummering' }, 409, 'trin-ude-af-raekkefoelge', 'step');
    await refused(id, { kind: 'videre', step: 'ukendt' }, 400, 'ukendt-trin', 'step');
    await refused(
      id,
      { kind: 'tilbage', step: 'vurder-administration' },
      409,
      'trin-ikke-gennemfoert',
      'step',
    );

    const before = await read(id);
    const done = await ok(id, { kind: 'videre', step: 'vurder-administration', input: { notat: 'Set' } });
    expect(done.version).toBe(before.version + 1);
    expect(done.currentStep).toBe('opsummering');
    expect(done.steps.map((s) => [s.key, s.status])).toEqual([
      ['vurder-administration', 'gennemfoert'],
      ['opsummering', 'aktiv'],
    ]);
    expect(done.steps[0]?.input).toEqual({ notat: 'Set' });

    const back = await ok(id, { kind: 'tilbage', step: 'vurder-administration' });
    expect(back.currentStep).toBe('vurder-administration');
    expect(back.steps.map((s) => [s.key, s.status])).toEqual([
      ['vurder-administration', 'aktiv'],
      ['opsummering', 'afventer'],
    ]);
    expect(back.steps[0]?.input).toEqual({ notat: 'Set' });

    await ok(id, { kind: 'videre', step: 'vurder-administration', input: { notat: 'Set igen' } });
    const response = await act(id, (await read(id)).version, { kind: 'videre', step: 'opsummering' });
    expect(response.statusCode).toBe(200);
    const completed = response.json<{ task: Task & { closedAt: string }; effects: unknown }>();
    expect(completed.effects).toBeNull();
    expect(completed.task).toMatchObject({
      status: 'afsluttet',
      currentStep: null,
      closeReason: 'gennemført',
      closedAt: '2025-05-05T07:05:00Z',
    });

    const events = (await detail(id)).json<{
      events: { type: string; step: string | null; actor: string }[];
    }>().events;
    expect(events.map((e) => [e.type, e.step])).toEqual([
      ['opgave-oprettet', null],
      ['trin-gennemfoert', 'vurder-administration'],
      ['trin-genaabnet', 'vurder-administration'],
      ['trin-gennemfoert', 'vurder-administration'],
      ['trin-gennemfoert', 'opsummering'],
      ['opgave-afsluttet', null],
    ]);
    expect(events[1]?.actor).toBe('bruger:sb101@101');

    const listed = (await inbox('?status=afsluttet')).json<Page>().rows.map((row) => row.id);
    expect(listed).toEqual([id]);
  });

  it('refuses every action on a closed task with 409 opgave-lukket', async () => {
    const id = ids['admKaren'] as string;
    await refused(id, { kind: 'videre', step: 'opsummering' }, 409, 'opgave-lukket');
    await refused(id, { kind: 'tilbage', step: 'vurder-administration' }, 409, 'opgave-lukket');
    await refused(id, { kind: 'annuller', reason: 'Fejl' }, 409, 'opgave-lukket');
    await refused(id, { kind: 'tildel', assignee: 'sb2' }, 409, 'opgave-lukket');
    await refused(id, { kind: 'kategorier', categories: [] }, 409, 'opgave-lukket');
  });

  it('never skips a step that may not be skipped, and cannot complete by hand with steps left', async () => {
    const id = ids['instOle'] as string;
    await refused(
      id,
      { kind: 'spring-over', step: 'vurder-institutionsophold' },
      409,
      'trin-kan-ikke-springes-over',
      'step',
    );
    await refused(id, { kind: 'afslut', reason: 'Færdig' }, 409, 'trin-mangler', 'step');
    await ok(id, { kind: 'videre', step: 'vurder-institutionsophold', input: { notat: 'Set' } });
    await refused(
      id,
      { kind: 'spring-over', step: 'opsummering' },
      409,
      'trin-kan-ikke-springes-over',
      'step',
    );
  });

  it('rejects and cancels only with a reason', async () => {
    const id = ids['instOle'] as string;
    await refused(id, { kind: 'afvis' }, 400, 'ugyldigt-input', 'handling.reason');
    await refused(id, { kind: 'afvis', reason: '   ' }, 400, 'ugyldigt-input', 'reason');
    const rejected = await ok(id, { kind: 'afvis', reason: 'Ikke relevant' });
    expect(rejected).toMatchObject({ status: 'afvist', closeReason: 'Ikke relevant', currentStep: null });

    const other = await followUp('opfoelgning-administration', ole, '101');
    await refused(other, { kind: 'annuller' }, 400, 'ugyldigt-input', 'handling.reason');
    await refused(other, { kind: 'annuller', reason: '' }, 400, 'ugyldigt-input', 'reason');
    const cancelled = await ok(other, { kind: 'annuller', reason: 'Oprettet ved en fejl' });
    expect(cancelled).toMatchObject({ status: 'annulleret', closeReason: 'Oprettet ved en fejl' });
  });

  it.each([
    ['no version', { handling: { kind: 'tildel', assignee: 'sb2' } }, 'version'],
    [
      'a version that is no integer',
      { version: 1.5, handling: { kind: 'tildel', assignee: 'sb2' } },
      'version',
    ],
    ['an unknown action', { version: 1, handling: { kind: 'slet' } }, 'handling.kind'],
    ['an action without its step', { version: 1, handling: { kind: 'videre' } }, 'handling.step'],
    ['an unknown field', { version: 1, handling: { kind: 'tilbage', step: 'x', trin: 'x' } }, 'handling'],
    [
      'categories that are no list',
      { version: 1, handling: { kind: 'kategorier', categories: 'a' } },
      'handling.categories',
    ],
  ])('refuses a body with %s with 400 naming the field', async (_name, payload, field) => {
    const id = ids['kontrolMads'] as string;
    const { version } = await read(id);
    const response = await app.inject({
      method: 'POST',
      url: `/api/tasks/${id}/handlinger`,
      headers: as101,
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response)).toMatchObject({ code: 'ugyldigt-input', field });
    await expectUnchanged(id, version);
  });

  it('refuses an action against an old version with 409 konflikt carrying the task as it is now', async () => {
    const id = ids['kontrolMads'] as string;
    const { version } = await read(id);
    await ok(id, { kind: 'tildel', assignee: 'sb9' });
    const response = await act(id, version, { kind: 'tildel', assignee: 'sb8' });
    expect(response.statusCode).toBe(409);
    const body = problemOf(response);
    expect(body).toMatchObject({ code: 'konflikt', field: 'version' });
    expect(body.details?.task).toMatchObject({ id, version: version + 1, assignee: 'sb9' });
    await expectUnchanged(id, version + 1);
    await ok(id, { kind: 'tildel', assignee: null });
  });

  it('lets exactly one of two concurrent actions on the same version through; the other gets the fresh task', async () => {
    const id = ids['kontrolMads'] as string;
    const { version } = await read(id);
    const responses = await Promise.all([
      act(id, version, { kind: 'tildel', assignee: 'sb3' }),
      act(id, version, { kind: 'videre', step: 'kontroller-registrering', input: { notat: 'Kontrolleret' } }),
    ]);
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = responses.find((r) => r.statusCode === 200) as Inject;
    const loser = responses.find((r) => r.statusCode === 409) as Inject;
    const won = winner.json<{ task: Task }>().task;
    expect(won.version).toBe(version + 1);
    const problem = problemOf(loser);
    expect(problem.code).toBe('konflikt');
    expect(problem.details?.task).toEqual(won);
    expect(await read(id)).toEqual(won);
  });

  it('refuses a caseworker of another municipality related to the citizen with 403 ikke-ejer', async () => {
    // 101's task for Bo, who lives in 147: 147 may see it, not work it.
    const id = await boTaskOf101();
    expect((await detail(id, as147)).statusCode).toBe(200);
    await refused(id, { kind: 'tildel', assignee: 'sb147' }, 403, 'ikke-ejer', undefined, as147);
    await refused(
      id,
      { kind: 'videre', step: 'opgoer-udestaaender', input: { afregnet: true, notat: 'x' } },
      403,
      'ikke-ejer',
      undefined,
      as147,
    );
    await refused(id, { kind: 'annuller', reason: 'Ikke vores' }, 403, 'ikke-ejer', undefined, as147);
  });

  it('answers a caseworker of a municipality with no relation to the citizen as for an unknown task', async () => {
    const id = ids['oekKaren'] as string;
    await refused(id, { kind: 'tildel', assignee: 'sb147' }, 404, 'ikke-fundet', 'id', as147);
    await refused(id, { kind: 'annuller', reason: 'Ikke vores' }, 404, 'ikke-fundet', 'id', as147);
  });

  it('answers a malformed id with 400, an unknown task with 404 and a caller without headers with 401', async () => {
    const handling = { kind: 'tildel', assignee: 'sb2' };
    const malformed = await act('abc', 1, handling);
    expect(malformed.statusCode).toBe(400);
    expect(problemOf(malformed)).toMatchObject({ code: 'ugyldigt-input', field: 'id' });
    const unknown = await act('00000000-0000-4000-8000-000000000000', 1, handling);
    expect(unknown.statusCode).toBe(404);
    expect(problemOf(unknown)).toMatchObject({ code: 'ikke-fundet', field: 'id' });
    const id = ids['oekKaren'] as string;
    const { version } = await read(id);
    const anonymous = await act(id, version, handling, {});
    expect(anonymous.statusCode).toBe(401);
    await expectUnchanged(id, version);
  });

  it('assigns a task to a caseworker and takes the assignment back', async () => {
    const id = ids['oekKaren'] as string;
    await refused(id, { kind: 'tildel', assignee: '  ' }, 400, 'ugyldigt-input', 'assignee');
    expect((await ok(id, { kind: 'tildel', assignee: 'sb2' })).assignee).toBe('sb2');
    const mine = (await inbox('?tildelt=mig', sb2)).json<Page>().rows.map((row) => row.id);
    expect(mine).toEqual([id]);
    expect((await inbox('?tildelt=sb2')).json<Page>().rows.map((row) => row.id)).toEqual([id]);
    expect((await inbox('?tildelt=ingen')).json<Page>().rows.map((row) => row.id)).not.toContain(id);
    expect((await ok(id, { kind: 'tildel', assignee: null })).assignee).toBeNull();
    expect((await inbox('?tildelt=sb2')).json<Page>().rows).toEqual([]);
  });

  it('sets and clears the municipality’s categories on a task', async () => {
    const id = ids['oekKaren'] as string;
    await refused(id, { kind: 'kategorier', categories: ['ukendt'] }, 400, 'ukendt-kategori', 'categories.0');
    for (const [key, name] of [
      ['flytning', 'Flytning'],
      ['haster', 'Haster'],
    ]) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/task-categories',
        headers: owner101,
        payload: { key, name },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toEqual({ key, name });
    }
    await refused(
      id,
      { kind: 'kategorier', categories: ['haster', 'ukendt'] },
      400,
      'ukendt-kategori',
      'categories.1',
    );
    const set = await ok(id, { kind: 'kategorier', categories: ['haster', 'flytning', 'haster'] });
    expect(set.categories).toEqual(['flytning', 'haster']);
    const listed = (await inbox('?kategori=haster')).json<Page>().rows;
    expect(listed.map((row) => [row.id, row.categories])).toEqual([[id, ['flytning', 'haster']]]);
    expect((await ok(id, { kind: 'kategorier', categories: [] })).categories).toEqual([]);
    expect((await inbox('?kategori=haster')).json<Page>().rows).toEqual([]);
    // Another municipality has categories of its own.
    await refused(
      ids['modtBo'] as string,
      { kind: 'kategorier', categories: ['haster'] },
      400,
      'ukendt-kategori',
      'categories.0',
      as147,
    );
  });
  it('answers an undring the task does not have with 404 ukendt-undring', async () => {
    const id = ids['oekKaren'] as string;
    await refused(id, { kind: 'loes-undring', query: 'x:y', note: 'Løst' }, 404, 'ukendt-undring', 'query');
    await refused(id, { kind: 'afvis-undring', query: 'x:y' }, 404, 'ukendt-undring', 'query');
    await refused(id, { kind: 'loes-undring', query: 'x:y' }, 400, 'ugyldigt-input', 'handling.note');
  });
});

describe('/api/task-categories', () => {
  it('lists the caller’s municipality’s categories only', async () => {
    const own = await app.inject({ url: '/api/task-categories', headers: as101 });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual([
      { key: 'flytning', name: 'Flytning' },
      { key: 'haster', name: 'Haster' },
    ]);
    expect((await app.inject({ url: '/api/task-categories', headers: as147 })).json()).toEqual([]);
    expect((await app.inject({ url: '/api/task-categories' })).statusCode).toBe(401);
  });

  it('refuses a caseworker creating a category: that is the system owner’s', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/task-categories',
      headers: as101,
      payload: { key: 'egen', name: 'Egen' },
    });
    expect(response.statusCode).toBe(403);
    expect(problemOf(response).code).toBe('ingen-adgang');
    const listed = await app.inject({ url: '/api/task-categories', headers: as101 });
    expect(listed.json<{ key: string }[]>().map((category) => category.key)).not.toContain('egen');
  });

  it.each([
    ['a key the municipality has', { key: 'haster', name: 'Haster igen' }, 409, 'konflikt', 'key'],
    ['a bad key', { key: 'Haster Nu', name: 'Haster nu' }, 400, 'ugyldigt-input', 'key'],
    ['an empty name', { key: 'tom', name: ' ' }, 400, 'ugyldigt-input', 'name'],
    ['no name', { key: 'tom' }, 400, 'ugyldigt-input', 'name'],
  ])('refuses %s', async (_name, payload, status, code, field) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/task-categories',
      headers: owner101,
      payload,
    });
    expect(response.statusCode).toBe(status);
    expect(problemOf(response)).toMatchObject({ code, field });
  });
});

describe('GET /api/task-types', () => {
  it('lists the registry with each type’s steps and their input schemas', async () => {
    expect((await app.inject({ url: '/api/task-types' })).statusCode).toBe(401);
    const response = await app.inject({ url: '/api/task-types', headers: as101 });
    expect(response.statusCode).toBe(200);
    const types =
      response.json<
        { key: string; name: string; dueDays: number | null; startableByHand: boolean; steps: Step[] }[]
      >();
    expect(types.map((t) => t.key)).toEqual(taskTypes.keys());
    expect(types.find((t) => t.key === 'bestem-handlekommune-manuelt')).toMatchObject({
      name: 'Bestem handlekommune manuelt',
      dueDays: null,
      startableByHand: true,
      steps: [
        { key: 'angiv-handlekommune', mode: 'manuel', skippable: false, inputSchema: { type: 'object' } },
        { key: 'opsummering', name: 'Opsummering', mode: 'manuel', skippable: false, inputSchema: null },
      ],
    });
    expect(types.find((t) => t.key === 'opfoelgning-administration')).toMatchObject({
      dueDays: 14,
      startableByHand: false,
    });
  });
});

describe('POST /api/tasks (start by hand)', () => {
  const manual = { type: 'bestem-handlekommune-manuelt', cpr: mads };

  it.each([
    [
      'a system-only type',
      { type: 'opfoelgning-administration', cpr: mads },
      409,
      'kan-ikke-startes',
      'type',
    ],
    ['an unknown type', { type: 'flyt-borger', cpr: mads }, 400, 'ukendt-opgavetype', 'type'],
    ['a bad CPR', { ...manual, cpr: '123' }, 400, 'ugyldigt-cpr', 'cpr'],
    ['an unknown citizen', { ...manual, cpr: '010190-0000' }, 404, 'ikke-fundet', 'cpr'],
    ['no type', { cpr: mads }, 400, 'ugyldigt-input', 'type'],
    ['data that is no object', { ...manual, data: 'x' }, 400, 'ugyldigt-input', 'data'],
  ])('refuses %s, creating nothing', async (_name, payload, status, code, field) => {
    const before = (await inbox(`?cpr=${mads}&status=aaben,afsluttet,afvist,annulleret`)).json<Page>().rows;
    const response = await start(payload);
    expect(response.statusCode).toBe(status);
    expect(problemOf(response)).toMatchObject({ code, field });
    const after = (await inbox(`?cpr=${mads}&status=aaben,afsluttet,afvist,annulleret`)).json<Page>().rows;
    expect(after).toEqual(before);
  });

  it('refuses a municipality that is not the acting one, one with no relation to the citizen as for an unknown citizen, and a caller without credentials', async () => {
    // 101 is related to Bo by its open task, but 147 acts for him.
    await boTaskOf101();
    const related = await start({ ...manual, cpr: bo });
    expect(related.statusCode).toBe(403);
    expect(problemOf(related).code).toBe('ikke-handlekommune');
    const unrelated = await start(manual, as147);
    expect(unrelated.statusCode).toBe(404);
    expect(problemOf(unrelated)).toMatchObject({
      code: 'ikke-fundet',
      field: 'cpr',
      detail: 'Borgeren findes ikke, eller du har ikke adgang til borgeren',
    });
    expect((await start(manual, {})).statusCode).toBe(401);
  });

  it('takes "Bestem handlekommune manuelt" step by step to the registration of the manual period', async () => {
    const response = await start(manual);
    expect(response.statusCode).toBe(201);
    const task = response.json<Task>();
    expect(task).toMatchObject({
      type: 'bestem-handlekommune-manuelt',
      typeName: 'Bestem handlekommune manuelt',
      municipality: '101',
      status: 'aaben',
      currentStep: 'angiv-handlekommune',
      dueOn: null,
      data: {},
    });
    const listed = (await inbox(`?cpr=${mads}&type=bestem-handlekommune-manuelt`)).json<Page>().rows;
    expect(listed.map((row) => row.id)).toEqual([task.id]);

    const entered = {
      action: 'opret',
      municipality: '147',
      from: '2025-06-01',
      reason: 'aftale-med-samtykke',
      agreement: true,
      consent: false,
    };
    await refused(
      task.id,
      { kind: 'videre', step: 'angiv-handlekommune', input: entered },
      422,
      'samtykke-mangler',
      'input.consent',
    );
    await refused(
      task.id,
      { kind: 'videre', step: 'angiv-handlekommune', input: { ...entered, action: 'slet' } },
      400,
      'ugyldigt-input',
      'input.action',
    );
    await refused(
      task.id,
      { kind: 'videre', step: 'angiv-handlekommune', input: { ...entered, consent: true } },
      404,
      'ikke-fundet',
      'id',
      as147,
    );

    const first = await ok(task.id, {
      kind: 'videre',
      step: 'angiv-handlekommune',
      input: { ...entered, consent: true },
    });
    expect(first.currentStep).toBe('opsummering');
    const { version } = await read(task.id);
    const done = await act(task.id, version, { kind: 'videre', step: 'opsummering' });
    expect(done.statusCode, done.body).toBe(200);
    const outcome = done.json<{ task: Task; effects: Record<string, unknown> }>();
    expect(outcome.task.status).toBe('afsluttet');
    expect(outcome.effects).toMatchObject({
      manualPeriod: expect.any(String) as unknown,
      effectiveFrom: '2025-06-01',
    });

    // The registration is there: the overview shows its event, and a second one is refused.
    const overview = await app.inject({ url: `/api/persons/${mads}/overview`, headers: as101 });
    expect(overview.json<{ events: { type: string }[] }>().events.map((e) => e.type)).toContain(
      'manuel-handlekommune-registreret',
    );
    const again = await app.inject({
      method: 'POST',
      url: `/api/persons/${mads}/manual-acting`,
      headers: as101,
      payload: entered,
    });
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('manuel-periode-findes');

    // The 04:00 run on the first day puts it into force.
    const occurrence = occurrencesOn(Temporal.PlainDate.from('2025-06-01')).find(
      (o) => o.job === 'daglig-flytning',
    );
    if (occurrence === undefined) throw new Error('no daily run on 2025-06-01');
    clock.advanceTo(occurrence.at);
    await runDailyMoves({ db, clock }, occurrence);
    const acting = await app.inject({ url: `/api/persons/${mads}/acting-municipality`, headers: as101 });
    expect(acting.statusCode).toBe(200);
    expect(acting.json()).toMatchObject({
      actingNow: { municipality: '147' },
      actingHistory: [
        { municipality: '101', reason: 'bopael' },
        { municipality: '147', reason: 'manuel' },
      ],
    });
  });
});

describe('the OpenAPI document', () => {
  it('lists the task endpoints under opgaver', async () => {
    const spec = (await app.inject('/api/openapi.json')).json<{
      paths: Record<string, Record<string, { tags?: string[]; parameters?: { name: string }[] }>>;
    }>();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/tasks',
        '/api/tasks/{id}',
        '/api/tasks/{id}/handlinger',
        '/api/task-types',
        '/api/task-categories',
      ]),
    );
    expect(spec.paths['/api/tasks']?.['get']?.tags).toEqual(['opgaver']);
    expect(spec.paths['/api/tasks']?.['get']?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'status',
        'type',
        'kategori',
        'tildelt',
        'cpr',
        'fristFoer',
        'medUndring',
        'sortering',
        'antal',
        'efter',
      ]),
    );
  });
});
