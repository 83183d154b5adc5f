/** The events of one case (those whose data names it), oldest first, for the case page. */
import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { storedInstant, type Executor } from '../../platform/db/database.ts';

export interface CaseEvent {
  readonly type: string;
  readonly occurredAt: Temporal.Instant;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export async function listCaseEvents(tx: Executor, personId: string, caseId: string): Promise<CaseEvent[]> {
  const rows = await tx
    .selectFrom('events')
    .select(['type', 'occurred_at', 'actor', 'data'])
    .where('person_id', '=', personId)
    .where(sql<boolean>`data->>'case' = ${caseId}`)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    type: row.type,
    occurredAt: storedInstant(row.occurred_at),
    actor: row.actor,
    data: row.data,
  }));
}
