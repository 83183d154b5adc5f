/**
 * `daglig-flytning`: the 04:00 run. Every person whose review date has come is handled in a transaction of
 * their own (a failure for one neither blocks nor half-writes another, and is retried by the next run);
 * a rerun of the same day finds nobody due and changes nothing.
 */
import { Temporal } from 'temporal-polyfill';
import { localDate, ok } from '../kernel/index.ts';
import { listPersonsDueForReview, startActingPeriod } from '../persons/index.ts';
import { actorLabel, systemActor } from '../platform/actor.ts';
import type { Occurrence } from '../platform/jobs/domain/schedule.ts';
import type { RunProgress } from '../platform/jobs/run-job.ts';
import { runUseCase, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { lockRunState, writeRunDecision } from './db/run-state.repository.ts';
import { decideDailyRun } from './domain/decide-daily-run.ts';
import { moveTaskRegistry } from './task-types.ts';
import { completeNewTasks, prepareNewTasks, type PreparedTasks, type TaskRequest } from '../tasks/index.ts';

const BATCH = 500;
/** Persons handled at once, each in its own transaction and connection: the work is round trips, not CPU. */
const CONCURRENCY = 2;
const TRANSFER_REASON = 'handleansvar overdraget';

/**
 * The tasks the run asks for, prepared by the task context's one creation path (so "Registrer fraflytning"
 * completes by itself unless its undring appears), as rows for the run's one write (ADR 0016).
 */
function newTasks(
  personId: string,
  requests: readonly TaskRequest[],
  context: UseCaseContext,
): PreparedTasks {
  const prepared = prepareNewTasks(
    moveTaskRegistry,
    personId,
    requests,
    context.now,
    actorLabel(context.actor),
  );
  // The run's own requests always fit their types; a mismatch is a bug, not a refusal.
  if (!prepared.ok) throw new Error(`tasks: ${prepared.error.message}`);
  return prepared.value;
}

/** Handles one person's due changes for the run of `date`; returns whether the acting municipality changed. */
async function reviewPerson(
  context: UseCaseContext,
  personId: string,
  date: Temporal.PlainDate,
): Promise<boolean> {
  const locked = await lockRunState(context.tx, personId, date);
  // Someone else handled the person since the batch was listed (another worker, a rerun).
  if (
    locked === undefined ||
    locked.reviewOn === null ||
    Temporal.PlainDate.compare(locked.reviewOn, date) > 0
  )
    return false;
  const { state } = locked;
  const decision = decideDailyRun(state, date);
  const { tx, now } = context;
  if (decision.transfer !== undefined) {
    await startActingPeriod(tx, personId, decision.transfer.to, now, decision.transfer.reason);
  }
  const manual = state.manualPeriod;
  const tasks = newTasks(personId, decision.tasks, context);
  await writeRunDecision(tx, {
    personId,
    now,
    actor: actorLabel(context.actor),
    effectuate: decision.effectuate,
    manual:
      manual !== undefined && (decision.manualStarted || decision.manualEnded !== undefined)
        ? {
            id: manual.id,
            started: decision.manualStarted,
            ended: decision.manualEnded !== undefined,
            endedTo: decision.manualEnded?.to ?? null,
          }
        : null,
    stopPayments: decision.stopPayments,
    stopDeductions: decision.stopDeductions,
    closeCases: decision.closeCases,
    endDeductions: decision.endDeductions,
    closeReason: TRANSFER_REASON,
    events: decision.events,
    tasks: tasks.rows.tasks,
    taskEvents: tasks.rows.events,
    nextReview: decision.nextReview,
  });
  // What a task that ran through at once does on completion, as for a task created anywhere else.
  const completed = await completeNewTasks(context, tasks);
  if (!completed.ok) throw new Error(`tasks: ${completed.error.message}`);
  return decision.transfer !== undefined;
}

/** The job handler: reviews every due person; the summary goes to the run log; `progress` counts persons. */
export async function runDailyMoves(
  deps: Deps,
  occurrence: Occurrence,
  _municipality?: unknown,
  progress?: RunProgress,
): Promise<Record<string, unknown>> {
  const date = localDate(occurrence.at);
  const actor = systemActor('daglig-flytning');
  let after: string | null = null;
  let reviewed = 0;
  let transfers = 0;
  const failed: string[] = [];
  for (;;) {
    const ids = await listPersonsDueForReview(deps.db, date, after, BATCH);
    if (ids.length === 0) break;
    progress?.add(ids.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
        try {
          const result = await runUseCase(deps, actor, 'job', async (context) =>
            ok(await reviewPerson(context, id, date)),
          );
          reviewed += 1;
          if (result.ok && result.value) transfers += 1;
          progress?.done(id, 'koert');
        } catch (error) {
          // The person keeps the review date, so the next run tries again; the others go on.
          failed.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
          progress?.done(id, 'fejlet');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    after = ids.at(-1) ?? null;
  }
  return { date: date.toString(), reviewed, transfers, failed };
}
