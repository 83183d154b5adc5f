/**
 * The inbox (opgaveindbakke): one municipality's tasks, filtered and sorted, a page at a time. Pages are
 * keyset pages — the cursor holds the sort key and id of the last row, never an offset — so every page
 * costs the same. Each status is read as its own ordered branch (the indexes lead with municipality and
 * status, then the sort key, and hold the other filters as later key columns, checked inside the index),
 * and the branches are merged, so a query reads about a page's worth of rows whatever the filters. A
 * category is looked up through its own GIN index when it is rare in the municipality (migration 0004).
 */
import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import {
  fail,
  firstDateYear,
  lastDateYear,
  ok,
  parseDate,
  type MunicipalityCode,
  type Result,
} from '../../kernel/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { taskStatuses, type TaskStatus } from '../domain/task.ts';

/** Created oldest first, created newest first, due date soonest first (tasks without one last). */
export const inboxSorts = ['oprettet', 'oprettet-nyeste', 'frist'] as const;
export type InboxSort = (typeof inboxSorts)[number];

export interface InboxFilter {
  /** Required: always the actor's municipality. */
  readonly municipality: string;
  /** Default `['aaben']`. */
  readonly status?: readonly string[];
  /** Any of these types; an empty list means any type. */
  readonly types?: readonly string[];
  /** Tasks whose categories contain this key. */
  readonly category?: string;
  /** A user id, or null for unassigned tasks; undefined means any. */
  readonly assignee?: string | null;
  readonly personId?: string;
  /** `YYYY-MM-DD`: tasks due on or before this day (tasks with a due date only). */
  readonly dueBefore?: string;
  /** Only tasks with open undringer. */
  readonly withQueries?: boolean;
  readonly sort: InboxSort;
  /** Page size, 1 to 200. */
  readonly limit: number;
  /** The `next` of the previous page. */
  readonly after?: string;
}

export interface InboxRow {
  readonly id: string;
  readonly type: string;
  readonly personId: string;
  readonly cpr: string;
  readonly personName: string;
  readonly municipality: MunicipalityCode;
  readonly status: TaskStatus;
  readonly currentStep: string | null;
  readonly openQueries: number;
  readonly assignee: string | null;
  readonly categories: string[];
  readonly dueOn: string | null;
  readonly createdAt: Temporal.Instant;
  readonly version: number;
}

export interface InboxPage {
  readonly rows: InboxRow[];
  /** The cursor of the next page, null on the last page. */
  readonly next: string | null;
}

export const MAX_INBOX_LIMIT = 200;

/** Where the previous page ended: its last row's sort key (an instant or a date) and id. */
interface Cursor {
  readonly sort: InboxSort;
  readonly key: string;
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** The due date tasks without one sort as: after every real date. */
const NO_DUE_DATE = 'infinity';

const badCursor = () => fail('ugyldigt-input', 'Ugyldig markør for næste side', 'after');

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, k: cursor.key, i: cursor.id })).toString('base64url');
}

const validKey = (sort: InboxSort, key: string): boolean =>
  sort === 'frist' ? key === NO_DUE_DATE || isDate(key) : INSTANT.test(key) && isInstant(key);

function decodeCursor(after: string, sort: InboxSort): Result<Cursor> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    return badCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) return badCursor();
  const { s, k, i } = parsed as Record<string, unknown>;
  if (s !== sort || typeof k !== 'string' || typeof i !== 'string' || !UUID.test(i)) return badCursor();
  return validKey(sort, k) ? ok({ sort, key: k, id: i }) : badCursor();
}

/** A date the kernel accepts (1900-2200), so a forged cursor cannot bring year 0000 to PostgreSQL. */
const isDate = (value: string): boolean => DATE.test(value) && parseDate(value).ok;

function isInstant(value: string): boolean {
  try {
    const year = Temporal.Instant.from(value).toZonedDateTimeISO('UTC').year;
    return year >= firstDateYear && year <= lastDateYear;
  } catch {
    return false;
  }
}

/** The filter made whole and checked: statuses deduplicated, the cursor decoded. */
interface Query {
  readonly filter: InboxFilter;
  readonly statuses: readonly TaskStatus[];
  readonly cursor: Cursor | null;
}

const isStatus = (value: string): value is TaskStatus => (taskStatuses as readonly string[]).includes(value);

function checkFilter(filter: InboxFilter): Result<Query> {
  const { limit, personId, dueBefore } = filter;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_INBOX_LIMIT) {
    return fail('ugyldigt-input', `Sidestørrelsen skal være 1 til ${MAX_INBOX_LIMIT}`, 'limit');
  }
  if (!(inboxSorts as readonly string[]).includes(filter.sort)) {
    return fail('ugyldigt-input', `Ukendt sortering "${filter.sort}"`, 'sort');
  }
  const statuses = [
    ...new Set(filter.status === undefined || filter.status.length === 0 ? ['aaben'] : filter.status),
  ];
  const unknown = statuses.find((status) => !isStatus(status));
  if (unknown !== undefined) return fail('ugyldigt-input', `Ukendt status "${unknown}"`, 'status');
  if (personId !== undefined && !UUID.test(personId))
    return fail('ugyldigt-input', 'Ugyldigt borger-id', 'personId');
  if (dueBefore !== undefined && !isDate(dueBefore)) {
    return fail('ugyldig-dato', `Fristen skal være en dato (ÅÅÅÅ-MM-DD), ikke "${dueBefore}"`, 'dueBefore');
  }
  const cursor = filter.after === undefined ? ok(null) : decodeCursor(filter.after, filter.sort);
  if (!cursor.ok) return cursor;
  return ok({ filter, statuses: statuses as TaskStatus[], cursor: cursor.value });
}

/** The due-date sort key; the indexes hold this very expression. */
const dueKey = sql<string>`coalesce(due_on, 'infinity'::date)`;

/**
 * A task's categories as `municipality:status:key` elements, the very expression of the GIN index
 * tasks_inbox_categories (migration 0004): the statistics on it count each category per municipality and
 * status, so the planner knows a category that is common elsewhere but rare here, and looks it up instead
 * of walking the inbox for it. (array_to_tsvector is the one immutable way from text[] to text; its output
 * quotes each key, and the quotes are replaced by the prefix.)
 */
export const scopedCategories: RawBuilder<string[]> =
  sql`string_to_array(regexp_replace(array_to_tsvector(array_remove(array_remove(categories, null), ''))::text, '''([^'']*)''', municipality || ':' || status || ':\\1', 'g'), ' ')`;
/** Keys the tsvector prints without escapes or spaces (every key a category can have). */
const PLAIN_KEY = /^[\p{L}\p{N}_-]+$/u;

function categoryCondition(municipality: string, status: TaskStatus, category: string): Expression<SqlBool> {
  return PLAIN_KEY.test(category)
    ? sql<SqlBool>`${scopedCategories} @> array[${`${municipality}:${status}:${category}`}]::text[]`
    : sql<SqlBool>`categories @> array[${category}]::text[]`;
}

type TaskQuery<O> = SelectQueryBuilder<Database, 'tasks', O>;

/**
 * The filters other than municipality and status: all but the category and the person are key columns of
 * both inbox indexes, checked in the index as it is walked.
 */
function applyFilters<O>(query: TaskQuery<O>, filter: InboxFilter, status: TaskStatus): TaskQuery<O> {
  let q = query;
  const { types, category, assignee, personId, dueBefore } = filter;
  if (types !== undefined && types.length === 1) q = q.where('type', '=', types[0] as string);
  if (types !== undefined && types.length > 1) q = q.where('type', 'in', [...types]);
  if (category !== undefined) q = q.where(categoryCondition(filter.municipality, status, category));
  if (assignee === null) q = q.where('assignee', 'is', null);
  if (typeof assignee === 'string') q = q.where('assignee', '=', assignee);
  if (personId !== undefined) q = q.where('person_id', '=', personId);
  if (dueBefore !== undefined) q = q.where(sql<SqlBool>`${dueKey} <= ${dueBefore}::date`);
  if (filter.withQueries === true) q = q.where('open_queries', '>', 0);
  return q;
}

/** Rows after the cursor, as one row-value comparison on the index's (sort key, id). */
function afterCursor(cursor: Cursor): Expression<SqlBool> {
  switch (cursor.sort) {
    case 'oprettet':
      return sql<SqlBool>`(created_at, id) > (${cursor.key}::timestamptz, ${cursor.id}::uuid)`;
    case 'oprettet-nyeste':
      return sql<SqlBool>`(created_at, id) < (${cursor.key}::timestamptz, ${cursor.id}::uuid)`;
    case 'frist':
      return sql<SqlBool>`(${dueKey}, id) > (${cursor.key}::date, ${cursor.id}::uuid)`;
  }
}

function ordered<O>(query: TaskQuery<O>, sort: InboxSort): TaskQuery<O> {
  switch (sort) {
    case 'oprettet':
      return query.orderBy('created_at', 'asc').orderBy('id', 'asc');
    case 'oprettet-nyeste':
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc');
    case 'frist':
      return query.orderBy(dueKey, 'asc').orderBy('id', 'asc');
  }
}

/** One status's page: an ordered walk of an index that stops after limit + 1 matching rows. */
function statusBranch(tx: Executor, query: Query, status: TaskStatus) {
  const { filter, cursor } = query;
  let branch = tx
    .selectFrom('tasks')
    .select([
      'id',
      'type',
      'person_id',
      'municipality',
      'status',
      'current_step',
      'open_queries',
      'assignee',
      'categories',
      'due_on',
      'created_at',
      'version',
    ])
    .select(dueKey.as('due_key'))
    .where('municipality', '=', filter.municipality)
    .where('status', '=', status);
  branch = applyFilters(branch, filter, status);
  if (cursor !== null) branch = branch.where(afterCursor(cursor));
  return ordered(branch, filter.sort).limit(filter.limit + 1);
}

/** The statuses' branches merged, in sort order, with the person's CPR and name. */
function inboxQuery(tx: Executor, query: Query) {
  const [first, ...rest] = query.statuses.map((status, index) =>
    tx.selectFrom(statusBranch(tx, query, status).as(`s${String(index)}`)).selectAll(),
  );
  if (first === undefined) throw new Error('the inbox query needs at least one status');
  const merged = rest.reduce((union, branch) => union.unionAll(branch), first);
  const page = tx
    .selectFrom(merged.as('t'))
    .innerJoin('persons as p', 'p.id', 't.person_id')
    .selectAll('t')
    .select([
      'p.cpr',
      'p.name as person_name',
      sql<string>`to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        'created_iso',
      ),
    ]);
  const sorted =
    query.filter.sort === 'frist'
      ? page.orderBy('t.due_key', 'asc').orderBy('t.id', 'asc')
      : page
          .orderBy('t.created_at', query.filter.sort === 'oprettet' ? 'asc' : 'desc')
          .orderBy('t.id', query.filter.sort === 'oprettet' ? 'asc' : 'desc');
  return sorted.limit(query.filter.limit + 1);
}

type PageRow = Awaited<ReturnType<ReturnType<typeof inboxQuery>['execute']>>[number];

function toRow(row: PageRow): InboxRow {
  return {
    id: row.id,
    type: row.type,
    personId: row.person_id,
    cpr: row.cpr,
    personName: row.person_name,
    municipality: row.municipality as MunicipalityCode,
    status: row.status as TaskStatus,
    currentStep: row.current_step,
    openQueries: row.open_queries,
    assignee: row.assignee,
    categories: row.categories,
    dueOn: row.due_on,
    createdAt: Temporal.Instant.from(row.created_iso),
    version: row.version,
  };
}

/** The cursor after a page's last row. */
function cursorAfter(row: PageRow, sort: InboxSort): string {
  const key = sort === 'frist' ? (row.due_on ?? NO_DUE_DATE) : row.created_iso;
  return encodeCursor({ sort, key, id: row.id });
}

/** A page of the municipality's inbox; `next` continues after its last row. */
export async function queryInbox(tx: Executor, filter: InboxFilter): Promise<Result<InboxPage>> {
  const checked = checkFilter(filter);
  if (!checked.ok) return checked;
  const found = await inboxQuery(tx, checked.value).execute();
  const rows = found.slice(0, filter.limit);
  const last = rows.at(-1);
  const next = found.length > filter.limit && last !== undefined ? cursorAfter(last, filter.sort) : null;
  return ok({ rows: rows.map(toRow), next });
}
