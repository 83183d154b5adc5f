import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTasksFor } from '../../../test/support/tasks.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { personIdOf, webSession, type WebSession } from '../../../test/support/web-session.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { createPerson } from '../../persons/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import type { Deps } from '../../platform/use-case.ts';
import { createTaskCategory, type TaskRequest } from '../index.ts';

let app: FastifyInstance;
let db: Db;
let deps: Deps & { readonly clock: SimulatedClock };
/** A browser signed in as sb101 of København. */
let signedIn: WebSession;
let browser: Record<string, string>;
let form: Record<string, string>;
/** A caseworker of Aarhus, and a user of København who may only read. */
let aarhus: WebSession;
let reader: WebSession;
const caseworker101 = {
  kind: 'bruger' as const,
  userId: 'sb101',
  municipality: '101' as MunicipalityCode,
  roles: ['sagsbehandler' as const],
};

const anna = '1505701234';
const bo = '0101801234';
const carl = '0202802345';
const dorte = '0303803456';
/** A citizen of Aarhus, whose caseworker decides the acting municipality by hand. */
const erik = '0404804567';
const ids: Record<string, string> = {};

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;

const tasksFor = (cpr: string, requests: readonly TaskRequest[]) => createTasksFor(deps, cpr, requests);

const followUp = (type: string, municipality = '101'): TaskRequest => ({
  type,
  municipality: municipality as MunicipalityCode,
  data: {},
});

const manualTask: TaskRequest = {
  type: 'bestem-handlekommune-manuelt',
  municipality: '751' as MunicipalityCode,
  data: {},
};

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
  for (const [cpr, name, municipality] of [
    [anna, 'Anna Andersen', '101'],
    [bo, 'Bo Bertelsen', '101'],
    [carl, 'Carl Christensen', '751'],
    [dorte, 'Dorte Dahl', '101'],
    [erik, 'Erik Eriksen', '751'],
  ] as const) {
    const created = await createPerson(deps, systemActor('test'), 'api', {
      cpr,
      name,
      residence: [{ municipality, from: '2015-01-01' }],
    });
    if (!created.ok) throw new Error(created.error.message);
  }
  // København's system owner sets up its categories.
  const owner101 = { ...caseworker101, userId: 'drift101', roles: ['systemansvarlig' as const] };
  const category = await createTaskCategory(deps, owner101, 'api', { key: 'vigtig', name: 'Vigtig' });
  if (!category.ok) throw new Error(category.error.message);
  [ids['admin'] = ''] = await tasksFor(anna, [followUp('opfoelgning-administration')]);
  [ids['udestaaender'] = ''] = await tasksFor(anna, [followUp('opfoelgning-oekonomiske-udestaaender')]);
  [ids['aarhus'] = ''] = await tasksFor(carl, [followUp('opfoelgning-administration', '751')]);
  [ids['flytning'] = ''] = await tasksFor(bo, [
    {
      type: 'registrer-fraflytning',
      municipality: '101' as MunicipalityCode,
      data: { to: '751', moveDate: '2025-05-20', dutyStays: true },
      facts: { spouse: '0101801235' },
    },
  ]);
  // Enough tasks for a second page of the inbox (25 to a page).
  await tasksFor(
    dorte,
    Array.from({ length: 24 }, () => followUp('opfoelgning-modtaget-handleansvar')),
  );
  // Aarhus's task for Anna, who lives in København: København sees it, but may not work it.
  [ids['aarhusAnna'] = ''] = await tasksFor(anna, [followUp('opfoelgning-administration', '751')]);
  // Aarhus's tasks for Erik (København's inbox never shows them).
  [ids['manuel'] = ''] = await tasksFor(erik, [manualTask]);
  [ids['institution'] = '', ids['aarhusUdestaaender'] = ''] = await tasksFor(erik, [
    followUp('opfoelgning-institutionsophold', '751'),
    followUp('opfoelgning-oekonomiske-udestaaender', '751'),
  ]);
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  for (const cpr of [anna, bo]) ids[cpr] = await personIdOf(db, cpr);
  signedIn = await webSession(db, deps.clock.now());
  aarhus = await webSession(db, deps.clock.now(), { municipality: '751' });
  reader = await webSession(db, deps.clock.now(), { user: 'laes101', roles: ['laeseadgang'] });
  browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...signedIn.headers };
  form = { ...browser, 'content-type': 'application/x-www-form-urlencoded' };
});
afterAll(() => app.close());

const get = (url: string, session: WebSession = signedIn): Promise<Inject> =>
  app.inject({ url, headers: { ...browser, ...session.headers } });
const post = (
  id: string,
  fields: Record<string, string | readonly string[]>,
  session: WebSession = signedIn,
): Promise<Inject> => {
  const body = new URLSearchParams({ _csrf: session.csrfToken });
  for (const [name, value] of Object.entries(fields)) {
    for (const item of typeof value === 'string' ? [value] : value) body.append(name, item);
  }
  return app.inject({
    method: 'POST',
    url: `/opgaver/${id}`,
    headers: { ...form, ...session.headers },
    payload: body.toString(),
  });
};

/** The inbox's filter form posted, as a CPR filter is (the number never goes in an address). */
const filter = (fields: Record<string, string>): Promise<Inject> =>
  app.inject({
    method: 'POST',
    url: '/opgaver',
    headers: form,
    payload: new URLSearchParams({ _csrf: signedIn.csrfToken, ...fields }).toString(),
  });

/** The page's main content, without the header (whose sign-out is a post form on every page). */
const mainOf = (body: string): string => body.slice(body.indexOf('<main'), body.indexOf('</main>'));

/** Text without tags, spaces collapsed. */
const plain = (markup: string): string =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The rows of the table labelled by the heading, each as its cells' text. */
function rows(body: string, headingId: string): string[][] {
  const start = body.indexOf(`aria-labelledby="${headingId}"`);
  if (start < 0) return [];
  const table = body.slice(start, body.indexOf('</table>', start));
  const tbody = table.slice(table.indexOf('<tbody>'));
  return [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => plain(cell[1] ?? '')),
  );
}

/** The task ids the inbox links to, in order. */
const linkedTasks = (body: string): string[] =>
  [...body.matchAll(/<td><a href="\/opgaver\/([0-9a-f-]{36})">/g)].map((m) => m[1] ?? '');

/** The error summary's links (`#field`) and messages. */
function summary(body: string): { href: string | undefined; text: string }[] {
  const start = body.indexOf('data-module="error-summary"');
  if (start < 0) return [];
  const list = body.slice(start, body.indexOf('</ul>', start));
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => ({
    href: /href="#([^"]+)"/.exec(m[1] ?? '')?.[1],
    text: plain(m[1] ?? ''),
  }));
}

/** The message shown at a field (`<id>-error`). */
function fieldError(body: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}-error"><span class="sr-only">Fejl: </span>([^<]*)</span>`).exec(body);
  return match === null ? undefined : plain(match[1] ?? '');
}

const versionOf = (body: string): number => Number(/name="version" value="(\d+)"/.exec(body)?.[1]);

async function taskRow(id: string) {
  return db
    .selectFrom('tasks')
    .select(['version', 'status', 'current_step', 'assignee', 'categories'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('the inbox', () => {
  it('shows the open tasks of the caseworker’s own municipality, oldest first', async () => {
    const response = await get('/opgaver');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    const body = response.body;
    expect(body).toContain('<h1>Opgaveindbakke</h1>');
    const linked = linkedTasks(body);
    expect(linked).toHaveLength(25);
    expect(linked.slice(0, 3)).toEqual([ids['admin'], ids['udestaaender'], ids['flytning']]);
    expect(linked).not.toContain(ids['aarhus']);
    expect(rows(body, 'opgaver')[0]).toEqual([
      'Opfølgning: administration af økonomi (APØ) for Anna Andersen',
      'Anna Andersen 150570-1234 (borgeroverblik for Anna Andersen)',
      'Vurder administrationen',
      '0',
      'Ikke tildelt',
      '–',
      '19.05.2025',
      '05.05.2025 kl. 09:01',
    ]);
    expect(body).toContain(`href="/borgere/${ids[anna] ?? ''}"`);
    // The move task waits at an undring, marked in the row.
    expect(rows(body, 'opgaver')[2]?.slice(2, 4)).toEqual([
      'Vurder bopælssamlingsabonnementer',
      '1 åben undring',
    ]);
  });

  it('pages by the cursor: "Næste side" carries efter, "Første side" leaves it out', async () => {
    const first = await get('/opgaver');
    const next = /href="(\/opgaver\?efter=[^"]+)">Næste side/.exec(first.body)?.[1];
    expect(next).toBeDefined();
    expect(first.body).not.toContain('Første side');
    const second = await get((next ?? '').replaceAll('&amp;', '&'));
    expect(second.statusCode).toBe(200);
    const rest = linkedTasks(second.body);
    expect(rest).toHaveLength(2);
    expect(rest.filter((id) => linkedTasks(first.body).includes(id))).toEqual([]);
    expect(second.body).toContain('<a class="button button-secondary" href="/opgaver">Første side</a>');
    expect(second.body).not.toContain('Næste side');
  });

  it('keeps the filters in the paging links', async () => {
    const first = await get('/opgaver?type=opfoelgning-modtaget-handleansvar&sortering=oprettet-nyeste');
    expect(linkedTasks(first.body)).toHaveLength(24);
    expect(first.body).not.toContain('Næste side');
    const newest = await get('/opgaver?sortering=oprettet-nyeste');
    const next = /href="([^"]+)">Næste side/.exec(newest.body)?.[1] ?? '';
    expect(next).toMatch(/^\/opgaver\?sortering=oprettet-nyeste&amp;efter=/);
    const second = await get(next.replaceAll('&amp;', '&'));
    expect(linkedTasks(second.body)).toEqual([ids['udestaaender'], ids['admin']]);
    expect(second.body).toContain('href="/opgaver?sortering=oprettet-nyeste">Første side');
  });

  it('filters by type, undring, CPR, due date and status, with the form showing the filters', async () => {
    const byType = await get('/opgaver?type=opfoelgning-administration');
    expect(linkedTasks(byType.body)).toEqual([ids['admin']]);
    expect(byType.body).toMatch(/<option value="opfoelgning-administration"\s+selected>/);

    const withQueries = await get('/opgaver?med-undring=ja');
    expect(linkedTasks(withQueries.body)).toEqual([ids['flytning']]);
    expect(withQueries.body).toMatch(/id="med-undring"\s+name="med-undring"\s+value="ja"\s+checked/);

    const byCpr = await filter({ cpr: '150570-1234' });
    expect(byCpr.statusCode).toBe(200);
    expect(linkedTasks(byCpr.body)).toEqual([ids['admin'], ids['udestaaender']]);
    // Its page keeps the number in the form it posts, never in a link.
    expect(byCpr.body).toMatch(/name="cpr"[^>]*value="150570-1234"/);
    expect(byCpr.body).not.toMatch(/href="[^"]*150570-?1234/);
    // Filters without a CPR number are shown at their address.
    const byType2 = await filter({ type: 'opfoelgning-administration', cpr: '' });
    expect(byType2.statusCode).toBe(303);
    expect(byType2.headers.location).toBe('/opgaver?type=opfoelgning-administration');
    expect(linkedTasks((await get('/opgaver?frist-foer=18.05.2025')).body)).toEqual([]);
    expect(linkedTasks((await filter({ 'frist-foer': '2025-05-19', cpr: '0101801234' })).body)).toEqual([
      ids['flytning'],
    ]);

    const closed = await get('/opgaver?status=afsluttet');
    expect(closed.statusCode).toBe(200);
    expect(closed.body).toContain('<p>Der er ingen opgaver, der passer til filtrene.</p>');
  });

  it('refuses filter values not on the lists, naming the fields in the error summary', async () => {
    const response = await get('/opgaver?status=lukket&type=ukendt&sortering=tilfaeldig');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Fejl: Opgaveindbakke – OpenYdelse</title>');
    expect(summary(response.body)).toEqual([
      { href: 'type', text: 'Opgavetype: Vælg en opgavetype fra listen' },
      { href: 'status', text: 'Status: Vælg en status fra listen' },
      { href: 'sortering', text: 'Sortering: Vælg en sortering fra listen' },
    ]);
    expect(fieldError(response.body, 'status')).toBe('Vælg en status fra listen');
    expect(response.body).not.toContain('aria-labelledby="opgaver"');
  });

  it.each([
    ['an invalid CPR number', 'cpr=123', 'cpr', 'CPR-nummer:'],
    ['a date that does not exist', 'frist-foer=32.13.2025', 'frist-foer', 'Frist før:'],
    ['an unknown category', 'kategori=ukendt', 'kategori', 'Kategori: Kommunen har ingen opgavekategori'],
    ['a user left out', 'tildelt=bruger', 'bruger', 'Bruger: Skriv brugerens id'],
  ])('shows %s at its field', async (_what, query, field, message) => {
    const response = await get(`/opgaver?${query}`);
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    const [error] = summary(response.body);
    expect(error?.href).toBe(field);
    expect(error?.text).toContain(message);
    expect(fieldError(response.body, field)).toBeDefined();
  });

  it('shows no tasks for an unknown citizen, as for a citizen without tasks (it never tells who exists)', async () => {
    const response = await filter({ cpr: '0101809999' });
    expect(response.statusCode).toBe(200);
    expect(summary(response.body)).toEqual([]);
    expect(linkedTasks(response.body)).toEqual([]);
    expect(response.body).not.toContain('findes ikke');
  });

  it('sends a broken cursor back to the first page', async () => {
    const response = await get('/opgaver?efter=rod');
    expect(response.statusCode).toBe(400);
    expect(summary(response.body)).toEqual([
      { href: undefined, text: 'Siden findes ikke længere. Gå til første side.' },
    ]);
    expect(response.body).toContain('<a href="/opgaver">Gå til første side</a>');
  });
});

describe('a task', () => {
  it('shows the header, the steps with kind and status, the current step’s form and the history', async () => {
    const response = await get(`/opgaver/${ids['admin'] ?? ''}`);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('<h1>Opfølgning: administration af økonomi (APØ)</h1>');
    expect(plain(body)).toContain('Opgave for Anna Andersen (150570-1234)');
    expect(plain(body)).toMatch(
      /Borger Anna Andersen \( ?150570-1234 ?\) Kommune København \(101\) Status Åben/,
    );
    expect(plain(body)).toContain('Frist 19.05.2025');
    // The version goes along with every form, hidden: caseworkers never see it.
    expect(plain(mainOf(body))).not.toMatch(/Version/i);
    const start = body.indexOf('<ol class="step-indicator"');
    const steps = body.slice(start, body.indexOf('</ol>', start));
    expect(plain(steps)).toBe('1 Vurder administrationen Manuelt · Aktiv 2 Opsummering Manuelt · Afventer');
    expect(steps).toContain('aria-current="step"');
    expect(body).toContain('<h2 id="aktuelt-trin">Aktuelt trin: Vurder administrationen</h2>');
    expect(body).toMatch(
      /<textarea class="form-input input-width-xl" rows="4" id="input-notat"\s+name="input-notat"\s+required/,
    );
    expect(body).toContain('value="videre"');
    expect(plain(body)).toContain('Gå videre');
    expect(plain(body)).not.toContain('Spring over');
    expect(body).toContain('<p>Ingen trin er gennemført endnu.</p>');
    expect(rows(body, 'historik')).toEqual([
      ['05.05.2025 kl. 09:01', 'Opgave oprettet', '–', 'System (daglig-flytning)', '–'],
    ]);
    expect(versionOf(body)).toBe(1);
  });

  it('re-shows "Gå videre" with bad input: the error at the field, what was typed kept, nothing changed', async () => {
    const id = ids['udestaaender'] ?? '';
    const before = await taskRow(id);
    const response = await post(id, {
      version: String(before.version),
      type: 'opfoelgning-oekonomiske-udestaaender',
      trin: 'opgoer-udestaaender',
      'input-afregnet': 'ja',
      'input-notat': '   ',
      handling: 'videre',
    });
    expect(response.statusCode).toBe(400);
    expect(summary(response.body)).toEqual([{ href: 'input-notat', text: 'Skriv et notat' }]);
    expect(fieldError(response.body, 'input-notat')).toBe('Skriv et notat');
    expect(response.body).toMatch(/id="input-notat"[^>]*aria-invalid="true"/);
    expect(response.body).toMatch(/id="input-afregnet"\s+name="input-afregnet"\s+value="ja"\s+checked/);
    expect(await taskRow(id)).toEqual(before);
  });

  it('advances with good input, redirects to the task, and "Godkend" completes it', async () => {
    const id = ids['udestaaender'] ?? '';
    const page = await get(`/opgaver/${id}`);
    const advanced = await post(id, {
      version: String(versionOf(page.body)),
      type: 'opfoelgning-oekonomiske-udestaaender',
      trin: 'opgoer-udestaaender',
      'input-notat': 'Restbeløbet er afregnet med Aarhus',
      'input-afregnet': 'ja',
      handling: 'videre',
    });
    expect(advanced.statusCode).toBe(303);
    expect(advanced.headers.location).toBe(`/opgaver/${id}?udfoert=videre`);
    const summaryStep = await get(advanced.headers.location as string);
    expect(summaryStep.body).toContain('Trinnet er gennemført.');
    expect(summaryStep.body).toContain('<h2 id="aktuelt-trin">Aktuelt trin: Opsummering</h2>');
    expect(plain(summaryStep.body)).toContain('Afregnet Ja Notat Restbeløbet er afregnet med Aarhus');
    expect(plain(summaryStep.body)).toContain('Godkend');
    expect(summaryStep.body).toContain('Gå tilbage til trinnet');

    const approved = await post(id, {
      version: String(versionOf(summaryStep.body)),
      type: 'opfoelgning-oekonomiske-udestaaender',
      trin: 'opsummering',
      handling: 'videre',
    });
    expect(approved.statusCode).toBe(303);
    const closed = await get(approved.headers.location as string);
    expect(closed.body).toContain('Opgaven er godkendt.');
    expect(plain(closed.body)).toContain('Status Afsluttet');
    expect(mainOf(closed.body)).not.toContain('<form method="post"');
    expect((await taskRow(id)).status).toBe('afsluttet');
    expect(rows(closed.body, 'historik').map((row) => row[1])).toEqual([
      'Opgave oprettet',
      'Trin gennemført',
      'Trin gennemført',
      'Opgave afsluttet',
    ]);
  });

  it('shows the fresh task with the conflict notice when the version is stale', async () => {
    const id = ids['admin'] ?? '';
    const assigned = await post(id, { version: '1', handling: 'tildel-mig' });
    expect(assigned.statusCode).toBe(303);
    const before = await taskRow(id);
    expect(before).toMatchObject({ version: 2, assignee: 'sb101' });
    const stale = await post(id, {
      version: '1',
      type: 'opfoelgning-administration',
      trin: 'vurder-administration',
      'input-notat': 'Set',
      handling: 'videre',
    });
    expect(stale.statusCode).toBe(409);
    expect(summary(stale.body)).toEqual([
      { href: undefined, text: 'Opgaven er ændret af en anden. Siden viser nu den nyeste udgave.' },
    ]);
    expect(versionOf(stale.body)).toBe(2);
    expect(plain(stale.body)).toContain('Tildelt sb101');
    // The same step is still current, so what was typed is kept.
    expect(stale.body).toMatch(/id="input-notat"[^>]*>Set<\/textarea>/);
    expect(await taskRow(id)).toEqual(before);
  });

  it('handles an undring: a mandatory one cannot be dismissed and needs a note', async () => {
    const id = ids['flytning'] ?? '';
    const page = await get(`/opgaver/${id}`);
    expect(plain(page.body)).toContain('Undring Obligatorisk Handleansvaret bliver hos kommunen');
    expect(page.body).toContain('Løs undringen');
    expect(page.body).not.toContain('Afvis undringen');
    // The step's own form waits until the undring is handled.
    expect(page.body).not.toContain('value="videre"');
    const empty = await post(id, {
      version: String(versionOf(page.body)),
      undring: 'vurder-bopaelssamlingsabonnementer:bopaelssamlingsabonnementer',
      notat: '',
      handling: 'loes-undring',
    });
    expect(empty.statusCode).toBe(400);
    expect(summary(empty.body)).toEqual([
      { href: 'undring-0-notat', text: 'Skriv hvordan undringen er løst' },
    ]);
    const resolved = await post(id, {
      version: String(versionOf(page.body)),
      undring: 'vurder-bopaelssamlingsabonnementer:bopaelssamlingsabonnementer',
      notat: 'Ægtefællen flytter med',
      handling: 'loes-undring',
    });
    expect(resolved.statusCode).toBe(303);
    const next = await get(`/opgaver/${id}`);
    expect(next.body).toContain('value="videre"');
    expect(rows(next.body, 'behandlede-undringer')[0]?.slice(2, 4)).toEqual([
      'Løst',
      'Ægtefællen flytter med',
    ]);
    // The decision is a required choice: radio buttons, refused when none is chosen.
    expect(next.body).toMatch(/type="radio"\s+class="form-radio"\s+id="input-beslutning"/);
    const noChoice = await post(id, {
      version: String(versionOf(next.body)),
      type: 'registrer-fraflytning',
      trin: 'vurder-bopaelssamlingsabonnementer',
      'input-notat': 'Aftalt med borgeren',
      handling: 'videre',
    });
    expect(noChoice.statusCode).toBe(400);
    expect(summary(noChoice.body)).toEqual([{ href: 'input-beslutning', text: 'Vælg beslutning' }]);
    expect(noChoice.body).toMatch(/id="input-notat"[^>]*>Aftalt med borgeren<\/textarea>/);
  });

  it('assigns, sets categories, and closes only with a reason', async () => {
    const id = ids['admin'] ?? '';
    let version = (await taskRow(id)).version;
    expect(
      (await post(id, { version: String(version), handling: 'kategorier', kategori: ['vigtig'] })).statusCode,
    ).toBe(303);
    version += 1;
    const categorized = await get(`/opgaver/${id}`);
    expect(plain(categorized.body)).toContain('Kategorier Vigtig');
    expect(linkedTasks((await get('/opgaver?kategori=vigtig')).body)).toEqual([id]);
    expect(linkedTasks((await get('/opgaver?tildelt=mig')).body)).toEqual([id]);
    expect(linkedTasks((await get('/opgaver?tildelt=bruger&bruger=sb101')).body)).toEqual([id]);
    expect(linkedTasks((await get('/opgaver?tildelt=ingen&type=opfoelgning-administration')).body)).toEqual(
      [],
    );

    const noUser = await post(id, { version: String(version), handling: 'tildel', bruger: ' ' });
    expect(summary(noUser.body)).toEqual([
      { href: 'bruger', text: 'Angiv en bruger, eller fjern tildelingen' },
    ]);
    expect((await post(id, { version: String(version), handling: 'fjern-tildeling' })).statusCode).toBe(303);
    version += 1;
    expect((await taskRow(id)).assignee).toBeNull();

    const noReason = await post(id, { version: String(version), handling: 'annuller', aarsag: '' });
    expect(noReason.statusCode).toBe(400);
    expect(summary(noReason.body)).toEqual([{ href: 'aarsag', text: 'Angiv en begrundelse' }]);
    const cancelled = await post(id, {
      version: String(version),
      handling: 'annuller',
      aarsag: 'Oprettet ved en fejl',
    });
    expect(cancelled.statusCode).toBe(303);
    const closed = await get(`/opgaver/${id}`);
    expect(plain(closed.body)).toContain('Status Annulleret Årsag Oprettet ved en fejl');
    expect(closed.body).toContain('Opgaven er annulleret');
  });

  it('answers a task of a citizen unrelated to the caseworker’s municipality as an unknown task', async () => {
    const response = await get(`/opgaver/${ids['aarhus'] ?? ''}`);
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Opgaven findes ikke.');
    expect(response.body).not.toContain('Carl Christensen');
  });

  it('shows a task of another municipality read-only, with a notice', async () => {
    const response = await get(`/opgaver/${ids['aarhusAnna'] ?? ''}`);
    expect(response.statusCode).toBe(200);
    expect(plain(response.body)).toContain(
      'Du kan kun se opgaven Opgaven tilhører Aarhus (751). Kun kommunens sagsbehandlere kan handle på den.',
    );
    expect(mainOf(response.body)).not.toContain('<form method="post"');
    expect(response.body).toContain('<h2 id="aktuelt-trin">Aktuelt trin: Vurder administrationen</h2>');
  });

  it('answers an unknown task or a bad id with the Danish 404 page', async () => {
    for (const url of ['/opgaver/00000000-0000-4000-8000-000000000000', '/opgaver/abc']) {
      const response = await get(url);
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('Opgaven findes ikke.');
    }
  });

  it('refuses an unknown action without changing anything', async () => {
    const id = ids['flytning'] ?? '';
    const before = await taskRow(id);
    const response = await post(id, { version: String(before.version), handling: 'slet' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Forespørgslen kunne ikke behandles');
    expect(await taskRow(id)).toEqual(before);
  });
});

/** The fields of "Angiv handlekommune og periode" as posted, under the action chosen. */
const manualStep = (fields: Record<string, string>, version: number): Record<string, string> => ({
  version: String(version),
  type: 'bestem-handlekommune-manuelt',
  trin: 'angiv-handlekommune',
  handling: 'videre',
  ...fields,
});

/** The markup of what a choice of the step's "Handling" reveals. */
function revealedUnder(body: string, choice: string): string {
  const start = body.indexOf(`<div id="input-action-${choice}-felter"`);
  if (start < 0) return '';
  const rest = body.slice(start);
  const next = rest.search(/id="input-action-\d"/);
  return next < 0 ? rest.slice(0, rest.indexOf('</fieldset>')) : rest.slice(0, next);
}

/** The value a text field shows. */
const valueAt = (body: string, id: string): string | undefined =>
  new RegExp(`id="${id}"[^>]*?value="([^"]*)"`, 'm').exec(body.replace(/\s+/g, ' '))?.[1];

describe('the step form', () => {
  it('draws the fields that belong to a choice under it, each municipality a select of the 98', async () => {
    const response = await get(`/opgaver/${ids['manuel'] ?? ''}`, aarhus);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('class="form-group js-radio-toggle-group"');
    expect(body).toMatch(/value="opret"\s+data-controls="#input-action-opret-felter" data-expanded="true"/);
    // Open as drawn: without JavaScript every choice's fields are there to fill in.
    expect(body).toContain('<div id="input-action-opret-felter" class="radio-content" aria-hidden="false">');
    const opret = revealedUnder(body, 'opret');
    expect(opret).toContain('<select class="form-select" id="input-opret-municipality"');
    expect([...opret.matchAll(/<option /g)].length).toBeGreaterThanOrEqual(99);
    expect(opret).toMatch(/<option value="751"\s*>\s*751 – Aarhus\s*<\/option>/);
    expect(opret).toContain('id="input-opret-from"');
    expect(revealedUnder(body, 'rediger')).toContain(
      '<select class="form-select" id="input-rediger-municipality"',
    );
    const stands = revealedUnder(body, 'stands');
    expect(stands).toContain('id="input-stands-to"');
    expect(stands).not.toContain('municipality');
    expect(body).not.toContain('input-action-fortryd-felter');
    expect(plain(body)).not.toMatch(/kræves ved/i);
    // Every municipality field of the step is a select: no text field takes a code.
    expect(body).not.toMatch(/<input[^>]*id="input-[a-z]+-municipality"/);
  });

  it('reports every bad field of the step at once, dates in Danish, values as typed, nothing changed', async () => {
    const id = ids['manuel'] ?? '';
    const before = await taskRow(id);
    const response = await post(
      id,
      manualStep(
        {
          'input-action': 'opret',
          'input-opret-municipality': '',
          'input-opret-from': '30.02.2026',
          'input-opret-to': '05.12.2026',
          'input-opret-reason': '',
          // Typed under another choice: not read.
          'input-stands-to': 'rod',
        },
        before.version,
      ),
      aarhus,
    );
    expect(response.statusCode).toBe(400);
    expect(summary(response.body)).toEqual([
      { href: 'input-opret-municipality', text: 'Vælg kommune' },
      { href: 'input-opret-from', text: 'Datoen 30.02.2026 findes ikke' },
      { href: 'input-opret-reason', text: 'Vælg årsag' },
    ]);
    expect(fieldError(response.body, 'input-opret-municipality')).toBe('Vælg kommune');
    expect(fieldError(response.body, 'input-opret-from')).toBe('Datoen 30.02.2026 findes ikke');
    expect(fieldError(response.body, 'input-opret-reason')).toBe('Vælg årsag');
    expect(fieldError(response.body, 'input-stands-to')).toBeUndefined();
    // What was typed comes back as typed: the Danish date stays Danish.
    expect(valueAt(response.body, 'input-opret-from')).toBe('30.02.2026');
    expect(valueAt(response.body, 'input-opret-to')).toBe('05.12.2026');
    expect(valueAt(response.body, 'input-stands-to')).toBe('rod');
    expect(response.body).toMatch(/id="input-action"\s+name="input-action"\s+value="opret"\s+checked/);
    expect(await taskRow(id)).toEqual(before);
  });

  it('for random valid and invalid values lists exactly the invalid fields, and changes nothing', async () => {
    const id = ids['manuel'] ?? '';
    const before = await taskRow(id);
    const either = (good: string[], bad: string[]) =>
      fc.oneof(
        fc.constantFrom(...good).map((value) => ({ value, valid: true })),
        fc.constantFrom(...bad).map((value) => ({ value, valid: false })),
      );
    const drawn = fc.record({
      municipality: either(['751', '101', '0147'], ['', '999', '411']),
      from: either(['01.06.2025', '2025-07-01', '1.8.2025'], ['', '31.04.2025', 'snart']),
      to: either(['', '31.12.2025'], ['31.13.2025', 'aldrig']),
      reason: either(['ophold-institution', 'midlertidigt-ophold'], ['', 'ferie']),
    });
    await fc.assert(
      fc.asyncProperty(drawn, async (typed) => {
        const keys = ['municipality', 'from', 'to', 'reason'] as const;
        const invalid = keys.filter((key) => !typed[key].valid).map((key) => `input-opret-${key}`);
        // All valid would be carried out; that is the use case's to decide, not this property's.
        fc.pre(invalid.length > 0);
        const fields = Object.fromEntries(keys.map((key) => [`input-opret-${key}`, typed[key].value]));
        const response = await post(
          id,
          manualStep({ 'input-action': 'opret', ...fields }, before.version),
          aarhus,
        );
        expect(response.statusCode).toBe(400);
        expect(summary(response.body).map((e) => e.href)).toEqual(invalid);
        for (const field of invalid) expect(fieldError(response.body, field)).toBeDefined();
      }),
      { numRuns: 15 },
    );
    expect(await taskRow(id)).toEqual(before);
  });

  it('goes on with good input, shows the dates in Danish, and goes back a step with them typed in Danish', async () => {
    const id = ids['manuel'] ?? '';
    const before = await taskRow(id);
    const done = await post(
      id,
      manualStep(
        {
          'input-action': 'opret',
          'input-opret-municipality': '751',
          'input-opret-from': '05.12.2026',
          'input-opret-to': '',
          'input-opret-reason': 'ophold-institution',
        },
        before.version,
      ),
      aarhus,
    );
    expect(done.statusCode).toBe(303);
    const summaryStep = await get(done.headers.location as string, aarhus);
    expect(summaryStep.body).toContain('<h2 id="aktuelt-trin">Aktuelt trin: Opsummering</h2>');
    expect(plain(summaryStep.body)).toContain('Handling Opret Kommune Aarhus (751) Fra 05.12.2026');
    expect(summaryStep.body).not.toContain('2026-12-05');
    // From "Opsummering" one step back: the step before it.
    expect(summaryStep.body).toMatch(/value="tilbage">\s*Gå tilbage et trin/);
    const back = await post(
      id,
      { version: String(versionOf(summaryStep.body)), trin: 'angiv-handlekommune', handling: 'tilbage' },
      aarhus,
    );
    expect(back.statusCode).toBe(303);
    const again = await get(back.headers.location as string, aarhus);
    expect(again.body).toContain('Trinnet er åbnet igen.');
    expect(again.body).toContain('<h2 id="aktuelt-trin">Aktuelt trin: Angiv handlekommune og periode</h2>');
    expect(valueAt(again.body, 'input-opret-from')).toBe('05.12.2026');
    expect(again.body).toMatch(/<option value="751"\s+selected>/);
    expect(again.body).not.toContain('2026-12-05');
    // The first step has no step before it.
    expect(again.body).not.toMatch(/Gå tilbage et trin/);
  });

  it('quotes the dates of the use case’s own refusals in Danish, at their field', async () => {
    // Aarhus keeps the duty from 1 June 2026 (a period to come) …
    const id = ids['manuel'] ?? '';
    let page = await get(`/opgaver/${id}`, aarhus);
    const passed = await post(
      id,
      manualStep(
        {
          'input-action': 'opret',
          'input-opret-municipality': '751',
          'input-opret-from': '01.06.2026',
          'input-opret-reason': 'ophold-institution',
        },
        versionOf(page.body),
      ),
      aarhus,
    );
    expect(passed.statusCode).toBe(303);
    page = await get(`/opgaver/${id}`, aarhus);
    const approved = await post(
      id,
      {
        version: String(versionOf(page.body)),
        type: 'bestem-handlekommune-manuelt',
        trin: 'opsummering',
        handling: 'videre',
      },
      aarhus,
    );
    expect(approved.statusCode).toBe(303);
    // … and a new task tries to stop it before it begins.
    const [stop = ''] = await tasksFor(erik, [manualTask]);
    page = await get(`/opgaver/${stop}`, aarhus);
    const refused = await post(
      stop,
      manualStep({ 'input-action': 'stands', 'input-stands-to': '15.05.2026' }, versionOf(page.body)),
      aarhus,
    );
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    const [error] = summary(refused.body);
    expect(error?.href).toBe('input-stands-to');
    expect(error?.text).toContain('01.06.2026');
    expect(error?.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(valueAt(refused.body, 'input-stands-to')).toBe('15.05.2026');
  });
});

describe('the actions offered', () => {
  it('offers only what the step and the task allow, and refuses the rest with a clear message', async () => {
    const id = ids['institution'] ?? '';
    const page = await get(`/opgaver/${id}`, aarhus);
    const before = await taskRow(id);
    // A step that can never be skipped, the first of the task, with a step left that cannot be skipped.
    expect(page.body).not.toContain('value="spring-over"');
    expect(page.body).not.toContain('value="tilbage"');
    expect(page.body).not.toContain('value="afslut"');
    expect(page.body).toContain('value="afvis"');
    const refusals: [Record<string, string>, string][] = [
      [
        { handling: 'spring-over', trin: 'vurder-institutionsophold' },
        'Trinnet "Vurder institutionsopholdet" kan aldrig springes over',
      ],
      [
        { handling: 'tilbage', trin: 'vurder-institutionsophold' },
        'Trinnet "Vurder institutionsopholdet" er ikke gennemført',
      ],
      [
        { handling: 'afslut', aarsag: 'Færdig' },
        'Trinnet "Vurder institutionsopholdet" skal gennemføres før opgaven kan afsluttes',
      ],
    ];
    for (const [fields, message] of refusals) {
      const refused = await post(id, { version: String(before.version), ...fields }, aarhus);
      expect(refused.statusCode).toBe(409);
      expect(summary(refused.body.replaceAll('&quot;', '"'))).toEqual([{ href: undefined, text: message }]);
    }
    expect(await taskRow(id)).toEqual(before);
  });

  it('offers nothing on a closed task, and refuses an action posted to it', async () => {
    const id = ids['aarhusUdestaaender'] ?? '';
    const version = (await taskRow(id)).version;
    expect(
      (await post(id, { version: String(version), handling: 'afvis', aarsag: 'Dublet' }, aarhus)).statusCode,
    ).toBe(303);
    const closed = await get(`/opgaver/${id}`, aarhus);
    expect(mainOf(closed.body)).not.toContain('<form method="post"');
    const before = await taskRow(id);
    const refused = await post(
      id,
      {
        version: String(before.version),
        type: 'opfoelgning-oekonomiske-udestaaender',
        trin: 'opgoer-udestaaender',
        'input-notat': 'Set',
        handling: 'videre',
      },
      aarhus,
    );
    expect(refused.statusCode).toBe(409);
    expect(summary(refused.body)).toEqual([
      { href: undefined, text: 'Opgaven er lukket (afvist) og kan ikke ændres' },
    ]);
    expect(await taskRow(id)).toEqual(before);
  });

  it('offers a user who may only read nothing but reading, and refuses an action posted anyway', async () => {
    const id = ids['flytning'] ?? '';
    const page = await get(`/opgaver/${id}`, reader);
    expect(page.statusCode).toBe(200);
    expect(mainOf(page.body)).not.toContain('<form method="post"');
    expect(plain(page.body)).toContain('Din rolle giver ikke adgang til at arbejde med opgaver');
    const before = await taskRow(id);
    const refused = await post(id, { version: String(before.version), handling: 'tildel-mig' }, reader);
    expect(refused.statusCode).toBe(403);
    expect(plain(refused.body)).toContain('Du har ikke adgang');
    expect(plain(refused.body)).toContain('Din rolle giver ikke adgang til at arbejde med opgaver');
    expect(await taskRow(id)).toEqual(before);
  });
});

describe('the links to the task pages', () => {
  it('are in the header and on the borgeroverblik’s tasks', async () => {
    const overview = await get(`/borgere/${ids[anna] ?? ''}`);
    expect(overview.body).toContain('<a href="/opgaver" class="nav-link"><span>Opgaveindbakke</span></a>');
    expect(overview.body).toContain(`<a href="/opgaver/${ids['admin'] ?? ''}">`);
  });
});
