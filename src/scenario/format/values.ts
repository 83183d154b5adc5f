/**
 * Zod schemas for the single values of a scenario file, checked with the kernel's parsers so that
 * the file and the API accept exactly the same spellings. Messages are Danish; the kernel's own
 * message is used whenever it has one.
 */
import { z } from 'zod';
import { Temporal } from 'temporal-polyfill';
import {
  parseAmount,
  parseCountryCode,
  parseCpr,
  parseDate,
  parseLocalDateTime,
  parseMunicipalityCode,
  parseYearMonth,
  type CountryCode,
  type Cpr,
  type MunicipalityCode,
  type Oere,
  type Residence,
  type Result,
} from '../../kernel/index.ts';

/** How a raw value from the file is named in a message: `"abc"`, `12`, `en liste` ... */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'en liste';
  if (typeof value === 'object') return 'en mapping';
  return typeof value;
}

/** The message for a value of the wrong type: `mangler` when absent, else what was found. */
export function wrongType(expected: string, value: unknown): string {
  if (value === undefined) return 'mangler (påkrævet felt)';
  return `skal være ${expected}, ikke ${describeValue(value)}`;
}

type RefinementContext = z.core.$RefinementCtx;

/** Reports a problem with the value being checked and returns z.NEVER. */
function refuse(ctx: RefinementContext, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

/** Runs a kernel parser; its message, followed by the input when the message does not show it. */
function kernel<T>(ctx: RefinementContext, text: string, result: Result<T>): T {
  if (result.ok) return result.value;
  const message = result.error.message;
  return refuse(ctx, message.includes(text) ? message : `${message} (angivet: ${JSON.stringify(text)})`);
}

/** Any value but `undefined`, so that a missing field is reported as missing (and `.optional()` works). */
export const present = z.custom((value) => value !== undefined, {
  error: (issue) => wrongType('angivet', issue.input),
});

/** A value read from a string with a kernel parser; `expected` names the form in messages. */
function textValue<T>(expected: string, parse: (text: string) => Result<T>) {
  return present.transform((value, ctx): T => {
    if (typeof value !== 'string') return refuse(ctx, wrongType(expected, value));
    return kernel(ctx, value, parse(value));
  });
}

/** Non-empty text. */
export const text = present.transform((value, ctx): string => {
  if (typeof value !== 'string') return refuse(ctx, wrongType('en tekst', value));
  if (value.trim() === '') return refuse(ctx, 'må ikke være tom');
  return value;
});

/**
 * A value under `act.with`, handed to the process as written. The runner checks only that it is a
 * scalar; what it means (a municipality that exists, a date that is valid) is the process's to decide,
 * so that a file can expect the system's own refusal (`expect-error: ukendt-kommune`). A YAML number
 * (an unquoted `101`) is passed as its digits.
 */
export const given = present.transform((value, ctx): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return refuse(ctx, wrongType('en tekst', value));
});

/** `YYYY-MM-DD`. */
export const date = textValue<Temporal.PlainDate>('en dato (ÅÅÅÅ-MM-DD)', parseDate);

/** `YYYY-MM-DDTHH:MM`, Danish local time. */
export const localDateTime = textValue<Temporal.Instant>(
  'et tidspunkt (ÅÅÅÅ-MM-DDTTT:MM)',
  parseLocalDateTime,
);

/** `YYYY-MM`. */
export const yearMonth = textValue<Temporal.PlainYearMonth>('en måned (ÅÅÅÅ-MM)', parseYearMonth);

/** ISO 3166-1 alpha-2, not DK. */
export const countryCode = textValue<CountryCode>('en landekode (fx SE)', parseCountryCode);

/**
 * A CPR number, `DDMMYY-SSSS` or 10 digits. Unquoted digits are read by YAML as a number, which loses
 * a leading zero, so a number is refused with a hint to quote it.
 */
export const cpr = present.transform((value, ctx): Cpr => {
  if (typeof value === 'number') {
    return refuse(
      ctx,
      `CPR-nummeret skal stå i anførselstegn, fx "070362-1234"; uden dem læses ${String(value)} som et tal og mister foranstillede nuller`,
    );
  }
  if (typeof value !== 'string') return refuse(ctx, wrongType('et CPR-nummer i anførselstegn', value));
  return kernel(ctx, value, parseCpr(value)).cpr;
});

/** A municipality code; an unquoted `101` (a YAML number) is read as its digits. */
export const municipalityCode = present.transform((value, ctx): MunicipalityCode => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    const digits = String(value);
    return kernel(ctx, digits, parseMunicipalityCode(digits));
  }
  if (typeof value !== 'string') return refuse(ctx, wrongType('en kommunekode (fx "101")', value));
  return kernel(ctx, value, parseMunicipalityCode(value));
});

/**
 * An amount in kroner written as a string, `"1500.00"`, to øre. An unquoted number is refused: YAML
 * would read `1500.50` as a float and drop trailing zeros.
 */
export const amount = present.transform((value, ctx): Oere => {
  if (typeof value === 'number') {
    return refuse(
      ctx,
      `beløbet skal stå i anførselstegn med to decimaler, fx "1500.00", ikke ${String(value)}`,
    );
  }
  if (typeof value !== 'string')
    return refuse(ctx, wrongType('et beløb i anførselstegn (fx "1500.00")', value));
  return kernel(ctx, value, parseAmount(value));
});

/** An amount that must not be negative (granted and deducted monthly amounts). */
export const nonNegativeAmount = amount.refine((oere) => oere >= 0, {
  error: 'beløbet må ikke være negativt',
});

export const bool = present.transform((value, ctx): boolean => {
  if (typeof value !== 'boolean') return refuse(ctx, wrongType('true eller false', value));
  return value;
});

/** A whole number ≥ 0 (`count`, `sequence`). */
export const count = present.transform((value, ctx): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return refuse(ctx, wrongType('et helt tal ≥ 0', value));
  }
  return value;
});

/** One of a list of keys; the message lists them. */
export function oneOf<const T extends readonly [string, ...string[]]>(keys: T) {
  return present.transform((value, ctx): T[number] => {
    if (typeof value === 'string' && (keys as readonly string[]).includes(value)) return value;
    return refuse(ctx, `${describeValue(value)} er ikke en gyldig værdi; tilladte: ${keys.join(', ')}`);
  });
}

/** A residence named by exactly one of `municipality` and `abroad`, the keys the file uses. */
export function residenceOf(
  place: { municipality?: MunicipalityCode; abroad?: CountryCode },
  ctx: RefinementContext,
): Residence {
  if (place.municipality !== undefined && place.abroad !== undefined) {
    return refuse(ctx, 'angiv enten municipality eller abroad, ikke begge');
  }
  if (place.municipality !== undefined) return { kind: 'municipality', municipality: place.municipality };
  if (place.abroad !== undefined) return { kind: 'abroad', country: place.abroad };
  return refuse(ctx, 'mangler municipality (kommunekode) eller abroad (landekode)');
}

/** Checks that a period's last day is not before its first. */
export function checkPeriod(
  period: { from: Temporal.PlainDate; to?: Temporal.PlainDate | null | undefined },
  ctx: RefinementContext,
): void {
  if (
    period.to !== undefined &&
    period.to !== null &&
    Temporal.PlainDate.compare(period.to, period.from) < 0
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `slutdatoen ${period.to.toString()} ligger før startdatoen ${period.from.toString()}`,
    });
  }
}

/**
 * A strict object whose unknown-key message lists the allowed keys. Use `z.strictObject` semantics:
 * every key not in the shape is an error ("ukendt felt").
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `ukendt felt; tilladte felter: ${allowed}`;
      return wrongType('en mapping (felt: værdi)', issue.input);
    },
  });
}
