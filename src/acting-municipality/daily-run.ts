/**
 * `daglig-flytning`: the 04:00 run. Every person whose review date has come is handled in a transaction of
 * their own (a failure for one neither blocks nor half-writes another, and is retried by the next run);
 * a rerun of the same day finds nobody due and changes nothing. The decision is written in one statement
 * built from the parts the contexts register for their own tables at the composition root
 * (`src/platform/system.ts`, docs/decisions/0019).
 */
import { Temporal } from 'temporal-polyfill';
import { localDate, ok } from '../kernel/index.ts';
import { listPersonsDueForReview, startActingPeriod } from '../persons/index.ts';
import { actorLabel, systemActor } from '../platform/actor.ts';
import type { Occurrence } from '../platform/jobs/domain/schedule.ts';
import type { JobHandler, RunProgress } from '../platform/jobs/run-job.ts';
import { composeWrite, type StatementPart } from '../platform/db/statement-parts.ts';
import { runUseCase, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import type { ManualPeriodRunWrite } from './db/manual-period.repository.ts';
import { lockRunState } from './db/run-state.repository.ts';
import { decideDailyRun, type DecidedEvent } from './domain/decide-daily-run.ts';
import { moveTaskRegistry } from './task-types.ts';
import { completeNewTasks, prepareNewTasks, type PreparedTasks, type TaskRequest } from '../tasks/index.ts';

const BATCH = 500;
/** Persons handled at once, each in its own transaction and connection: the work is round trips, not CPU. */
const CONCURRENCY = 2;
const TRANSFER_REASON = 'handleansvar overdraget';

/**
 * What the run writes for one person: the values `decideDailyRun` decided (and the task rows the task
 * context built from its requests), with the run's time and actor. Each registered part takes the fields
 * for its own tables and stores them as they are.
 */
export interface DailyRunWrite {
  readonly personId: string;
  readonly now: Temporal.Instant;
  readonly actor: string;
  readonly effectuate: readonly string[];
  readonly manual: ManualPeriodRunWrite | null;
  readonly stopPayments: readonly string[];
  readonly stopDeductions: readonly string[];
  /** Cases to close, each with the grant end the domain decided. */
  readonly closeCases: readonly { readonly id: string; readonly grantTo: Temporal.PlainDate | null }[];
  /** Deductions to end, each with the end the domain decided. */
  readonly endDeductions: readonly { readonly id: string; readonly to: Temporal.PlainDate | null }[];
  readonly closeReason: string;
  readonly events: readonly DecidedEvent[];
  /** Task rows and their events, as `taskRows` of the tasks context makes them. */
  readonly tasks: readonly Record<string, unknown>[];
  readonly taskEvents: readonly Record<string, unknown>[];
  readonly nextReview: Temporal.PlainDate | null;
}

/** A context's part of the run's write. */
export type DailyRunPart = StatementPart<DailyRunWrite>;

type WriteDecision = (tx: UseCaseContext['tx'], values: DailyRunWrite) => Promise<void>;

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
  writeDecision: WriteDecision,
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
  await writeDecision(tx, {
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

/**
 * The job handler with the run's write built from `parts` (the composition root's list): reviews every due
 * person; the summary goes to the run log; `progress` counts persons.
 */
export function dailyMovesJob(parts: readonly DailyRunPart[]): JobHandler {
  const writeDecision = composeWrite('acting-run-write', parts);
  return (deps, occurrence, _municipality, progress) =>
    runDailyMoves(writeDecision, deps, occurrence, progress);
}

async function runDailyMoves(
  writeDecision: WriteDecision,
  deps: Deps,
  occurrence: Occurrence,
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
          const result = await runUseCase(deps, actor, 'job', 'koersel', async (context) =>
            ok(await reviewPerson(writeDecision, context, id, date)),
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
