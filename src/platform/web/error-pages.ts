/**
 * Danish error pages for browsers: "Siden findes ikke" (404), a refused request (other 4xx) and
 * "Der opstod en fejl" (500). The API under /api/ keeps answering problem+json.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { alert } from './components.ts';
import { html, type SafeHtml } from './html.ts';
import { page, sendPage } from './layout.ts';
import { webActorOf, type WebActor } from './web-actor.ts';

/** Whether the request is a browser asking for a page: not the API, and it accepts HTML. */
export function wantsPage(request: FastifyRequest): boolean {
  return !isApiRequest(request) && (request.headers.accept ?? '').includes('text/html');
}

/** Whether the request is for the API (under /api/), which answers problem+json. */
export function isApiRequest(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return path === '/api' || path.startsWith('/api/');
}

/** A page that says what went wrong; `body` as text is one paragraph. */
export function errorPage(actor: WebActor | undefined, title: string, body: SafeHtml | string): SafeHtml {
  return page({
    title,
    actor,
    main: html`<h1>${title}</h1>
      ${typeof body === 'string' ? html`<p>${body}</p>` : body}
      <p><a href="/">Gå til forsiden</a></p>`,
  });
}

/** The 404 page; `message` says what was not found when more is known than the address. */
export function notFoundPage(actor: WebActor | undefined, message?: string): SafeHtml {
  return errorPage(
    actor,
    'Siden findes ikke',
    html`<p>${message ?? 'Der er ingen side på den adresse, du har skrevet eller fulgt.'}</p>
      <p>Tjek adressen, eller find borgeren fra forsiden.</p>`,
  );
}

/** The page for a request the server could not take (a 4xx other than 404). */
export function badRequestPage(
  actor: WebActor | undefined,
  fault?: { readonly field: string; readonly message: string },
): SafeHtml {
  return errorPage(
    actor,
    'Forespørgslen kunne ikke behandles',
    fault === undefined
      ? html`<p>Siden fik en forespørgsel, den ikke kan bruge. Gå tilbage, og prøv igen.</p>`
      : html`${alert('error', `Feltet ${fault.field}`, `${fault.message}.`)}
          <p>Gå tilbage, ret feltet, og prøv igen.</p>`,
  );
}

/** The 500 page: nothing about the cause is shown; it is in the log. */
export function serverErrorPage(actor: WebActor | undefined): SafeHtml {
  return errorPage(
    actor,
    'Der opstod en fejl',
    html`<p>Der opstod en uventet fejl hos os. Fejlen er logget. Prøv igen om lidt.</p>
      <p>Hvis fejlen bliver ved, så kontakt den, der driver OpenYdelse i din kommune.</p>`,
  );
}

/** Answers an unknown address with the 404 page (used by the app's not-found handler). */
export function sendNotFoundPage(reply: FastifyReply): FastifyReply {
  return sendPage(reply, 404, notFoundPage(webActorOf(reply.request)));
}

/** Answers a request the router refused (a bad or too long address) with the page for a refused request. */
export function sendBadRequestPage(
  reply: FastifyReply,
  status: number,
  fault?: { readonly field: string; readonly message: string },
): FastifyReply {
  return sendPage(reply, status, badRequestPage(webActorOf(reply.request), fault));
}

/** Answers an error thrown while making a page: a 4xx status is kept, anything else is logged as 500. */
export function sendErrorPage(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const actor = webActorOf(request);
  const status = (error as { statusCode?: number } | null)?.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return sendPage(reply, status, status === 404 ? notFoundPage(actor) : badRequestPage(actor));
  }
  request.log.error({ err: error }, 'uventet fejl på en side');
  return sendPage(reply, 500, serverErrorPage(actor));
}
