/**
 * The caller of a request, resolved once per request from a verified identity by the access hook
 * (src/access/http/access-plugin.ts): a bearer token or the session cookie. Headers alone never identify
 * anyone. Every route names the action its policy allows in `config.access` (or `'offentlig'`).
 */
import type { FastifyRequest } from 'fastify';
import type { Action } from '../../access/index.ts';
import { fail, ok, type Result } from '../../kernel/index.ts';
import type { Actor } from '../actor.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action of the route's policy, or `'offentlig'` for what anyone may fetch (no personal data). */
    access?: Action | 'offentlig';
  }
  interface FastifyRequest {
    /** The verified caller; null on a public route without a sign-in. */
    actor: Actor | null;
    /** The web session behind the request (cookie), with its CSRF token; null for a bearer token. */
    webSession: { readonly csrfToken: string; readonly name: string | null } | null;
  }
}

/** The verified caller of the request; `ikke-godkendt` when there is none. */
export function actorFromRequest(request: FastifyRequest): Result<Actor> {
  return request.actor === null
    ? fail('ikke-godkendt', 'Log ind, eller send en gyldig adgangsbillet (Authorization: Bearer)')
    : ok(request.actor);
}
