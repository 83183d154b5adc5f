/** Tasks, their events and the municipalities' task categories in PostgreSQL. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { MunicipalityCode } from '../../kernel/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { StatementPart } from '../../platform/db/statement-parts.ts';
import {
  currentStepKey,
  openQueries,
  type QueryState,
  type StepState,
  type TaskEvent,
  type TaskState,
} from '../domain/engine.ts';
import type { NewTask, TaskStatus } from '../domain/task.ts';

export interface TaskRecord {
  readonly id: string;
  readonly type: string;
  readonly personId: string;
  readonly caseId: string | null;
  readonly municipality: MunicipalityCode;
  readonly status: TaskStatus;
  readonly data: Readonly<Record<string, unknown>>;
  readonly state: TaskState;
  readonly currentStep: string | null;
  readonly openQueries: number;
  readonly assignee: string | null;
  readonly categories: readonly string[];
  readonly dueOn: string | null;
  readonly createdAt: Temporal.Instant;
  readonly updatedAt: Temporal.Instant;
  readonly closedAt: Temporal.Instant | null;
  readonly closeReason: string | null;
  readonly version: number;
}

export interface TaskEventRecord {
  readonly id: string;
  readonly occurredAt: Temporal.Instant;
  readonly actor: string;
  readonly type: string;
  readonly step: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

const instant = (value: Date): Temporal.Instant => Temporal.Instant.fromEpochMilliseconds(value.getTime());

/** The columns the inbox reads, derived from the state so they never disagree with it. */
export function stateColumns(state: TaskState) {
  return {
    status: state.status,
    steps: JSON.stringify(state.steps),
    queries: JSON.stringify(state.queries),
    current_step: currentStepKey(state),
    open_queries: openQueries(state).length,
    close_reason: state.closeReason,
  };
}

/** New tasks and their events as rows for a set-based insert (`jsonb_to_recordset`). */
export interface TaskRows {
  readonly tasks: readonly Record<string, unknown>[];
  readonly events: readonly Record<string, unknown>[];
}

/**
 * New tasks as rows, each with a fresh id, and their events: the one builder of a new task's rows, for
 * `insertTaskRows` and for the 04:00 run's single write.
 */
export function taskRows(
  personId: string,
  tasks: readonly NewTask[],
  now: Temporal.Instant,
  actor: string,
): TaskRows {
  const rows: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  for (const task of tasks) {
    const id = randomUUID();
    const columns = stateColumns(task.state);
    rows.push({
      id,
      type: task.type,
      person_id: personId,
      case_id: task.caseId,
      municipality: task.municipality,
      data: task.data,
      ...columns,
      steps: task.state.steps,
      queries: task.state.queries,
      due_on: task.dueOn,
      created_at: now.toString(),
      updated_at: now.toString(),
      closed_at: task.state.status === 'aaben' ? null : now.toString(),
    });
    for (const event of task.events) {
      events.push({ task_id: id, occurred_at: now.toString(), actor, ...event });
    }
  }
  return { tasks: rows, events };
}

/** Stores new tasks with their events, as `taskRows` built them. */
export async function insertTaskRows(tx: Executor, rows: TaskRows): Promise<void> {
  if (rows.tasks.length === 0) return;
  await sql`
    with new_tasks as (
      insert into tasks (id, type, person_id, case_id, municipality, status, data, steps, queries, current_step,
        open_queries, close_reason, due_on, created_at, updated_at, closed_at)
      select id, type, person_id, case_id, municipality, status, data, steps, queries, current_step,
        open_queries, close_reason, due_on, created_at, updated_at, closed_at
      from jsonb_to_recordset(${JSON.stringify(rows.tasks)}::jsonb) as t(id uuid, type text, person_id uuid,
        case_id uuid, municipality text, status text, data jsonb, steps jsonb, queries jsonb, current_step text,
        open_queries smallint, close_reason text, due_on date, created_at timestamptz, updated_at timestamptz,
        closed_at timestamptz)
      returning 1)
    insert into task_events (task_id, occurred_at, actor, type, step, data)
    select task_id, occurred_at, actor, type, step, data
    from jsonb_to_recordset(${JSON.stringify(rows.events)}::jsonb)
      as e(task_id uuid, occurred_at timestamptz, actor text, type text, step text, data jsonb)`.execute(tx);
}

function toRecord(row: {
  id: string;
  type: string;
  person_id: string;
  case_id: string | null;
  municipality: string;
  status: string;
  data: Record<string, unknown>;
  steps: Record<string, unknown>;
  queries: Record<string, unknown>;
  current_step: string | null;
  open_queries: number;
  assignee: string | null;
  categories: string[];
  due_on: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  close_reason: string | null;
  version: number;
}): TaskRecord {
  const status = row.status as TaskStatus;
  return {
    id: row.id,
    type: row.type,
    personId: row.person_id,
    caseId: row.case_id,
    municipality: row.municipality as MunicipalityCode,
    status,
    data: row.data,
    state: {
      status,
      steps: row.steps as unknown as StepState[],
      queries: row.queries as unknown as QueryState[],
      closeReason: row.close_reason,
    },
    currentStep: row.current_step,
    openQueries: row.open_queries,
    assignee: row.assignee,
    categories: row.categories,
    dueOn: row.due_on,
    createdAt: instant(row.created_at),
    updatedAt: instant(row.updated_at),
    closedAt: row.closed_at === null ? null : instant(row.closed_at),
    closeReason: row.close_reason,
    version: row.version,
  };
}

/** A task, locked for the rest of the transaction when `lock` is set. */
export async function findTask(tx: Executor, id: string, lock = false): Promise<TaskRecord | undefined> {
  const query = tx.selectFrom('tasks').selectAll().where('id', '=', id);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

/** A person's tasks across types, oldest first. */
export async function listPersonTasks(tx: Executor, personId: string): Promise<TaskRecord[]> {
  const rows = await tx
    .selectFrom('tasks')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toRecord);
}

export interface TaskChange {
  readonly state?: TaskState;
  readonly assignee?: string | null;
  readonly categories?: readonly string[];
}

/**
 * Writes a change to a task if it still has the version it was read with; returns the new version, or
 * undefined when another change came first (the caller reports a conflict).
 */
export async function updateTask(
  tx: Executor,
  task: TaskRecord,
  change: TaskChange,
  now: Temporal.Instant,
): Promise<number | undefined> {
  const closing = change.state !== undefined && change.state.status !== 'aaben' && task.status === 'aaben';
  const row = await tx
    .updateTable('tasks')
    .set({
      ...(change.state === undefined ? {} : stateColumns(change.state)),
      ...(change.assignee === undefined ? {} : { assignee: change.assignee }),
      ...(change.categories === undefined ? {} : { categories: [...change.categories] }),
      ...(closing ? { closed_at: now.toString() } : {}),
      updated_at: now.toString(),
      version: sql<number>`version + 1`,
    })
    .where('id', '=', task.id)
    .where('version', '=', task.version)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

/** Records a task's transitions. */
export async function insertTaskEvents(
  tx: Executor,
  taskId: string,
  events: readonly TaskEvent[],
  now: Temporal.Instant,
  actor: string,
): Promise<void> {
  if (events.length === 0) return;
  await tx
    .insertInto('task_events')
    .values(
      events.map((event) => ({
        task_id: taskId,
        occurred_at: now.toString(),
        actor,
        type: event.type,
        step: event.step,
        data: JSON.stringify(event.data),
      })),
    )
    .execute();
}

/** A task's transitions, oldest first. */
export async function listTaskEvents(tx: Executor, taskId: string): Promise<TaskEventRecord[]> {
  const rows = await tx
    .selectFrom('task_events')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    occurredAt: instant(row.occurred_at),
    actor: row.actor,
    type: row.type,
    step: row.step,
    data: row.data,
  }));
}

export interface TaskCategory {
  readonly key: string;
  readonly name: string;
}

/** A municipality's task categories, by name. */
export async function listCategories(tx: Executor, municipality: string): Promise<TaskCategory[]> {
  return tx
    .selectFrom('task_categories')
    .select(['key', 'name'])
    .where('municipality', '=', municipality)
    .orderBy('name')
    .execute();
}

/** Adds a category; false when the municipality already has one with that key. */
export async function insertCategory(
  tx: Executor,
  municipality: string,
  category: TaskCategory,
  now: Temporal.Instant,
): Promise<boolean> {
  const rows = await tx
    .insertInto('task_categories')
    .values({ municipality, ...category, created_at: now.toString() })
    .onConflict((c) => c.doNothing())
    .returning('key')
    .execute();
  return rows.length === 1;
}

/**
 * The tasks' part of the 04:00 run's one write (docs/decisions/0019): the task rows and their events as the
 * one creation path builds them (`taskRows`, docs/decisions/0016).
 */
export const tasksDailyRunPart: StatementPart<{
  readonly tasks: readonly Record<string, unknown>[];
  readonly taskEvents: readonly Record<string, unknown>[];
}> = {
  name: 'tasks',
  expressions: (w) => sql`
      new_tasks as (
        insert into tasks (id, type, person_id, case_id, municipality, status, data, steps, queries, current_step,
          open_queries, close_reason, due_on, created_at, updated_at, closed_at)
        select * from jsonb_to_recordset(${JSON.stringify(w.tasks)}::jsonb) as t(id uuid, type text,
          person_id uuid, case_id uuid, municipality text, status text, data jsonb, steps jsonb, queries jsonb,
          current_step text, open_queries smallint, close_reason text, due_on date, created_at timestamptz,
          updated_at timestamptz, closed_at timestamptz)
        returning id),
      new_task_events as (
        insert into task_events (task_id, occurred_at, actor, type, step, data)
        select e.task_id, e.occurred_at, e.actor, e.type, e.step, e.data
        from jsonb_to_recordset(${JSON.stringify(w.taskEvents)}::jsonb)
          as e(task_id uuid, occurred_at timestamptz, actor text, type text, step text, data jsonb)
        where e.task_id in (select id from new_tasks) returning 1)`,
};
