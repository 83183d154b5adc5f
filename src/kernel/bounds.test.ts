import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkText,
  hasOnlyAllowedCharacters,
  maxMonthlyOere,
  parseCountryCode,
  parseDate,
  parseLocalDateTime,
  parseMonthlyAmount,
  parseMunicipalityCode,
  parseUserId,
  parseYearMonth,
  quoted,
  textLimits,
} from './index.ts';

describe('text bounds', () => {
  it('refuses NUL, other control characters and lone surrogates, and allows newline and tab in multi-line text', () => {
    expect(hasOnlyAllowedCharacters('Åse Ørnsø 👍')).toBe(true);
    expect(hasOnlyAllowedCharacters('a\u0000b')).toBe(false);
    expect(hasOnlyAllowedCharacters('a\u001bb')).toBe(false);
    expect(hasOnlyAllowedCharacters('a\u0085b')).toBe(false);
    expect(hasOnlyAllowedCharacters('a\ud800b')).toBe(false);
    expect(hasOnlyAllowedCharacters('a\udc00')).toBe(false);
    expect(hasOnlyAllowedCharacters('a\nb\tc')).toBe(false);
    expect(hasOnlyAllowedCharacters('a\r\nb\tc', true)).toBe(true);
    expect(hasOnlyAllowedCharacters('a\u0000b', true)).toBe(false);
  });

  it('refuses a text longer than its kind allows, naming the field and never repeating the text', () => {
    const refused = checkText('k'.repeat(textLimits.line + 1), 'line', 'category');
    expect(refused).toMatchObject({ ok: false, error: { code: 'ugyldigt-input', field: 'category' } });
    expect(checkText('k'.repeat(textLimits.line), 'line').ok).toBe(true);
    const nul = checkText('x\u0000', 'name', 'name');
    expect(nul.ok ? '' : nul.error.message).not.toContain('\u0000');
  });

  it('quotes a value for a message with control characters and lone surrogates escaped, at most 40 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const shown = quoted(text);
        expect(hasOnlyAllowedCharacters(shown)).toBe(true);
        expect(shown.length).toBeLessThanOrEqual(2 + 6 * 41);
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});

describe('user ids', () => {
  it('takes 1-64 letters, digits, dot, dash and underscore, and refuses @, spaces and length', () => {
    expect(parseUserId('sb101').ok).toBe(true);
    expect(parseUserId('jens.ørum_2-x').ok).toBe(true);
    expect(parseUserId('x@751', 'assignee')).toMatchObject({
      ok: false,
      error: { code: 'ugyldigt-input', field: 'assignee' },
    });
    expect(parseUserId('u'.repeat(8_000)).ok).toBe(false);
    expect(parseUserId('u'.repeat(64)).ok).toBe(true);
    expect(parseUserId('').ok).toBe(false);
    expect(parseUserId('sb 101').ok).toBe(false);
  });
});

describe('date range 1900-2200', () => {
  it('refuses the year 0000 and anything outside the bank calendar with ugyldig-dato', () => {
    for (const text of ['0000-01-01', '1899-12-31', '2201-01-01', '9999-12-31']) {
      expect(parseDate(text)).toMatchObject({ ok: false, error: { code: 'ugyldig-dato' } });
    }
    expect(parseDate('1900-01-01').ok).toBe(true);
    expect(parseDate('2200-12-31').ok).toBe(true);
    expect(parseYearMonth('0000-01')).toMatchObject({ ok: false, error: { code: 'ugyldig-dato' } });
    expect(parseYearMonth('2200-12').ok).toBe(true);
    expect(parseLocalDateTime('0000-01-01T00:00')).toMatchObject({
      ok: false,
      error: { code: 'ugyldigt-tidspunkt' },
    });
  });
});

describe('monthly amounts', () => {
  it('refuses more than 10,000,000.00 kr. a month and negative amounts', () => {
    expect(parseMonthlyAmount('10000000.00')).toEqual({ ok: true, value: maxMonthlyOere });
    expect(parseMonthlyAmount('10000000.01')).toMatchObject({
      ok: false,
      error: { code: 'ugyldigt-beloeb' },
    });
    expect(parseMonthlyAmount('90071992547409.91')).toMatchObject({
      ok: false,
      error: { code: 'ugyldigt-beloeb' },
    });
    expect(parseMonthlyAmount('-1.00')).toMatchObject({ ok: false, error: { code: 'ugyldigt-beloeb' } });
    expect(parseMonthlyAmount('9'.repeat(100_000)).ok).toBe(false);
  });

  it('keeps a sum of 9,000,000 maximal monthly amounts a safe integer', () => {
    expect(Number.isSafeInteger(maxMonthlyOere * 9_000_000)).toBe(true);
  });
});

describe('messages of the kernel parsers', () => {
  it('never carry a refused value with NUL or a lone surrogate', () => {
    const messages = [
      parseMunicipalityCode('1\u00000'),
      parseCountryCode('S\ud800'),
      parseDate('2025-01-0\u0000'),
      parseYearMonth('\ud800'),
      parseMonthlyAmount('1\u0000'),
    ].map((result) => (result.ok ? '' : result.error.message));
    for (const message of messages) expect(hasOnlyAllowedCharacters(message)).toBe(true);
  });
});
