/**
 * Sign-in, sessions and the web's own defences, through the application: the local sign-in with its
 * refusals and rate limit, the session cookie's attributes, idle expiry and sign-out, the CSRF token on
 * every form post, the security headers on every page and API answer, and the OIDC flow and bearer tokens
 * against a real OpenID provider started here (oidc-provider, in-process).
 */
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProvider, type TestProvider } from '../../../test/support/oidc-provider.ts';
import { asUser } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import { localAccess, sessionCookie } from '../http/access-plugin.ts';
import { userRoles } from '../domain/roles.ts';
import { createOidcClient } from '../oidc.ts';
import { createSession, hashSecret } from '../sessions.ts';

let db: Db;
let clock: SimulatedClock;
let app: FastifyInstance;

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  clock = new SimulatedClock(Temporal.Instant.from('2026-12-01T09:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
});

afterAll(() => app.close());

type Reply = Awaited<ReturnType<FastifyInstance['inject']>>;
const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

function sessionOf(reply: Reply): string {
  const cookie = reply.cookies.find((c) => c.name === sessionCookie);
  if (cookie === undefined) throw new Error('ingen sessions-cookie');
  return cookie.value;
}

async function signIn(fields: Record<string, string> = {}, ip = '10.0.0.1'): Promise<Reply> {
  return app.inject({
    method: 'POST',
    url: '/log-ind',
    remoteAddress: ip,
    headers: formHeaders,
    payload: form({ kommune: '101', rolle: 'sagsbehandler', bruger: 'sb101', til: '/opgaver', ...fields }),
  });
}

/** The CSRF token of the forms on a page. */
function csrfOf(body: string): string {
  const match = /name="_csrf" value="([0-9a-f]{64})"/.exec(body);
  if (match === null) throw new Error('siden har ingen formular med CSRF-tegn');
  return match[1] as string;
}

describe('the local sign-in', () => {
  it('shows the form, refuses every bad field at once and starts no session', async () => {
    const page = await app.inject({ url: '/log-ind', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lokalt login');
    // Nothing to go to before signing in: no main menu.
    expect(page.body).not.toContain('Hovedmenu');
    const refused = await signIn({ kommune: '999', rolle: 'chef', bruger: 'a b' }, '10.0.0.2');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Vælg den kommune, du arbejder i');
    expect(refused.body).toContain('Vælg en af rollerne');
    expect(refused.cookies).toEqual([]);
  });

  it('signs in with a secure cookie and brings the user back, never to another site', async () => {
    const reply = await signIn({}, '10.0.0.3');
    expect(reply.statusCode).toBe(303);
    expect(reply.headers.location).toBe('/opgaver');
    const cookie = reply.cookies.find((c) => c.name === sessionCookie);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const inbox = await app.inject({ url: '/opgaver', cookies: { [sessionCookie]: sessionOf(reply) } });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('Logget ind som sb101, København (101)');
    for (const til of ['//ond.example/x', 'https://ond.example/', '/\\ond.example']) {
      const away = await signIn({ til }, '10.0.0.3');
      expect(away.headers.location).toBe('/');
    }
  });

  it('limits the sign-ins per client address and minute', async () => {
    const replies: number[] = [];
    for (let i = 0; i < 22; i += 1) replies.push((await signIn({}, '10.0.0.9')).statusCode);
    expect(replies.slice(0, 20).every((status) => status === 303)).toBe(true);
    expect(replies.slice(20)).toEqual([429, 429]);
    expect((await signIn({}, '10.0.0.10')).statusCode).toBe(303);
  });

  it('ends a session after 30 idle minutes, and at sign-out', async () => {
    const session = sessionOf(await signIn({}, '10.0.0.4'));
    const cookies = { [sessionCookie]: session };
    clock.advanceTo(clock.now().add({ minutes: 29 }));
    expect((await app.inject({ url: '/opgaver', cookies })).statusCode).toBe(200);
    clock.advanceTo(clock.now().add({ minutes: 31 }));
    const expired = await app.inject({ url: '/opgaver', cookies, headers: { accept: 'text/html' } });
    expect(expired.statusCode).toBe(303);
    expect(expired.headers.location).toBe('/log-ind?til=%2Fopgaver');

    const again = sessionOf(await signIn({}, '10.0.0.4'));
    const page = await app.inject({ url: '/opgaver', cookies: { [sessionCookie]: again } });
    const out = await app.inject({
      method: 'POST',
      url: '/log-ud',
      cookies: { [sessionCookie]: again },
      headers: formHeaders,
      payload: form({ _csrf: csrfOf(page.body) }),
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/log-ind?ud=1');
    expect((await app.inject({ url: '/opgaver', cookies: { [sessionCookie]: again } })).statusCode).toBe(303);
    const left = await db
      .selectFrom('sessions')
      .select('token_hash')
      .where('token_hash', '=', hashSecret(again))
      .execute();
    expect(left).toEqual([]);
  });
});

describe("the web's own defences", () => {
  it('refuses every form post without the session’s CSRF token, and takes it with', async () => {
    // A user with every role, so each route's own policy lets the post through to the token check.
    const { secret: session } = await createSession(
      db,
      'web',
      { kind: 'bruger', userId: 'alle101', municipality: '101' as MunicipalityCode, roles: [...userRoles] },
      { now: clock.now() },
    );
    const cookies = { [sessionCookie]: session };
    const token = csrfOf((await app.inject({ url: '/', cookies })).body);
    const posts = app.policedRoutes.filter(
      (route) => route.method === 'POST' && !route.url.startsWith('/api/') && route.access !== 'offentlig',
    );
    expect(posts.length).toBeGreaterThanOrEqual(5);
    for (const route of posts) {
      const url = route.url.replace(':id', '00000000-0000-4000-8000-000000000000');
      for (const payload of [form({}), form({ _csrf: 'f'.repeat(64) })]) {
        const refused = await app.inject({ method: 'POST', url, cookies, headers: formHeaders, payload });
        expect(refused.statusCode, route.url).toBe(403);
        expect(refused.body).toContain('Formularen mangler sit sikkerhedstegn');
      }
      const taken = await app.inject({
        method: 'POST',
        url,
        cookies,
        headers: formHeaders,
        payload: form({ _csrf: token }),
      });
      expect(taken.statusCode, route.url).not.toBe(403);
    }
    // A cookie-authenticated API call needs the token in a header; a bearer token needs none.
    const api = await app.inject({ method: 'POST', url: '/api/task-categories', cookies, payload: {} });
    expect(api.statusCode).toBe(403);
    expect(api.json()).toMatchObject({ code: 'ugyldig-csrf' });
  });

  it('every form a page shows carries the token', async () => {
    const session = sessionOf(await signIn({}, '10.0.0.6'));
    for (const url of ['/', '/borgere/ny', '/opgaver', '/satser']) {
      const body = (await app.inject({ url, cookies: { [sessionCookie]: session } })).body;
      const posts = body.match(/<form\b[^>]*method="post"[^>]*>/g) ?? [];
      expect(posts.length, url).toBeGreaterThan(0);
      const withToken = body.match(/<form\b[^>]*method="post"[^>]*><input type="hidden" name="_csrf"/g) ?? [];
      expect(withToken.length, url).toBe(posts.length);
    }
  });

  it('sends the security headers on every page and API answer, and no-store on all but assets', async () => {
    const session = sessionOf(await signIn({ rolle: 'systemansvarlig' }, '10.0.0.7'));
    const gets = app.policedRoutes.filter((route) => route.method === 'GET' && !route.url.includes('*'));
    expect(gets.length).toBeGreaterThan(30);
    for (const route of gets) {
      const url = route.url.replace(/:[a-zA-Z]+/g, '0');
      const reply = await app.inject({ url, cookies: { [sessionCookie]: session } });
      expect(reply.headers['x-frame-options'], url).toBe('DENY');
      expect(reply.headers['x-content-type-options'], url).toBe('nosniff');
      expect(reply.headers['referrer-policy'], url).toBe('no-referrer');
      expect(String(reply.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
      if (!url.startsWith('/static/')) expect(reply.headers['cache-control'], url).toBe('no-store');
    }
    const page = await app.inject({ url: '/', cookies: { [sessionCookie]: session } });
    expect(page.body).not.toMatch(/<script>(?!<\/script>)/);
    expect(page.body).not.toContain('style="');
  });
});

describe('sign-in with the municipality’s identity provider (OIDC)', () => {
  let op: TestProvider;
  let oidcApp: FastifyInstance;

  beforeAll(async () => {
    op = await startTestProvider();
    const settings = op.settings();
    oidcApp = await buildApp({
      deps: { db, clock: { now: () => Temporal.Now.instant() } },
      logger: false,
      plugins: routePlugins,
      access: {
        ...localAccess,
        oidc: await createOidcClient(settings),
        oidcOrigin: op.issuer,
        localSignIn: false,
        secureCookies: true,
      },
    });
  });

  afterAll(async () => {
    await oidcApp.close();
    await op.close();
  });

  it('signs a user in through the code flow, with municipality and roles from the claims', async () => {
    const start = await oidcApp.inject({ url: '/log-ind/oidc?til=/opgaver', remoteAddress: '10.1.0.1' });
    expect(start.statusCode).toBe(303);
    const callback = await op.signIn(String(start.headers.location), 'sagsbehandler1');
    const done = await oidcApp.inject({ url: `${callback.pathname}${callback.search}` });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/opgaver');
    const cookie = done.cookies.find((c) => c.name === sessionCookie);
    expect(cookie).toMatchObject({ secure: true, httpOnly: true });
    const inbox = await oidcApp.inject({
      url: '/opgaver',
      cookies: { [sessionCookie]: cookie?.value ?? '' },
    });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('Sara Sagsbehandler (sagsbehandler1), København (101)');
    // The same callback cannot be used twice.
    expect((await oidcApp.inject({ url: `${callback.pathname}${callback.search}` })).statusCode).toBe(401);
  });

  it('takes the provider’s access tokens for users and service clients, and refuses the rest', async () => {
    const user = await op.userTokens('sagsbehandler1');
    const inbox = await oidcApp.inject({
      url: '/api/tasks',
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expect(inbox.statusCode).toBe(200);
    const service = await op.clientCredentialsToken(op.serviceClient);
    const cpr = await oidcApp.inject({
      method: 'POST',
      url: '/api/cpr/address-changes',
      headers: { authorization: `Bearer ${service}` },
      payload: { messages: [{ sequence: 1, cpr: '0101010000', municipality: '101', date: '2026-11-01' }] },
    });
    expect(cpr.statusCode).toBe(200);
    // The integration may only do its own work.
    const read = await oidcApp.inject({ url: '/api/tasks', headers: { authorization: `Bearer ${service}` } });
    expect(read.statusCode).toBe(403);
    const noRole = await op.userTokens('uden-rolle');
    const other = await startTestProvider();
    try {
      const foreign = await other.userTokens('sagsbehandler1');
      const expired = await op.signWithProviderKey({
        iss: op.issuer,
        aud: op.apiAudience,
        sub: 'sb',
        kommune: '101',
        roller: ['sagsbehandler'],
        exp: Math.floor(Date.now() / 1000) - 3600,
      });
      for (const token of [noRole.accessToken, foreign.accessToken, expired, `${user.accessToken}x`]) {
        const refused = await oidcApp.inject({
          url: '/api/tasks',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(refused.statusCode).toBe(401);
        expect(refused.json()).toMatchObject({ code: 'ikke-godkendt' });
      }
    } finally {
      await other.close();
    }
  });

  it('has no local sign-in and takes no local tokens', async () => {
    const local = await oidcApp.inject({
      method: 'POST',
      url: '/log-ind',
      headers: formHeaders,
      payload: form({}),
    });
    expect(local.statusCode).toBe(404);
    const token = await asUser(db, '101');
    expect((await oidcApp.inject({ url: '/api/tasks', headers: token })).statusCode).toBe(401);
  });
});
