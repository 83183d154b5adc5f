/** Opens the configured database: DATABASE_URL if given, otherwise the embedded server. */
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { createDb, type Db } from './database.ts';
import { startEmbeddedPostgres } from './embedded.ts';

export interface OpenDatabase {
  readonly db: Db;
  /** The connection string in use (the embedded one's when no DATABASE_URL was given). */
  readonly url: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'ydelse';

/** Creates a database on the server if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** Replaces the database name of a connection string. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Opens the database of the configuration, starting the embedded server when DATABASE_URL is unset. */
export async function openDatabase(config: Config): Promise<OpenDatabase> {
  if (config.databaseUrl !== undefined) {
    const db = createDb(config.databaseUrl);
    return { db, url: config.databaseUrl, embedded: false, close: () => db.destroy() };
  }
  const server = await startEmbeddedPostgres(
    path.join(config.dataDir, 'postgres'),
    config.embeddedPostgresPort,
    { rootRuntime: config.rootRuntime },
  );
  const url = withDatabaseName(server.adminUrl, EMBEDDED_DATABASE);
  try {
    await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const db = createDb(url);
  return {
    db,
    url,
    embedded: true,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
