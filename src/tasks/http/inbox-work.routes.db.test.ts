/**
 * GET /api/tasks/counts and POST /api/tasks/assignments: the counts of the caller's municipality, and many
 * tasks assigned at once, all or none, refusals as problem+json naming the task.
 */
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { createTasksFor } from '../../../test/support/tasks.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { createPerson } from '../../persons/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import type { Deps } from '../../platform/use-case.ts';

let app: FastifyInstance;
let db: Db;
let deps: Deps & { readonly clock: SimulatedClock };
let as101: AuthHeaders;
let as751: AuthHeaders;
const ids: string[] = [];

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
  const person = await createPerson(deps, systemActor('test'), 'api', {
    cpr: '1505701234',
    name: 'Anna Andersen',
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  if (!person.ok) throw new Error(person.error.message);
  ids.push(
    ...(await createTasksFor(
      deps,
      '1505701234',
      [
        'opfoelgning-administration',
        'opfoelgning-administration',
        'opfoelgning-oekonomiske-udestaaender',
      ].map((type) => ({ type, municipality: '101' as MunicipalityCode, data: {} })),
    )),
  );
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  as101 = await asUser(db, '101');
  as751 = await asUser(db, '751');
});
afterAll(() => app.close());

const version = async (id: string) =>
  (await db.selectFrom('tasks').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
const assign = (payload: object, headers: AuthHeaders = as101) =>
  app.inject({ method: 'POST', url: '/api/tasks/assignments', headers, payload });

describe('the inbox counts and the bulk assignment in the API', () => {
  it('counts the caller’s municipality per status and type, and its own and unassigned open tasks', async () => {
    const response = await app.inject({ url: '/api/tasks/counts', headers: as101 });
    expect(response.statusCode).toBe(200);
    const counts = response.json<{
      statuses: { status: string; count: number }[];
      types: { status: string; type: string; count: number }[];
      mine: number;
      unassigned: number;
    }>();
    expect(counts.statuses).toEqual([
      { status: 'aaben', count: 3 },
      { status: 'afsluttet', count: 0 },
      { status: 'afvist', count: 0 },
      { status: 'annulleret', count: 0 },
    ]);
    expect(counts.types).toEqual([
      { status: 'aaben', type: 'opfoelgning-administration', count: 2 },
      { status: 'aaben', type: 'opfoelgning-oekonomiske-udestaaender', count: 1 },
    ]);
    expect(counts).toMatchObject({ mine: 0, unassigned: 3 });
    const aarhus = await app.inject({ url: '/api/tasks/counts', headers: as751 });
    expect(aarhus.json()).toMatchObject({ types: [], mine: 0, unassigned: 0 });
  });

  it('assigns every task or none, and names the task that failed', async () => {
    const tasks = await Promise.all(ids.map(async (id) => ({ id, version: await version(id) })));
    const stale = [...tasks.slice(0, 2), { id: ids[2]!, version: tasks[2]!.version + 7 }];
    const refused = await assign({ tasks: stale, assignee: 'sb101' });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({
      code: 'konflikt',
      field: 'tasks.2',
      details: { taskId: ids[2] },
    });
    expect(refused.json<{ detail: string }>().detail).toContain(ids[2]!);
    for (const task of tasks) expect(await version(task.id)).toBe(task.version);
    const done = await assign({ tasks, assignee: 'sb101' });
    expect(done.statusCode).toBe(200);
    expect(done.json<{ tasks: { assignee: string }[] }>().tasks.map((t) => t.assignee)).toEqual([
      'sb101',
      'sb101',
      'sb101',
    ]);
    const counts = await app.inject({ url: '/api/tasks/counts', headers: as101 });
    expect(counts.json()).toMatchObject({ mine: 3, unassigned: 0 });
  });

  it('refuses another municipality’s caseworker and a malformed body', async () => {
    const tasks = await Promise.all(ids.map(async (id) => ({ id, version: await version(id) })));
    const foreign = await assign({ tasks, assignee: null }, as751);
    expect(foreign.statusCode).toBeGreaterThanOrEqual(403);
    expect(foreign.json()).toMatchObject({ field: 'tasks.0' });
    expect((await assign({ tasks: [], assignee: null })).statusCode).toBe(400);
    expect((await assign({ tasks, assignee: null, extra: 1 })).statusCode).toBe(400);
    for (const task of tasks) expect(await version(task.id)).toBe(task.version);
  });
});
