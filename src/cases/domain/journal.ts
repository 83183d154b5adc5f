/**
 * Journal notes and documents on a case, pure (docs/decisions/0026-journal.md): what a caseworker may write
 * or add. A note has a title (one line) and a text; a document a file name and bytes whose type is read from
 * the bytes themselves (a PDF, PNG or JPEG by its signature, else UTF-8 text), never from what the sender
 * claims, and at most 10 MB.
 */
import { checkText, fail, ok, quoted, type Result } from '../../kernel/index.ts';

/** The largest document kept: 10 MB. */
export const maxDocumentBytes = 10 * 1024 * 1024;

export const documentTypes = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const;
export type DocumentType = (typeof documentTypes)[number];

export interface NoteInput {
  readonly title: string;
  readonly text: string;
}

function required(value: string, kind: 'line' | 'text', field: string, what: string): Result<string> {
  const checked = checkText(value, kind, field);
  if (!checked.ok) return checked;
  const trimmed = value.trim();
  return trimmed === '' ? fail('ugyldigt-input', `Angiv ${what}`, field) : ok(trimmed);
}

/** A note: a title of one line and a text of at most 4,000 characters, neither empty. */
export function decideNote(input: NoteInput): Result<NoteInput> {
  const title = required(input.title, 'line', 'title', 'en overskrift');
  if (!title.ok) return title;
  if (title.value.includes('\n')) return fail('ugyldigt-input', 'Overskriften skal være én linje', 'title');
  const text = required(input.text, 'text', 'text', 'notatets tekst');
  if (!text.ok) return text;
  return ok({ title: title.value, text: text.value });
}

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  signature.every((byte, i) => bytes[i] === byte);

/** The type the bytes are: a PDF, PNG or JPEG by its signature, UTF-8 text without NUL; else none. */
export function sniffType(bytes: Uint8Array): DocumentType | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? undefined : 'text/plain';
  } catch {
    return undefined;
  }
}

// A file name may hold no control character, folder separator or character Windows refuses.
// eslint-disable-next-line no-control-regex
const namePattern = /^[^/\\\u0000-\u001f<>:"|?*]{1,200}$/u;

/** A document: a plain file name (no folders), non-empty bytes of a known type, at most 10 MB. */
export function decideDocument(
  name: string,
  bytes: Uint8Array,
): Result<{ name: string; type: DocumentType; size: number }> {
  const trimmed = name.trim();
  if (!namePattern.test(trimmed) || trimmed === '.' || trimmed === '..') {
    return fail(
      'ugyldigt-input',
      `Filnavnet ${quoted(name)} kan ikke bruges: højst 200 tegn, ingen mapper`,
      'name',
    );
  }
  if (bytes.length === 0) return fail('ugyldigt-input', 'Dokumentet er tomt', 'content');
  if (bytes.length > maxDocumentBytes) {
    return fail('ugyldigt-input', 'Dokumentet er for stort: højst 10 MB', 'content');
  }
  const type = sniffType(bytes);
  if (type === undefined) {
    return fail(
      'ugyldigt-input',
      'Dokumentet skal være en PDF, et PNG- eller JPEG-billede eller UTF-8-tekst',
      'content',
    );
  }
  return ok({ name: trimmed, type, size: bytes.length });
}
