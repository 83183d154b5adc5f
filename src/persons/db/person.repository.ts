/** Persons and their histories in PostgreSQL; rows become domain values here and nowhere else. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { Executor } from '../../platform/db/database.ts';
import type { StatementPart } from '../../platform/db/statement-parts.ts';
import type { Cpr, CountryCode, MunicipalityCode, Residence } from '../../kernel/index.ts';
import type { CivilStatus, Person, PersonData } from '../domain/person.ts';

const date = (value: string): Temporal.PlainDate => Temporal.PlainDate.from(value);
const optionalDate = (value: string | null): Temporal.PlainDate | null =>
  value === null ? null : date(value);

function rowToResidence(row: { municipality: string | null; country: string | null }): Residence {
  return row.municipality !== null
    ? { kind: 'municipality', municipality: row.municipality as MunicipalityCode }
    : { kind: 'abroad', country: (row.country ?? '') as CountryCode };
}

/** Inserts a new person with all histories; returns the new id. */
/**
 * Whether the CPR number is registered, also when row-level security hides the person from the caller
 * (a SECURITY DEFINER function of migration 0018 that answers only yes or no).
 */
export async function isCprRegistered(tx: Executor, cpr: Cpr): Promise<boolean> {
  const result = await sql<{
    registered: boolean;
  }>`select ydelse_cpr_registered(${cpr}) as registered`.execute(tx);
  return result.rows[0]?.registered === true;
}

/**
 * Inserts the person with an id made here: under row-level security a new person is not yet related to
 * the caseworker's municipality, so the row could not be returned from the insert.
 */
export async function insertPerson(tx: Executor, person: PersonData, now: Temporal.Instant): Promise<string> {
  const id = randomUUID();
  await tx
    .insertInto('persons')
    .values({
      id,
      cpr: person.cpr,
      name: person.name,
      civil_status: person.civilStatus,
      spouse_cpr: person.spouse,
      cpr_subscription: person.cprSubscription,
      health_card: person.healthCard,
      created_at: now.toString(),
    })
    .execute();
  await tx
    .insertInto('residences')
    .values(
      person.residence.map((entry) => ({
        person_id: id,
        valid_from: entry.from.toString(),
        municipality: entry.residence.kind === 'municipality' ? entry.residence.municipality : null,
        country: entry.residence.kind === 'abroad' ? entry.residence.country : null,
        registered_at: now.toString(),
        // What CPR knew when the person was registered is in effect from the start.
        effectuated_at: now.toString(),
        effectuated_municipality:
          entry.residence.kind === 'municipality' ? entry.residence.municipality : null,
        effectuated_country: entry.residence.kind === 'abroad' ? entry.residence.country : null,
      })),
    )
    .execute();
  if (person.institutionStays.length > 0) {
    await tx
      .insertInto('institution_stays')
      .values(
        person.institutionStays.map((stay) => ({
          person_id: id,
          valid_from: stay.from.toString(),
          valid_to: stay.to?.toString() ?? null,
        })),
      )
      .execute();
  }
  if (person.administration.length > 0) {
    await tx
      .insertInto('administration_arrangements')
      .values(
        person.administration.map((period) => ({
          person_id: id,
          municipality: period.municipality,
          valid_from: period.from.toString(),
          valid_to: period.to?.toString() ?? null,
        })),
      )
      .execute();
  }
  return id;
}

/** Finds a person by CPR number with all histories, or undefined. */
export async function findPersonByCpr(tx: Executor, cpr: Cpr): Promise<Person | undefined> {
  const row = await tx.selectFrom('persons').selectAll().where('cpr', '=', cpr).executeTakeFirst();
  if (row === undefined) return undefined;
  const [residences, stays, administration] = await Promise.all([
    tx
      .selectFrom('residences')
      .select(['valid_from', 'municipality', 'country'])
      .where('person_id', '=', row.id)
      .orderBy('valid_from')
      .execute(),
    tx
      .selectFrom('institution_stays')
      .select(['valid_from', 'valid_to'])
      .where('person_id', '=', row.id)
      .orderBy('valid_from')
      .execute(),
    tx
      .selectFrom('administration_arrangements')
      .select(['municipality', 'valid_from', 'valid_to'])
      .where('person_id', '=', row.id)
      .orderBy('valid_from')
      .execute(),
  ]);
  return {
    id: row.id,
    version: row.version,
    cpr: row.cpr as Cpr,
    name: row.name,
    civilStatus: row.civil_status as CivilStatus,
    spouse: row.spouse_cpr as Cpr | null,
    cprSubscription: row.cpr_subscription,
    healthCard: row.health_card,
    residence: residences.map((r) => ({ residence: rowToResidence(r), from: date(r.valid_from) })),
    institutionStays: stays.map((s) => ({ from: date(s.valid_from), to: optionalDate(s.valid_to) })),
    administration: administration.map((a) => ({
      municipality: a.municipality as MunicipalityCode,
      from: date(a.valid_from),
      to: optionalDate(a.valid_to),
    })),
  };
}

/** A person's CPR number and spouse by id (what task rules and views need without the histories). */
/** The CPR number of the person with the id (a page's address), or undefined; a malformed id is none. */
export async function findPersonCpr(tx: Executor, id: string): Promise<Cpr | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return undefined;
  const row = await tx.selectFrom('persons').select('cpr').where('id', '=', id).executeTakeFirst();
  return row?.cpr as Cpr | undefined;
}

export async function findPersonSummary(
  tx: Executor,
  id: string,
): Promise<{ readonly cpr: Cpr; readonly name: string; readonly spouse: Cpr | null } | undefined> {
  const row = await tx
    .selectFrom('persons')
    .select(['cpr', 'name', 'spouse_cpr'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { cpr: row.cpr as Cpr, name: row.name, spouse: row.spouse_cpr as Cpr | null };
}

/** Whether any person is registered (the demo seed runs only on an empty database). */
export async function anyPersonExists(tx: Executor): Promise<boolean> {
  const row = await tx.selectFrom('persons').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Locks the person's row for the rest of the transaction (`FOR UPDATE`); returns the CPR and review date. */
export async function lockPerson(
  tx: Executor,
  personId: string,
): Promise<{ cpr: Cpr; actingReviewOn: Temporal.PlainDate | null } | undefined> {
  const row = await tx
    .selectFrom('persons')
    .select(['cpr', 'acting_review_on'])
    .where('id', '=', personId)
    .forUpdate()
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { cpr: row.cpr as Cpr, actingReviewOn: optionalDate(row.acting_review_on) };
}

/** A residence entry as the history and the 04:00 run see it. */
export interface StoredResidence {
  readonly from: Temporal.PlainDate;
  readonly residence: Residence;
  /** The sequence number of the CPR message that decided the date; null for a registration. */
  readonly sequence: number | null;
  /** Whether the 04:00 run has put a residence in force for this date (this one, or one it corrects). */
  readonly effectuated: boolean;
}

/** The person's residence history, oldest first, with the deciding sequence numbers. */
export async function findResidenceHistory(tx: Executor, personId: string): Promise<StoredResidence[]> {
  const rows = await tx
    .selectFrom('residences')
    .select([
      'valid_from',
      'municipality',
      'country',
      'sequence',
      'effectuated_at',
      'effectuated_municipality',
      'effectuated_country',
    ])
    .where('person_id', '=', personId)
    .orderBy('valid_from')
    .execute();
  return rows.map((r) => ({
    from: date(r.valid_from),
    residence: rowToResidence(r),
    sequence: r.sequence === null ? null : Number(r.sequence),
    effectuated:
      r.effectuated_at !== null || r.effectuated_municipality !== null || r.effectuated_country !== null,
  }));
}

/**
 * Writes the history's entry for a date from CPR (with the message's sequence number) or a caseworker; the
 * 04:00 run effectuates it. The caller has decided that the entry wins its date (residence-history.ts). An
 * entry whose residence changes waits for the run again; one that keeps its residence keeps its state.
 */
export async function upsertPendingResidence(
  tx: Executor,
  personId: string,
  from: Temporal.PlainDate,
  residence: Residence,
  source: 'cpr' | 'manuel',
  now: Temporal.Instant,
  sequence: number | null = null,
): Promise<void> {
  const municipality = residence.kind === 'municipality' ? residence.municipality : null;
  const country = residence.kind === 'abroad' ? residence.country : null;
  await tx
    .insertInto('residences')
    .values({
      person_id: personId,
      valid_from: from.toString(),
      municipality,
      country,
      registered_at: now.toString(),
      effectuated_at: null,
      source,
      sequence,
    })
    .onConflict((c) =>
      c.columns(['person_id', 'valid_from']).doUpdateSet({
        municipality,
        country,
        registered_at: now.toString(),
        effectuated_at: sql<string | null>`case
          when residences.municipality is not distinct from ${municipality}::char(3)
            and residences.country is not distinct from ${country}::char(2)
          then residences.effectuated_at end`,
        source,
        sequence,
      }),
    )
    .execute();
}

/** Sets when the daily run must look at the person next; `earliest` keeps an earlier date already set. */
export async function setActingReview(
  tx: Executor,
  personId: string,
  on: Temporal.PlainDate | null,
  mode: 'replace' | 'earliest',
): Promise<void> {
  const value = on?.toString() ?? null;
  await tx
    .updateTable('persons')
    .set({
      acting_review_on:
        mode === 'replace' || value === null
          ? value
          : sql<string>`least(coalesce(acting_review_on, ${value}::date), ${value}::date)`,
    })
    .where('id', '=', personId)
    .execute();
}

/** Persons the daily run of `date` must look at, after `afterId`, in id order. */
export async function listPersonsDueForReview(
  tx: Executor,
  date: Temporal.PlainDate,
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  let query = tx
    .selectFrom('persons')
    .select('id')
    .where('acting_review_on', '<=', date.toString())
    .orderBy('id')
    .limit(limit);
  if (afterId !== null) query = query.where('id', '>', afterId);
  return (await query.execute()).map((row) => row.id);
}

/**
 * The persons' part of the 04:00 run's one write (docs/decisions/0019): the residence entries the run put in
 * force, as they stand, and the person's next review date, both as the run decided them.
 */
export const personsDailyRunPart: StatementPart<{
  readonly personId: string;
  readonly now: Temporal.Instant;
  readonly effectuate: readonly string[];
  readonly nextReview: Temporal.PlainDate | null;
}> = {
  name: 'persons',
  expressions: (w) => sql`
      effectuated as (
        update residences set effectuated_at = ${w.now.toString()}::timestamptz,
          effectuated_municipality = municipality, effectuated_country = country
        where id = any(${w.effectuate.map(Number)}::bigint[]) returning 1),
      reviewed as (
        update persons set acting_review_on = ${w.nextReview?.toString() ?? null}::date
        where id = ${w.personId}::uuid returning 1)`,
};
