/**
 * The 225-hour rule's process (docs/decisions/0025-hours-rule.md).
 *
 * `hours_rule_notices`: the notice (varsling) sent on a case: the day it was sent, the nedsættelses- or
 * bortfaldsdato the rule found then, and the consequence announced. A letter carries it (`letters.notice_id`).
 *
 * `hours_rule_effects`: a reduction or lapse a decision made (`decision_id`, never null, one effect per
 * decision), from a 1st of a month (`from_date`), with the date the rule found (`rule_date`): a later
 * `from_date` is the postponement (udskydelse) of a late notice, hearing or decision. The month computation
 * lowers a month only through a row here.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hours_rule_notices')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('sent_on', 'date', (c) => c.notNull())
    .addColumn('rule_date', 'date', (c) => c.notNull())
    .addColumn('consequence', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('hours_rule_notices_consequence', sql`consequence in ('nedsaettelse', 'bortfald')`)
    .addCheckConstraint('hours_rule_notices_first', sql`extract(day from rule_date) = 1`)
    .execute();
  await db.schema.createIndex('hours_rule_notices_case').on('hours_rule_notices').column('case_id').execute();

  await db.schema
    .createTable('hours_rule_effects')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('decision_id', 'uuid', (c) => c.notNull().unique().references('decisions.id'))
    .addColumn('notice_id', 'uuid', (c) => c.unique().references('hours_rule_notices.id'))
    .addColumn('consequence', 'text', (c) => c.notNull())
    .addColumn('rule_date', 'date', (c) => c.notNull())
    .addColumn('from_date', 'date', (c) => c.notNull())
    .addColumn('decided_on', 'date', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('hours_rule_effects_consequence', sql`consequence in ('nedsaettelse', 'bortfald')`)
    .addCheckConstraint(
      'hours_rule_effects_dates',
      sql`extract(day from from_date) = 1 and from_date >= rule_date and from_date > decided_on`,
    )
    .execute();
  await db.schema
    .createIndex('hours_rule_effects_person')
    .on('hours_rule_effects')
    .column('person_id')
    .execute();

  await db.schema
    .alterTable('letters')
    .addColumn('notice_id', 'uuid', (c) => c.references('hours_rule_notices.id'))
    .execute();
  await sql`alter table letters drop constraint letters_kind`.execute(db);
  await sql`alter table letters add constraint letters_kind
    check (kind in ('varsling', 'partshoering', 'afgoerelse'))`.execute(db);
  await sql`alter table letters drop constraint letters_source`.execute(db);
  await sql`alter table letters add constraint letters_source check (
    (kind = 'varsling' and notice_id is not null)
    or (kind = 'partshoering' and hearing_id is not null)
    or (kind = 'afgoerelse' and decision_id is not null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from letters where kind = 'varsling'`.execute(db);
  await sql`alter table letters drop constraint letters_source`.execute(db);
  await sql`alter table letters add constraint letters_source check (
    (kind = 'partshoering' and hearing_id is not null) or (kind = 'afgoerelse' and decision_id is not null))`.execute(
    db,
  );
  await sql`alter table letters drop constraint letters_kind`.execute(db);
  await sql`alter table letters add constraint letters_kind check (kind in ('partshoering', 'afgoerelse'))`.execute(
    db,
  );
  await db.schema.alterTable('letters').dropColumn('notice_id').execute();
  await db.schema.dropTable('hours_rule_effects').execute();
  await db.schema.dropTable('hours_rule_notices').execute();
}
