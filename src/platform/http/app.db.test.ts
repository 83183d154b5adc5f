import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import { routePlugins } from '../system.ts';
import { buildApp } from './app.ts';

let app: FastifyInstance;
let as101: AuthHeaders;

beforeAll(async () => {
  const { db } = await useTestDatabase();
  as101 = await asUser(db, '101');
  const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
});
afterAll(() => app.close());

type Problem = { code: string; status: number; field?: string; detail: string; errors?: unknown[] };
const problemOf = (response: Awaited<ReturnType<FastifyInstance['inject']>>): Problem => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json<Problem>();
};

describe('the HTTP API', () => {
  it('answers health and readiness', async () => {
    expect((await app.inject('/api/health')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/api/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'klar' });
  });

  it('serves an OpenAPI 3.1 document that lists the person endpoints, and a browsable page', async () => {
    const spec: { openapi: string; paths: Record<string, unknown> } = (
      await app.inject('/api/openapi.json')
    ).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/persons', '/api/persons/{cpr}', '/api/health']),
    );
    const page = await app.inject('/api/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });

  it('creates a citizen and reads it back', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: as101,
      payload: {
        cpr: '0703621007',
        name: 'Karen Testesen',
        residence: [{ municipality: '101', from: '2015-01-01' }],
        healthCard: true,
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      cpr: '070362-1007',
      currentResidence: { municipality: '101', municipalityName: 'København' },
      healthCard: true,
    });
    const read = await app.inject({ url: '/api/persons/070362-1007?formaal=test', headers: as101 });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      name: 'Karen Testesen',
      residence: [{ municipality: '101', from: '2015-01-01' }],
    });
  });

  it.each([
    ['an impossible CPR date', { cpr: '320162-1234' }, 400, 'ugyldigt-cpr', 'cpr'],
    [
      'an unknown municipality',
      { residence: [{ municipality: '999', from: '2015-01-01' }] },
      400,
      'ukendt-kommune',
      'residence.0.municipality',
    ],
    [
      'a malformed date',
      { residence: [{ municipality: '101', from: '05-05-2015' }] },
      400,
      'ugyldig-dato',
      'residence.0.from',
    ],
    ['an unknown field', { nickname: 'K' }, 400, 'ugyldigt-input', undefined],
    ['a wrong type', { healthCard: 'ja' }, 400, 'ugyldigt-input', 'healthCard'],
    ['an already registered CPR', { cpr: '070362-1007' }, 409, 'person-findes', 'cpr'],
  ])('refuses %s with problem+json naming the field', async (_name, change, status, code, field) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: as101,
      payload: {
        cpr: '2808801001',
        name: 'Ny Borger',
        residence: [{ municipality: '147', from: '2020-01-01' }],
        ...change,
      },
    });
    expect(response.statusCode).toBe(status);
    const body = problemOf(response);
    expect(body.code).toBe(code);
    if (field !== undefined) expect(body.field).toBe(field);
  });

  it('refuses a request without credentials', async () => {
    const response = await app.inject({ url: '/api/persons/070362-1007' });
    expect(response.statusCode).toBe(401);
    expect(problemOf(response).code).toBe('ikke-godkendt');
  });

  it('no longer trusts the old user and municipality headers: a request with only those is refused', async () => {
    for (const request of [
      { url: '/api/persons/070362-1007' },
      {
        method: 'POST' as const,
        url: '/api/persons',
        payload: {
          cpr: '1111111118',
          name: 'Hans Header',
          residence: [{ municipality: '101', from: '2015-01-01' }],
        },
      },
    ]) {
      const response = await app.inject({
        ...request,
        headers: { 'x-ydelse-bruger': 'sb101', 'x-ydelse-kommune': '101' },
      });
      expect(response.statusCode).toBe(401);
      expect(problemOf(response).code).toBe('ikke-godkendt');
      expect(response.body).not.toContain('Karen Testesen');
    }
    // The refused registration changed nothing.
    expect((await app.inject({ url: '/api/persons/111111-1118', headers: as101 })).statusCode).toBe(404);
  });

  it('answers an unknown citizen and an unknown route with 404 problems', async () => {
    const person = await app.inject({ url: '/api/persons/010101-0000', headers: as101 });
    expect(person.statusCode).toBe(404);
    expect(problemOf(person).code).toBe('ikke-fundet');
    const route = await app.inject('/api/nothing-here');
    expect(route.statusCode).toBe(404);
    expect(problemOf(route).code).toBe('ikke-fundet');
  });

  it('answers malformed JSON with a 400 problem, not a crash', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { ...as101, 'content-type': 'application/json' },
      payload: '{"cpr": ',
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).code).toBe('ugyldigt-input');
  });
});
