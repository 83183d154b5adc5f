import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { expectAnsweredAsUnknown } from '../../../test/support/refusals.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';

let app: FastifyInstance;
let as101: AuthHeaders;
let as147: AuthHeaders;
const karen = '070362-1007';

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;
type Problem = { code: string; status: number; field?: string };
const problemOf = (response: Inject): Problem => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json<Problem>();
};

beforeAll(async () => {
  const { db } = await useTestDatabase();
  as101 = await asUser(db, '101');
  as147 = await asUser(db, '147');
  const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
  const created = await app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: as101,
    payload: { cpr: karen, name: 'Karen Testesen', residence: [{ municipality: '101', from: '2015-01-01' }] },
  });
  expect(created.statusCode).toBe(201);
});
afterAll(() => app.close());

const post = (what: 'cases' | 'deductions', payload: object, headers = as101): Promise<Inject> =>
  app.inject({ method: 'POST', url: `/api/persons/${karen}/${what}`, headers, payload });

const grant = {
  benefit: 'kontanthjaelp',
  municipality: '101',
  status: 'bevilget',
  from: '2025-05-01',
  monthly: '12000.00',
};
const deduction = { kind: 'tilbagebetaling', municipality: '101', monthly: '500.00', from: '2025-05-01' };

describe('POST /api/persons/{cpr}/cases and /deductions', () => {
  it.each([
    [
      'a grant in another municipality’s name',
      'cases',
      { ...grant, municipality: '147' },
      403,
      'ikke-handlekommune',
      'municipality',
    ],
    ['an unknown benefit', 'cases', { ...grant, benefit: 'loen' }, 400, 'ugyldigt-input', 'benefit'],
    [
      'a Danish-written amount',
      'cases',
      { ...grant, monthly: '12.000,00' },
      400,
      'ugyldigt-beloeb',
      'monthly',
    ],
    ['an end before the start', 'cases', { ...grant, to: '2025-04-30' }, 422, 'ugyldig-periode', 'to'],
    [
      'a negative deduction',
      'deductions',
      { ...deduction, monthly: '-5.00' },
      400,
      'ugyldigt-beloeb',
      'monthly',
    ],
  ] as const)('refuses %s naming the field', async (_name, what, payload, status, code, field) => {
    const response = await post(what, payload);
    expect(response.statusCode).toBe(status);
    expect(problemOf(response)).toMatchObject({ code, field });
  });

  it.each(['cases', 'deductions'] as const)(
    'refuses %s by a municipality with no relation to the citizen exactly as for an unknown citizen',
    async (what) => {
      const payload = what === 'cases' ? grant : deduction;
      const refused = await post(what, payload, as147);
      const unknown = await app.inject({
        method: 'POST',
        url: `/api/persons/010180-0000/${what}`,
        headers: as147,
        payload,
      });
      expectAnsweredAsUnknown(refused, unknown, ['Karen', '(101)']);
    },
  );

  it('creates the case and the deduction, and the overview shows their planned lines', async () => {
    const caseCreated = await post('cases', grant);
    expect(caseCreated.statusCode).toBe(201);
    const caseId = caseCreated.json<{ id: string }>().id;
    const deductionCreated = await post('deductions', deduction);
    expect(deductionCreated.statusCode).toBe(201);
    const deductionId = deductionCreated.json<{ id: string }>().id;

    const overview = await app.inject({ url: `/api/persons/${karen}/overview`, headers: as101 });
    expect(overview.statusCode).toBe(200);
    expect(overview.json()).toMatchObject({
      cases: [
        {
          id: caseId,
          benefit: 'kontanthjaelp',
          municipality: '101',
          status: 'bevilget',
          from: '2025-05-01',
          to: null,
          monthly: '12000.00',
          closedReason: null,
        },
      ],
      deductions: [
        { id: deductionId, kind: 'tilbagebetaling', monthly: '500.00', from: '2025-05-01', to: null },
      ],
      paymentLines: [
        {
          case: caseId,
          period: '2025-05',
          status: 'planlagt',
          municipality: '101',
          amount: '12000.00',
          net: null,
        },
      ],
      deductionLines: [
        {
          deduction: deductionId,
          period: '2025-05',
          status: 'planlagt',
          municipality: '101',
          amount: '500.00',
        },
      ],
    });
    const payments = await app.inject({ url: `/api/persons/${karen}/payments`, headers: as101 });
    expect(payments.json()).toMatchObject({
      paymentLines: [{ case: caseId, period: '2025-05', amount: '12000.00' }],
      deductionLines: [{ deduction: deductionId, period: '2025-05', amount: '500.00' }],
    });
  });
});
