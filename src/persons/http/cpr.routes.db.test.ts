import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService, asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';

let app: FastifyInstance;
let db: Db;
let as101: AuthHeaders;
/** The CPR integration, a service client. */
let asCpr: AuthHeaders;
/** The system owner, who reads the error queue. */
let asOwner: AuthHeaders;

type Problem = { code: string; status: number; field?: string; detail: string };
type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;
const problemOf = (response: Inject): Problem => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json<Problem>();
};

const storedMessages = async (): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('cpr_messages')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  as101 = await asUser(db, '101');
  asCpr = await asService(db, 'cpr', ['cpr-integration']);
  asOwner = await asUser(db, '101', { user: 'drift101', roles: ['systemansvarlig'] });
  const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
  const created = await app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: as101,
    payload: {
      cpr: '0703621007',
      name: 'Karen Testesen',
      residence: [{ municipality: '101', from: '2015-01-01' }],
    },
  });
  expect(created.statusCode).toBe(201);
});
afterAll(() => app.close());

const post = (payload: unknown, headers: Record<string, string> = asCpr): Promise<Inject> =>
  app.inject({ method: 'POST', url: '/api/cpr/address-changes', headers, payload: payload as object });

describe('POST /api/cpr/address-changes', () => {
  it('refuses a malformed batch with a 400 problem naming the field, and processes nothing', async () => {
    const good = { sequence: 100, cpr: '0703621007', municipality: '147', date: '2025-05-10' };
    // A message of another shape inside a good batch is refused by itself (the poison test below).
    const cases: [unknown, string | undefined][] = [
      [{ messages: good }, 'messages'],
      [[good], undefined],
      [{ messages: [] }, 'messages'],
      [{ messages: [good], extra: 1 }, undefined],
    ];
    for (const [payload, field] of cases) {
      const response = await post(payload);
      expect(response.statusCode).toBe(400);
      const body = problemOf(response);
      expect(body.code).toBe('ugyldigt-input');
      if (field !== undefined) expect(body.field).toBe(field);
    }
    expect(await storedMessages()).toBe(0);
  });

  it('is for the CPR integration only: no caller is 401, a caseworker 403', async () => {
    const message = { sequence: 1, cpr: '0703621007', municipality: '147', date: '2025-05-10' };
    const anonymous = await post({ messages: [message] }, {});
    expect(anonymous.statusCode).toBe(401);
    expect(problemOf(anonymous)).toMatchObject({ code: 'ikke-godkendt' });
    const caseworker = await post({ messages: [message] }, as101);
    expect(caseworker.statusCode).toBe(403);
    expect(problemOf(caseworker)).toMatchObject({ code: 'ingen-adgang' });
    const payouts = await post({ messages: [message] }, await asService(db, 'bank', ['udbetalingsfiler']));
    expect(payouts.statusCode).toBe(403);
    expect(problemOf(payouts)).toMatchObject({ code: 'ingen-adgang' });
    expect(await storedMessages()).toBe(0);
  });

  it('receives each message on its own and answers one result per message, in order', async () => {
    const move = { sequence: 1, cpr: '0703621007', municipality: '147', date: '2025-05-10' };
    const response = await post({
      messages: [
        move,
        move,
        { sequence: 2, cpr: '070362-1007', municipality: '999', date: '2025-05-10' },
        { sequence: 3, cpr: '0101800000', municipality: '101', date: '2025-05-10' },
        // an older sequence number for the same date: the higher one decides it, in any order
        { sequence: 0, cpr: '0703621007', municipality: '461', date: '2025-05-10' },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      counts: { behandlet: 1, 'allerede-modtaget': 1, overhalet: 1, afvist: 2 },
      results: [
        { sequence: 1, status: 'behandlet', expectedDate: '2025-05-10' },
        { sequence: 1, status: 'allerede-modtaget' },
        {
          sequence: 2,
          status: 'afvist',
          error: { code: 'ukendt-kommune', message: 'Kommunekode 999 findes ikke', field: 'municipality' },
        },
        {
          sequence: 3,
          status: 'afvist',
          error: { code: 'ikke-fundet', message: 'Borgeren 010180-0000 findes ikke', field: 'cpr' },
        },
        { sequence: 0, status: 'overhalet' },
      ],
    });
  });

  it('lists the refused messages in the error queue, newest first, page by page', async () => {
    const response = await app.inject({ url: '/api/cpr/address-changes/errors', headers: asOwner });
    expect(response.statusCode).toBe(200);
    const page = response.json<{ entries: Record<string, unknown>[]; next: string | null }>();
    expect(page.next).toBeNull();
    expect(page.entries).toMatchObject([
      {
        receivedAt: '2025-05-05T07:00:00Z',
        sequence: 3,
        cpr: '0101800000',
        code: 'ikke-fundet',
        message: 'Borgeren 010180-0000 findes ikke',
        content: { sequence: 3, cpr: '0101800000', municipality: '101', date: '2025-05-10' },
      },
      { sequence: 2, cpr: '070362-1007', code: 'ukendt-kommune', content: { municipality: '999' } },
    ]);

    const first = (
      await app.inject({ url: '/api/cpr/address-changes/errors?limit=1', headers: asOwner })
    ).json<{ entries: { sequence: number }[]; next: string | null }>();
    expect(first.entries.map((e) => e.sequence)).toEqual([3]);
    expect(first.next).not.toBeNull();
    const second = (
      await app.inject({
        url: `/api/cpr/address-changes/errors?limit=1&after=${first.next ?? ''}`,
        headers: asOwner,
      })
    ).json<{ entries: { sequence: number }[]; next: string | null }>();
    expect(second).toMatchObject({ entries: [{ sequence: 2 }], next: null });
  });

  it('refuses a bad page size, a caseworker and a caller without credentials', async () => {
    const bad = await app.inject({ url: '/api/cpr/address-changes/errors?limit=0', headers: asOwner });
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad)).toMatchObject({ code: 'ugyldigt-input', field: 'limit' });
    const caseworker = await app.inject({ url: '/api/cpr/address-changes/errors', headers: as101 });
    expect(caseworker.statusCode).toBe(403);
    expect(problemOf(caseworker).code).toBe('ingen-adgang');
    const anonymous = await app.inject({ url: '/api/cpr/address-changes/errors' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('documents the endpoints in OpenAPI', async () => {
    const spec = (await app.inject('/api/openapi.json')).json<{
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    }>();
    expect(spec.paths['/api/cpr/address-changes']?.post).toMatchObject({ tags: ['cpr'] });
    expect(spec.paths['/api/cpr/address-changes/errors']?.get?.summary).toContain('Fejlkøen');
    for (const path of [
      '/api/persons/{cpr}/manual-acting',
      '/api/persons/{cpr}/move-out',
      '/api/persons/{cpr}/overview',
      '/api/persons/{cpr}/acting-municipality',
      '/api/persons/{cpr}/tasks',
      '/api/persons/{cpr}/payments',
      '/api/persons/{cpr}/cases',
      '/api/persons/{cpr}/deductions',
    ]) {
      expect(Object.values(spec.paths[path] ?? {})[0]?.summary, path).toBeTruthy();
    }
  });

  it('a NUL or lone surrogate in cpr, municipality or date is refused by itself, and the messages after it are received', async () => {
    const message = (sequence: number, fields: Record<string, string> = {}) => ({
      sequence,
      cpr: '0703621007',
      municipality: '147',
      date: '2025-05-13',
      ...fields,
    });
    const batch = {
      messages: [
        message(40, { cpr: '0703621007\u0000' }),
        message(41, { municipality: '\u0000' }),
        message(42, { date: '2025-05-13\u0000' }),
        message(43, { cpr: '\udbff0703621007' }),
        message(44),
      ],
    };
    for (const attempt of [1, 2]) {
      const response = await post(batch);
      expect(response.statusCode).toBe(200);
      expect(response.json<{ results: { status: string }[] }>().results.map((r) => r.status)).toEqual([
        'afvist',
        'afvist',
        'afvist',
        'afvist',
        attempt === 1 ? 'behandlet' : 'allerede-modtaget',
      ]);
    }
    const queued = await db
      .selectFrom('cpr_messages')
      .select('sequence')
      .where('status', '=', 'afvist')
      .where('sequence', 'in', [40, 41, 42, 43])
      .execute();
    expect(queued.map((r) => Number(r.sequence)).sort()).toEqual([40, 41, 42, 43]);
  });

  it('refuses a poison message by itself, queues it safely and once, and receives the rest of the batch', async () => {
    const message = (sequence: number, fields: Record<string, unknown> = {}) => ({
      sequence,
      cpr: '0703621007',
      municipality: '147',
      date: '2025-05-12',
      ...fields,
    });
    const batch = {
      messages: [
        message(20),
        message(21, { cpr: '070362\u00001007' }),
        message(22, { municipality: '14\u00007' }),
        message(23, { date: '2025-05-1\u0000' }),
        message(24, { cpr: '0703621007\ud800' }),
        message(25, { municipality: '\udc00' }),
        message(26, { date: '\ud83d2025-05-12' }),
        message(27, { kommune: '147' }),
        message(28, { municipality: 147 }),
        { ...message(29), sequence: 'x' },
        42,
        null,
        message(30, { '\u0000': 'x' }),
        message(31, { date: '2025-05-14' }),
      ],
    };
    const queued = () =>
      db.selectFrom('cpr_messages').select(['sequence', 'raw', 'error_code']).where('status', '=', 'afvist');
    const queueBefore = (await queued().execute()).length;
    const response = await post(batch);
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      counts: Record<string, number>;
      results: { sequence: number; status: string; error?: { code: string; field?: string } }[];
    }>();
    expect(body.counts).toEqual({ behandlet: 2, 'allerede-modtaget': 0, overhalet: 0, afvist: 12 });
    expect(body.results.map((r) => [r.sequence, r.status, r.error?.field])).toEqual([
      [20, 'behandlet', undefined],
      [21, 'afvist', 'cpr'],
      [22, 'afvist', 'municipality'],
      [23, 'afvist', 'date'],
      [24, 'afvist', 'cpr'],
      [25, 'afvist', 'municipality'],
      [26, 'afvist', 'date'],
      [27, 'afvist', 'kommune'],
      [28, 'afvist', 'municipality'],
      [-1, 'afvist', 'sequence'],
      [-1, 'afvist', undefined],
      [-1, 'afvist', undefined],
      [30, 'afvist', '\\u0000'],
      [31, 'behandlet', undefined],
    ]);
    expect(body.results.filter((r) => r.error !== undefined).map((r) => r.error?.code)).toEqual(
      Array(12).fill('ugyldigt-input'),
    );
    const rows = (await queued().orderBy('id').execute()).slice(queueBefore);
    expect(rows).toHaveLength(12);
    // The raw text as received, NUL and lone surrogates written as JSON escapes.
    expect(rows[0]?.raw).toBe(
      '{"sequence":21,"cpr":"070362\\u00001007","municipality":"147","date":"2025-05-12"}',
    );
    expect(rows[3]?.raw).toContain('"cpr":"0703621007\\ud800"');
    expect(rows.map((r) => r.raw).join('')).not.toContain(String.fromCharCode(0));

    // The same batch again: the good messages are already received, the poison ones are not queued twice.
    const again = await post(batch);
    expect(again.statusCode).toBe(200);
    expect(again.json<{ counts: Record<string, number> }>().counts).toEqual({
      behandlet: 0,
      'allerede-modtaget': 2,
      overhalet: 0,
      afvist: 12,
    });
    expect((await queued().execute()).length).toBe(queueBefore + 12);

    const errors = await app.inject({ url: '/api/cpr/address-changes/errors?limit=12', headers: asOwner });
    expect(errors.statusCode).toBe(200);
    const entries = errors.json<{ entries: { content: Record<string, unknown>; raw: string }[] }>().entries;
    expect(entries.find((e) => e.raw.includes('"sequence":22'))?.content).toMatchObject({
      municipality: '14\\u00007',
    });
  });
});
