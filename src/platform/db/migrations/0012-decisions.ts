/**
 * Hearings (partshøringer) and decisions (afgørelser) on a case (docs/decisions/0022-decisions.md).
 *
 * `hearings`: the adverse effect a municipality intends, what it intends and why, the day it was sent and
 * the deadline, and the citizen's answer when one came.
 *
 * `decisions`: a decision with an adverse effect, its reasons, legal basis and complaint guidance, the day
 * it was made, and what it rests on: exactly one of a hearing or a recorded legal exception (its basis and
 * reason), which the database checks too.
 *
 * `repayment_claims` gains `besluttet`: a claim only a decision makes (its `decision_id`), never without one.
 */
import { sql, type Kysely } from 'kysely';

const uuidPk = sql`gen_random_uuid()`;
const effects = sql`('nedsaettelse', 'bortfald', 'stop', 'sanktion', 'tilbagebetalingskrav')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hearings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuidPk))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('effect', 'text', (c) => c.notNull())
    .addColumn('intended', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'date', (c) => c.notNull())
    .addColumn('deadline', 'date', (c) => c.notNull())
    .addColumn('answered_on', 'date')
    .addColumn('answer', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('hearings_effect', sql`effect in ${effects}`)
    .addCheckConstraint('hearings_deadline', sql`deadline > sent_on`)
    .addCheckConstraint('hearings_answer', sql`(answered_on is null) = (answer is null)`)
    .execute();
  await db.schema.createIndex('hearings_case').on('hearings').column('case_id').execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuidPk))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('effect', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('complaint_guidance', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'date', (c) => c.notNull())
    .addColumn('hearing_id', 'uuid', (c) => c.references('hearings.id'))
    .addColumn('exception_basis', 'text')
    .addColumn('exception_reason', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('decisions_effect', sql`effect in ${effects}`)
    .addCheckConstraint(
      'decisions_basis',
      sql`(hearing_id is not null and exception_basis is null and exception_reason is null)
        or (hearing_id is null and exception_basis is not null and exception_reason is not null)`,
    )
    .execute();
  await db.schema.createIndex('decisions_case').on('decisions').column('case_id').execute();

  await db.schema
    .alterTable('repayment_claims')
    .addColumn('decision_id', 'uuid', (c) => c.references('decisions.id'))
    .execute();
  await sql`alter table repayment_claims drop constraint repayment_claims_status`.execute(db);
  await sql`alter table repayment_claims add constraint repayment_claims_status
    check (status in ('foreslaaet', 'erstattet', 'besluttet'))`.execute(db);
  await sql`alter table repayment_claims add constraint repayment_claims_decided
    check ((status = 'besluttet') = (decision_id is not null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table repayment_claims drop constraint repayment_claims_decided`.execute(db);
  await sql`alter table repayment_claims drop constraint repayment_claims_status`.execute(db);
  await sql`alter table repayment_claims add constraint repayment_claims_status
    check (status in ('foreslaaet', 'erstattet'))`.execute(db);
  await db.schema.alterTable('repayment_claims').dropColumn('decision_id').execute();
  await db.schema.dropTable('decisions').execute();
  await db.schema.dropTable('hearings').execute();
}
