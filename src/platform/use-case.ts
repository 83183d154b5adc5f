/**
 * The shell every use case runs in: one transaction that holds the change, its events (hændelser) and the
 * access-log rows. A refused command rolls back, so nothing is ever half-written.
 */
import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { Clock, DomainError, DomainEvent, MunicipalityCode, Result } from '../kernel/index.ts';
import { err, localDate, ok } from '../kernel/index.ts';
import { loadPersonAccessFacts } from '../access/db/person-facts.ts';
import { authorize, mayReadPerson, type Action } from '../access/domain/policy.ts';
import { actorLabel, type Actor } from './actor.ts';
import type { Db, Executor, Tx } from './db/database.ts';
import { enterScope, type RlsScope } from './db/rls.ts';
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
  /**
   * Logs a read of a person's data in this transaction, for rows the query itself limited to what the
   * actor may see (the inbox of the actor's municipality). A read of one person uses `mayRead`.
   */
  logAccess(access: AccessRecord): void;
  /**
   * Checks the read policy for the person (src/access/domain/policy.ts) and, when it allows, logs the
   * read. False means: answer as if the person did not exist (`personNotFound`).
   */
  mayRead(personId: string, purpose: string): Promise<boolean>;
}

/**
 * The row-level security scope of an actor: a user's municipality; the system, the integrations and the
 * installation's operator (a user without a municipality, whom the policies let take only the
 * installation's own actions) see all.
 */
function rlsScope(actor: Actor): RlsScope {
  return actor.kind === 'bruger' && actor.municipality !== null
    ? { municipality: actor.municipality }
    : 'alle';
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
 * Runs `work` as `action` in one transaction with the clock's `now`, once the action's policy allows the
 * actor; writes the recorded events and access rows in the same transaction. An `err` result rolls
 * everything back and is returned as it is.
 */
export async function runUseCase<T>(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  action: Action,
  work: (context: UseCaseContext) => Promise<Result<T>>,
): Promise<Result<T>> {
  const allowed = authorize(actor, action);
  if (!allowed.ok) return allowed;
  const now = deps.clock.now();
  const accesses: AccessRecord[] = [];
  try {
    const value = await deps.db.transaction().execute(async (tx) => {
      // The database's second line (migration 0018): a user's transaction sees only the persons related to
      // the user's municipality, and may not change events or the access log.
      await enterScope(tx, rlsScope(actor), { today: localDate(now) });
      const events: NewEvent[] = [];
      const result = await work({
        tx,
        now,
        actor,
        record: (event) => events.push(event),
        logAccess: (access) => accesses.push(access),
        mayRead: async (personId, purpose) => {
          const facts =
            actor.kind === 'bruger'
              ? await loadPersonAccessFacts(tx, personId, localDate(now))
              : { relations: [] };
          if (mayReadPerson(actor, facts) === null) return false;
          accesses.push({ personId, purpose });
          return true;
        },
      });
      if (!result.ok) throw new Refused(result.error);
      await insertEvents(tx, now, actor, events);
      await insertAccess(tx, now, actor, channel, accesses);
      return result.value;
    });
    return ok(value);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    // A refusal that shows what the person's data is now (a `konflikt` with the case or task as it is) is a
    // read too: its access rows are written although the change is not.
    if (error.refusal.details !== undefined && accesses.length > 0) {
      await deps.db.transaction().execute(async (tx) => {
        await enterScope(tx, rlsScope(actor), { today: localDate(now) });
        await insertAccess(tx, now, actor, channel, accesses);
      });
    }
    return err(error.refusal);
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
  // One statement whatever the count (a payout file names a municipality's every paid citizen): the rows
  // go as two arrays, not as parameters per row.
  await sql`insert into access_log (at, actor, actor_municipality, person_id, purpose, channel)
    select ${now.toString()}::timestamptz, ${actorLabel(actor)}, ${actor.kind === 'bruger' ? actor.municipality : null},
      a.person_id, a.purpose, ${channel}
    from unnest(${accesses.map((a) => a.personId)}::uuid[], ${accesses.map((a) => a.purpose)}::text[])
      as a(person_id, purpose)`.execute(tx);
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
