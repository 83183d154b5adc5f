/** Registrations in PostgreSQL: amounts in the jsonb value are whole øre, dates ISO strings. */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { storedDate } from '../../kernel/index.ts';
import { storedInstant, type Executor } from '../../platform/db/database.ts';
import type { RegistrationDecision } from '../domain/decide-registration.ts';
import type { Registration, RegistrationValue } from '../domain/registration.ts';

export interface RegistrationRecord extends Registration {
  readonly reason: string | null;
  readonly supersededBy: string | null;
}

/** The value as stored: dates as strings, the rest as it is. */
function storedValue(value: RegistrationValue): Record<string, unknown> {
  return value.kind === 'barn' ? { kind: value.kind, birthDate: value.birthDate.toString() } : { ...value };
}

function valueFrom(stored: Record<string, unknown>): RegistrationValue {
  const value = stored as unknown as RegistrationValue;
  return value.kind === 'barn'
    ? { kind: 'barn', birthDate: storedDate(stored['birthDate'] as string) }
    : value;
}

type Row = {
  id: string;
  person_id: string;
  case_id: string | null;
  valid_from: string;
  valid_to: string | null;
  value: Record<string, unknown>;
  recorded_at: Date;
  recorded_by: string;
  reason: string | null;
  superseded_at: Date | null;
  superseded_by: string | null;
};

function record(row: Row): RegistrationRecord {
  return {
    id: row.id,
    personId: row.person_id,
    caseId: row.case_id,
    from: storedDate(row.valid_from),
    to: row.valid_to === null ? null : storedDate(row.valid_to),
    value: valueFrom(row.value),
    recordedAt: storedInstant(row.recorded_at),
    recordedBy: row.recorded_by,
    reason: row.reason,
    supersededAt: row.superseded_at === null ? null : storedInstant(row.superseded_at),
    supersededBy: row.superseded_by,
  };
}

/** Every registration row of the person, superseded ones included, in the order they were recorded. */
export async function listPersonRegistrations(tx: Executor, personId: string): Promise<RegistrationRecord[]> {
  const rows = await tx
    .selectFrom('registrations')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('recorded_at')
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
  return rows.map((row) => record(row as Row));
}

/**
 * The registrations standing now (not superseded) of the persons, by person: what a run computes the month
 * from. One query for a municipality's persons.
 */
export async function listStandingRegistrations(
  tx: Executor,
  personIds: readonly string[],
): Promise<Map<string, RegistrationRecord[]>> {
  const byPerson = new Map<string, RegistrationRecord[]>();
  if (personIds.length === 0) return byPerson;
  const rows = await tx
    .selectFrom('registrations')
    .selectAll()
    // One array parameter, not one per person: a municipality has more persons than a statement has parameters.
    .where(sql<boolean>`person_id = any(${[...personIds]}::uuid[])`)
    .where('superseded_at', 'is', null)
    .orderBy('person_id')
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const registration = record(row);
    const list = byPerson.get(registration.personId);
    if (list === undefined) byPerson.set(registration.personId, [registration]);
    else list.push(registration);
  }
  return byPerson;
}

export async function findRegistration(tx: Executor, id: string): Promise<RegistrationRecord | undefined> {
  const row = await tx.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : record(row);
}

/** Inserts a registration row; returns its id. */
export async function insertRegistration(
  tx: Executor,
  personId: string,
  decision: RegistrationDecision,
  by: string,
  now: Temporal.Instant,
): Promise<string> {
  const { id } = await tx
    .insertInto('registrations')
    .values({
      person_id: personId,
      case_id: decision.caseId,
      kind: decision.kind,
      valid_from: decision.from.toString(),
      valid_to: decision.to?.toString() ?? null,
      value: JSON.stringify(storedValue(decision.value)),
      recorded_at: now.toString(),
      recorded_by: by,
      reason: decision.reason,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Supersedes a standing row; false when it was superseded already (by a correction in between). */
export async function supersedeRegistration(
  tx: Executor,
  id: string,
  by: string,
  now: Temporal.Instant,
): Promise<boolean> {
  const result = await tx
    .updateTable('registrations')
    .set({ superseded_at: now.toString(), superseded_by: by })
    .where('id', '=', id)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
