/**
 * The inbox (opgaveindbakke): one municipality's tasks, filtered and sorted, a page at a time. Pages are
 * keyset pages — the cursor holds the sort key and id of the last row, never an offset — so every page
 * costs the same. Each status is read as its own ordered branch (the indexes lead with municipality and
 * status, then the sort key, and hold the other filters as later key columns, checked inside the index),
 * and the branches are merged, so a query reads about a page's worth of rows whatever the filters. A
 * category is read from task_category_links, the task's categories as rows keyed
 * `municipality:status:key` (migration 0020).
 *
 * Every condition here is leakproof (plain comparisons of columns and parameters), so under row-level
 * security (migration 0018) it is still an index condition: a COALESCE, an array operator or a function of
 * a column would be checked row by row after the policy instead (migration 0020 says more).
 */
import {
  sql,
  type ColumnType,
  type Expression,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import { Temporal } from 'temporal-polyfill';
import {
  uuidPattern,
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
  if (s !== sort || typeof k !== 'string' || typeof i !== 'string' || !uuidPattern.test(i))
    return badCursor();
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
  if (personId !== undefined && !uuidPattern.test(personId))
    return fail('ugyldigt-input', 'Ugyldigt borger-id', 'personId');
  if (dueBefore !== undefined && !isDate(dueBefore)) {
    return fail('ugyldig-dato', `Fristen skal være en dato (ÅÅÅÅ-MM-DD), ikke "${dueBefore}"`, 'dueBefore');
  }
  const cursor = filter.after === undefined ? ok(null) : decodeCursor(filter.after, filter.sort);
  if (!cursor.ok) return cursor;
  return ok({ filter, statuses: statuses as TaskStatus[], cursor: cursor.value });
}

/** The key of a category's rows in task_category_links: the municipality, the status and the key. */
export const categoryScopeKey = (municipality: string, status: TaskStatus, category: string): string =>
  `${municipality}:${status}:${category}`;

/** task_category_links (migration 0020): each category of a task as a row, with the task's sort keys. */
interface CategoryLinksTable {
  task_id: string;
  scope_key: string;
  created_at: ColumnType<Date, string, string>;
  due_key: string;
}
type InboxDatabase = Database & { task_category_links: CategoryLinksTable; l: CategoryLinksTable };
type Branch = SelectQueryBuilder<InboxDatabase, 'tasks' | 'l', object>;

/**
 * Where a branch's sort keys are read: the task, or for a category its rows in task_category_links, which
 * hold the same keys in the category's own order (so a page of a category reads a page of its rows).
 */
interface Keys {
  readonly created: RawBuilder<string>;
  readonly due: RawBuilder<string>;
  readonly id: RawBuilder<string>;
}
const taskKeys: Keys = { created: sql`tasks.created_at`, due: sql`tasks.due_key`, id: sql`tasks.id` };
const linkKeys: Keys = { created: sql`l.created_at`, due: sql`l.due_key`, id: sql`l.task_id` };

/**
 * The filters other than municipality, status and category: all but the person are key columns of both
 * inbox indexes, checked in the index as it is walked. The due date is the stored `due_key`
 * (`coalesce(due_on, 'infinity')`, migration 0020), the column the indexes hold.
 */
function applyFilters(query: Branch, filter: InboxFilter): Branch {
  let q = query;
  const { types, assignee, personId, dueBefore } = filter;
  if (types !== undefined && types.length === 1) q = q.where('tasks.type', '=', types[0] as string);
  if (types !== undefined && types.length > 1) q = q.where('tasks.type', 'in', [...types]);
  if (assignee === null) q = q.where('tasks.assignee', 'is', null);
  if (typeof assignee === 'string') q = q.where('tasks.assignee', '=', assignee);
  if (personId !== undefined) q = q.where('tasks.person_id', '=', personId);
  if (dueBefore !== undefined) q = q.where(sql<SqlBool>`tasks.due_key <= ${dueBefore}::date`);
  if (filter.withQueries === true) q = q.where('tasks.open_queries', '>', 0);
  return q;
}

/** Rows after the cursor, as one row-value comparison on the index's (sort key, id). */
function afterCursor(cursor: Cursor, keys: Keys): Expression<SqlBool> {
  switch (cursor.sort) {
    case 'oprettet':
      return sql<SqlBool>`(${keys.created}, ${keys.id}) > (${cursor.key}::timestamptz, ${cursor.id}::uuid)`;
    case 'oprettet-nyeste':
      return sql<SqlBool>`(${keys.created}, ${keys.id}) < (${cursor.key}::timestamptz, ${cursor.id}::uuid)`;
    case 'frist':
      return sql<SqlBool>`(${keys.due}, ${keys.id}) > (${cursor.key}::date, ${cursor.id}::uuid)`;
  }
}

function ordered(query: Branch, sort: InboxSort, keys: Keys): Branch {
  switch (sort) {
    case 'oprettet':
      return query.orderBy(keys.created, 'asc').orderBy(keys.id, 'asc');
    case 'oprettet-nyeste':
      return query.orderBy(keys.created, 'desc').orderBy(keys.id, 'desc');
    case 'frist':
      return query.orderBy(keys.due, 'asc').orderBy(keys.id, 'asc');
  }
}

/**
 * One status's page: an ordered walk of an index that stops after limit + 1 matching rows — the task's
 * inbox index, or for a category the category's rows (joined to their tasks by id).
 */
function statusBranch(tx: Executor, query: Query, status: TaskStatus) {
  const { filter, cursor } = query;
  const db = tx.$extendTables<{ task_category_links: CategoryLinksTable }>();
  const { category } = filter;
  const keys = category === undefined ? taskKeys : linkKeys;
  // Without a category the branch reads tasks alone; the type names the join it may have.
  let branch: Branch =
    category === undefined
      ? db.selectFrom('tasks')
      : db
          .selectFrom('task_category_links as l')
          // Each of the category's rows, in the page's order, looks its task up by id, and the walk stops
          // after the page: a lateral subquery the planner may not flatten (OFFSET 0), since as a plain join
          // it would, with other selective filters, read all the category's rows and the filters' tasks
          // first and join them by hash (about 15 ms at København's size against 1 ms).
          .innerJoinLateral(
            (eb) =>
              eb.selectFrom('tasks').selectAll().whereRef('tasks.id', '=', 'l.task_id').offset(0).as('tasks'),
            (join) => join.onTrue(),
          )
          .where('l.scope_key', '=', categoryScopeKey(filter.municipality, status, category));
  branch = applyFilters(
    branch.where('tasks.municipality', '=', filter.municipality).where('tasks.status', '=', status),
    filter,
  );
  if (cursor !== null) branch = branch.where(afterCursor(cursor, keys));
  return ordered(branch, filter.sort, keys)
    .select([
      'tasks.id',
      'tasks.type',
      'tasks.person_id',
      'tasks.municipality',
      'tasks.status',
      'tasks.current_step',
      'tasks.open_queries',
      'tasks.assignee',
      'tasks.categories',
      'tasks.due_on',
      'tasks.created_at',
      'tasks.version',
    ])
    .select(sql<string>`tasks.due_key`.as('due_key'))
    .limit(filter.limit + 1);
}

/** The page's order, on the merged branches and again on the page with its citizens. */
function inPageOrder<Q extends { orderBy(expression: Expression<unknown>, direction: 'asc' | 'desc'): Q }>(
  query: Q,
  table: 't' | 'page',
  sort: InboxSort,
): Q {
  const direction = sort === 'oprettet-nyeste' ? 'desc' : 'asc';
  const key = sql.ref(`${table}.${sort === 'frist' ? 'due_key' : 'created_at'}`);
  return query.orderBy(key, direction).orderBy(sql.ref(`${table}.id`), direction);
}

/**
 * The statuses' branches merged, in sort order, with the page's citizens (CPR number and name) in the
 * same statement: one call of ydelse_inbox_persons (migration 0020) for the whole page, since joined to
 * persons under row-level security each row would call the visibility rule once. A citizen the caller
 * may not see has no CPR number here.
 */
function inboxQuery(tx: Executor, query: Query) {
  const [first, ...rest] = query.statuses.map((status, index) =>
    tx.selectFrom(statusBranch(tx, query, status).as(`s${String(index)}`)).selectAll(),
  );
  if (first === undefined) throw new Error('the inbox query needs at least one status');
  const merged = rest.reduce((union, branch) => union.unionAll(branch), first);
  const { sort, limit } = query.filter;
  const page = inPageOrder(tx.selectFrom(merged.as('t')).selectAll('t'), 't', sort).limit(limit + 1);
  const withPersons = tx
    .with('page', () => page)
    .selectFrom('page')
    .leftJoin(
      sql<PagePerson>`ydelse_inbox_persons((select array_agg(distinct person_id) from page))`.as('p'),
      'p.id',
      'page.person_id',
    )
    .selectAll('page')
    .select(['p.cpr', 'p.name'])
    .select(
      sql<string>`to_char(page.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        'created_iso',
      ),
    );
  return inPageOrder(withPersons, 'page', sort);
}

type PageRow = Awaited<ReturnType<ReturnType<typeof inboxQuery>['execute']>>[number];

interface PagePerson {
  readonly id: string;
  readonly cpr: string;
  readonly name: string;
}

function toRow(row: PageRow & PagePerson): InboxRow {
  return {
    id: row.id,
    type: row.type,
    personId: row.person_id,
    cpr: row.cpr,
    personName: row.name,
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
  // A row whose citizen the caller may not see is left out, as the join under row-level security did.
  return ok({
    rows: rows.flatMap((row) =>
      row.cpr === null || row.name === null ? [] : [toRow({ ...row, cpr: row.cpr, name: row.name })],
    ),
    next,
  });
}
