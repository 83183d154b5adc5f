/**
 * The one repository of `payment_lines` and `deduction_lines` (docs/decisions/0019): every insert, update and
 * delete of a line in the system is a function of this file, and other contexts reach it through
 * `cases/index.ts`. Each function stores values already decided — by the cases' planning, the monthly run's
 * composition or the 04:00 run's decision — and works out no date or amount of its own. A test
 * (`test/line-ownership.test.ts`) fails if any other source file writes either table. Amounts are øre; bigint
 * arrives as a string.
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { storedDate, toOere, type MunicipalityCode, type Oere } from '../../kernel/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { StatementPart } from '../../platform/db/statement-parts.ts';
import { periodDate } from './case.repository.ts';

const months = new Map<string, Temporal.PlainYearMonth>();
/** The month of a stored first-of-month date, remembered: a run reads the same one on every line. */
function storedMonth(text: string): Temporal.PlainYearMonth {
  let month = months.get(text);
  if (month === undefined) {
    month = storedDate(text).toPlainYearMonth();
    months.set(text, month);
  }
  return month;
}

// Planning: a case or deduction registered, a grant decided, a recalculation approved.

/**
 * Plans a payment line for the month unless the case has one; `runMonth` is the month whose run pays it —
 * a later month than `month` for an efterbetaling.
 */
export async function planPaymentLine(
  tx: Executor,
  owner: { caseId: string; personId: string; municipality: MunicipalityCode },
  month: Temporal.PlainYearMonth,
  amount: Oere,
  runMonth: Temporal.PlainYearMonth = month,
): Promise<void> {
  await tx
    .insertInto('payment_lines')
    .values({
      case_id: owner.caseId,
      person_id: owner.personId,
      municipality: owner.municipality,
      period: periodDate(month),
      run_month: periodDate(runMonth),
      status: 'planlagt',
      gross: amount,
    })
    .onConflict((c) => c.columns(['case_id', 'period', 'run_month']).doNothing())
    .execute();
}

/** Plans a deduction line for the month unless the deduction has one. */
export async function planDeductionLine(
  tx: Executor,
  owner: { deductionId: string; personId: string; municipality: MunicipalityCode },
  month: Temporal.PlainYearMonth,
  amount: Oere,
): Promise<void> {
  await tx
    .insertInto('deduction_lines')
    .values({
      deduction_id: owner.deductionId,
      person_id: owner.personId,
      municipality: owner.municipality,
      period: periodDate(month),
      status: 'planlagt',
      amount,
      requested: amount,
    })
    .onConflict((c) => c.columns(['deduction_id', 'period']).doNothing())
    .execute();
}

/** Sets a planned line's forecast (a pending efterbetaling recalculated); it stays planned. */
export async function setPlannedGross(tx: Executor, lineId: string, gross: Oere): Promise<void> {
  await tx
    .updateTable('payment_lines')
    .set({ gross })
    .where('id', '=', lineId)
    .where('status', '=', 'planlagt')
    .execute();
}

/** Stops planned payment lines, as decided by the caller; a line a run has taken already is left alone. */
export async function stopPlannedPaymentLines(
  tx: Executor,
  lineIds: readonly string[],
  now: Temporal.Instant,
): Promise<void> {
  if (lineIds.length === 0) return;
  await tx
    .updateTable('payment_lines')
    .set({ status: 'stoppet', stopped_at: now.toString() })
    .where('id', 'in', [...lineIds])
    .where('status', '=', 'planlagt')
    .execute();
}

/**
 * Plans the month's line for the run of `runMonth` with the amount given; a line of that month and run that
 * was stopped before is planned again with it (the key of a line is its case, month and run).
 */
export async function replanPaymentLine(
  tx: Executor,
  owner: { caseId: string; personId: string; municipality: MunicipalityCode },
  month: Temporal.PlainYearMonth,
  gross: Oere,
  runMonth: Temporal.PlainYearMonth,
): Promise<void> {
  await planPaymentLine(tx, owner, month, gross, runMonth);
  await tx
    .updateTable('payment_lines')
    .set({ status: 'planlagt', gross, stopped_at: null })
    .where('case_id', '=', owner.caseId)
    .where('period', '=', periodDate(month))
    .where('run_month', '=', periodDate(runMonth))
    .where('status', '=', 'stoppet')
    .execute();
}

/**
 * The lines' part of the 04:00 run's one write (docs/decisions/0019): the planned payment and deduction
 * lines the run decided to stop on a transfer; a line a monthly run has taken meanwhile is left alone.
 */
export const linesDailyRunPart: StatementPart<{
  readonly now: Temporal.Instant;
  readonly stopPayments: readonly string[];
  readonly stopDeductions: readonly string[];
}> = {
  name: 'lines',
  expressions: (w) => sql`
      stopped_payments as (
        update payment_lines set status = 'stoppet', stopped_at = ${w.now.toString()}::timestamptz
        where id = any(${w.stopPayments.map(Number)}::bigint[]) and status = 'planlagt' returning 1),
      stopped_deductions as (
        update deduction_lines set status = 'stoppet', stopped_at = ${w.now.toString()}::timestamptz
        where id = any(${w.stopDeductions.map(Number)}::bigint[]) and status = 'planlagt' returning 1)`,
};

// The monthly run and the payout: set operations per municipality, each touching only lines in the state
// it moves from, so a rerun (or a run resumed after a crash) changes nothing already done.

/** Municipalities with lines planned for the month. */
export async function municipalitiesWithPlannedLines(
  tx: Executor,
  month: Temporal.PlainYearMonth,
): Promise<MunicipalityCode[]> {
  const period = periodDate(month);
  const rows = await sql<{ municipality: string }>`
    select municipality from payment_lines where run_month = ${period}::date and status = 'planlagt'
    union
    select municipality from deduction_lines where period = ${period}::date and status = 'planlagt'
    order by municipality`.execute(tx);
  return rows.rows.map((row) => row.municipality as MunicipalityCode);
}

export interface PlannedPaymentLine {
  readonly id: string;
  readonly personId: string;
  readonly caseId: string;
  /** The month the line is for; earlier than the run's month for an efterbetaling. */
  readonly period: Temporal.PlainYearMonth;
  /** The planned (forecast) amount. */
  readonly gross: Oere;
}

export interface PlannedDeductionLine {
  readonly id: string;
  readonly personId: string;
  readonly requested: Oere;
}

/**
 * Locks the municipality's planned lines of the run's month until the transaction ends, so a move cannot
 * stop a line the run is composing, and returns the persons they are for (each once). The lines are locked
 * in the order they were planned, so two runs of the same part (a rerun while the first still works) take
 * their locks alike and one waits for the other. Only the persons are read here: the lines themselves are
 * read a slice of persons at a time (`readPlannedLines`), so the run's memory does not grow with the
 * municipality.
 */
export async function lockPlannedLines(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
): Promise<string[]> {
  const period = periodDate(month);
  const payments = await sql<{ person_id: string }>`
    select l.person_id from payment_lines l
    where l.run_month = ${period}::date and l.municipality = ${municipality} and l.status = 'planlagt'
    order by l.id for update`.execute(tx);
  const deductions = await sql<{ person_id: string }>`
    select dl.person_id from deduction_lines dl
    where dl.period = ${period}::date and dl.municipality = ${municipality} and dl.status = 'planlagt'
    order by dl.id for update`.execute(tx);
  return [...new Set([...payments.rows, ...deductions.rows].map((r) => r.person_id))];
}

/**
 * The persons' planned lines of the run's month in the municipality (locked by `lockPlannedLines`). Payment
 * lines by month and then the order they were planned; deduction lines in the order their deductions were
 * registered (domain §4: deductions are taken in that order). Only the lines are read here: their cases are
 * read with the run's other case reads (`findToPlan`, `findCases`); a join would let the planner scan every
 * case of the country.
 */
export async function readPlannedLines(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
  persons: readonly string[],
): Promise<{ payments: PlannedPaymentLine[]; deductions: PlannedDeductionLine[] }> {
  const period = periodDate(month);
  const payments = await sql<{
    id: string;
    person_id: string;
    case_id: string;
    period: string;
    gross: string;
  }>`
    select l.id, l.person_id, l.case_id, l.period, l.gross from payment_lines l
    where l.person_id = any(${persons}::uuid[]) and l.run_month = ${period}::date
      and l.municipality = ${municipality} and l.status = 'planlagt'
    order by l.period, l.id`.execute(tx);
  const deductions = await sql<{ id: string; person_id: string; requested: string }>`
    select dl.id, dl.person_id, dl.requested from deduction_lines dl
    where dl.person_id = any(${persons}::uuid[]) and dl.period = ${period}::date
      and dl.municipality = ${municipality} and dl.status = 'planlagt'
    order by (select d.registered_order from deductions d where d.id = dl.deduction_id)`.execute(tx);
  return {
    payments: payments.rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      caseId: r.case_id,
      period: storedMonth(r.period),
      gross: toOere(r.gross),
    })),
    deductions: deductions.rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      requested: toOere(r.requested),
    })),
  };
}

/**
 * Lines the run could not compute (a rate missing, say) stay planned and move to the next run, so the
 * month is paid late once the cause is fixed, never skipped.
 */
export async function deferLines(
  tx: Executor,
  ids: readonly string[],
  to: Temporal.PlainYearMonth,
): Promise<void> {
  if (ids.length === 0) return;
  await sql`update payment_lines set run_month = ${periodDate(to)}::date
    where id = any(${ids.map(Number)}::bigint[]) and status = 'planlagt'`.execute(tx);
}

export interface ComputedPaymentLine {
  readonly id: string;
  readonly gross: Oere;
  readonly sanctions: Oere;
  readonly atp: Oere;
  readonly tax: Oere;
  readonly withheld: Oere;
  readonly apo: Oere;
  readonly net: Oere;
  readonly explanation: Record<string, unknown>;
}

/** Stores the composed payment lines as `beregnet`, in one statement. */
export async function storeComputedPayments(
  tx: Executor,
  lines: readonly ComputedPaymentLine[],
  now: Temporal.Instant,
): Promise<void> {
  if (lines.length === 0) return;
  // One JSON document for all the lines: cheaper to send and read than an array per column.
  const rows = JSON.stringify(
    lines.map((l) => ({
      id: Number(l.id),
      gross: l.gross,
      sanctions: l.sanctions,
      atp: l.atp,
      tax: l.tax,
      withheld: l.withheld,
      apo: l.apo,
      net: l.net,
      explanation: l.explanation,
    })),
  );
  await sql`
    update payment_lines p set status = 'beregnet', computed_at = ${now.toString()}::timestamptz,
      gross = v.gross, sanctions = v.sanctions, atp = v.atp, tax = v.tax, withheld = v.withheld, apo = v.apo, net = v.net,
      explanation = v.explanation
    from jsonb_to_recordset(${rows}::jsonb) as v(id bigint, gross bigint, sanctions bigint, atp bigint, tax bigint,
      withheld bigint, apo bigint, net bigint, explanation jsonb)
    where p.id = v.id and p.status = 'planlagt'`.execute(tx);
}

/** Stores the deduction lines as `sendt` to UDK, each with what it withheld, in one statement. */
export async function storeSentDeductions(
  tx: Executor,
  lines: readonly { id: string; withheld: Oere }[],
  now: Temporal.Instant,
): Promise<void> {
  if (lines.length === 0) return;
  await sql`
    update deduction_lines d set status = 'sendt', sent_at = ${now.toString()}::timestamptz, amount = v.withheld
    from (select unnest(${lines.map((l) => Number(l.id))}::bigint[]) as id,
                 unnest(${lines.map((l) => l.withheld)}::bigint[]) as withheld) v
    where d.id = v.id and d.status = 'planlagt'`.execute(tx);
}

/** Inserts the month's planned lines, amounts as decided; a line that exists already is left alone. */
export async function insertPlannedLines(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
  lines: {
    readonly payments: readonly { caseId: string; personId: string; gross: Oere }[];
    readonly deductions: readonly { deductionId: string; personId: string; amount: Oere }[];
  },
): Promise<{ payments: number; deductions: number }> {
  const first = periodDate(month);
  const payments =
    lines.payments.length === 0
      ? undefined
      : await sql`
    insert into payment_lines (case_id, person_id, municipality, period, run_month, status, gross)
    select v.case_id, v.person_id, ${municipality}, ${first}::date, ${first}::date, 'planlagt', v.gross
    from (select unnest(${lines.payments.map((l) => l.caseId)}::uuid[]) as case_id,
                 unnest(${lines.payments.map((l) => l.personId)}::uuid[]) as person_id,
                 unnest(${lines.payments.map((l) => l.gross)}::bigint[]) as gross) v
    on conflict (case_id, period, run_month) do nothing`.execute(tx);
  const deductions =
    lines.deductions.length === 0
      ? undefined
      : await sql`
    insert into deduction_lines (deduction_id, person_id, municipality, period, status, amount, requested)
    select v.deduction_id, v.person_id, ${municipality}, ${first}::date, 'planlagt', v.amount, v.amount
    from (select unnest(${lines.deductions.map((l) => l.deductionId)}::uuid[]) as deduction_id,
                 unnest(${lines.deductions.map((l) => l.personId)}::uuid[]) as person_id,
                 unnest(${lines.deductions.map((l) => l.amount)}::bigint[]) as amount) v
    on conflict (deduction_id, period) do nothing`.execute(tx);
  return {
    payments: Number(payments?.numAffectedRows ?? 0),
    deductions: Number(deductions?.numAffectedRows ?? 0),
  };
}

/** Municipalities with computed lines up to the month. */
export async function municipalitiesToPay(
  tx: Executor,
  month: Temporal.PlainYearMonth,
): Promise<MunicipalityCode[]> {
  const period = periodDate(month);
  const rows = await sql<{ municipality: string }>`
    select municipality from payment_lines where run_month <= ${period}::date and status = 'beregnet'
    union
    select municipality from deduction_lines where period <= ${period}::date and status = 'sendt'
    order by municipality`.execute(tx);
  return rows.rows.map((row) => row.municipality as MunicipalityCode);
}

/** Pays the computed lines (`udbetalt`) and completes the sent deductions (`gennemfoert`). */
export async function payOut(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
  now: Temporal.Instant,
): Promise<{ paid: number; total: Oere; deductions: number }> {
  const period = periodDate(month);
  const paid = await tx
    .updateTable('payment_lines')
    .set({ status: 'udbetalt', paid_at: now.toString() })
    .where('run_month', '<=', period)
    .where('municipality', '=', municipality)
    .where('status', '=', 'beregnet')
    .returning('net')
    .execute();
  const done = await tx
    .updateTable('deduction_lines')
    .set({ status: 'gennemfoert', done_at: now.toString() })
    .where('period', '<=', period)
    .where('municipality', '=', municipality)
    .where('status', '=', 'sendt')
    .executeTakeFirst();
  return {
    paid: paid.length,
    total: paid.reduce((sum, row) => sum + (row.net === null ? 0 : toOere(row.net)), 0),
    deductions: Number(done.numUpdatedRows),
  };
}
