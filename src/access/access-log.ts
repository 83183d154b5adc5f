/**
 * Searching the access log (logning af opslag): the municipality's system owner sees who of the
 * municipality's users read which citizen's data, when, through which channel and why. The search is itself
 * a read of the citizens it shows, and is logged as one.
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import {
  fail,
  formatCpr,
  inField,
  ok,
  parseCpr,
  parseDate,
  parseUserId,
  type Cpr,
  type Result,
} from '../kernel/index.ts';
import { storedInstant } from '../platform/db/database.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';

export const ACCESS_LOG_MAX_LIMIT = 500;

export interface AccessLogQuery {
  readonly cpr?: string | undefined;
  /** A user id of the municipality (`sb101`). */
  readonly user?: string | undefined;
  /** Dates, both included, Danish time. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit?: number | undefined;
}

export interface AccessLogRow {
  readonly at: string;
  readonly actor: string;
  readonly cpr: string;
  readonly name: string;
  readonly purpose: string;
  readonly channel: string;
}

const dayStart = (date: Temporal.PlainDate): string =>
  date.toZonedDateTime({ timeZone: 'Europe/Copenhagen' }).toInstant().toString();

/** The newest rows first, at most `limit` (default 100). */
export function searchAccessLog(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  query: AccessLogQuery,
): Promise<Result<AccessLogRow[]>> {
  return runUseCase(deps, actor, channel, 'adgangslog', async (context) => {
    if (actor.kind !== 'bruger' || actor.municipality === null) {
      return fail('ingen-adgang', 'Adgangsloggen søges af en systemansvarlig i en kommune');
    }
    const limit = query.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > ACCESS_LOG_MAX_LIMIT) {
      return fail('ugyldigt-input', `Antal skal være 1-${String(ACCESS_LOG_MAX_LIMIT)}`, 'limit');
    }
    const cpr = query.cpr === undefined ? undefined : inField(parseCpr(query.cpr), 'cpr');
    if (cpr !== undefined && !cpr.ok) return cpr;
    const user = query.user === undefined ? undefined : parseUserId(query.user, 'user');
    if (user !== undefined && !user.ok) return user;
    const from = query.from === undefined ? undefined : inField(parseDate(query.from), 'from');
    if (from !== undefined && !from.ok) return from;
    const to = query.to === undefined ? undefined : inField(parseDate(query.to), 'to');
    if (to !== undefined && !to.ok) return to;
    if (from?.ok === true && to?.ok === true && Temporal.PlainDate.compare(from.value, to.value) > 0) {
      return fail('ugyldig-periode', 'Fra-datoen ligger efter til-datoen', 'from');
    }
    let select = context.tx
      .selectFrom('access_log as a')
      .innerJoin('persons as p', 'p.id', 'a.person_id')
      .select(['a.at', 'a.actor', 'a.person_id', 'p.cpr', 'p.name', 'a.purpose', 'a.channel'])
      .where('a.actor_municipality', '=', actor.municipality);
    if (cpr?.ok === true) select = select.where('p.cpr', '=', cpr.value.cpr);
    if (user?.ok === true)
      select = select.where('a.actor', '=', `bruger:${user.value}@${actor.municipality}`);
    if (from?.ok === true)
      select = select.where('a.at', '>=', sql<Date>`${dayStart(from.value)}::timestamptz`);
    if (to?.ok === true) {
      select = select.where('a.at', '<', sql<Date>`${dayStart(to.value.add({ days: 1 }))}::timestamptz`);
    }
    const rows = await select.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
    for (const personId of new Set(rows.map((row) => row.person_id))) {
      context.logAccess({ personId, purpose: 'adgangslog' });
    }
    return ok(
      rows.map((row) => ({
        at: storedInstant(row.at).toString(),
        actor: row.actor,
        cpr: formatCpr(row.cpr as Cpr),
        name: row.name,
        purpose: row.purpose,
        channel: row.channel,
      })),
    );
  });
}
