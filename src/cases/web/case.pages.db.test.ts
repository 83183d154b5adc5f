/**
 * GET /sager/{id}, the case page: a kontanthjælp granted from 15 August 2025 on 6 October (so August and
 * September are paid late by the October run), then limited to the end of the year, with a child and a tax
 * card registered, computed with the demo's example rates for the reform's months. The page shows the
 * case, the standing grant and the one it replaced, the registrations as known now and earlier, the coming
 * and past lines with efterbetaling marked, each computed line's explanation (rule version, rates with their
 * legal basis, the example-rate marker) and the statement link; and the overview links to it.
 */
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { personIdOf, WebUser } from '../../../test/support/web-session.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { getPaymentStatements, runMonthlyPayments, runPayout } from '../../payments/index.ts';
import { createPerson } from '../../persons/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { occurrencesOn, type Occurrence } from '../../platform/jobs/domain/schedule.ts';
import { routePlugins } from '../../platform/system.ts';
import type { Deps } from '../../platform/use-case.ts';
import { importRates, markDemoInstallation } from '../../rates/index.ts';
import { addRegistration, approveRecalculation, changeGrant, createCase, grantCase } from '../index.ts';

let db: Db;
let app: FastifyInstance;
let caseId: string;
let emptyCaseId: string;
const cpr = '0505805001';
const clock = new SimulatedClock(Temporal.Instant.from('2025-10-06T08:00:00Z'));
const caseworker: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const marker = 'eksempelsats – ikke officiel';

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function monthlyRun(month: string): Occurrence {
  const m = Temporal.PlainYearMonth.from(month);
  for (let day = 1; day <= m.daysInMonth; day += 1) {
    const found = occurrencesOn(m.toPlainDate({ day })).find((o) => o.job === 'maanedskoersel');
    if (found !== undefined) return found;
  }
  throw new Error(`no run in ${month}`);
}

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const deps: Deps = { db, clock };
  await markDemoInstallation(db);
  for (const file of ['satser.csv', 'eksempel.csv']) {
    const text = fs.readFileSync(new URL(`../../../data/satser/${file}`, import.meta.url), 'utf8');
    must(await importRates(deps, systemActor('test'), text, { replace: false }));
  }
  must(
    await createPerson(deps, caseworker, 'api', {
      cpr,
      name: 'Karl Kontant',
      residence: [{ municipality: '101', from: '2015-01-01' }],
    }),
  );
  caseId = must(
    await createCase(deps, caseworker, 'api', cpr, {
      benefit: 'kontanthjaelp',
      municipality: '101',
      status: 'under-oplysning',
      from: '2025-08-15',
    }),
  ).id;
  emptyCaseId = must(
    await createCase(deps, caseworker, 'api', cpr, {
      benefit: 'helbredstillaeg',
      municipality: '101',
      status: 'under-oplysning',
      from: '2025-10-01',
    }),
  ).id;
  must(
    await addRegistration(deps, caseworker, 'api', cpr, {
      kind: 'barn',
      from: '2015-03-01',
      birthDate: '2015-03-01',
    }),
  );
  must(
    await addRegistration(deps, caseworker, 'api', cpr, {
      kind: 'skattekort',
      from: '2025-01-01',
      taxRate: '38',
      monthlyAllowance: '4500.00',
    }),
  );
  const granted = must(
    await grantCase(deps, caseworker, 'api', caseId, {
      version: 1,
      from: '2025-08-15',
      reason: 'Opfylder betingelserne',
    }),
  );
  clock.advanceTo(Temporal.Instant.from('2025-10-06T09:00:00Z'));
  must(
    await changeGrant(deps, caseworker, 'api', caseId, granted.grant, {
      from: '2025-08-15',
      to: '2025-12-31',
      reason: 'Tidsbegrænset til årets udgang',
    }),
  );
  const october = monthlyRun('2025-10');
  clock.advanceTo(october.at);
  await runMonthlyPayments(deps, october);
  clock.advanceTo(Temporal.Instant.from('2025-10-28T09:00:00Z'));
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  personId = await personIdOf(db, cpr);
});
afterAll(() => app.close());

/** sb101 of København, signed in to the pages, again whenever the clock has moved on. */
const user = (): WebUser => (signedIn ??= new WebUser(db, clock));
let signedIn: WebUser | undefined;
/** Karl Kontant's person id: the address of his pages. */
let personId: string;

const get = async (url: string) => app.inject({ url, headers: { ...browser, ...(await user().headers()) } });

/** Posts a form of the signed-in session (with its CSRF token). */
const postForm = async (url: string, payload: string) => {
  const session = await user().current();
  return app.inject({
    method: 'POST',
    url,
    headers: { ...browser, ...session.headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${session.csrfToken}&${payload}`,
  });
};

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
          .replace(/<br \/>/g, ' ')
          .replace(/<[^>]+>/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .join(' | '),
  );
}

/** The page's text, tags dropped and spaces collapsed. */
const text = (body: string): string =>
  body
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('the case page', () => {
  it('shows the case with its person, benefit, family, status, municipality and grant', async () => {
    const response = await get(`/sager/${caseId}`);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('<title>Sag: Kontanthjælp – Karl Kontant – OpenYdelse</title>');
    expect(body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(body).toContain(`href="/borgere/${personId}"`);
    const page = text(body);
    for (const fact of [
      'CPR-nummer 050580-5001',
      'Ydelse Kontanthjælp',
      'Ydelsesfamilie Hjælp til forsørgelse (HTF)',
      'Status Bevilget',
      'Handlekommune København (101)',
      'Bevilget periode 15.08.2025 – 31.12.2025',
    ])
      expect(page).toContain(fact);
  });

  it('shows the standing grant and the one it replaced, with decision, who, reason and replacement', async () => {
    const { body } = await get(`/sager/${caseId}`);
    expect(rows(body, 'gaeldende-bevilling')).toEqual([
      '15.08.2025 – 31.12.2025 | 06.10.2025 | sb101, København (101) | Tidsbegrænset til årets udgang | 06.10.2025 kl. 11:00',
    ]);
    expect(rows(body, 'bevillingshistorik')).toEqual([
      'fra 15.08.2025 | 06.10.2025 | sb101, København (101) | Opfylder betingelserne | 06.10.2025 kl. 10:00 | 06.10.2025 kl. 11:00, sb101, København (101) | 15.08.2025 – 31.12.2025: Tidsbegrænset til årets udgang',
    ]);
  });

  it('shows the registrations as known now, and as known before they were recorded', async () => {
    const { body } = await get(`/sager/${caseId}`);
    expect(rows(body, 'registreringer')).toEqual([
      'Barn | barn født 01.03.2015 | 01.03.2015 | Løbende | 06.10.2025 kl. 10:00, sb101, København (101) | Borgeren',
      'Skattekort | trækprocent 38 %, fradrag 4.500,00 kr. | 01.01.2025 | Løbende | 06.10.2025 kl. 10:00, sb101, København (101) | Borgeren',
    ]);
    const before = await get(`/sager/${caseId}?kendtPr=05.10.2025`);
    expect(before.statusCode).toBe(200);
    expect(rows(before.body, 'registreringer')).toEqual([]);
    expect(before.body).toContain('Ingen registreringer var kendt på det tidspunkt.');
    expect(before.body).toContain('som de var kendt 05.10.2025 kl. 23:59');
    expect(before.body).toContain('value="05.10.2025"');
  });

  it('lists the past lines with efterbetaling marked and the statement of the run that paid them', async () => {
    const { body } = await get(`/sager/${caseId}`);
    const past = rows(body, 'tidligere-udbetalinger');
    expect(past.map((row) => row.split(' | ').slice(0, 2).concat(row.split(' | ').slice(6)))).toEqual([
      [
        'oktober 2025',
        'oktober 2025',
        'Beregnet',
        'Se forklaring for oktober 2025',
        'Udbetalingsspecifikation oktober 2025 (PDF)',
      ],
      [
        'september 2025',
        'oktober 2025 (efterbetaling)',
        'Beregnet',
        'Se forklaring for september 2025',
        'Udbetalingsspecifikation oktober 2025 (PDF)',
      ],
      [
        'august 2025',
        'oktober 2025 (efterbetaling)',
        'Beregnet',
        'Se forklaring for august 2025',
        'Udbetalingsspecifikation oktober 2025 (PDF)',
      ],
    ]);
    for (const row of past) expect(row).toContain(marker);
    expect(body).toContain(`href="/borgere/${personId}/udbetalingsspecifikation/2025-10?kommune=101"`);
    expect(rows(body, 'kommende-udbetalinger').map((row) => row.split(' | ')[0])).toEqual(['november 2025']);
  });

  it('explains each computed line: the rule version, the rates with their legal basis, each amount', async () => {
    const { body } = await get(`/sager/${caseId}`);
    const details = [
      ...body.matchAll(/<details class="details" id="linje-[^"]+">([\s\S]*?)<\/details>/g),
    ].map((match) => text(match[1] ?? ''));
    expect(details).toHaveLength(3);
    const august = details.find((d) => d.startsWith('Forklaring for august 2025'));
    expect(august).toContain('(efterbetaling i kørslen for oktober 2025)');
    expect(august).toContain('kontanthjaelp@2025-07-01 (lov om aktiv socialpolitik §§ 16-20');
    expect(august).toContain('kontanthjaelp.ny.forhoejet_sats');
    expect(august).toContain('hjemmel: aktivloven kap. 4');
    expect(august).toContain('× 17/31 dage');
    expect(august).toContain('Barn født 01.03.2015');
    expect(august).toContain(marker);
    // The run's composition is the person's whole month: shown once, under the run's first line (October,
    // newest first), and the other lines of that run point to it.
    const october = details.find((d) => d.startsWith('Forklaring for oktober 2025'));
    expect(october).toContain('A-skat: 38 %');
    expect(october).toContain('Til udbetaling (netto)');
    expect(details.filter((d) => d.includes('Til udbetaling (netto)'))).toHaveLength(1);
    expect(august).not.toContain('Til udbetaling (netto)');
    expect(august).toContain(
      'Udbetalingen i kørslen for oktober 2025 er sammensat under forklaringen for oktober 2025',
    );
    const octoberLine =
      /<details class="details" id="(linje-[^"]+)">\s*<summary class="details-summary">\s*Forklaring for oktober 2025/.exec(
        body,
      )?.[1];
    expect(body).toContain(`<a href="#${octoberLine ?? '?'}">forklaringen for oktober 2025</a>`);
  });

  it('the statement of the run shows the same explanation', async () => {
    const statements = must(
      await getPaymentStatements({ db, clock }, caseworker, 'api', cpr, '2025-10', { compress: false }),
    );
    const lines = statements[0]?.content.lines ?? [];
    expect(lines.map((line) => line.period)).toEqual(['2025-08', '2025-09', '2025-10']);
    const august = lines[0]?.explanation.join('\n') ?? '';
    expect(august).toContain('Beregnet efter: kontanthjaelp@2025-07-01');
    expect(august).toContain('× 17/31 dage');
    expect(august).toMatch(/Sats: .*kontanthjaelp\.ny\.forhoejet_sats.*eksempelsats – ikke officiel/);
  });

  it('shows the empty state of each section for a case with nothing yet', async () => {
    const { body } = await get(`/sager/${emptyCaseId}`);
    expect(text(body)).toContain('Status Under oplysning');
    for (const empty of [
      'Ingen gældende bevilling.',
      'Ingen tidligere bevillinger.',
      'Ingen kommende udbetalinger.',
      'Ingen tidligere udbetalinger.',
      'Ingen beregnede udbetalinger at forklare.',
    ])
      expect(body).toContain(`<p>${empty}</p>`);
  });

  it('writes one access-log row per view, as the overview does', async () => {
    const count = async () =>
      (
        await db
          .selectFrom('access_log')
          .select(['purpose', 'channel', 'actor'])
          .where('purpose', '=', 'sagsside')
          .execute()
      ).length;
    const before = await count();
    await get(`/sager/${caseId}`);
    expect(await count()).toBe(before + 1);
    const last = await db
      .selectFrom('access_log')
      .select(['purpose', 'channel', 'actor'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ purpose: 'sagsside', channel: 'web', actor: 'bruger:sb101@101' });
  });

  it('answers an unknown or malformed id with the Danish 404 page, a bad kendtPr with 400', async () => {
    for (const url of ['/sager/00000000-0000-4000-8000-000000000000', '/sager/abc', "/sager/'%20or%201=1"]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).toContain('Siden findes ikke');
      expect(response.body).toContain('Sagen findes ikke.');
    }
    for (const kendtPr of ['igår', '31.02.2025', '2025-05-05T25:00']) {
      const response = await get(`/sager/${caseId}?kendtPr=${encodeURIComponent(kendtPr)}`);
      expect(response.statusCode, kendtPr).toBe(400);
      expect(response.body).toContain('Forespørgslen kunne ikke behandles');
      expect(response.body).toContain('kendtPr');
    }
  });
});

describe('the case page lists what happened to the case', () => {
  it('shows the case events in Danish with who and the details, and only this case’s', async () => {
    const { body } = await get(`/sager/${caseId}`);
    expect(body).toContain('<h2 id="sagens-haendelser">Hændelser</h2>');
    const events = rows(body, 'sagens-haendelser');
    expect(events.slice(0, 3)).toEqual([
      '06.10.2025 kl. 10:00 | Sag oprettet | sb101, København (101) | Kontanthjælp',
      '06.10.2025 kl. 10:00 | Sag bevilget | sb101, København (101) | fra 15.08.2025: Opfylder betingelserne',
      '06.10.2025 kl. 11:00 | Bevilling ændret | sb101, København (101) | 15.08.2025 – 31.12.2025: Tidsbegrænset til årets udgang',
    ]);
    // The other case of the person (a helbredstillæg) and the person's registrations are not this case's.
    expect(events.join('\n')).not.toContain('Helbredstillæg');
    expect(events.join('\n')).not.toContain('Registrering tilføjet');
  });
});

describe('the overview and the case page start tasks', () => {
  it('lists the case on the overview with a link to its page and its grant period', async () => {
    const { body } = await get(`/borgere/${personId}`);
    expect(body).toContain(`<a href="/sager/${caseId}">Kontanthjælp</a>`);
    expect(rows(body, 'sager')).toContainEqual(
      'Kontanthjælp | København (101) | Bevilget | 15.08.2025 | 31.12.2025 | – | –',
    );
  });

  it('offers each benefit task in "Handlinger" and starts one as POST /api/tasks does', async () => {
    const { body } = await get(`/borgere/${personId}`);
    expect(body).toContain('<h2 id="handlinger">Handlinger</h2>');
    // One choice of every family's task, started by one button.
    for (const [type, name] of [
      ['ydelsesopgave-htf', 'Ydelsesopgave: hjælp til forsørgelse'],
      ['ydelsesopgave-saerlig-stoette', 'Ydelsesopgave: særlig støtte'],
    ])
      expect(body).toMatch(new RegExp(`<option value="${type}"\\s*>\\s*${name}\\s*</option>`));
    expect(body).toContain('Start ydelsesopgave</button>');
    const started = await postForm(`/borgere/${personId}/opgaver`, 'type=ydelsesopgave-saerlig-stoette');
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toMatch(/^\/opgaver\/[0-9a-f-]{36}$/);
    const task = await get(started.headers.location ?? '');
    expect(task.body).toContain('Ydelsesopgave: særlig støtte');
    // The overview names the started task by its type's Danish name, not its key.
    const overview = await get(`/borgere/${personId}`);
    const link = `<a href="${started.headers.location ?? ''}">Ydelsesopgave: særlig støtte</a>`;
    expect(overview.body).toContain(link);
  });

  it('refuses a task the person cannot have, on a Danish page', async () => {
    const refused = await postForm(
      `/borgere/${personId}/opgaver`,
      `type=afslut-bevilling&sag=${emptyCaseId}`,
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Opgaven kunne ikke startes');
    expect(refused.body).toContain(`href="/borgere/${personId}"`);
  });

  it('offers "Afslut bevilling" on a granted case’s page', async () => {
    const { body } = await get(`/sager/${caseId}`);
    expect(body).toContain('<input type="hidden" name="type" value="afslut-bevilling" />');
    expect(body).toContain(`<input type="hidden" name="sag" value="${caseId}" />`);
  });
});

describe('the case page after a recalculation', () => {
  it('shows the approved recalculation month by month and the repayment claim it proposed', async () => {
    const before = await get(`/sager/${caseId}`);
    expect(text(before.body)).toContain('Ingen genberegninger.');
    expect(text(before.body)).toContain('Ingen tilbagebetalingskrav.');
    const deps: Deps = { db, clock };
    const payout = occurrencesOn(Temporal.PlainDate.from('2025-10-31')).find((o) => o.job === 'udbetaling');
    if (payout === undefined) throw new Error('no payout on 31 October 2025');
    clock.advanceTo(payout.at);
    await runPayout(deps, payout);
    clock.advanceTo(Temporal.Instant.from('2025-11-03T09:00:00Z'));
    // Income from work in September, learnt after the October payout paid September.
    must(
      await addRegistration(deps, caseworker, 'api', cpr, {
        kind: 'arbejdsindtaegt',
        from: '2025-09-01',
        to: '2025-09-30',
        amount: '4000.00',
        hours: '40',
      }),
    );
    const approved = must(
      await approveRecalculation(deps, caseworker, 'api', caseId, {
        fra: '2025-08',
        til: '2025-10',
        begrundelse: 'Lønseddel for september modtaget',
      }),
    );
    const september = approved.months.find((m) => m.month === '2025-09');
    const difference = Number(september?.difference);
    expect(difference).toBeLessThan(0);
    const claimed = approved.claims.map((claim) => [claim.month, claim.amount]);
    expect(claimed).toEqual([['2025-09', (-difference).toFixed(2)]]);
    const danish = (kroner: number) =>
      `${kroner.toLocaleString('da-DK', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} kr.`;

    const { body } = await get(`/sager/${caseId}`);
    expect(body).toContain('<h2 id="genberegning">Genberegning og tilbagebetalingskrav</h2>');
    expect(rows(body, 'genberegninger')).toEqual([
      `03.11.2025 kl. 10:00 | sb101, København (101) | august 2025 – oktober 2025 | Lønseddel for september modtaget | ${danish(difference)} | –`,
    ]);
    const months = rows(body, `genberegning-${approved.recalculation}-titel`);
    expect(months).toHaveLength(3);
    expect(months[0]).toMatch(/^august 2025 \| [\d.]+,\d\d kr\. \| [\d.]+,\d\d kr\. \| 0,00 kr\.$/);
    expect(months[1]).toMatch(
      new RegExp(`^september 2025 \\| .+ \\| ${danish(difference).replace('.', '\\.')}$`),
    );
    expect(rows(body, 'tilbagebetalingskrav')).toEqual([
      `september 2025 | ${danish(-difference)} | Foreslået – afventer afgørelse | 03.11.2025 kl. 10:00 | –`,
    ]);
    expect(text(body)).toContain('Et foreslået krav bliver først et krav ved en afgørelse efter partshøring');
    expect(text(body)).toContain('Partshøringer, sanktioner og afgørelser');
  });
});
