/**
 * The one way a task comes into being and the one way its completion takes effect (ADR 0016). Every caller
 * goes through these: a process creating follow-ups (`createTasks`), a caseworker starting a task, the
 * 04:00 run (which writes the prepared rows in its own single statement), a caseworker's action and a
 * release restart (`applyCompletion`).
 */
import type { Temporal } from 'temporal-polyfill';
import { inField, localDate, ok, type Result } from '../kernel/index.ts';
import { actorLabel } from '../platform/actor.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import {
  findTask,
  insertTaskEvents,
  insertTaskRows,
  taskRows,
  type TaskRecord,
  type TaskRows,
} from './db/task.repository.ts';
import { decideNewTask, type TaskRequest } from './domain/task.ts';
import type { TaskType, TaskTypes } from './task-type.ts';

/** New tasks decided and built as rows, ready for one insert, with what their creation completes. */
export interface PreparedTasks {
  /** The new tasks' ids, in the order of the requests. */
  readonly ids: readonly string[];
  /** The `tasks` and `task_events` rows (`jsonb_to_recordset` shape). */
  readonly rows: TaskRows;
  /** The tasks that ran through by themselves at once and whose type does something on completion. */
  readonly completions: readonly { readonly id: string; readonly type: TaskType }[];
}

/**
 * Decides each requested task against its type in the registry (data checked, run as far as it goes by
 * itself, due date) and builds its rows and creation events. A refusal names the request's field
 * (`tasks.<i>.type`, `tasks.<i>.…`).
 */
export function prepareNewTasks(
  types: TaskTypes,
  personId: string,
  requests: readonly TaskRequest[],
  now: Temporal.Instant,
  by: string,
): Result<PreparedTasks> {
  const env = { by, at: now.toString(), today: localDate(now) };
  const decided = [];
  for (const [i, request] of requests.entries()) {
    const type = types.get(request.type, `tasks.${String(i)}.type`);
    if (!type.ok) return type;
    const task = inField(decideNewTask(type.value, request, env), `tasks.${String(i)}`);
    if (!task.ok) return task;
    decided.push({ type: type.value, task: task.value });
  }
  const rows = taskRows(
    personId,
    decided.map((d) => d.task),
    now,
    by,
  );
  const ids = rows.tasks.map((row) => row['id'] as string);
  const completions = decided.flatMap(({ type, task }, i) =>
    task.state.status === 'afsluttet' && type.onComplete !== undefined
      ? [{ id: ids[i] as string, type }]
      : [],
  );
  return ok({ ids, rows, completions });
}

/** Applies what completing does and records it on the task (`opgave-virkning`); a refusal rolls back. */
export async function applyCompletion(
  context: UseCaseContext,
  type: TaskType,
  task: TaskRecord,
): Promise<Result<Readonly<Record<string, unknown>> | null>> {
  if (type.onComplete === undefined) return ok(null);
  const effects = await type.onComplete(context, task);
  if (!effects.ok) return effects;
  await insertTaskEvents(
    context.tx,
    task.id,
    [{ type: 'opgave-virkning', step: null, data: effects.value }],
    context.now,
    actorLabel(context.actor),
  );
  return effects;
}

/** After the prepared rows are stored: the completion of every task that completed as it was created. */
export async function completeNewTasks(
  context: UseCaseContext,
  prepared: PreparedTasks,
): Promise<Result<void>> {
  for (const { id, type } of prepared.completions) {
    const effects = await applyCompletion(context, type, (await findTask(context.tx, id)) as TaskRecord);
    if (!effects.ok) return effects;
  }
  return ok(undefined);
}

/**
 * Creates tasks for a person from another process, in that process's transaction: prepared, stored in one
 * insert, and completed where they completed at once.
 */
export async function createTasks(
  context: UseCaseContext,
  types: TaskTypes,
  personId: string,
  requests: readonly TaskRequest[],
): Promise<Result<string[]>> {
  const prepared = prepareNewTasks(types, personId, requests, context.now, actorLabel(context.actor));
  if (!prepared.ok) return prepared;
  await insertTaskRows(context.tx, prepared.value.rows);
  const completed = await completeNewTasks(context, prepared.value);
  if (!completed.ok) return completed;
  return ok([...prepared.value.ids]);
}
