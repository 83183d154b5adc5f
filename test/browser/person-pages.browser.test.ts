import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createThroughApi,
  focused,
  personPage,
  richCitizen,
  startBrowserApp,
  tabTo,
  type BrowserApp,
} from './browser-app.ts';

let env: BrowserApp;

beforeAll(async () => {
  env = await startBrowserApp();
  await createThroughApi(env, {
    cpr: '0101801234',
    name: 'Søren Søgbar',
    residence: [{ municipality: '461', from: '2019-03-01' }],
  });
  await createThroughApi(env, richCitizen);
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
    await page.keyboard.type('101');
    expect(await page.locator('#kommune').inputValue()).toBe('101');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('bopael-fra');
    await page.keyboard.type('01.02.2020');
    await tabTo(page, '#helbredskort');
    await page.keyboard.press('Space');
    await tabTo(page, 'main button[type="submit"]');
    await page.keyboard.press('Enter');

    // The citizen's page is addressed by the person's id, never the CPR number.
    await page.waitForURL(/\/borgere\/[0-9a-f-]{36}\?oprettet=1$/);
    expect(new URL(page.url()).pathname).toBe(await personPage(env, '0703621007'));
    expect(await page.locator('h1').innerText()).toBe('Karen Testesen');
    await expect.poll(() => page.locator('.alert-success').innerText()).toContain('Borgeren er oprettet');
    expect(await page.locator('.structured-list').innerText()).toMatch(/Helbredskort\s+Ja/);
    expect(await page.locator('.structured-list').innerText()).toMatch(/CPR-abonnement\s+Ja/);
    expect(await cellsOf(page, 'bopaelshistorik')).toEqual(['01.02.2020', 'København (101)']);
    expect(await cellsOf(page, 'haendelser')).toEqual([
      '05.05.2025 kl. 09:00',
      'Borger oprettet',
      'København (101)',
      'sb101, København (101)',
      '–',
    ]);
    await page.context().close();
  });

  it('shows every error in the summary, links each to its field, keeps the values and creates nothing', async () => {
    const [persons, events] = [await countRows('persons'), await countRows('events')];
    const page = await env.newPage();
    await page.goto(`${env.baseUrl}/borgere/ny`);
    await page.locator('#cpr').fill('320162-1234');
    await page.locator('main button[type="submit"]').click();

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
    // Søren lives in Odense: a caseworker of Odense finds him.
    const page = await env.newPage({ municipality: '461' });
    await page.goto(`${env.baseUrl}/`);
    await page.locator('#cpr').fill('010180-1234');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${await personPage(env, '0101801234')}`);
    expect(await page.locator('h1').innerText()).toBe('Søren Søgbar');
    expect(await cellsOf(page, 'bopaelshistorik')).toEqual(['01.03.2019', 'Odense (461)']);

    await page.goto(`${env.baseUrl}/`);
    await page.locator('#cpr').fill('0101809999');
    await page.keyboard.press('Enter');
    // The number is posted, never put in the address.
    await page.waitForURL('**/borgere/soeg');
    const noOne = 'Borgeren findes ikke, eller du har ikke adgang til borgeren';
    await expect.poll(() => page.locator('.alert-error').innerText()).toContain(noOne);
    expect(await page.locator('#cpr-error').innerText()).toContain(noOne);
    expect(await page.locator('#cpr').inputValue()).toBe('0101809999');
    await page.context().close();

    // A caseworker of København, which has no relation to Søren, gets the same answer for him.
    const other = await env.newPage();
    await other.goto(`${env.baseUrl}/`);
    await other.locator('#cpr').fill('010180-1234');
    await other.keyboard.press('Enter');
    await other.waitForURL('**/borgere/soeg');
    await expect.poll(() => other.locator('.alert-error').innerText()).toContain(noOne);
    expect(await other.content()).not.toContain('Søren Søgbar');
    await other.context().close();
  });

  it('draws the borgeroverblik with the DKFDS styles and fonts, everything loaded from the app', async () => {
    // Bente lives in Aarhus: a caseworker of Aarhus sees her.
    const page = await env.newPage({ municipality: '751' });
    await page.goto(`${env.baseUrl}${await personPage(env, richCitizen.cpr)}`);
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
      'Sverige',
      '01.09.2020',
      'Aarhus (751)',
    ]);
    await page.screenshot({ path: '/tmp/openydelse-borgeroverblik.png', fullPage: true });
    expect(env.problems).toEqual([]);
    await page.context().close();
  });
});
