import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePaymentHistory } from '../../../test/browser/payment-history.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { personIdOf, webSession, type WebSession } from '../../../test/support/web-session.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import { createPerson } from '../../persons/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';

let app: FastifyInstance;
let db: Db;
const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const mover = '1505701234';
const newcomer = '0101801234';
/** The citizens' person ids, the addresses of their pages. */
const idOf: Record<string, string> = {};
/** sb101 of København, which acts for the mover; sb751 of Aarhus, which acts for the newcomer. */
let as101: WebSession;
let as751: WebSession;

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
  for (const [cpr, name] of [
    [mover, 'Bente Bopælsen'],
    [newcomer, 'Nina Nyborger'],
  ] as const) {
    const created = await createPerson(deps, systemActor('test'), 'api', {
      cpr,
      name,
      residence: [{ municipality: '751', from: '2015-01-01' }],
      administration: cpr === mover ? [{ municipality: '751', from: '2022-01-01', to: null }] : [],
    });
    if (!created.ok) throw new Error(created.error.message);
  }
  await makePaymentHistory(deps, mover);
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  for (const cpr of [mover, newcomer]) idOf[cpr] = await personIdOf(db, cpr);
  as101 = await webSession(db, deps.clock.now());
  as751 = await webSession(db, deps.clock.now(), { municipality: '751' });
});
afterAll(() => app.close());

/** The address with `{mover}` and `{newcomer}` replaced by the citizens' person ids. */
const address = (url: string): string =>
  url.replace('{mover}', idOf[mover] as string).replace('{newcomer}', idOf[newcomer] as string);

/** A page as sb101 of København, or as the session given. */
const get = (url: string, session: WebSession = as101) =>
  app.inject({ url: address(url), headers: { ...browser, ...session.headers } });

/** The text of each body cell of the table labelled by the heading, tags dropped, spaces collapsed. */
function cells(body: string, headingId: string): string[] {
  const start = body.indexOf(`aria-labelledby="${headingId}"`);
  if (start < 0) return [];
  const table = body.slice(start, body.indexOf('</table>', start));
  const tbody = table.slice(table.indexOf('<tbody>'));
  return [...tbody.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((match) =>
    (match[1] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** The cells in rows of `width`. */
const rows = (body: string, headingId: string, width: number): string[][] => {
  const all = cells(body, headingId);
  return Array.from({ length: all.length / width }, (_, i) => all.slice(i * width, i * width + width));
};

const h2s = (body: string): string[] =>
  [...body.matchAll(/<h2 id="[^"]+">([^<]*)<\/h2>/g)].map((match) => match[1] ?? '');

const accessRows = () =>
  db
    .selectFrom('access_log')
    .select(['purpose', 'channel', 'actor'])
    .where('channel', '=', 'web')
    .orderBy('id')
    .execute();

describe('the borgeroverblik (server side)', () => {
  it('shows the sections in order, each with its heading', async () => {
    const response = await get('/borgere/{mover}');
    expect(response.statusCode).toBe(200);
    expect(response.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(h2s(response.body)).toEqual([
      'Handlinger',
      'Sager',
      'Opgaver',
      'Udbetalinger og træk',
      'Sanktioner',
      'Breve',
      'Journalnotater og dokumenter',
      'Bopæl og handlekommune',
      'Manuelle handlekommuneperioder',
      'Finansieringskommune',
      'Handlekommune – registreringer',
      'Bopælshistorik',
      'Institutionsophold',
      'Administration (APØ)',
      'Hændelser',
    ]);
    // "På denne side" links every section, with its count where it has rows.
    const contents = response.body.slice(response.body.indexOf('id="paa-denne-side"'));
    for (const id of ['handlinger', 'sager', 'opgaver', 'breve', 'journal', 'tidslinje', 'haendelser']) {
      expect(contents).toContain(`href="#${id}"`);
    }
  });

  it('shows the acting municipality now and its history in Danish time', async () => {
    const { body } = await get('/borgere/{mover}');
    expect(body).toMatch(/<th scope="row">Handlekommune<\/th>\s*<td>København \(101\)<\/td>/);
    expect(rows(body, 'handlekommune-historik', 4)).toEqual([
      ['05.05.2025 kl. 09:00', '10.06.2025 kl. 04:00', 'Aarhus (751)', 'Bopæl'],
      ['10.06.2025 kl. 04:00', 'Løbende', 'København (101)', 'Bopæl'],
    ]);
  });

  it('lists the cases with Danish benefits, statuses and amounts', async () => {
    const { body } = await get('/borgere/{mover}');
    expect(rows(body, 'sager', 7)).toEqual([
      [
        'Kontanthjælp',
        'Aarhus (751)',
        'Afsluttet',
        '01.01.2025',
        '09.06.2025',
        '11.500,00 kr.',
        'handleansvar overdraget',
      ],
      [
        'Helbredstillæg',
        'Aarhus (751)',
        'Afsluttet',
        '01.05.2025',
        '09.06.2025',
        '–',
        'handleansvar overdraget',
      ],
      ['Personligt tillæg', 'København (101)', 'Bevilget', '10.06.2025', 'Løbende', '3.100,00 kr.', '–'],
    ]);
  });

  it('lists payments and deductions newest month first, with a statement link for each computed month', async () => {
    const { body } = await get('/borgere/{mover}');
    expect(rows(body, 'udbetalinger', 7)).toEqual([
      ['juli 2025', 'Udbetaling', 'København (101)', 'Planlagt', '3.100,00 kr.', '–', '–'],
      ['juni 2025', 'Udbetaling', 'Aarhus (751)', 'Stoppet', '11.500,00 kr.', '–', '–'],
      [
        'juni 2025',
        'Udbetaling',
        'København (101)',
        'Beregnet',
        '2.170,00 kr.',
        '2.170,00 kr.',
        'Udbetalingsspecifikation (PDF) for juni 2025',
      ],
      ['juni 2025', 'Træk', 'Aarhus (751)', 'Stoppet', '500,00 kr.', '–', '–'],
      [
        'maj 2025',
        'Udbetaling',
        'Aarhus (751)',
        'Udbetalt',
        '11.500,00 kr.',
        '11.000,00 kr.',
        'Udbetalingsspecifikation (PDF) for maj 2025',
      ],
      ['maj 2025', 'Træk', 'Aarhus (751)', 'Gennemført', '500,00 kr.', '–', '–'],
    ]);
    expect(body).toContain(`href="/borgere/${idOf[mover] as string}/udbetalingsspecifikation/2025-06"`);
    expect(body).toContain(`href="/borgere/${idOf[mover] as string}/udbetalingsspecifikation/2025-05"`);
    expect(body).not.toContain(`/borgere/${mover}`);
  });

  it('lists the tasks in Danish', async () => {
    const { body } = await get('/borgere/{mover}');
    expect(rows(body, 'opgaver', 5)).toEqual([
      ['Opfølgning: administration af økonomi (APØ)', 'Aarhus (751)', 'Åben', '10.06.2025 kl. 04:00', '–'],
      ['Opfølgning: økonomiske udeståender', 'Aarhus (751)', 'Åben', '10.06.2025 kl. 04:00', '–'],
      ['Registrer fraflytning', 'Aarhus (751)', 'Afsluttet', '10.06.2025 kl. 04:00', '10.06.2025 kl. 04:00'],
    ]);
  });

  it('names the events in Danish and shows the outstanding total of stopped lines', async () => {
    const { body } = await get('/borgere/{mover}');
    const events = rows(body, 'haendelser', 5);
    expect(events[0]).toEqual([
      '05.05.2025 kl. 09:00',
      'Borger oprettet',
      'Aarhus (751)',
      'System (test)',
      '–',
    ]);
    expect(events).toContainEqual([
      '10.06.2025 kl. 04:00',
      'Ydelser og træk standset',
      'Aarhus (751)',
      'System (daglig-flytning)',
      'I alt: 3.300,00 kr.',
    ]);
    expect(events).toContainEqual([
      '10.06.2025 kl. 04:00',
      'Handleansvar overdraget',
      'København (101)',
      'System (daglig-flytning)',
      'Fra Aarhus (751) til København (101)',
    ]);
    expect(events.map((row) => row[1])).toContain('Sag oprettet');
    expect(rows(body, 'bopaelshistorik', 2)).toEqual([
      ['01.01.2015', 'Aarhus (751)'],
      ['10.06.2025', 'København (101)'],
    ]);
  });

  it('offers the benefit tasks only to the acting municipality’s caseworker', async () => {
    const acting = await get('/borgere/{mover}');
    expect(acting.body).toContain('<option value="ydelsesopgave-htf"');
    // Aarhus still has open follow-ups for the mover, so its caseworker sees the page, without the tasks.
    const other = await get('/borgere/{mover}', as751);
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('Start ydelsesopgave');
    expect(other.body).toContain(
      'Kun handlekommunen (København (101)) kan starte sagsbehandling for borgeren.',
    );
  });

  it('shows the empty states of a citizen with nothing yet', async () => {
    const { body } = await get('/borgere/{newcomer}', as751);
    expect(body).toMatch(/<th scope="row">Handlekommune<\/th>\s*<td>Aarhus \(751\)<\/td>/);
    for (const empty of [
      'Ingen sager.',
      'Ingen udbetalinger eller træk.',
      'Ingen opgaver.',
      'Ingen institutionsophold.',
      'Ingen administration af borgerens midler (APØ).',
    ])
      expect(body).toContain(`<p>${empty}</p>`);
  });

  it('writes one access-log row per view, as the web caseworker; a CPR number in the address finds no one', async () => {
    const before = (await accessRows()).length;
    for (const url of ['/borgere/150570-1234', `/borgere/${mover}`]) {
      const byCpr = await get(url);
      expect(byCpr.statusCode).toBe(404);
      expect(byCpr.body).not.toContain('Bente Bopælsen');
    }
    expect(await accessRows()).toHaveLength(before);
    await get('/borgere/{mover}');
    expect((await accessRows()).slice(before)).toEqual([
      { purpose: 'borgeroverblik', channel: 'web', actor: 'bruger:sb101@101' },
    ]);
  });

  it('answers a citizen with no relation to the caseworker’s municipality with the Danish 404 page', async () => {
    const response = await get('/borgere/{newcomer}');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Siden findes ikke');
    expect(response.body).toContain('Borgeren findes ikke, eller du har ikke adgang til borgeren');
    expect(response.body).not.toContain('Nina Nyborger');
  });

  it('answers an unknown or malformed id exactly as a citizen the caseworker may not see', async () => {
    for (const url of ['/borgere/00000000-0000-4000-8000-000000000000', '/borgere/abc']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).toContain('Siden findes ikke');
      expect(response.body).toContain('Borgeren findes ikke, eller du har ikke adgang til borgeren');
    }
  });
});

describe('the statement behind the link', () => {
  it('serves the month statement as a PDF and logs the read', async () => {
    const response = await get('/borgere/{mover}/udbetalingsspecifikation/2025-05');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      'inline; filename="udbetalingsspecifikation-2025-05.pdf"',
    );
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await accessRows()).at(-1)).toEqual({
      purpose: 'udbetalingsspecifikation',
      channel: 'web',
      actor: 'bruger:sb101@101',
    });
  });

  it.each([
    [
      'a month without computed lines',
      '/borgere/{mover}/udbetalingsspecifikation/2025-07',
      404,
      'Der er ingen udbetalingsspecifikation for 2025-07',
    ],
    [
      'a municipality that did not pay',
      '/borgere/{mover}/udbetalingsspecifikation/2025-05?kommune=101',
      404,
      'Kommunen 101 har ikke udbetalt i 2025-05',
    ],
    [
      'an unknown citizen',
      '/borgere/00000000-0000-4000-8000-000000000000/udbetalingsspecifikation/2025-05',
      404,
      'Borgeren findes ikke, eller du har ikke adgang til borgeren',
    ],
    [
      'a citizen with no relation to the caseworker’s municipality',
      '/borgere/{newcomer}/udbetalingsspecifikation/2025-05',
      404,
      'Borgeren findes ikke, eller du har ikke adgang til borgeren',
    ],
    [
      'a month that does not exist',
      '/borgere/{mover}/udbetalingsspecifikation/2025-13',
      400,
      'Måneden 2025-13 findes ikke',
    ],
    [
      'a month written another way',
      '/borgere/{mover}/udbetalingsspecifikation/maj',
      400,
      'Måneden skal skrives ÅÅÅÅ-MM',
    ],
    [
      'an address that is no person id',
      '/borgere/abc/udbetalingsspecifikation/2025-05',
      404,
      'Borgeren findes ikke, eller du har ikke adgang til borgeren',
    ],
  ])('answers %s with a Danish error page', async (_what, url, status, message) => {
    const response = await get(url);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(response.body).toContain('<h1>Udbetalingsspecifikationen kan ikke vises</h1>');
    expect(response.body).toContain(message);
    expect(response.body).toContain('Gå til forsiden');
  });
});
