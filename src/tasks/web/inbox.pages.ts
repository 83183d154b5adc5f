/**
 * The caseworkers' inbox page (GET /opgaver, and POST /opgaver for a filter with a CPR number, which never
 * goes into an address), server-rendered with DKFDS through the same use cases as the API (channel `web`).
 * Its forms: the assignment of the chosen tasks (POST /opgaver/tildeling) and the saved filters (POST
 * /opgaver/filtre, POST /opgaver/filtre/:id/slet); each returns to the inbox with a message after a change,
 * and shows the inbox again with the refusal at its field when nothing was changed.
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorCodes, localDate, type DomainError } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { sendErrorPage } from '../../platform/web/error-pages.ts';
import { requestText } from '../../platform/web/form.ts';
import { sendPage } from '../../platform/web/layout.ts';
import { requireWebActor, type WebActor } from '../../platform/web/web-actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import type { TaskCategory } from '../db/task.repository.ts';
import { listInbox, listTaskCategories } from '../inbox.ts';
import {
  assignTasks,
  countInbox,
  deleteInboxFilter,
  listInboxFilters,
  saveInboxFilter,
} from '../inbox-work.ts';
import type { TaskTypes } from '../task-type.ts';
import {
  bulkPath,
  choiceId,
  deleteFilterPath,
  filterErrorOf,
  inboxPage,
  inboxPath,
  inboxUrl,
  readFilters,
  savedFiltersPath,
  toInboxQuery,
  type FilterError,
  type InboxFilters,
  type WorkForm,
} from './inbox-page.ts';

/** The municipality's task categories, for the filters and the task page; none when they cannot be read. */
export async function categoriesOf(deps: Deps, web: WebActor): Promise<TaskCategory[]> {
  const found = await listTaskCategories(deps, web.actor, 'web');
  return found.ok ? found.value : [];
}

/** The messages a change leaves in the address (`besked`) for the inbox it returns to. */
const notices: Readonly<Record<string, (n: string) => string>> = {
  tildelt: (n) => `${n} ${n === '1' ? 'opgave er' : 'opgaver er'} tildelt.`,
  fjernet: (n) => `Tildelingen er fjernet fra ${n} ${n === '1' ? 'opgave' : 'opgaver'}.`,
  gemt: () => 'Filteret er gemt.',
  slettet: () => 'Filteret er slettet.',
};

function noticeOf(query: unknown): string | undefined {
  const [kind = '', count = ''] = requestText(query, 'besked').split('-');
  const notice = notices[kind];
  return notice === undefined || (count !== '' && !/^\d{1,3}$/.test(count)) ? undefined : notice(count);
}

/** An inbox address with a message added. */
function withNotice(address: string, notice: string): string {
  return `${address}${address.includes('?') ? '&' : '?'}besked=${notice}`;
}

interface Extra {
  readonly workErrors?: readonly FilterError[];
  readonly posted?: Partial<WorkForm>;
  readonly notice?: string | undefined;
  /** The status of a refusal the page shows; 200 otherwise. */
  readonly status?: number;
}

/** The inbox with these filters, its counts and the caseworker's saved filters. */
async function showInbox(
  deps: Deps,
  types: TaskTypes,
  web: WebActor,
  reply: FastifyReply,
  filters: InboxFilters,
  extra: Extra = {},
) {
  const categories = await categoriesOf(deps, web);
  const counts = await countInbox(deps, web.actor, 'web');
  const saved = await listInboxFilters(deps, web.actor, 'web');
  const base = {
    web,
    types,
    categories,
    filters,
    today: localDate(deps.clock.now()),
    counts: counts.ok ? counts.value : undefined,
    savedFilters: saved.ok ? saved.value : [],
    ...(extra.workErrors === undefined ? {} : { workErrors: extra.workErrors }),
    ...(extra.posted === undefined ? {} : { posted: extra.posted }),
    ...(extra.notice === undefined ? {} : { notice: extra.notice }),
  };
  const checked = toInboxQuery(filters, types);
  if (!checked.ok) return sendPage(reply, 400, inboxPage({ ...base, result: { errors: checked.errors } }));
  const found = await listInbox(deps, types, web.actor, 'web', checked.query);
  if (!found.ok) {
    const status = errorCodes[found.error.code].status;
    return sendPage(reply, status, inboxPage({ ...base, result: { errors: [filterErrorOf(found.error)] } }));
  }
  return sendPage(reply, extra.status ?? 200, inboxPage({ ...base, result: { page: found.value } }));
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
  return showInbox(deps, types, web, reply, filters, {
    notice: posted ? undefined : noticeOf(request.query),
  });
}

/** The inbox address a form returns to: an inbox address of this site, else the inbox. */
function returnAddress(body: unknown): string {
  const address = requestText(body, 'tilbage');
  return /^\/opgaver(\?[^#\s]*)?$/.test(address) ? address : inboxPath;
}

/** The filters of an inbox address. */
function filtersOf(address: string): InboxFilters {
  return readFilters(Object.fromEntries(new URLSearchParams(address.split('?')[1] ?? '')));
}

/** The posted values of a field that may be repeated. */
function postedAll(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  const all = Array.isArray(value) ? value : [value];
  return all.filter((v): v is string => typeof v === 'string');
}

/** A refusal of the bulk assignment at the field it names: a task's checkbox, or the assignee. */
function assignmentError(error: DomainError, chosen: readonly { id: string }[]): FilterError {
  const field = error.field ?? '';
  const task = /^tasks\.(\d+)/.exec(field);
  if (task !== null) {
    const id = chosen[Number(task[1])]?.id;
    if (id !== undefined) return { fieldId: choiceId(id), message: error.message };
  }
  if (field === 'assignee') return { fieldId: 'tildel-bruger', message: error.message };
  return { message: error.message };
}

/** POST /opgaver/tildeling: assigns the chosen tasks, all or none. */
async function assign(
  deps: Deps,
  types: TaskTypes,
  web: WebActor,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const body = request.body;
  const address = returnAddress(body);
  const chosenValues = postedAll(body, 'opgave');
  const chosen = chosenValues.map((value) => {
    const [id = '', version = ''] = value.split(':');
    return { id, version: /^\d{1,9}$/.test(version) ? Number(version) : -1 };
  });
  const assignTo = requestText(body, 'tildel');
  const assignUser = requestText(body, 'tildel-bruger').trim();
  const posted: Partial<WorkForm> = { chosen: chosen.map((c) => c.id), assignTo, assignUser };
  const refuse = (errors: FilterError[], status: number) =>
    showInbox(deps, types, web, reply, filtersOf(address), { workErrors: errors, posted, status });
  if (chosen.length === 0) return refuse([{ message: 'Vælg mindst én opgave i tabellen' }], 400);
  if (!['mig', 'bruger', 'ingen'].includes(assignTo)) {
    return refuse([{ fieldId: 'tildel-mig', message: 'Vælg, hvem opgaverne skal tildeles' }], 400);
  }
  if (assignTo === 'bruger' && assignUser === '') {
    return refuse([{ fieldId: 'tildel-bruger', message: 'Skriv brugerens id, fx sb101' }], 400);
  }
  const assignee = assignTo === 'mig' ? web.userId : assignTo === 'ingen' ? null : assignUser;
  const done = await assignTasks(deps, types, web.actor, 'web', { tasks: chosen, assignee });
  if (!done.ok) {
    return refuse([assignmentError(done.error, chosen)], errorCodes[done.error.code].status);
  }
  const notice = `${assignee === null ? 'fjernet' : 'tildelt'}-${String(done.value.length)}`;
  return reply.redirect(withNotice(address, notice), 303);
}

/** POST /opgaver/filtre: saves the filter shown under a name. */
async function save(
  deps: Deps,
  types: TaskTypes,
  web: WebActor,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const body = request.body;
  const query = requestText(body, 'filter');
  const name = requestText(body, 'filternavn');
  const saved = await saveInboxFilter(deps, web.actor, 'web', { name, query });
  if (!saved.ok) {
    const fieldId = saved.error.field === 'name' ? 'filternavn' : undefined;
    return showInbox(deps, types, web, reply, filtersOf(`?${query}`), {
      workErrors: [
        fieldId === undefined ? { message: saved.error.message } : { fieldId, message: saved.error.message },
      ],
      posted: { filterName: name },
      status: errorCodes[saved.error.code].status,
    });
  }
  const address = saved.value.query === '' ? inboxPath : `${inboxPath}?${saved.value.query}`;
  return reply.redirect(withNotice(address, 'gemt'), 303);
}

/** POST /opgaver/filtre/:id/slet: deletes one of the caseworker's saved filters. */
async function remove(
  deps: Deps,
  types: TaskTypes,
  web: WebActor,
  request: FastifyRequest<{ Params: { id: string } }>,
  reply: FastifyReply,
) {
  const deleted = await deleteInboxFilter(deps, web.actor, 'web', request.params.id);
  if (!deleted.ok) {
    return showInbox(deps, types, web, reply, readFilters({}), {
      workErrors: [{ message: deleted.error.message }],
      status: errorCodes[deleted.error.code].status,
    });
  }
  return reply.redirect(withNotice(inboxPath, 'slettet'), 303);
}

/** The inbox plugin for the task types of the registry; registered in src/platform/system.ts. */
export function inboxPages(types: TaskTypes): AppPlugin {
  return async (app, { deps }) => {
    await app.register(fastifyFormbody);
    app.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));
    const read = { schema: { hide: true }, config: { access: 'laes-indbakke' as const } };
    app.get(inboxPath, read, (request, reply) =>
      inbox(deps, types, requireWebActor(request), request, reply),
    );
    app.post(inboxPath, read, (request, reply) =>
      inbox(deps, types, requireWebActor(request), request, reply),
    );
    app.post(bulkPath, { schema: { hide: true }, config: { access: 'arbejd-opgave' } }, (request, reply) =>
      assign(deps, types, requireWebActor(request), request, reply),
    );
    app.post(savedFiltersPath, read, (request, reply) =>
      save(deps, types, requireWebActor(request), request, reply),
    );
    app.post<{ Params: { id: string } }>(deleteFilterPath(':id'), read, (request, reply) =>
      remove(deps, types, requireWebActor(request), request, reply),
    );
  };
}
