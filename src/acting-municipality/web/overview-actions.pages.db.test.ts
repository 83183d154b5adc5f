/**
 * The borgeroverblik's "Handlinger" by the policy layer, its timeline from the residence date, a planned
 * manual period, the "Registrer fraflytning" form and the municipality's citizen list with the name search.
 */
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { personIdOf, webSession, type WebSession } from '../../../test/support/web-session.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { createPerson } from '../../persons/index.ts';
import { caseworkerActor, systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import { determineActingManually } from '../determine-acting-manually.ts';

let app: FastifyInstance;
let db: Db;
const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
/** Lives in København since 2012, registered in the system on 5 May 2025; a planned stay in Odense. */
const anna = '0101801234';
/** Lives in København, no CPR subscription: a move-out is registered by hand. */
const bo = '1505701234';
/** Lives in Aarhus. */
const carl = '0202802000';
const idOf: Record<string, string> = {};
let caseworker: WebSession;
let reader: WebSession;
let owner: WebSession;
let aarhus: WebSession;
const now = Temporal.Instant.from('2025-05-05T07:00:00Z');

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const deps = { db, clock: new SimulatedClock(now) };
  for (const [cpr, name, municipality, subscription] of [
    [anna, 'Anna Andersen', '101', true],
    [bo, 'Bo Bentsen', '101', false],
    [carl, 'Carl Andersen', '751', true],
  ] as const) {
    const created = await createPerson(deps, systemActor('test'), 'api', {
      cpr,
      name,
      residence: [{ municipality, from: '2012-03-01' }],
      cprSubscription: subscription,
    });
    if (!created.ok) throw new Error(created.error.message);
    idOf[cpr] = await personIdOf(db, cpr);
  }
  const planned = await determineActingManually(
    deps,
    caseworkerActor('sb101', '101' as MunicipalityCode),
    'api',
    anna,
    {
      action: 'opret',
      municipality: '461',
      from: '2025-08-01',
      to: '2025-12-31',
      reason: 'ophold-institution',
    },
  );
  if (!planned.ok) throw new Error(planned.error.message);
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  caseworker = await webSession(db, now);
  reader = await webSession(db, now, { user: 'laeser101', roles: ['laeseadgang'] });
  owner = await webSession(db, now, { user: 'sa101', roles: ['systemansvarlig'] });
  aarhus = await webSession(db, now, { municipality: '751' });
});
afterAll(() => app.close());

const get = (url: string, session: WebSession = caseworker) =>
  app.inject({ url, headers: { ...browser, ...session.headers } });
const post = (url: string, form: Record<string, string>, session: WebSession = caseworker) =>
  app.inject({
    method: 'POST',
    url,
    headers: { ...browser, ...session.headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...form, _csrf: session.csrfToken }).toString(),
  });

/** The text of each body cell of the table labelled by the heading, tags dropped, spaces collapsed. */
function rows(body: string, headingId: string, width: number): string[][] {
  const start = body.indexOf(`aria-labelledby="${headingId}"`);
  if (start < 0) return [];
  const table = body.slice(start, body.indexOf('</table>', start));
  const cells = [...table.slice(table.indexOf('<tbody>')).matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return Array.from({ length: cells.length / width }, (_, i) => cells.slice(i * width, i * width + width));
}

const actionsOf = (body: string): string[] => {
  const section = body.slice(body.indexOf('<h2 id="handlinger">'), body.indexOf('<h2 id="sager">'));
  return [...section.matchAll(/<(?:button type="submit"|a)[^>]*>([^<]+)<\/(?:button|a)>/g)].map((m) =>
    (m[1] ?? '').trim(),
  );
};

describe('Handlinger on the borgeroverblik', () => {
  it('offers the acting municipality’s caseworker every process, by the policy', async () => {
    const { body } = await get(`/borgere/${idOf[bo] ?? ''}`);
    // The benefit tasks are one choice: a select of every family's task.
    expect(body).toContain('<option value="ydelsesopgave-htf"');
    expect(actionsOf(body)).toEqual([
      'Bestem handlekommune manuelt',
      'Start ydelsesopgave',
      'Ret borgerens oplysninger',
      'Registrer fraflytning',
      'Opret sag',
      'Registrer træk',
      'Ny registrering',
    ]);
  });

  it('offers no manual move-out for a citizen with CPR subscription (the move comes from CPR)', async () => {
    const { body } = await get(`/borgere/${idOf[anna] ?? ''}`);
    expect(actionsOf(body)).toContain('Bestem handlekommune manuelt');
    expect(actionsOf(body)).not.toContain('Registrer fraflytning');
  });

  it('offers nothing to a read-only user or a system owner, and says why', async () => {
    for (const session of [reader, owner]) {
      const { body, statusCode } = await get(`/borgere/${idOf[bo] ?? ''}`, session);
      expect(statusCode).toBe(200);
      expect(actionsOf(body)).toEqual([]);
      expect(body).toContain('Din rolle giver kun adgang til at læse borgerens oplysninger.');
    }
  });

  it('refuses a process posted anyway by a user whose role does not allow it, and writes nothing', async () => {
    const tasksBefore = await db.selectFrom('tasks').select('id').execute();
    const started = await post(
      `/borgere/${idOf[bo] ?? ''}/opgaver`,
      { type: 'bestem-handlekommune-manuelt' },
      reader,
    );
    expect(started.statusCode).toBe(403);
    const moved = await post(
      `/borgere/${idOf[bo] ?? ''}/fraflytning`,
      { til: 'kommune', kommune: '751', dato: '01.06.2025' },
      reader,
    );
    expect(moved.statusCode).toBe(403);
    expect(await db.selectFrom('tasks').select('id').execute()).toEqual(tasksBefore);
    expect(
      await db.selectFrom('residences').select('id').where('valid_from', '>', '2025-01-01').execute(),
    ).toEqual([]);
  });
});

describe('the residence and acting municipality on the borgeroverblik', () => {
  it('starts the timeline at the residence date, not at the registration in the system', async () => {
    const { body } = await get(`/borgere/${idOf[anna] ?? ''}`);
    expect(rows(body, 'tidslinje', 5)).toEqual([
      ['01.03.2012', 'Løbende', 'København (101)', 'København (101)', 'Bopæl'],
    ]);
  });

  it('shows an approved future manual period as planned, and its event with the period', async () => {
    const { body } = await get(`/borgere/${idOf[anna] ?? ''}`);
    expect(rows(body, 'manuelle-perioder', 5)).toEqual([
      [
        '01.08.2025 – 31.12.2025',
        'Odense (461)',
        'Ophold på institution (rsl § 9, stk. 3-6)',
        'København (101)',
        'Planlagt (godkendt, ikke trådt i kraft)',
      ],
    ]);
    const event = rows(body, 'haendelser', 5).find((row) => row[1] === 'Manuel handlekommune registreret');
    expect(event?.[4]).toBe(
      'Odense (461) 01.08.2025 – 31.12.2025, Ophold på institution (rsl § 9, stk. 3-6)',
    );
  });
});

describe('Registrer fraflytning', () => {
  const address = () => `/borgere/${idOf[bo] ?? ''}/fraflytning`;

  it('reports every field’s error at once, keeps the values as typed and writes nothing', async () => {
    const response = await post(address(), { til: 'kommune', kommune: '', dato: '31.02.20' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Der er problemer');
    expect(response.body).toContain('href="#kommune"');
    expect(response.body).toContain('href="#dato"');
    expect(response.body).toContain('value="31.02.20"');
    const none = await post(address(), { dato: '' });
    expect(none.body).toContain('href="#til-kommune"');
    expect(none.body).toContain('href="#dato"');
    expect(
      await db.selectFrom('residences').select('id').where('valid_from', '>', '2025-01-01').execute(),
    ).toEqual([]);
  });

  it('shows the use case’s refusal at its field, the date in Danish as typed', async () => {
    const response = await post(address(), { til: 'udlandet', land: 'SE', dato: '30.02.2025' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.body).toContain('value="30.02.2025"');
    expect(response.body).toContain('href="#dato"');
  });

  it('never answers garbage with a server error and never writes on a refusal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ til: fc.string(), kommune: fc.string(), land: fc.string(), dato: fc.string() }),
        async (form) => {
          const response = await post(address(), form);
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode !== 303) {
            const written = await db
              .selectFrom('residences')
              .select('id')
              .where('valid_from', '>', '2025-01-01')
              .execute();
            expect(written).toEqual([]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('registers the move abroad and tells when the run effectuates it', async () => {
    const response = await post(address(), { til: 'udlandet', land: 'SE', dato: '01.06.2025' });
    expect(response.statusCode).toBe(303);
    const overview = await get(response.headers.location as string);
    expect(overview.body).toContain('Fraflytningen er registreret');
    expect(overview.body).toContain('04:00-kørslen effektuerer flytningen 01.06.2025.');
  });

  it('is not for a municipality that does not act', async () => {
    const response = await post(address(), { til: 'kommune', kommune: '751', dato: '01.06.2025' }, aarhus);
    expect(response.statusCode).toBe(404);
  });
});

describe('the citizen list and the search by name', () => {
  it('lists the municipality’s citizens by name, each a link to the overview, and logs each read', async () => {
    const before = await db
      .selectFrom('access_log')
      .select('id')
      .where('purpose', '=', 'borgerliste')
      .execute();
    const { body, statusCode } = await get('/borgere');
    expect(statusCode).toBe(200);
    expect(rows(body, 'borgere-resultat', 2)).toEqual([
      ['Anna Andersen', '010180-1234'],
      ['Bo Bentsen', '150570-1234'],
    ]);
    expect(body).toContain(`href="/borgere/${idOf[anna] ?? ''}"`);
    expect(body).toContain('<span class="cpr">010180-1234</span>');
    const after = await db
      .selectFrom('access_log')
      .select('id')
      .where('purpose', '=', 'borgerliste')
      .execute();
    expect(after.length - before.length).toBe(2);
  });

  it('finds by any part of the name, only among the municipality’s own citizens, the name kept out of the address', async () => {
    const found = await post('/borgere/navnesoeg', { navn: 'anders' });
    expect(rows(found.body, 'borgere-resultat', 2)).toEqual([['Anna Andersen', '010180-1234']]);
    const inAarhus = await post('/borgere/navnesoeg', { navn: 'anders' }, aarhus);
    expect(rows(inAarhus.body, 'borgere-resultat', 2)).toEqual([['Carl Andersen', '020280-2000']]);
    const wildcard = await post('/borgere/navnesoeg', { navn: '%' });
    expect(wildcard.body).toContain('Ingen af kommunens borgere har et navn, der indeholder det søgte.');
  });

  it('pages by name with a cursor that is no personal data', async () => {
    const first = await db
      .selectFrom('persons')
      .select('id')
      .where('cpr', '=', anna)
      .executeTakeFirstOrThrow();
    const next = await get(`/borgere?efter=${first.id}`);
    expect(rows(next.body, 'borgere-resultat', 2)).toEqual([['Bo Bentsen', '150570-1234']]);
    const bad = await get('/borgere?efter=nogen');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Ukendt side i borgerlisten');
  });

  it('refuses a name that is too long at the field', async () => {
    const response = await post('/borgere/navnesoeg', { navn: 'x'.repeat(300) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#navn"');
  });
});
