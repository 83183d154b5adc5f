/**
 * The error queue of inbound CPR messages (fejlkø): every refused message with when it arrived, its
 * sequence number and CPR number as sent, the reason and the raw content. Newest first, one page at a time
 * by id (keyset), so a long queue is read without offsets.
 */
import { sql, type SqlBool } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { fail, ok, type Result } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';

export const CPR_ERRORS_DEFAULT_LIMIT = 50;
export const CPR_ERRORS_MAX_LIMIT = 1000;

export interface CprErrorQuery {
  /** How many to return, 1 to 1000; default 50. */
  readonly limit?: number | undefined;
  /** Only entries older than this id (the `next` of the page before). */
  readonly after?: string | undefined;
}

export interface CprErrorEntry {
  readonly id: string;
  readonly receivedAt: Temporal.Instant;
  /** The sequence number as sent; -1 when it was not a usable number. */
  readonly sequence: number;
  /** The CPR number as sent (not necessarily valid). */
  readonly cpr: string;
  readonly code: string;
  readonly message: string;
  /** The field at fault, when one was. */
  readonly field: string | null;
  /** The message's fields, every text storable (NUL and lone surrogates as `\uXXXX`), long values cut. */
  readonly content: Readonly<Record<string, unknown>>;
  /** The message as received (JSON text, escaped likewise); null for entries queued before it was kept. */
  readonly raw: string | null;
}

export interface CprErrorPage {
  readonly entries: readonly CprErrorEntry[];
  /** The id to pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

/** Lists refused CPR messages, newest first. */
export function listCprErrors(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  query: CprErrorQuery = {},
): Promise<Result<CprErrorPage>> {
  return runUseCase(deps, actor, channel, 'laes-cpr-fejl', async (context) => {
    const limit = query.limit ?? CPR_ERRORS_DEFAULT_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > CPR_ERRORS_MAX_LIMIT) {
      return fail('ugyldigt-input', `Antal skal være et heltal fra 1 til ${CPR_ERRORS_MAX_LIMIT}`, 'limit');
    }
    if (query.after !== undefined && !/^[1-9]\d{0,17}$/.test(query.after)) {
      return fail('ugyldigt-input', 'after skal være id på en post i fejlkøen (et positivt heltal)', 'after');
    }
    let select = context.tx
      .selectFrom('cpr_messages')
      .select([
        'id',
        'received_at',
        'sequence',
        'cpr',
        'content',
        'error_code',
        'error_message',
        'error_field',
        'raw',
      ])
      .where('status', '=', 'afvist');
    // A municipality's user sees the messages that name the municipality, and those about a citizen the
    // municipality is related to now (the read policy, as the database states it: migration 0018).
    // The installation's operator (a system owner without a municipality) sees the whole queue, also the
    // lines that name no citizen or municipality.
    if (actor.kind === 'bruger' && actor.municipality !== null) {
      const municipality = actor.municipality;
      select = select.where(
        sql<SqlBool>`(content->>'municipality' in (${municipality}, ${`0${municipality}`}) or exists (
          select 1 from persons p where p.cpr = replace(cpr_messages.cpr, '-', '') and ydelse_may_see_person(p.id)))`,
      );
    }
    if (query.after !== undefined) select = select.where('id', '<', query.after);
    const rows = await select
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    // Every known citizen an entry names is logged, also one the reader sees only through the message.
    const cprs = [...new Set(page.map((row) => row.cpr.replace('-', '')))];
    const { rows: known } = await sql<{
      id: string;
    }>`select ydelse_person_ids(${cprs}::text[]) as id`.execute(context.tx);
    for (const person of known) context.logAccess({ personId: person.id, purpose: 'cpr-fejlkoe' });
    return ok({
      entries: page.map((row) => ({
        id: row.id,
        receivedAt: Temporal.Instant.fromEpochMilliseconds(row.received_at.getTime()),
        sequence: Number(row.sequence),
        cpr: row.cpr,
        code: row.error_code ?? 'ukendt',
        message: row.error_message ?? '',
        field: row.error_field,
        content: row.content,
        raw: row.raw,
      })),
      next: rows.length > limit && last !== undefined ? last.id : null,
    });
  });
}
