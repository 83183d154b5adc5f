/**
 * Task types as declarative definitions (domain §3): a key users see, a Danish name, the steps in order —
 * each automatic or manual, skippable or never skippable, with the input a caseworker gives and the rules
 * that raise undringer — and how long the municipality has to handle it. The pure parts live here; what a
 * type does to the world when it completes (and the facts its rules read) is added by the context that owns
 * the type, in the shell (`TaskType` in ../task-type.ts).
 */
import type { Temporal } from 'temporal-polyfill';
import type { z } from 'zod';
import type { Result } from '../../kernel/index.ts';

export type StepMode = 'automatisk' | 'manuel';

/** What a step's rules read: the task's data, the facts of now, and what was entered on earlier steps. */
export interface StepContext {
  /** What the task was created with (shown to the caseworker). */
  readonly data: Readonly<Record<string, unknown>>;
  /** The current facts the type loads for its rules (re-read on every evaluation and on restart). */
  readonly facts: Readonly<Record<string, unknown>>;
  /** Input entered on completed steps, by step key. */
  readonly inputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly today: Temporal.PlainDate;
}

/** An undring raised by a rule: it stops the step for manual handling. */
export interface RaisedQuery {
  readonly code: string;
  /** Danish text telling the caseworker what to look at. */
  readonly text: string;
  /** A mandatory undring must be resolved by a caseworker; it cannot be dismissed. */
  readonly mandatory: boolean;
}

export type StepInputSchema = z.ZodType<Record<string, unknown>>;

/**
 * What a form needs to know of one field of a step's input beyond its type, given on the field with zod's
 * `.meta()`. It is carried into the step's JSON Schema (`inputSchema`) as `x-` keywords, so the API's
 * clients can build the same form; the step's schema and `check` stay the rules. (A type, not an interface:
 * `.meta()` takes an object with an index signature.)
 */
export type StepFieldMeta = {
  /** The text is a municipality code (kommunekode): a form offers the 98 municipalities. */
  readonly 'x-municipality'?: true;
  /**
   * The field belongs to some choices of another field of the input (an enumeration): a form shows it
   * under those choices and sends it only when one of them is chosen.
   */
  readonly 'x-under-choice'?: {
    /** The key of the enumeration field. */
    readonly field: string;
    /** The choices it applies to. */
    readonly values: readonly string[];
    /** The choices under which it must be given (among `values`); optional under the others. */
    readonly required?: readonly string[];
  };
};

export interface StepDefinition {
  readonly key: string;
  /** Danish name shown on the task ("Vurder tillæg og fradrag"). */
  readonly name: string;
  readonly mode: StepMode;
  /** A step that can never be skipped (e.g. "Opsummering") is `false`. */
  readonly skippable: boolean;
  /** The input a caseworker gives on "Gå videre"; none means the step takes no input. */
  readonly input?: StepInputSchema;
  /**
   * Checks of the input beyond its shape, against the task's data and facts (e.g. a period that may not
   * overlap); a refusal keeps the step waiting and changes nothing.
   */
  readonly check?: (input: Readonly<Record<string, unknown>>, context: StepContext) => Result<unknown>;
  /** The rules that raise undringer on this step. */
  readonly queries?: (context: StepContext) => readonly RaisedQuery[];
  /**
   * A step whose passing sends something out of the system (a letter): once passed (not skipped), neither it
   * nor a step before it can be gone back to, so it is never done twice.
   */
  readonly final?: boolean;
  /** What an automatic step computes (recorded as its result). */
  readonly run?: (context: StepContext) => Readonly<Record<string, unknown>>;
}

export interface TaskTypeDefinition {
  /** ASCII Danish kebab-case key (`registrer-fraflytning`). */
  readonly key: string;
  /** Danish name ("Registrer fraflytning"). */
  readonly name: string;
  /** The data the task is created with; follow-ups are checked against it. */
  readonly data: z.ZodType<Record<string, unknown>>;
  readonly steps: readonly StepDefinition[];
  /** Days from creation to the due date (frist), when the type has one. */
  readonly dueDays: number | null;
  /** Whether a caseworker may start a task of this type by hand. */
  readonly startableByHand: boolean;
}
