/**
 * The borgerliste: the citizens the caseworker's municipality acts for, by name, a page at a time, found
 * by any part of the name. Every citizen on the page is an access-logged read (purpose `borgerliste`).
 */
import { sql } from 'kysely';
import { checkText, fail, ok, uuidPattern, type Result } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';

export interface CitizenRow {
  readonly id: string;
  readonly name: string;
  readonly cpr: string;
}

export interface CitizenPage {
  readonly rows: readonly CitizenRow[];
  /** The last row's id, to ask for the next page with; absent on the last page. */
  readonly next?: string;
}

export interface CitizenQuery {
  /** Any part of the name; empty for everyone. */
  readonly name?: string | undefined;
  /** The id of the last citizen of the page before. */
  readonly after?: string | undefined;
  readonly limit?: number | undefined;
}

export const citizenPageSize = 50;

/** `anna_%` as a LIKE pattern that finds the text itself anywhere in a name. */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function listCitizens(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  query: CitizenQuery,
): Promise<Result<CitizenPage>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    if (actor.kind !== 'bruger' || actor.municipality === null) {
      return fail('ikke-godkendt', 'Borgerlisten kræver en bruger i en kommune');
    }
    const name = checkText((query.name ?? '').trim(), 'name', 'name');
    if (!name.ok) return name;
    const after = query.after ?? '';
    if (after !== '' && !uuidPattern.test(after))
      return fail('ugyldigt-input', 'Ukendt side i borgerlisten', 'after');
    const limit = Math.min(Math.max(query.limit ?? citizenPageSize, 1), 200);
    const found = await sql<{ id: string }>`select id from ydelse_municipality_citizens(
        ${name.value === '' ? '' : containing(name.value)}, ${after === '' ? null : after}::uuid, ${limit + 1})`.execute(
      context.tx,
    );
    const ids = found.rows.map((row) => row.id);
    const shown = ids.slice(0, limit);
    const persons =
      shown.length === 0
        ? []
        : await context.tx
            .selectFrom('persons')
            .select(['id', 'name', 'cpr'])
            .where('id', 'in', shown)
            .execute();
    const byId = new Map(persons.map((person) => [person.id, person]));
    const rows = shown.flatMap((id) => {
      const person = byId.get(id);
      return person === undefined ? [] : [{ id, name: person.name, cpr: person.cpr }];
    });
    for (const row of rows) context.logAccess({ personId: row.id, purpose: 'borgerliste' });
    const last = rows.at(-1);
    return ok({ rows, ...(ids.length > limit && last !== undefined ? { next: last.id } : {}) });
  });
}
