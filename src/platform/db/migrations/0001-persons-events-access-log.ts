/** Persons with their histories, and from the start the event (hændelse) and access-log tables. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('persons')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cpr', 'char(10)', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`cpr ~ '^[0-9]{10}$'`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('civil_status', 'text', (c) => c.notNull())
    .addColumn('spouse_cpr', 'char(10)', (c) => c.check(sql`spouse_cpr is null or spouse_cpr <> cpr`))
    .addColumn('cpr_subscription', 'boolean', (c) => c.notNull())
    .addColumn('health_card', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // Each entry runs until the next one; exactly one of municipality (3 digits) and country (ISO alpha-2).
  await db.schema
    .createTable('residences')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('municipality', 'char(3)')
    .addColumn('country', 'char(2)')
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('residences_person_from', ['person_id', 'valid_from'])
    .addCheckConstraint('residences_one_place', sql`(municipality is null) <> (country is null)`)
    .execute();

  for (const table of ['institution_stays', 'administration_arrangements'] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id').onDelete('cascade'));
    if (table === 'administration_arrangements') {
      builder = builder.addColumn('municipality', 'char(3)', (c) => c.notNull());
    }
    await builder
      .addColumn('valid_from', 'date', (c) => c.notNull())
      .addColumn('valid_to', 'date')
      .addCheckConstraint(`${table}_period`, sql`valid_to is null or valid_to >= valid_from`)
      .execute();
    await db.schema.createIndex(`${table}_person`).on(table).column('person_id').execute();
  }

  await db.schema
    .createTable('events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.references('persons.id'))
    .addColumn('municipality', 'char(3)')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('events_person').on('events').columns(['person_id', 'id']).execute();

  // rsl/GDPR: every read of a person's data is logged with who, when and why.
  await db.schema
    .createTable('access_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_municipality', 'char(3)')
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('access_log_person').on('access_log').columns(['person_id', 'at']).execute();

  // One row per scheduled run, keyed by what it does (`maanedskoersel:2025-05`), so a rerun is seen.
  await db.schema
    .createTable('job_runs')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('scheduled_for', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('outcome', 'jsonb')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'job_runs',
    'access_log',
    'events',
    'administration_arrangements',
    'institution_stays',
    'residences',
    'persons',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
