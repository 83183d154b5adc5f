/**
 * What the monthly cycle hands on: a payment statement per citizen, municipality and month (its content
 * frozen by the run; the PDF is rendered from it), and the outbound files to Udbetaling Danmark (deduction
 * requests) and NemKonto (payouts), kept in the database so any worker on any machine can write and serve
 * them, keyed by what they are so a rerun never writes one twice.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payment_statements')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('payout_date', 'date', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('payment_statements_once', ['person_id', 'municipality', 'period'])
    .execute();

  await db.schema
    .createTable('outbound_files')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbound_files').execute();
  await db.schema.dropTable('payment_statements').execute();
}
