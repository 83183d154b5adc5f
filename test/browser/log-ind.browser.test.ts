/**
 * Signing in, working a task and signing out, in a browser with the keyboard alone: a page without a
 * session leads to the local sign-in, which brings the caseworker back to where they were going; every
 * form carries its CSRF token; after sign-out the pages lead to the sign-in again.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, findPersonByCpr } from '../../src/persons/index.ts';
import type { Cpr, MunicipalityCode } from '../../src/kernel/index.ts';
import { systemActor } from '../../src/platform/actor.ts';
import { taskTypes } from '../../src/platform/system.ts';
import { runUseCase } from '../../src/platform/use-case.ts';
import { createTasks } from '../../src/tasks/index.ts';
import { axeViolations, startBrowserApp, tabTo, type BrowserApp } from './browser-app.ts';

let env: BrowserApp;
let page: Page;
let taskId: string;

beforeAll(async () => {
  env = await startBrowserApp();
  const created = await createPerson(env.deps, systemActor('cpr'), 'job', {
    cpr: '0101801234',
    name: 'Bo Bertelsen',
    residence: [{ municipality: '101', from: '2019-03-01' }],
  });
  if (!created.ok) throw new Error(created.error.message);
  const tasks = await runUseCase(env.deps, systemActor('test'), 'job', 'arbejd-opgave', async (context) => {
    const person = await findPersonByCpr(context.tx, '0101801234' as Cpr);
    if (person === undefined) throw new Error('Bo findes ikke');
    return createTasks(context, taskTypes, person.id, [
      { type: 'opfoelgning-institutionsophold', municipality: '101' as MunicipalityCode, data: {} },
    ]);
  });
  if (!tasks.ok) throw new Error(tasks.error.message);
  taskId = tasks.value[0] as string;
  // A context of its own, without the session the other journeys start with.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  page = await context.newPage();
});
afterAll(() => page.context().close());

/** The axe violations on the page, one line each. */
const violations = (): Promise<string[]> => axeViolations(page);

describe('a caseworker signs in, works a task and signs out', () => {
  it('is sent to the sign-in and back to the task', async () => {
    await page.goto(`${env.baseUrl}/opgaver/${taskId}`);
    await page.waitForURL('**/log-ind?til=*');
    expect(await page.locator('h1').innerText()).toBe('Log ind');
    expect(await violations()).toEqual([]);

    await tabTo(page, '#kommune');
    await page.selectOption('#kommune', '101');
    await tabTo(page, '#rolle');
    await page.selectOption('#rolle', 'sagsbehandler');
    await tabTo(page, '#bruger');
    await page.keyboard.type('sb101');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/opgaver/${taskId}`);
    expect(await page.locator('header').innerText()).toContain('Logget ind som sb101, København (101)');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'ydelse_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
    });
  });

  it('works the task: every form posts its token, and the step is done', async () => {
    const forms = await page.locator('form[method="post"]').count();
    expect(await page.locator('form[method="post"] input[name="_csrf"]').count()).toBe(forms);
    await tabTo(page, '#input-notat');
    await page.keyboard.type('Borgeren er flyttet fra institutionen.');
    await tabTo(page, 'button[value="videre"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/opgaver/${taskId}?udfoert=videre`);
    expect(await page.locator('.alert-success').innerText()).toContain('Trinnet er gennemført.');
    expect(await violations()).toEqual([]);
  });

  it('signs out, and the pages lead to the sign-in again', async () => {
    await tabTo(page, 'header button:text-is("Log ud")');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/log-ind?ud=1');
    expect(await page.locator('.alert-success').innerText()).toContain('Du er logget ud');
    expect(await violations()).toEqual([]);
    await page.goto(`${env.baseUrl}/opgaver`);
    await page.waitForURL('**/log-ind?til=%2Fopgaver');
  });

  it('draws everything from the app', () => {
    expect(env.problems).toEqual([]);
  });
});
