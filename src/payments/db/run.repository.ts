/**
 * The monthly run and the payout as set operations per municipality: each statement touches only lines in
 * the state it moves from, so a rerun (or a run resumed after a crash) changes nothing already done.
 */
import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toOere, type MunicipalityCode, type Oere } from '../../kernel/index.ts';
import { periodDate } from '../../cases/index.ts';
import type { Executor } from '../../platform/db/database.ts';

/** Municipalities with lines planned for the month. */
export async function municipalitiesWithPlannedLines(
  tx: Executor,
  month: Temporal.PlainYearMonth,
): Promise<MunicipalityCode[]> {
  const period = periodDate(month);
  const rows = await sql<{ municipality: string }>`
    select municipality from payment_lines where period = ${period}::date and status = 'planlagt'
    union
    select municipality from deduction_lines where period = ${period}::date and status = 'planlagt'
    order by municipality`.execute(tx);
  return rows.rows.map((row) => row.municipality as MunicipalityCode);
}

/** Deduction requests of the month become `sendt` (to UDK); returns them. */
export async function sendDeductions(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
  now: Temporal.Instant,
): Promise<{ personId: string; amount: Oere }[]> {
  const rows = await tx
    .updateTable('deduction_lines')
    .set({ status: 'sendt', sent_at: now.toString() })
    .where('period', '=', periodDate(month))
    .where('municipality', '=', municipality)
    .where('status', '=', 'planlagt')
    .returning(['person_id', 'amount'])
    .execute();
  return rows.map((row) => ({ personId: row.person_id, amount: toOere(row.amount) }));
}

/** Payment lines of the month become `beregnet`, net = gross until deductions are set against them. */
export async function computePayments(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
  now: Temporal.Instant,
): Promise<{ id: string; personId: string; gross: Oere }[]> {
  const rows = await tx
    .updateTable('payment_lines')
    .set((eb) => ({ status: 'beregnet', computed_at: now.toString(), net: eb.ref('gross') }))
    .where('period', '=', periodDate(month))
    .where('municipality', '=', municipality)
    .where('status', '=', 'planlagt')
    .returning(['id', 'person_id', 'gross'])
    .execute();
  return rows.map((row) => ({ id: row.id, personId: row.person_id, gross: toOere(row.gross) }));
}

/** Sets the net amount of lines that deductions were set against, in one statement. */
export async function setNet(tx: Executor, nets: readonly { id: string; net: Oere }[]): Promise<void> {
  if (nets.length === 0) return;
  await sql`
    update payment_lines set net = v.net
    from (select unnest(${nets.map((n) => Number(n.id))}::bigint[]) as id,
                 unnest(${nets.map((n) => n.net)}::bigint[]) as net) v
    where payment_lines.id = v.id`.execute(tx);
}

/**
 * Plans the next month's lines for the municipality's granted cases and standing deductions that cover
 * it. The amount is the monthly amount for the days covered, half up to whole øre — the same rule as
 * `amountForMonth`, in integer arithmetic: floor((2·monthly·days + daysInMonth) / (2·daysInMonth)).
 */
export async function planNextMonth(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
): Promise<{ payments: number; deductions: number }> {
  const first = month.toPlainDate({ day: 1 }).toString();
  const last = month.toPlainDate({ day: month.daysInMonth }).toString();
  const dim = month.daysInMonth;
  const days = (from: string, to: string) =>
    sql`(least(coalesce(${sql.ref(to)}, ${last}::date), ${last}::date) - greatest(${sql.ref(from)}, ${first}::date) + 1)`;
  const payments = await sql`
    insert into payment_lines (case_id, person_id, municipality, period, status, gross)
    select c.id, c.person_id, c.municipality, ${first}::date, 'planlagt',
           (2 * c.monthly * ${days('c.grant_from', 'c.grant_to')} + ${dim}) / (2 * ${dim})
    from cases c
    where c.municipality = ${municipality} and c.status = 'bevilget' and c.monthly is not null
      and c.grant_from <= ${last}::date and (c.grant_to is null or c.grant_to >= ${first}::date)
    on conflict (case_id, period) do nothing`.execute(tx);
  const deductions = await sql`
    insert into deduction_lines (deduction_id, person_id, municipality, period, status, amount)
    select d.id, d.person_id, d.municipality, ${first}::date, 'planlagt',
           (2 * d.monthly * ${days('d.valid_from', 'd.valid_to')} + ${dim}) / (2 * ${dim})
    from deductions d
    where d.municipality = ${municipality} and d.ended_reason is null
      and d.valid_from <= ${last}::date and (d.valid_to is null or d.valid_to >= ${first}::date)
    on conflict (deduction_id, period) do nothing`.execute(tx);
  return {
    payments: Number(payments.numAffectedRows ?? 0),
    deductions: Number(deductions.numAffectedRows ?? 0),
  };
}

/** Municipalities with computed lines up to the month. */
export async function municipalitiesToPay(
  tx: Executor,
  month: Temporal.PlainYearMonth,
): Promise<MunicipalityCode[]> {
  const period = periodDate(month);
  const rows = await sql<{ municipality: string }>`
    select municipality from payment_lines where period <= ${period}::date and status = 'beregnet'
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
    .where('period', '<=', period)
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
