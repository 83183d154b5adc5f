/**
 * The bounds of every input, decided once (docs/robustness.md). Text has a maximum length per kind of
 * field and only printable characters: no NUL or other C0/C1 control characters (multi-line text may hold
 * newline, carriage return and tab), and no lone UTF-16 surrogates, which PostgreSQL cannot store. Dates
 * lie in the years of the bank calendar (1900-2200, see time.ts), monthly amounts below a maximum that
 * keeps every sum of them an exact safe integer of øre (money.ts), and user ids have a character set of
 * their own without `@`, because the log actor is written `bruger:ID@KOMMUNE`.
 */
import { z } from 'zod';
import { fail, ok, type Result } from './result.ts';

/** The kinds of text field, each with its maximum length in characters (UTF-16 code units). */
export const textLimits = {
  /** A key chosen from a list: a task type, step, category key, undring id, sort order. */
  key: 80,
  /** A person's name. */
  name: 200,
  /** One line of free text: a purpose (formål), a category name or label, a reason. */
  line: 500,
  /** Multi-line free text: a note, a reason for closing. Newline and tab are allowed. */
  text: 4_000,
  /** An opaque token such as the inbox cursor `efter`. */
  token: 500,
  /** Any other string value, e.g. inside a task step's input. */
  any: 4_000,
} as const;

export type TextKind = keyof typeof textLimits;

// The control characters are the point of these patterns.
/* eslint-disable no-control-regex */
// C0 controls except tab, newline and carriage return; DEL and the C1 controls.
const multiLineForbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const singleLineForbidden = /[\u0000-\u001F\u007F-\u009F]/u;
/* eslint-enable no-control-regex */

/** Whether a string has no NUL, no control character of the kind's set and no lone surrogate. */
export function hasOnlyAllowedCharacters(value: string, multiLine = false): boolean {
  if (!value.isWellFormed()) return false;
  return !(multiLine ? multiLineForbidden : singleLineForbidden).test(value);
}

const multiLineKinds: ReadonlySet<TextKind> = new Set(['text', 'any']);

/**
 * The Danish reason a text is outside its bound, or undefined when it is inside. The reason never
 * repeats the text, so a refused value is not echoed into logs, pages or the error queue.
 */
export function textProblem(value: string, kind: TextKind): string | undefined {
  const max = textLimits[kind];
  if (value.length > max)
    return `Teksten er for lang: højst ${String(max)} tegn, fik ${String(value.length)}`;
  if (!hasOnlyAllowedCharacters(value, multiLineKinds.has(kind))) {
    return multiLineKinds.has(kind)
      ? 'Teksten indeholder tegn, der ikke er tilladt (kontroltegn eller ugyldig Unicode)'
      : 'Teksten indeholder tegn, der ikke er tilladt (linjeskift, kontroltegn eller ugyldig Unicode)';
  }
  return undefined;
}

/**
 * A value as an error message may quote it: at most 40 characters, in JSON quotes with every control
 * character and lone surrogate escaped, so a refused value never brings them into a message that is
 * stored or shown.
 */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Checks a text against its kind's bound; `ugyldigt-input` naming the field when it is outside. */
export function checkText(value: string, kind: TextKind, field?: string): Result<string> {
  const problem = textProblem(value, kind);
  return problem === undefined ? ok(value) : fail('ugyldigt-input', problem, field);
}

/** A zod string within a kind's bound (length and characters), for the API schemas. */
export function boundedText(kind: TextKind): z.ZodString {
  return z
    .string()
    .max(textLimits[kind])
    .refine((value) => hasOnlyAllowedCharacters(value, multiLineKinds.has(kind)), {
      message: 'Teksten indeholder tegn, der ikke er tilladt (kontroltegn eller ugyldig Unicode)',
      abort: true,
    });
}

/** An id the database made (a UUID), in any case: an address or cursor that is none is refused before a query. */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The longest user id. */
export const maxUserIdLength = 64;
const userIdPattern = /^[A-Za-z0-9æøåÆØÅ._-]+$/u;

/**
 * Checks a user id: 1-64 of the letters a-z, æ, ø, å (either case), digits, `.`, `_` and `-`. No `@`,
 * which separates the user from the municipality in the log actor, and no spaces or control characters.
 */
export function parseUserId(text: string, field?: string): Result<string> {
  if (text.length === 0 || text.length > maxUserIdLength) {
    return fail('ugyldigt-input', `Bruger-id skal være 1-${String(maxUserIdLength)} tegn`, field);
  }
  if (!userIdPattern.test(text)) {
    return fail(
      'ugyldigt-input',
      'Bruger-id må kun indeholde bogstaver (a-å), cifre, punktum, bindestreg og understregning',
      field,
    );
  }
  return ok(text);
}

/** A zod user id (see parseUserId), for the API schemas. */
export const userIdSchema = z
  .string()
  .min(1)
  .max(maxUserIdLength)
  .regex(
    userIdPattern,
    'Bruger-id må kun indeholde bogstaver (a-å), cifre, punktum, bindestreg og understregning',
  );
