/**
 * The generated access test (docs/security.md): every route and page of the application, enumerated from
 * the application itself, refuses a caller without credentials, with a forged token, without a role, with a
 * role the route's policy does not allow, and (for the person's data) a caseworker of a municipality with no
 * relation to the person; none of the refusals shows the person's name or CPR number. A route without a
 * policy stops the application from starting.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService, asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { addCaseDocument } from '../../cases/index.ts';
import { seedDemo } from '../../demo/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import { systemClock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import { actionPolicies, type Action } from '../domain/policy.ts';
import { userRoles } from '../domain/roles.ts';
import type { PolicedRoute } from './access-plugin.ts';

let app: FastifyInstance;
let db: Db;
let routes: PolicedRoute[];
const person = { id: '', cpr: '', name: '' };
const ids: Record<string, string> = {};
const stranger = '000';
let unrelated: AuthHeaders;
let related: AuthHeaders;
let proven = 0;

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  const now = systemClock.now();
  const deps = { db, clock: { now: () => now } };
  await seedDemo(deps, { onlyIfEmpty: true });
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  routes = app.policedRoutes;
  // A citizen with a case, a task and a letter: the richest person of the demo.
  const found = await sql<{ id: string; cpr: string; name: string; case_id: string; task_id: string }>`
    select p.id, p.cpr, p.name, c.id as case_id, t.id as task_id
    from persons p join cases c on c.person_id = p.id join tasks t on t.person_id = p.id
    order by (select count(*) from letters l where l.person_id = p.id) desc, p.cpr limit 1`.execute(db);
  const row = found.rows[0];
  if (row === undefined) throw new Error('demoen har ingen borger med sag og opgave');
  Object.assign(person, { id: row.id, cpr: row.cpr, name: row.name });
  const first = async (query: ReturnType<typeof sql<{ id: string }>>) =>
    (await query.execute(db)).rows[0]?.id ?? '00000000-0000-4000-8000-000000000000';
  Object.assign(ids, {
    case: row.case_id,
    task: row.task_id,
    letter: await first(sql`select id from letters where person_id = ${row.id} limit 1`),
    grant: await first(sql`select g.id from grants g where g.case_id = ${row.case_id} limit 1`),
    registration: await first(sql`select id from registrations where person_id = ${row.id} limit 1`),
    hearing: await first(sql`select id from hearings where case_id = ${row.case_id} limit 1`),
    document: await documentOf(deps, row.case_id),
    file: await first(sql`select id from outbound_files limit 1`),
  });
  // A municipality with no relation to the person at all.
  const relations = await sql<{ municipality: string }>`
    select municipality from acting_periods where person_id = ${row.id} and municipality is not null
    union select municipality from residences where person_id = ${row.id} and municipality is not null
    union select municipality from tasks where person_id = ${row.id}
    union select municipality from cases where person_id = ${row.id}`.execute(db);
  const taken = new Set(relations.rows.map((r) => r.municipality));
  const other = ['851', '751', '461', '147', '101'].find((code) => !taken.has(code)) ?? stranger;
  unrelated = await asUser(db, other, { roles: [...userRoles] });
  const acting = await sql<{ municipality: string }>`
    select municipality from acting_periods where person_id = ${row.id} and to_at is null`.execute(db);
  related = await asUser(db, acting.rows[0]?.municipality ?? '101', { roles: [...userRoles] });
}, 120_000);

/** A document on the case, added as the system (the demo has none): its id. */
async function documentOf(deps: Deps, caseId: string): Promise<string> {
  const added = await addCaseDocument(deps, systemActor('test'), 'job', caseId, {
    name: 'notat.txt',
    content: new TextEncoder().encode('Et notat til sagen'),
  });
  return added.ok ? added.value.id : '00000000-0000-4000-8000-000000000000';
}

afterAll(async () => {
  await app.close();
});

/** The route's path with its parameters filled with the person's own ids. */
function pathOf(route: PolicedRoute): string {
  const idFor = (url: string): string => {
    if (url.startsWith('/borgere/')) return person.id;
    if (url.includes('/registrations/')) return ids.registration as string;
    if (url.includes('/hearings/')) return ids.hearing as string;
    if (url.includes('/documents/') || url.includes('/dokumenter/')) return ids.document as string;
    if (url.includes('/outbound-files/')) return ids.file as string;
    if (url.includes('/tasks/') || url.includes('/opgaver/')) return ids.task as string;
    if (url.includes('/breve/')) return ids.letter as string;
    return ids.case as string;
  };
  return route.url
    .replace(':cpr', person.cpr)
    .replace(':grantId', ids.grant as string)
    .replace(':period', '2026-06')
    .replace(':id', idFor(route.url));
}

const isPage = (route: PolicedRoute): boolean => !route.url.startsWith('/api/');

/** The newest access-log row's id, so a test can read the rows a request wrote after it. */
async function lastLogId(): Promise<string> {
  const row = await db
    .selectFrom('access_log')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? '0';
}

/** The person's access-log rows written after the row `after`. */
function logRowsAfter(after: string) {
  return db
    .selectFrom('access_log')
    .select(['actor', 'channel', 'purpose'])
    .where('person_id', '=', person.id)
    .where('id', '>', after)
    .execute();
}

async function call(route: PolicedRoute, headers: Record<string, string>) {
  return app.inject({
    method: route.method as 'GET',
    url: pathOf(route),
    headers: { accept: isPage(route) ? 'text/html' : 'application/json', ...headers },
    ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { payload: {} }),
  });
}

/** No refusal shows the person's data. */
function expectNoPersonData(body: string): void {
  expect(body).not.toContain(person.name);
  expect(body).not.toContain(person.cpr);
  expect(body).not.toContain(`${person.cpr.slice(0, 6)}-${person.cpr.slice(6)}`);
}

function expectRefused(route: PolicedRoute, response: Awaited<ReturnType<typeof call>>, status: number) {
  if (isPage(route) && status === 401 && route.method === 'GET') {
    expect(response.statusCode, `${route.method} ${route.url}`).toBe(303);
    expect(response.headers.location).toMatch(/^\/log-ind\?til=/);
  } else {
    expect(response.statusCode, `${route.method} ${route.url}: ${response.body.slice(0, 300)}`).toBe(status);
  }
  expectNoPersonData(response.body);
  proven += 1;
}

const guarded = (): PolicedRoute[] =>
  routes.filter((route) => route.access !== 'offentlig' && route.method !== 'HEAD');

describe('every route and page of the application', () => {
  it('is enumerated from the application and names a policy', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(guarded().length).toBeGreaterThan(45);
    for (const route of routes) expect(['offentlig', ...Object.keys(actionPolicies)]).toContain(route.access);
    // What may be fetched without sign-in carries no personal data: health, the API document, the rates,
    // assets, sign-in and metrics.
    const open = routes.filter((route) => route.access === 'offentlig' && route.method !== 'HEAD');
    for (const route of open) {
      expect(route.url, `${route.method} ${route.url}`).toMatch(
        /^\/(api\/(health|ready|openapi\.json|docs|satser$)|static\/|log-ind|log-ud|metrics)/,
      );
    }
  });

  it('refuses a caller without credentials, and one with a forged or unknown token', async () => {
    for (const route of guarded()) {
      expectRefused(route, await call(route, {}), 401);
      expectRefused(route, await call(route, { authorization: 'Bearer ikke-en-rigtig-billet' }), 401);
      expectRefused(route, await call(route, { authorization: 'Bearer a.b.c' }), 401);
      expectRefused(route, await call(route, { 'x-ydelse-bruger': 'sb101', 'x-ydelse-kommune': '101' }), 401);
    }
  });

  it('refuses a user without a role, and a user whose roles do not allow the action', async () => {
    const noRole = await asUser(db, '101', { roles: [] });
    const byRole = new Map(
      await Promise.all(
        userRoles.map(async (role) => [role, await asUser(db, '101', { roles: [role] })] as const),
      ),
    );
    for (const route of guarded()) {
      expectRefused(route, await call(route, noRole), 403);
      const allowed: readonly string[] = actionPolicies[route.access as Action].roles;
      for (const role of userRoles.filter((r) => !allowed.includes(r))) {
        expectRefused(route, await call(route, byRole.get(role) as AuthHeaders), 403);
      }
    }
  });

  it('answers a user of an unrelated municipality as if the person did not exist', async () => {
    const personRoutes = guarded().filter(
      (route) =>
        route.method === 'GET' &&
        route.access === 'laes-borger' &&
        /:(cpr|id)/.test(route.url) &&
        !route.url.includes('/hearings/') &&
        !(route.url.includes('/breve/') && ids.letter?.startsWith('00000000')),
    );
    expect(personRoutes.length).toBeGreaterThan(12);
    for (const route of personRoutes) expectRefused(route, await call(route, unrelated), 404);
    // The same answer for an unknown person: the refusal tells nothing.
    const known = await app.inject({ url: `/api/persons/${person.cpr}`, headers: unrelated });
    const unknown = await app.inject({ url: '/api/persons/0101010000', headers: unrelated });
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(known.body)).toEqual(JSON.parse(unknown.body));
  });

  it("writes an access-log row for every read of the person's data, with who, channel and why", async () => {
    const reads = guarded().filter(
      (route) =>
        route.method === 'GET' &&
        route.access === 'laes-borger' &&
        /:(cpr|id)/.test(route.url) &&
        !route.url.includes('/hearings/') &&
        !route.url.includes('/statements/') &&
        !route.url.includes('udbetalingsspecifikation') &&
        !(route.url.includes('/breve/') && ids.letter?.startsWith('00000000')),
    );
    expect(reads.length).toBeGreaterThan(12);
    let logged = 0;
    for (const route of reads) {
      const last = await lastLogId();
      const reply = await call(route, related);
      expect(reply.statusCode, `${route.method} ${route.url}: ${reply.body.slice(0, 200)}`).toBe(200);
      const rows = await logRowsAfter(last);
      expect(rows.length, `${route.method} ${route.url}`).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.actor).toMatch(/^bruger:sb\d{3}@\d{3}$/);
        expect(row.channel).toBe(isPage(route) ? 'web' : 'api');
        expect(row.purpose).not.toBe('');
      }
      logged += rows.length;
    }
    process.stdout.write(
      `adgangslog: ${String(reads.length)} læsninger, ${String(logged)} rækker bekræftet\n`,
    );
  });

  it('logs the konflikt answer, which shows the task as it is, and the CPR error queue’s citizens', async () => {
    const count = async (purpose: string) =>
      (await logRowsAfter('0')).filter((row) => row.purpose === purpose).length;
    const task = await db
      .selectFrom('tasks')
      .select(['municipality'])
      .where('id', '=', ids.task as string)
      .executeTakeFirstOrThrow();
    const owner = await asUser(db, task.municipality);
    const before = await count('opgave');
    const stale = await app.inject({
      method: 'POST',
      url: `/api/tasks/${ids.task as string}/handlinger`,
      headers: owner,
      payload: { version: 999_999, handling: { kind: 'tildel', assignee: 'sb1' } },
    });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'konflikt', details: { task: { id: ids.task } } });
    expect(await count('opgave')).toBe(before + 1);

    const cpr = await asService(db, 'cpr-klient', ['cpr-integration']);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/cpr/address-changes',
      headers: cpr,
      payload: { messages: [{ sequence: 1, cpr: person.cpr, municipality: '999', date: '2026-11-01' }] },
    });
    expect(refused.json()).toMatchObject({ counts: { afvist: 1 } });
    const queueBefore = await count('cpr-fejlkoe');
    const queue = await app.inject({ url: '/api/cpr/address-changes/errors', headers: related });
    expect(queue.statusCode).toBe(200);
    expect(JSON.stringify(queue.json())).toContain(person.cpr);
    expect(await count('cpr-fejlkoe')).toBe(queueBefore + 1);
    // The unrelated municipality's system owner does not see the message.
    const other = await app.inject({ url: '/api/cpr/address-changes/errors', headers: unrelated });
    expect(JSON.stringify(other.json())).not.toContain(person.cpr);
  });

  it('a route without a policy stops the application from starting', async () => {
    const withoutPolicy = buildApp({
      deps: { db, clock: systemClock },
      logger: false,
      plugins: [
        async (instance) => {
          await Promise.resolve();
          instance.get('/api/uden-politik', () => ({ hemmelig: true }));
        },
      ],
    });
    await expect(withoutPolicy).rejects.toThrow('Ruten GET /api/uden-politik mangler en adgangspolitik');
  });

  afterAll(() => {
    // The figure docs/security.md states.
    process.stdout.write(
      `adgangstest: ${String(guarded().length)} ruter, ${String(proven)} afvisninger bevist\n`,
    );
  });
});
