import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';

let app: FastifyInstance;
let db: Db;
const as101 = { 'x-ydelse-bruger': 'sb101', 'x-ydelse-kommune': '101' };
const as147 = { 'x-ydelse-bruger': 'sb147', 'x-ydelse-kommune': '147' };
const karen = '070362-1007';
const ole = '280880-1001';

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;
type Problem = { code: string; status: number; field?: string; detail: string };
const problemOf = (response: Inject): Problem => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json<Problem>();
};

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
  for (const [cpr, name, cprSubscription] of [
    [karen, 'Karen Testesen', true],
    [ole, 'Ole Uden Abonnement', false],
  ] as const) {
    const created = await app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: as101,
      payload: { cpr, name, residence: [{ municipality: '101', from: '2015-01-01' }], cprSubscription },
    });
    expect(created.statusCode).toBe(201);
  }
});
afterAll(() => app.close());

const manual = (cpr: string, payload: object, headers: Record<string, string> = as101): Promise<Inject> =>
  app.inject({ method: 'POST', url: `/api/persons/${cpr}/manual-acting`, headers, payload });

const agreement = {
  action: 'opret',
  municipality: '147',
  from: '2025-06-01',
  reason: 'aftale-med-samtykke',
  agreement: true,
  consent: true,
};

describe('POST /api/persons/{cpr}/manual-acting', () => {
  it('refuses a municipality that is not the acting one with 403, naming the header', async () => {
    const response = await manual(karen, agreement, as147);
    expect(response.statusCode).toBe(403);
    expect(problemOf(response)).toMatchObject({ code: 'ikke-handlekommune', field: 'x-ydelse-kommune' });
  });

  it('refuses an agreement without the citizen’s consent with 422', async () => {
    const response = await manual(karen, { ...agreement, consent: false });
    expect(response.statusCode).toBe(422);
    expect(problemOf(response)).toMatchObject({ code: 'samtykke-mangler', field: 'consent' });
  });

  it.each([
    ['an unknown action', { ...agreement, action: 'slet' }, 400, 'ugyldigt-input', 'action'],
    ['an unknown reason', { ...agreement, reason: 'flytning' }, 400, 'ugyldigt-input', 'reason'],
    ['an unknown municipality', { ...agreement, municipality: '999' }, 400, 'ukendt-kommune', 'municipality'],
    ['an impossible date', { ...agreement, from: '2025-02-30' }, 400, 'ugyldig-dato', 'from'],
    ['an end before the start', { ...agreement, to: '2025-05-31' }, 422, 'ugyldig-periode', 'to'],
    ['an unknown field', { ...agreement, kommune: '147' }, 400, 'ugyldigt-input', undefined],
  ])('refuses %s naming the field', async (_name, payload, status, code, field) => {
    const response = await manual(karen, payload);
    expect(response.statusCode).toBe(status);
    const body = problemOf(response);
    expect(body.code).toBe(code);
    if (field !== undefined) expect(body.field).toBe(field);
  });

  it('registers the manual period for the acting municipality, effective at the period’s start', async () => {
    const response = await manual(karen, agreement);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      manualPeriod: expect.any(String) as unknown,
      effectiveFrom: '2025-06-01',
    });
    const again = await manual(karen, agreement);
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('manuel-periode-findes');
  });

  it('answers an unknown citizen with 404 and a caller without headers with 401', async () => {
    expect((await manual('010180-0000', agreement)).statusCode).toBe(404);
    expect((await manual(karen, agreement, {})).statusCode).toBe(401);
  });
});

describe('POST /api/persons/{cpr}/move-out', () => {
  const move = (cpr: string, payload: object, headers: Record<string, string> = as101): Promise<Inject> =>
    app.inject({ method: 'POST', url: `/api/persons/${cpr}/move-out`, headers, payload });

  it('registers the move for a citizen without CPR subscription', async () => {
    const response = await move(ole, { municipality: '147', date: '2025-05-20' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ expectedDate: '2025-05-20' });
  });

  it('refuses a citizen with CPR subscription, another municipality and a bad destination', async () => {
    const subscribed = await move(karen, { municipality: '147', date: '2025-05-20' });
    expect(subscribed.statusCode).toBe(409);
    expect(problemOf(subscribed).code).toBe('har-cpr-abonnement');
    const other = await move(ole, { municipality: '147', date: '2025-05-20' }, as147);
    expect(other.statusCode).toBe(403);
    expect(problemOf(other)).toMatchObject({ code: 'ikke-handlekommune', field: 'x-ydelse-kommune' });
    const unknown = await move(ole, { abroad: 'XX', date: '2025-05-20' });
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown)).toMatchObject({ code: 'ukendt-land', field: 'abroad' });
  });
});

describe('the overview and its focused views', () => {
  it('shows who acts now and has acted, tasks and events', async () => {
    const response = await app.inject({
      url: `/api/persons/${karen}/overview?formaal=test`,
      headers: as101,
    });
    expect(response.statusCode).toBe(200);
    const overview = response.json<Record<string, unknown>>();
    expect(overview).toMatchObject({
      cpr: karen,
      name: 'Karen Testesen',
      currentResidence: { municipality: '101', municipalityName: 'København' },
      actingNow: { municipality: '101', municipalityName: 'København' },
      actingHistory: [
        {
          municipality: '101',
          municipalityName: 'København',
          from: '2025-05-05T07:00:00Z',
          to: null,
          reason: 'bopael',
        },
      ],
      cases: [],
      deductions: [],
      paymentLines: [],
      deductionLines: [],
      tasks: [
        {
          type: 'bestem-handlekommune-manuelt',
          municipality: '101',
          status: 'afsluttet',
          createdAt: '2025-05-05T07:00:00Z',
          closedAt: '2025-05-05T07:00:00Z',
          data: { municipality: '147', from: '2025-06-01', reason: 'aftale-med-samtykke' },
        },
      ],
    });
    expect((overview.events as { type: string }[]).map((e) => e.type)).toEqual([
      'borger-oprettet',
      'manuel-handlekommune-registreret',
    ]);
    const logged = await db
      .selectFrom('access_log')
      .select(['purpose', 'channel', 'actor'])
      .where('purpose', '=', 'test')
      .execute();
    expect(logged).toEqual([{ purpose: 'test', channel: 'api', actor: 'bruger:sb101@101' }]);
  });

  it('answers the focused views from the same read', async () => {
    const acting = await app.inject({ url: `/api/persons/${karen}/acting-municipality`, headers: as147 });
    expect(acting.statusCode).toBe(200);
    expect(acting.json()).toEqual({
      actingNow: { municipality: '101', municipalityName: 'København' },
      actingHistory: [
        {
          municipality: '101',
          municipalityName: 'København',
          from: '2025-05-05T07:00:00Z',
          to: null,
          reason: 'bopael',
        },
      ],
      financing: [],
    });
    const tasks = await app.inject({ url: `/api/persons/${karen}/tasks`, headers: as101 });
    expect(tasks.json<{ tasks: { type: string }[] }>().tasks.map((t) => t.type)).toEqual([
      'bestem-handlekommune-manuelt',
    ]);
    const payments = await app.inject({ url: `/api/persons/${karen}/payments`, headers: as101 });
    expect(payments.json()).toEqual({ paymentLines: [], deductionLines: [] });
  });

  it('answers an unknown citizen with 404 and a caller without headers with 401', async () => {
    const unknown = await app.inject({ url: '/api/persons/010180-0000/overview', headers: as101 });
    expect(unknown.statusCode).toBe(404);
    expect(problemOf(unknown)).toMatchObject({ code: 'ikke-fundet', field: 'cpr' });
    const anonymous = await app.inject({ url: `/api/persons/${karen}/tasks` });
    expect(anonymous.statusCode).toBe(401);
  });
});
