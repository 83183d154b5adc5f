import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService, asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { expectAnsweredAsUnknown } from '../../../test/support/refusals.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';

let app: FastifyInstance;
let db: Db;
let as101: AuthHeaders;
let as147: AuthHeaders;
const karen = '070362-1007';
const ole = '280880-1001';
/** Moved to 147 today by CPR: 147 is his residence municipality, 101 still acts until the daily run. */
const mads = '010180-1001';

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;
type Problem = { code: string; status: number; field?: string; detail: string };
const problemOf = (response: Inject): Problem => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json<Problem>();
};

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  as101 = await asUser(db, '101');
  as147 = await asUser(db, '147');
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
  const created = await app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: as101,
    payload: { cpr: mads, name: 'Mads Flytter', residence: [{ municipality: '101', from: '2015-01-01' }] },
  });
  expect(created.statusCode).toBe(201);
  const moved = await app.inject({
    method: 'POST',
    url: '/api/cpr/address-changes',
    headers: await asService(db, 'cpr', ['cpr-integration']),
    payload: { messages: [{ sequence: 1, cpr: '0101801001', municipality: '147', date: '2025-05-05' }] },
  });
  expect(moved.json<{ counts: Record<string, number> }>().counts.behandlet).toBe(1);
});
afterAll(() => app.close());

/** The answer to a municipality with no relation to the citizen: as for a citizen who does not exist. */
const noSuchCitizen = {
  code: 'ikke-fundet',
  field: 'cpr',
  detail: 'Borgeren findes ikke, eller du har ikke adgang til borgeren',
};

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
  it('refuses a related municipality that is not the acting one with 403, naming the acting one', async () => {
    const response = await manual(mads, agreement, as147);
    expect(response.statusCode).toBe(403);
    expect(problemOf(response)).toMatchObject({
      code: 'ikke-handlekommune',
      detail: expect.stringContaining('(101)') as unknown,
    });
  });

  it('answers a municipality with no relation to the citizen exactly as for an unknown citizen', async () => {
    const response = await manual(karen, agreement, as147);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expectAnsweredAsUnknown(response, await manual('010180-0000', agreement, as147), ['Karen', '(101)']);
    expectAnsweredAsUnknown(response, await manual('010180-0000', agreement), ['Karen', '(101)']);
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

  it('refuses an unknown citizen and a caller without credentials (401)', async () => {
    const unknown = await manual('010180-0000', agreement);
    expect([403, 404]).toContain(unknown.statusCode);
    expect(problemOf(unknown).detail).not.toContain('(101)');
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
    // 147 has no relation to Ole: answered as if Ole did not exist.
    const other = await move(ole, { municipality: '147', date: '2025-05-20' }, as147);
    const noOne = await move('010180-0000', { municipality: '147', date: '2025-05-20' }, as147);
    expectAnsweredAsUnknown(other, noOne, ['Ole', '(101)']);
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

  it('answers the focused views from the same read, to a related municipality only', async () => {
    const unrelated = await app.inject({ url: `/api/persons/${karen}/acting-municipality`, headers: as147 });
    expect(unrelated.statusCode).toBe(404);
    expect(problemOf(unrelated)).toMatchObject(noSuchCitizen);
    const residence = await app.inject({ url: `/api/persons/${mads}/acting-municipality`, headers: as147 });
    expect(residence.statusCode).toBe(200);
    expect(residence.json()).toMatchObject({ actingNow: { municipality: '101' } });
    const acting = await app.inject({ url: `/api/persons/${karen}/acting-municipality`, headers: as101 });
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
