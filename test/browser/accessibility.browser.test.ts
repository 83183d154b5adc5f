import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThroughApi, richCitizen, startBrowserApp, type BrowserApp } from './browser-app.ts';

let env: BrowserApp;
let page: Page;

beforeAll(async () => {
  env = await startBrowserApp();
  await createThroughApi(env.app, richCitizen);
  page = await env.newPage();
});
afterAll(() => page.context().close());

/** The axe violations on the page, one line each, so a failure says what and where. */
async function violations(): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe('axe finds no accessibility violations', () => {
  it('on the forside', async () => {
    await page.goto(`${env.baseUrl}/`);
    expect(await violations()).toEqual([]);
  });

  it('on the forside after a search for an unknown CPR', async () => {
    await page.goto(`${env.baseUrl}/borgere?cpr=0101809999`);
    expect(await page.locator('#cpr-error').isVisible()).toBe(true);
    expect(await violations()).toEqual([]);
  });

  it('on the "Opret borger" form', async () => {
    await page.goto(`${env.baseUrl}/borgere/ny`);
    expect(await violations()).toEqual([]);
  });

  it('on the form with its errors shown', async () => {
    await page.goto(`${env.baseUrl}/borgere/ny`);
    await page.locator('#cpr').fill('320162-1234');
    await page.locator('#aegtefaelle').fill('abc');
    await page.locator('button[type="submit"]').click();
    await page.locator('.alert-error').waitFor();
    expect(await violations()).toEqual([]);
  });

  it('on the borgeroverblik', async () => {
    await page.goto(`${env.baseUrl}/borgere/${richCitizen.cpr}`);
    expect(await violations()).toEqual([]);
  });

  it('on the 404 page', async () => {
    const response = await page.goto(`${env.baseUrl}/findes/ikke`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Siden findes ikke');
    expect(await violations()).toEqual([]);
  });
});
