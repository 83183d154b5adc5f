/**
 * The outbound files the monthly cycle hands on to Udbetaling Danmark (deduction requests) and NemKonto
 * (payouts), kept in the database so any worker on any machine can write and serve them, keyed by what they
 * are so a rerun never writes one twice. (Payment statements need no table: they are rendered from the
 * month's computed lines, which never change once computed.)
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
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
}
