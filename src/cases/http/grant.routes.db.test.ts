import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';

let app: FastifyInstance;
let db: Db;
let clock: SimulatedClock;
let as101: AuthHeaders;
let as147: AuthHeaders;
const karen = '070362-1007';

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;
type Problem = { code: string; status: number; field?: string; details?: Record<string, unknown> };
const problemOf = (response: Inject): Problem => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json<Problem>();
};
const post = (url: string, payload: object, headers = as101): Promise<Inject> =>
  app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers = as101): Promise<Inject> => app.inject({ url, headers });

async function counts(): Promise<Record<string, string>> {
  const rows = await sql<Record<string, string>>`select
      (select count(*) from cases) as cases, (select count(*) from grants) as grants,
      (select count(*) from registrations) as registrations, (select count(*) from events) as events,
      (select sum(version) from cases) as versions`.execute(db);
  return rows.rows[0] ?? {};
}

let caseId: string;

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  as101 = await asUser(db, '101');
  as147 = await asUser(db, '147');
  clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
  const created = await post('/api/persons', {
    cpr: karen,
    name: 'Karen Testesen',
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  expect(created.statusCode).toBe(201);
  const opened = await post(`/api/persons/${karen}/cases`, {
    benefit: 'kontanthjaelp',
    municipality: '101',
    status: 'under-oplysning',
    from: '2025-05-01',
  });
  expect(opened.statusCode).toBe(201);
  caseId = opened.json<{ id: string }>().id;
});
afterAll(() => app.close());

interface Outcome {
  case: {
    id: string;
    status: string;
    version: number;
    grants: { id: string; to: string | null; supersededAt: string | null }[];
  };
  grant: string;
}

describe('a case’s grants through the API', () => {
  let grantId: string;

  it('grants with the version the caseworker saw, and lists the case with its grant', async () => {
    const granted = await post(`/api/cases/${caseId}/grants`, {
      version: 1,
      from: '2025-05-01',
      reason: 'Betingelserne er opfyldt',
    });
    expect(granted.statusCode).toBe(201);
    const outcome = granted.json<Outcome>();
    grantId = outcome.grant;
    expect(outcome.case).toMatchObject({ id: caseId, status: 'bevilget', version: 2 });

    const listed = await get(`/api/persons/${karen}/cases`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({
      cpr: karen,
      cases: [
        {
          id: caseId,
          benefit: 'kontanthjaelp',
          family: 'htf',
          status: 'bevilget',
          version: 2,
          grants: [
            { id: grantId, from: '2025-05-01', to: null, decidedBy: 'bruger:sb101@101', supersededAt: null },
          ],
        },
      ],
    });
  });

  it('refuses a stale version with 409 konflikt carrying the case as it is now, and changes nothing', async () => {
    const before = await counts();
    const stale = await post(`/api/cases/${caseId}/grants/${grantId}/change`, {
      version: 1,
      from: '2025-06-01',
      reason: 'Forkert dato',
    });
    expect(stale.statusCode).toBe(409);
    expect(problemOf(stale)).toMatchObject({
      code: 'konflikt',
      field: 'version',
      details: { case: { id: caseId, version: 2 } },
    });
    expect(await counts()).toEqual(before);
  });

  it.each([
    [
      'an end before the start',
      'grants',
      { version: 2, from: '2025-08-01', to: '2025-07-31', reason: 'x' },
      '101',
      422,
      'ugyldig-periode',
      'to',
    ],
    [
      'an overlapping grant',
      'grants',
      { version: 2, from: '2025-09-01', reason: 'x' },
      '101',
      409,
      'overlappende-bevilling',
      'from',
    ],
    [
      'a missing reason',
      'grants',
      { version: 2, from: '2026-01-01' },
      '101',
      400,
      'ugyldigt-input',
      'reason',
    ],
    [
      'an unknown field',
      'grants',
      { version: 2, from: '2026-01-01', reason: 'x', monthly: '1.00' },
      '101',
      400,
      'ugyldigt-input',
      undefined,
    ],
    [
      'a municipality with no relation to the citizen, as an unknown case',
      'grants',
      { version: 2, from: '2026-01-01', reason: 'x' },
      '147',
      404,
      'ikke-fundet',
      'id',
    ],
    [
      'rejecting a granted case',
      'reject',
      { version: 2, reason: 'x' },
      '101',
      409,
      'ugyldig-sagsstatus',
      undefined,
    ],
  ] as const)(
    'refuses %s naming the field, changing nothing',
    async (_name, path, payload, headers, status, code, field) => {
      const before = await counts();
      const response = await post(`/api/cases/${caseId}/${path}`, payload, headers === '101' ? as101 : as147);
      expect(response.statusCode).toBe(status);
      const problem = problemOf(response);
      expect(problem.code).toBe(code);
      if (field !== undefined) expect(problem.field ?? JSON.stringify(problem)).toContain(field);
      expect(await counts()).toEqual(before);
    },
  );

  it('refuses an unknown or malformed case id with 404', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'ikke-et-id']) {
      const response = await post(`/api/cases/${id}/grants`, { version: 1, from: '2025-01-01', reason: 'x' });
      expect(response.statusCode).toBe(404);
      expect(problemOf(response)).toMatchObject({ code: 'ikke-fundet', field: 'id' });
    }
  });

  it('changes the grant, then ends it; ending before its start is refused', async () => {
    const changed = await post(`/api/cases/${caseId}/grants/${grantId}/change`, {
      version: 2,
      from: '2025-05-15',
      reason: 'Ansøgningsdatoen var den 15.',
    });
    expect(changed.statusCode).toBe(200);
    const after = changed.json<Outcome>();
    expect(after.case.version).toBe(3);
    expect(after.case.grants.map((g) => g.supersededAt === null)).toEqual([false, true]);

    const early = await post(`/api/cases/${caseId}/grants/${after.grant}/end`, {
      version: 3,
      to: '2025-05-14',
      reason: 'x',
    });
    expect(early.statusCode).toBe(422);
    expect(problemOf(early)).toMatchObject({ code: 'ugyldig-periode', field: 'to' });

    const ended = await post(`/api/cases/${caseId}/grants/${after.grant}/end`, {
      version: 3,
      to: '2025-05-31',
      reason: 'Borgeren er i arbejde',
    });
    expect(ended.statusCode).toBe(200);
    expect(ended.json<Outcome>().case).toMatchObject({ status: 'bevilget', version: 4 });
  });

  it('rejects a case under investigation', async () => {
    const opened = await post(`/api/persons/${karen}/cases`, {
      benefit: 'enkeltydelse',
      municipality: '101',
      status: 'under-oplysning',
      from: '2025-05-01',
    });
    const id = opened.json<{ id: string }>().id;
    const rejected = await post(`/api/cases/${id}/reject`, { version: 1, reason: 'Ingen dokumentation' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({
      id,
      status: 'afvist',
      closedReason: 'Ingen dokumentation',
      version: 2,
    });
    const again = await post(`/api/cases/${id}/grants`, { version: 2, from: '2025-05-01', reason: 'x' });
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('sagen-er-lukket');
  });
});

describe('a person’s registrations through the API', () => {
  it('adds, corrects and ends, and ?kendtPr= gives them as known then', async () => {
    const added = await post(`/api/persons/${karen}/registrations`, {
      kind: 'skattekort',
      from: '2025-01-01',
      taxRate: '38',
      monthlyAllowance: '4200.00',
    });
    expect(added.statusCode).toBe(201);
    const first = added.json<{ id: string; recordedAt: string }>();
    expect(added.json()).toMatchObject({
      kind: 'skattekort',
      value: { taxRate: '38.00', monthlyAllowance: '4200.00' },
    });

    clock.advanceTo(clock.now().add({ hours: 1 }));
    const corrected = await post(`/api/registrations/${first.id}/correct`, {
      kind: 'skattekort',
      from: '2025-01-01',
      taxRate: '40,5',
      monthlyAllowance: '4200.00',
      reason: 'Nyt skattekort',
    });
    expect(corrected.statusCode).toBe(200);
    const second = corrected.json<{ id: string }>();

    const again = await post(`/api/registrations/${first.id}/correct`, {
      kind: 'skattekort',
      from: '2025-01-01',
      taxRate: '41',
      monthlyAllowance: '4200.00',
      reason: 'x',
    });
    expect(again.statusCode).toBe(409);
    expect(problemOf(again)).toMatchObject({ code: 'konflikt', field: 'id' });

    clock.advanceTo(clock.now().add({ hours: 1 }));
    const ended = await post(`/api/registrations/${second.id}/end`, {
      to: '2025-12-31',
      reason: 'Årets skattekort',
    });
    expect(ended.statusCode).toBe(200);

    const ids = async (query: string) =>
      (await get(`/api/persons/${karen}/registrations${query}`))
        .json<{ registrations: { id: string }[] }>()
        .registrations.map((r) => r.id);
    expect(await ids('')).toEqual([ended.json<{ id: string }>().id]);
    expect(await ids(`?kendtPr=${encodeURIComponent(first.recordedAt)}`)).toEqual([first.id]);
    expect(await ids('?kendtPr=2025-05-05T10:30')).toEqual([second.id]);
    expect(await ids('?kendtPr=2025-05-04T00:00')).toEqual([]);
  });

  it.each([
    [
      'a tax rate above 100 %',
      { kind: 'skattekort', from: '2025-01-01', taxRate: '101', monthlyAllowance: '0.00' },
      400,
      'ugyldig-skatteprocent',
      'taxRate',
    ],
    [
      'valid-to before valid-from',
      { kind: 'hjemmeboende', from: '2025-01-01', to: '2024-01-01' },
      422,
      'ugyldig-periode',
      'to',
    ],
    [
      'an amount out of bounds',
      { kind: 'boligudgift', from: '2025-01-01', monthly: '10000000.01' },
      400,
      'ugyldigt-beloeb',
      'monthly',
    ],
    ['an unknown kind', { kind: 'loen', from: '2025-01-01' }, 400, 'ugyldigt-input', 'kind'],
  ] as const)(
    'refuses %s naming the field, changing nothing',
    async (_name, payload, status, code, field) => {
      const before = await counts();
      const response = await post(`/api/persons/${karen}/registrations`, payload);
      expect(response.statusCode).toBe(status);
      const problem = problemOf(response);
      expect(problem.code).toBe(code);
      expect(problem.field ?? JSON.stringify(problem)).toContain(field);
      expect(await counts()).toEqual(before);
    },
  );

  it('refuses a kendtPr that is no instant, naming it', async () => {
    const response = await get(`/api/persons/${karen}/registrations?kendtPr=igår`);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response)).toMatchObject({ code: 'ugyldigt-tidspunkt', field: 'kendtPr' });
  });
});
