/**
 * A fresh, migrated schema in an existing database: the scenario runner's unit of isolation. Creating a
 * database from a template costs about 0.25 s on the embedded server (it copies the whole catalogue);
 * a schema with the migrations run into it costs about 50 ms (docs/decisions/0005-test-databases.md).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import type { DisposableDb } from './template.ts';

/** Creates a schema with a unique name, migrates it, and connects with it first on the search path. */
export async function createFreshSchema(databaseUrl: string, prefix: string): Promise<DisposableDb> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create schema "${name}"`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  const db = createDb(url.toString(), { max: 2 });
  const drop = async (): Promise<void> => {
    await db.destroy();
    await admin.query(`drop schema if exists "${name}" cascade`);
    await admin.end();
  };
  try {
    await migrateToLatest(db, name);
  } catch (error) {
    await drop();
    throw error;
  }
  return { db, url: url.toString(), name, drop };
}

/**
 * Empties a fresh schema again, as migrated: every table but the migrator's own, in one statement, with its
 * identity sequences restarted. Far cheaper than dropping the schema and migrating a new one (the
 * catalogue work of the DDL is most of a scenario file's time).
 */
export async function emptySchema(database: DisposableDb): Promise<void> {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${database.name} and c.relkind = 'r'
      and c.relname not in ('schema_migrations', 'schema_migrations_lock')
    order by c.relname`.execute(database.db);
  if (tables.rows.length === 0) return;
  await sql`truncate ${sql.join(tables.rows.map((t) => sql.table(t.name)))} restart identity`.execute(
    database.db,
  );
}
