/**
 * The task steps of the format's extensions: a caseworker's action on a task (`act.do: opgave`), a task
 * category (`act.do: opgavekategori`) and a release restart or closing (`task-batch`). Each goes through the
 * tasks context's own use cases, as the API, the pages and the CLI do.
 */
import { fail, formatCpr, ok, type Cpr, type Result } from '../../kernel/index.ts';
import { getPersonOverview } from '../../acting-municipality/index.ts';
import {
  actOnTask,
  createTaskCategory,
  runTaskBatch,
  type BatchResult,
  type BatchSummary,
  type TaskAction,
  type TaskRecord,
} from '../../tasks/index.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import { taskTypes } from '../../platform/system.ts';
import type { Deps } from '../../platform/use-case.ts';
import type { TaskBatchStep, TaskCategoryCommand, TaskCommand } from '../format/index.ts';
import { ScenarioFailed } from './outcome.ts';

/** A task as a failure message shows it. */
export function describeTask(task: TaskRecord): string {
  const details = [
    `trin=${task.currentStep ?? 'ingen'}`,
    ...(task.openQueries === 0 ? [] : [`undringer=${String(task.openQueries)}`]),
    ...(task.categories.length === 0 ? [] : [`kategorier=${task.categories.join('|')}`]),
    ...(task.assignee === null ? [] : [`tildelt=${task.assignee}`]),
    ...(task.dueOn === null ? [] : [`frist=${task.dueOn}`]),
    `version=${String(task.version)}`,
  ];
  return `${task.type}@${task.municipality} ${task.status} ${details.join(' ')}`;
}

/**
 * The task the caseworker acts on: the newest of the citizen's tasks of the type, owned by the command's
 * municipality (default the caseworker's), with its status (default open), as the person's overview shows
 * them. Not there: the scenario fails — unless a refusal is expected, which is then `ikke-fundet`.
 */
async function findTask(
  deps: Deps,
  actor: Actor,
  cpr: Cpr,
  command: TaskCommand,
  owner: string,
  failure: { line: number; what: string; expectsRefusal: boolean },
): Promise<Result<TaskRecord>> {
  const overview = await getPersonOverview(deps, actor, 'scenario', cpr, 'scenarie:opgave');
  if (!overview.ok) return overview;
  const tasks = overview.value.tasks;
  const found = tasks.findLast(
    (t) => t.type === command.type && t.municipality === owner && t.status === command.status,
  );
  if (found !== undefined) return ok(found);
  const wanted = `en opgave ${command.type}@${owner} med status ${command.status} for ${formatCpr(cpr)}`;
  if (failure.expectsRefusal) return fail('ikke-fundet', `Der er ikke ${wanted}`);
  throw new ScenarioFailed({
    line: failure.line,
    what: failure.what,
    message: 'opgaven findes ikke',
    expected: wanted,
    actual: tasks.map(describeTask).join('; ') || 'ingen opgaver',
  });
}

/**
 * `act.do: opgave`: the action on the task, against the version the file states, or else the version the
 * caseworker sees now.
 */
export async function actOnTaskStep(
  deps: Deps,
  actor: Actor,
  ownMunicipality: string,
  cpr: Cpr,
  command: TaskCommand,
  failure: { line: number; what: string; expectsRefusal: boolean },
): Promise<Result<unknown>> {
  const owner = command.municipality ?? ownMunicipality;
  const task = await findTask(deps, actor, cpr, command, owner, failure);
  if (!task.ok) return task;
  const action: TaskAction = command.handling;
  const version = command.version ?? task.value.version;
  return actOnTask(deps, taskTypes, actor, 'scenario', task.value.id, version, action);
}

/** `act.do: opgavekategori`. */
export function createCategoryStep(
  deps: Deps,
  actor: Actor,
  command: TaskCategoryCommand,
): Promise<Result<unknown>> {
  return createTaskCategory(deps, actor, 'scenario', { key: command.key, name: command.name });
}

/**
 * `task-batch`: the restart or closing as the system runs it for a release (`opgave-genstart`,
 * `opgave-luk`), not a dry run. A task the batch could not handle fails the scenario.
 */
export async function runTaskBatchStep(
  deps: Deps,
  step: TaskBatchStep,
  what: string,
): Promise<Result<BatchSummary>> {
  const failed: BatchResult[] = [];
  const result = await runTaskBatch(
    deps,
    taskTypes,
    systemActor(`opgave-${step.batch}`),
    { kind: step.batch, types: step.types, reason: step.reason ?? undefined, dryRun: false },
    (row) => {
      if (row.outcome === 'fejl') failed.push(row);
    },
  );
  if (failed.length > 0) {
    throw new ScenarioFailed({
      line: step.line,
      what,
      message: `${String(failed.length)} opgave(r) blev ikke ${step.batch === 'genstart' ? 'genstartet' : 'lukket'}`,
      expected: 'alle opgaver behandlet',
      actual: failed.map((row) => `${row.type}@${row.municipality}: ${row.message ?? ''}`).join('; '),
    });
  }
  return result;
}
