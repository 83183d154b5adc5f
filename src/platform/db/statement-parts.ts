/**
 * One write statement built from parts that contexts register (docs/decisions/0019): each context gives
 * the data-modifying common table expressions for its own tables, taking values already decided, and the
 * composition root lists the parts. The statement is `with <every part's expressions> select 1`: PostgreSQL
 * runs every data-modifying expression of a `with` exactly once, whether or not anything reads it, so the
 * parts are independent of each other and of their order. Its text is fixed by the list of parts, so it is
 * prepared once per connection like any hot statement.
 */
import { sql, type RawBuilder } from 'kysely';
import { prepared, type Executor } from './database.ts';

/** A context's share of a composed write. */
export interface StatementPart<V> {
  /** Names the part (lower case, digits and hyphens); unique among a statement's parts. */
  readonly name: string;
  /**
   * The part's common table expressions, `name as (...)` separated by commas, with the values as
   * parameters. The text must not depend on the values (lists go in as array parameters, rows as JSON), and
   * the expressions' names must be the part's own.
   */
  readonly expressions: (values: V) => RawBuilder<unknown>;
}

const partName = /^[a-z0-9-]+$/;

/** A short, stable name for the list of parts, so two different lists never share a prepared name. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

/** The write the parts make together, as one prepared statement named after `name` and the parts. */
export function composeWrite<V>(
  name: string,
  parts: readonly StatementPart<V>[],
): (tx: Executor, values: V) => Promise<void> {
  const names = parts.map((part) => part.name);
  const invalid = [name, ...names].find((n) => !partName.test(n));
  if (invalid !== undefined) throw new Error(`Ugyldigt navn på en del af en skrivning: '${invalid}'`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`Delen '${twice}' er registreret to gange i '${name}'`);
  if (parts.length === 0) throw new Error(`Skrivningen '${name}' har ingen dele`);
  const statement = prepared(`${name}-${fingerprint(names.join(','))}`);
  return async (tx, values) => {
    const expressions = sql.join(
      parts.map((part) => part.expressions(values)),
      sql`, `,
    );
    await sql`${sql.raw(statement)}with ${expressions} select 1`.execute(tx);
  };
}
