/**
 * What a recalculation reads and writes (docs/decisions/0018-recalculation.md): the case's months already
 * paid with their position (computed, pending efterbetaling, proposed claim), the recalculation row, and
 * the proposed repayment claims. Amounts are øre; bigint arrives as a string.
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { toOere, type Oere } from '../../kernel/index.ts';
import { storedInstant, type Executor } from '../../platform/db/database.ts';
import type { MonthPosition } from '../domain/recalculation.ts';
import { periodDate } from './case.repository.ts';

const monthOf = (value: string): Temporal.PlainYearMonth => Temporal.PlainDate.from(value).toPlainYearMonth();

/** A planned efterbetaling of a month that is not yet taken by a run. */
export interface PendingLine {
  readonly id: string;
  readonly month: Temporal.PlainYearMonth;
  /** The month whose run pays it. */
  readonly runMonth: Temporal.PlainYearMonth;
  readonly gross: Oere;
}

/** A proposed (not yet decided) repayment claim. */
export interface ProposedClaim {
  readonly id: string;
  readonly month: Temporal.PlainYearMonth;
  readonly amount: Oere;
}

/** The case's lines and proposed claims, as a recalculation reads them. */
export interface CasePaidState {
  /** The months with a line paid out, each with its position. */
  readonly positions: MonthPosition[];
  readonly pendingLines: PendingLine[];
  readonly claims: ProposedClaim[];
}

export async function loadPaidState(tx: Executor, caseId: string): Promise<CasePaidState> {
  const [lines, claimRows] = await Promise.all([
    tx
      .selectFrom('payment_lines')
      .select(['id', 'period', 'run_month', 'status', 'gross'])
      .where('case_id', '=', caseId)
      .where('status', '!=', 'stoppet')
      .orderBy('period')
      .orderBy('id')
      .execute(),
    tx
      .selectFrom('repayment_claims')
      .select(['id', 'period', 'amount', 'status'])
      .where('case_id', '=', caseId)
      .where('status', 'in', ['foreslaaet', 'besluttet'])
      .orderBy('period')
      .execute(),
  ]);
  const decidedRows = claimRows.filter((c) => c.status === 'besluttet');
  const proposedRows = claimRows.filter((c) => c.status === 'foreslaaet');
  const paid = new Set(lines.filter((l) => l.status === 'udbetalt').map((l) => l.period));
  const claims = proposedRows.map((c) => ({ id: c.id, month: monthOf(c.period), amount: toOere(c.amount) }));
  const pendingLines = lines
    .filter((l) => l.status === 'planlagt' && paid.has(l.period))
    .map((l) => ({
      id: l.id,
      month: monthOf(l.period),
      runMonth: monthOf(l.run_month),
      gross: toOere(l.gross),
    }));
  const positions = [...paid].map((period): MonthPosition => {
    const of = lines.filter((l) => l.period === period);
    const sum = (status: readonly string[]) =>
      of.filter((l) => status.includes(l.status)).reduce((total, l) => total + toOere(l.gross), 0);
    return {
      month: monthOf(period),
      computed: sum(['beregnet', 'udbetalt']),
      pending: sum(['planlagt']),
      claimed: proposedRows
        .filter((c) => c.period === period)
        .reduce((total, c) => total + toOere(c.amount), 0),
      decided: decidedRows
        .filter((c) => c.period === period)
        .reduce((total, c) => total + toOere(c.amount), 0),
    };
  });
  return { positions, pendingLines, claims };
}

/** The first month of the case's first grant row (superseded rows included); null when never granted. */
export async function firstGrantedMonth(
  tx: Executor,
  caseId: string,
): Promise<Temporal.PlainYearMonth | null> {
  const row = await tx
    .selectFrom('grants')
    .select((eb) => eb.fn.min<string | null>('valid_from').as('first'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  const found = row?.first ?? null;
  return found === null ? null : monthOf(found);
}

export async function insertRecalculation(
  tx: Executor,
  values: {
    caseId: string;
    personId: string;
    municipality: string;
    from: Temporal.PlainYearMonth;
    to: Temporal.PlainYearMonth;
    months: unknown;
    reason: string | null;
    taskId: string | null;
    decidedBy: string;
    now: Temporal.Instant;
  },
): Promise<string> {
  const { id } = await tx
    .insertInto('recalculations')
    .values({
      case_id: values.caseId,
      person_id: values.personId,
      municipality: values.municipality,
      from_month: periodDate(values.from),
      to_month: periodDate(values.to),
      months: JSON.stringify(values.months),
      reason: values.reason,
      task_id: values.taskId,
      decided_by: values.decidedBy,
      created_at: values.now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertClaim(
  tx: Executor,
  values: {
    caseId: string;
    personId: string;
    municipality: string;
    month: Temporal.PlainYearMonth;
    amount: Oere;
    recalculation: string;
    explanation: Record<string, unknown>;
    now: Temporal.Instant;
  },
): Promise<string> {
  const { id } = await tx
    .insertInto('repayment_claims')
    .values({
      case_id: values.caseId,
      person_id: values.personId,
      municipality: values.municipality,
      period: periodDate(values.month),
      amount: values.amount,
      status: 'foreslaaet',
      recalculation_id: values.recalculation,
      explanation: JSON.stringify(values.explanation),
      created_at: values.now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Replaces proposed claims by a later recalculation's (`erstattet`). */
export async function supersedeClaims(
  tx: Executor,
  ids: readonly string[],
  recalculation: string,
  now: Temporal.Instant,
): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .updateTable('repayment_claims')
    .set({ status: 'erstattet', superseded_at: now.toString(), superseded_by: recalculation })
    .where('id', 'in', [...ids])
    .where('status', '=', 'foreslaaet')
    .execute();
}

/** A repayment claim as the case page, the API and the CLI show it. */
export interface ClaimRecord {
  readonly id: string;
  readonly period: Temporal.PlainYearMonth;
  readonly amount: Oere;
  /**
   * `foreslaaet` (waits for a decision; nothing deducts it), `erstattet` (a later recalculation's replaced
   * it) or `besluttet` (a decision made it a claim, `decision`).
   */
  readonly status: string;
  readonly decision: string | null;
  readonly recalculation: string;
  readonly createdAt: Temporal.Instant;
  readonly supersededAt: Temporal.Instant | null;
}

/** A case's repayment claims, oldest first. */
export async function listClaims(tx: Executor, caseId: string): Promise<ClaimRecord[]> {
  const rows = await tx
    .selectFrom('repayment_claims')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('period')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    period: monthOf(r.period),
    amount: toOere(r.amount),
    status: r.status,
    recalculation: r.recalculation_id,
    decision: r.decision_id,
    createdAt: storedInstant(r.created_at),
    supersededAt: r.superseded_at === null ? null : storedInstant(r.superseded_at),
  }));
}

/** One month of an approved recalculation, as stored (amounts in kroner, `1234.56`). */
export interface RecalculatedMonthRecord {
  readonly month: string;
  readonly paid: string;
  readonly recomputed: string | null;
  readonly difference: string | null;
}

/** An approved recalculation: the months it covered and the table it approved. */
export interface RecalculationRecord {
  readonly id: string;
  readonly from: Temporal.PlainYearMonth;
  readonly to: Temporal.PlainYearMonth;
  readonly months: readonly RecalculatedMonthRecord[];
  readonly reason: string | null;
  readonly taskId: string | null;
  readonly decidedBy: string;
  readonly createdAt: Temporal.Instant;
}

/** A case's approved recalculations, newest first. */
export async function listRecalculations(tx: Executor, caseId: string): Promise<RecalculationRecord[]> {
  const rows = await tx
    .selectFrom('recalculations')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    from: monthOf(r.from_month),
    to: monthOf(r.to_month),
    months: (r.months as readonly RecalculatedMonthRecord[]).map((m) => ({
      month: m.month,
      paid: m.paid,
      recomputed: m.recomputed,
      difference: m.difference,
    })),
    reason: r.reason,
    taskId: r.task_id,
    decidedBy: r.decided_by,
    createdAt: storedInstant(r.created_at),
  }));
}

/**
 * What the runs computed (paid out or awaiting payout) for each month of the persons' cases that has an
 * efterbetaling still planned: a line for such a month pays the difference (../line-amounts.ts).
 */
export async function computedOfLateMonths(
  tx: Executor,
  personIds: readonly string[],
): Promise<Map<string, Oere>> {
  const result = new Map<string, Oere>();
  if (personIds.length === 0) return result;
  const { rows } = await sql<{ case_id: string; period: string; computed: string }>`
    select p.case_id, p.period::text as period, sum(l.gross)::text as computed
    from (select distinct case_id, period from payment_lines
          where person_id = any(${[...personIds]}::uuid[]) and status = 'planlagt' and run_month > period) p
    join payment_lines l on l.case_id = p.case_id and l.period = p.period and l.status in ('beregnet', 'udbetalt')
    group by p.case_id, p.period`.execute(tx);
  for (const row of rows) {
    result.set(lateKey(row.case_id, monthOf(row.period)), toOere(row.computed));
  }
  return result;
}

/** The key of a case's month in `computedOfLateMonths`. */
export const lateKey = (caseId: string, month: Temporal.PlainYearMonth): string =>
  `${caseId} ${month.toString()}`;

/**
 * Makes the case's proposed claims decided by the decision; returns the ids it changed (a claim not
 * proposed, or of another case, is left alone).
 */
export async function decideClaims(
  tx: Executor,
  caseId: string,
  ids: readonly string[],
  decision: string,
): Promise<{ id: string; period: Temporal.PlainYearMonth; amount: Oere }[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .updateTable('repayment_claims')
    .set({ status: 'besluttet', decision_id: decision })
    .where('id', 'in', [...ids])
    .where('case_id', '=', caseId)
    .where('status', '=', 'foreslaaet')
    .returning(['id', 'period', 'amount'])
    .execute();
  return rows.map((r) => ({ id: r.id, period: monthOf(r.period), amount: toOere(r.amount) }));
}
