/**
 * A task as caseworkers and integrators see it: its type's Danish name, every step with its name, kind,
 * status and the input it takes (as JSON Schema, so forms and clients can be built from it), the undringer,
 * and the version to send back with the next action.
 */
import { z } from 'zod';
import type { TaskRecord } from './db/task.repository.ts';
import type { StepDefinition } from './domain/definition.ts';
import type { QueryState, StepState } from './domain/engine.ts';
import type { TaskTypes } from './task-type.ts';

export interface StepView extends StepState {
  readonly name: string;
  readonly mode: StepDefinition['mode'];
  readonly skippable: boolean;
  /** JSON Schema of the step's input, or null when it takes none. */
  readonly inputSchema: Record<string, unknown> | null;
}

export interface TaskView {
  readonly id: string;
  readonly type: string;
  readonly typeName: string;
  readonly personId: string;
  readonly caseId: string | null;
  readonly municipality: string;
  readonly status: TaskRecord['status'];
  readonly closeReason: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly currentStep: string | null;
  readonly steps: readonly StepView[];
  readonly queries: readonly QueryState[];
  readonly assignee: string | null;
  readonly categories: readonly string[];
  readonly dueOn: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  readonly version: number;
}

const schemas = new WeakMap<object, Record<string, unknown>>();

/** The step's input as JSON Schema (computed once per schema). */
export function inputSchemaOf(step: StepDefinition): Record<string, unknown> | null {
  if (step.input === undefined) return null;
  let schema = schemas.get(step.input);
  if (schema === undefined) {
    schema = z.toJSONSchema(step.input, { io: 'input', unrepresentable: 'any' });
    schemas.set(step.input, schema);
  }
  return schema;
}

export function taskView(types: TaskTypes, task: TaskRecord): TaskView {
  const type = types.get(task.type);
  const definitions = type.ok ? type.value.steps : [];
  return {
    id: task.id,
    type: task.type,
    typeName: type.ok ? type.value.name : task.type,
    personId: task.personId,
    caseId: task.caseId,
    municipality: task.municipality,
    status: task.status,
    closeReason: task.closeReason,
    data: task.data,
    currentStep: task.currentStep,
    steps: task.state.steps.map((step) => {
      const definition = definitions.find((d) => d.key === step.key);
      return {
        ...step,
        name: definition?.name ?? step.key,
        mode: definition?.mode ?? 'manuel',
        skippable: definition?.skippable ?? false,
        inputSchema: definition === undefined ? null : inputSchemaOf(definition),
      };
    }),
    queries: task.state.queries,
    assignee: task.assignee,
    categories: task.categories,
    dueOn: task.dueOn,
    createdAt: task.createdAt.toString(),
    updatedAt: task.updatedAt.toString(),
    closedAt: task.closedAt?.toString() ?? null,
    version: task.version,
  };
}
