/**
 * What a monthly run computed and paid, per municipality: the citizens and lines of the run month and
 * their amounts. Read from the lines (owned by cases, read here) and from the runs' record (`job_runs`).
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { localDate, toOere, type Oere } from '../../kernel/index.ts';
import { periodDate } from '../../cases/index.ts';
import type { Executor } from '../../platform/db/database.ts';

/** One municipality's share of a run month: the lines the run computed (paid or not yet). */
export interface MunicipalityRunTotals {
  readonly municipality: string;
  /** Citizens with at least one line in the run. */
  readonly citizens: number;
  readonly lines: number;
  /** Of the lines, those the payout has paid. */
  readonly paidLines: number;
  readonly gross: Oere;
  /** What goes to the citizens' NemKonto: after tax, ATP, sanctions, deductions and APØ. */
  readonly net: Oere;
}

/** The month of the latest monthly run that has started (a forced one included); null before the first. */
export async function latestRunMonth(tx: Executor): Promise<Temporal.PlainYearMonth | null> {
  const row = await tx
    .selectFrom('job_runs')
    .select('scheduled_for')
    .where('job', '=', 'maanedskoersel')
    .where('parent', 'is', null)
    .orderBy('scheduled_for', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return null;
  return localDate(Temporal.Instant.fromEpochMilliseconds(row.scheduled_for.getTime())).toPlainYearMonth();
}

/**
 * The run month's computed and paid lines per municipality (efterbetalinger of earlier months included,
 * as the run pays them), optionally only one municipality's; ordered by municipality code.
 */
export async function runTotals(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality?: string,
): Promise<MunicipalityRunTotals[]> {
  const only = municipality === undefined ? sql`` : sql`and l.municipality = ${municipality}`;
  const rows = await sql<{
    municipality: string;
    citizens: string;
    lines: string;
    paid_lines: string;
    gross: string;
    net: string;
  }>`
    select l.municipality, count(distinct l.person_id) as citizens, count(*) as lines,
           count(*) filter (where l.status = 'udbetalt') as paid_lines,
           coalesce(sum(l.gross), 0) as gross, coalesce(sum(l.net), 0) as net
    from payment_lines l
    where l.run_month = ${periodDate(month)}::date and l.status in ('beregnet', 'udbetalt') ${only}
    group by l.municipality
    order by l.municipality`.execute(tx);
  return rows.rows.map((row) => ({
    municipality: row.municipality,
    citizens: Number(row.citizens),
    lines: Number(row.lines),
    paidLines: Number(row.paid_lines),
    gross: toOere(row.gross),
    net: toOere(row.net),
  }));
}
