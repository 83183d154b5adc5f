/**
 * The fuzz test of "no 5xx on any input" (docs/robustness.md, "Fuzzing"). Requests are generated from the
 * app's own OpenAPI document (every API route, its path and query parameters, its headers and its JSON
 * body schema) and for every page form, mixed with hostile values: NUL and other control characters, lone
 * surrogates, huge strings, the year 0000 and dates outside 1900-2200, huge and negative numbers, wrong
 * types and unknown fields. Each request must get an answer below 500; every API refusal is problem+json
 * with a code; and a refusal changes none of the main tables.
 *
 * `npm test` runs a fixed seed and a bounded number of runs. `npm run fuzz` runs many more with a random
 * seed, which it prints (FUZZ_RUNS and FUZZ_SEED set them).
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { routePlugins } from '../src/platform/system.ts';
import { taskActionKinds } from '../src/tasks/index.ts';
import { asService, asUser, type AuthHeaders } from './support/sign-in.ts';
import { useTestDatabase } from './support/test-db.ts';
import { personIdOf, webSession, type WebSession } from './support/web-session.ts';

const runs = Number(process.env['FUZZ_RUNS'] ?? '600');
/** FUZZ_SURVEY=1 counts the 5xx answers instead of stopping at the first (for docs/robustness.md). */
const survey = process.env['FUZZ_SURVEY'] === '1';
const seed =
  process.env['FUZZ_SEED'] === undefined ? (runs > 600 ? Date.now() : 8) : Number(process.env['FUZZ_SEED']);

/** The tables a refusal must leave as they were. */
const mainTables = [
  'persons',
  'residences',
  'institution_stays',
  'administration_arrangements',
  'acting_periods',
  'manual_acting_periods',
  'financing_periods',
  'cases',
  'grants',
  'registrations',
  'deductions',
  'payment_lines',
  'deduction_lines',
  'tasks',
  'task_categories',
  'task_events',
  'events',
  'outbound_files',
] as const;

let as101: AuthHeaders;
/** The system owner of 101 (categories, runs, outbound files, the CPR error queue). */
let owner: AuthHeaders;
/** The CPR integration. */
let asCpr: AuthHeaders;
/** sb101 signed in to the pages. */
let web: WebSession;
const cpr = '070362-1007';
/** Karen's person id: the address of her pages. */
let personId = '00000000-0000-4000-8000-000000000000';

let app: FastifyInstance;
let db: Db;
let taskId = '00000000-0000-0000-0000-000000000000';
let caseId = '00000000-0000-0000-0000-000000000000';
let spec: OpenApi;

interface Schema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly $ref?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}
interface Parameter {
  readonly in: 'query' | 'path' | 'header';
  readonly name: string;
  readonly schema?: Schema;
}
interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: Schema }> };
}
interface OpenApi {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

interface FuzzRequest {
  readonly route: string;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: unknown;
  readonly page: boolean;
}

// ---- values ----------------------------------------------------------------------------------------

/** Values that break things: control characters, lone surrogates, size, dates and numbers out of range. */
const hostileStrings: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\u0001\u001b[31m',
  '\ud800',
  'x\udc00y',
  '\uffff',
  'x'.repeat(5_000),
  'k'.repeat(100_000),
  '0000-01-01',
  '0000-01',
  '1899-12-31',
  '2201-01-01',
  '9999-12-31',
  '2025-02-30',
  '0000-01-01T00:00',
  '90071992547409.91',
  '99999999999999999999999.99',
  '-1',
  '-0.00',
  '1e309',
  'NaN',
  'x@751',
  '',
  ' ',
  '\n',
  "'; drop table persons; --",
  '../../etc/passwd',
  '%00',
  '{}',
  '999',
  '0000',
  'ø',
  '👍',
];
const hostileValues: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53,
  1e308,
  -1e308,
  [],
  {},
  [null],
  { unknown: 1 },
];

/** Plausible values by field name, so that a request gets past the first check and deeper in. */
const plausible: Readonly<Record<string, readonly string[]>> = {
  cpr: [cpr, '0703621007', '280880-1001', '010180-1001'],
  spouse: [cpr, '280880-1001'],
  municipality: ['101', '0101', '147', '461'],
  kommune: ['101', '147'],
  abroad: ['SE', 'DE'],
  from: ['2025-06-01', '2025-05-01', '2015-01-01'],
  to: ['2025-12-31', '2025-06-30'],
  date: ['2025-06-01', '2025-05-20'],
  monthly: ['1000.00', '12345.67', '0.01', '10000000.00'],
  name: ['Ny Borger', 'Åse Ørnsø'],
  category: ['a', 'sats-1'],
  formaal: ['sagsbehandling', 'opfølgning'],
  periode: ['2025-05', '2025-06'],
  period: ['2025-05'],
  fristFoer: ['2025-06-01'],
  efter: ['eyJzIjoiZnJpc3QifQ'],
  after: ['1', 'abc'],
  limit: ['1', '20', '10000'],
  antal: ['1', '25', '500'],
  tildelt: ['mig', 'ingen', 'sb101'],
  assignee: ['sb101', 'sb147'],
  key: ['ny-kategori', 'a1'],
  reason: ['Lukket'],
  note: ['Løst'],
  step: ['indtast', 'opsummering'],
  query: ['trin:kode'],
  type: ['bestem-handlekommune-manuelt', 'registrer-fraflytning'],
};

const anyHostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.constantFrom(...hostileValues),
);

function stringFor(name: string): fc.Arbitrary<string> {
  const good = plausible[name];
  return fc.oneof(
    { weight: good === undefined ? 0 : 4, arbitrary: fc.constantFrom(...(good ?? [''])) },
    { weight: 3, arbitrary: fc.constantFrom(...hostileStrings) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  );
}

function resolve(schema: Schema): Schema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.split('/').pop() ?? '';
  return spec.components?.schemas?.[name] ?? {};
}

/** A value for a JSON Schema: mostly of its shape, sometimes hostile, sometimes with unknown fields. */
function valueFor(raw: Schema, name: string, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(raw);
  const shaped = shapedFor(schema, name, depth);
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: anyHostile });
}

function shapedFor(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices !== undefined && choices.length > 0) {
    return fc.oneof(...choices.map((choice) => valueFor(choice, name, depth)));
  }
  if (schema.allOf !== undefined && schema.allOf.length > 0)
    return valueFor(schema.allOf[0] ?? {}, name, depth);
  const types =
    schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type;
  const type = types.find((t) => t !== 'null') ?? (schema.properties === undefined ? 'string' : 'object');
  const nullable = types.includes('null');
  const base = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'object': {
        if (depth > 4) return fc.constant({});
        const properties = Object.entries(schema.properties ?? {});
        const required = new Set(schema.required ?? []);
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, property] of properties) record[key] = valueFor(property, key, depth + 1);
        const known = fc.record(record, {
          requiredKeys: properties.map(([key]) => key).filter((key) => required.has(key)),
        });
        return fc
          .tuple(
            known,
            fc.option(
              fc.dictionary(fc.constantFrom(...hostileStrings.slice(0, 6), 'ukendt'), anyHostile, {
                maxKeys: 2,
              }),
              { freq: 5 },
            ),
          )
          .map(([value, extra]) => (extra === null ? value : { ...extra, ...value }));
      }
      case 'array':
        return fc.array(valueFor(schema.items ?? {}, name, depth + 1), { maxLength: 3 });
      case 'integer':
        return fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constantFrom(2 ** 31, 2 ** 53, -(2 ** 53)));
      case 'number':
        return fc.oneof(fc.integer({ min: -5, max: 50 }), fc.double());
      case 'boolean':
        return fc.boolean();
      default:
        return stringFor(name);
    }
  })();
  return nullable ? fc.option(base, { freq: 5 }) : base;
}

/** Encodes a value into a URL component, keeping lone surrogates as the raw bytes a client could send. */
function component(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  try {
    return encodeURIComponent(text);
  } catch {
    return text
      .replace(/[\ud800-\udfff]/gu, '%ED%A0%80')
      .split('%ED%A0%80')
      .map(encodeURIComponent)
      .join('%ED%A0%80');
  }
}

/**
 * The credentials of an API request (values an HTTP client can send, no control characters): mostly a
 * caseworker of 101, sometimes the system owner or the CPR integration, and sometimes none or a bad one.
 * Made once the tokens exist.
 */
function credentials(): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(as101) },
    { weight: 2, arbitrary: fc.constant(owner) },
    { weight: 1, arbitrary: fc.constant(asCpr) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<Record<string, string>>(
        {},
        { authorization: 'Bearer x@751' },
        { authorization: `Bearer ${'u'.repeat(8_000)}` },
        { authorization: '' },
        { authorization: 'Basic c2IxMDE6MTAx' },
        { authorization: 'Bearer a.b.c' },
        { authorization: 'Bearer æøå' },
        { cookie: `ydelse_session=${'x'.repeat(5_000)}` },
      ),
    },
  );
}

function pathValue(name: string): fc.Arbitrary<string> {
  const good =
    name === 'id'
      ? [taskId, '1', '0']
      : name === 'period'
        ? ['2025-05', '2025-06']
        : (plausible[name] ?? ['x']);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...good) },
    { weight: 2, arbitrary: fc.constantFrom(...hostileStrings) },
  );
}

/** The arbitrary of requests to one API operation of the OpenAPI document. */
function apiRequest(path: string, method: string, operation: Operation): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const pathArb = fc.tuple(...pathParams.map((p) => pathValue(p.name)));
  const queryArb = fc.tuple(
    ...queryParams.map((p) => fc.option(valueFor(p.schema ?? {}, p.name), { freq: 2 })),
  );
  const bodyArb = bodySchema === undefined ? fc.constant(undefined) : valueFor(bodySchema, 'body');
  return fc.tuple(pathArb, queryArb, bodyArb, credentials()).map(([pathValues, query, body, headers]) => {
    let url = path;
    pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, component(pathValues[i]))));
    const search = queryParams
      .map((p, i) => (query[i] === null || query[i] === undefined ? '' : `${p.name}=${component(query[i])}`))
      .filter((part) => part !== '')
      .join('&');
    return {
      route: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase() as 'GET' | 'POST',
      url: search === '' ? url : `${url}?${search}`,
      headers,
      ...(body === undefined ? {} : { payload: body }),
      page: false,
    };
  });
}

/** The page forms: each field plausible or hostile, posted as a browser posts (urlencoded). */
const pageForms: readonly {
  route: string;
  method: 'GET' | 'POST';
  path: () => string;
  fields: readonly string[];
}[] = [
  { route: 'POST /borgere/soeg', method: 'POST', path: () => '/borgere/soeg', fields: ['cpr'] },
  {
    route: 'GET /borgere/{id}',
    method: 'GET',
    path: () => `/borgere/${personId}`,
    fields: ['formaal', 'oprettet'],
  },
  {
    route: 'GET /borgere/{id}/udbetalingsspecifikation/{period}',
    method: 'GET',
    path: () => `/borgere/${personId}/udbetalingsspecifikation/2025-05`,
    fields: ['kommune'],
  },
  {
    route: 'POST /borgere',
    method: 'POST',
    path: () => '/borgere',
    fields: [
      'cpr',
      'navn',
      'kommune',
      'bopael-fra',
      'civilstand',
      'aegtefaelle',
      'cpr-abonnement',
      'helbredskort',
    ],
  },
  {
    route: 'GET /opgaver',
    method: 'GET',
    path: () => '/opgaver',
    fields: [
      'type',
      'status',
      'kategori',
      'tildelt',
      'bruger',
      'cpr',
      'fristFoer',
      'medUndring',
      'sortering',
      'antal',
      'efter',
    ],
  },
  { route: 'GET /opgaver/{id}', method: 'GET', path: () => `/opgaver/${taskId}`, fields: ['udfoert'] },
  { route: 'GET /sager/{id}', method: 'GET', path: () => `/sager/${caseId}`, fields: ['kendtPr'] },
  {
    route: 'POST /borgere/{id}/opgaver',
    method: 'POST',
    path: () => `/borgere/${personId}/opgaver`,
    fields: ['type', 'sag'],
  },
  {
    route: 'POST /opgaver/{id}',
    method: 'POST',
    path: () => `/opgaver/${taskId}`,
    fields: [
      'handling',
      'version',
      'type',
      'trin',
      'undring',
      'notat',
      'aarsag',
      'bruger',
      'kategori',
      'kommune',
      'fra',
      'til',
      'aarsag',
      'dato',
    ],
  },
];

const formValues: Readonly<Record<string, readonly string[]>> = {
  ...plausible,
  navn: ['Ny Borger'],
  'bopael-fra': ['01-06-2025', '2025-06-01'],
  civilstand: ['ugift', 'gift'],
  aegtefaelle: [''],
  'cpr-abonnement': ['ja'],
  helbredskort: ['ja'],
  // The engine's actions, and the task page's own buttons for assigning.
  handling: [...taskActionKinds, 'tildel-mig', 'fjern-tildeling'],
  version: ['1', '2', '0'],
  trin: ['indtast', 'opsummering'],
  notat: ['Løst'],
  aarsag: ['Lukket', 'midlertidigt-ophold'],
  bruger: ['sb101'],
  kategori: ['a'],
  fra: ['2025-06-01'],
  dato: ['2025-06-01'],
  kendtPr: ['05.05.2025', '2025-05-05', '2025-05-05T09:00', '2025-05-05T07:00:00Z'],
  type: [...(plausible['type'] ?? []), 'ydelsesopgave-htf', 'afslut-bevilling'],
  sag: ['00000000-0000-4000-8000-000000000000', 'abc'],
};

function pageRequest(form: (typeof pageForms)[number]): fc.Arbitrary<FuzzRequest> {
  const field = (name: string) =>
    fc.option(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...(formValues[name] ?? [''])) },
        { weight: 2, arbitrary: fc.constantFrom(...hostileStrings) },
      ),
      { freq: 4 },
    );
  // Signed in, mostly, with the form's CSRF token, mostly; sometimes without either, or with a bad token.
  const signedIn = fc.oneof(
    { weight: 9, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  );
  const csrf = fc.oneof(
    { weight: 8, arbitrary: fc.constant(web.csrfToken) },
    { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(64), ...hostileStrings.slice(0, 3)) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  return fc.tuple(fc.tuple(...form.fields.map(field)), signedIn, csrf).map(([values, session, token]) => {
    const encoded = form.fields
      .map((name, i) => (values[i] === null ? '' : `${name}=${component(values[i])}`))
      .filter((part) => part !== '')
      .join('&');
    const path = form.path();
    const cookie: Record<string, string> = session ? web.headers : {};
    return form.method === 'GET'
      ? {
          route: form.route,
          method: 'GET',
          url: encoded === '' ? path : `${path}?${encoded}`,
          headers: { accept: 'text/html', ...cookie },
          page: true,
        }
      : {
          route: form.route,
          method: 'POST',
          url: path,
          headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...cookie },
          payload: [token === null ? '' : `_csrf=${component(token)}`, encoded]
            .filter((part) => part !== '')
            .join('&'),
          page: true,
        };
  });
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

async function fingerprint(): Promise<string> {
  const parts = mainTables.map(
    (table) => `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${table} t)`,
  );
  const result = await sql<{ f: string }>`select ${sql.raw(parts.join(" || ','  || "))} as f`.execute(db);
  return result.rows[0]?.f ?? '';
}

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  as101 = await asUser(db, '101');
  owner = await asUser(db, '101', { user: 'drift101', roles: ['systemansvarlig'] });
  asCpr = await asService(db, 'cpr', ['cpr-integration']);
  const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
  web = await webSession(db, clock.now());
  spec = app.swagger() as unknown as OpenApi;
  const post = (url: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, headers: as101, payload });
  expect(
    (
      await post('/api/persons', {
        cpr,
        name: 'Karen Testesen',
        residence: [{ municipality: '101', from: '2015-01-01' }],
      })
    ).statusCode,
  ).toBe(201);
  expect(
    (
      await post('/api/persons', {
        cpr: '280880-1001',
        name: 'Uden Abonnement',
        residence: [{ municipality: '101', from: '2015-01-01' }],
        cprSubscription: false,
      })
    ).statusCode,
  ).toBe(201);
  const created = await post(`/api/persons/${cpr}/cases`, {
    benefit: 'kontanthjaelp',
    municipality: '101',
    status: 'bevilget',
    from: '2025-05-01',
    monthly: '1000.00',
  });
  caseId = created.json<{ id: string }>().id;
  personId = await personIdOf(db, cpr);
  const category = await app.inject({
    method: 'POST',
    url: '/api/task-categories',
    headers: owner,
    payload: { key: 'a', name: 'A' },
  });
  expect(category.statusCode).toBe(201);
  await post('/api/persons/280880-1001/move-out', { municipality: '147', date: '2025-06-01' });
  const inbox = await app.inject({ url: '/api/tasks', headers: as101 });
  const first = inbox.json<{ rows: { id: string }[] }>().rows[0];
  if (first !== undefined) taskId = first.id;
});
afterAll(() => app.close());

describe('no 5xx on any input', () => {
  it(
    'answers every generated and hostile request below 500, refusals as problem+json, changing nothing',
    async () => {
      const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => apiRequest(path, method, operation)),
      );
      const requests = fc.oneof(...operations, ...pageForms.map(pageRequest));
      const routes = new Set<string>();
      const failures: string[] = [];
      let count = 0;
      if (runs > 600) console.log(`fuzz: ${String(runs)} requests, seed ${String(seed)}`);
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const before = await fingerprint();
          const response = await app.inject({
            method: request.method,
            url: request.url,
            headers: request.headers,
            ...(request.payload === undefined ? {} : { payload: request.payload as string }),
          });
          count += 1;
          routes.add(request.route);
          const where = `${request.method} ${request.url.slice(0, 200)} → ${String(response.statusCode)}`;
          if (response.statusCode >= 500) failures.push(`${request.route} ${response.body.slice(0, 120)}`);
          if (survey) return;
          expect(response.statusCode, `${where} ${response.body.slice(0, 500)}`).toBeLessThan(500);
          if (response.statusCode >= 400) {
            if (!request.page) {
              expect(response.headers['content-type'], where).toMatch(/^application\/problem\+json/);
              expect(typeof response.json<{ code?: unknown }>().code, where).toBe('string');
            }
            expect(await fingerprint(), `${where}: a refusal changed the main tables`).toBe(before);
          }
        }),
        { seed, numRuns: runs, endOnFailure: true },
      );
      console.log(
        `fuzz: ${String(count)} requests over ${String(routes.size)} routes, ` +
          `${String(failures.length)} answered 5xx, seed ${String(seed)}`,
      );
      if (survey) for (const [failure, n] of countBy(failures)) console.log(`${String(n)} × ${failure}`);
      expect(routes.size).toBeGreaterThanOrEqual(30);
      expect(failures).toEqual([]);
    },
    Math.max(60_000, runs * 25),
  );
});
