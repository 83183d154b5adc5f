/**
 * `maanedskoersel` (18:00 on the 5th-last bank day) and `udbetaling` (06:00 on the last bank day). The
 * month is paid by the municipality acting when the run starts: by then the day's 04:00 run has stopped
 * the planned lines of any municipality that lost the duty (KP 5.4.0 §2). Each municipality is a
 * transaction of its own, keyed by what it does, so a crash and a rerun never compute or pay twice.
 */
import type { Temporal } from 'temporal-polyfill';
import { localDate, ok, type MunicipalityCode } from '../kernel/index.ts';
import { amountForMonth } from '../cases/index.ts';
import type { Executor } from '../platform/db/database.ts';
import { systemActor } from '../platform/actor.ts';
import type { Occurrence } from '../platform/jobs/domain/schedule.ts';
import type { PartsOf } from '../platform/jobs/run-job.ts';
import { runUseCase, type Deps } from '../platform/use-case.ts';
import { composeRun } from './domain/compose-month.ts';
import {
  lockPlannedLines,
  municipalitiesToPay,
  municipalitiesWithPlannedLines,
  payOut,
  findToPlan,
  insertPlannedLines,
  storeComputedPayments,
  storeSentDeductions,
} from './db/run.repository.ts';
import { writeDeductionRequestFile, writePayoutFile } from './db/outbound.repository.ts';

const noOtherParts = { sanctions: [], atp: 0, taxCard: null, apo: 0 } as const;

/**
 * Plans the month's lines for the municipality's granted cases and standing deductions that cover it: the
 * amount for the days covered, decided in the domain (`amountForMonth`), stored as it is.
 */
async function planMonth(tx: Executor, month: Temporal.PlainYearMonth, municipality: MunicipalityCode) {
  const toPlan = await findToPlan(tx, month, municipality);
  return insertPlannedLines(tx, month, municipality, {
    payments: toPlan.cases.flatMap((c) =>
      c.monthly === null
        ? []
        : [{ caseId: c.id, personId: c.personId, gross: amountForMonth(c.monthly, c, month) }],
    ),
    deductions: toPlan.deductions.map((d) => ({
      deductionId: d.id,
      personId: d.personId,
      amount: amountForMonth(d.monthly, d, month),
    })),
  });
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
      const planned = await lockPlannedLines(tx, month, municipality);
      // Sanctions (decisions), ATP, the tax card and APØ enter the composition as their sources are built.
      const composed = composeRun(planned.payments, planned.deductions, () => noOtherParts);
      await storeComputedPayments(tx, composed.lines, now);
      await storeSentDeductions(tx, composed.deductions, now);
      const requests = await writeDeductionRequestFile(tx, month, municipality);
      const next = await planMonth(tx, month.add({ months: 1 }), municipality);
      return ok({
        computed: composed.lines.length,
        sent: composed.deductions.length,
        requests,
        planned: next,
      });
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
