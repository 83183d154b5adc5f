/**
 * The task-and-step engine (domain §3): a task's steps and undringer as JSON beside the row the inbox
 * reads (current step, open undringer, assignee, categories, due date), the municipalities' task
 * categories, every transition of a task as a task event, and the release restarts with their per-task
 * results (what makes a restart resumable and its report reproducible).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tasks')
    .addColumn('case_id', 'uuid', (c) => c.references('cases.id'))
    .addColumn('steps', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('queries', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('current_step', 'text')
    .addColumn('open_queries', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('assignee', 'text')
    .addColumn('categories', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('due_on', 'date')
    .addColumn('updated_at', 'timestamptz')
    .execute();
  await sql`update tasks set updated_at = coalesce(closed_at, created_at)`.execute(db);
  await sql`alter table tasks alter column updated_at set not null`.execute(db);

  // The inbox: a municipality's tasks by status, filtered and sorted; every query pages by (sort key, id)
  // and reads each status as its own walk of one of two indexes, for the sort by creation (either way) and
  // by due date (no due date last, so the key is never null). The other filters — type, assignee, due date,
  // undringer — are key columns after (sort key, id): the walk checks them in the index, so a rare
  // combination reads index pages, not the table, and stops after a page. The person filter uses
  // tasks_person. A category is looked up in a GIN index of `municipality:status:key` elements, whose
  // statistics tell the planner how common a key is in this municipality and status (a category common
  // elsewhere may be unused here, where a walk would read the whole inbox). The expression must stay the
  // one in src/tasks/db/inbox.repository.ts (scopedCategories). Measured in docs/benchmarks.md.
  await db.schema.dropIndex('tasks_inbox').execute();
  await sql`create index tasks_inbox on tasks (municipality, status, created_at, id, type, assignee,
    coalesce(due_on, 'infinity'::date), open_queries)`.execute(db);
  await sql`create index tasks_inbox_due on tasks (municipality, status, coalesce(due_on, 'infinity'::date), id,
    type, assignee, open_queries)`.execute(db);
  await sql`create index tasks_inbox_categories on tasks using gin ((string_to_array(regexp_replace(
    array_to_tsvector(array_remove(array_remove(categories, null), ''))::text, '''([^'']*)''',
    municipality || ':' || status || ':\\1', 'g'), ' ')))`.execute(db);

  await db.schema
    .createTable('task_categories')
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_categories_pk', ['municipality', 'key'])
    .execute();

  await db.schema
    .createTable('task_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('task_id', 'uuid', (c) => c.notNull().references('tasks.id'))
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('step', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('task_events_task').on('task_events').columns(['task_id', 'id']).execute();

  // A restart (genstart) or a closing (luk) of all open tasks of some types, and what it did to each task.
  await db.schema
    .createTable('task_batches')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('types', sql`text[]`, (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('task_batch_results')
    .addColumn('batch_id', 'bigint', (c) => c.notNull().references('task_batches.id'))
    .addColumn('task_id', 'uuid', (c) => c.notNull().references('tasks.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_step', 'text')
    .addColumn('queries', 'text', (c) => c.notNull())
    .addColumn('cleared', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('done_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_batch_results_pk', ['batch_id', 'task_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('task_batch_results').execute();
  await db.schema.dropTable('task_batches').execute();
  await db.schema.dropTable('task_events').execute();
  await db.schema.dropTable('task_categories').execute();
  for (const index of ['tasks_inbox_due', 'tasks_inbox_categories']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.dropIndex('tasks_inbox').execute();
  await db.schema
    .createIndex('tasks_inbox')
    .on('tasks')
    .columns(['municipality', 'status', 'created_at'])
    .execute();
  await db.schema
    .alterTable('tasks')
    .dropColumn('case_id')
    .dropColumn('steps')
    .dropColumn('queries')
    .dropColumn('current_step')
    .dropColumn('open_queries')
    .dropColumn('assignee')
    .dropColumn('categories')
    .dropColumn('due_on')
    .dropColumn('updated_at')
    .execute();
}
