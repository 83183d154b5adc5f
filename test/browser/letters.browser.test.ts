/**
 * The letters in Chromium: one letter of each kind (the 225-hour rule's varsling, partshøring and
 * afgørelse; test/support/letters-of-each-kind.ts) opened at /breve/{id}, as the citizen receives it. Each
 * shows its title and its key sentence, axe finds nothing, and the keyboard reaches "Hent som PDF", which
 * answers a PDF. The case page's list of letters leads to them; an unknown letter is the Danish 404 page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LetterKind } from '../../src/cases/domain/letter.ts';
import { createLettersOfEachKind, type LettersOfEachKind } from '../support/letters-of-each-kind.ts';
import { axeViolations, focused, startBrowserApp, tabTo, type BrowserApp } from './browser-app.ts';

let env: BrowserApp;
let page: Page;
let made: LettersOfEachKind;

beforeAll(async () => {
  env = await startBrowserApp();
  made = await createLettersOfEachKind(env.db);
  page = await env.newPage();
});
afterAll(() => page.context().close());

/** The axe violations on the page, one line each. */
const violations = (): Promise<string[]> => axeViolations(page);

const expected: Readonly<Record<LetterKind, { title: string; sentence: string; status: string }>> = {
  varsling: {
    title: 'Varsling: 225-timersreglen',
    sentence: 'Har du ikke de 225 timer, vil din hjælp blive nedsat fra den 01.10.2021.',
    status: 'Status: Sendt 15.03.2021 kl. 10:30',
  },
  partshoering: {
    title: 'Partshøring: Nedsættelse af hjælpen',
    sentence: 'Dine bemærkninger skal være kommunen i hænde senest 03.09.2021.',
    status: 'Status: Afventer afsendelse',
  },
  afgoerelse: {
    title: 'Afgørelse: Nedsættelse af hjælpen',
    sentence:
      'Kommunen har den 06.09.2021 truffet afgørelse om nedsættelse af hjælpen i din sag om kontanthjælp.',
    status: 'Status: Afventer afsendelse',
  },
};

describe('a letter of each kind in a browser', () => {
  for (const kind of ['varsling', 'partshoering', 'afgoerelse'] as const) {
    it(`shows the ${kind} as the citizen receives it, axe finds nothing, and Tab reaches "Hent som PDF"`, async () => {
      const id = made.letters[kind];
      const response = await page.goto(`${env.baseUrl}/breve/${id}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe(expected[kind].title);
      expect(await page.locator('#brev-titel').innerText()).toBe(expected[kind].title);
      const letter = await page.locator('article').innerText();
      expect(letter).toContain('Tage Timer');
      expect(letter).toContain('CPR-nummer: 010680-5643');
      expect(letter).toContain(expected[kind].sentence);
      expect(letter).toMatch(/Med venlig hilsen\nKøbenhavn Kommune$/);
      expect(await page.locator('#brev-status').innerText()).toBe(expected[kind].status);
      expect(await violations()).toEqual([]);

      await tabTo(page, '#hent-pdf');
      expect(await focused(page)).toBe('hent-pdf');
      const href = (await page.locator('#hent-pdf').getAttribute('href')) ?? '';
      expect(href).toBe(`/breve/${id}/pdf`);
      const pdf = await page.request.get(`${env.baseUrl}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

      await tabTo(page, '#tilbage-til-sagen');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${env.baseUrl}/sager/${made.caseId}`);
      expect(env.problems).toEqual([]);
    });
  }

  it('reaches each letter from the case page’s list of letters', async () => {
    await page.goto(`${env.baseUrl}/sager/${made.caseId}`);
    const links = page.locator('[aria-labelledby="breve"] a');
    expect(await links.allInnerTexts()).toEqual([
      expected.varsling.title,
      expected.partshoering.title,
      expected.afgoerelse.title,
    ]);
    await links.filter({ hasText: expected.afgoerelse.title }).click();
    await page.waitForURL(`${env.baseUrl}/breve/${made.letters.afgoerelse}`);
    expect(await page.locator('h1').innerText()).toBe(expected.afgoerelse.title);
  });

  it('answers an unknown letter with the Danish 404 page, and axe finds nothing', async () => {
    const response = await page.goto(`${env.baseUrl}/breve/00000000-0000-4000-8000-000000000000`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Siden findes ikke');
    expect(await violations()).toEqual([]);
  });
});
