/**
 * What the screenshot scripts share: a fresh database as the browser tests make one (the server of
 * DATABASE_URL, else an embedded PostgreSQL in a temporary folder; a migrated template copied), the app on a
 * free port with a simulated clock, and the Chromium the browser tests use, signed in through a web
 * session as the sign-in page starts one. Nothing but the app is reachable from the pages. `close()` leaves
 * nothing behind but the files written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Temporal } from 'temporal-polyfill';
import { createSession, sessionCookie, type UserRole } from '../src/access/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import {
  createDatabaseFromTemplate,
  dropTemplate,
  prepareTemplate,
  templateName,
} from '../src/platform/db/template.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { routePlugins } from '../src/platform/system.ts';
import type { Deps } from '../src/platform/use-case.ts';
import { chooseChromium } from '../test/support/chromium.ts';
import { freePort } from '../test/support/free-port.ts';

export interface ScreenshotUser {
  readonly municipality: string;
  readonly user?: string;
  readonly roles?: readonly UserRole[];
}

export interface ScreenshotApp {
  readonly db: Db;
  readonly deps: Deps & { readonly clock: SimulatedClock };
  readonly baseUrl: string;
  /** A page in a fresh context, signed in as the user, `width` pixels wide (900 unless told). */
  newPage(as: ScreenshotUser, width?: number): Promise<Page>;
  /** Goes to the address (which must answer 200) and saves the whole page as `file`. */
  shoot(page: Page, address: string, file: string): Promise<void>;
  close(): Promise<void>;
}

async function adminUrl(cleanups: (() => Promise<void>)[]): Promise<string> {
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

/** Starts database, app and browser; `prepare` makes the data before the app starts. */
export async function startScreenshotApp(
  now: Temporal.Instant,
  prepare: (deps: Deps & { readonly clock: SimulatedClock }) => Promise<void>,
): Promise<ScreenshotApp> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.toReversed()) await cleanup();
  };
  try {
    const admin = await adminUrl(cleanups);
    const template = templateName(`ydelse_screenshots_tpl_${String(process.pid)}`);
    await prepareTemplate(admin, template, true);
    cleanups.push(() => dropTemplate(admin, template));
    const database = await createDatabaseFromTemplate(admin, template, 'ydelse_screenshots');
    cleanups.push(() => database.drop());
    const deps = { db: database.db, clock: new SimulatedClock(now) };
    await prepare(deps);
    const app = await buildApp({ deps, logger: false, plugins: routePlugins });
    cleanups.push(() => app.close());
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const choice = await chooseChromium();
    process.stdout.write(`Skærmbilleder med ${choice.description}\n`);
    const browser: Browser = await chromium.launch({
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
    return {
      db: database.db,
      deps,
      baseUrl,
      close,
      async newPage(as, width = 900) {
        const context = await browser.newContext({
          viewport: { width, height: 900 },
          deviceScaleFactor: 1,
          locale: 'da-DK',
        });
        // Nothing but the app: the page must draw with the assets it serves itself.
        await context.route('**/*', (route) =>
          route.request().url().startsWith(baseUrl) ? route.continue() : route.abort(),
        );
        const { secret } = await createSession(
          database.db,
          'web',
          {
            kind: 'bruger',
            userId: as.user ?? `sb${as.municipality}`,
            municipality: as.municipality as MunicipalityCode,
            roles: as.roles ?? ['sagsbehandler'],
          },
          { now: deps.clock.now(), lifetimeYears: 1 },
        );
        await context.addCookies([{ name: sessionCookie, value: secret, url: baseUrl }]);
        return context.newPage();
      },
      async shoot(page, address, file) {
        const response = await page.goto(`${baseUrl}${address}`, { waitUntil: 'load' });
        if (response?.status() !== 200 || new URL(page.url()).pathname === '/log-ind') {
          throw new Error(`${address} svarede ${String(response?.status())} (${page.url()})`);
        }
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
