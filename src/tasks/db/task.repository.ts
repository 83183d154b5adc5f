/** Tasks in PostgreSQL. */
import { Temporal } from 'temporal-polyfill';
import type { MunicipalityCode } from '../../kernel/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { NewTask, TaskStatus } from '../domain/task.ts';

export interface TaskRecord {
  readonly id: string;
  readonly type: string;
  readonly personId: string;
  readonly municipality: MunicipalityCode;
  readonly status: TaskStatus;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: Temporal.Instant;
  readonly closedAt: Temporal.Instant | null;
  readonly closeReason: string | null;
}

/** Creates tasks for a person (closed ones get their closing time and reason at once). */
export async function insertTasks(
  tx: Executor,
  personId: string,
  tasks: readonly NewTask[],
  now: Temporal.Instant,
): Promise<void> {
  if (tasks.length === 0) return;
  await tx
    .insertInto('tasks')
    .values(
      tasks.map((task) => ({
        type: task.type,
        person_id: personId,
        municipality: task.municipality,
        status: task.status,
        data: JSON.stringify(task.data),
        created_at: now.toString(),
        closed_at: task.status === 'aaben' ? null : now.toString(),
        close_reason: task.closeReason ?? null,
      })),
    )
    .execute();
}

const instant = (value: Date): Temporal.Instant => Temporal.Instant.fromEpochMilliseconds(value.getTime());

/** A person's tasks across types, oldest first. */
export async function listPersonTasks(tx: Executor, personId: string): Promise<TaskRecord[]> {
  const rows = await tx
    .selectFrom('tasks')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    personId: row.person_id,
    municipality: row.municipality as MunicipalityCode,
    status: row.status as TaskStatus,
    data: row.data,
    createdAt: instant(row.created_at),
    closedAt: row.closed_at === null ? null : instant(row.closed_at),
    closeReason: row.close_reason,
  }));
}
