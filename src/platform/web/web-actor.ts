/**
 * Who acts on the caseworkers' web pages: the signed-in user of the request (src/access), with the session's
 * CSRF token that every form of the page carries. Nothing in the pages depends on how the user signed in.
 */
import type { FastifyRequest } from 'fastify';
import { getMunicipality, type MunicipalityCode } from '../../kernel/index.ts';
import type { Actor } from '../actor.ts';
import { html, type SafeHtml } from './html.ts';

export interface WebActor {
  readonly actor: Actor;
  readonly userId: string;
  readonly municipality: MunicipalityCode | null;
  /** As the header shows it: `Sara Sagsbehandler (sb101), København (101)`. */
  readonly label: string;
  /** The session's token against cross-site requests; every form posts it as `_csrf`. */
  readonly csrfToken: string;
}

/** The signed-in user of a page request, or undefined on a public page (sign-in, errors before sign-in). */
export function webActorOf(request: FastifyRequest): WebActor | undefined {
  const actor = request.actor;
  const session = request.webSession;
  if (actor?.kind !== 'bruger') return undefined;
  const name = session?.name ?? null;
  const who = name === null ? actor.userId : `${name} (${actor.userId})`;
  const where =
    actor.municipality === null
      ? ''
      : `, ${getMunicipality(actor.municipality).name} (${actor.municipality})`;
  return {
    actor,
    userId: actor.userId,
    municipality: actor.municipality,
    label: `${who}${where}`,
    // A page fetched with a bearer token needs no token in its forms: a browser never sends one by itself.
    csrfToken: session?.csrfToken ?? '',
  };
}

/**
 * The signed-in user of a page that requires one. The access hook has refused the request before the
 * handler runs when there is none, so this never throws for a request that reached its handler.
 */
export function requireWebActor(request: FastifyRequest): WebActor {
  const web = webActorOf(request);
  if (web === undefined) throw new Error(`Siden ${request.url} blev nået uden en logget ind bruger`);
  return web;
}

/** The hidden field every form posts, so a form from another site is refused. */
export const csrfField = (web: WebActor | undefined): SafeHtml =>
  web === undefined || web.csrfToken === ''
    ? html``
    : html`<input type="hidden" name="_csrf" value="${web.csrfToken}" />`;
