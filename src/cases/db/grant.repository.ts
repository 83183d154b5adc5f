/** Grants and the case's own row as the grant use cases read and write them. */
import { Temporal } from 'temporal-polyfill';
import { toOere, type MunicipalityCode } from '../../kernel/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { BenefitType, CaseStatus, GrantPeriod } from '../domain/case.ts';
import type { Grant, GrantDecision } from '../domain/grant.ts';
import type { BenefitFamily } from '../domain/lifecycle.ts';
import type { CaseRecord } from './case.repository.ts';

export interface VersionedCase extends CaseRecord {
  readonly version: number;
}

const date = (value: string): Temporal.PlainDate => Temporal.PlainDate.from(value);
const instant = (value: Date | string): Temporal.Instant =>
  Temporal.Instant.from(value instanceof Date ? value.toISOString() : value);
const optionalInstant = (value: Date | string | null): Temporal.Instant | null =>
  value === null ? null : instant(value);

/** The case with its version; undefined when there is none. */
export async function findCase(tx: Executor, id: string): Promise<VersionedCase | undefined> {
  const row = await tx.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    personId: row.person_id,
    benefit: row.benefit as BenefitType,
    municipality: row.municipality as MunicipalityCode,
    status: row.status as CaseStatus,
    category: row.category,
    from: date(row.grant_from),
    to: row.grant_to === null ? null : date(row.grant_to),
    monthly: row.monthly === null ? null : toOere(row.monthly),
    closedReason: row.closed_reason,
    version: row.version,
  };
}

/** Every grant row of the person, standing and superseded, oldest first. */
export async function listPersonGrants(tx: Executor, personId: string): Promise<Grant[]> {
  const rows = await tx
    .selectFrom('grants')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('recorded_at')
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    personId: row.person_id,
    family: row.family as BenefitFamily,
    from: date(row.valid_from),
    to: row.valid_to === null ? null : date(row.valid_to),
    decidedOn: date(row.decided_on),
    decidedBy: row.decided_by,
    reason: row.reason,
    replaces: row.replaces,
    recordedAt: instant(row.recorded_at),
    supersededAt: optionalInstant(row.superseded_at),
    supersededBy: row.superseded_by,
  }));
}

/** Inserts a grant row; returns its id. */
export async function insertGrant(
  tx: Executor,
  owner: { caseId: string; personId: string; family: BenefitFamily },
  decision: GrantDecision,
  by: string,
  now: Temporal.Instant,
  replaces: string | null = null,
): Promise<string> {
  const { id } = await tx
    .insertInto('grants')
    .values({
      case_id: owner.caseId,
      person_id: owner.personId,
      family: owner.family,
      valid_from: decision.from.toString(),
      valid_to: decision.to?.toString() ?? null,
      decided_on: decision.decidedOn.toString(),
      decided_by: by,
      reason: decision.reason,
      replaces,
      recorded_at: now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Marks a standing grant row as superseded; false when it was superseded already. */
export async function supersedeGrant(
  tx: Executor,
  id: string,
  by: string,
  now: Temporal.Instant,
): Promise<boolean> {
  const result = await tx
    .updateTable('grants')
    .set({ superseded_at: now.toString(), superseded_by: by })
    .where('id', '=', id)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Writes the case's status and, while the monthly run reads them, its grant columns; counts the version
 * up. `period` undefined leaves the columns as they are.
 */
export async function updateCase(
  tx: Executor,
  id: string,
  change: { status: CaseStatus; period?: GrantPeriod | undefined; closedReason?: string | null },
): Promise<void> {
  await tx
    .updateTable('cases')
    .set((eb) => ({
      status: change.status,
      version: eb('version', '+', 1),
      ...(change.period === undefined
        ? {}
        : { grant_from: change.period.from.toString(), grant_to: change.period.to?.toString() ?? null }),
      ...(change.closedReason === undefined ? {} : { closed_reason: change.closedReason }),
    }))
    .where('id', '=', id)
    .execute();
}
