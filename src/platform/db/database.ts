/** The Kysely handle over a pg pool, with the type parsers our decisions need. */
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or an open transaction: repositories take whichever they are given. */
export type Executor = Db | Tx;

const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * Calendar dates stay `YYYY-MM-DD` strings (a JS Date would be local midnight and can be the wrong day)
 * and bigint stays a string, converted once with a safe-integer guard (docs/decisions/0001, 0002).
 */
const types = new pg.TypeOverrides();
types.setTypeParser(DATE_OID, (value: string) => value);
types.setTypeParser(INT8_OID, (value: string) => value);

/** Opens a pool-backed Kysely instance on the given connection string. */
export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    types,
    max: options.max ?? 10,
    application_name: 'openydelse',
  });
  // An idle connection the server closes (a restart, shutdown) must not crash the process; the pool
  // replaces it, and a query on a dead server fails where it is made.
  pool.on('error', (error) => process.stderr.write(`Databaseforbindelse lukket: ${error.message}\n`));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** True when the database answers a trivial query. */
export async function pingDb(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
