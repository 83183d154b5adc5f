/**
 * The measured faults of "no 5xx on any input" (docs/robustness.md), one request each: before the bounds
 * each of these answered 500 or was accepted.
 */
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { SimulatedClock } from '../src/kernel/index.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { routePlugins } from '../src/platform/system.ts';
import { asUser, type AuthHeaders } from './support/sign-in.ts';
import { useTestDatabase } from './support/test-db.ts';
import { webSession, type WebSession } from './support/web-session.ts';

let app: FastifyInstance;
let as101: AuthHeaders;
/** sb101 signed in to the pages. */
let web: WebSession;
/** The system owner of 101: task categories and outbound files. */
let owner: AuthHeaders;
type Response = Awaited<ReturnType<FastifyInstance['inject']>>;

function refused(response: Response, code: string, field?: string): void {
  expect(response.statusCode, response.body).toBeLessThan(500);
  expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<{ code: string; field?: string }>();
  expect(body.code).toBe(code);
  if (field !== undefined) expect(body.field).toBe(field);
}

const person = (cpr: string) => ({
  cpr,
  name: 'Karen Testesen',
  residence: [{ municipality: '101', from: '2015-01-01' }],
});

beforeAll(async () => {
  const { db } = await useTestDatabase();
  as101 = await asUser(db, '101');
  owner = await asUser(db, '101', { user: 'drift101', roles: ['systemansvarlig'] });
  const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
  web = await webSession(db, clock.now());
  const created = await app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: as101,
    payload: person('0703621007'),
  });
  expect(created.statusCode).toBe(201);
});
afterAll(() => app.close());

const newCase = (extra: Record<string, unknown>) => ({
  benefit: 'kontanthjaelp',
  municipality: '101',
  status: 'bevilget',
  from: '2025-05-01',
  monthly: '1000.00',
  ...extra,
});

describe('the bounds of every input', () => {
  it('refuses NUL in a query parameter, a name, a category and a task field, naming the field', async () => {
    refused(
      await app.inject({ url: '/api/persons/070362-1007?formaal=%00', headers: as101 }),
      'ugyldigt-input',
      'formaal',
    );
    refused(
      await app.inject({
        method: 'POST',
        url: '/api/persons',
        headers: as101,
        payload: { ...person('0101801001'), name: 'Ka\u0000ren' },
      }),
      'ugyldigt-input',
      'name',
    );
    refused(
      await app.inject({
        method: 'POST',
        url: '/api/persons/070362-1007/cases',
        headers: as101,
        payload: newCase({ category: 'a\u0000' }),
      }),
      'ugyldigt-input',
      'category',
    );
    refused(
      await app.inject({
        method: 'POST',
        url: '/api/task-categories',
        headers: owner,
        payload: { key: 'k', name: 'x\u0000' },
      }),
      'ugyldigt-input',
      'name',
    );
  });

  it('refuses lone surrogates', async () => {
    refused(
      await app.inject({
        method: 'POST',
        url: '/api/persons',
        headers: as101,
        payload: { ...person('0101801001'), name: 'Ka\ud800ren' },
      }),
      'ugyldigt-input',
      'name',
    );
  });

  it('refuses the year 0000 in a date, a period, a due date and a cursor with ugyldig-dato', async () => {
    refused(
      await app.inject({
        method: 'POST',
        url: '/api/persons',
        headers: as101,
        payload: { ...person('0101801001'), residence: [{ municipality: '101', from: '0000-01-01' }] },
      }),
      'ugyldig-dato',
      'residence.0.from',
    );
    refused(await app.inject({ url: '/api/outbound-files?periode=0000-01', headers: owner }), 'ugyldig-dato');
    refused(await app.inject({ url: '/api/tasks?fristFoer=0000-01-01', headers: as101 }), 'ugyldig-dato');
    const cursor = Buffer.from(
      JSON.stringify({ s: 'frist', k: '0000-01-01', i: '00000000-0000-0000-0000-000000000000' }),
    ).toString('base64url');
    refused(
      await app.inject({ url: `/api/tasks?sortering=frist&efter=${cursor}`, headers: as101 }),
      'ugyldigt-input',
      'efter',
    );
    refused(
      await app.inject({
        method: 'POST',
        url: '/api/persons/070362-1007/move-out',
        headers: as101,
        payload: { municipality: '147', date: '1899-12-31' },
      }),
      'ugyldig-dato',
      'date',
    );
  });

  it('refuses a monthly amount above the maximum, so no payout can overflow', async () => {
    refused(
      await app.inject({
        method: 'POST',
        url: '/api/persons/070362-1007/cases',
        headers: as101,
        payload: newCase({ monthly: '90071992547409.91' }),
      }),
      'ugyldigt-beloeb',
      'monthly',
    );
    refused(
      await app.inject({
        method: 'POST',
        url: '/api/persons/070362-1007/deductions',
        headers: as101,
        payload: { kind: 'udk', municipality: '101', monthly: '10000000.01', from: '2025-05-01' },
      }),
      'ugyldigt-beloeb',
      'monthly',
    );
  });

  it('refuses a category of 1,000,000 characters, a user id of 8,000 and a user id with @', async () => {
    refused(
      await app.inject({
        method: 'POST',
        url: '/api/persons/070362-1007/cases',
        headers: as101,
        payload: newCase({ category: 'k'.repeat(1_000_000) }),
      }),
      'ugyldigt-input',
      'category',
    );
    for (const user of ['u'.repeat(8_000), 'x@751']) {
      refused(
        await app.inject({ url: `/api/tasks?tildelt=${encodeURIComponent(user)}`, headers: as101 }),
        'ugyldigt-input',
        'tildelt',
      );
    }
  });

  it('refuses a bearer token of 8,000 characters, with @ or a session cookie of 8,000 characters as not signed in', async () => {
    for (const authorization of [`Bearer ${'u'.repeat(8_000)}`, 'Bearer x@751', 'u'.repeat(8_000)]) {
      const response = await app.inject({ url: '/api/persons/070362-1007', headers: { authorization } });
      expect(response.statusCode).toBe(401);
      refused(response, 'ikke-godkendt');
    }
    const cookie = await app.inject({
      url: '/api/persons/070362-1007',
      headers: { cookie: `ydelse_session=${'u'.repeat(8_000)}` },
    });
    expect(cookie.statusCode).toBe(401);
    refused(cookie, 'ikke-godkendt');
  });

  it('refuses a path parameter over 100 characters and a bad percent-encoding as problem+json', async () => {
    const long = await app.inject({ url: `/api/persons/${'x'.repeat(200)}`, headers: as101 });
    expect(long.statusCode).toBe(414);
    refused(long, 'ugyldigt-input', 'url');
    refused(await app.inject({ url: '/api/persons/%ED%A0%80', headers: as101 }), 'ugyldigt-input', 'url');
  });

  it('gives one 201 and 409 person-findes for simultaneous registrations of the same CPR', async () => {
    for (const cpr of ['2808801001', '2808801002', '2808801003', '2808801004', '2808801005']) {
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() =>
          app.inject({ method: 'POST', url: '/api/persons', headers: as101, payload: person(cpr) }),
        ),
      );
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(statuses).toEqual([201, 409, 409, 409]);
      for (const answer of answers.filter((a) => a.statusCode === 409))
        refused(answer, 'person-findes', 'cpr');
    }
  });

  it('shows a page refusal in Danish naming the field, not the error page of a 500', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/borgere',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...web.headers },
      payload: `_csrf=${web.csrfToken}&cpr=0101801001&navn=A%00B&kommune=101&bopael-fra=2020-01-01`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/id="navn-error"[^>]*>.*Teksten indeholder tegn, der ikke er tilladt/su);
    expect(response.body).not.toContain('uventet fejl');
    const task = await app.inject({
      method: 'POST',
      url: '/opgaver/00000000-0000-0000-0000-000000000000',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...web.headers },
      payload: `_csrf=${web.csrfToken}&handling=annuller&version=1&aarsag=a%00b`,
    });
    expect(task.statusCode).toBe(400);
    expect(task.body).toContain('Feltet aarsag');
  });

  it('refuses a CLI user id with @ or of 8,000 characters, naming --bruger', async () => {
    for (const user of ['x@751', 'u'.repeat(8_000)]) {
      const err: string[] = [];
      const code = await main(
        ['node', 'ydelse', '--bruger', user, '--bruger-kommune', '101', 'person', 'show', '070362-1007'],
        { out: () => undefined, err: (line) => err.push(line) },
      );
      expect(code).toBe(2);
      expect(err.join('\n')).toMatch(/^Fejl i --bruger: .*\[ugyldigt-input\]/u);
    }
  });
});
