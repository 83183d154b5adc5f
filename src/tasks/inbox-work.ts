/**
 * The inbox's work tools as use cases: the counts per status and type with "Mine" and "Ufordelte", the
 * assignment of many tasks at once, and a caseworker's saved filters.
 */
import {
  uuidPattern,
  checkText,
  domainError,
  err,
  fail,
  ok,
  parseUserId,
  type DomainError,
  type Result,
} from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import {
  countByStatusAndType,
  countOpenByAssignee,
  deleteSavedFilter,
  insertSavedFilter,
  listSavedFilters,
  type SavedFilterRecord,
  type TypeStatusCount,
} from './db/inbox-extras.repository.ts';
import { taskStatuses, type TaskStatus } from './domain/task.ts';
import { applyTaskAction } from './task-actions.ts';
import type { TaskTypes } from './task-type.ts';
import type { TaskView } from './task-view.ts';

/** The caseworker and their municipality; the inbox exists only for a caseworker of one. */
function caseworkerOf(actor: Actor): Result<{ municipality: string; userId: string }> {
  if (actor.kind !== 'bruger' || actor.municipality === null) {
    return fail('ikke-godkendt', 'Opgaveindbakken kræver en sagsbehandler i en kommune');
  }
  return ok({ municipality: actor.municipality, userId: actor.userId });
}

export interface InboxCounts {
  /** Every status with the municipality's tasks in it (0 included). */
  readonly statuses: readonly { readonly status: TaskStatus; readonly count: number }[];
  /** The municipality's tasks per status and type (only the pairs it has). */
  readonly types: readonly TypeStatusCount[];
  /** Open tasks assigned to the caseworker. */
  readonly mine: number;
  /** Open tasks assigned to no one. */
  readonly unassigned: number;
}

/**
 * The counts of the caseworker's municipality's tasks, whatever the inbox's filter: per status, per status
 * and type, and the open tasks that are the caseworker's and no one's. The whole municipality, not the
 * filter: the counts answer "how much work is there, and where", and stay the same while the caseworker
 * filters, so they can be compared and trusted (a count that shrank with each filter would look like work
 * done). Each links to the inbox with that status or type, which then shows exactly that many tasks.
 * Exact, and cheap: kept per status and type by the database (migration 0020), not counted per request.
 */
export function countInbox(deps: Deps, actor: Actor, channel: Channel): Promise<Result<InboxCounts>> {
  return runUseCase(deps, actor, channel, 'laes-indbakke', async (context) => {
    const who = caseworkerOf(actor);
    if (!who.ok) return who;
    const types = await countByStatusAndType(context.tx, who.value.municipality);
    const statuses = taskStatuses.map((status) => ({
      status,
      count: types.filter((t) => t.status === status).reduce((sum, t) => sum + t.count, 0),
    }));
    const open = await countOpenByAssignee(context.tx, who.value.municipality, who.value.userId);
    return ok({ statuses, types, ...open });
  });
}

export const MAX_BULK_TASKS = 200;

export interface BulkAssignment {
  /** The tasks with the version the caseworker saw each at. */
  readonly tasks: readonly { readonly id: string; readonly version: number }[];
  /** The user to assign them to; null removes the assignment. */
  readonly assignee: string | null;
}

/** A refusal of one task as the refusal of them all, naming the task. */
function refusalOf(
  error: DomainError,
  index: number,
  count: number,
  id: string,
  types: TaskTypes,
): DomainError {
  const seen = (error.details as { task?: TaskView } | undefined)?.task;
  const type = seen === undefined ? undefined : types.get(seen.type);
  const name = type?.ok === true ? `"${type.value.name}" (${id})` : id;
  const reason = error.message.replace(/[.\s]+$/, '');
  return domainError(
    error.code,
    `Opgave ${String(index + 1)} af ${String(count)}, ${name}, kunne ikke tildeles: ${reason}. Ingen af opgaverne er tildelt.`,
    `tasks.${String(index)}`,
    { ...(error.details ?? {}), taskId: id },
  );
}

/**
 * Assigns many tasks to a user, or removes their assignment, in one transaction: each task as the single
 * "Tildel" action does it (owner, version the caseworker saw, open), and either every task is assigned
 * or none is; the refusal names the task that failed.
 */
export function assignTasks(
  deps: Deps,
  types: TaskTypes,
  actor: Actor,
  channel: Channel,
  assignment: BulkAssignment,
): Promise<Result<TaskView[]>> {
  return runUseCase(deps, actor, channel, 'arbejd-opgave', async (context) => {
    const who = caseworkerOf(actor);
    if (!who.ok) return who;
    const { tasks, assignee } = assignment;
    if (tasks.length === 0) return fail('ugyldigt-input', 'Vælg mindst én opgave', 'tasks');
    if (tasks.length > MAX_BULK_TASKS) {
      return fail('ugyldigt-input', `Vælg højst ${String(MAX_BULK_TASKS)} opgaver ad gangen`, 'tasks');
    }
    const twice = tasks.findIndex((task, i) => tasks.findIndex((t) => t.id === task.id) !== i);
    if (twice !== -1) {
      return fail(
        'ugyldigt-input',
        `Opgaven ${tasks[twice]?.id ?? ''} er valgt to gange`,
        `tasks.${String(twice)}`,
      );
    }
    if (assignee !== null) {
      const user = parseUserId(assignee.trim(), 'assignee');
      if (!user.ok) return user;
    }
    const done: TaskView[] = [];
    for (const [i, task] of tasks.entries()) {
      const assigned = await applyTaskAction(context, types, task.id, task.version, {
        kind: 'tildel',
        assignee: assignee?.trim() ?? null,
      });
      if (!assigned.ok) return err(refusalOf(assigned.error, i, tasks.length, task.id, types));
      done.push(assigned.value.task);
    }
    return ok(done);
  });
}

export const MAX_SAVED_FILTER_NAME = 60;
const MAX_SAVED_FILTERS = 50;

/**
 * The parameters of the inbox's address a saved filter keeps: never `cpr` (a CPR number never goes in an
 * address or a saved filter), nor the page cursor.
 */
export const savedFilterParameters = [
  'type',
  'status',
  'kategori',
  'tildelt',
  'bruger',
  'frist-foer',
  'med-undring',
  'sortering',
] as const;

/** The address query with only the kept parameters, each bounded, in a fixed order. */
export function savedFilterQuery(query: string): Result<string> {
  const given = new URLSearchParams(query);
  const kept = new URLSearchParams();
  for (const name of savedFilterParameters) {
    for (const value of given.getAll(name)) {
      const bounded = checkText(value, 'key', 'query');
      if (!bounded.ok) return bounded;
      if (value.trim() !== '') kept.append(name, value.trim());
    }
  }
  return ok(kept.toString());
}

export type SavedFilter = SavedFilterRecord;

/** The caseworker's saved filters, by name. */
export function listInboxFilters(deps: Deps, actor: Actor, channel: Channel): Promise<Result<SavedFilter[]>> {
  return runUseCase(deps, actor, channel, 'laes-indbakke', async (context) => {
    const who = caseworkerOf(actor);
    if (!who.ok) return who;
    return ok(await listSavedFilters(context.tx, who.value.municipality, who.value.userId));
  });
}

/** Saves the inbox's filter (its address query) under a name of the caseworker's own. */
export function saveInboxFilter(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  input: { readonly name: string; readonly query: string },
): Promise<Result<SavedFilter>> {
  return runUseCase(deps, actor, channel, 'laes-indbakke', async (context) => {
    const who = caseworkerOf(actor);
    if (!who.ok) return who;
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (name === '') return fail('ugyldigt-input', 'Giv filteret et navn', 'name');
    if (name.length > MAX_SAVED_FILTER_NAME) {
      return fail('ugyldigt-input', `Navnet må højst være ${String(MAX_SAVED_FILTER_NAME)} tegn`, 'name');
    }
    const bounded = checkText(name, 'line', 'name');
    if (!bounded.ok) return bounded;
    const query = savedFilterQuery(input.query);
    if (!query.ok) return query;
    const existing = await listSavedFilters(context.tx, who.value.municipality, who.value.userId);
    if (existing.length >= MAX_SAVED_FILTERS) {
      return fail(
        'ugyldigt-input',
        `Du kan højst gemme ${String(MAX_SAVED_FILTERS)} filtre; slet et først`,
        'name',
      );
    }
    const saved = await insertSavedFilter(context.tx, {
      ...who.value,
      name,
      query: query.value,
      now: context.now.toString(),
    });
    if (saved === undefined) {
      return fail('konflikt', `Du har allerede et filter, der hedder "${name}"`, 'name');
    }
    return ok(saved);
  });
}

/** Deletes one of the caseworker's saved filters. */
export function deleteInboxFilter(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  id: string,
): Promise<Result<void>> {
  return runUseCase(deps, actor, channel, 'laes-indbakke', async (context) => {
    const who = caseworkerOf(actor);
    if (!who.ok) return who;
    const gone =
      uuidPattern.test(id) &&
      (await deleteSavedFilter(context.tx, who.value.municipality, who.value.userId, id));
    if (!gone) return fail('ikke-fundet', 'Filteret findes ikke', 'id');
    return ok(undefined);
  });
}
