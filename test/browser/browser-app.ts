/**
 * The app on an ephemeral port with a fresh test database, and Chromium driven by playwright-core: Debian's
 * when installed, otherwise the npm package's (test/support/chromium.ts; no browser download). One browser per test file; every page is blocked from reaching anything but the
 * app, and the assets it fails to load are collected so a test can insist on none.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, expect, inject } from 'vitest';
import { SimulatedClock } from '../../src/kernel/index.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { routePlugins } from '../../src/platform/system.ts';
import { seedDemo } from '../../src/demo/index.ts';
import type { Deps } from '../../src/platform/use-case.ts';
import { sessionCookie } from '../../src/access/index.ts';
import { asUser } from '../support/sign-in.ts';
import { useTestDatabase } from '../support/test-db.ts';
import { personIdOf, webSession, type WebSignIn } from '../support/web-session.ts';

export interface BrowserApp {
  readonly app: FastifyInstance;
  readonly db: Db;
  /** The app's database and clock, for making data through the use cases and moving time. */
  readonly deps: Deps & { readonly clock: SimulatedClock };
  readonly baseUrl: string;
  readonly browser: Browser;
  /**
   * A new page in a fresh context (no shared cookies or history), signed in as caseworker sb101 of 101 unless
   * told otherwise (a web session's cookie, as the sign-in page sets it).
   */
  newPage(as?: WebSignIn): Promise<Page>;
  /**
   * Signs the page's context in again, at the app's clock's now: a web session ends after 30 minutes
   * without a request by the app's clock, so a test that moves the clock further on calls this after.
   */
  signIn(page: Page, as?: WebSignIn): Promise<void>;
  /** Requests that failed or answered 4xx/5xx for an asset, and any request that left the app. */
  readonly problems: string[];
}

/** The clock every browser test runs at: Monday 5 May 2025, 09:00 Danish time. */
export const testNow = Temporal.Instant.from('2025-05-05T07:00:00Z');

async function watch(context: BrowserContext, baseUrl: string, problems: string[]): Promise<void> {
  context.on('requestfailed', (request) => {
    // A load the page itself cancelled by moving on (a font still loading when a link is followed) is no
    // failure of the app; an asset the app answered with an error is caught below.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    if (request.url().startsWith(baseUrl)) problems.push(`fejlede: ${request.url()}`);
  });
  context.on('response', (response) => {
    if (response.url().includes('/static/') && response.status() >= 400) {
      problems.push(`${response.status()}: ${response.url()}`);
    }
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl)) return route.continue();
    problems.push(`uden for appen: ${url}`);
    return route.abort();
  });
}

export interface BrowserAppOptions {
  /** The app's clock; testNow unless told. */
  readonly now?: Temporal.Instant;
  /** Seeds the demo data (its history played up to `now`) before the app starts. */
  readonly demo?: boolean;
}

/** Starts app and browser; both are closed after the file's tests. */
export async function startBrowserApp(options: BrowserAppOptions = {}): Promise<BrowserApp> {
  const { db } = await useTestDatabase();
  const deps = { db, clock: new SimulatedClock(options.now ?? testNow) };
  if (options.demo === true) await seedDemo(deps, { onlyIfEmpty: true });
  const app = await buildApp({
    deps,
    logger: false,
    plugins: routePlugins,
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: inject('chromiumPath'),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
  });
  const problems: string[] = [];
  const signInContext = async (context: BrowserContext, as: WebSignIn = {}): Promise<void> => {
    const { secret } = await webSession(db, deps.clock.now(), as);
    await context.addCookies([{ name: sessionCookie, value: secret, url: baseUrl }]);
  };
  const newPage = async (as: WebSignIn = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    await watch(context, baseUrl, problems);
    await signInContext(context, as);
    return context.newPage();
  };
  const signIn = (page: Page, as: WebSignIn = {}): Promise<void> => signInContext(page.context(), as);
  return { app, db, deps, baseUrl, browser, newPage, signIn, problems };
}

/** An attribute of the focused element ('' when nothing or an element without it has focus). */
export async function focused(page: Page, attribute = 'id'): Promise<string> {
  const element = page.locator(':focus');
  if ((await element.count()) === 0) return '';
  return (await element.getAttribute(attribute)) ?? '';
}

/** Presses Tab until the element matching `selector` has focus; fails after `limit` presses. */
export async function tabTo(page: Page, selector: string, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
    await page.keyboard.press('Tab');
  }
  expect.fail(`Tab nåede ikke ${selector} efter ${limit} tryk`);
}

/** The address of a citizen's pages: the person's id, never the CPR number. */
export async function personPage(env: Pick<BrowserApp, 'db'>, cpr: string): Promise<string> {
  return `/borgere/${await personIdOf(env.db, cpr)}`;
}

/** Registers a citizen through the API, as a caseworker of 101. */
export async function createThroughApi(
  env: Pick<BrowserApp, 'app' | 'db'>,
  body: Record<string, unknown>,
): Promise<void> {
  const response = await env.app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: await asUser(env.db, '101'),
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
}

/** A citizen with every part of the overview filled in: moves, abroad, spouse, institution stay, APØ. */
export const richCitizen = {
  cpr: '1505701234',
  name: 'Bente Bopælsen',
  residence: [
    { municipality: '101', from: '2010-01-01' },
    { abroad: 'SE', from: '2015-06-01' },
    { municipality: '751', from: '2020-09-01' },
  ],
  civilStatus: 'gift',
  spouse: '1604701235',
  healthCard: true,
  institutionStays: [{ from: '2021-01-01', to: '2021-03-31' }],
  administration: [{ municipality: '751', from: '2022-01-01', to: null }],
};

/** The axe violations on the page, one line each, so a failure says what and where. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Whether the page scrolls sideways (wider than its viewport). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  );
}
