/**
 * A task type as the shell runs it: the pure definition (steps, rules, input) plus what the owning context
 * adds — the facts its rules read, who may start it, and what completing it does. Adding a task type means
 * adding one of these (and its step functions) to the registry the composition root builds; nothing else.
 */
import { fail, ok, type Result } from '../kernel/index.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import type { TaskRecord } from './db/task.repository.ts';
import type { TaskTypeDefinition } from './domain/definition.ts';

export interface TaskType extends TaskTypeDefinition {
  /** The current facts for the rules, re-read on every action and on restart. */
  readonly loadFacts?: (context: UseCaseContext, task: TaskRecord) => Promise<Record<string, unknown>>;
  /** Process rules for who may start it by hand, beyond being a caseworker of a municipality. */
  readonly mayStart?: (
    context: UseCaseContext,
    start: { readonly personId: string; readonly municipality: string; readonly cprSubscription: boolean },
  ) => Promise<Result<void>>;
  /**
   * What starting it by hand prepares, after `mayStart`, in the same transaction: the case the task is
   * about (chosen or created) and the data it is created with. A refusal starts nothing.
   */
  readonly onStart?: (
    context: UseCaseContext,
    start: {
      readonly personId: string;
      readonly municipality: string;
      readonly data: Readonly<Record<string, unknown>>;
    },
  ) => Promise<Result<{ readonly caseId: string | null; readonly data: Readonly<Record<string, unknown>> }>>;
  /**
   * What passing a step with "Gå videre" does beyond the task (a letter sent, a hearing recorded), in the
   * same transaction, before the task moves on; a refusal rolls the whole action back.
   */
  readonly onStep?: (
    context: UseCaseContext,
    task: TaskRecord,
    step: string,
    input: Readonly<Record<string, unknown>>,
  ) => Promise<Result<void>>;
  /**
   * What completing the task does; it returns what it did (recorded on the task as `opgave-virkning`), and a
   * refusal rolls the whole action back.
   */
  readonly onComplete?: (
    context: UseCaseContext,
    task: TaskRecord,
  ) => Promise<Result<Readonly<Record<string, unknown>>>>;
}

/** The task types the system knows, by key. */
export class TaskTypes {
  readonly #types: ReadonlyMap<string, TaskType>;

  constructor(types: readonly TaskType[]) {
    const map = new Map<string, TaskType>();
    for (const type of types) {
      if (map.has(type.key)) throw new Error(`task type ${type.key} is defined twice`);
      map.set(type.key, type);
    }
    this.#types = map;
  }

  /** The type, or `ukendt-opgavetype`. */
  get(key: string, field = 'type'): Result<TaskType> {
    const type = this.#types.get(key);
    return type === undefined ? fail('ukendt-opgavetype', `Ukendt opgavetype "${key}"`, field) : ok(type);
  }

  /** Every type, in the order given. */
  all(): TaskType[] {
    return [...this.#types.values()];
  }

  keys(): string[] {
    return [...this.#types.keys()];
  }
}
