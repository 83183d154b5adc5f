/**
 * Rates (satser) as dated data (docs/decisions/0012-rates-as-dated-data.md): one row per key and period
 * with its amount in øre, legal reference and source, who imported it from which file (its SHA-256) and
 * when. A replaced row is marked superseded, never deleted, so what was in force when is kept. Whether the
 * installation is the demo (the only one that may hold `eksempel` rows) is an installation setting.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rates')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_to', 'date', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('md', 'haendelse', 'time')`))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) =>
      c.notNull().check(sql`source_kind in ('officiel', 'sekundaer', 'eksempel')`),
    )
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'timestamptz')
    .addCheckConstraint('rates_period', sql`valid_from <= valid_to`)
    .execute();
  await db.schema
    .createIndex('rates_standing')
    .on('rates')
    .columns(['key', 'valid_from'])
    .where(sql.ref('superseded_at'), 'is', null)
    .execute();
  await db.schema
    .createTable('installation_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('installation_settings').execute();
  await db.schema.dropTable('rates').execute();
}
