import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../support/sign-in.ts';
import {
  axeViolations,
  createThroughApi,
  personPage,
  richCitizen,
  startBrowserApp,
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
});
afterAll(() => page.context().close());

describe('axe finds no accessibility violations', () => {
  it('on the forside', async () => {
    await page.goto(`${env.baseUrl}/`);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('on the forside after a search for an unknown CPR', async () => {
    await page.goto(`${env.baseUrl}/`);
    await page.locator('#cpr').fill('0101809999');
    await page.locator('form[action="/borgere/soeg"] button[type="submit"]').click();
    await page.locator('#cpr-error').waitFor();
    expect(await page.locator('#cpr-error').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('on the "Opret borger" form', async () => {
    await page.goto(`${env.baseUrl}/borgere/ny`);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('on the form with its errors shown', async () => {
    await page.goto(`${env.baseUrl}/borgere/ny`);
    await page.locator('#cpr').fill('320162-1234');
    await page.locator('#aegtefaelle').fill('abc');
    await page.locator('main button[type="submit"]').click();
    await page.locator('.alert-error').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('on the borgeroverblik with acting history, cases, payments, tasks and events', async () => {
    await page.goto(`${env.baseUrl}${await personPage(env, richCitizen.cpr)}`);
    for (const section of ['handlekommune-historik', 'sager', 'udbetalinger', 'opgaver', 'haendelser']) {
      const rows = await page.locator(`[aria-labelledby="${section}"] tbody tr`).count();
      expect(rows, section).toBeGreaterThan(0);
    }
    expect(await axeViolations(page)).toEqual([]);
  });

  it('on the case page of a case with a fixed amount, computed and planned lines', async () => {
    await page.goto(`${env.baseUrl}${await personPage(env, richCitizen.cpr)}`);
    await page.locator('[aria-labelledby="sager"] a', { hasText: 'Personligt tillæg' }).click();
    await page.waitForURL(/\/sager\//);
    expect(await page.locator('details.details').count()).toBeGreaterThan(0);
    await page.locator('details.details summary').first().click();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('on the case page of a closed case (the citizen moved)', async () => {
    await page.goto(`${env.baseUrl}${await personPage(env, richCitizen.cpr)}`);
    await page.locator('[aria-labelledby="sager"] a', { hasText: 'Helbredstillæg' }).click();
    await page.waitForURL(/\/sager\//);
    expect(await page.locator('main').innerText()).toContain('Ingen tidligere udbetalinger.');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('on the borgeroverblik of a citizen with nothing yet', async () => {
    await createThroughApi(env, {
      cpr: '0101801234',
      name: 'Nina Nyborger',
      residence: [{ municipality: '101', from: '2019-03-01' }],
    });
    await page.goto(`${env.baseUrl}${await personPage(env, '0101801234')}`);
    expect(await page.locator('main').innerText()).toContain('Ingen sager.');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('on the page for a month without a statement', async () => {
    const response = await page.goto(
      `${env.baseUrl}${await personPage(env, richCitizen.cpr)}/udbetalingsspecifikation/2025-07`,
    );
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Udbetalingsspecifikationen kan ikke vises');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('on the page for a refused field (a NUL in a filter of the inbox)', async () => {
    const response = await page.goto(`${env.baseUrl}/opgaver?type=%00`);
    expect(response?.status()).toBe(400);
    expect(await page.getByRole('alert').innerText()).toContain('Feltet type');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('on the 404 page', async () => {
    const response = await page.goto(`${env.baseUrl}/findes/ikke`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Siden findes ikke');
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('axe finds no accessibility violations on a benefit task', () => {
  it('at "Fastsæt beløb" and at "Opsummering" with the computed months', async () => {
    const headers = await asUser(env.db, '101');
    const started = await env.app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers,
      payload: { type: 'ydelsesopgave-saerlig-stoette', cpr: richCitizen.cpr },
    });
    expect(started.statusCode).toBe(201);
    let task = started.json<{ id: string; version: number; currentStep: string }>();
    const act = async (handling: object) => {
      const response = await env.app.inject({
        method: 'POST',
        url: `/api/tasks/${task.id}/handlinger`,
        headers,
        payload: { version: task.version, handling },
      });
      expect(response.statusCode).toBe(200);
      task = response.json<{ task: typeof task }>().task;
    };
    await act({ kind: 'videre', step: 'oplys-bevilling', input: { from: '2025-05-01', reason: 'Behov' } });
    if (task.currentStep === 'kontroller-oplysninger') {
      await act({
        kind: 'afvis-undring',
        query: 'kontroller-oplysninger:skattekort-mangler',
        note: 'Ses senere',
      });
      await act({ kind: 'videre', step: 'kontroller-oplysninger' });
    }
    expect(task.currentStep).toBe('fastsaet-beloeb');
    await page.goto(`${env.baseUrl}/opgaver/${task.id}`);
    expect(await page.locator('h1').innerText()).toBe('Ydelsesopgave: særlig støtte');
    expect(await axeViolations(page)).toEqual([]);
    await act({
      kind: 'videre',
      step: 'fastsaet-beloeb',
      input: { beloeb: '1500.00', begrundelse: 'Rådighed' },
    });
    await page.goto(`${env.baseUrl}/opgaver/${task.id}`);
    expect(await page.locator('main').innerText()).toContain('maj 2025');
    expect(await axeViolations(page)).toEqual([]);
  });
});
