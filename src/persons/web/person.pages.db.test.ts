import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { personIdOf, webSession, type WebSession } from '../../../test/support/web-session.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';

let app: FastifyInstance;
let db: Db;
let signedIn: WebSession;
/** A browser signed in as sb101 of 101. */
let browser: Record<string, string>;
let form: Record<string, string>;

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
  signedIn = await webSession(db, clock.now());
  browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...signedIn.headers };
  form = { 'content-type': 'application/x-www-form-urlencoded', ...signedIn.headers };
});
afterAll(() => app.close());

/** Posts a form of the signed-in session (with its CSRF token) to `url`. */
const post = (fields: Record<string, string>, url = '/borgere') =>
  app.inject({
    method: 'POST',
    url,
    headers: form,
    payload: new URLSearchParams({ _csrf: signedIn.csrfToken, ...fields }).toString(),
  });

const valid = { cpr: '0101801234', navn: 'Web Borger', kommune: '101', 'bopael-fra': '01.02.2020' };

describe('the person pages (server side)', () => {
  it('serves the forside in Danish with the DKFDS assets', async () => {
    const response = await app.inject({ url: '/', headers: browser });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(response.body).toMatch(/^<!DOCTYPE html>\n<html lang="da">/);
    expect(response.body).toContain('Gå til indhold');
    expect(response.body).toContain('Logget ind som sb101, København (101)');
    const css = await app.inject('/static/dkfds/css/dkfds.min.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect((await app.inject('/static/dkfds/README.md')).statusCode).toBe(404);
  });

  it('creates a citizen from the form, redirects with 303 and logs the reads as web', async () => {
    const created = await post({ ...valid, 'cpr-abonnement': 'ja' });
    expect(created.statusCode).toBe(303);
    const id = await personIdOf(db, '0101801234');
    expect(created.headers.location).toBe(`/borgere/${id}?oprettet=1`);
    const overview = await app.inject({ url: created.headers.location as string, headers: browser });
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toMatch(/Nuværende bopælskommune<\/th>\s*<td>København \(101\)<\/td>/);
    expect(overview.body).toContain('01.02.2020');
    expect(overview.body).toContain('Borger oprettet');
    // A caseworker of a municipality with no relation to the citizen finds no one there.
    const other = await webSession(db, Temporal.Instant.from('2025-05-05T07:00:00Z'), {
      municipality: '751',
    });
    const hidden = await app.inject({ url: `/borgere/${id}`, headers: { ...browser, ...other.headers } });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain('Web Borger');
    const log = await db
      .selectFrom('access_log')
      .select(['purpose', 'channel', 'actor'])
      .where('channel', '=', 'web')
      .execute();
    expect(log).toEqual(
      expect.arrayContaining([{ purpose: 'borgeroverblik', channel: 'web', actor: 'bruger:sb101@101' }]),
    );
  });

  it('addresses a citizen by the person id, never by the CPR number: a CPR number in the address finds no one', async () => {
    for (const cpr of ['0101801234', '010180-1234']) {
      const response = await app.inject({ url: `/borgere/${cpr}`, headers: browser });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Web Borger');
    }
  });

  it('keeps the values, escaped, and shows every error when fields are missing or wrong', async () => {
    const response = await post({
      cpr: '3201621234',
      navn: '',
      kommune: '',
      'bopael-fra': '',
      aegtefaelle: '<x>',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Der er problemer');
    for (const id of ['cpr', 'navn', 'kommune', 'bopael-fra'])
      expect(response.body).toContain(`href="#${id}"`);
    expect(response.body).toContain('value="3201621234"');
    expect(response.body).toContain('value="&lt;x&gt;"');
    expect(response.body).not.toContain('<x>');
  });

  it('refuses an already registered CPR at the CPR field', async () => {
    const response = await post(valid);
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('allerede oprettet');
    expect(response.body).toContain('id="cpr-error"');
  });

  it('maps the use case fields to the form fields', async () => {
    const wrongDate = await post({ ...valid, cpr: '0202801234', 'bopael-fra': 'i går' });
    expect(wrongDate.body).toContain('href="#bopael-fra"');
    expect(wrongDate.body).toContain('Skriv datoen som dd.mm.åååå');
    const spouse = await post({ ...valid, cpr: '0202801234', aegtefaelle: '0101801234' });
    expect(spouse.statusCode).toBe(422);
    expect(spouse.body).toContain('href="#aegtefaelle"');
  });

  it('searches by CPR in a posted form: found goes on, unknown and invalid show the error at the field', async () => {
    const found = await post({ cpr: '010180-1234' }, '/borgere/soeg');
    expect(found.statusCode).toBe(303);
    expect(found.headers.location).toBe(`/borgere/${await personIdOf(db, '0101801234')}`);
    const unknown = await post({ cpr: '0101809999' }, '/borgere/soeg');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Borgeren findes ikke, eller du har ikke adgang til borgeren');
    expect(unknown.body).toContain('id="cpr-error"');
    const invalid = await app.inject({
      method: 'POST',
      url: '/borgere/soeg',
      headers: form,
      payload: `_csrf=${signedIn.csrfToken}&cpr=abc&cpr=def`,
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('10 cifre');
  });

  it('answers an unknown page with the Danish 404 page and the API with problem+json', async () => {
    const page = await app.inject({ url: '/ingen/side', headers: browser });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Siden findes ikke');
    const api = await app.inject({ url: '/api/ingen', headers: browser });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    const unknownPerson = await app.inject({
      url: '/borgere/00000000-0000-4000-8000-000000000000',
      headers: browser,
    });
    expect(unknownPerson.statusCode).toBe(404);
    expect(unknownPerson.body).toContain('Siden findes ikke');
  });

  it('shows the Danish error page for a bad request body and for a server error', async () => {
    const badJson = await app.inject({
      method: 'POST',
      url: '/borgere',
      headers: { ...browser, 'content-type': 'application/json' },
      payload: '{"cpr": ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.body).toContain('Forespørgslen kunne ikke behandles');

    const broken = {
      transaction: () => {
        throw new Error('databasen er væk');
      },
    } as unknown as Db;
    const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
    const brokenApp = await buildApp({ deps: { db: broken, clock }, logger: false, plugins: routePlugins });
    try {
      const response = await brokenApp.inject({
        url: `/borgere/${await personIdOf(db, '0101801234')}`,
        headers: browser,
      });
      expect(response.statusCode).toBe(500);
      expect(response.body).toContain('Der opstod en fejl');
      expect(response.body).not.toContain('databasen er væk');
    } finally {
      await brokenApp.close();
    }
  });
});
