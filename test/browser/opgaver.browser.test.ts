import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cpr, MunicipalityCode } from '../../src/kernel/index.ts';
import { findPersonByCpr, receiveAddressChange } from '../../src/persons/index.ts';
import { systemActor } from '../../src/platform/actor.ts';
import { advanceClock } from '../../src/platform/jobs/simulate.ts';
import { jobHandlers, taskTypes } from '../../src/platform/system.ts';
import { runUseCase } from '../../src/platform/use-case.ts';
import { createTasks } from '../../src/tasks/index.ts';
import {
  axeViolations,
  createThroughApi,
  focused,
  startBrowserApp,
  tabTo,
  type BrowserApp,
} from './browser-app.ts';

let env: BrowserApp;
let page: Page;
/** The follow-up København gets when Anna, whose money it administers (APØ), moves to Aarhus. */
let followUpId: string;
/** A task of Aarhus, which the caseworker of København may only look at. */
let aarhusTaskId: string;
/** A move whose duty stays in København: it waits at a mandatory undring about the spouse. */
let moveTaskId: string;

const anna = '1505701234';
const bo = '0101801234';

async function check(result: Promise<{ ok: true } | { ok: false; error: { message: string } }>) {
  const done = await result;
  if (!done.ok) throw new Error(done.error.message);
}

async function taskOf(type: string, municipality: string): Promise<string> {
  const row = await env.db
    .selectFrom('tasks')
    .select('id')
    .where('type', '=', type)
    .where('municipality', '=', municipality)
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  env = await startBrowserApp();
  await createThroughApi(env, {
    cpr: anna,
    name: 'Anna Andersen',
    residence: [{ municipality: '101', from: '2015-01-01' }],
    administration: [{ municipality: '101', from: '2022-01-01', to: null }],
  });
  await createThroughApi(env, {
    cpr: bo,
    name: 'Bo Bertelsen',
    residence: [{ municipality: '101', from: '2019-03-01' }],
  });
  // Anna moves to Aarhus on 10 May; the 04:00 run that day gives København its follow-ups.
  await check(
    receiveAddressChange(env.deps, systemActor('cpr'), 'api', {
      sequence: 1,
      cpr: anna,
      municipality: '751',
      date: '2025-05-10',
    }),
  );
  await advanceClock(env.deps, jobHandlers, Temporal.Instant.from('2025-05-10T07:00:00Z'));
  // Two tasks made directly: one more for København (another type), one for Aarhus.
  await check(
    runUseCase(env.deps, systemActor('test'), 'job', 'arbejd-opgave', async (context) => {
      const person = await findPersonByCpr(context.tx, bo as Cpr);
      if (person === undefined) throw new Error('Bo findes ikke');
      return createTasks(context, taskTypes, person.id, [
        { type: 'opfoelgning-institutionsophold', municipality: '101' as MunicipalityCode, data: {} },
        { type: 'opfoelgning-administration', municipality: '751' as MunicipalityCode, data: {} },
        {
          type: 'registrer-fraflytning',
          municipality: '101' as MunicipalityCode,
          data: { to: '751', moveDate: '2025-05-20', dutyStays: true },
          facts: { spouse: '0101801235' },
        },
      ]);
    }),
  );
  followUpId = await taskOf('opfoelgning-administration', '101');
  aarhusTaskId = await taskOf('opfoelgning-administration', '751');
  moveTaskId = await taskOf('registrer-fraflytning', '101');
  page = await env.newPage();
});
afterAll(() => page.context().close());

/** The axe violations on the page, one line each. */
const violations = (): Promise<string[]> => axeViolations(page);

/** The rows of the table labelled by the heading, each as its cells' visible text (screen-reader text left out). */
function rowsOf(headingId: string): Promise<string[][]> {
  // Evaluated as text: the project's type check has no DOM library.
  return page.evaluate<string[][]>(`
    [...document.querySelectorAll('[aria-labelledby="${headingId}"] tbody tr')].map((row) =>
      [...row.querySelectorAll('td')].map((cell) => {
        const copy = cell.cloneNode(true);
        copy.querySelectorAll('.sr-only').forEach((hidden) => hidden.remove());
        copy.querySelectorAll('br').forEach((br) => br.replaceWith(' '));
        return copy.textContent.replace(/\\s+/g, ' ').trim();
      }),
    )`);
}

/** A fact of the task's header, by its label. */
const fact = (label: string): Promise<string> =>
  page
    .locator('.structured-list tr', { has: page.locator(`th:text-is("${label}")`) })
    .first()
    .locator('td')
    .innerText();

describe('the task pages in a browser, with the keyboard alone', () => {
  it('opens the inbox from the header and filters it by type', async () => {
    await page.goto(`${env.baseUrl}/`);
    await tabTo(page, 'a.nav-link[href="/opgaver"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/opgaver');
    expect(await page.locator('h1').innerText()).toBe('Opgaveindbakke');
    const all = await rowsOf('opgaver');
    // The first cell of an open task's row is its checkbox for bulk assignment.
    // Oldest first; the two made in one transaction share their instant, so their order is the ids'.
    expect(all[0]?.[1]).toBe('Opfølgning: administration af økonomi (APØ)');
    expect(
      all
        .slice(1)
        .map((row) => row[1] ?? '')
        .sort(),
    ).toEqual(['Opfølgning: institutionsophold', 'Registrer fraflytning']);

    await tabTo(page, '#type');
    // Down the list from "Alle typer" to the type, as a keyboard user moves through a select.
    const options = await page.locator('#type option').allTextContents();
    const wanted = options.findIndex((text) => text.trim() === 'Opfølgning: administration af økonomi (APØ)');
    expect(wanted).toBeGreaterThan(0);
    for (let presses = 0; presses < wanted; presses++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('#type').inputValue()).toBe('opfoelgning-administration');
    await tabTo(page, 'form[aria-labelledby="filtre"] button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/opgaver?type=opfoelgning-administration');
    const rows = await rowsOf('opgaver');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.slice(2, 6)).toEqual([
      'Anna Andersen 150570-1234',
      'Vurder administrationen',
      '0',
      'Ikke tildelt',
    ]);
    expect(await page.locator('#type').inputValue()).toBe('opfoelgning-administration');
  });

  it('has no axe violations on the inbox, nor with its filter errors', async () => {
    await page.screenshot({ path: '/tmp/opgaver-indbakke.png', fullPage: true });
    expect(await violations()).toEqual([]);
    await page.goto(`${env.baseUrl}/opgaver?status=lukket&frist-foer=32.13.2025`);
    await expect.poll(() => focused(page, 'data-module')).toBe('error-summary');
    expect(await page.locator('.alert-error').innerText()).toContain('Status: Vælg en status fra listen');
    expect(await violations()).toEqual([]);
  });

  it('opens the follow-up, fills the notat, goes on and approves it', async () => {
    await page.goto(`${env.baseUrl}/opgaver?type=opfoelgning-administration`);
    await tabTo(page, `a[href="/opgaver/${followUpId}"]`);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/opgaver/${followUpId}`);
    expect(await page.locator('h1').innerText()).toBe('Opfølgning: administration af økonomi (APØ)');
    expect(await page.locator('#aktuelt-trin').innerText()).toBe('Aktuelt trin: Vurder administrationen');
    expect(await page.locator('.step-indicator li').allInnerTexts()).toEqual([
      '1\nVurder administrationen\nManuelt · Aktiv',
      '2\nOpsummering\nManuelt · Afventer',
    ]);
    await page.screenshot({ path: '/tmp/opgave-trin.png', fullPage: true });
    expect(await violations()).toEqual([]);

    // Going on without a notat is refused at the field.
    await tabTo(page, 'button[value="videre"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/opgaver/${followUpId}`);
    await expect.poll(() => focused(page, 'data-module')).toBe('error-summary');
    expect(await page.locator('#input-notat-error').innerText()).toContain('Skriv et notat');
    expect(await violations()).toEqual([]);

    await tabTo(page, '#input-notat');
    await page.keyboard.type('APØ overdrages til Aarhus; aftalt med borgeren.');
    await tabTo(page, 'button[value="videre"]');
    expect(await page.locator(':focus').innerText()).toBe('Gå videre');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/opgaver/${followUpId}?udfoert=videre`);
    expect(await page.locator('.alert-success').innerText()).toContain('Trinnet er gennemført.');
    expect(await page.locator('#aktuelt-trin').innerText()).toBe('Aktuelt trin: Opsummering');
    expect(await page.locator('main').innerText()).toContain(
      'APØ overdrages til Aarhus; aftalt med borgeren.',
    );

    await tabTo(page, 'button[value="videre"]');
    expect(await page.locator(':focus').innerText()).toBe('Godkend');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/opgaver/${followUpId}?udfoert=godkend`);
    expect(await fact('Status')).toBe('Afsluttet');
    expect(await page.locator('main form[method="post"]').count()).toBe(0);
    expect((await rowsOf('historik')).map((row) => row[1])).toEqual([
      'Opgave oprettet',
      'Trin gennemført',
      'Trin gennemført',
      'Opgave afsluttet',
    ]);
    await page.screenshot({ path: '/tmp/opgave-afsluttet.png', fullPage: true });
    expect(await violations()).toEqual([]);
  });

  it('resolves a mandatory undring, then decides with radio buttons, with no axe violations', async () => {
    await page.goto(`${env.baseUrl}/opgaver/${moveTaskId}`);
    const undring = page.locator('#undring-0');
    expect(await undring.locator('.badge').innerText()).toBe('Obligatorisk');
    expect(await undring.getByRole('button', { name: 'Afvis undringen' }).count()).toBe(0);
    expect(await page.locator('button[value="videre"]').count()).toBe(0);
    expect(await violations()).toEqual([]);

    await tabTo(page, '#undring-0-notat');
    await page.keyboard.type('Ægtefællen flytter med; abonnementet ophæves.');
    await tabTo(page, 'button[value="loes-undring"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/opgaver/${moveTaskId}?udfoert=loes-undring`);
    expect((await rowsOf('behandlede-undringer'))[0]?.slice(2, 4)).toEqual([
      'Løst',
      'Ægtefællen flytter med; abonnementet ophæves.',
    ]);
    expect(await page.locator('fieldset legend').first().innerText()).toBe('Beslutning');
    await page.screenshot({ path: '/tmp/opgave-undring-loest.png', fullPage: true });
    expect(await violations()).toEqual([]);

    // The first radio button takes focus; the arrow keys choose within the group.
    await tabTo(page, '#input-beslutning');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('input[name="input-beslutning"]:checked').getAttribute('value')).toBe('ophaev');
    await tabTo(page, 'button[value="videre"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/opgaver/${moveTaskId}?udfoert=videre`);
    expect(await fact('Status')).toBe('Afsluttet');
    expect(await page.locator('#trin-vurder-bopaelssamlingsabonnementer + .row').innerText()).toContain(
      'Ophæv abonnementet',
    );
  });

  it('reveals the fields of the action chosen with the keyboard, and goes on with them', async () => {
    // Made now, after the inbox's tests: Bo's acting municipality, København, decides it by hand.
    await check(
      runUseCase(env.deps, systemActor('test'), 'job', 'arbejd-opgave', async (context) => {
        const person = await findPersonByCpr(context.tx, bo as Cpr);
        if (person === undefined) throw new Error('Bo findes ikke');
        return createTasks(context, taskTypes, person.id, [
          { type: 'bestem-handlekommune-manuelt', municipality: '101' as MunicipalityCode, data: {} },
        ]);
      }),
    );
    const manualId = await taskOf('bestem-handlekommune-manuelt', '101');
    await page.goto(`${env.baseUrl}/opgaver/${manualId}`);
    const opret = page.locator('#input-action-opret-felter');
    const rediger = page.locator('#input-action-rediger-felter');
    const stands = page.locator('#input-action-stands-felter');
    // Nothing chosen yet: DKFDS's script has closed every choice's fields.
    await expect.poll(() => opret.getAttribute('aria-hidden')).toBe('true');
    expect(await page.locator('#input-opret-municipality').isVisible()).toBe(false);
    expect(await stands.isVisible()).toBe(false);
    expect(await violations()).toEqual([]);

    // Space chooses "Opret"; its fields open, the next Tab lands in them.
    await tabTo(page, '#input-action');
    await page.keyboard.press('Space');
    expect(await page.locator('#input-action').isChecked()).toBe(true);
    expect(await opret.getAttribute('aria-hidden')).toBe('false');
    expect(await page.locator('#input-opret-municipality').isVisible()).toBe(true);
    expect(await stands.isVisible()).toBe(false);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input-opret-municipality');
    await page.screenshot({ path: '/tmp/opgave-betinget-felt.png', fullPage: true });
    expect(await violations()).toEqual([]);

    // The arrow keys move to "Rediger": its fields open instead, and back.
    await tabTo(page, '#input-action');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('input[name="input-action"]:checked').getAttribute('value')).toBe('rediger');
    expect(await rediger.isVisible()).toBe(true);
    expect(await opret.isVisible()).toBe(false);
    await page.keyboard.press('ArrowUp');
    expect(await opret.isVisible()).toBe(true);
    expect(await rediger.isVisible()).toBe(false);

    // Going on without the fields "Opret" needs names each of them.
    await tabTo(page, 'button[value="videre"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/opgaver/${manualId}`);
    await expect.poll(() => focused(page, 'data-module')).toBe('error-summary');
    expect(await page.locator('.alert-error li').allInnerTexts()).toEqual([
      'Vælg kommune',
      'Indtast en dato i feltet "Fra"',
      'Vælg årsag',
    ]);
    // The choice is kept, so its fields are open with their errors.
    expect(await opret.isVisible()).toBe(true);
    expect(await violations()).toEqual([]);

    await tabTo(page, '#input-opret-municipality');
    const options = await page.locator('#input-opret-municipality option').allTextContents();
    const aarhus = options.findIndex((text) => text.trim() === '751 – Aarhus');
    expect(aarhus).toBeGreaterThan(0);
    for (let presses = 0; presses < aarhus; presses++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('#input-opret-municipality').inputValue()).toBe('751');
    await tabTo(page, '#input-opret-from');
    await page.keyboard.type('01.06.2025');
    await tabTo(page, '#input-opret-reason');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[value="videre"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/opgaver/${manualId}?udfoert=videre`);
    expect(await page.locator('#aktuelt-trin').innerText()).toBe('Aktuelt trin: Opsummering');
    expect(await page.locator('main').innerText()).toContain('Aarhus (751)');
    expect(await page.locator('main').innerText()).toContain('01.06.2025');
    expect(await page.locator('main').innerText()).not.toContain('Version');
  });

  it('shows the task of another municipality read-only, with no axe violations', async () => {
    await page.goto(`${env.baseUrl}/opgaver/${aarhusTaskId}`);
    expect(await page.locator('.alert-info').innerText()).toContain('Opgaven tilhører Aarhus (751)');
    expect(await page.locator('main form').count()).toBe(0);
    expect(await violations()).toEqual([]);
  });

  it('shows the header link on a narrow screen too (screenshot: /tmp/opgaver-mobil.png)', async () => {
    const narrow = await env.newPage();
    await narrow.setViewportSize({ width: 375, height: 800 });
    await narrow.goto(`${env.baseUrl}/opgaver`);
    expect(await narrow.locator('a.nav-link[href="/opgaver"]').isVisible()).toBe(true);
    await narrow.screenshot({ path: '/tmp/opgaver-mobil.png', fullPage: true });
    await narrow.context().close();
  });

  it('draws everything from the app', () => {
    expect(env.problems).toEqual([]);
  });
});
