import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { cprBirthYear, formatCpr, isModulus11, parseCpr, type Cpr } from './cpr.ts';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** The first sequence digits that place a two-digit year in the given full year, by the century table. */
function centuryDigitsFor(year: number): number[] {
  const yy = year % 100;
  if (year >= 1858 && year <= 1899) return [5, 6, 7, 8];
  if (year >= 1900 && year <= 1999) return yy >= 37 ? [0, 1, 2, 3, 4, 9] : [0, 1, 2, 3];
  if (year >= 2000 && year <= 2036) return [4, 5, 6, 7, 8, 9];
  if (year >= 2037 && year <= 2057) return [5, 6, 7, 8];
  return [];
}

const firstCprDate = Temporal.PlainDate.from('1858-01-01');
const cprDays = firstCprDate.until(Temporal.PlainDate.from('2057-12-31')).days;
const birthDate = fc.integer({ min: 0, max: cprDays }).map((days) => firstCprDate.add({ days }));

/** A CPR number for a birth date, with any sequence whose first digit fits the century. */
const cprFor = birthDate.chain((date) =>
  fc
    .record({
      first: fc.constantFrom(...centuryDigitsFor(date.year)),
      rest: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ first, rest }) => ({
      date,
      digits: `${pad(date.day, 2)}${pad(date.month, 2)}${pad(date.year % 100, 2)}${first}${pad(rest, 3)}`,
    })),
);

const tenDigits = fc.stringMatching(/^\d{10}$/);
const validCpr = tenDigits.filter((digits) => parseCpr(digits).ok);

describe('parseCpr', () => {
  it.each([
    ['0101701234', '1970-01-01', 'kvinde'],
    ['010170-1234', '1970-01-01', 'kvinde'],
    ['  010170-1235\n', '1970-01-01', 'mand'],
    ['2902004000', '2000-02-29', 'kvinde'],
    ['2902004001', '2000-02-29', 'mand'],
    ['3112364999', '2036-12-31', 'mand'],
    ['0101374000', '1937-01-01', 'kvinde'],
    ['0101579000', '1957-01-01', 'kvinde'],
    ['0101589000', '1958-01-01', 'kvinde'],
    ['0101575000', '2057-01-01', 'kvinde'],
    ['0101585000', '1858-01-01', 'kvinde'],
    ['0101003000', '1900-01-01', 'kvinde'],
    ['2902005000', '2000-02-29', 'kvinde'],
  ])('%j is born %s and is a %s', (input, date, sex) => {
    const result = parseCpr(input);
    expect(result.ok && result.value.birthDate.toString()).toBe(date);
    expect(result.ok && result.value.sex).toBe(sex);
  });

  it.each([
    ['010170 1234'],
    ['010170--1234'],
    ['01017012345'],
    ['010170123'],
    ['01-01-70-1234'],
    ['0101701234a'],
    [''],
    ['٠١٠١٧٠١٢٣٤'],
  ])('refuses %j as a badly written number', (input) => {
    const result = parseCpr(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('ugyldigt-cpr');
    expect(!result.ok && result.error.message).toMatch(/DDMMÅÅ-SSSS/);
  });

  it.each([
    ['2902231234', '1923 is not a leap year'],
    ['2902234234', '2023 is not a leap year'],
    ['2902001234', '1900 is not a leap year'],
    ['3104701234', 'April has 30 days'],
    ['0013701234', 'there is no month 13'],
    ['0001701234', 'there is no day 0'],
    ['3201701234', 'there is no day 32'],
  ])('refuses %j because the birth date does not exist (%s)', (input) => {
    const result = parseCpr(input);
    expect(!result.ok && result.error.code).toBe('ugyldigt-cpr');
    expect(!result.ok && result.error.message).toMatch(/fødselsdato, der ikke findes/);
  });

  it('accepts a number that fails modulus 11 and only flags it', () => {
    const result = parseCpr('0101701234');
    expect(result.ok && result.value.modulus11).toBe(false);
  });

  it('flags a number that satisfies modulus 11', () => {
    // 0·4 + 7·3 + 0·2 + 7·7 + 6·6 + 1·5 + 4·4 + 2·3 + 8·2 + 5·1 = 154 = 14·11.
    const result = parseCpr('070761-4285');
    expect(result.ok && result.value.modulus11).toBe(true);
  });

  it('stores the number as 10 digits without dash', () => {
    const result = parseCpr('010170-1234');
    expect(result.ok && result.value.cpr).toBe('0101701234');
  });
});

describe('isModulus11', () => {
  it.each([
    ['0707614285', true],
    ['0707614286', false],
    ['0000000000', true],
    ['070761428', false],
    ['070761-4285', false],
    ['abcdefghij', false],
  ])('%j is %s', (digits, expected) => {
    expect(isModulus11(digits)).toBe(expected);
  });
});

describe('cprBirthYear follows the century table', () => {
  it.each([
    [0, 0, 1900],
    [99, 3, 1999],
    [36, 4, 2036],
    [37, 4, 1937],
    [36, 9, 2036],
    [37, 9, 1937],
    [57, 5, 2057],
    [58, 5, 1858],
    [0, 8, 2000],
    [99, 8, 1899],
  ])('year %i with 7th digit %i is %i', (yy, digit, year) => {
    expect(cprBirthYear(yy, digit)).toBe(year);
  });
});

describe('CPR properties', () => {
  it('any existing birth date with any sequence that fits its century parses to that date', () => {
    fc.assert(
      fc.property(cprFor, ({ date, digits }) => {
        const result = parseCpr(digits);
        expect(result.ok && result.value.birthDate.equals(date)).toBe(true);
      }),
    );
  });

  it('a day up to 28 in any month with any year and sequence parses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 9999 }),
        (day, month, yy, sequence) => {
          expect(parseCpr(`${pad(day, 2)}${pad(month, 2)}${pad(yy, 2)}${pad(sequence, 4)}`).ok).toBe(true);
        },
      ),
    );
  });

  it('formatting a parsed number and parsing it again gives the same number', () => {
    fc.assert(
      fc.property(validCpr, (digits) => {
        const first = parseCpr(digits);
        if (!first.ok) throw new Error('filtered to valid numbers');
        const formatted = formatCpr(first.value.cpr);
        expect(formatted).toMatch(/^\d{6}-\d{4}$/);
        expect(parseCpr(formatted)).toEqual(first);
      }),
    );
  });

  it('a number parses the same with or without the dash', () => {
    fc.assert(
      fc.property(tenDigits, (digits) => {
        expect(parseCpr(`${digits.slice(0, 6)}-${digits.slice(6)}`)).toEqual(parseCpr(digits));
      }),
    );
  });

  it('sex follows the last digit: even is kvinde, odd is mand', () => {
    fc.assert(
      fc.property(validCpr, (digits) => {
        const result = parseCpr(digits);
        expect(result.ok && result.value.sex).toBe(Number(digits[9]) % 2 === 0 ? 'kvinde' : 'mand');
      }),
    );
  });

  it('the century rule puts the birth year in the range its 7th digit allows', () => {
    fc.assert(
      fc.property(validCpr, (digits) => {
        const result = parseCpr(digits);
        if (!result.ok) throw new Error('filtered to valid numbers');
        const year = result.value.birthDate.year;
        const seventh = Number(digits[6]);
        expect(year % 100).toBe(Number(digits.slice(4, 6)));
        if (seventh <= 3) expect(year >= 1900 && year <= 1999).toBe(true);
        else if (seventh === 4 || seventh === 9) expect(year >= 1937 && year <= 2036).toBe(true);
        else expect(year >= 1858 && year <= 2057).toBe(true);
      }),
    );
  });

  it('modulus 11 never decides whether a number is accepted', () => {
    fc.assert(
      fc.property(tenDigits, (digits) => {
        const result = parseCpr(digits);
        if (result.ok) expect(result.value.modulus11).toBe(isModulus11(digits));
      }),
    );
  });
});

describe('formatCpr', () => {
  it('writes DDMMYY-SSSS', () => {
    expect(formatCpr('0101701234' as Cpr)).toBe('010170-1234');
  });
});
