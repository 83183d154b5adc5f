/**
 * `maanedskoersel` (18:00 on the 5th-last bank day) and `udbetaling` (06:00 on the last bank day). The
 * month is paid by the municipality acting when the run starts: by then the day's 04:00 run has stopped
 * the planned lines of any municipality that lost the duty (KP 5.4.0 §2). Each municipality is a
 * transaction of its own, keyed by what it does, so a crash and a rerun never compute or pay twice.
 */
import type { Temporal } from 'temporal-polyfill';
import { localDate, ok, type MunicipalityCode } from '../kernel/index.ts';
import { systemActor } from '../platform/actor.ts';
import type { Occurrence } from '../platform/jobs/domain/schedule.ts';
import type { PartsOf } from '../platform/jobs/run-job.ts';
import { runUseCase, type Deps } from '../platform/use-case.ts';
import { allocateDeductions } from './domain/allocate-deductions.ts';
import {
  computePayments,
  municipalitiesToPay,
  municipalitiesWithPlannedLines,
  payOut,
  planNextMonth,
  sendDeductions,
  setNet,
} from './db/run.repository.ts';
import { writeDeductionRequestFile, writePayoutFile } from './db/outbound.repository.ts';

function groupByPerson<T extends { personId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.personId, [...(groups.get(item.personId) ?? []), item]);
  return groups;
}

/** The month a run occurrence is for: the month of its local date. */
const monthOf = (occurrence: Occurrence): Temporal.PlainYearMonth =>
  localDate(occurrence.at).toPlainYearMonth();

/** The municipalities with a part in the month's monthly run: those with lines planned for the month. */
export const monthlyRunParts: PartsOf = (deps, occurrence) =>
  municipalitiesWithPlannedLines(deps.db, monthOf(occurrence));

/** The municipalities with a part in the month's payout: those with computed lines or sent deductions. */
export const payoutParts: PartsOf = (deps, occurrence) => municipalitiesToPay(deps.db, monthOf(occurrence));

/**
 * The monthly run: computes the month's lines per municipality and plans the next month's; `only` runs one
 * municipality's part (a worker's share).
 */
export async function runMonthlyPayments(
  deps: Deps,
  occurrence: Occurrence,
  only?: MunicipalityCode,
): Promise<Record<string, unknown>> {
  const month = monthOf(occurrence);
  const actor = systemActor('maanedskoersel');
  const summary: Record<string, unknown> = {};
  for (const municipality of only === undefined
    ? await municipalitiesWithPlannedLines(deps.db, month)
    : [only]) {
    const result = await runUseCase(deps, actor, 'job', async ({ tx, now }) => {
      const deductions = await sendDeductions(tx, month, municipality, now);
      const payments = await computePayments(tx, month, municipality, now);
      const deductedByPerson = groupByPerson(deductions);
      const nets = [...groupByPerson(payments)].flatMap(([personId, lines]) =>
        allocateDeductions(
          lines,
          (deductedByPerson.get(personId) ?? []).reduce((sum, d) => sum + d.amount, 0),
        ),
      );
      const grossOf = new Map(payments.map((line) => [line.id, line.gross]));
      await setNet(
        tx,
        nets.filter((line) => line.net !== grossOf.get(line.id)),
      );
      const requests = await writeDeductionRequestFile(tx, month, municipality);
      const planned = await planNextMonth(tx, month.add({ months: 1 }), municipality);
      return ok({ computed: payments.length, sent: deductions.length, requests, planned });
    });
    summary[municipality] = result.ok ? result.value : result.error;
  }
  return { month: month.toString(), municipalities: summary };
}

/** The payout: pays what the runs computed, per municipality. */
export async function runPayout(
  deps: Deps,
  occurrence: Occurrence,
  only?: MunicipalityCode,
): Promise<Record<string, unknown>> {
  const month = monthOf(occurrence);
  const actor = systemActor('udbetaling');
  const summary: Record<string, unknown> = {};
  for (const municipality of only === undefined ? await municipalitiesToPay(deps.db, month) : [only]) {
    const result = await runUseCase(deps, actor, 'job', async ({ tx, now }) => {
      const paid = await payOut(tx, month, municipality, now);
      const records = await writePayoutFile(tx, month, municipality, localDate(now), now);
      return ok({ ...paid, records });
    });
    summary[municipality] = result.ok ? result.value : result.error;
  }
  return { month: month.toString(), municipalities: summary };
}
