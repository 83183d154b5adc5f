/** The Kysely handle over a pg pool, with the type parsers our decisions need. */
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or an open transaction: repositories take whichever they are given. */
export type Executor = Db | Tx;

/** A stored timestamp (a `timestamptz` as the driver returns it, a Date, or its ISO text) as an Instant. */
export function storedInstant(value: Date | string): Temporal.Instant {
  return value instanceof Date
    ? Temporal.Instant.fromEpochMilliseconds(value.getTime())
    : Temporal.Instant.from(value);
}

const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * Calendar dates stay `YYYY-MM-DD` strings (a JS Date would be local midnight and can be the wrong day)
 * and bigint stays a string, converted once with a safe-integer guard (docs/decisions/0001, 0002).
 */
const types = new pg.TypeOverrides();
types.setTypeParser(DATE_OID, (value: string) => value);
types.setTypeParser(INT8_OID, (value: string) => value);

const PREPARED = /^\/\* prepare:([a-z0-9-]+) \*\//;

/**
 * Marks a hot statement to be prepared once per connection under `name`: the server then skips parsing
 * and planning on every later execution (for the 04:00 run's per-person statements, planning took three
 * times as long as executing). The name must be unique to the text.
 */
export const prepared = (name: string): string => `/* prepare:${name} */ `;

/** Passes statements marked with `prepared` to pg as named prepared statements. */
function preparingClient(client: pg.PoolClient): pg.PoolClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
      return (text: unknown, values?: unknown[]) => {
        const match = typeof text === 'string' ? PREPARED.exec(text) : null;
        return match === null
          ? target.query(text as string, values)
          : target.query({ name: match[1], text: text as string, values: values ?? [] });
      };
    },
  });
}

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
  // pool.end() resolves before its connections have closed; a server stopped right after (the CLI's
  // embedded one) would then terminate them, and each would be reported above. So `end` waits for them.
  const open = new Set<pg.Client>();
  pool.on('connect', (client) => {
    open.add(client);
    client.once('end', () => open.delete(client));
  });
  const preparing = {
    options: pool.options,
    connect: async () => preparingClient(await pool.connect()),
    end: async () => {
      const closing = [...open].map((client) => new Promise((resolve) => client.once('end', resolve)));
      await pool.end();
      await Promise.all(closing);
    },
  };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparing }) });
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
