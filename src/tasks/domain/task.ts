/**
 * Tasks (opgaver): typed pieces of work for a person, owned by a municipality, open or closed, each run by
 * the step engine (engine.ts) from its type's definition (definition.ts).
 */
import { ok, type MunicipalityCode, type Result } from '../../kernel/index.ts';
import type { TaskTypeDefinition } from './definition.ts';
import { openTask, type Env, type TaskEvent, type TaskState } from './engine.ts';

export { taskStatuses, type TaskStatus } from './engine.ts';

/** A task decided by a rule or a caseworker, ready to be stored: its first state and what happened. */
export interface NewTask {
  readonly type: string;
  readonly municipality: MunicipalityCode;
  readonly caseId: string | null;
  /** What the task shows the caseworker. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly state: TaskState;
  readonly events: readonly TaskEvent[];
  readonly dueOn: string | null;
}

/** What a process asks for when it creates a task (a follow-up, a process task). */
export interface TaskRequest {
  readonly type: string;
  readonly municipality: MunicipalityCode;
  readonly caseId?: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  /** Facts the type's rules read, when the caller already has them. */
  readonly facts?: Readonly<Record<string, unknown>>;
}

/**
 * The one way a task comes into being: its data is checked against the type, it runs as far as it can by
 * itself, and it gets its due date.
 */
export function decideNewTask(
  definition: TaskTypeDefinition,
  request: TaskRequest,
  env: Pick<Env, 'by' | 'at' | 'today'>,
): Result<NewTask> {
  const opened = openTask(definition, {
    ...env,
    data: request.data,
    facts: request.facts ?? {},
  });
  if (!opened.ok) return opened;
  const started = opened.value.events[0];
  return ok({
    type: definition.key,
    municipality: request.municipality,
    caseId: request.caseId ?? null,
    data: (started?.data['data'] as Record<string, unknown> | undefined) ?? request.data,
    state: opened.value.state,
    events: opened.value.events,
    dueOn: definition.dueDays === null ? null : env.today.add({ days: definition.dueDays }).toString(),
  });
}
