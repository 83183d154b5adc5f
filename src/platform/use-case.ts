/**
 * The shell every use case runs in: one transaction that holds the change, its events (hændelser) and the
 * access-log rows. A refused command rolls back, so nothing is ever half-written.
 */
import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { Clock, DomainError, DomainEvent, MunicipalityCode, Result } from '../kernel/index.ts';
import { err, ok } from '../kernel/index.ts';
import { actorLabel, type Actor } from './actor.ts';
import type { Db, Executor, Tx } from './db/database.ts';
import type { StatementPart } from './db/statement-parts.ts';

export interface Deps {
  readonly db: Db;
  readonly clock: Clock;
}

/**
 * An event to record with the change: a known type with data of its shape (src/kernel/events.ts), the
 * person and the municipality it concerns.
 */
export type NewEvent = DomainEvent & {
  readonly personId: string | null;
  readonly municipality: MunicipalityCode | null;
};

/** A read of a person's data, to be logged: which person and why. */
export interface AccessRecord {
  readonly personId: string;
  readonly purpose: string;
}

export interface UseCaseContext {
  readonly tx: Tx;
  readonly now: Temporal.Instant;
  readonly actor: Actor;
  /** Records an event in this transaction. */
  record(event: NewEvent): void;
  /** Logs a read of a person's data in this transaction. */
  logAccess(access: AccessRecord): void;
}

class Refused extends Error {
  readonly refusal: DomainError;
  constructor(refusal: DomainError) {
    super(refusal.message);
    this.refusal = refusal;
  }
}

/** Which entry point a request came through, for the access log. */
export type Channel = 'api' | 'cli' | 'web' | 'scenario' | 'job';

/**
 * Runs `work` in one transaction with the clock's `now`; writes the recorded events and access rows in the
 * same transaction. An `err` result rolls everything back and is returned as it is.
 */
export async function runUseCase<T>(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  work: (context: UseCaseContext) => Promise<Result<T>>,
): Promise<Result<T>> {
  const now = deps.clock.now();
  try {
    const value = await deps.db.transaction().execute(async (tx) => {
      const events: NewEvent[] = [];
      const accesses: AccessRecord[] = [];
      const result = await work({
        tx,
        now,
        actor,
        record: (event) => events.push(event),
        logAccess: (access) => accesses.push(access),
      });
      if (!result.ok) throw new Refused(result.error);
      await insertEvents(tx, now, actor, events);
      await insertAccess(tx, now, actor, channel, accesses);
      return result.value;
    });
    return ok(value);
  } catch (error) {
    if (error instanceof Refused) return err(error.refusal);
    throw error;
  }
}

async function insertEvents(
  tx: Executor,
  now: Temporal.Instant,
  actor: Actor,
  events: readonly NewEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx
    .insertInto('events')
    .values(
      events.map((event) => ({
        occurred_at: now.toString(),
        type: event.type,
        person_id: event.personId,
        municipality: event.municipality,
        actor: actorLabel(actor),
        data: JSON.stringify(event.data),
      })),
    )
    .execute();
}

async function insertAccess(
  tx: Executor,
  now: Temporal.Instant,
  actor: Actor,
  channel: Channel,
  accesses: readonly AccessRecord[],
): Promise<void> {
  if (accesses.length === 0) return;
  await tx
    .insertInto('access_log')
    .values(
      accesses.map((access) => ({
        at: now.toString(),
        actor: actorLabel(actor),
        actor_municipality: actor.kind === 'bruger' ? actor.municipality : null,
        person_id: access.personId,
        purpose: access.purpose,
        channel,
      })),
    )
    .execute();
}

/**
 * The events' part of the 04:00 run's one write (docs/decisions/0019): the events the run decided, recorded
 * as `context.record` records them, with the run's time and actor.
 */
export const eventsDailyRunPart: StatementPart<{
  readonly personId: string;
  readonly now: Temporal.Instant;
  readonly actor: string;
  readonly events: readonly (DomainEvent & { readonly municipality: MunicipalityCode | null })[];
}> = {
  name: 'events',
  expressions: (w) => sql`
      new_events as (
        insert into events (occurred_at, type, person_id, municipality, actor, data)
        select ${w.now.toString()}::timestamptz, e.type, ${w.personId}::uuid, e.municipality, ${w.actor}::text, e.data
        from jsonb_to_recordset(${JSON.stringify(w.events)}::jsonb) as e(type text, municipality text, data jsonb)
        returning 1)`,
};
