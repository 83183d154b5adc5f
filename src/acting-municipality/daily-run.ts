/**
 * `daglig-flytning`: the 04:00 run. Every person whose review date has come is handled in a transaction of
 * their own (a failure for one neither blocks nor half-writes another, and is retried by the next run);
 * a rerun of the same day finds nobody due and changes nothing.
 */
import type { Temporal } from 'temporal-polyfill';
import { localDate, ok } from '../kernel/index.ts';
import { closeCases, endDeductions, listPersonCases, listPersonDeductions, listPersonLines, stopLines } from '../cases/index.ts';
import {
  coversDate,
  findCurrentActing,
  findPersonById,
  listPersonsDueForReview,
  listResidenceEntries,
  lockPerson,
  markResidencesEffectuated,
  setActingReview,
  startActingPeriod,
} from '../persons/index.ts';
import { insertTasks } from '../tasks/index.ts';
import { systemActor } from '../platform/actor.ts';
import type { Occurrence } from '../platform/jobs/domain/schedule.ts';
import { runUseCase, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { findOpenManualPeriod, markManualPeriod } from './db/manual-period.repository.ts';
import { decideDailyRun, type PersonRunState } from './domain/decide-daily-run.ts';

const BATCH = 500;
const TRANSFER_REASON = 'handleansvar overdraget';

async function loadState(context: UseCaseContext, personId: string, date: Temporal.PlainDate): Promise<PersonRunState | undefined> {
  const person = await findPersonById(context.tx, personId);
  if (person === undefined) return undefined;
  const [residences, manualPeriod, currentActing, lines, cases, deductions] = await Promise.all([
    listResidenceEntries(context.tx, personId),
    findOpenManualPeriod(context.tx, personId),
    findCurrentActing(context.tx, personId),
    listPersonLines(context.tx, personId),
    listPersonCases(context.tx, personId),
    listPersonDeductions(context.tx, personId),
  ]);
  return {
    cpr: person.cpr,
    healthCard: person.healthCard,
    spouse: person.spouse,
    residences,
    manualPeriod,
    currentActing,
    plannedLines: lines
      .filter((line) => line.status === 'planlagt')
      .map((line) => ({ lineId: line.id, kind: line.kind, ownerId: line.ownerId, period: line.period, planned: line.amount, municipality: line.municipality })),
    openCases: cases.filter((c) => c.status === 'bevilget' || c.status === 'under-oplysning').map((c) => ({ id: c.id, municipality: c.municipality, to: c.to })),
    activeDeductions: deductions.map((d) => ({ id: d.id, municipality: d.municipality, to: d.to })),
    underAdministration: person.administration.some((period) => coversDate(period, date)),
    inInstitution: person.institutionStays.some((period) => coversDate(period, date)),
  };
}

/** Handles one person's due changes for the run of `date`; returns whether the acting municipality changed. */
async function reviewPerson(context: UseCaseContext, personId: string, date: Temporal.PlainDate): Promise<boolean> {
  const locked = await lockPerson(context.tx, personId);
  if (locked?.actingReviewOn == null || locked.actingReviewOn.since(date).days > 0) return false;
  const state = await loadState(context, personId, date);
  if (state === undefined) return false;
  const decision = decideDailyRun(state, date);
  const { tx, now } = context;
  await markResidencesEffectuated(tx, decision.effectuate, now);
  if (state.manualPeriod !== undefined && (decision.manualStarted || decision.manualEnded !== undefined)) {
    await markManualPeriod(tx, state.manualPeriod.id, now, {
      started: decision.manualStarted,
      ...(decision.manualEnded === undefined ? {} : { endedTo: decision.manualEnded.to }),
    });
  }
  if (decision.transfer !== undefined) {
    await startActingPeriod(tx, personId, decision.transfer.to, now, decision.transfer.reason);
  }
  await stopLines(tx, { payments: decision.stopPayments, deductions: decision.stopDeductions }, now);
  await closeCases(tx, decision.closeCases, TRANSFER_REASON);
  await endDeductions(tx, decision.endDeductions, TRANSFER_REASON);
  await insertTasks(tx, personId, decision.tasks, now);
  for (const event of decision.events) context.record({ ...event, personId });
  await setActingReview(tx, personId, decision.nextReview, 'replace');
  return decision.transfer !== undefined;
}

/** The job handler: reviews every due person; the summary goes to the run log. */
export async function runDailyMoves(deps: Deps, occurrence: Occurrence): Promise<Record<string, unknown>> {
  const date = localDate(occurrence.at);
  const actor = systemActor('daglig-flytning');
  let after: string | null = null;
  let reviewed = 0;
  let transfers = 0;
  const failed: string[] = [];
  for (;;) {
    const ids = await listPersonsDueForReview(deps.db, date, after, BATCH);
    if (ids.length === 0) break;
    for (const id of ids) {
      try {
        const result = await runUseCase(deps, actor, 'job', async (context) => ok(await reviewPerson(context, id, date)));
        reviewed += 1;
        if (result.ok && result.value) transfers += 1;
      } catch (error) {
        // The person keeps the review date, so the next run tries again; the others go on.
        failed.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    after = ids.at(-1) ?? null;
  }
  return { date: date.toString(), reviewed, transfers, failed };
}
