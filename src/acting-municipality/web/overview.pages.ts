/**
 * The caseworkers' borgeroverblik, server-rendered with DKFDS: GET /borgere/{id} reads the person overview
 * (one access-log row per view, purpose "borgeroverblik", channel `web`), and
 * GET /borgere/{id}/udbetalingsspecifikation/{YYYY-MM} serves the month's statement as a PDF for the links
 * on it; POST /borgere/{id}/opgaver starts a task for the citizen from the overview's "Handlinger" (and the
 * case page's buttons). It lives here, not with the other person pages, because the overview spans every
 * context up to the acting municipality. Handlers never throw for bad input: a refusal is a Danish page.
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { benefitFamilies, benefitTaskKey, personPath } from '../../cases/index.ts';
import {
  errorCodes,
  localDate,
  ok,
  personNotFound,
  type DomainError,
  type Result,
} from '../../kernel/index.ts';
import { findPersonCpr, formatDate, getPerson } from '../../persons/index.ts';
import { getPaymentStatements } from '../../payments/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { notFoundPage, sendErrorPage } from '../../platform/web/error-pages.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page, sendPage } from '../../platform/web/layout.ts';
import { requireWebActor, type WebActor } from '../../platform/web/web-actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import { startTask, type TaskTypes } from '../../tasks/index.ts';
import { getPersonOverview } from '../get-person-overview.ts';
import { registerMoveOut } from '../register-move-out.ts';
import {
  emptyMoveOutForm,
  moveOutErrorOf,
  moveOutErrors,
  moveOutPage,
  readMoveOutForm,
  toMoveOutInput,
  type MoveOutForm,
} from './move-out-page.ts';
import { moveOutPath, personOverviewPage, type StartableTask } from './person-overview.ts';
import { requestText } from '../../platform/web/form.ts';

const overviewPurpose = 'borgeroverblik';

/**
 * The CPR number of the citizen the address names by person id, for the use cases, which read and log the
 * person under the reader's policy; for an id of no one, the refusal the use cases give a person the reader
 * may not see, so the two cannot be told apart.
 */
async function cprOf(deps: Deps, request: FastifyRequest): Promise<Result<string>> {
  const cpr = await findPersonCpr(deps.db, requestText(request.params, 'id'));
  return cpr === undefined ? personNotFound() : ok(cpr);
}

/** The benefit tasks the overview's "Handlinger" start (one per family), with their Danish names. */
function benefitTasks(types: TaskTypes): StartableTask[] {
  return benefitFamilies.flatMap((family) => {
    const type = types.get(benefitTaskKey(family));
    return type.ok && type.value.startableByHand ? [{ type: type.value.key, name: type.value.name }] : [];
  });
}

/** GET /borgere/{id}: the borgeroverblik. */
async function overview(
  deps: Deps,
  types: TaskTypes,
  web: WebActor,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const cpr = await cprOf(deps, request);
  const found = cpr.ok ? await getPersonOverview(deps, web.actor, 'web', cpr.value, overviewPurpose) : cpr;
  if (!found.ok) return sendPage(reply, 404, notFoundPage(web, found.error.message));
  const justCreated = requestText(request.query, 'oprettet') !== '';
  const moveDate = requestText(request.query, 'fraflytning');
  const notice = /^\d{4}-\d{2}-\d{2}$/.test(moveDate)
    ? {
        heading: 'Fraflytningen er registreret',
        text: `04:00-kørslen effektuerer flytningen ${formatDate(moveDate)}.`,
      }
    : requestText(request.query, 'rettet') !== ''
      ? { heading: 'Oplysningerne er rettet', text: 'Rettelsen står under Hændelser.' }
      : requestText(request.query, 'uaendret') !== ''
        ? { heading: 'Intet at rette', text: 'Oplysningerne var de samme som før.' }
        : undefined;
  const today = localDate(deps.clock.now());
  return sendPage(
    reply,
    200,
    personOverviewPage(web, found.value, today, {
      justCreated,
      notice,
      startable: benefitTasks(types),
      taskTypeNames: Object.fromEntries(types.all().map((type) => [type.key, type.name])),
    }),
  );
}

/**
 * POST /borgere/{id}/opgaver (`type`, optionally `sag`): starts the task for the citizen as the web's
 * caseworker through the same use case as POST /api/tasks, then shows it (303). A refusal (not the acting
 * municipality, a case of another status, ...) is a Danish page with the reason.
 */
async function start(
  deps: Deps,
  types: TaskTypes,
  web: WebActor,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const cpr = await cprOf(deps, request);
  const personId = requestText(request.params, 'id');
  const type = requestText(request.body, 'type');
  const caseId = requestText(request.body, 'sag');
  const started = cpr.ok
    ? await startTask(deps, types, web.actor, 'web', {
        type,
        cpr: cpr.value,
        ...(caseId === '' ? {} : { data: { sag: caseId } }),
      })
    : cpr;
  if (!started.ok) {
    return sendPage(
      reply,
      errorCodes[started.error.code].status,
      refusalPage(web, 'Opgaven kunne ikke startes', personId, started.error),
    );
  }
  return reply.redirect(`/opgaver/${started.value.id}`, 303);
}

/**
 * GET and POST /borgere/{id}/fraflytning: the form, and the move registered through the same use case as
 * POST /api/persons/{cpr}/move-out; then back to the overview, which says when the run effectuates it.
 */
async function moveOut(deps: Deps, web: WebActor, request: FastifyRequest, reply: FastifyReply) {
  const cpr = await cprOf(deps, request);
  const personId = requestText(request.params, 'id');
  const found = cpr.ok ? await getPerson(deps, web.actor, 'web', cpr.value, 'registrer-fraflytning') : cpr;
  if (!found.ok) return sendPage(reply, 404, notFoundPage(web, found.error.message));
  const person = { id: personId, name: found.value.name };
  const show = (status: number, form: MoveOutForm, errors: Parameters<typeof moveOutPage>[3]) =>
    sendPage(reply, status, moveOutPage(web, person, form, errors));
  if (request.method === 'GET') return show(200, emptyMoveOutForm, []);
  const form = readMoveOutForm(request.body);
  const errors = moveOutErrors(form);
  if (errors.length > 0) return show(400, form, errors);
  const done = await registerMoveOut(deps, web.actor, 'web', found.value.cpr, toMoveOutInput(form));
  if (!done.ok) {
    const status = errorCodes[done.error.code].status;
    if (
      status === 403 ||
      done.error.code === 'ikke-handlekommune' ||
      done.error.code === 'har-cpr-abonnement'
    ) {
      return sendPage(
        reply,
        status,
        refusalPage(web, 'Fraflytningen kunne ikke registreres', personId, done.error),
      );
    }
    return show(status, form, [moveOutErrorOf(done.error)]);
  }
  return reply.redirect(`${personPath(personId)}?fraflytning=${done.value.expectedDate}`, 303);
}

/** Why something about a citizen could not be done (`title`), with the way back to the citizen. */
function refusalPage(web: WebActor, title: string, personId: string, error: DomainError): SafeHtml {
  return page({
    title,
    actor: web,
    main: html`<h1>${title}</h1>
      <p>${error.message.replace(/\.$/, '')}.</p>
      <ul>
        ${error.code !== 'ikke-fundet' && html`<li><a href="${personPath(personId)}">Tilbage til borgeroverblikket</a></li>`}
        <li><a href="/">Gå til forsiden</a></li>
      </ul>`,
  });
}

/**
 * GET /borgere/{id}/udbetalingsspecifikation/{YYYY-MM}[?kommune=]: the month's statement as a PDF, read as
 * the web's caseworker (access-logged by the use case). When more than one municipality paid in the month,
 * `kommune` chooses; else the only one.
 */
async function statement(deps: Deps, web: WebActor, request: FastifyRequest, reply: FastifyReply) {
  const cpr = await cprOf(deps, request);
  const personId = requestText(request.params, 'id');
  const period = requestText(request.params, 'period');
  const refuse = (error: DomainError) =>
    sendPage(
      reply,
      errorCodes[error.code].status,
      refusalPage(web, 'Udbetalingsspecifikationen kan ikke vises', personId, error),
    );
  const found = cpr.ok ? await getPaymentStatements(deps, web.actor, 'web', cpr.value, period) : cpr;
  if (!found.ok) return refuse(found.error);
  const wanted = requestText(request.query, 'kommune');
  const chosen = wanted === '' ? found.value[0] : found.value.find((s) => s.municipality === wanted);
  if (chosen === undefined) {
    return refuse({ code: 'ikke-fundet', message: `Kommunen ${wanted} har ikke udbetalt i ${period}` });
  }
  return reply
    .status(200)
    .type('application/pdf')
    .header('cache-control', 'no-store')
    .header('content-disposition', `inline; filename="udbetalingsspecifikation-${period}.pdf"`)
    .send(chosen.pdf);
}

/** The borgeroverblik plugin for the task types of the registry; registered in src/platform/system.ts. */
export function overviewPages(types: TaskTypes): AppPlugin {
  return async (app, { deps }) => {
    await app.register(fastifyFormbody);
    app.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));
    app.get('/borgere/:id', { schema: { hide: true }, config: { access: 'laes-borger' } }, (request, reply) =>
      overview(deps, types, requireWebActor(request), request, reply),
    );
    app.post(
      '/borgere/:id/opgaver',
      { schema: { hide: true }, config: { access: 'arbejd-opgave' } },
      (request, reply) => start(deps, types, requireWebActor(request), request, reply),
    );
    for (const method of ['GET', 'POST'] as const) {
      app.route({
        method,
        url: moveOutPath(':id'),
        schema: { hide: true },
        config: { access: 'registrer-fraflytning' },
        handler: (request, reply) => moveOut(deps, requireWebActor(request), request, reply),
      });
    }
    app.get(
      '/borgere/:id/udbetalingsspecifikation/:period',
      { schema: { hide: true }, config: { access: 'laes-borger' } },
      (request, reply) => statement(deps, requireWebActor(request), request, reply),
    );
  };
}
