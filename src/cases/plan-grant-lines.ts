/**
 * A grant decided, changed or ended plans its case's payment lines (domain §4, our rule: months already
 * run are paid late, never skipped): every month the grant covers whose run has passed and that has no line
 * gets one, paid by the next run (efterbetaling); the next covered month gets its ordinary line; planned
 * lines of months the grant no longer covers are stopped. Amounts are the forecast as known now; the run
 * computes each line again with that month's rules and rates.
 */
import { Temporal } from 'temporal-polyfill';
import { nextRunMonth } from '../platform/jobs/domain/schedule.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import { periodDate } from './db/case.repository.ts';
import { planPaymentLine, stopPlannedPaymentLines } from './db/line.repository.ts';
import { findCase } from './db/grant.repository.ts';
import { coversMonth, monthsToPlan } from './domain/case.ts';
import { loadLineAmounts } from './line-amounts.ts';

export async function planGrantLines(
  context: UseCaseContext,
  caseId: string,
): Promise<{ planned: string[]; stopped: number }> {
  const record = await findCase(context.tx, caseId);
  if (record === undefined) throw new Error(`Case ${caseId} vanished`);
  const lines = await context.tx
    .selectFrom('payment_lines')
    .select(['id', 'period', 'status'])
    .where('case_id', '=', caseId)
    .execute();
  const period = { from: record.from, to: record.to };
  const month = (value: string) => Temporal.PlainDate.from(value).toPlainYearMonth();
  const uncovered = lines.filter((l) => l.status === 'planlagt' && !coversMonth(period, month(l.period)));
  await stopPlannedPaymentLines(
    context.tx,
    uncovered.map((l) => l.id),
    context.now,
  );
  if (record.status !== 'bevilget') return { planned: [], stopped: uncovered.length };
  const plan = monthsToPlan(
    period,
    nextRunMonth(context.now),
    lines.filter((l) => l.status !== 'stoppet').map((l) => month(l.period)),
  );
  const { forecast } = await loadLineAmounts(context.tx, [record.personId]);
  const person = await context.tx
    .selectFrom('persons')
    .select('cpr')
    .where('id', '=', record.personId)
    .executeTakeFirstOrThrow();
  const planned: string[] = [];
  for (const item of plan) {
    const amount = forecast({ ...record, ...period, caseId, cpr: person.cpr }, item.month);
    if (amount === undefined) continue;
    const owner = { caseId, personId: record.personId, municipality: record.municipality };
    // A month that cannot be computed yet is planned at 0; the run computes it or defers it, naming why.
    await planPaymentLine(context.tx, owner, item.month, amount.ok ? amount.value : 0, item.runMonth);
    planned.push(periodDate(item.month).slice(0, 7));
  }
  return { planned, stopped: uncovered.length };
}
