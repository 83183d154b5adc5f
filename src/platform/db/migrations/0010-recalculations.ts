/**
 * Recalculations (genberegninger) and proposed repayment claims (docs/decisions/0018-recalculation.md).
 *
 * `recalculations`: an approved recalculation of a case's months already paid: the months it covered, the
 * per-month table it approved (paid, recomputed, difference, the explanation), the reason given, who
 * approved it and when,
 * and the task it came from (null when approved directly through the API or the CLI).
 *
 * `repayment_claims`: a month the recalculation found overpaid, recorded as a *proposed* claim
 * (`foreslaaet`). Nothing deducts it: a decision (the decisions work) turns it into a claim to collect. A
 * later recalculation that finds the month's overpayment changed replaces the proposal (`erstattet`, with
 * `superseded_at` and the recalculation in `superseded_by`) by its own.
 *
 * The runs find a case's pending efterbetaling of a month that already has computed lines by a partial
 * index: such lines pay the difference between the month as computed now and what was computed before.
 */
import { sql, type Kysely } from 'kysely';

const uuidPk = sql`gen_random_uuid()`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recalculations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuidPk))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('from_month', 'date', (c) => c.notNull())
    .addColumn('to_month', 'date', (c) => c.notNull())
    .addColumn('months', 'jsonb', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('task_id', 'uuid', (c) => c.references('tasks.id'))
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('recalculations_months', sql`to_month >= from_month`)
    .execute();
  await db.schema.createIndex('recalculations_case').on('recalculations').column('case_id').execute();

  await db.schema
    .createTable('repayment_claims')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuidPk))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('recalculation_id', 'uuid', (c) => c.notNull().references('recalculations.id'))
    .addColumn('explanation', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('superseded_at', 'timestamptz')
    .addColumn('superseded_by', 'uuid', (c) => c.references('recalculations.id'))
    .addCheckConstraint('repayment_claims_amount_positive', sql`amount > 0`)
    .addCheckConstraint('repayment_claims_status', sql`status in ('foreslaaet', 'erstattet')`)
    .execute();
  await db.schema.createIndex('repayment_claims_case').on('repayment_claims').column('case_id').execute();
  await db.schema.createIndex('repayment_claims_person').on('repayment_claims').column('person_id').execute();

  await sql`create index payment_lines_pending_late on payment_lines (person_id, case_id, period)
    where status = 'planlagt' and run_month > period`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index payment_lines_pending_late`.execute(db);
  await db.schema.dropTable('repayment_claims').execute();
  await db.schema.dropTable('recalculations').execute();
}
