/**
 * The effectuated acting municipality (handleansvar) of a person over time: one open period at a time
 * (a partial unique index enforces it). The rules that decide it live in acting-municipality/; this is
 * where every context reads it.
 */
import { Temporal } from 'temporal-polyfill';
import { fail, ok, type MunicipalityCode, type Result } from '../../kernel/index.ts';
import { sql } from 'kysely';
import { prepared, type Executor } from '../../platform/db/database.ts';

export interface ActingPeriod {
  readonly municipality: MunicipalityCode | null;
  readonly from: Temporal.Instant;
  readonly to: Temporal.Instant | null;
  /** Why this municipality acts: `bopael`, `manuel`, `udlandet`. */
  readonly reason: string;
}

const instant = (value: Date): Temporal.Instant => Temporal.Instant.fromEpochMilliseconds(value.getTime());

/** The acting municipality at an instant: null for none (abroad), undefined if the person had none yet. */
export async function findActingAt(
  tx: Executor,
  personId: string,
  at: Temporal.Instant,
): Promise<MunicipalityCode | null | undefined> {
  const row = await tx
    .selectFrom('acting_periods')
    .select('municipality')
    .where('person_id', '=', personId)
    .where('from_at', '<=', new Date(at.epochMilliseconds))
    .orderBy('from_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : (row.municipality as MunicipalityCode | null);
}

/** Who acts now, as the newest period says (the open one). */
export async function findCurrentActing(tx: Executor, personId: string): Promise<MunicipalityCode | null> {
  const row = await tx
    .selectFrom('acting_periods')
    .select('municipality')
    .where('person_id', '=', personId)
    .where('to_at', 'is', null)
    .executeTakeFirst();
  return (row?.municipality ?? null) as MunicipalityCode | null;
}

/**
 * Refuses (`ikke-handlekommune`) unless `municipality` acts for the person now; `refusal` words it for the
 * process, given who acts ("ingen" abroad).
 */
export async function requireActing(
  tx: Executor,
  personId: string,
  municipality: string,
  refusal: (acting: string) => string,
): Promise<Result<void>> {
  const acting = await findCurrentActing(tx, personId);
  return acting === municipality ? ok(undefined) : fail('ikke-handlekommune', refusal(acting ?? 'ingen'));
}

/**
 * Closes the open period at `at` and opens the next one: two prepared statements, since the 04:00 run does
 * this for every transfer (one statement cannot, as the open-period index must see the old row closed).
 */
export async function startActingPeriod(
  tx: Executor,
  personId: string,
  municipality: MunicipalityCode | null,
  at: Temporal.Instant,
  reason: string,
): Promise<void> {
  const when = at.toString();
  await sql`${sql.raw(prepared('acting-period-close'))}
    update acting_periods set to_at = ${when}::timestamptz where person_id = ${personId}::uuid and to_at is null`.execute(
    tx,
  );
  await sql`${sql.raw(prepared('acting-period-open'))}
    insert into acting_periods (person_id, municipality, from_at, reason)
    values (${personId}::uuid, ${municipality}::char(3), ${when}::timestamptz, ${reason}::text)`.execute(tx);
}

/** The whole history, oldest first. */
export async function listActingPeriods(tx: Executor, personId: string): Promise<ActingPeriod[]> {
  const rows = await tx
    .selectFrom('acting_periods')
    .select(['municipality', 'from_at', 'to_at', 'reason'])
    .where('person_id', '=', personId)
    .orderBy('from_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    municipality: row.municipality as MunicipalityCode | null,
    from: instant(row.from_at),
    to: row.to_at === null ? null : instant(row.to_at),
    reason: row.reason,
  }));
}
