/**
 * The letters' outbox (docs/decisions/0024-letters.md): each letter filled when its hearing or decision is
 * recorded, in the same transaction, waiting (`afventer`) until a delivery puts it in the channel and marks
 * it `sendt`. The delivery names what it delivers by the letter's id, so a delivery repeated after a crash
 * never delivers a second copy.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('letters')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('hearing_id', 'uuid', (c) => c.references('hearings.id'))
    .addColumn('decision_id', 'uuid', (c) => c.references('decisions.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('paragraphs', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addCheckConstraint('letters_kind', sql`kind in ('partshoering', 'afgoerelse')`)
    .addCheckConstraint('letters_status', sql`status in ('afventer', 'sendt')`)
    .addCheckConstraint('letters_sent', sql`(status = 'sendt') = (sent_at is not null)`)
    .addCheckConstraint(
      'letters_source',
      sql`(kind = 'partshoering' and hearing_id is not null) or (kind = 'afgoerelse' and decision_id is not null)`,
    )
    .execute();
  await sql`create index letters_waiting on letters (created_at) where status = 'afventer'`.execute(db);
  await db.schema.createIndex('letters_case').on('letters').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('letters').execute();
}
