/**
 * The outbound files to UDK and NemKonto, for the pickup to fetch: a user of a municipality lists and
 * fetches the municipality's own files; the pickup integration (`udbetalingsfiler`) every municipality's.
 * A file holds CPR numbers and amounts, so fetching one logs a read of every citizen it names.
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { fail, ok, type Result } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { storedInstant } from '../platform/db/database.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';

export interface OutboundFileInfo {
  readonly id: string;
  readonly kind: string;
  readonly municipality: string;
  readonly period: string;
  readonly fileName: string;
  readonly records: number;
  readonly createdAt: Temporal.Instant;
}

/** The municipality whose files the actor sees; null for the pickup and the system, which see all. */
const ownMunicipality = (actor: Actor): string | null =>
  actor.kind === 'bruger' ? (actor.municipality ?? '---') : null;

/** Lists the files, newest first, optionally for one month (`YYYY-MM`); no citizen's data is read. */
export function listOutboundFiles(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  period?: Temporal.PlainYearMonth,
): Promise<Result<OutboundFileInfo[]>> {
  return runUseCase(deps, actor, channel, 'udbetalingsfiler', async (context) => {
    let query = context.tx
      .selectFrom('outbound_files')
      .select(['id', 'kind', 'municipality', 'period', 'file_name', 'records', 'created_at'])
      .orderBy('id', 'desc');
    const own = ownMunicipality(actor);
    if (own !== null) query = query.where('municipality', '=', own);
    if (period !== undefined) query = query.where('period', '=', period.toPlainDate({ day: 1 }).toString());
    const rows = await query.execute();
    return ok(
      rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        municipality: r.municipality,
        period: r.period.slice(0, 7),
        fileName: r.file_name,
        records: r.records,
        createdAt: storedInstant(r.created_at),
      })),
    );
  });
}

/** The CPR numbers a file names: the first column of each record (both kinds start with it). */
function cprsOf(content: Buffer): string[] {
  return content
    .toString('utf8')
    .split('\n')
    .flatMap((line) => /^(\d{10});/.exec(line)?.slice(1) ?? []);
}

/** One file's name, media type and content; every citizen in it is logged as read. */
export function getOutboundFile(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  id: string,
): Promise<Result<{ fileName: string; mediaType: string; content: Buffer }>> {
  return runUseCase(deps, actor, channel, 'udbetalingsfiler', async (context) => {
    if (!/^\d{1,18}$/.test(id)) return fail('ugyldigt-input', 'Fil-id skal være et tal', 'id');
    const row = await context.tx
      .selectFrom('outbound_files')
      .select(['file_name', 'media_type', 'content', 'municipality'])
      .where('id', '=', id)
      .executeTakeFirst();
    const own = ownMunicipality(actor);
    if (row === undefined || (own !== null && row.municipality !== own)) {
      return fail('ikke-fundet', `Filen ${id} findes ikke`, 'id');
    }
    const persons = await sql<{
      id: string;
    }>`select ydelse_person_ids(${cprsOf(row.content)}::text[]) as id`.execute(context.tx);
    for (const person of persons.rows)
      context.logAccess({ personId: person.id, purpose: `fil:${row.file_name}` });
    return ok({ fileName: row.file_name, mediaType: row.media_type, content: row.content });
  });
}
