/**
 * The legacy system's 225-hour rule data as converted (docs/decisions/0025-hours-rule.md, release 6.1): per
 * HTF case, the dates the legacy system had (overgangsdato, bortfaldsdato, the notice and hearing sent) and
 * whether it flagged the row as faulty. The extract compares them with what the rule finds after conversion.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hours_rule_legacy')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().unique().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('overgangsdato', 'date')
    .addColumn('bortfaldsdato', 'date')
    .addColumn('varslet', 'date')
    .addColumn('partshoert', 'date')
    .addColumn('kmd_fejl', 'text')
    .addColumn('converted_by', 'text', (c) => c.notNull())
    .addColumn('converted_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('hours_rule_legacy_municipality')
    .on('hours_rule_legacy')
    .column('municipality')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hours_rule_legacy').execute();
}
