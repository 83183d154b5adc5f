/**
 * The Kørsler page against a real database: a May run in which one municipality's part really fails (a line
 * whose amount cannot be read as a safe integer), seen by the system owner with the schedule, the run's
 * numbers per municipality, the failed part, the CPR error queue and the files; "Kør igen" through the
 * page's form; refusals of a bad part and of a user without the role, which change nothing.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantedCitizen } from '../../../test/support/granted-citizen.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { createSession, sessionCookie, type UserRole } from '../../access/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { receiveAddressChange } from '../../persons/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { advanceClock } from '../../platform/jobs/simulate.ts';
import { jobHandlers, routePlugins } from '../../platform/system.ts';

const OVERFLOW = '9007199254740993';
const failedPart = 'maanedskoersel:2025-05:147';

let db: Db;
let app: FastifyInstance;
let clock: SimulatedClock;

interface Who {
  readonly cookies: Record<string, string>;
  readonly csrf: string;
}

/** A web session at the clock's now: the installation's operator (no municipality) unless told. */
async function signIn(roles: readonly UserRole[], municipality: string | null = null): Promise<Who> {
  const { secret, csrfToken } = await createSession(
    db,
    'web',
    {
      kind: 'bruger',
      userId: municipality === null ? 'drift' : `sys${municipality}`,
      municipality: municipality as MunicipalityCode | null,
      roles: [...roles],
    },
    { now: clock.now() },
  );
  return { cookies: { [sessionCookie]: secret }, csrf: csrfToken };
}

const owner = () => signIn(['systemansvarlig']);
const open = async (who: Who, url = '/koersler') => app.inject({ url, cookies: who.cookies });
const retry = (who: Who, part: string, csrf = who.csrf) =>
  app.inject({
    method: 'POST',
    url: '/koersler/koer-igen',
    cookies: who.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, del: part }).toString(),
  });

/** The May lines' statuses per municipality. */
const statuses = async () =>
  Object.fromEntries(
    (
      await sql<{ municipality: string; statuses: string }>`
        select municipality, string_agg(status, ',' order by id) as statuses from payment_lines
        where period = '2025-05-01' group by municipality order by municipality`.execute(db)
    ).rows.map((row) => [row.municipality, row.statuses]),
  );

/** Everything a retry could change: the runs' record and the lines. */
const state = async () => ({
  runs: await db.selectFrom('job_runs').selectAll().orderBy('key').execute(),
  lines: await db.selectFrom('payment_lines').selectAll().orderBy('id').execute(),
  files: await db.selectFrom('outbound_files').select(['key', 'records']).orderBy('key').execute(),
});

/** The text of the table labelled by the heading `id`. */
function table(body: string, id: string): string {
  const start = body.indexOf(`aria-labelledby="${id}"`);
  expect(start, id).toBeGreaterThan(0);
  return body.slice(start, body.indexOf('</table>', start));
}

/** The rows of a table as their cells' text, tags and extra spaces removed. */
function rowsOf(body: string, id: string): string[][] {
  const tbody = table(body, id).split('<tbody>')[1] ?? '';
  return tbody
    .split('</tr>')
    .filter((row) => row.includes('<td'))
    .map((row) =>
      row
        .split('</td>')
        .filter((cell) => cell.includes('<td'))
        .map((cell) =>
          cell
            .replace(/<[^>]*>/g, ' ')
            .replace(/&nbsp;/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        ),
    );
}

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  const deps = { db, clock };
  await grantedCitizen(deps, '0505901001', '101');
  await grantedCitizen(deps, '0505901002', '101', { monthly: '2500.00' });
  await grantedCitizen(deps, '0505911001', '147');
  await grantedCitizen(deps, '0505921001', '151');
  // Two CPR messages for citizens the system does not know land in the error queue.
  for (const [sequence, municipality] of [
    [500, '101'],
    [501, '851'],
  ] as const) {
    const refused = await receiveAddressChange(deps, { kind: 'system', name: 'cpr' }, 'api', {
      sequence,
      cpr: `040480400${String(sequence - 500)}`,
      municipality,
      date: '2025-05-20',
    });
    expect(refused.ok).toBe(false);
  }
  // 147's May line cannot be read as a safe integer: its part of the May run fails, the others go on.
  await db
    .updateTable('payment_lines')
    .set({ gross: OVERFLOW })
    .where('municipality', '=', '147')
    .where('period', '=', '2025-05-01')
    .execute();
  // The May run: Thursday 22 May 18:00 (16:00Z), half a minute later, before the first automatic retry.
  await advanceClock(deps, jobHandlers, Temporal.Instant.from('2025-05-22T16:00:30Z'));
  expect(await statuses()).toEqual({ '101': 'beregnet,beregnet', '147': 'planlagt', '151': 'beregnet' });
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
}, 120_000);
afterAll(() => app.close());

describe('the Kørsler page', () => {
  it('shows the system owner the schedule, the latest runs and the failed part with "Kør igen"', async () => {
    const page = await open(await owner());
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain('<a href="/koersler" class="nav-link">');
    expect(body).toContain('<title>Kørsler – OpenYdelse</title>');
    expect(rowsOf(body, 'plan')).toEqual([
      [
        'Den daglige flytning',
        'Hver dag kl. 04:00',
        '23.05.2025 kl. 04:00 (Den daglige flytning 23.05.2025)',
      ],
      [
        'Månedskørslen',
        'Kl. 18:00 på månedens 5.-sidste bankdag',
        '24.06.2025 kl. 18:00 (Månedskørslen juni 2025)',
      ],
      [
        'Udbetalingen',
        'Kl. 06:00 på månedens sidste bankdag',
        '28.05.2025 kl. 06:00 (Udbetalingen maj 2025)',
      ],
    ]);
    // The three latest of each job: the 04:00 runs of 17 days do not crowd out the monthly run.
    expect(rowsOf(body, 'seneste-koersler').map((row) => row[0])).toEqual([
      'Månedskørslen maj 2025',
      'Den daglige flytning 22.05.2025',
      'Den daglige flytning 21.05.2025',
      'Den daglige flytning 20.05.2025',
    ]);
    const may = rowsOf(body, 'seneste-koersler').find((row) => row[0] === 'Månedskørslen maj 2025');
    expect(may).toEqual([
      'Månedskørslen maj 2025',
      '22.05.2025 kl. 18:00',
      '22.05.2025 kl. 18:00',
      'Fejlede dele',
      '3',
      '2',
      '1',
      '1',
    ]);
    const failed = rowsOf(body, 'fejlede');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.slice(0, 4)).toEqual([
      `Månedskørslen maj 2025 ${failedPart}`,
      'Frederiksberg (147)',
      '22.05.2025 kl. 18:00',
      '1',
    ]);
    expect(failed[0]?.[4]).toContain('safe integer');
    expect(failed[0]?.[5]).toBe('22.05.2025 kl. 18:01');
    expect(failed[0]?.[6]).toBe('Kør igen : Månedskørslen maj 2025, Frederiksberg (147)');
    expect(table(body, 'fejlede')).toContain(
      `<form method="post" action="/koersler/koer-igen"><input type="hidden" name="_csrf"`,
    );
    expect(table(body, 'fejlede')).toContain(`name="del" value="${failedPart}"`);
  });

  it("shows the latest monthly run's citizens, lines and amounts per municipality as a table and a chart", async () => {
    const body = (await open(await owner())).body;
    expect(body).toContain('Månedskørslen for maj 2025 i tal');
    // A fixed amount is paid as it is (no tax card, no rule): net is gross.
    expect(rowsOf(body, 'maanedskoersel-tal')).toEqual([
      ['København (101)', '2', '2', '0', '5.600,00 kr.', '5.600,00 kr.'],
      ['Ballerup (151)', '1', '1', '0', '3.100,00 kr.', '3.100,00 kr.'],
      ['I alt', '3', '3', '0', '8.700,00 kr.', '8.700,00 kr.'],
    ]);
    const chart = /<svg\s+class="chart"[^>]*>[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';
    expect(chart).toContain('role="img"');
    expect(chart).toMatch(
      /aria-label="Bjælkediagram: beløb til udbetaling pr\. kommune i månedskørslen for maj 2025/,
    );
    expect(chart.match(/<rect /g)).toHaveLength(2);
    // The larger amount has the full bar, the other its share of it.
    expect(chart).toContain('width="260"');
    expect(chart).toContain(`width="${String(Math.round((3100 / 5600) * 260))}"`);
    expect(chart).toContain('5.600,00 kr.');
    // The CSP forbids inline style: none on the page.
    expect(body).not.toMatch(/\sstyle=|<style/);
  });

  it("shows the CPR error queue and the outbound files; a municipality's owner sees its own", async () => {
    const operator = (await open(await owner())).body;
    expect(rowsOf(operator, 'cpr-fejl').map((row) => row[2])).toEqual(['0404804001', '0404804000']);
    expect(rowsOf(operator, 'cpr-fejl')[0]?.[3]).toContain('ikke-fundet');
    // The files are a municipality's: the operator acts for none.
    expect(operator).toContain('Brugeren handler ikke for nogen kommune.');

    const own = (await open(await signIn(['systemansvarlig'], '101'))).body;
    expect(rowsOf(own, 'cpr-fejl').map((row) => row[2])).toEqual(['0404804000']);
    expect(rowsOf(own, 'maanedskoersel-tal')).toEqual([
      ['København (101)', '2', '2', '0', '5.600,00 kr.', '5.600,00 kr.'],
    ]);
    // No deductions: the May run wrote no file; the payout writes NemKonto's.
    expect(own).toContain('Der er ingen udgående filer.');
  });

  it('refuses an unknown, a malformed, a finished or a missing part clearly, and changes nothing', async () => {
    const who = await owner();
    const before = await state();
    for (const [part, status, reason] of [
      ['maanedskoersel:2025-05:999', 404, 'Der er ingen kørsel eller del med nøglen'],
      ['<script>alert(1)</script>', 404, 'Der er ingen kørsel eller del med nøglen'],
      ['maanedskoersel:2025-05:101', 409, 'er allerede kørt færdig'],
      ['', 400, 'Vælg den fejlede kørsel eller del'],
    ] as const) {
      const refused = await retry(who, part);
      expect(refused.statusCode, part).toBe(status);
      expect(refused.body, part).toContain('Kørslen kunne ikke køres igen');
      expect(refused.body, part).toContain(reason);
      expect(refused.body, part).toContain('<title>Fejl: Kørsler – OpenYdelse</title>');
      expect(refused.body, part).not.toContain('<script>alert(1)');
    }
    // A form from elsewhere (no CSRF token of the session) is refused before anything runs.
    expect((await retry(who, failedPart, 'forkert')).statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });

  it('is refused to a caseworker and a read-only user, and not in their menu', async () => {
    for (const role of ['sagsbehandler', 'laeseadgang', 'supportberettiget'] as const) {
      const user = await signIn([role], '101');
      expect((await open(user)).statusCode, role).toBe(403);
      const before = await state();
      expect((await retry(user, failedPart)).statusCode, role).toBe(403);
      expect(await state()).toEqual(before);
      expect((await open(user, '/')).body, role).not.toContain('href="/koersler"');
    }
  });

  it('"Kør igen" while the cause is there fails again; once it is gone, it runs the part to the end', async () => {
    const who = await owner();
    const again = await retry(who, failedPart);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/koersler?koert=${encodeURIComponent(failedPart)}&udfald=fejlet`);
    const shown = (await open(who, again.headers.location)).body;
    expect(shown).toContain('Kørslen fejlede igen');
    expect(rowsOf(shown, 'fejlede')[0]?.[3]).toBe('2');
    expect(await statuses()).toEqual({ '101': 'beregnet,beregnet', '147': 'planlagt', '151': 'beregnet' });

    // The cause is removed (the line's amount as planned); "Kør igen" computes 147's part now.
    await db
      .updateTable('payment_lines')
      .set({ gross: '310000' })
      .where('municipality', '=', '147')
      .where('period', '=', '2025-05-01')
      .execute();
    const done = await retry(who, failedPart);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/koersler?koert=${encodeURIComponent(failedPart)}&udfald=koert`);
    const after = (await open(who, done.headers.location)).body;
    expect(after).toContain('Kørslen er kørt igen');
    expect(after).toContain('Månedskørslen maj 2025, Frederiksberg (147) er kørt færdig.');
    expect(after).toContain('Ingen kørsler eller dele er fejlet.');
    expect(rowsOf(after, 'seneste-koersler').find((row) => row[0] === 'Månedskørslen maj 2025')).toEqual([
      'Månedskørslen maj 2025',
      '22.05.2025 kl. 18:00',
      '22.05.2025 kl. 18:00',
      'Færdig',
      '3',
      '3',
      '0',
      '0',
    ]);
    expect(rowsOf(after, 'maanedskoersel-tal').map((row) => row[0])).toEqual([
      'København (101)',
      'Frederiksberg (147)',
      'Ballerup (151)',
      'I alt',
    ]);
    expect(await statuses()).toEqual({ '101': 'beregnet,beregnet', '147': 'beregnet', '151': 'beregnet' });
    // Run again, the part is finished: refused, nothing runs twice.
    expect((await retry(who, failedPart)).statusCode).toBe(409);
  });

  it('after the payout, the numbers show the lines paid and the files link to the API that serves them', async () => {
    // The May payout: Wednesday 28 May 06:00 (04:00Z).
    await advanceClock({ db, clock }, jobHandlers, Temporal.Instant.from('2025-05-28T04:00:30Z'));
    const who = await signIn(['systemansvarlig'], '101');
    const body = (await open(who)).body;
    expect(rowsOf(body, 'maanedskoersel-tal')).toEqual([
      ['København (101)', '2', '2', '2', '5.600,00 kr.', '5.600,00 kr.'],
    ]);
    // (When a file was made is the database's own time, not the simulated clock's.)
    expect(rowsOf(body, 'udbetalingsfiler').map((row) => row.slice(0, 5))).toEqual([
      [
        'nemkonto-udbetalinger-101-2025-05.csv',
        'Udbetalinger til NemKonto',
        'København (101)',
        'maj 2025',
        '2',
      ],
    ]);
    const href = /href="(\/api\/outbound-files\/\d+)"/.exec(table(body, 'udbetalingsfiler'))?.[1] ?? '';
    const file = await app.inject({ url: href, cookies: who.cookies });
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain('0505901001');
  });
});
