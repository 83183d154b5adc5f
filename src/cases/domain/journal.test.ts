import { describe, expect, it } from 'vitest';
import { decideDocument, decideNote, maxDocumentBytes, sniffType } from './journal.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
const codeOf = (result: { ok: boolean; error?: { code: string; field?: string } }) =>
  result.ok ? 'ok' : `${result.error?.code ?? ''}@${result.error?.field ?? ''}`;

describe('a document is the type its bytes are, not what its name says', () => {
  it.each([
    ['a PDF', new TextEncoder().encode('%PDF-1.7\n...'), 'application/pdf'],
    ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), 'image/png'],
    ['a JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    ['Danish UTF-8 text', new TextEncoder().encode('Lønseddel for marts: 12.000 kr.'), 'text/plain'],
    ['text with a NUL', bytes(0x41, 0x00, 0x42), undefined],
    ['invalid UTF-8', bytes(0xc3, 0x28), undefined],
    ['"%PDF" without the dash', new TextEncoder().encode('%PDF'), 'text/plain'],
  ] as const)('%s', (_name, content, type) => {
    expect(sniffType(content)).toBe(type);
  });
});

describe('refusals, each naming its field', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4');
  it.each([
    ['a folder in the name', '../x.pdf', pdf, 'ugyldigt-input@name'],
    ['a backslash', 'a\\b.pdf', pdf, 'ugyldigt-input@name'],
    ['a control character', 'a\u0007.pdf', pdf, 'ugyldigt-input@name'],
    ['an empty name', '  ', pdf, 'ugyldigt-input@name'],
    ['a name of 201 characters', 'x'.repeat(201), pdf, 'ugyldigt-input@name'],
    ['"..", a folder', '..', pdf, 'ugyldigt-input@name'],
    ['no bytes', 'a.pdf', new Uint8Array(0), 'ugyldigt-input@content'],
    ['binary bytes', 'a.bin', bytes(0, 1, 2), 'ugyldigt-input@content'],
    ['over 10 MB', 'a.pdf', new Uint8Array(maxDocumentBytes + 1).fill(0x41), 'ugyldigt-input@content'],
    ['a plain name', 'Lønseddel marts 2024.pdf', pdf, 'ok'],
  ] as const)('%s', (_name, name, content, code) => {
    expect(codeOf(decideDocument(name, content))).toBe(code);
  });

  it.each([
    ['an empty title', { title: '', text: 'x' }, 'ugyldigt-input@title'],
    ['a title of two lines', { title: 'a\nb', text: 'x' }, 'ugyldigt-input@title'],
    ['a blank text', { title: 'a', text: ' \n ' }, 'ugyldigt-input@text'],
    ['a text of 4,001 characters', { title: 'a', text: 'x'.repeat(4001) }, 'ugyldigt-input@text'],
    ['a NUL in the text', { title: 'a', text: 'x\u0000' }, 'ugyldigt-input@text'],
    ['a note', { title: ' Samtale ', text: 'Linje 1\nLinje 2' }, 'ok'],
  ] as const)('%s', (_name, input, code) => {
    expect(codeOf(decideNote(input))).toBe(code);
  });
});
