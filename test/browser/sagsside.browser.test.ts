/**
 * The case page (sagsside) in Chromium: a kontanthjælp granted from 10 July 2025 on 4 August, computed by
 * the August run with the demo's example rates (July paid late), so the page has a standing grant,
 * registrations, computed lines with their explanations and statement links. axe finds nothing, with the
 * explanations closed and open, and each explanation opens from the keyboard.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRegistration, approveRecalculation, createCase, grantCase } from '../../src/cases/index.ts';
import type { MunicipalityCode } from '../../src/kernel/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../../src/platform/actor.ts';
import { advanceClock } from '../../src/platform/jobs/simulate.ts';
import { jobHandlers } from '../../src/platform/system.ts';
import { importRates, markDemoInstallation } from '../../src/rates/index.ts';
import {
  axeViolations,
  createThroughApi,
  focused,
  personPage,
  startBrowserApp,
  tabTo,
  type BrowserApp,
} from './browser-app.ts';

let env: BrowserApp;
let page: Page;
let caseId: string;
const cpr = '0505805001';
const caseworker: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

beforeAll(async () => {
  env = await startBrowserApp();
  const deps = env.deps;
  await markDemoInstallation(env.db);
  for (const file of ['satser.csv', 'eksempel.csv']) {
    const text = fs.readFileSync(new URL(`../../data/satser/${file}`, import.meta.url), 'utf8');
    must(await importRates(deps, systemActor('test'), text, { replace: false }));
  }
  await createThroughApi(env, {
    cpr,
    name: 'Karl Kontant',
    residence: [{ municipality: '101', from: '2019-03-01' }],
  });
  await advanceClock(deps, jobHandlers, Temporal.Instant.from('2025-08-04T08:00:00Z'));
  caseId = must(
    await createCase(deps, caseworker, 'web', cpr, {
      benefit: 'kontanthjaelp',
      municipality: '101',
      status: 'under-oplysning',
      from: '2025-07-10',
    }),
  ).id;
  must(
    await addRegistration(deps, caseworker, 'web', cpr, {
      kind: 'barn',
      from: '2015-03-01',
      birthDate: '2015-03-01',
    }),
  );
  must(
    await addRegistration(deps, caseworker, 'web', cpr, {
      kind: 'skattekort',
      from: '2025-01-01',
      taxRate: '38',
      monthlyAllowance: '4500.00',
    }),
  );
  must(
    await grantCase(deps, caseworker, 'web', caseId, {
      version: 1,
      from: '2025-07-10',
      reason: 'Opfylder betingelserne',
    }),
  );
  // The August run (18:00 on 25 August) pays July late and August.
  await advanceClock(deps, jobHandlers, Temporal.Instant.from('2025-08-26T08:00:00Z'));
  page = await env.newPage();
});
afterAll(() => page.context().close());

/** The axe violations on the page, one line each. */
const violations = (): Promise<string[]> => axeViolations(page);

describe('the case page in a browser', () => {
  it('shows the grant, registrations and computed lines, and axe finds nothing', async () => {
    await page.goto(`${env.baseUrl}/sager/${caseId}`);
    expect(await page.locator('h1').allInnerTexts()).toEqual(['Kontanthjælp']);
    expect(await page.locator('main h2').allInnerTexts()).toEqual([
      'Handlinger',
      'Bevillinger',
      'Registreringer',
      'Udbetalinger',
      'Genberegning og tilbagebetalingskrav',
      'Partshøringer, sanktioner og afgørelser',
      'Journalnotater og dokumenter',
      'Hændelser',
    ]);
    for (const table of ['gaeldende-bevilling', 'registreringer', 'tidligere-udbetalinger']) {
      expect(await page.locator(`[aria-labelledby="${table}"] tbody tr`).count(), table).toBeGreaterThan(0);
    }
    const past = await page.locator('[aria-labelledby="tidligere-udbetalinger"] tbody tr').allInnerTexts();
    expect(past.some((row) => row.includes('(efterbetaling)'))).toBe(true);
    expect(await page.locator('details.details').count()).toBe(2);
    expect(await violations()).toEqual([]);
  });

  it('opens an explanation from the keyboard, and axe finds nothing with it open', async () => {
    await page.goto(`${env.baseUrl}/sager/${caseId}`);
    const first = page.locator('details.details').first();
    const id = (await first.getAttribute('id')) ?? '';
    await tabTo(page, `#${id} > summary`, 80);
    expect(await focused(page, 'class')).toBe('details-summary');
    expect(await first.getAttribute('open')).toBeNull();
    await page.keyboard.press('Enter');
    expect(await first.getAttribute('open')).toBe('');
    const text = await first.locator('.details-text').innerText();
    expect(text).toContain('kontanthjaelp@2025-07-01');
    expect(text).toContain('eksempelsats – ikke officiel');
    expect(text).toContain('Til udbetaling (netto)');
    expect(await violations()).toEqual([]);
    expect(env.problems).toEqual([]);
  });

  it('shows the registrations as known at an earlier date from the form', async () => {
    await page.goto(`${env.baseUrl}/sager/${caseId}`);
    await page.locator('#kendtPr').fill('01.08.2025');
    await page.locator('#kendtPr').press('Enter');
    await page.waitForURL(/kendtPr=01\.08\.2025/);
    expect(await page.locator('main').innerText()).toContain(
      'Ingen registreringer var kendt på det tidspunkt.',
    );
    expect(await violations()).toEqual([]);
  });

  it('answers an unknown case with the Danish 404 page, and axe finds nothing', async () => {
    const response = await page.goto(`${env.baseUrl}/sager/00000000-0000-4000-8000-000000000000`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Siden findes ikke');
    expect(await violations()).toEqual([]);
  });

  it('draws the whole page with the design system (screenshot: /tmp/sagsside-fuld.png)', async () => {
    await page.goto(`${env.baseUrl}/sager/${caseId}`);
    await page.locator('details.details summary').first().click();
    await page.screenshot({ path: '/tmp/sagsside-fuld.png', fullPage: true });
    expect(env.problems).toEqual([]);
  });

  it('reaches the case page from the overview’s list of cases', async () => {
    await page.goto(`${env.baseUrl}${await personPage(env, cpr)}`);
    await page.locator('[aria-labelledby="sager"] a', { hasText: 'Kontanthjælp' }).click();
    await page.waitForURL(`${env.baseUrl}/sager/${caseId}`);
    expect(await page.locator('h1').innerText()).toBe('Kontanthjælp');
  });

  it('shows a recalculation with its proposed claim, opens its months by keyboard, and axe finds nothing', async () => {
    // The payout on 29 August pays July and August; then a payslip for August arrives.
    await advanceClock(env.deps, jobHandlers, Temporal.Instant.from('2025-09-01T08:00:00Z'));
    // Days later by the app's clock: the session has timed out, so the caseworker signs in again.
    await env.signIn(page);
    must(
      await addRegistration(env.deps, caseworker, 'web', cpr, {
        kind: 'arbejdsindtaegt',
        from: '2025-08-01',
        to: '2025-08-31',
        amount: '4000.00',
        hours: '40',
      }),
    );
    const approved = must(
      await approveRecalculation(env.deps, caseworker, 'web', caseId, { begrundelse: 'Lønseddel modtaget' }),
    );
    await page.goto(`${env.baseUrl}/sager/${caseId}`);
    expect(await page.locator('[aria-labelledby="genberegninger"] tbody tr').count()).toBe(1);
    const claims = await page.locator('[aria-labelledby="tilbagebetalingskrav"] tbody tr').allInnerTexts();
    expect(claims).toHaveLength(1);
    expect(claims[0]).toContain('august 2025');
    expect(claims[0]).toContain('Foreslået – afventer afgørelse');
    const months = page.locator(`#genberegning-${approved.recalculation}`);
    await tabTo(page, `#genberegning-${approved.recalculation} > summary`, 120);
    await page.keyboard.press('Enter');
    expect(await months.getAttribute('open')).toBe('');
    expect(await months.locator('tbody tr').count()).toBe(2);
    expect(await violations()).toEqual([]);
    expect(env.problems).toEqual([]);
  });
});
