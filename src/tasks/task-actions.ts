/**
 * Running tasks: starting one by hand, creating them from other processes, and every caseworker action on
 * one ("Gå videre", back, skip, undringer, complete/reject/cancel, assign, categories). Each action is one
 * transaction that locks the task, checks the owner and the version the caseworker saw, lets the engine
 * decide, writes the new state with its task events and, when the task completes, what completion does.
 */
import {
  uuidPattern,
  checkText,
  domainError,
  err,
  fail,
  inField,
  localDate,
  ok,
  parseCpr,
  parseUserId,
  quoted,
  type Result,
  personNotFound,
} from '../kernel/index.ts';
import { findPersonByCpr, findPersonSummary, lockPerson } from '../persons/index.ts';
import { actorLabel, type Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import {
  findTask,
  insertTaskEvents,
  listCategories,
  listTaskEvents,
  updateTask,
  type TaskChange,
  type TaskEventRecord,
  type TaskRecord,
} from './db/task.repository.ts';
import {
  advance,
  closeTask,
  dismissQuery,
  goBack,
  resolveQuery,
  skip,
  type Closing,
  type Env,
  type TaskEvent,
  type Transition,
} from './domain/engine.ts';
import { applyCompletion, createTasks } from './task-lifecycle.ts';
import type { TaskType, TaskTypes } from './task-type.ts';
import { taskView, type TaskView } from './task-view.ts';

export type TaskAction =
  | { readonly kind: 'videre'; readonly step: string; readonly input?: unknown }
  | { readonly kind: 'tilbage'; readonly step: string }
  | { readonly kind: 'spring-over'; readonly step: string }
  | { readonly kind: 'loes-undring'; readonly query: string; readonly note: string }
  | { readonly kind: 'afvis-undring'; readonly query: string; readonly note?: string | undefined }
  | { readonly kind: Closing; readonly reason: string }
  | { readonly kind: 'tildel'; readonly assignee: string | null }
  | { readonly kind: 'kategorier'; readonly categories: readonly string[] };

export const taskActionKinds = [
  'videre',
  'tilbage',
  'spring-over',
  'loes-undring',
  'afvis-undring',
  'afslut',
  'afvis',
  'annuller',
  'tildel',
  'kategorier',
] as const satisfies readonly TaskAction['kind'][];

/** The environment the engine decides in: the task's data, the type's current facts, who and when. */
async function envFor(context: UseCaseContext, type: TaskType, task: TaskRecord): Promise<Env> {
  return {
    data: task.data,
    facts: (await type.loadFacts?.(context, task)) ?? {},
    today: localDate(context.now),
    by: actorLabel(context.actor),
    at: context.now.toString(),
  };
}

/** Loads a task for a change: it must exist, and the actor must be a caseworker of the owning municipality. */
async function loadForChange(context: UseCaseContext, id: string): Promise<Result<TaskRecord>> {
  if (!uuidPattern.test(id)) return fail('ugyldigt-input', 'Ugyldigt opgave-id', 'id');
  const task = await findTask(context.tx, id, true);
  if (task === undefined) return fail('ikke-fundet', 'Opgaven findes ikke', 'id');
  if (!(await context.mayRead(task.personId, 'opgave')))
    return fail('ikke-fundet', 'Opgaven findes ikke', 'id');
  const actor = context.actor;
  if (actor.kind === 'bruger' && actor.municipality !== task.municipality) {
    return fail(
      'ikke-ejer',
      `Opgaven tilhører kommune ${task.municipality}; kun dens sagsbehandlere kan handle på den`,
    );
  }
  return ok(task);
}

async function decide(
  context: UseCaseContext,
  type: TaskType,
  task: TaskRecord,
  action: TaskAction,
): Promise<Result<{ change: TaskChange; events: readonly TaskEvent[]; completed: boolean }>> {
  const fromTransition = (t: Result<Transition>) =>
    t.ok ? ok({ change: { state: t.value.state }, events: t.value.events, completed: t.value.completed }) : t;
  if (action.kind === 'tildel' || action.kind === 'kategorier') {
    if (task.status !== 'aaben')
      return fail('opgave-lukket', `Opgaven er lukket (${task.status}) og kan ikke ændres`);
    return action.kind === 'tildel'
      ? assign(task, action.assignee)
      : categorize(context, task, action.categories);
  }
  const bounded = checkActionText(action);
  if (!bounded.ok) return bounded;
  const env = await envFor(context, type, task);
  switch (action.kind) {
    case 'videre':
      return fromTransition(advance(type, task.state, action.step, action.input, env));
    case 'tilbage':
      return fromTransition(goBack(type, task.state, action.step, env));
    case 'spring-over':
      return fromTransition(skip(type, task.state, action.step, env));
    case 'loes-undring':
      return fromTransition(resolveQuery(task.state, action.query, action.note, env));
    case 'afvis-undring':
      return fromTransition(dismissQuery(task.state, action.query, action.note ?? '', env));
    case 'afslut':
    case 'afvis':
    case 'annuller':
      return fromTransition(closeTask(type, task.state, action.kind, action.reason, env));
  }
}

/** The texts of an action within their bounds (docs/robustness.md), whoever calls: API, page or CLI. */
function checkActionText(action: TaskAction): Result<unknown> {
  switch (action.kind) {
    case 'videre':
    case 'tilbage':
    case 'spring-over':
      return checkText(action.step, 'key', 'step');
    case 'loes-undring':
    case 'afvis-undring': {
      const query = checkText(action.query, 'key', 'query');
      return query.ok && action.note !== undefined ? checkText(action.note, 'text', 'note') : query;
    }
    case 'afslut':
    case 'afvis':
    case 'annuller':
      return checkText(action.reason, 'text', 'reason');
    case 'tildel':
    case 'kategorier':
      return ok(undefined);
  }
}

function assign(task: TaskRecord, assignee: string | null) {
  const to = assignee?.trim() ?? null;
  if (to === '') return fail('ugyldigt-input', 'Angiv en bruger, eller fjern tildelingen', 'assignee');
  if (to !== null) {
    const user = parseUserId(to, 'assignee');
    if (!user.ok) return user;
  }
  return ok({
    change: { assignee: to },
    events: [{ type: 'opgave-tildelt' as const, step: null, data: { from: task.assignee, to } }],
    completed: false,
  });
}

async function categorize(context: UseCaseContext, task: TaskRecord, categories: readonly string[]) {
  const known = new Set((await listCategories(context.tx, task.municipality)).map((c) => c.key));
  const unknown = categories.findIndex((key) => !known.has(key));
  if (unknown !== -1) {
    return fail(
      'ukendt-kategori',
      `Kommune ${task.municipality} har ingen opgavekategori ${quoted(String(categories[unknown]))}`,
      `categories.${String(unknown)}`,
    );
  }
  const to = [...new Set(categories)].sort();
  return ok({
    change: { categories: to },
    events: [{ type: 'opgavekategorier-aendret' as const, step: null, data: { from: task.categories, to } }],
    completed: false,
  });
}

/** A conflict: the task changed since the caseworker saw it; the error carries the task as it is now. */
async function conflict(context: UseCaseContext, types: TaskTypes, task: TaskRecord) {
  const fresh = (await findTask(context.tx, task.id)) ?? task;
  return err(
    domainError(
      'konflikt',
      `Opgaven er ændret af en anden (version ${String(fresh.version)}); se den igen og prøv på ny`,
      'version',
      { task: taskView(types, fresh) },
    ),
  );
}

export interface ActionOutcome {
  readonly task: TaskView;
  /** What completing the task did, when this action completed it. */
  readonly effects: Readonly<Record<string, unknown>> | null;
}

/** One action on a task inside the caller's transaction, against the version the actor saw. */
export async function applyTaskAction(
  context: UseCaseContext,
  types: TaskTypes,
  id: string,
  version: number | undefined,
  action: TaskAction,
): Promise<Result<ActionOutcome>> {
  const loaded = await loadForChange(context, id);
  if (!loaded.ok) return loaded;
  const task = loaded.value;
  if (version !== undefined && version !== task.version) return conflict(context, types, task);
  const type = types.get(task.type);
  if (!type.ok) return type;
  const decided = await decide(context, type.value, task, action);
  if (!decided.ok) return decided;
  const { change, events, completed } = decided.value;
  const newVersion = await updateTask(context.tx, task, change, context.now);
  if (newVersion === undefined) return conflict(context, types, task);
  await insertTaskEvents(context.tx, task.id, events, context.now, actorLabel(context.actor));
  const updated = (await findTask(context.tx, task.id)) as TaskRecord;
  if (action.kind === 'videre' && type.value.onStep !== undefined) {
    const input = updated.state.steps.find((step) => step.key === action.step)?.input ?? {};
    const stepped = await type.value.onStep(context, updated, action.step, input);
    if (!stepped.ok) return stepped;
  }
  const effects = completed ? await applyCompletion(context, type.value, updated) : ok(null);
  if (!effects.ok) return effects;
  return ok({ task: taskView(types, updated), effects: effects.value });
}

/** One action on a task by a caseworker (or the system), in a transaction of its own. */
export function actOnTask(
  deps: Deps,
  types: TaskTypes,
  actor: Actor,
  channel: Channel,
  id: string,
  version: number | undefined,
  action: TaskAction,
): Promise<Result<ActionOutcome>> {
  return runUseCase(deps, actor, channel, 'arbejd-opgave', (context) =>
    applyTaskAction(context, types, id, version, action),
  );
}

export interface StartTaskInput {
  readonly type: string;
  readonly cpr: string;
  readonly data?: Readonly<Record<string, unknown>> | undefined;
}

/** A caseworker starts a task by hand for a citizen; it belongs to the caseworker's municipality. */
export function startTask(
  deps: Deps,
  types: TaskTypes,
  actor: Actor,
  channel: Channel,
  input: StartTaskInput,
): Promise<Result<TaskView>> {
  return runUseCase(deps, actor, channel, 'arbejd-opgave', async (context) => {
    if (actor.kind !== 'bruger' || actor.municipality === null) {
      return fail('ikke-godkendt', 'Kun en sagsbehandler i en kommune kan starte en opgave');
    }
    const type = types.get(input.type);
    if (!type.ok) return type;
    if (!type.value.startableByHand) {
      return fail(
        'kan-ikke-startes',
        `"${type.value.name}" oprettes af systemet og kan ikke startes manuelt`,
        'type',
      );
    }
    const cpr = inField(parseCpr(input.cpr), 'cpr');
    if (!cpr.ok) return cpr;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined || !(await context.mayRead(person.id, 'opgave:start'))) return personNotFound();
    await lockPerson(context.tx, person.id);
    const allowed = await type.value.mayStart?.(context, {
      personId: person.id,
      municipality: actor.municipality,
      cprSubscription: person.cprSubscription,
    });
    if (allowed && !allowed.ok) return allowed;
    const prepared = type.value.onStart
      ? await type.value.onStart(context, {
          personId: person.id,
          municipality: actor.municipality,
          data: input.data ?? {},
        })
      : ok({ caseId: null, data: input.data ?? {} });
    if (!prepared.ok) return prepared;
    const created = await createTasks(context, types, person.id, [
      {
        type: input.type,
        municipality: actor.municipality,
        caseId: prepared.value.caseId,
        data: prepared.value.data,
      },
    ]);
    if (!created.ok) return inField(created, 'data');
    return ok(taskView(types, (await findTask(context.tx, created.value[0] as string)) as TaskRecord));
  });
}

export interface TaskDetails {
  readonly task: TaskView;
  readonly personId: string;
  readonly cpr: string;
  readonly personName: string;
  readonly events: readonly TaskEventRecord[];
}

/** A task with its transitions; any caseworker may read it (the read is logged), only the owner act. */
export function getTask(deps: Deps, types: TaskTypes, actor: Actor, channel: Channel, id: string) {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context): Promise<Result<TaskDetails>> => {
    if (!uuidPattern.test(id)) return fail('ugyldigt-input', 'Ugyldigt opgave-id', 'id');
    const task = await findTask(context.tx, id);
    if (task === undefined || !(await context.mayRead(task.personId, 'opgave:vis'))) {
      return fail('ikke-fundet', 'Opgaven findes ikke', 'id');
    }
    const person = await findPersonSummary(context.tx, task.personId);
    return ok({
      task: taskView(types, task),
      personId: task.personId,
      cpr: person?.cpr ?? '',
      personName: person?.name ?? '',
      events: await listTaskEvents(context.tx, id),
    });
  });
}
