/**
 * Expected outcomes are values, bugs are thrown (docs/decisions/0003-errors-as-values.md).
 * A refused action returns `err(...)` with a stable code from errors.ts.
 */
import type { ErrorCode } from './errors.ts';

export interface DomainError {
  readonly code: ErrorCode;
  /** Danish text for the caseworker or integrator. */
  readonly message: string;
  /** The input field at fault, as a dotted path (`residence.0.from`), when one is. */
  readonly field?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

/** Wraps a successful value. */
export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
/** Wraps an expected failure. */
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/** Builds a DomainError; `field` is left out when undefined (exactOptionalPropertyTypes). */
export function domainError(
  code: ErrorCode,
  message: string,
  field?: string,
  details?: Record<string, unknown>,
): DomainError {
  return {
    code,
    message,
    ...(field === undefined ? {} : { field }),
    ...(details === undefined ? {} : { details }),
  };
}

/** Shorthand for `err(domainError(...))`. */
export function fail(code: ErrorCode, message: string, field?: string): Err<DomainError> {
  return err(domainError(code, message, field));
}

/** Prefixes the field of an error, so a nested parser's error names the whole path. */
export function inField<T>(result: Result<T>, field: string): Result<T> {
  if (result.ok) return result;
  const inner = result.error.field;
  return err({ ...result.error, field: inner === undefined ? field : `${field}.${inner}` });
}

/**
 * The one answer for a person who does not exist and for one the user may not see: the same words, so a
 * refusal never tells whether the person exists (docs/security.md).
 */
export function personNotFound(field = 'cpr'): Err<DomainError> {
  return fail('ikke-fundet', 'Borgeren findes ikke, eller du har ikke adgang til borgeren', field);
}

/**
 * The answer to a change only the acting municipality may make (`ikke-handlekommune`), when the person does
 * not exist or the user may not see them: the same words either way, so it never tells whether the person
 * exists. A municipality related to the person gets the inline refusal naming who acts.
 */
export function notActingOrUnknown(change: string): Err<DomainError> {
  return fail(
    'ikke-handlekommune',
    `Kun en sagsbehandler i borgerens handlekommune kan ${change}; findes borgeren ikke, så tjek CPR-nummeret`,
  );
}
