/**
 * The case-side forms against PostgreSQL: "Opret sag", "Registrer træk", the registrations (new, correct,
 * end) and the case page's journal note and document. Each form's success is shown on the case page or the
 * borgeroverblik; a form with several bad fields lists every error at once, keeps the values as typed and
 * writes nothing; a read-only user gets no form and a 403 on a post; a caseworker of an unrelated
 * municipality gets the refusal of a citizen who does not exist. A property: garbage in every field of the
 * forms never gives a 500 and never writes.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { personIdOf, webSession, type WebSession } from '../../../test/support/web-session.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { createPerson } from '../../persons/index.ts';
import { caseworkerActor, type Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import type { Deps } from '../../platform/use-case.ts';
import { createCase, newCasePath, newDeductionPath, newRegistrationPath } from '../index.ts';

let db: Db;
let app: FastifyInstance;
let deps: Deps;
let personId: string;
let caseId: string;
let caseworker: WebSession;
let reader: WebSession;
let stranger: WebSession;
const cpr = '1203804321';
const name = 'Frida Formular';
const clock = new SimulatedClock(Temporal.Instant.from('2026-03-02T09:00:00Z'));
const sb101: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  deps = { db, clock };
  must(
    await createPerson(deps, sb101, 'api', {
      cpr,
      name,
      residence: [{ municipality: '101', from: '2015-01-01' }],
    }),
  );
  caseId = must(
    await createCase(deps, sb101, 'api', cpr, {
      benefit: 'kontanthjaelp',
      municipality: '101',
      status: 'bevilget',
      from: '2026-01-01',
      monthly: '10000.00',
    }),
  ).id;
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  personId = await personIdOf(db, cpr);
  caseworker = await webSession(db, clock.now());
  reader = await webSession(db, clock.now(), { user: 'laeser101', roles: ['laeseadgang'] });
  stranger = await webSession(db, clock.now(), { municipality: '751' });
});
afterAll(() => app.close());

const get = (url: string, session: WebSession = caseworker) =>
  app.inject({ url, headers: { ...browser, ...session.headers } });

/** Posts a form as the session's browser does, with its CSRF token. */
const post = (url: string, fields: Record<string, string>, session: WebSession = caseworker) =>
  app.inject({
    method: 'POST',
    url,
    headers: { ...browser, ...session.headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
  });

type Part = string | { readonly filename: string; readonly content: Uint8Array };

/** Posts a multipart form (a file upload) as a browser does, with the CSRF token. */
async function postMultipart(url: string, fields: Record<string, Part>, session: WebSession = caseworker) {
  const form = new FormData();
  form.append('_csrf', session.csrfToken);
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(key, value);
    else form.append(key, new Blob([value.content]), value.filename);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return app.inject({
    method: 'POST',
    url,
    headers: { ...browser, ...session.headers, 'content-type': request.headers.get('content-type') ?? '' },
    payload: Buffer.from(await request.arrayBuffer()),
  });
}

const written = [
  'cases',
  'grants',
  'deductions',
  'registrations',
  'journal_notes',
  'case_documents',
  'payment_lines',
  'deduction_lines',
  'events',
  'tasks',
] as const;

/** The rows of every table a form could write. */
async function counts(): Promise<Record<string, number>> {
  const entries = await Promise.all(
    written.map(async (table) => {
      const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      return [table, Number(rows[0]?.n ?? 0)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** The field ids the error summary links to, in order. */
function summaryFields(body: string): string[] {
  const start = body.indexOf('data-module="error-summary"');
  if (start < 0) return [];
  const block = body.slice(start, body.indexOf('</ul>', start));
  return [...block.matchAll(/href="#([^"]+)"/g)].map((match) => match[1] ?? '');
}

/** The text of each body row of the table labelled by the heading, cells joined by " | ". */
function rows(body: string, headingId: string): string[] {
  const start = body.indexOf(`aria-labelledby="${headingId}"`);
  if (start < 0) return [];
  const table = body.slice(start, body.indexOf('</table>', start));
  const tbody = table.slice(table.indexOf('<tbody>'));
  return [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)]
      .map((cell) =>
        (cell[1] ?? '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .join(' | '),
  );
}

/** The value a text field shows. */
function valueOf(body: string, id: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(body)?.[0];
  const value = input === undefined ? undefined : /\bvalue="([^"]*)"/.exec(input)?.[1];
  return value
    ?.replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

const textAreaOf = (body: string, id: string): string | undefined =>
  new RegExp(`<textarea[^>]*\\bid="${id}"[^>]*>\\n?([\\s\\S]*?)</textarea`).exec(body)?.[1]?.trim();

/** The address of the list's "Ret" or "Afslut" link of the registration of the kind. */
function actionLink(body: string, action: 'ret' | 'afslut', kind: string): string {
  const pattern = new RegExp(
    `href="(/borgere/[^"]+/registreringer/[0-9a-f-]{36}/${action})"\\s*>\\w+<span class="sr-only"> ${kind} fra`,
  );
  return pattern.exec(body)?.[1] ?? '';
}

/** Whether the page has the field's DKFDS label. */
const hasLabel = (body: string, id: string): boolean =>
  new RegExp(`<label class="form-label" for="${id}"\\s*>`).test(body);

const selectedIn = (body: string, id: string): string | undefined => {
  const start = body.indexOf(`<select class="form-select" id="${id}"`);
  const select = body.slice(start, body.indexOf('</select>', start));
  return /<option value="([^"]*)"\s+selected/.exec(select)?.[1];
};

describe('Opret sag', () => {
  it('shows the labelled DKFDS form with the 98 municipalities and breadcrumbs to the citizen', async () => {
    const response = await get(newCasePath(personId));
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('<title>Opret sag – OpenYdelse</title>');
    for (const id of ['ydelse', 'status', 'kommune', 'fra', 'til', 'beloeb', 'kategori']) {
      expect(hasLabel(body, id), id).toBe(true);
    }
    const municipalities = body.slice(
      body.indexOf('id="kommune"'),
      body.indexOf('</select>', body.indexOf('id="kommune"')),
    );
    expect(municipalities.match(/<option value="\d{3}"/g)).toHaveLength(98);
    expect(selectedIn(body, 'kommune')).toBe('101');
    expect(body).toContain(`<a class="breadcrumbs__link" href="/borgere/${personId}">${name}</a>`);
    expect(body).toContain(`action="${newCasePath(personId)}"`);
    expect(body).toContain('name="_csrf"');
  });

  it('creates the case through createCase and shows its page', async () => {
    const before = await counts();
    const response = await post(newCasePath(personId), {
      ydelse: 'personligt-tillaeg',
      status: 'bevilget',
      kommune: '101',
      fra: '01.04.2026',
      til: '31.12.2026',
      beloeb: '1.234,56',
      kategori: 'Varmetillæg',
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    const location = response.headers.location ?? '';
    expect(location).toMatch(/^\/sager\/[0-9a-f-]{36}$/);
    const after = await counts();
    expect(after['cases']).toBe((before['cases'] ?? 0) + 1);
    const page = await get(location);
    expect(page.statusCode).toBe(200);
    const text = page.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const fact of [
      'Ydelse Personligt tillæg',
      'Status Bevilget',
      'Bevilget periode 01.04.2026 – 31.12.2026',
      'Fast månedligt beløb 1.234,56 kr.',
      'Sagskategori Varmetillæg',
    ]) {
      expect(text).toContain(fact);
    }
    const event = await db
      .selectFrom('access_log')
      .select(['channel'])
      .where('purpose', '=', 'sagsbehandling')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.channel).toBe('web');
  });

  it('lists every bad field at once, keeps the values as typed and writes nothing', async () => {
    const before = await counts();
    const typed = {
      ydelse: 'pension',
      status: '',
      kommune: '999',
      fra: '31.02.2026',
      til: 'i morgen',
      beloeb: '12,345',
      kategori: 'en\u0007klokke',
    };
    const response = await post(newCasePath(personId), typed);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Fejl: Opret sag – OpenYdelse</title>');
    expect(summaryFields(response.body)).toEqual([
      'ydelse',
      'status',
      'kommune',
      'fra',
      'til',
      'beloeb',
      'kategori',
    ]);
    for (const id of ['fra', 'til', 'beloeb', 'kategori'] as const) {
      expect(valueOf(response.body, id), id).toBe(typed[id]);
    }
    expect(response.body).toContain('Datoen 31.02.2026 findes ikke');
    expect(response.body).toContain('Beløbet må højst have to decimaler');
    expect(await counts()).toEqual(before);
  });

  it('shows the use case’s refusal at its field: a grant overlapping one of the same family', async () => {
    const before = await counts();
    const typed = {
      ydelse: 'kontanthjaelp',
      status: 'bevilget',
      kommune: '101',
      fra: '01.06.2026',
      beloeb: '',
    };
    const response = await post(newCasePath(personId), { ...typed, til: '', kategori: '' });
    expect(response.statusCode).toBe(409);
    expect(
      summaryFields(response.body).length + (response.body.includes('overlapper') ? 0 : 1),
    ).toBeGreaterThan(0);
    expect(response.body).toContain('overlapper');
    expect(valueOf(response.body, 'fra')).toBe('01.06.2026');
    expect(await counts()).toEqual(before);
  });
});

describe('Registrer træk', () => {
  it('registers the deduction through createDeduction; the overview shows it', async () => {
    const form = await get(newDeductionPath(personId));
    expect(form.statusCode).toBe(200);
    for (const id of ['art', 'kommune', 'beloeb', 'fra', 'til']) {
      expect(hasLabel(form.body, id), id).toBe(true);
    }
    const before = await counts();
    const response = await post(newDeductionPath(personId), {
      art: 'tilbagebetaling',
      kommune: '101',
      beloeb: '1.500,00',
      fra: '01.04.2026',
      til: '',
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    expect(response.headers.location).toBe(`/borgere/${personId}#udbetalinger`);
    const after = await counts();
    expect(after['deductions']).toBe((before['deductions'] ?? 0) + 1);
    expect(after['deduction_lines']).toBe((before['deduction_lines'] ?? 0) + 1);
    const overview = await get(`/borgere/${personId}`);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Træk oprettet');
    expect(overview.body).toContain('1.500,00 kr.');
  });

  it('opened from a case, it leads back to the case', async () => {
    const form = await get(`${newDeductionPath(personId)}?sag=${caseId}`);
    expect(form.body).toContain(`<a class="breadcrumbs__link" href="/sager/${caseId}">Sag: Kontanthjælp</a>`);
    expect(form.body).toContain(`action="${newDeductionPath(personId)}?sag=${caseId}"`);
    const response = await post(`${newDeductionPath(personId)}?sag=${caseId}`, {
      art: 'regulering',
      kommune: '101',
      beloeb: '200',
      fra: '01.05.2026',
      til: '31.05.2026',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/sager/${caseId}#udbetalinger`);
  });

  it('lists every bad field at once, keeps the values as typed and writes nothing', async () => {
    const before = await counts();
    const typed = { art: 'straf', kommune: '', beloeb: '-5,00', fra: '', til: '1.1.1800' };
    const response = await post(newDeductionPath(personId), typed);
    expect(response.statusCode).toBe(400);
    expect(summaryFields(response.body)).toEqual(['art', 'kommune', 'beloeb', 'fra', 'til']);
    expect(valueOf(response.body, 'beloeb')).toBe('-5,00');
    expect(valueOf(response.body, 'til')).toBe('1.1.1800');
    expect(await counts()).toEqual(before);
  });
});

describe('Registreringer', () => {
  it('offers every kind, then the chosen kind’s own fields', async () => {
    const chooser = await get(newRegistrationPath(personId));
    expect(chooser.statusCode).toBe(200);
    expect(chooser.body).toContain('<option value="skattekort"');
    expect(chooser.body).toContain('<option value="timeregel-forlaengelse"');
    const form = await get(`${newRegistrationPath(personId)}?art=skattekort`);
    expect(form.statusCode).toBe(200);
    for (const id of ['fra', 'til', 'traekprocent', 'maanedsfradrag', 'begrundelse']) {
      expect(hasLabel(form.body, id), id).toBe(true);
    }
    expect(hasLabel(form.body, 'foedselsdato')).toBe(false);
  });

  it('registers a tax card through addRegistration, and lists it with "Ret" and "Afslut"', async () => {
    const before = await counts();
    const response = await post(newRegistrationPath(personId), {
      art: 'skattekort',
      fra: '01.01.2026',
      til: '',
      traekprocent: '38,5',
      maanedsfradrag: '4.500,00',
      begrundelse: '',
    });
    expect(response.statusCode, response.body.slice(0, 800)).toBe(303);
    expect(response.headers.location).toBe(
      `${newRegistrationPath(personId)}?gemt=1#gaeldende-registreringer`,
    );
    expect((await counts())['registrations']).toBe((before['registrations'] ?? 0) + 1);
    const list = await get(`${newRegistrationPath(personId)}?gemt=1`);
    expect(list.body).toContain('Registreringen er gemt');
    const row = rows(list.body, 'gaeldende-registreringer').find((r) => r.startsWith('Skattekort'));
    expect(row).toContain(
      'Skattekort | trækprocent 38,5 %, fradrag 4.500,00 kr. | 01.01.2026 | Løbende | Borgeren',
    );
    expect(row).toContain('Ret');
    expect(row).toContain('Afslut');
    // The case page shows the citizen's registration.
    const casePage = await get(`/sager/${caseId}`);
    expect(rows(casePage.body, 'registreringer').join('\n')).toContain('trækprocent 38,5 %');
  });

  it('registers a case fact opened from the case, and returns to the case page that shows it', async () => {
    const casePage = await get(`/sager/${caseId}`);
    expect(casePage.body).toContain(`href="${newRegistrationPath(personId)}?sag=${caseId}"`);
    const form = await get(`${newRegistrationPath(personId)}?art=tillaeg&sag=${caseId}`);
    expect(selectedIn(form.body, 'sag')).toBe(caseId);
    const response = await post(`${newRegistrationPath(personId)}?sag=${caseId}`, {
      art: 'tillaeg',
      fra: '01.01.2026',
      sag: caseId,
      aktivitetsparat: 'ja',
    });
    expect(response.statusCode, response.body.slice(0, 800)).toBe(303);
    expect(response.headers.location).toBe(`/sager/${caseId}#registreringer`);
    const shown = await get(`/sager/${caseId}`);
    expect(rows(shown.body, 'registreringer').join('\n')).toContain('aktivitetsparat');
  });

  it('lists every bad field at once, keeps the values as typed and writes nothing', async () => {
    const before = await counts();
    const typed = { art: 'arbejdsindtaegt', fra: '15.03.2026', til: '', beloeb: 'mange penge', timer: '-3' };
    const response = await post(newRegistrationPath(personId), { ...typed, begrundelse: '' });
    expect(response.statusCode).toBe(400);
    expect(summaryFields(response.body)).toEqual(['fra', 'til', 'beloeb', 'timer']);
    expect(valueOf(response.body, 'fra')).toBe('15.03.2026');
    expect(valueOf(response.body, 'beloeb')).toBe('mange penge');
    expect(valueOf(response.body, 'timer')).toBe('-3');
    expect(response.body).toContain('Timetallet kan ikke være negativt');
    expect(await counts()).toEqual(before);
    // An unknown kind is asked again.
    const unknown = await post(newRegistrationPath(personId), { art: 'hemmelig', fra: '01.01.2026' });
    expect(unknown.statusCode).toBe(400);
    expect(summaryFields(unknown.body)).toEqual(['art']);
    expect(await counts()).toEqual(before);
  });

  it('corrects a registration: the form filled in, a reason required, then the new value', async () => {
    const list = await get(newRegistrationPath(personId));
    const link = actionLink(list.body, 'ret', 'Skattekort');
    expect(link).not.toBe('');
    const form = await get(link);
    expect(form.statusCode).toBe(200);
    expect(valueOf(form.body, 'traekprocent')).toBe('38,5');
    expect(valueOf(form.body, 'maanedsfradrag')).toBe('4.500,00');
    expect(valueOf(form.body, 'fra')).toBe('01.01.2026');
    const before = await counts();
    const refused = await post(link, { fra: '01.01.2026', traekprocent: '138', maanedsfradrag: '4.500,00' });
    expect(refused.statusCode).toBe(400);
    expect(summaryFields(refused.body)).toEqual(['traekprocent', 'begrundelse']);
    expect(valueOf(refused.body, 'traekprocent')).toBe('138');
    expect(await counts()).toEqual(before);
    const corrected = await post(link, {
      fra: '01.01.2026',
      traekprocent: '40',
      maanedsfradrag: '4.600,00',
      begrundelse: 'Nyt skattekort fra Skattestyrelsen',
    });
    expect(corrected.statusCode, corrected.body.slice(0, 800)).toBe(303);
    // The old row is superseded and the corrected one added.
    expect((await counts())['registrations']).toBe((before['registrations'] ?? 0) + 1);
    const after = await get(newRegistrationPath(personId));
    const taxCards = rows(after.body, 'gaeldende-registreringer').filter((r) => r.startsWith('Skattekort'));
    expect(taxCards).toHaveLength(1);
    expect(taxCards[0]).toContain('trækprocent 40 %, fradrag 4.600,00 kr.');
    // The corrected row cannot be corrected again: it no longer stands.
    expect((await get(link)).statusCode).toBe(404);
  });

  it('ends a registration: its last day and a reason, each error at once', async () => {
    const list = await get(newRegistrationPath(personId));
    const link = actionLink(list.body, 'afslut', 'Skattekort');
    expect(link).not.toBe('');
    const before = await counts();
    const refused = await post(link, { til: '31.12.2024', begrundelse: ' ' });
    expect(refused.statusCode).toBe(400);
    expect(summaryFields(refused.body)).toEqual(['til', 'begrundelse']);
    expect(valueOf(refused.body, 'til')).toBe('31.12.2024');
    expect(await counts()).toEqual(before);
    const ended = await post(link, { til: '30.06.2026', begrundelse: 'Flyttet til udlandet' });
    expect(ended.statusCode, ended.body.slice(0, 800)).toBe(303);
    const after = await get(newRegistrationPath(personId));
    expect(rows(after.body, 'gaeldende-registreringer').join('\n')).toContain('01.01.2026 | 30.06.2026');
  });
});

describe('Journalnotater og dokumenter on the case page', () => {
  it('shows both forms to the case’s caseworker', async () => {
    const { body } = await get(`/sager/${caseId}`);
    expect(body).toContain(`action="/sager/${caseId}/journalnotater"`);
    expect(body).toContain(`action="/sager/${caseId}/dokumenter"`);
    expect(body).toContain('enctype="multipart/form-data"');
    for (const id of ['overskrift', 'notat', 'dokument', 'navn']) {
      expect(hasLabel(body, id), id).toBe(true);
    }
  });

  it('writes a journal note through addJournalNote and shows it', async () => {
    const response = await post(`/sager/${caseId}/journalnotater`, {
      overskrift: 'Samtale med borgeren',
      notat: 'Borgeren ringede.\r\nAftalt møde.',
    });
    expect(response.statusCode, response.body.slice(0, 800)).toBe(303);
    expect(response.headers.location).toBe(`/sager/${caseId}#journalnotater`);
    const { body } = await get(`/sager/${caseId}`);
    expect(rows(body, 'journalnotater').join('\n')).toContain(
      'Samtale med borgeren | Borgeren ringede. Aftalt møde.',
    );
  });

  it('lists both bad note fields at once, keeps them as typed and writes nothing', async () => {
    const before = await counts();
    const response = await post(`/sager/${caseId}/journalnotater`, {
      overskrift: 'to\nlinjer',
      notat: '   ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Fejl: Sag: Kontanthjælp');
    expect(summaryFields(response.body)).toEqual(['overskrift', 'notat']);
    expect(valueOf(response.body, 'overskrift')).toBe('to\nlinjer');
    const long = await post(`/sager/${caseId}/journalnotater`, {
      overskrift: 'Kort',
      notat: 'x'.repeat(4001),
    });
    expect(long.statusCode).toBe(400);
    expect(summaryFields(long.body)).toEqual(['notat']);
    expect(textAreaOf(long.body, 'notat')).toBe('x'.repeat(4001));
    expect(await counts()).toEqual(before);
  });

  it('adds a document sent as multipart/form-data and serves it back', async () => {
    const content = new TextEncoder().encode('Lønseddel for februar\n');
    const response = await postMultipart(`/sager/${caseId}/dokumenter`, {
      dokument: { filename: 'loenseddel.txt', content },
      navn: '',
    });
    expect(response.statusCode, response.body.slice(0, 800)).toBe(303);
    expect(response.headers.location).toBe(`/sager/${caseId}#dokumenter`);
    const { body } = await get(`/sager/${caseId}`);
    const link = /<a href="(\/dokumenter\/[0-9a-f-]{36})">loenseddel\.txt<\/a>/.exec(body)?.[1] ?? '';
    expect(link).not.toBe('');
    const download = await get(link);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('Lønseddel for februar\n');
    const renamed = await postMultipart(`/sager/${caseId}/dokumenter`, {
      dokument: { filename: 'scan.pdf', content: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') },
      navn: 'Kontoudtog marts.pdf',
    });
    expect(renamed.statusCode).toBe(303);
    expect((await get(`/sager/${caseId}`)).body).toContain('>Kontoudtog marts.pdf</a>');
  });

  it('lists every bad document field at once, keeps the name and writes nothing', async () => {
    const before = await counts();
    const response = await postMultipart(`/sager/${caseId}/dokumenter`, {
      dokument: { filename: 'tom.txt', content: new Uint8Array() },
      navn: 'mappe/fil.txt',
    });
    expect(response.statusCode).toBe(400);
    expect(summaryFields(response.body)).toEqual(['navn', 'dokument']);
    expect(valueOf(response.body, 'navn')).toBe('mappe/fil.txt');
    expect(response.body).toContain('Dokumentet er tomt');
    const binary = await postMultipart(`/sager/${caseId}/dokumenter`, {
      dokument: { filename: 'program.exe', content: Uint8Array.of(0x4d, 0x5a, 0, 0xff, 0xfe) },
    });
    expect(binary.statusCode).toBe(400);
    expect(summaryFields(binary.body)).toEqual(['dokument']);
    const none = await postMultipart(`/sager/${caseId}/dokumenter`, { navn: '' });
    expect(none.statusCode).toBe(400);
    expect(summaryFields(none.body)).toEqual(['dokument']);
    const broken = await app.inject({
      method: 'POST',
      url: `/sager/${caseId}/dokumenter`,
      headers: { ...browser, ...caseworker.headers, 'content-type': 'multipart/form-data; boundary=x' },
      payload: 'ikke en formular',
    });
    expect(broken.statusCode).toBeGreaterThanOrEqual(400);
    expect(broken.statusCode).toBeLessThan(500);
    expect(await counts()).toEqual(before);
  });
});

describe('who may use the forms', () => {
  const forms = () => [
    newCasePath(personId),
    newDeductionPath(personId),
    newRegistrationPath(personId),
    `${newRegistrationPath(personId)}?art=barn`,
  ];
  const validCase = { ydelse: 'enkeltydelse', status: 'under-oplysning', kommune: '101', fra: '01.04.2026' };

  it('a read-only user gets no form, and a post is refused before anything happens', async () => {
    for (const url of forms()) {
      const response = await get(url, reader);
      expect(response.statusCode, url).toBe(403);
      expect(response.body).not.toContain('<form method="post" action="/borgere');
    }
    const casePage = await get(`/sager/${caseId}`, reader);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).not.toContain('/journalnotater"');
    expect(casePage.body).not.toContain('/dokumenter"');
    expect(casePage.body).not.toContain(newRegistrationPath(personId));
    const before = await counts();
    expect((await post(newCasePath(personId), validCase, reader)).statusCode).toBe(403);
    expect(
      (await post(`/sager/${caseId}/journalnotater`, { overskrift: 'a', notat: 'b' }, reader)).statusCode,
    ).toBe(403);
    const upload = await postMultipart(
      `/sager/${caseId}/dokumenter`,
      { dokument: { filename: 'a.txt', content: new TextEncoder().encode('a') } },
      reader,
    );
    expect(upload.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('a caseworker of an unrelated municipality is answered as if the citizen did not exist', async () => {
    const unknownPerson = '00000000-0000-4000-8000-000000000000';
    const before = await counts();
    for (const url of forms()) {
      const refused = await get(url, stranger);
      const unknown = await get(url.replace(personId, unknownPerson), stranger);
      expect(refused.statusCode, url).toBe(404);
      expect(refused.body).toContain('Siden findes ikke');
      expect(refused.body).not.toContain(name);
      expect(refused.body).toBe(unknown.body);
    }
    const posted = await post(newCasePath(personId), { ...validCase, kommune: '751' }, stranger);
    expect(posted.statusCode).toBe(404);
    expect(posted.body).toBe(
      (await post(newCasePath(unknownPerson), { ...validCase, kommune: '751' }, stranger)).body,
    );
    const note = await post(`/sager/${caseId}/journalnotater`, { overskrift: 'a', notat: 'b' }, stranger);
    expect(note.statusCode).toBe(404);
    expect(note.body).not.toContain(name);
    const badNote = await post(`/sager/${caseId}/journalnotater`, { overskrift: '', notat: '' }, stranger);
    expect(badNote.statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('garbage in every field', () => {
  const garbage = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('', ' ', '0', '-1', '1.1.1', '29.02.2025', '9999999999,99', '01.01.2026', '101', 'ja'),
    fc.string({ minLength: 4001, maxLength: 4100 }),
  );

  it('never gives a 500 and never writes, in "Opret sag" and a registration', async () => {
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          // The benefit is never one of the benefits, so no post may create a case.
          ydelse: garbage.filter((text) => !/^[a-z-]+$/.test(text)),
          status: garbage,
          kommune: garbage,
          fra: garbage,
          til: garbage,
          beloeb: garbage,
          kategori: garbage,
        }),
        async (fields) => {
          const response = await post(newCasePath(personId), fields);
          expect(response.statusCode, JSON.stringify(fields)).toBeLessThan(500);
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          art: fc.constantFrom('arbejdsindtaegt', 'boligstoette', 'civilstand', 'skattekort'),
          // The first day is never a date, so no post may register anything.
          fra: garbage.filter((text) => !/\d/.test(text)),
          til: garbage,
          beloeb: garbage,
          timer: garbage,
          'maanedligt-beloeb': garbage,
          voksne: garbage,
          civilstand: garbage,
          traekprocent: garbage,
          maanedsfradrag: garbage,
          begrundelse: garbage,
        }),
        async (fields) => {
          const response = await post(newRegistrationPath(personId), fields);
          expect(response.statusCode, JSON.stringify(fields)).toBeLessThan(500);
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 60 },
    );
    expect(await counts()).toEqual(before);
  });
});
