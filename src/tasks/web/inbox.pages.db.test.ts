/**
 * The inbox page's work tools: the views "Alle åbne", "Mine" and "Ufordelte" with their counts, the counts
 * per status and type with links, the bulk assignment of chosen tasks (all or none, the refusal at the
 * failing task's checkbox) and the saved filters (never the CPR number; refusals at the name field).
 */
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTasksFor } from '../../../test/support/tasks.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { webSession, type WebSession } from '../../../test/support/web-session.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { createPerson } from '../../persons/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import type { Deps } from '../../platform/use-case.ts';

let app: FastifyInstance;
let db: Db;
let deps: Deps & { readonly clock: SimulatedClock };
let signedIn: WebSession;
let other: WebSession;
const anna = '1505701234';
const ids: string[] = [];

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;

const tasksFor = (cpr: string, types: readonly string[], municipality = '101') =>
  createTasksFor(
    deps,
    cpr,
    types.map((type) => ({ type, municipality: municipality as MunicipalityCode, data: {} })),
  );

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
  const person = await createPerson(deps, systemActor('test'), 'api', {
    cpr: anna,
    name: 'Anna Andersen',
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  if (!person.ok) throw new Error(person.error.message);
  ids.push(
    ...(await tasksFor(anna, [
      'opfoelgning-administration',
      'opfoelgning-administration',
      'opfoelgning-oekonomiske-udestaaender',
    ])),
  );
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  signedIn = await webSession(db, deps.clock.now());
  other = await webSession(db, deps.clock.now(), { user: 'sb2' });
});
afterAll(() => app.close());

const browser = (session: WebSession) => ({ accept: 'text/html', ...session.headers });
const get = (url: string, session = signedIn): Promise<Inject> =>
  app.inject({ url, headers: browser(session) });
function post(url: string, fields: [string, string][], session = signedIn): Promise<Inject> {
  const body = new URLSearchParams([['_csrf', session.csrfToken], ...fields]);
  return app.inject({
    method: 'POST',
    url,
    headers: { ...browser(session), 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}
const plain = (markup: string): string =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const main = (body: string): string => body.slice(body.indexOf('<main'), body.indexOf('</main>'));
/** The views' links as their text. */
const viewTexts = (body: string): string[] => {
  const nav = body.slice(
    body.indexOf('aria-label="Visninger"'),
    body.indexOf('</nav>', body.indexOf('aria-label="Visninger"')),
  );
  return [...nav.matchAll(/<a[^>]*>([\s\S]*?)<\/a\s*>/g)].map((m) => plain(m[1] ?? ''));
};
const checkboxValue = (body: string, id: string): string =>
  new RegExp(`id="vaelg-${id}"\\s+name="opgave"\\s+value="([^"]+)"`).exec(body)?.[1] ?? '';
const assignees = async () =>
  new Map(
    (await db.selectFrom('tasks').select(['id', 'assignee']).where('id', 'in', ids).execute()).map((r) => [
      r.id,
      r.assignee,
    ]),
  );

describe('the inbox page’s work tools', () => {
  it('shows the views with counts and the counts per status and type as links', async () => {
    const page = await get('/opgaver');
    expect(page.statusCode).toBe(200);
    expect(viewTexts(page.body)).toEqual(['Alle åbne (3)', 'Mine (0)', 'Ufordelte (3)']);
    expect(page.body).toMatch(/href="\/opgaver"\s+aria-current="page"/);
    expect(page.body).toContain('href="/opgaver?tildelt=mig"');
    expect(page.body).toContain('href="/opgaver?tildelt=ingen"');
    const counts = plain(
      page.body.slice(
        page.body.indexOf('id="antal-status"'),
        page.body.indexOf('</table>', page.body.indexOf('id="antal-status"')),
      ),
    );
    expect(counts).toContain('Åben 3');
    expect(page.body).toContain('href="/opgaver?type=opfoelgning-administration">');
    const types = plain(page.body.slice(page.body.indexOf('id="antal-type"')));
    expect(types).toMatch(/Opfølgning: administration[^0-9]*2/);
    // The view is marked where it is.
    expect((await get('/opgaver?tildelt=ingen')).body).toMatch(
      /href="\/opgaver\?tildelt=ingen"\s+aria-current="page"/,
    );
  });

  it('assigns the chosen tasks to me in one post, and shows how many', async () => {
    const page = await get('/opgaver');
    const chosen = ids.slice(0, 2).map((id) => checkboxValue(page.body, id));
    expect(chosen.every((value) => /^[0-9a-f-]{36}:\d+$/.test(value))).toBe(true);
    const posted = await post('/opgaver/tildeling', [
      ...chosen.map((value): [string, string] => ['opgave', value]),
      ['tildel', 'mig'],
      ['tilbage', '/opgaver?sortering=frist'],
    ]);
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/opgaver?sortering=frist&besked=tildelt-2');
    const after = await get(posted.headers.location as string);
    expect(plain(main(after.body))).toContain('2 opgaver er tildelt.');
    expect(viewTexts(after.body)).toEqual(['Alle åbne (3)', 'Mine (2)', 'Ufordelte (1)']);
    const now = await assignees();
    expect([now.get(ids[0]!), now.get(ids[1]!), now.get(ids[2]!)]).toEqual(['sb101', 'sb101', null]);
  });

  it('assigns none when one chosen task changed since, with the error at its checkbox', async () => {
    const page = await get('/opgaver');
    const values = ids.map((id) => checkboxValue(page.body, id));
    // Another caseworker takes the third task meanwhile.
    const taken = await post(
      '/opgaver/tildeling',
      [
        ['opgave', values[2]!],
        ['tildel', 'mig'],
      ],
      other,
    );
    expect(taken.statusCode).toBe(303);
    const before = await assignees();
    const refused = await post('/opgaver/tildeling', [
      ...values.map((value): [string, string] => ['opgave', value]),
      ['tildel', 'bruger'],
      ['tildel-bruger', 'sb555'],
    ]);
    expect(refused.statusCode).toBe(409);
    expect(await assignees()).toEqual(before);
    const body = refused.body;
    expect(body).toContain('<title>Fejl: Opgaveindbakke');
    expect(body).toContain(`href="#vaelg-${ids[2]!}"`);
    expect(plain(body)).toContain('Opgave 3 af 3');
    expect(plain(body)).toContain('Ingen af opgaverne er tildelt');
    // The choices are kept, so the caseworker can untick the one and try again.
    for (const id of ids) expect(body).toMatch(new RegExp(`id="vaelg-${id}"[^>]*checked`));
    expect(body).toContain('value="sb555"');
  });

  it('refuses a post with no task chosen, or without the user to assign to', async () => {
    const none = await post('/opgaver/tildeling', [['tildel', 'mig']]);
    expect(none.statusCode).toBe(400);
    expect(plain(none.body)).toContain('Vælg mindst én opgave i tabellen');
    const page = await get('/opgaver');
    const noUser = await post('/opgaver/tildeling', [
      ['opgave', checkboxValue(page.body, ids[0]!)],
      ['tildel', 'bruger'],
    ]);
    expect(noUser.statusCode).toBe(400);
    expect(noUser.body).toContain('href="#tildel-bruger"');
  });

  it('refuses a post without the CSRF token', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/opgaver/tildeling',
      headers: { ...browser(signedIn), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `opgave=${ids[0]!}:1&tildel=mig`,
    });
    expect(response.statusCode).toBe(403);
  });

  it('saves the filter shown (without the CPR number), lists it as a link and deletes it', async () => {
    // A filter with a CPR number is posted; the save form on its page carries the rest.
    const withCpr = await post('/opgaver', [
      ['cpr', '150570-1234'],
      ['status', 'aaben'],
      ['tildelt', 'mig'],
    ]);
    expect(withCpr.statusCode).toBe(200);
    const carried = /name="filter" value="([^"]*)"/.exec(withCpr.body)?.[1] ?? '';
    expect(carried).toBe('tildelt=mig');
    expect(plain(withCpr.body)).toContain('CPR-nummeret gemmes ikke i filteret');
    const saved = await post('/opgaver/filtre', [
      ['filter', `${carried}&cpr=1505701234`],
      ['filternavn', 'Mine opgaver'],
    ]);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/opgaver?tildelt=mig&besked=gemt');
    const page = await get('/opgaver');
    expect(page.body).toMatch(/<a href="\/opgaver\?tildelt=mig"\s*>Mine opgaver<\/a\s*>/);
    expect(page.body).not.toContain('1505701234');
    // Another caseworker does not see it.
    expect((await get('/opgaver', other)).body).not.toContain('Mine opgaver');
    const id = /action="\/opgaver\/filtre\/([0-9a-f-]{36})\/slet"/.exec(page.body)?.[1] ?? '';
    expect((await post(`/opgaver/filtre/${id}/slet`, [], other)).statusCode).toBe(404);
    const deleted = await post(`/opgaver/filtre/${id}/slet`, []);
    expect(deleted.headers.location).toBe('/opgaver?besked=slettet');
    expect((await get('/opgaver')).body).not.toContain('Mine opgaver');
  });

  it('shows a bad name at the name field and saves nothing', async () => {
    await post('/opgaver/filtre', [
      ['filter', 'status=afsluttet'],
      ['filternavn', 'Lukkede'],
    ]);
    for (const [name, status, message] of [
      ['', 400, 'Giv filteret et navn'],
      ['x'.repeat(61), 400, 'Navnet må højst være 60 tegn'],
      ['Lukkede', 409, 'Du har allerede et filter, der hedder "Lukkede"'],
    ] as const) {
      const refused = await post('/opgaver/filtre', [
        ['filter', 'status=afvist'],
        ['filternavn', name],
      ]);
      expect(refused.statusCode).toBe(status);
      expect(refused.body).toContain('href="#filternavn"');
      expect(plain(refused.body.slice(refused.body.indexOf('id="filternavn-error"')))).toContain(
        message.replaceAll('"', '&quot;').includes('&quot;') ? message.replaceAll('"', '&quot;') : message,
      );
      // The page shows the filter that was to be saved.
      expect(refused.body).toMatch(/<option value="afvist"\s+selected/);
    }
    const count = await db
      .selectFrom('saved_inbox_filters' as never)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number((count as { n: string }).n)).toBe(1);
  });
});
