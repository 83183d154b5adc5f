/** A person's events (hændelser), newest last, as the overview shows them; the read is access-logged. */
import { Temporal } from 'temporal-polyfill';
import { inField, ok, parseCpr, type Result, personNotFound } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { findPersonByCpr } from './db/person.repository.ts';

export interface PersonEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: Temporal.Instant;
  readonly municipality: string | null;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Lists the events of the person with the CPR number, oldest first. */
export function listPersonEvents(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  purpose: string,
): Promise<Result<PersonEvent[]>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined || !(await context.mayRead(person.id, purpose))) return personNotFound();
    const rows = await context.tx
      .selectFrom('events')
      .select(['id', 'type', 'occurred_at', 'municipality', 'actor', 'data'])
      .where('person_id', '=', person.id)
      .orderBy('id')
      .execute();
    return ok(
      rows.map((row) => ({
        id: row.id,
        type: row.type,
        occurredAt: Temporal.Instant.fromEpochMilliseconds(row.occurred_at.getTime()),
        municipality: row.municipality,
        actor: row.actor,
        data: row.data,
      })),
    );
  });
}
