/**
 * The inbox's saved filters, its counts, and its indexes made usable under row-level security.
 *
 * Saved filters (saved_inbox_filters): a caseworker's own named views of the inbox, per user and
 * municipality. A row holds the filter as the inbox's address query (type, status, category, assignee, due
 * date, sort), never a CPR number, so it holds no citizen's data and has no row-level security; the use case
 * reads and writes only the actor's own rows.
 *
 * Under row-level security (0018) a condition of the query becomes an index condition only when it is
 * leakproof; the planner must otherwise check it after the policy, row by row. Three of the inbox's were
 * not, and cost a walk of the whole status (about 0.7 s for a rare category at København's 37,000 open
 * tasks, against 30 ms without the policy):
 *
 * - The due-date key `coalesce(due_on, 'infinity')` (a COALESCE is never leakproof) is now the stored
 *   column `due_key`, and the inbox indexes hold the column: a plain date comparison is leakproof.
 * - A category was looked up with `@>` on an expression index (arraycontains is not leakproof, and only a
 *   superuser may declare a function leakproof). Each task's categories are now rows of
 *   task_category_links, keyed `municipality:status:key` (so the statistics know a category that is rare
 *   here though common elsewhere) and ordered by each sort key; the inbox joins them on the task id, an
 *   equality of uuids, which is leakproof. The GIN index is dropped.
 * - Counting a municipality's tasks per status and type would read every one of them (120,000 in
 *   København): task_counts keeps the counts per municipality, status and type.
 *
 * Both tables are kept by statement triggers on tasks (with transition tables, so a run writing 100,000
 * tasks in one statement updates each count once). The trigger functions are SECURITY DEFINER: the
 * application role only reads the tables, and cannot make them disagree with the tasks. Neither holds a
 * citizen's data (task ids, municipality labels, dates and numbers; a task id leads to its citizen only
 * through tasks, which row-level security guards), so neither has a policy. A count row is locked by a
 * transaction that opens, closes or retypes a task of its municipality, status and type until it commits;
 * assignment and categories never touch it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = sql.id(rows[0]?.schema ?? 'public');

  await db.schema
    .createTable('saved_inbox_filters')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('saved_inbox_filters_name', ['municipality', 'user_id', 'name'])
    .execute();

  await sql`alter table tasks add column due_key date
    generated always as (coalesce(due_on, 'infinity'::date)) stored`.execute(db);
  for (const index of ['tasks_inbox', 'tasks_inbox_due', 'tasks_inbox_categories']) {
    await db.schema.dropIndex(index).execute();
  }
  await sql`create index tasks_inbox on tasks (municipality, status, created_at, id, type, assignee, due_key,
    open_queries)`.execute(db);
  await sql`create index tasks_inbox_due on tasks (municipality, status, due_key, id, type, assignee,
    open_queries)`.execute(db);
  // "Mine" and "Ufordelte" are counted from this alone: the policy's columns are in it, so an index-only scan.
  await sql`create index tasks_open_assignee on tasks (municipality, assignee) include (person_id)
    where status = 'aaben'`.execute(db);

  await db.schema
    .createTable('task_category_links')
    .addColumn('task_id', 'uuid', (c) => c.notNull())
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_key', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_category_links_pk', ['task_id', 'scope_key'])
    .execute();
  await sql`create index task_category_links_created on task_category_links (scope_key, created_at, task_id)`.execute(
    db,
  );
  await sql`create index task_category_links_due on task_category_links (scope_key, due_key, task_id)`.execute(
    db,
  );
  // Thousands of keys (municipality × status × category): the planner should know the rare ones.
  await sql`alter table task_category_links alter column scope_key set statistics 1000`.execute(db);

  await db.schema
    .createTable('task_counts')
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_counts_pk', ['municipality', 'status', 'type'])
    .execute();

  const links = (from: string) =>
    sql.raw(`
    insert into task_category_links (task_id, scope_key, created_at, due_key)
    select distinct t.id, t.municipality::text || ':' || t.status || ':' || k.key, t.created_at, t.due_key
    from ${from} t cross join lateral unnest(t.categories) k(key)
    where k.key is not null and k.key <> ''`);
  const changed = `(o.municipality, o.status, o.categories, o.due_key, o.created_at)
    is distinct from (n.municipality, n.status, n.categories, n.due_key, n.created_at)`;
  const addCounts = (deltas: string) =>
    sql.raw(`
    insert into task_counts (municipality, status, type, count)
    select municipality, status, type, sum(d) from (${deltas}) x
    group by 1, 2, 3 having sum(d) <> 0 order by 1, 2, 3
    on conflict (municipality, status, type) do update set count = task_counts.count + excluded.count`);
  const definer = sql`language plpgsql security definer set search_path = ${schema}, pg_temp`;

  await sql`create function ydelse_tasks_inserted() returns trigger ${definer} as $$
    begin
      ${links('new_rows')};
      ${addCounts('select municipality, status, type, 1 as d from new_rows')};
      return null;
    end $$`.execute(db);
  await sql`create function ydelse_tasks_updated() returns trigger ${definer} as $$
    begin
      delete from task_category_links l using old_rows o join new_rows n on n.id = o.id
        where l.task_id = o.id and ${sql.raw(changed)};
      ${links(`(select n.* from new_rows n join old_rows o on o.id = n.id where ${changed})`)};
      ${addCounts(`select municipality, status, type, 1 as d from new_rows
        union all select municipality, status, type, -1 from old_rows`)};
      return null;
    end $$`.execute(db);
  await sql`create function ydelse_tasks_deleted() returns trigger ${definer} as $$
    begin
      delete from task_category_links l using old_rows o where l.task_id = o.id;
      ${addCounts('select municipality, status, type, -1 as d from old_rows')};
      return null;
    end $$`.execute(db);
  await sql`create trigger tasks_inbox_inserted after insert on tasks referencing new table as new_rows
    for each statement execute function ydelse_tasks_inserted()`.execute(db);
  await sql`create trigger tasks_inbox_updated after update on tasks
    referencing old table as old_rows new table as new_rows
    for each statement execute function ydelse_tasks_updated()`.execute(db);
  await sql`create trigger tasks_inbox_deleted after delete on tasks referencing old table as old_rows
    for each statement execute function ydelse_tasks_deleted()`.execute(db);
  for (const fn of ['ydelse_tasks_inserted', 'ydelse_tasks_updated', 'ydelse_tasks_deleted']) {
    await sql`revoke execute on function ${sql.id(fn)}() from public`.execute(db);
  }

  // The CPR numbers and names of an inbox page's citizens in one call: a join to persons under row-level
  // security would call the visibility rule once per row (26 plpgsql calls a page). It returns only persons
  // with a task of the caller's municipality, whom the rule shows it anyway; a caller not under the
  // application role (the login role, which bypasses row-level security) gets them all.
  await sql`create function ydelse_inbox_persons(ids uuid[]) returns table (id uuid, cpr text, name text)
    language sql stable security definer parallel safe
    set search_path = ${schema}, pg_temp
    as $$
      select p.id, p.cpr::text, p.name from persons p
      where p.id = any(ids)
        and (current_setting('role') <> 'ydelse_app'
             or current_setting('ydelse.kommune', true) = 'alle'
             or exists (select 1 from tasks t where t.person_id = p.id
                        and t.municipality = nullif(current_setting('ydelse.kommune', true), '')))
    $$`.execute(db);
  await sql`revoke execute on function ydelse_inbox_persons(uuid[]) from public`.execute(db);
  await sql`grant execute on function ydelse_inbox_persons(uuid[]) to ydelse_app`.execute(db);

  // The tasks already there.
  await links('tasks').execute(db);
  await addCounts('select municipality, status, type, 1 as d from tasks').execute(db);

  // The default privileges of 0018 gave the application role every right on the new tables; it only reads
  // the two the triggers keep. Saved filters it reads and writes.
  await sql`revoke insert, update, delete, truncate on task_category_links, task_counts from ydelse_app`.execute(
    db,
  );
  await sql`analyze task_category_links`.execute(db);
  await sql`analyze task_counts`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger tasks_inbox_inserted on tasks`.execute(db);
  await sql`drop trigger tasks_inbox_updated on tasks`.execute(db);
  await sql`drop trigger tasks_inbox_deleted on tasks`.execute(db);
  for (const fn of ['ydelse_tasks_inserted', 'ydelse_tasks_updated', 'ydelse_tasks_deleted']) {
    await sql`drop function ${sql.id(fn)}()`.execute(db);
  }
  await sql`drop function ydelse_inbox_persons(uuid[])`.execute(db);
  await db.schema.dropTable('task_counts').execute();
  await db.schema.dropTable('task_category_links').execute();
  await db.schema.dropTable('saved_inbox_filters').execute();
  for (const index of ['tasks_open_assignee', 'tasks_inbox', 'tasks_inbox_due']) {
    await db.schema.dropIndex(index).execute();
  }
  await sql`alter table tasks drop column due_key`.execute(db);
  await sql`create index tasks_inbox on tasks (municipality, status, created_at, id, type, assignee,
    coalesce(due_on, 'infinity'::date), open_queries)`.execute(db);
  await sql`create index tasks_inbox_due on tasks (municipality, status, coalesce(due_on, 'infinity'::date), id,
    type, assignee, open_queries)`.execute(db);
  await sql`create index tasks_inbox_categories on tasks using gin ((string_to_array(regexp_replace(
    array_to_tsvector(array_remove(array_remove(categories, null), ''))::text, '''([^'']*)''',
    municipality || ':' || status || ':\\1', 'g'), ' ')))`.execute(db);
}
