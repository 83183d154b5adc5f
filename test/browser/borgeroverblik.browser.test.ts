import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createThroughApi,
  focused,
  personPage,
  richCitizen,
  startBrowserApp,
  tabTo,
  type BrowserApp,
} from './browser-app.ts';
import { makePaymentHistory } from './payment-history.ts';

let env: BrowserApp;
let page: Page;

beforeAll(async () => {
  env = await startBrowserApp();
  await createThroughApi(env, richCitizen);
  await makePaymentHistory(env.deps, richCitizen.cpr);
  page = await env.newPage();
  await page.goto(`${env.baseUrl}${await personPage(env, richCitizen.cpr)}`);
});
afterAll(() => page.context().close());

/** The rows of the table labelled by the heading, each as its cells' text. */
async function rowsOf(headingId: string): Promise<string[][]> {
  const rows = await page.locator(`[aria-labelledby="${headingId}"] tbody tr`).all();
  return Promise.all(rows.map((row) => row.locator('td').allInnerTexts()));
}

describe('the borgeroverblik of a citizen who has moved, been paid and has tasks', () => {
  it('has one h1 and a heading for every section, in order', async () => {
    expect(await page.locator('h1').allInnerTexts()).toEqual(['Bente Bopælsen']);
    expect(await page.locator('main h2').allInnerTexts()).toEqual([
      'På denne side',
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
    expect(await page.locator('.structured-list').innerText()).toMatch(/Handlekommune\s+København \(101\)/);
  });

  it('shows who has acted, the cases and the monthly lines in Danish', async () => {
    expect(await rowsOf('handlekommune-historik')).toEqual([
      ['05.05.2025 kl. 09:00', '10.06.2025 kl. 04:00', 'Aarhus (751)', 'Bopæl'],
      ['10.06.2025 kl. 04:00', 'Løbende', 'København (101)', 'Bopæl'],
    ]);
    expect((await rowsOf('sager')).map((row) => row.slice(0, 3))).toEqual([
      ['Kontanthjælp', 'Aarhus (751)', 'Afsluttet'],
      ['Helbredstillæg', 'Aarhus (751)', 'Afsluttet'],
      ['Personligt tillæg', 'København (101)', 'Bevilget'],
    ]);
    const lines = await rowsOf('udbetalinger');
    expect(lines.map((row) => row.slice(0, 4))).toEqual([
      ['juli 2025', 'Udbetaling', 'København (101)', 'Planlagt'],
      ['juni 2025', 'Udbetaling', 'Aarhus (751)', 'Stoppet'],
      ['juni 2025', 'Udbetaling', 'København (101)', 'Beregnet'],
      ['juni 2025', 'Træk', 'Aarhus (751)', 'Stoppet'],
      ['maj 2025', 'Udbetaling', 'Aarhus (751)', 'Udbetalt'],
      ['maj 2025', 'Træk', 'Aarhus (751)', 'Gennemført'],
    ]);
    expect(lines[4]?.slice(4, 6)).toEqual(['11.500,00 kr.', '11.000,00 kr.']);
    const standset = (await rowsOf('haendelser')).find((row) => row[1] === 'Ydelser og træk standset');
    expect(standset?.[4]).toBe('I alt: 3.300,00 kr.');
  });

  it('links each computed month to its statement, reachable by keyboard, and serves the PDF', async () => {
    // The month is in the link's name for screen readers; sighted users see it in the row.
    const links = page.locator('[aria-labelledby="udbetalinger"] a');
    expect(await links.allTextContents()).toEqual([
      'Udbetalingsspecifikation (PDF) for juni 2025',
      'Udbetalingsspecifikation (PDF) for maj 2025',
    ]);
    expect(
      await page.getByRole('link', { name: 'Udbetalingsspecifikation (PDF) for maj 2025' }).count(),
    ).toBe(1);
    const mayHref = `${await personPage(env, richCitizen.cpr)}/udbetalingsspecifikation/2025-05`;
    await tabTo(page, `a[href="${mayHref}"]`);
    expect(await focused(page, 'href')).toBe(mayHref);
    const pdf = await page.request.get(`${env.baseUrl}${mayHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('draws the whole page with the design system (screenshot: /tmp/borgeroverblik-fuld.png)', async () => {
    await page.goto(`${env.baseUrl}${await personPage(env, richCitizen.cpr)}`);
    await page.screenshot({ path: '/tmp/borgeroverblik-fuld.png', fullPage: true });
    expect(env.problems).toEqual([]);
  });
});
