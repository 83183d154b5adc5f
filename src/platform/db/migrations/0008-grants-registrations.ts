/**
 * Grants and registrations (docs/decisions/0014-grants-and-registrations.md).
 *
 * `grants`: a case's grants (bevillinger), each with its period and the decision behind it. A change never
 * overwrites: the old row is superseded (`superseded_at`, `superseded_by`) and a new row, pointing back to
 * it (`replaces`), carries the new period and the reason for the change. `family` is the benefit family,
 * so overlapping grants of one family for one person can be found across the person's cases.
 *
 * `registrations`: dated facts about a person or a case, bitemporal: valid from/to, and recorded at /
 * superseded at, so the facts can be read as known now and as known at any earlier instant.
 *
 * Every case whose status says a grant was decided (`bevilget`, `afsluttet`) gets its grant from the
 * case's own columns; cases under investigation or rejected have none (their columns are the period
 * applied for). The columns `cases.grant_from`, `grant_to` stay: the monthly run reads them.
 */
import { sql, type Kysely } from 'kysely';

const uuidPk = sql`gen_random_uuid()`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('grants')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuidPk))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_to', 'date')
    .addColumn('decided_on', 'date', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('replaces', 'uuid', (c) => c.references('grants.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('superseded_at', 'timestamptz')
    .addColumn('superseded_by', 'text')
    .addCheckConstraint('grants_period', sql`valid_to is null or valid_to >= valid_from`)
    .execute();
  await db.schema.createIndex('grants_case').on('grants').column('case_id').execute();
  // The overlap check reads a person's standing grants of one family.
  await sql`create index grants_person_family on grants (person_id, family) where superseded_at is null`.execute(
    db,
  );

  await sql`insert into grants (case_id, person_id, family, valid_from, valid_to, decided_on, decided_by, reason,
      recorded_at)
    select c.id, c.person_id,
      case when c.benefit in ('kontanthjaelp', 'uddannelseshjaelp', 'hjemrejseydelse') then 'htf' else c.benefit end,
      c.grant_from, c.grant_to, (c.created_at at time zone 'Europe/Copenhagen')::date, 'system:migrering',
      'Bevillingen, som sagen blev oprettet med', c.created_at
    from cases c where c.status in ('bevilget', 'afsluttet')`.execute(db);

  await db.schema
    .createTable('registrations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuidPk))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('case_id', 'uuid', (c) => c.references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_to', 'date')
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('superseded_at', 'timestamptz')
    .addColumn('superseded_by', 'text')
    .addCheckConstraint('registrations_period', sql`valid_to is null or valid_to >= valid_from`)
    .execute();
  await db.schema
    .createIndex('registrations_person')
    .on('registrations')
    .columns(['person_id', 'recorded_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('registrations').execute();
  await db.schema.dropTable('grants').execute();
}
