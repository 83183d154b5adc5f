/**
 * The caseworkers' inbox page (GET /opgaver, and POST /opgaver for a filter with a CPR number, which never
 * goes into an address), server-rendered with DKFDS through the same use cases as the API (channel `web`).
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorCodes, localDate } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { sendErrorPage } from '../../platform/web/error-pages.ts';
import { sendPage } from '../../platform/web/layout.ts';
import { requireWebActor, type WebActor } from '../../platform/web/web-actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import type { TaskCategory } from '../db/task.repository.ts';
import { listInbox, listTaskCategories } from '../inbox.ts';
import type { TaskTypes } from '../task-type.ts';
import { filterErrorOf, inboxPage, inboxUrl, readFilters, toInboxQuery } from './inbox-page.ts';

/** The municipality's task categories, for the filters and the task page; none when they cannot be read. */
export async function categoriesOf(deps: Deps, web: WebActor): Promise<TaskCategory[]> {
  const found = await listTaskCategories(deps, web.actor, 'web');
  return found.ok ? found.value : [];
}

/** GET /opgaver: the inbox with the filters of the address. */
async function inbox(
  deps: Deps,
  types: TaskTypes,
  web: WebActor,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  // The filter form is posted; without a CPR number it is shown at its address (to keep, to share).
  const posted = request.method === 'POST';
  const filters = readFilters(posted ? request.body : request.query);
  if (posted && filters.cpr === '') return reply.redirect(inboxUrl(filters, filters.efter || undefined), 303);
  const categories = await categoriesOf(deps, web);
  const base = { web, types, categories, filters, today: localDate(deps.clock.now()) };
  const checked = toInboxQuery(filters, types);
  if (!checked.ok) return sendPage(reply, 400, inboxPage({ ...base, result: { errors: checked.errors } }));
  const found = await listInbox(deps, types, web.actor, 'web', checked.query);
  if (!found.ok) {
    const status = errorCodes[found.error.code].status;
    return sendPage(reply, status, inboxPage({ ...base, result: { errors: [filterErrorOf(found.error)] } }));
  }
  return sendPage(reply, 200, inboxPage({ ...base, result: { page: found.value } }));
}

/** The inbox plugin for the task types of the registry; registered in src/platform/system.ts. */
export function inboxPages(types: TaskTypes): AppPlugin {
  return async (app, { deps }) => {
    await app.register(fastifyFormbody);
    app.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));
    app.get('/opgaver', { schema: { hide: true }, config: { access: 'laes-indbakke' } }, (request, reply) =>
      inbox(deps, types, requireWebActor(request), request, reply),
    );
    app.post('/opgaver', { schema: { hide: true }, config: { access: 'laes-indbakke' } }, (request, reply) =>
      inbox(deps, types, requireWebActor(request), request, reply),
    );
  };
}
