/**
 * The move task types as the shell runs them: the facts their rules read, who may start "Bestem
 * handlekommune manuelt" (only the current acting municipality, KP 5.4.0 §3.3) and what completing it does
 * (the registration itself).
 */
import { ok, type Result } from '../kernel/index.ts';
import { findCurrentActing, findPersonSummary, requireActing } from '../persons/index.ts';
import { nextDailyRunDate } from '../platform/jobs/domain/schedule.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import { TaskTypes, type TaskRecord, type TaskType } from '../tasks/index.ts';
import { findOpenManualPeriod } from './db/manual-period.repository.ts';
import { writeManualDecision } from './write-manual-decision.ts';
import {
  decideManualTask,
  determineActingType,
  followUpTypes,
  registerMoveOutType,
  type ManualActingFacts,
} from './domain/task-types.ts';

async function manualFacts(context: UseCaseContext, task: TaskRecord): Promise<ManualActingFacts> {
  const [currentActing, open] = await Promise.all([
    findCurrentActing(context.tx, task.personId),
    findOpenManualPeriod(context.tx, task.personId),
  ]);
  return {
    actorMunicipality: task.municipality,
    currentActing,
    open,
    nextRun: nextDailyRunDate(context.now),
  };
}

function onlyActing(context: UseCaseContext, personId: string, municipality: string): Promise<Result<void>> {
  return requireActing(
    context.tx,
    personId,
    municipality,
    (acting) => `Kun den aktuelle handlekommune (${acting}) kan bestemme handlekommune manuelt`,
  );
}

const determineActing: TaskType = {
  ...determineActingType,
  loadFacts: async (context, task) => ({ ...(await manualFacts(context, task)) }),
  mayStart: (context, start) => onlyActing(context, start.personId, start.municipality),
  onComplete: async (context, task) => {
    const allowed = await onlyActing(context, task.personId, task.municipality);
    if (!allowed.ok) return allowed;
    const input = task.state.steps.find((s) => s.key === 'angiv-handlekommune')?.input ?? {};
    const decided = decideManualTask(input, { facts: { ...(await manualFacts(context, task)) } });
    if (!decided.ok) return decided;
    return ok(await writeManualDecision(context, task.personId, task.municipality, input, decided.value));
  },
};

const registerMoveOut: TaskType = {
  ...registerMoveOutType,
  loadFacts: async (context, task) => ({
    spouse: (await findPersonSummary(context.tx, task.personId))?.spouse ?? null,
  }),
};

/** The move task types, for the registry the composition root builds. */
export const moveTaskTypes: readonly TaskType[] = [registerMoveOut, determineActing, ...followUpTypes];

/** The registry of the move task types alone, for the move processes' own use cases. */
export const moveTaskRegistry = new TaskTypes(moveTaskTypes);
