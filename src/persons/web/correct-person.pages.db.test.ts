/** "Ret borgerens oplysninger" from the pages: the form, every error at once, versions, who may. */
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { personIdOf, webSession, type WebSession } from '../../../test/support/web-session.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import { createPerson } from '../create-person.ts';

let app: FastifyInstance;
let db: Db;
let id = '';
let caseworker: WebSession;
let reader: WebSession;
let aarhus: WebSession;
const cpr = '0101801234';
const browser = { accept: 'text/html' };
const now = Temporal.Instant.from('2025-05-05T07:00:00Z');

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const deps = { db, clock: new SimulatedClock(now) };
  const created = await createPerson(deps, systemActor('test'), 'api', {
    cpr,
    name: 'Anna Andersen',
    residence: [{ municipality: '101', from: '2012-03-01' }],
  });
  if (!created.ok) throw new Error(created.error.message);
  id = await personIdOf(db, cpr);
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  caseworker = await webSession(db, now);
  reader = await webSession(db, now, { user: 'laeser', roles: ['laeseadgang'] });
  aarhus = await webSession(db, now, { municipality: '751' });
});
afterAll(() => app.close());

const address = () => `/borgere/${id}/ret`;
const get = (url: string, session = caseworker) =>
  app.inject({ url, headers: { ...browser, ...session.headers } });
const post = (form: Record<string, string>, session = caseworker) =>
  app.inject({
    method: 'POST',
    url: address(),
    headers: { ...browser, ...session.headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...form, _csrf: session.csrfToken }).toString(),
  });
const person = () => db.selectFrom('persons').selectAll().where('cpr', '=', cpr).executeTakeFirstOrThrow();
const corrections = () =>
  db.selectFrom('events').select('data').where('type', '=', 'borger-rettet').execute();

describe('Ret borgerens oplysninger', () => {
  it('shows the citizen as registered, the version hidden', async () => {
    const { body, statusCode } = await get(address());
    expect(statusCode).toBe(200);
    expect(body).toContain('value="Anna Andersen"');
    expect(body).toContain('<input type="hidden" name="version" value="1" />');
    expect(body).not.toMatch(/Version\b/);
  });

  it('reports every field’s error at once, keeps the values and writes nothing', async () => {
    const response = await post({ navn: '  ', civilstand: 'ugift', aegtefaelle: '0101801235', version: '1' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#navn"');
    expect(response.body).toContain('href="#aegtefaelle"');
    expect(response.body).toContain('value="0101801235"');
    expect((await person()).version).toBe(1);
    expect(await corrections()).toEqual([]);
  });

  it('never answers garbage with a server error, and writes only a valid correction', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          navn: fc.string(),
          civilstand: fc.string(),
          aegtefaelle: fc.string(),
          version: fc.string(),
        }),
        async (form) => {
          const before = await person();
          const response = await post(form);
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode !== 303) expect((await person()).version).toBe(before.version);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('corrects against the version seen, records what changed, and refuses a stale version', async () => {
    const version = String((await person()).version);
    const done = await post({
      navn: 'Anna Bentsen',
      civilstand: 'gift',
      aegtefaelle: '150570-1234',
      'cpr-abonnement': 'ja',
      version,
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/borgere/${id}?rettet=1`);
    const after = await person();
    expect([after.name, after.civil_status, after.spouse_cpr, after.cpr_subscription]).toEqual([
      'Anna Bentsen',
      'gift',
      '1505701234',
      true,
    ]);
    const recorded = (await corrections()).at(-1)?.data as { changes: Record<string, unknown> };
    expect(Object.keys(recorded.changes).sort()).toEqual(['civilStatus', 'name', 'spouse']);
    const stale = await post({
      navn: 'Anna C',
      civilstand: 'gift',
      aegtefaelle: '150570-1234',
      'cpr-abonnement': 'ja',
      version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('ændret, siden du hentede dem');
    expect(stale.body).toContain('value="Anna Bentsen"');
    expect((await person()).name).toBe('Anna Bentsen');
  });

  it('says so when nothing changed, and records nothing', async () => {
    const current = await person();
    const before = (await corrections()).length;
    const same = await post({
      navn: current.name,
      civilstand: current.civil_status,
      aegtefaelle: current.spouse_cpr ?? '',
      'cpr-abonnement': 'ja',
      version: String(current.version),
    });
    expect(same.headers.location).toBe(`/borgere/${id}?uaendret=1`);
    expect((await corrections()).length).toBe(before);
    const overview = await get(same.headers.location as string);
    expect(overview.body).toContain('Intet at rette');
  });

  it('is the acting municipality’s: a read-only user is refused, another municipality finds no one', async () => {
    expect((await get(address(), reader)).statusCode).toBe(403);
    expect((await post({ navn: 'X', civilstand: 'ugift', version: '1' }, reader)).statusCode).toBe(403);
    const other = await post({ navn: 'X', civilstand: 'ugift', version: '1' }, aarhus);
    expect(other.statusCode).toBe(404);
    expect((await get(address(), aarhus)).statusCode).toBe(404);
    expect((await person()).name).not.toBe('X');
  });
});
