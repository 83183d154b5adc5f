import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from './schema.ts';
import { composeWrite, type StatementPart } from './statement-parts.ts';

/** A database that runs nothing and keeps every statement's text and parameters. */
function recordingDb(): { db: Kysely<Database>; sent: { sql: string; parameters: readonly unknown[] }[] } {
  const sent: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      sent.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  return { db, sent };
}

interface Values {
  readonly ids: readonly number[];
  readonly note: string;
}

const stopping: StatementPart<{ readonly ids: readonly number[] }> = {
  name: 'stopping',
  expressions: (v) => sql`stopped as (update t set s = 1 where id = any(${v.ids}::bigint[]) returning 1)`,
};
const noting: StatementPart<{ readonly note: string }> = {
  name: 'noting',
  expressions: (v) => sql`noted as (insert into n (text) values (${v.note}) returning 1)`,
};

describe('a write built from parts', () => {
  it('is one prepared statement of every part, with the same text whatever the values', async () => {
    const { db, sent } = recordingDb();
    const write = composeWrite<Values>('test-write', [stopping, noting]);
    await write(db, { ids: [1, 2, 3], note: 'a' });
    await write(db, { ids: [], note: 'b' });
    expect(sent).toHaveLength(2);
    expect(sent[0]?.sql).toMatch(
      /^\/\* prepare:test-write-[0-9a-f]+ \*\/ with stopped as \(.*\), noted as \(.*\) select 1$/s,
    );
    expect(sent[1]?.sql).toBe(sent[0]?.sql);
    expect(sent[0]?.parameters).toEqual([[1, 2, 3], 'a']);
    expect(sent[1]?.parameters).toEqual([[], 'b']);
  });

  it('names another list of parts differently, so prepared statements never collide', async () => {
    const { db, sent } = recordingDb();
    await composeWrite<Values>('test-write', [stopping, noting])(db, { ids: [1], note: 'a' });
    await composeWrite<Values>('test-write', [stopping])(db, { ids: [1], note: 'a' });
    const name = (text: string | undefined) => /prepare:([a-z0-9-]+)/.exec(text ?? '')?.[1];
    expect(name(sent[0]?.sql)).not.toBe(name(sent[1]?.sql));
  });

  it('refuses a part registered twice, a name it cannot prepare under, and no parts', () => {
    expect(() => composeWrite<Values>('test-write', [stopping, stopping])).toThrow(/to gange/);
    expect(() => composeWrite<Values>('test write', [stopping])).toThrow(/Ugyldigt navn/);
    expect(() => composeWrite<Values>('test-write', [])).toThrow(/ingen dele/);
  });
});
