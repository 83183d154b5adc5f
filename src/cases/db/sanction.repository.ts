/**
 * Sanctions (docs/decisions/0023-sanctions.md): stored by their decision, read by the monthly run for the
 * persons of a slice, and marked taken or lapsed in the run's transaction. Amounts are øre.
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { toOere, type Oere } from '../../kernel/index.ts';
import { storedInstant, type Executor } from '../../platform/db/database.ts';
import type { SanctionDecision, SanctionKind } from '../domain/sanction.ts';
import { periodDate } from './case.repository.ts';

const monthOf = (value: string): Temporal.PlainYearMonth => Temporal.PlainDate.from(value).toPlainYearMonth();

export async function insertSanction(
  tx: Executor,
  owner: { caseId: string; personId: string; municipality: string },
  decision: string,
  sanction: SanctionDecision,
  explanation: Record<string, unknown>,
  now: Temporal.Instant,
): Promise<string> {
  const { id } = await tx
    .insertInto('sanctions')
    .values({
      case_id: owner.caseId,
      person_id: owner.personId,
      municipality: owner.municipality,
      decision_id: decision,
      kind: sanction.kind,
      omission_on: sanction.omissionOn.toString(),
      days: sanction.days,
      period: periodDate(sanction.month),
      amount: sanction.amount,
      last_run_month: periodDate(sanction.lastRunMonth),
      explanation: JSON.stringify(explanation),
      status: 'besluttet',
      created_at: now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A decided sanction a run may take. */
export interface WaitingSanction {
  readonly id: string;
  readonly personId: string;
  readonly amount: Oere;
  readonly lastRunMonth: Temporal.PlainYearMonth;
}

/** The persons' decided sanctions not yet taken, oldest omission first (the order a run takes them in). */
export async function listWaitingSanctions(
  tx: Executor,
  personIds: readonly string[],
): Promise<WaitingSanction[]> {
  if (personIds.length === 0) return [];
  const rows = await tx
    .selectFrom('sanctions')
    .select(['id', 'person_id', 'amount', 'last_run_month'])
    .where(sql<boolean>`person_id = any(${[...personIds]}::uuid[])`)
    .where('status', '=', 'besluttet')
    .orderBy('person_id')
    .orderBy('omission_on')
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    personId: row.person_id,
    amount: toOere(row.amount),
    lastRunMonth: monthOf(row.last_run_month),
  }));
}

/**
 * What the run did with the sanctions: those taken (what it took, in its month), and those whose last run
 * month has passed without being taken (lapsed).
 */
export async function settleSanctions(
  tx: Executor,
  runMonth: Temporal.PlainYearMonth,
  taken: readonly { readonly id: string; readonly taken: Oere }[],
  lapsed: readonly string[],
): Promise<void> {
  if (taken.length > 0) {
    await sql`update sanctions s set status = 'gennemfoert', taken = t.taken, taken_in = ${periodDate(runMonth)}::date
      from unnest(${taken.map((t) => t.id)}::uuid[], ${taken.map((t) => String(t.taken))}::bigint[]) as t(id, taken)
      where s.id = t.id and s.status = 'besluttet'`.execute(tx);
  }
  if (lapsed.length > 0) {
    await tx
      .updateTable('sanctions')
      .set({ status: 'bortfaldet' })
      .where('id', 'in', [...lapsed])
      .where('status', '=', 'besluttet')
      .execute();
  }
}

/** A case's sanction as the case page and the API show it. */
export interface SanctionRecord {
  readonly id: string;
  readonly caseId: string;
  readonly kind: SanctionKind;
  readonly omissionOn: Temporal.PlainDate;
  readonly days: number | null;
  readonly month: Temporal.PlainYearMonth;
  readonly amount: Oere;
  readonly lastRunMonth: Temporal.PlainYearMonth;
  readonly status: string;
  readonly taken: Oere | null;
  readonly takenIn: Temporal.PlainYearMonth | null;
  readonly decision: string;
  readonly createdAt: Temporal.Instant;
}

export async function listSanctions(tx: Executor, caseId: string): Promise<SanctionRecord[]> {
  return sanctionsWhere(tx, 'case_id', caseId);
}

/** The person's sanctions over all cases, by omission: the borgeroverblik's sanctions. */
export async function listPersonSanctions(tx: Executor, personId: string): Promise<SanctionRecord[]> {
  return sanctionsWhere(tx, 'person_id', personId);
}

async function sanctionsWhere(
  tx: Executor,
  column: 'case_id' | 'person_id',
  id: string,
): Promise<SanctionRecord[]> {
  const rows = await tx
    .selectFrom('sanctions')
    .selectAll()
    .where(column, '=', id)
    .orderBy('omission_on')
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    kind: row.kind as SanctionKind,
    omissionOn: Temporal.PlainDate.from(row.omission_on),
    days: row.days,
    month: monthOf(row.period),
    amount: toOere(row.amount),
    lastRunMonth: monthOf(row.last_run_month),
    status: row.status,
    taken: row.taken === null ? null : toOere(row.taken),
    takenIn: row.taken_in === null ? null : monthOf(row.taken_in),
    decision: row.decision_id,
    createdAt: storedInstant(row.created_at),
  }));
}
