/**
 * The access hook every request passes (docs/security.md):
 *
 * 1. Every route names its policy's action in `config.access`, or `'offentlig'`; a route without one fails
 *    the application's start (and so the test suite).
 * 2. The caller is resolved once, from a bearer token (an OIDC access token, verified against the issuer's
 *    keys; or a local API token where local sign-in is on) or the session cookie. Headers never name a user.
 * 3. The action's policy is checked before any work: no caller is 401 (a page redirects to the sign-in),
 *    a role that does not allow it is 403.
 * 4. A form or API call authenticated by the cookie must carry the session's CSRF token (`_csrf` in the
 *    form, `x-csrf-token` in a header); a bearer token needs none, as a browser never sends it by itself.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import type { DomainError } from '../../kernel/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import { errorPage } from '../../platform/web/error-pages.ts';
import { sendPage } from '../../platform/web/layout.ts';
import { isApiRequest } from '../../platform/web/error-pages.ts';
import type { Deps } from '../../platform/use-case.ts';
import { authorize, type Action } from '../domain/policy.ts';
import type { OidcClient, VerifiedIdentity } from '../oidc.ts';
import { findSession } from '../sessions.ts';

export interface AccessSettings {
  /** The municipality's identity provider; null where none is configured (the demo, tests). */
  readonly oidc: OidcClient | null;
  /** The provider's origin (`https://login.kommune.dk`), where sign-out sends the browser on; null without. */
  readonly oidcOrigin: string | null;
  /** The local sign-in page and local API tokens (`ydelse token`): the demo and tests, never production. */
  readonly localSignIn: boolean;
  /** Send the session cookie only over HTTPS (production behind TLS). */
  readonly secureCookies: boolean;
  /** Sign-ins allowed per client address and minute. */
  readonly signInsPerMinute: number;
}

export const localAccess: AccessSettings = {
  oidc: null,
  oidcOrigin: null,
  localSignIn: true,
  secureCookies: false,
  signInsPerMinute: 20,
};

export const sessionCookie = 'ydelse_session';

/** Routes the framework's plugins add, which carry no personal data: the API document and the assets. */
const frameworkPublic = [/^\/api\/docs(\/|$)/, /^\/static\//];

/** A route as the policy sees it: its method, its path pattern and its action. */
export interface PolicedRoute {
  readonly method: string;
  readonly url: string;
  readonly access: Action | 'offentlig';
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the application with its policy, as added (for the generated access test). */
    policedRoutes: PolicedRoute[];
  }
}

/** Refuses to add a route without a policy: a new route must say who may call it. */
export function requirePolicy(route: RouteOptions, routes: PolicedRoute[]): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  let access = route.config?.access;
  if (access === undefined && frameworkPublic.some((pattern) => pattern.test(route.url))) {
    access = 'offentlig';
    route.config = { ...route.config, access };
  }
  if (access === undefined) {
    throw new Error(`Ruten ${methods.join(',')} ${route.url} mangler en adgangspolitik (config.access)`);
  }
  for (const method of methods) routes.push({ method, url: route.url, access });
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function toActor(identity: VerifiedIdentity): Actor {
  return identity.kind === 'bruger'
    ? { kind: 'bruger', userId: identity.userId, municipality: identity.municipality, roles: identity.roles }
    : { kind: 'tjeneste', name: identity.name, roles: identity.roles };
}

type Identified =
  | { readonly actor: Actor; readonly web: { csrfToken: string; name: string | null } | null }
  | { readonly refusal: string }
  | null;

async function identify(deps: Deps, settings: AccessSettings, request: FastifyRequest): Promise<Identified> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization);
    if (match === null) return { refusal: 'Authorization skal være "Bearer <adgangsbillet>"' };
    const token = match[1] as string;
    if (token.split('.').length === 3) {
      if (settings.oidc === null)
        return { refusal: 'Der er ingen OIDC-udbyder, der kan udstede adgangsbilletter' };
      const verified = await settings.oidc.verifyBearer(token);
      return verified.ok
        ? { actor: toActor(verified.value), web: null }
        : { refusal: verified.error.message };
    }
    if (!settings.localSignIn) return { refusal: 'Adgangsbilletten er ikke udstedt af kommunens login' };
    const session = await findSession(deps.db, 'api', token, deps.clock.now());
    return session === undefined
      ? { refusal: 'Adgangsbilletten er ukendt eller udløbet' }
      : { actor: session.actor, web: null };
  }
  const cookie = request.cookies[sessionCookie];
  if (cookie === undefined) return null;
  const session = await findSession(deps.db, 'web', cookie, deps.clock.now());
  return session === undefined
    ? null
    : { actor: session.actor, web: { csrfToken: session.csrfToken, name: session.name } };
}

/** Where a page request without a sign-in is sent: the sign-in, which brings the user back. */
export const signInPath = (returnTo: string): string => `/log-ind?til=${encodeURIComponent(returnTo)}`;

function refuse(request: FastifyRequest, reply: FastifyReply, error: DomainError): FastifyReply {
  if (isApiRequest(request)) return sendProblem(reply, problemFor(error));
  const status = problemFor(error).status;
  if (status === 401 && request.method === 'GET') return reply.redirect(signInPath(request.url), 303);
  return sendPage(
    reply,
    status,
    errorPage(undefined, status === 401 ? 'Du er ikke logget ind' : 'Du har ikke adgang', error.message),
  );
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a cookie-authenticated form or call carries; taken out of a form's fields. */
function csrfTokenOf(request: FastifyRequest): string {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body;
  if (typeof body !== 'object' || body === null || !('_csrf' in body)) return '';
  const value: unknown = (body as Record<string, unknown>)._csrf;
  delete (body as Record<string, unknown>)._csrf;
  return typeof value === 'string' ? value : '';
}

/** Installs the hook on the whole application (not only a plugin's own routes). */
export const accessPlugin = fastifyPlugin<{ deps: Deps; settings: AccessSettings }>(
  async (app: FastifyInstance, { deps, settings }) => {
    await app.register(fastifyCookie);
    app.decorateRequest('actor', null);
    app.decorateRequest('webSession', null);
    app.decorate('policedRoutes', []);
    app.addHook('onRoute', (route) => requirePolicy(route, app.policedRoutes));

    app.addHook('onRequest', async (request, reply) => {
      const access = request.routeOptions.config.access;
      const open = access === undefined || access === 'offentlig';
      // A public page or asset needs no caller (no session lookup per stylesheet); a public form post
      // (sign-in, sign-out) does, for its CSRF check.
      if (open && (request.method === 'GET' || request.method === 'HEAD')) return;
      const identified = await identify(deps, settings, request);
      if (identified !== null && 'actor' in identified) {
        request.actor = identified.actor;
        request.webSession = identified.web;
      }
      // Not found (no route) and public routes go on; the 404 handler and the route answer.
      if (open) return;
      if (identified === null || 'refusal' in identified) {
        const message =
          identified === null
            ? 'Log ind, eller send en adgangsbillet (Authorization: Bearer)'
            : identified.refusal;
        return refuse(request, reply, { code: 'ikke-godkendt', message });
      }
      const allowed = authorize(identified.actor, access);
      if (!allowed.ok) return refuse(request, reply, allowed.error);
    });

    app.addHook('preValidation', async (request, reply) => {
      if (!unsafe.has(request.method) || request.webSession === null) return;
      if (!sameToken(csrfTokenOf(request), request.webSession.csrfToken)) {
        return refuse(request, reply, {
          code: 'ugyldig-csrf',
          message:
            'Formularen mangler sit sikkerhedstegn eller er udløbet. Gå tilbage, genindlæs siden, og prøv igen.',
        });
      }
    });
  },
  { name: 'ydelse-adgang' },
);
