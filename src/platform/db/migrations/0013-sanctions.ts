/**
 * Sanctions (aktivloven §§ 35-40 a; docs/decisions/0023-sanctions.md): each made by a decision
 * (`decision_id`, never null), of an HTF case's month, with its amount as decided, the last run month that
 * may take it, and what the runs did: `besluttet` (waiting for a run), `gennemfoert` (taken, `taken` and
 * `taken_in` the run month), `bortfaldet` (no run took it by `last_run_month`).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sanctions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('decision_id', 'uuid', (c) => c.notNull().references('decisions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('omission_on', 'date', (c) => c.notNull())
    .addColumn('days', 'integer')
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('last_run_month', 'date', (c) => c.notNull())
    .addColumn('explanation', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('taken', 'bigint')
    .addColumn('taken_in', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('sanctions_kind', sql`kind in ('fradrag-dage', 'nedsaettelse-sats')`)
    .addCheckConstraint('sanctions_amount', sql`amount > 0`)
    .addCheckConstraint('sanctions_status', sql`status in ('besluttet', 'gennemfoert', 'bortfaldet')`)
    .addCheckConstraint(
      'sanctions_taken',
      sql`(status = 'gennemfoert') = (taken is not null and taken_in is not null) and (taken is null or taken between 0 and amount)`,
    )
    .execute();
  await sql`create index sanctions_waiting on sanctions (person_id) where status = 'besluttet'`.execute(db);
  await db.schema.createIndex('sanctions_case').on('sanctions').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sanctions').execute();
}
