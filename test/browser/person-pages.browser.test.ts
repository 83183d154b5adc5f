import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createThroughApi,
  focused,
  richCitizen,
  startBrowserApp,
  tabTo,
  type BrowserApp,
} from './browser-app.ts';

let env: BrowserApp;

beforeAll(async () => {
  env = await startBrowserApp();
  await createThroughApi(env.app, {
    cpr: '0101801234',
    name: 'Søren Søgbar',
    residence: [{ municipality: '461', from: '2019-03-01' }],
  });
  await createThroughApi(env.app, richCitizen);
});

const countRows = async (table: 'persons' | 'events'): Promise<number> => {
  const row = await env.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

const cellsOf = (page: Page, headingId: string): Promise<string[]> =>
  page.locator(`[aria-labelledby="${headingId}"] tbody td`).allInnerTexts();

describe('the person pages in a browser', () => {
  it('creates a citizen with the keyboard alone and shows the borgeroverblik', async () => {
    const page = await env.newPage();
    await page.goto(`${env.baseUrl}/`);
    await tabTo(page, 'a[href="/borgere/ny"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/borgere/ny');

    await tabTo(page, '#cpr');
    await page.keyboard.type('070362-1007');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('navn');
    await page.keyboard.type('Karen Testesen');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('kommune');
    await page.keyboard.type('751');
    expect(await page.locator('#kommune').inputValue()).toBe('751');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('bopael-fra');
    await page.keyboard.type('01.02.2020');
    await tabTo(page, '#helbredskort');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');

    await page.waitForURL('**/borgere/0703621007?oprettet=1');
    expect(await page.locator('h1').innerText()).toBe('Karen Testesen');
    await expect.poll(() => page.locator('.alert-success').innerText()).toContain('Borgeren er oprettet');
    expect(await page.locator('.structured-list').innerText()).toMatch(/Helbredskort\s+Ja/);
    expect(await page.locator('.structured-list').innerText()).toMatch(/CPR-abonnement\s+Ja/);
    expect(await cellsOf(page, 'bopaelshistorik')).toEqual(['01.02.2020', 'Aarhus (751)']);
    expect(await cellsOf(page, 'haendelser')).toEqual([
      '05.05.2025 kl. 09:00',
      'Borger oprettet',
      'Aarhus (751)',
      'sagsbehandler, København (101)',
      '–',
    ]);
    await page.context().close();
  });

  it('shows every error in the summary, links each to its field, keeps the values and creates nothing', async () => {
    const [persons, events] = [await countRows('persons'), await countRows('events')];
    const page = await env.newPage();
    await page.goto(`${env.baseUrl}/borgere/ny`);
    await page.locator('#cpr').fill('320162-1234');
    await page.locator('button[type="submit"]').click();

    const summary = page.locator('.alert-error[data-module="error-summary"]');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.locator('h2').innerText()).toBe('Der er problemer');
    expect(await page.title()).toBe('Fejl: Opret borger – OpenYdelse');
    await expect.poll(() => focused(page, 'data-module')).toBe('error-summary');
    const links = summary.locator('a');
    const targets = await Promise.all((await links.all()).map((link) => link.getAttribute('href')));
    expect(targets).toEqual(['#cpr', '#navn', '#kommune', '#bopael-fra']);
    for (const [index, target] of targets.entries()) {
      await links.nth(index).focus();
      await page.keyboard.press('Enter');
      expect(await focused(page)).toBe(target?.slice(1));
    }
    expect(await page.locator('#cpr-error').innerText()).toContain('fødselsdato, der ikke findes');
    expect(await page.locator('#navn-error').innerText()).toContain('Indtast borgerens navn');
    expect(await page.locator('#navn').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#cpr').inputValue()).toBe('320162-1234');
    expect(await page.locator('#cpr-abonnement').isChecked()).toBe(true);
    expect([await countRows('persons'), await countRows('events')]).toEqual([persons, events]);
    await page.context().close();
  });

  it('finds a citizen by CPR and tells when a CPR is unknown', async () => {
    const page = await env.newPage();
    await page.goto(`${env.baseUrl}/`);
    await page.locator('#cpr').fill('010180-1234');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/borgere/0101801234');
    expect(await page.locator('h1').innerText()).toBe('Søren Søgbar');
    expect(await cellsOf(page, 'bopaelshistorik')).toEqual(['01.03.2019', 'Odense (461)']);

    await page.goto(`${env.baseUrl}/`);
    await page.locator('#cpr').fill('0101809999');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/borgere?cpr=0101809999');
    expect(await page.locator('.alert-error').innerText()).toContain('Borgeren 010180-9999 findes ikke');
    expect(await page.locator('#cpr-error').innerText()).toContain('findes ikke');
    expect(await page.locator('#cpr').inputValue()).toBe('0101809999');
    await page.context().close();
  });

  it('draws the borgeroverblik with the DKFDS styles and fonts, everything loaded from the app', async () => {
    const page = await env.newPage();
    await page.goto(`${env.baseUrl}/borgere/${richCitizen.cpr}`);
    // Evaluated as text: the project's type check has no DOM library.
    const look = await page.evaluate<{ font: string; plexLoaded: boolean; headingWeight: string }>(`
      document.fonts.ready.then(() => ({
        font: getComputedStyle(document.body).fontFamily,
        plexLoaded: document.fonts.check('16px "IBM Plex Sans"'),
        headingWeight: getComputedStyle(document.querySelector('.solution-heading a')).fontWeight,
      }))`);
    expect(look.font).toContain('IBM Plex Sans');
    expect(look.plexLoaded).toBe(true);
    expect(look.headingWeight).toBe('600');
    expect(await cellsOf(page, 'bopaelshistorik')).toEqual([
      '01.01.2010',
      'København (101)',
      '01.06.2015',
      'Udlandet (SE)',
      '01.09.2020',
      'Aarhus (751)',
    ]);
    await page.screenshot({ path: '/tmp/openydelse-borgeroverblik.png', fullPage: true });
    expect(env.problems).toEqual([]);
    await page.context().close();
  });
});
