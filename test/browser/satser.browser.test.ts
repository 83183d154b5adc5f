/**
 * The rates page in Chromium with the rates the demo loads (data/satser/satser.csv and eksempel.csv): reached
 * and filtered with the keyboard alone, example rows visibly marked, and axe finds no violations on the
 * list, the filtered list or the page for a refused filter.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoRates } from '../../src/demo/index.ts';
import { axeViolations, focused, startBrowserApp, tabTo, type BrowserApp } from './browser-app.ts';

let env: BrowserApp;
let page: Page;

beforeAll(async () => {
  env = await startBrowserApp();
  await loadDemoRates(env.deps);
  page = await env.newPage();
});
afterAll(() => page.context().close());

/** The axe violations on the page, one line each. */
const violations = (): Promise<string[]> => axeViolations(page);

/** The first cell (the key) of each row of the table. */
async function keysShown(): Promise<string[]> {
  const cells = await page
    .locator('[aria-labelledby="satser-tabel"] tbody tr td:first-child code')
    .allInnerTexts();
  return cells.map((cell) => cell.trim());
}

describe('the rates page in a browser', () => {
  it('is reached from the navigation and filtered with the keyboard alone', async () => {
    await page.goto(`${env.baseUrl}/`);
    await tabTo(page, 'a.nav-link[href="/satser"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${env.baseUrl}/satser`);
    expect(await page.locator('h1').innerText()).toBe('Satser');
    expect((await keysShown()).length).toBeGreaterThan(150);

    await tabTo(page, '#noegle');
    await page.keyboard.type('kontanthjaelp.ny.');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('dato');
    await page.keyboard.type('2026-03-01');
    await tabTo(page, 'form[method="get"] button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/noegle=kontanthjaelp\.ny\.&dato=2026-03-01/);

    const keys = await keysShown();
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.every((key) => key.startsWith('kontanthjaelp.ny.'))).toBe(true);
    expect(await page.locator('#noegle').inputValue()).toBe('kontanthjaelp.ny.');
    expect(await page.locator('#dato').inputValue()).toBe('2026-03-01');

    // The grundsats of 2026 is an example rate: its row says so where a sighted user and a screen reader meet it.
    const grundsats = page.locator('tbody tr', { hasText: 'kontanthjaelp.ny.grundsats' });
    await expect
      .poll(() => grundsats.locator('.badge-warning').innerText())
      .toBe('eksempelsats – ikke officiel');
    expect(await grundsats.locator('.badge-warning').isVisible()).toBe(true);
    // The fritidstillæg of 2026 is sourced (randers.dk): a link to its source, no marker.
    const fritid = page.locator('tbody tr', { hasText: 'kontanthjaelp.ny.fritidstillaeg' }).first();
    expect(await fritid.locator('.badge-warning').count()).toBe(0);
    const source = fritid.locator('a[href^="https://"]');
    const href = (await source.getAttribute('href')) ?? '';
    expect(href).toMatch(/^https:\/\//);
    await tabTo(page, `tbody a[href="${href}"]`, 200);
    expect(await page.getByRole('status').first().innerText()).toContain('eksempelsatser');
    expect(await violations()).toEqual([]);
    expect(env.problems).toEqual([]);
  });

  it('has no accessibility violations on the whole list', async () => {
    await page.goto(`${env.baseUrl}/satser`);
    expect(await violations()).toEqual([]);
  });

  it('answers a refused filter with the bad-request page naming the field, without violations', async () => {
    const response = await page.goto(`${env.baseUrl}/satser?dato=31-12-2026`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('h1').innerText()).toBe('Forespørgslen kunne ikke behandles');
    expect(await page.getByRole('alert').innerText()).toContain('Feltet "Gælder den" (dato)');
    expect(await violations()).toEqual([]);
  });
});
