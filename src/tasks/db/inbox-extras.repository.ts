/**
 * The inbox's counts and the caseworkers' saved filters (migration 0020). The counts per status and type
 * come from task_counts, which triggers on tasks keep exact; "Mine" and "Ufordelte" are counted from the
 * partial index of open tasks by assignee, an index-only scan also under row-level security.
 */
import { sql, type ColumnType } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { TaskStatus } from '../domain/task.ts';

type TaskCountsTable = {
  municipality: string;
  status: string;
  type: string;
  count: ColumnType<string, never, never>;
};

type SavedInboxFiltersTable = {
  id: ColumnType<string, string | undefined, never>;
  municipality: string;
  user_id: string;
  name: string;
  query: string;
  created_at: ColumnType<Date, string, never>;
};

type InboxTables = {
  task_counts: TaskCountsTable;
  saved_inbox_filters: SavedInboxFiltersTable;
};

const inbox = (tx: Executor) => tx.$extendTables<InboxTables>();

export interface TypeStatusCount {
  readonly status: TaskStatus;
  readonly type: string;
  readonly count: number;
}

/** The municipality's tasks per status and type (only the pairs it has). */
export async function countByStatusAndType(tx: Executor, municipality: string): Promise<TypeStatusCount[]> {
  const rows = await inbox(tx)
    .selectFrom('task_counts')
    .select(['status', 'type', 'count'])
    .where('municipality', '=', municipality)
    .where('count', '>', sql<string>`0`)
    .orderBy('status')
    .orderBy('type')
    .execute();
  return rows.map((row) => ({ status: row.status as TaskStatus, type: row.type, count: Number(row.count) }));
}

/** The municipality's open tasks assigned to the user, and those assigned to no one. */
export async function countOpenByAssignee(
  tx: Executor,
  municipality: string,
  userId: string,
): Promise<{ readonly mine: number; readonly unassigned: number }> {
  const count = (assignee: string | null) => {
    const open = tx
      .selectFrom('tasks')
      .select(sql<string>`count(*)`.as('n'))
      .where('municipality', '=', municipality)
      .where('status', '=', 'aaben');
    return (assignee === null ? open.where('assignee', 'is', null) : open.where('assignee', '=', assignee))
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  };
  return { mine: await count(userId), unassigned: await count(null) };
}

export interface SavedFilterRecord {
  readonly id: string;
  readonly name: string;
  /** The inbox's address query (`type=…&status=…`), never a CPR number. */
  readonly query: string;
}

/** The user's saved filters in the municipality, by name. */
export function listSavedFilters(
  tx: Executor,
  municipality: string,
  userId: string,
): Promise<SavedFilterRecord[]> {
  return inbox(tx)
    .selectFrom('saved_inbox_filters')
    .select(['id', 'name', 'query'])
    .where('municipality', '=', municipality)
    .where('user_id', '=', userId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Saves a filter; undefined when the user already has one of that name. */
export async function insertSavedFilter(
  tx: Executor,
  filter: { municipality: string; userId: string; name: string; query: string; now: string },
): Promise<SavedFilterRecord | undefined> {
  return inbox(tx)
    .insertInto('saved_inbox_filters')
    .values({
      municipality: filter.municipality,
      user_id: filter.userId,
      name: filter.name,
      query: filter.query,
      created_at: filter.now,
    })
    .onConflict((c) => c.constraint('saved_inbox_filters_name').doNothing())
    .returning(['id', 'name', 'query'])
    .executeTakeFirst();
}

/** Deletes one of the user's saved filters; false when the user has none with that id. */
export async function deleteSavedFilter(
  tx: Executor,
  municipality: string,
  userId: string,
  id: string,
): Promise<boolean> {
  const deleted = await inbox(tx)
    .deleteFrom('saved_inbox_filters')
    .where('id', '=', id)
    .where('municipality', '=', municipality)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
