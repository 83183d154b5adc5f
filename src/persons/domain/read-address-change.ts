/**
 * Reading an inbound CPR message of any shape, and keeping one that cannot be read safely in the error
 * queue (domain §2 point 1: a message that cannot be read never blocks its batch). PostgreSQL's text and
 * jsonb cannot hold the NUL character, and a lone UTF-16 surrogate is no character at all, so the queue
 * keeps such characters written as JSON escapes (`\u0000`, `\ud800`): readable, and the same message
 * always stored the same way.
 */
import { fail, ok, type Result } from '../../kernel/index.ts';
import type { AddressChangeInput } from './decide-address-change.ts';

const messageKeys = new Set(['sequence', 'cpr', 'municipality', 'abroad', 'date']);
/** What the queue keeps of a message's text at most; the rest is cut (the fingerprint covers all of it). */
export const MAX_STORED_TEXT = 10_000;
/** The longest field value a message can have (a country, a code, a date, a CPR number with dash). */
const MAX_FIELD = 32;

// NUL, the other C0/C1 control characters, and a surrogate not part of a pair: finding them is the point.
const unreadable =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
// eslint-disable-next-line no-control-regex
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

/** The text with NUL and lone surrogates written as `\uXXXX`, so PostgreSQL can store it. */
export function storableText(text: string): string {
  return text.replace(unstorable, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Cut to `max` characters, marked with … when cut. */
export function cut(text: string, max = MAX_STORED_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** The message as JSON text (its own escapes keep NUL and lone surrogates readable), or a note. */
export function messageText(value: unknown): string {
  try {
    // undefined for a value JSON has no text for (undefined, a function).
    const text = JSON.stringify(value) as string | undefined;
    return text ?? String(value);
  } catch {
    return '[kan ikke vises]';
  }
}

/** The message's fields with every text storable, for display in the error queue (nested values as text). */
export function storableContent(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const content: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>).slice(0, 20)) {
    const safeKey = cut(storableText(key), 100);
    if (typeof field === 'string') content[safeKey] = cut(storableText(field), 200);
    else if (typeof field === 'number' || typeof field === 'boolean' || field === null)
      content[safeKey] = field;
    else content[safeKey] = cut(storableText(messageText(field)), 200);
  }
  return content;
}

/**
 * Checks the shape of one message: an object with only the message's fields, `sequence` a number, the
 * others texts without control characters or lone surrogates. Refusals name the field.
 */
export function readAddressChange(value: unknown): Result<AddressChangeInput> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      'ugyldigt-input',
      'Beskeden skal være ét JSON-objekt med sequence, cpr, municipality/abroad og date',
    );
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !messageKeys.has(key));
  if (unknown !== undefined) {
    const name = cut(storableText(unknown), 100);
    return fail('ugyldigt-input', `Ukendt felt "${name}"`, name);
  }
  if (typeof fields.sequence !== 'number') return fail('ugyldigt-input', 'Skal være et tal', 'sequence');
  for (const key of ['cpr', 'date', 'municipality', 'abroad'] as const) {
    const field = fields[key];
    if (field === undefined && (key === 'municipality' || key === 'abroad')) continue;
    if (typeof field !== 'string') return fail('ugyldigt-input', 'Skal være en tekst', key);
    if (unreadable.test(field))
      return fail('ugyldigt-input', 'Indeholder kontroltegn eller ugyldige tegn', key);
    if (field.length > MAX_FIELD) return fail('ugyldigt-input', `Må højst være ${MAX_FIELD} tegn lang`, key);
  }
  return ok(fields as unknown as AddressChangeInput);
}

/** Reads one line of an import file: JSON, then the message's shape. */
export function readAddressChangeLine(text: string): Result<AddressChangeInput> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail('ugyldigt-input', `Linjen er ikke gyldig JSON (${cut(storableText(reason), 200)})`);
  }
  return readAddressChange(value);
}
