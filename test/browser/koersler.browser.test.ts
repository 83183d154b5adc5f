/**
 * The Kørsler page in Chromium: a system owner reaches it from the main menu, sees the May run's failed
 * part (a line whose amount cannot be read made it fail), runs it again with the keyboard alone once the
 * cause is gone and sees it done; axe finds no violations before or after, and at 390 px the page does not
 * scroll sideways (the tables scroll inside their own region, the chart scales).
 */
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../src/platform/jobs/simulate.ts';
import { jobHandlers } from '../../src/platform/system.ts';
import { grantedCitizen } from '../support/granted-citizen.ts';
import {
  axeViolations,
  focused,
  scrollsSideways,
  startBrowserApp,
  tabTo,
  type BrowserApp,
} from './browser-app.ts';

const OVERFLOW = '9007199254740993';

let env: BrowserApp;
let page: Page;

const setGross = (gross: string) =>
  env.db
    .updateTable('payment_lines')
    .set({ gross })
    .where('municipality', '=', '147')
    .where('period', '=', '2025-05-01')
    .execute();

beforeAll(async () => {
  env = await startBrowserApp();
  await grantedCitizen(env.deps, '0505901001', '101');
  await grantedCitizen(env.deps, '0505911001', '147');
  await setGross(OVERFLOW);
  // The May run, Thursday 22 May 18:00: 147's part fails, 101's is computed.
  await advanceClock(env.deps, jobHandlers, Temporal.Instant.from('2025-05-22T16:00:30Z'));
  page = await env.newPage({ municipality: '101', user: 'sys101', roles: ['systemansvarlig'] });
});
afterAll(() => page.context().close());

const failedRows = () => page.locator('[aria-labelledby="fejlede"] tbody tr');

describe('the Kørsler page in a browser', () => {
  it('is reached from the main menu and shows the failed part, with no axe violations', async () => {
    await page.goto(`${env.baseUrl}/`);
    await tabTo(page, 'a.nav-link[href="/koersler"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${env.baseUrl}/koersler`);
    expect(await page.locator('h1').innerText()).toBe('Kørsler');
    expect(await failedRows().count()).toBe(1);
    expect(await failedRows().first().innerText()).toContain('Frederiksberg (147)');
    expect(await page.locator('svg.chart[role="img"]').getAttribute('aria-label')).toContain('maj 2025');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('runs the failed part again with the keyboard and shows it done', async () => {
    await setGross('310000');
    await tabTo(page, 'form[action="/koersler/koer-igen"] button[type="submit"]', 80);
    expect(await focused(page, 'class')).toContain('button-secondary');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/koersler\?koert=maanedskoersel%3A2025-05%3A147&udfald=koert$/);
    const notice = page.locator('.alert-success');
    expect(await notice.innerText()).toContain('Kørslen er kørt igen');
    expect(await notice.innerText()).toContain('Månedskørslen maj 2025, Frederiksberg (147) er kørt færdig.');
    expect(await page.locator('[aria-labelledby="fejlede"]').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('Ingen kørsler eller dele er fejlet.');
    const run = page.locator('[aria-labelledby="seneste-koersler"] tbody tr', {
      hasText: 'Månedskørslen maj 2025',
    });
    expect(await run.innerText()).toContain('Færdig');
    expect(await axeViolations(page)).toEqual([]);
    expect(env.problems).toEqual([]);
  });

  it('does not scroll sideways at 390 px: the tables scroll in their region, the chart scales', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${env.baseUrl}/koersler`);
    const chart = await page.locator('svg.chart').boundingBox();
    expect(await scrollsSideways(page)).toBe(false);
    expect(chart?.width).toBeGreaterThan(0);
    expect(chart?.width).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
  });
});
