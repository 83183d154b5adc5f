/**
 * Fresh databases for the test files: migrate one template database once, then copy it for every file
 * (`CREATE DATABASE … TEMPLATE`), instead of a new server or re-running migrations. Scenario files use a
 * fresh schema instead, which is cheaper still (fresh-schema.ts; docs/decisions/0005-test-databases.md).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { withDatabaseName } from './connect.ts';
import { createDb, type Db } from './database.ts';
import { migrateToLatest, migrations } from './migrate.ts';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The template's name changes with the list of migrations, so a new migration gives a new template. */
export function templateName(prefix: string): string {
  let hash = 0;
  for (const char of Object.keys(migrations).join('|')) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `${prefix}_${hash.toString(36)}`;
}

/** Creates and migrates the template unless it exists (or always, with `rebuild`). */
export async function prepareTemplate(adminUrl: string, name: string, rebuild = false): Promise<void> {
  const exists = await withAdmin(adminUrl, async (client) => {
    // An advisory lock keeps two processes from building the same template at once.
    await client.query('select pg_advisory_lock(hashtext($1))', [name]);
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount !== 0 && !rebuild) return true;
    await client.query(`drop database if exists ${quote(name)} with (force)`);
    await client.query(`create database ${quote(name)}`);
    return false;
  });
  try {
    if (exists) return;
    const db = createDb(withDatabaseName(adminUrl, name), { max: 1 });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
  } finally {
    await withAdmin(adminUrl, (client) => client.query('select pg_advisory_unlock_all()'));
  }
}

export interface DisposableDb {
  readonly db: Db;
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** Drops a template again (a test run's own, on a shared server). */
export async function dropTemplate(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${quote(name)} with (force)`));
}

/** Copies the template into a new database with a unique name; `drop()` removes it again. */
export async function createDatabaseFromTemplate(
  adminUrl: string,
  template: string,
  prefix: string,
  options: { max?: number } = {},
): Promise<DisposableDb> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await withAdmin(adminUrl, (client) =>
    client.query(`create database ${quote(name)} template ${quote(template)}`),
  );
  const url = withDatabaseName(adminUrl, name);
  const db = createDb(url, options);
  return {
    db,
    url,
    name,
    drop: async () => {
      await db.destroy();
      await withAdmin(adminUrl, (client) =>
        client.query(`drop database if exists ${quote(name)} with (force)`),
      );
    },
  };
}
