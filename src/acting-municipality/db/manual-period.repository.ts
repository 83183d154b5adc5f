/** Manual acting-municipality periods and financing periods in PostgreSQL. */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { MunicipalityCode } from '../../kernel/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { StatementPart } from '../../platform/db/statement-parts.ts';
import type { ManualActingReason, ManualPeriod } from '../domain/acting-rule.ts';

const date = (value: string): Temporal.PlainDate => Temporal.PlainDate.from(value);

/** The person's current or coming manual period (not undone, not ended), if any. */
export async function findOpenManualPeriod(
  tx: Executor,
  personId: string,
): Promise<ManualPeriod | undefined> {
  const row = await tx
    .selectFrom('manual_acting_periods')
    .selectAll()
    .where('person_id', '=', personId)
    .where('undone_at', 'is', null)
    .where('ended_at', 'is', null)
    .orderBy('valid_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    municipality: row.municipality as MunicipalityCode,
    from: date(row.valid_from),
    to: row.valid_to === null ? null : date(row.valid_to),
    reason: row.reason as ManualActingReason,
    registeredBy: row.registered_by as MunicipalityCode,
    agreement: row.agreement,
    consent: row.consent,
    started: row.started_at !== null,
    ended: false,
  };
}

/** A manual period as the borgeroverblik shows it: planned, in force, ended or undone. */
export interface ManualPeriodRecord {
  readonly id: string;
  readonly municipality: MunicipalityCode;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly reason: string;
  readonly registeredBy: MunicipalityCode;
  readonly status: 'planlagt' | 'i-kraft' | 'ophoert' | 'fortrudt';
}

/** Every manual period of the person, the coming and the undone included, by start. */
export async function listManualPeriods(tx: Executor, personId: string): Promise<ManualPeriodRecord[]> {
  const rows = await tx
    .selectFrom('manual_acting_periods')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('valid_from')
    .orderBy('registered_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    municipality: row.municipality as MunicipalityCode,
    from: date(row.valid_from),
    to: row.valid_to === null ? null : date(row.valid_to),
    reason: row.reason,
    registeredBy: row.registered_by as MunicipalityCode,
    status:
      row.undone_at !== null
        ? 'fortrudt'
        : row.ended_at !== null
          ? 'ophoert'
          : row.started_at !== null
            ? 'i-kraft'
            : 'planlagt',
  }));
}

export interface NewManualPeriod {
  readonly municipality: MunicipalityCode;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly reason: ManualActingReason;
  readonly agreement: boolean;
  readonly consent: boolean;
  readonly registeredBy: MunicipalityCode;
}

/** Inserts a manual period; `startedAt` when it is in effect already (a registration that existed). */
export async function insertManualPeriod(
  tx: Executor,
  personId: string,
  period: NewManualPeriod,
  now: Temporal.Instant,
  startedAt: Temporal.Instant | null,
  endedAt: Temporal.Instant | null = null,
): Promise<string> {
  const { id } = await tx
    .insertInto('manual_acting_periods')
    .values({
      person_id: personId,
      municipality: period.municipality,
      valid_from: period.from.toString(),
      valid_to: period.to?.toString() ?? null,
      reason: period.reason,
      agreement: period.agreement,
      consent: period.consent,
      registered_by: period.registeredBy,
      registered_at: now.toString(),
      started_at: startedAt?.toString() ?? null,
      ended_at: endedAt?.toString() ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Changes a manual period's fields. */
export async function updateManualPeriod(
  tx: Executor,
  id: string,
  change: {
    readonly municipality?: MunicipalityCode;
    readonly from?: Temporal.PlainDate;
    readonly to?: Temporal.PlainDate | null;
    readonly reason?: ManualActingReason;
    readonly agreement?: boolean;
    readonly consent?: boolean;
  },
): Promise<void> {
  await tx
    .updateTable('manual_acting_periods')
    .set({
      ...(change.municipality === undefined ? {} : { municipality: change.municipality }),
      ...(change.from === undefined ? {} : { valid_from: change.from.toString() }),
      ...(change.to === undefined ? {} : { valid_to: change.to?.toString() ?? null }),
      ...(change.reason === undefined ? {} : { reason: change.reason }),
      ...(change.agreement === undefined ? {} : { agreement: change.agreement }),
      ...(change.consent === undefined ? {} : { consent: change.consent }),
    })
    .where('id', '=', id)
    .execute();
}

/** Undoes a registration (fortryd). */
export async function undoManualPeriod(tx: Executor, id: string, now: Temporal.Instant): Promise<void> {
  await tx
    .updateTable('manual_acting_periods')
    .set({ undone_at: now.toString() })
    .where('id', '=', id)
    .execute();
}

/** Records the financing municipality for a past part of a back-dated registration. */
export async function insertFinancingPeriod(
  tx: Executor,
  personId: string,
  period: {
    municipality: MunicipalityCode;
    from: Temporal.PlainDate;
    to: Temporal.PlainDate;
    reason: string;
  },
  now: Temporal.Instant,
): Promise<void> {
  await tx
    .insertInto('financing_periods')
    .values({
      person_id: personId,
      municipality: period.municipality,
      valid_from: period.from.toString(),
      valid_to: period.to.toString(),
      reason: period.reason,
      registered_at: now.toString(),
    })
    .execute();
}

/** What the 04:00 run decided about the manual period: started, ended, and the end it records. */
export interface ManualPeriodRunWrite {
  readonly id: string;
  readonly started: boolean;
  readonly ended: boolean;
  readonly endedTo: Temporal.PlainDate | null;
}

/**
 * The acting municipality's part of the 04:00 run's one write (docs/decisions/0019): the manual period
 * started or ended, with the end the run decided.
 */
export const manualPeriodDailyRunPart: StatementPart<{
  readonly now: Temporal.Instant;
  readonly manual: ManualPeriodRunWrite | null;
}> = {
  name: 'manual-period',
  expressions: ({ now, manual }) => sql`
      manual as (
        update manual_acting_periods
        set started_at = case when ${manual?.started ?? false}::boolean then ${now.toString()}::timestamptz else started_at end,
            ended_at = case when ${manual?.ended ?? false}::boolean then ${now.toString()}::timestamptz else ended_at end,
            valid_to = coalesce(${manual?.endedTo?.toString() ?? null}::date, valid_to)
        where id = ${manual?.id ?? null}::uuid returning 1)`,
};
