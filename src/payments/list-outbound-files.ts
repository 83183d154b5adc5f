/** The outbound files to UDK and NemKonto, for the operator to list and fetch. */
import { Temporal } from 'temporal-polyfill';
import { fail, ok, type Result } from '../kernel/index.ts';
import type { Executor } from '../platform/db/database.ts';

export interface OutboundFileInfo {
  readonly id: string;
  readonly kind: string;
  readonly municipality: string;
  readonly period: string;
  readonly fileName: string;
  readonly records: number;
  readonly createdAt: Temporal.Instant;
}

/** Lists the files, newest first, optionally for one month (`YYYY-MM`). */
export async function listOutboundFiles(
  db: Executor,
  period?: Temporal.PlainYearMonth,
): Promise<OutboundFileInfo[]> {
  let query = db
    .selectFrom('outbound_files')
    .select(['id', 'kind', 'municipality', 'period', 'file_name', 'records', 'created_at'])
    .orderBy('id', 'desc');
  if (period !== undefined) query = query.where('period', '=', period.toPlainDate({ day: 1 }).toString());
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    municipality: r.municipality,
    period: r.period.slice(0, 7),
    fileName: r.file_name,
    records: r.records,
    createdAt: Temporal.Instant.fromEpochMilliseconds(r.created_at.getTime()),
  }));
}

/** One file's name, media type and content. */
export async function getOutboundFile(
  db: Executor,
  id: string,
): Promise<Result<{ fileName: string; mediaType: string; content: Buffer }>> {
  if (!/^\d{1,18}$/.test(id)) return fail('ugyldigt-input', 'Fil-id skal være et tal', 'id');
  const row = await db
    .selectFrom('outbound_files')
    .select(['file_name', 'media_type', 'content'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined
    ? fail('ikke-fundet', `Filen ${id} findes ikke`, 'id')
    : ok({ fileName: row.file_name, mediaType: row.media_type, content: row.content });
}
