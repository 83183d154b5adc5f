/**
 * `npm run screenshots:letters`: the screenshots in docs/letters/ of one letter of each kind as a caseworker
 * sees it at /breve/{id}. Builds a fresh database as the browser tests do (the server of DATABASE_URL, else
 * an embedded PostgreSQL in a temporary folder; a migrated template copied), makes the 225-hour rule's
 * varsling, partshøring and afgørelse (test/support/letters-of-each-kind.ts), starts the app on a free
 * port and saves each page, whole, from the Chromium the browser tests use (900 px wide). Nothing is left
 * behind but the PNG files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { letterKinds } from '../src/cases/domain/letter.ts';
import { SimulatedClock } from '../src/kernel/index.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { createDatabaseFromTemplate, prepareTemplate, templateName } from '../src/platform/db/template.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { routePlugins } from '../src/platform/system.ts';
import { chooseChromium } from '../test/support/chromium.ts';
import { freePort } from '../test/support/free-port.ts';
import { createLettersOfEachKind } from '../test/support/letters-of-each-kind.ts';

const outFolder = fileURLToPath(new URL('../docs/letters/', import.meta.url));
/** The day after the decision, 09:00 Danish time: the page's clock (the letters carry their own dates). */
const pageNow = Temporal.Instant.from('2021-09-07T07:00:00Z');

const cleanups: (() => Promise<void>)[] = [];

async function adminUrl(): Promise<string> {
  const external = process.env.DATABASE_URL;
  if (external !== undefined && external !== '') return external;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-screenshots-pg-'));
  fs.chmodSync(dir, 0o777);
  const server = await startEmbeddedPostgres(path.join(dir, 'data'), await freePort(), { disposable: true });
  cleanups.push(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return server.adminUrl;
}

async function main(): Promise<void> {
  const admin = await adminUrl();
  const template = templateName('ydelse_screenshots_tpl');
  await prepareTemplate(admin, template);
  const database = await createDatabaseFromTemplate(admin, template, 'ydelse_screenshots');
  cleanups.push(() => database.drop());
  const made = await createLettersOfEachKind(database.db);

  const app = await buildApp({
    deps: { db: database.db, clock: new SimulatedClock(pageNow) },
    logger: false,
    plugins: routePlugins,
  });
  cleanups.push(() => app.close());
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });

  const choice = await chooseChromium();
  process.stdout.write(`Skærmbilleder med ${choice.description}\n`);
  const browser = await chromium.launch({
    executablePath: choice.executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  cleanups.push(() => browser.close());
  const context = await browser.newContext({
    viewport: { width: 900, height: 900 },
    deviceScaleFactor: 1,
    locale: 'da-DK',
  });
  // Nothing but the app: the page must draw with the assets it serves itself.
  await context.route('**/*', (route) =>
    route.request().url().startsWith(baseUrl) ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  fs.mkdirSync(outFolder, { recursive: true });
  for (const kind of letterKinds) {
    const response = await page.goto(`${baseUrl}/breve/${made.letters[kind]}`, { waitUntil: 'load' });
    if (response?.status() !== 200)
      throw new Error(`/breve/${made.letters[kind]} svarede ${String(response?.status())}`);
    const file = path.join(outFolder, `${kind}.png`);
    await page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
  }
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.toReversed()) await cleanup();
}
