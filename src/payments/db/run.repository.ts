/**
 * The monthly run and the payout as set operations per municipality: each statement touches only lines in
 * the state it moves from, so a rerun (or a run resumed after a crash) changes nothing already done.
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { storedDate, toOere, type MunicipalityCode, type Oere } from '../../kernel/index.ts';
import { periodDate, type BenefitType } from '../../cases/index.ts';
import type { Executor } from '../../platform/db/database.ts';

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

const optionalDate = (value: string | null) => (value === null ? null : storedDate(value));

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
 * The municipality's planned lines of the run's month, locked until the transaction ends so a move cannot
 * stop a line the run is composing. Payment lines by month and then the order they were planned; deduction
 * lines in the order their deductions were registered (domain §4: deductions are taken in that order).
 * Only the lines are read here: their cases are read once for the run (`findToPlan`, `findCases`); a join
 * would let the planner scan every case of the country once per municipality.
 */
export async function lockPlannedLines(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
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
    where l.run_month = ${period}::date and l.municipality = ${municipality} and l.status = 'planlagt'
    order by l.period, l.id for update`.execute(tx);
  const deductions = await sql<{ id: string; person_id: string; requested: string }>`
    select dl.id, dl.person_id, dl.requested from deduction_lines dl
    where dl.period = ${period}::date and dl.municipality = ${municipality} and dl.status = 'planlagt'
    order by (select d.registered_order from deductions d where d.id = dl.deduction_id) for update`.execute(
    tx,
  );
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

/** A case as the run computes its months: what its amount depends on besides registrations and rates. */
export interface RunCase {
  readonly id: string;
  readonly personId: string;
  /** The person's CPR number: a rule reads the age from it. */
  readonly cpr: string;
  readonly benefit: BenefitType;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly monthly: Oere | null;
}

interface CaseRow {
  id: string;
  person_id: string;
  cpr: string;
  benefit: string;
  grant_from: string;
  grant_to: string | null;
  monthly: string | null;
}

const runCase = (r: CaseRow): RunCase => ({
  id: r.id,
  personId: r.person_id,
  cpr: r.cpr,
  benefit: r.benefit as BenefitType,
  from: storedDate(r.grant_from),
  to: optionalDate(r.grant_to),
  monthly: r.monthly === null ? null : toOere(r.monthly),
});

/**
 * A case's columns with its person's CPR number. The number is read by a subquery per case, always through
 * the primary key: a join lets the planner scan every person of the country once per municipality.
 */
const caseColumns = sql.raw(
  'c.id, c.person_id, (select p.cpr from persons p where p.id = c.person_id) as cpr, c.benefit, c.grant_from, c.grant_to, c.monthly',
);

/** The cases of the ids (lines whose case no longer covers the next month: ended, or an efterbetaling). */
export async function findCases(tx: Executor, ids: readonly string[]): Promise<RunCase[]> {
  if (ids.length === 0) return [];
  const rows = await sql<CaseRow>`
    select ${caseColumns} from cases c where c.id = any(${ids}::uuid[])`.execute(tx);
  return rows.rows.map(runCase);
}

/** A standing deduction of the municipality that covers the month. */
export interface DeductionToPlan {
  readonly id: string;
  readonly personId: string;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly monthly: Oere;
}

/** What the month's planning needs: the municipality's granted cases and standing deductions that cover it. */
export async function findToPlan(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
): Promise<{ cases: RunCase[]; deductions: DeductionToPlan[] }> {
  const first = periodDate(month);
  const last = month.toPlainDate({ day: month.daysInMonth }).toString();
  const cases = await sql<CaseRow>`
    select ${caseColumns} from cases c
    where c.municipality = ${municipality} and c.status = 'bevilget'
      and c.grant_from <= ${last}::date and (c.grant_to is null or c.grant_to >= ${first}::date)`.execute(tx);
  const deductions = await sql<{
    id: string;
    person_id: string;
    valid_from: string;
    valid_to: string | null;
    monthly: string;
  }>`
    select d.id, d.person_id, d.valid_from, d.valid_to, d.monthly from deductions d
    where d.municipality = ${municipality} and d.ended_reason is null
      and d.valid_from <= ${last}::date and (d.valid_to is null or d.valid_to >= ${first}::date)`.execute(tx);
  return {
    cases: cases.rows.map(runCase),
    deductions: deductions.rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      from: storedDate(r.valid_from),
      to: optionalDate(r.valid_to),
      monthly: toOere(r.monthly),
    })),
  };
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
