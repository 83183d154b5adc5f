import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatDanishAmount,
  parseAmount,
  parseDanishAmount,
  proRata,
  toOere,
} from './money.ts';

const anyOere = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
/** Amounts a benefit can realistically have: up to ±10 million kr. */
const benefitOere = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });

describe('parseAmount', () => {
  it.each([
    ['1234.56', 123456],
    ['1234.5', 123450],
    ['1234', 123400],
    ['-12.5', -1250],
    ['0.05', 5],
    ['-0.05', -5],
    ['0', 0],
    ['-0', 0],
    ['-0.00', 0],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('%j is %i øre', (text, oere) => {
    const result = parseAmount(text);
    expect(result).toEqual({ ok: true, value: oere });
    expect(Object.is(result.ok && result.value, -0)).toBe(false);
  });

  it.each([
    ['1234.567', 'Beløbet må højst have to decimaler'],
    ['0.001', 'Beløbet må højst have to decimaler'],
    ['90071992547409.92', 'Beløbet er for stort'],
  ])('refuses %j: %s', (text, message) => {
    expect(parseAmount(text)).toEqual({ ok: false, error: { code: 'ugyldigt-beloeb', message } });
  });

  it.each([
    ['1,234.56'],
    ['1234,56'],
    ['1 234'],
    [' 12'],
    ['12.'],
    ['.5'],
    ['+5'],
    ['--5'],
    [''],
    ['1e3'],
    ['kr'],
  ])('refuses %j as not in the file format', (text) => {
    const result = parseAmount(text);
    expect(!result.ok && result.error.code).toBe('ugyldigt-beloeb');
    expect(!result.ok && result.error.message).toMatch(/fx 1234\.56/);
  });
});

describe('parseDanishAmount', () => {
  it.each([
    ['1.234,56', 123456],
    ['1234,56', 123456],
    ['1.234,56 kr.', 123456],
    ['1.234,56 kr', 123456],
    ['1.234,56kr.', 123456],
    ['-1.234,56 kr.', -123456],
    ['12.345.678,9', 1234567890],
    ['1.234', 123400],
    ['0,05', 5],
    ['17', 1700],
    ['  42,00 kr.  ', 4200],
  ])('%j is %i øre', (text, oere) => {
    expect(parseDanishAmount(text)).toEqual({ ok: true, value: oere });
  });

  it.each([
    ['1,234', 'Beløbet må højst have to decimaler'],
    ['1.234,567 kr.', 'Beløbet må højst have to decimaler'],
  ])('refuses %j: %s', (text, message) => {
    expect(parseDanishAmount(text)).toEqual({ ok: false, error: { code: 'ugyldigt-beloeb', message } });
  });

  it.each([['1.23'], ['1234.56'], ['12.34,5'], ['1,234.56'], ['kr.'], [''], ['1.234,56 DKK'], ['1 234,56']])(
    'refuses %j as not a Danish amount',
    (text) => {
      const result = parseDanishAmount(text);
      expect(!result.ok && result.error.code).toBe('ugyldigt-beloeb');
      expect(!result.ok && result.error.message).toMatch(/fx 1\.234,56 kr\./);
    },
  );
});

describe('formatAmount and formatDanishAmount', () => {
  it.each([
    [123456, '1234.56', '1.234,56 kr.'],
    [-123456, '-1234.56', '-1.234,56 kr.'],
    [-5, '-0.05', '-0,05 kr.'],
    [0, '0.00', '0,00 kr.'],
    [100, '1.00', '1,00 kr.'],
    [99999, '999.99', '999,99 kr.'],
    [100000, '1000.00', '1.000,00 kr.'],
    [123456789012, '1234567890.12', '1.234.567.890,12 kr.'],
  ])('%i øre is %j and %j', (oere, plain, danish) => {
    expect(formatAmount(oere)).toBe(plain);
    expect(formatDanishAmount(oere)).toBe(danish);
  });

  it.each([[0.5], [Number.NaN], [Number.MAX_SAFE_INTEGER + 1]])(
    'refuses %s, which is not a whole number of øre',
    (v) => {
      expect(() => formatAmount(v)).toThrow(RangeError);
    },
  );

  it('parsing a formatted amount gives the amount back', () => {
    fc.assert(
      fc.property(anyOere, (oere) => {
        expect(parseAmount(formatAmount(oere))).toEqual({ ok: true, value: oere });
        expect(parseDanishAmount(formatDanishAmount(oere))).toEqual({ ok: true, value: oere });
      }),
    );
  });
});

describe('proRata', () => {
  it.each([
    [310000, 9, 31, 90000],
    [310000, 21, 31, 210000],
    [310000, 31, 31, 310000],
    [100, 1, 3, 33],
    [200, 1, 3, 67],
    [1, 1, 2, 1],
    [-1, 1, 2, -1],
    [3, 1, 2, 2],
    [-3, 1, 2, -2],
    [5, 1, 4, 1],
    [-5, 1, 4, -1],
    [1234567, 0, 30, 0],
    [100, 3, 2, 150],
  ])('%i × %i / %i = %i', (amount, numerator, denominator, expected) => {
    expect(proRata(amount, numerator, denominator)).toBe(expected);
  });

  it('3100.00 kr. for 9 of 31 days is 900.00 kr.', () => {
    const amount = parseAmount('3100.00');
    expect(amount.ok && formatAmount(proRata(amount.value, 9, 31))).toBe('900.00');
  });

  it('is exact where floating point is not', () => {
    // 2^53 − 1 × 2 / 2 would lose precision as a float product.
    expect(proRata(Number.MAX_SAFE_INTEGER, 2, 2)).toBe(Number.MAX_SAFE_INTEGER);
    expect(proRata(Number.MAX_SAFE_INTEGER, 3, 7)).toBe(3860228252031853);
  });

  it.each([
    [100, 1, 0],
    [100, 1, -1],
    [100, -1, 2],
    [100, 1.5, 2],
    [100, 1, 2.5],
    [0.5, 1, 2],
    [Number.MAX_SAFE_INTEGER, 2, 1],
  ])('refuses %s × %s / %s', (amount, numerator, denominator) => {
    expect(() => proRata(amount, numerator, denominator)).toThrow(RangeError);
  });

  const days = fc.integer({ min: 1, max: 366 });

  it('the whole of an amount is the amount: proRata(a, d, d) = a', () => {
    fc.assert(
      fc.property(anyOere, days, (a, d) => {
        expect(proRata(a, d, d)).toBe(a);
      }),
    );
  });

  it('none of an amount is zero: proRata(a, 0, d) = 0', () => {
    fc.assert(
      fc.property(anyOere, days, (a, d) => {
        expect(Object.is(proRata(a, 0, d), 0)).toBe(true);
      }),
    );
  });

  it('is symmetric in sign: proRata(−a, n, d) = −proRata(a, n, d)', () => {
    fc.assert(
      fc.property(benefitOere, days, days, (a, n, d) => {
        expect(proRata(-a, n, d)).toBe(-proRata(a, n, d) || 0);
      }),
    );
  });

  it('is within half an øre of the exact share', () => {
    fc.assert(
      fc.property(benefitOere, days, days, (a, n, d) => {
        const share = proRata(a, n, d);
        expect(Math.abs(share * d - a * n) * 2).toBeLessThanOrEqual(d);
      }),
    );
  });

  it('the daily shares of a month sum to the whole within half an øre per day', () => {
    fc.assert(
      fc.property(benefitOere, fc.integer({ min: 28, max: 31 }), (a, d) => {
        const daily = Array.from({ length: d }, () => proRata(a, 1, d));
        const sum = daily.reduce((x, y) => x + y, 0);
        expect(Math.abs(sum - a) * 2).toBeLessThanOrEqual(d);
      }),
    );
  });

  it('cumulative shares differ day by day and add up to exactly the whole', () => {
    fc.assert(
      fc.property(benefitOere, fc.integer({ min: 28, max: 31 }), (a, d) => {
        const increments = Array.from({ length: d }, (_, i) => proRata(a, i + 1, d) - proRata(a, i, d));
        expect(increments.reduce((x, y) => x + y, 0)).toBe(a);
      }),
    );
  });
});

describe('toOere', () => {
  it.each([
    ['123456', 123456],
    ['-5', -5],
    ['-0', 0],
    [42, 42],
    [-0, 0],
    [9007199254740991n, Number.MAX_SAFE_INTEGER],
    ['-9007199254740991', Number.MIN_SAFE_INTEGER],
  ])('%s is %i øre', (value, expected) => {
    const result = toOere(value);
    expect(result).toBe(expected);
    expect(Object.is(result, -0)).toBe(false);
  });

  it.each([['9007199254740992'], [9007199254740992n], [0.5], [Number.NaN], ['12.5'], [''], [' 1'], ['1e3']])(
    'refuses %s',
    (value) => {
      expect(() => toOere(value)).toThrow(RangeError);
    },
  );

  it('any safe integer survives the round trip through a database string', () => {
    fc.assert(
      fc.property(anyOere, (oere) => {
        expect(toOere(String(oere))).toBe(oere);
      }),
    );
  });
});
