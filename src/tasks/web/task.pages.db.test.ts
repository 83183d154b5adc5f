import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { personIdOf, webSession, type WebSession } from '../../../test/support/web-session.ts';
import { SimulatedClock, type Cpr, type MunicipalityCode } from '../../kernel/index.ts';
import { createPerson, findPersonByCpr } from '../../persons/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins, taskTypes } from '../../platform/system.ts';
import { runUseCase, type Deps } from '../../platform/use-case.ts';
import { createTaskCategory, createTasks, type TaskRequest } from '../index.ts';

let app: FastifyInstance;
let db: Db;
let deps: Deps & { readonly clock: SimulatedClock };
/** A browser signed in as sb101 of København. */
let signedIn: WebSession;
let browser: Record<string, string>;
let form: Record<string, string>;
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
const ids: Record<string, string> = {};

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;

async function tasksFor(cpr: string, requests: readonly TaskRequest[]): Promise<string[]> {
  deps.clock.advanceTo(deps.clock.now().add({ minutes: 1 }));
  const created = await runUseCase(
    deps,
    systemActor('daglig-flytning'),
    'job',
    'arbejd-opgave',
    async (context) => {
      const person = await findPersonByCpr(context.tx, cpr as Cpr);
      if (person === undefined) throw new Error(`no person ${cpr}`);
      return createTasks(context, taskTypes, person.id, requests);
    },
  );
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

const followUp = (type: string, municipality = '101'): TaskRequest => ({
  type,
  municipality: municipality as MunicipalityCode,
  data: {},
});

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
  for (const [cpr, name, municipality] of [
    [anna, 'Anna Andersen', '101'],
    [bo, 'Bo Bertelsen', '101'],
    [carl, 'Carl Christensen', '751'],
    [dorte, 'Dorte Dahl', '101'],
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
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  for (const cpr of [anna, bo]) ids[cpr] = await personIdOf(db, cpr);
  signedIn = await webSession(db, deps.clock.now());
  browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...signedIn.headers };
  form = { ...browser, 'content-type': 'application/x-www-form-urlencoded' };
});
afterAll(() => app.close());

const get = (url: string): Promise<Inject> => app.inject({ url, headers: browser });
const post = (id: string, fields: Record<string, string | readonly string[]>): Promise<Inject> => {
  const body = new URLSearchParams({ _csrf: signedIn.csrfToken });
  for (const [name, value] of Object.entries(fields)) {
    for (const item of typeof value === 'string' ? [value] : value) body.append(name, item);
  }
  return app.inject({ method: 'POST', url: `/opgaver/${id}`, headers: form, payload: body.toString() });
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
    expect(plain(body)).toContain('Version 1');
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

describe('the links to the task pages', () => {
  it('are in the header and on the borgeroverblik’s tasks', async () => {
    const overview = await get(`/borgere/${ids[anna] ?? ''}`);
    expect(overview.body).toContain('<a href="/opgaver" class="nav-link"><span>Opgaveindbakke</span></a>');
    expect(overview.body).toContain(`<a href="/opgaver/${ids['admin'] ?? ''}">`);
  });
});
