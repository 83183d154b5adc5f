/**
 * The inbox (opgaveindbakke) and task categories as use cases: a caseworker sees and sorts their own
 * municipality's tasks, a page at a time; categories are the municipality's own labels, set and cleared
 * on tasks by hand. Every citizen shown in the inbox is an access-logged read.
 */
import {
  checkText,
  fail,
  inField,
  ok,
  parseCpr,
  parseDate,
  parseUserId,
  quoted,
  type Result,
} from '../kernel/index.ts';
import { findPersonByCpr } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import {
  inboxSorts,
  queryInbox,
  type InboxFilter,
  type InboxPage,
  type InboxSort,
} from './db/inbox.repository.ts';
import { insertCategory, listCategories, type TaskCategory } from './db/task.repository.ts';
import { taskStatuses } from './domain/task.ts';
import type { TaskTypes } from './task-type.ts';

/** The inbox's filters as they arrive from the API, the pages and the CLI (all optional text). */
export interface InboxQuery {
  readonly status?: readonly string[] | undefined;
  readonly types?: readonly string[] | undefined;
  readonly category?: string | undefined;
  /** A user id, `mig` for the caseworker themself, or `ingen` for unassigned tasks. */
  readonly assignee?: string | undefined;
  readonly cpr?: string | undefined;
  readonly dueBefore?: string | undefined;
  readonly withQueries?: boolean | undefined;
  readonly sort?: string | undefined;
  readonly limit?: number | undefined;
  readonly after?: string | undefined;
}

export const DEFAULT_PAGE = 25;
const MAX_PAGE = 200;

/** The caseworker's municipality; the inbox and categories exist only for a caseworker of one. */
function municipalityOf(actor: Actor): Result<string> {
  if (actor.kind !== 'bruger' || actor.municipality === null) {
    return fail('ikke-godkendt', 'Opgaveindbakken kræver en sagsbehandler i en kommune');
  }
  return ok(actor.municipality);
}

async function toFilter(
  context: UseCaseContext,
  types: TaskTypes,
  municipality: string,
  query: InboxQuery,
): Promise<Result<InboxFilter | 'ingen-borger'>> {
  for (const [i, status] of (query.status ?? []).entries()) {
    if (!(taskStatuses as readonly string[]).includes(status)) {
      return fail(
        'ugyldigt-input',
        `Status skal være en af: ${taskStatuses.join(', ')}`,
        `status.${String(i)}`,
      );
    }
  }
  for (const [i, type] of (query.types ?? []).entries()) {
    const known = types.get(type, `types.${String(i)}`);
    if (!known.ok) return known;
  }
  if (query.after !== undefined) {
    const after = checkText(query.after, 'token', 'after');
    if (!after.ok) return after;
  }
  if (query.category !== undefined) {
    const bounded = checkText(query.category, 'key', 'category');
    if (!bounded.ok) return bounded;
    const categories = await listCategories(context.tx, municipality);
    if (!categories.some((c) => c.key === query.category)) {
      return fail(
        'ukendt-kategori',
        `Kommunen har ingen opgavekategori ${quoted(query.category)}`,
        'category',
      );
    }
  }
  const sort = (query.sort ?? 'oprettet') as InboxSort;
  if (!inboxSorts.includes(sort)) {
    return fail('ugyldigt-input', `Sortering skal være en af: ${inboxSorts.join(', ')}`, 'sort');
  }
  const limit = query.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    return fail('ugyldigt-input', `Sidestørrelsen skal være 1-${String(MAX_PAGE)}`, 'limit');
  }
  if (query.dueBefore !== undefined) {
    const due = inField(parseDate(query.dueBefore), 'dueBefore');
    if (!due.ok) return due;
  }
  let personId: string | undefined;
  if (query.cpr !== undefined) {
    const cpr = inField(parseCpr(query.cpr), 'cpr');
    if (!cpr.ok) return cpr;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    // An unknown CPR number is answered as a known one without tasks here: the filter never tells
    // whether a person exists (each row shown is logged below).
    if (person === undefined) return ok('ingen-borger');
    personId = person.id;
  }
  const actor = context.actor;
  if (query.assignee !== undefined && query.assignee !== 'ingen' && query.assignee !== 'mig') {
    const user = parseUserId(query.assignee, 'assignee');
    if (!user.ok) return user;
  }
  const assignee =
    query.assignee === undefined
      ? undefined
      : query.assignee === 'ingen'
        ? null
        : query.assignee === 'mig' && actor.kind === 'bruger'
          ? actor.userId
          : query.assignee;
  return ok({
    municipality,
    sort,
    limit,
    ...(query.status === undefined || query.status.length === 0 ? {} : { status: query.status }),
    ...(query.types === undefined || query.types.length === 0 ? {} : { types: query.types }),
    ...(query.category === undefined ? {} : { category: query.category }),
    ...(assignee === undefined ? {} : { assignee }),
    ...(personId === undefined ? {} : { personId }),
    ...(query.dueBefore === undefined ? {} : { dueBefore: query.dueBefore }),
    ...(query.withQueries === true ? { withQueries: true } : {}),
    ...(query.after === undefined || query.after === '' ? {} : { after: query.after }),
  });
}

/** A page of the caseworker's municipality's inbox. */
export function listInbox(
  deps: Deps,
  types: TaskTypes,
  actor: Actor,
  channel: Channel,
  query: InboxQuery,
): Promise<Result<InboxPage>> {
  return runUseCase(deps, actor, channel, 'laes-indbakke', async (context) => {
    const municipality = municipalityOf(actor);
    if (!municipality.ok) return municipality;
    const filter = await toFilter(context, types, municipality.value, query);
    if (!filter.ok) return filter;
    if (filter.value === 'ingen-borger') return ok({ rows: [], next: null });
    const page = await queryInbox(context.tx, filter.value);
    if (!page.ok) return page;
    for (const personId of new Set(page.value.rows.map((row) => row.personId))) {
      context.logAccess({ personId, purpose: 'opgaveindbakke' });
    }
    return page;
  });
}

/** The caseworker's municipality's task categories. */
export function listTaskCategories(
  deps: Deps,
  actor: Actor,
  channel: Channel,
): Promise<Result<TaskCategory[]>> {
  return runUseCase(deps, actor, channel, 'laes-indbakke', async (context) => {
    const municipality = municipalityOf(actor);
    if (!municipality.ok) return municipality;
    return ok(await listCategories(context.tx, municipality.value));
  });
}

const categoryKey = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Adds a task category to the caseworker's municipality. */
export function createTaskCategory(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  category: TaskCategory,
): Promise<Result<TaskCategory>> {
  return runUseCase(deps, actor, channel, 'opret-opgavekategori', async (context) => {
    const municipality = municipalityOf(actor);
    if (!municipality.ok) return municipality;
    if (!categoryKey.test(category.key) || category.key.length > 40) {
      return fail(
        'ugyldigt-input',
        'Nøglen skal være små bogstaver, tal og bindestreger (højst 40 tegn)',
        'key',
      );
    }
    const name = category.name.trim();
    if (name === '' || name.length > 80)
      return fail('ugyldigt-input', 'Angiv et navn på højst 80 tegn', 'name');
    const bounded = checkText(name, 'line', 'name');
    if (!bounded.ok) return bounded;
    const added = await insertCategory(
      context.tx,
      municipality.value,
      { key: category.key, name },
      context.now,
    );
    if (!added) return fail('konflikt', `Kommunen har allerede kategorien "${category.key}"`, 'key');
    return ok({ key: category.key, name });
  });
}
