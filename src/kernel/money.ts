/**
 * Money as an integer number of øre. Amounts never pass through floating-point kroner, so sums
 * and pro-rata shares are exact; every value is kept a safe integer.
 */
import { quoted } from './bounds.ts';
import { fail, ok, type Result } from './result.ts';

/** An amount in øre (1 kr. = 100 øre); always a safe integer. */
export type Oere = number;

function fromParts(negative: boolean, kroner: string, decimals: string): Result<Oere> {
  if (kroner.length > 20) return fail('ugyldigt-beloeb', 'Beløbet er for stort');
  const oere = BigInt(kroner) * 100n + BigInt(decimals.padEnd(2, '0'));
  const value = Number(negative ? -oere : oere);
  if (!Number.isSafeInteger(value)) return fail('ugyldigt-beloeb', 'Beløbet er for stort');
  // BigInt has no negative zero, so "-0.00" becomes 0.
  return ok(value);
}

const amountPattern = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** Parses the file and API form, `1234.56`: optional minus, 0-2 decimals, no separators or spaces. */
export function parseAmount(text: string): Result<Oere> {
  const match = amountPattern.exec(text);
  if (match === null) {
    if (/^-?\d+\.\d{3,}$/.test(text)) return fail('ugyldigt-beloeb', 'Beløbet må højst have to decimaler');
    return fail(
      'ugyldigt-beloeb',
      `Beløbet skal skrives med punktum som decimaltegn og uden tusindtalsseparator (fx 1234.56), ikke ${quoted(text)}`,
    );
  }
  return fromParts(match[1] !== undefined, match[2] ?? '0', match[3] ?? '');
}

const danishPattern = /^(-)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?(?: ?kr\.?)?$/i;

/** Parses the Danish form a caseworker types, `1.234,56` or `1234,56`, optionally followed by `kr.`. */
export function parseDanishAmount(text: string): Result<Oere> {
  const trimmed = text.trim();
  const match = danishPattern.exec(trimmed);
  if (match === null) {
    if (/^-?[\d.]+,\d{3,}(?: ?kr\.?)?$/i.test(trimmed)) {
      return fail('ugyldigt-beloeb', 'Beløbet må højst have to decimaler');
    }
    return fail('ugyldigt-beloeb', `Beløbet skal skrives som fx 1.234,56 kr., ikke ${quoted(text)}`);
  }
  return fromParts(match[1] !== undefined, (match[2] ?? '0').replaceAll('.', ''), match[3] ?? '');
}

/**
 * The largest monthly amount a case or a deduction may have: 10,000,000.00 kr. (1,000,000,000 øre). A
 * sum of 9,000,000 such amounts is still a safe integer, so every total of a run, a municipality or a
 * file is exact. parseMonthlyAmount refuses anything above it.
 */
export const maxMonthlyOere: Oere = 1_000_000_000;

/** Parses a monthly amount in the API form (parseAmount), not negative and at most maxMonthlyOere. */
export function parseMonthlyAmount(text: string): Result<Oere> {
  const amount = parseAmount(text);
  if (!amount.ok) return amount;
  if (amount.value < 0) return fail('ugyldigt-beloeb', 'Beløbet må ikke være negativt');
  if (amount.value > maxMonthlyOere) {
    return fail('ugyldigt-beloeb', `Et månedligt beløb kan højst være ${formatDanishAmount(maxMonthlyOere)}`);
  }
  return ok(amount.value);
}

function checkOere(oere: Oere): void {
  if (!Number.isSafeInteger(oere)) throw new RangeError(`Not a whole number of øre: ${oere}`);
}

function split(oere: Oere): { sign: string; kroner: number; oere: string } {
  checkOere(oere);
  const abs = Math.abs(oere);
  return {
    sign: oere < 0 ? '-' : '',
    kroner: Math.floor(abs / 100),
    oere: String(abs % 100).padStart(2, '0'),
  };
}

/** Formats øre in the file and API form, `1234.56` (always two decimals; `-0.05`). */
export function formatAmount(oere: Oere): string {
  const parts = split(oere);
  return `${parts.sign}${parts.kroner}.${parts.oere}`;
}

/** Formats øre the Danish way, `1.234,56 kr.`, for letters and screens. */
export function formatDanishAmount(oere: Oere): string {
  const parts = split(oere);
  const grouped = String(parts.kroner).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${parts.sign}${grouped},${parts.oere} kr.`;
}

// One formatter for every call: building one per call (toLocaleString) was the monthly run's costliest step.
const percentFormat = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2 });

/** Formats hundredths of a percent (basis points) the Danish way, without the unit: 5500 → `55`, 3750 → `37,5`. */
export function formatDanishPercent(basisPoints: number): string {
  return percentFormat.format(basisPoints / 100);
}

/**
 * amount × numerator / denominator in øre, rounded half away from zero so that a negative amount
 * (a claim back) is the mirror of the positive one. Computed exactly in BigInt.
 */
export function proRata(amount: Oere, numerator: number, denominator: number): Oere {
  checkOere(amount);
  if (!Number.isSafeInteger(numerator) || numerator < 0) {
    throw new RangeError(`Numerator must be a non-negative integer, not ${numerator}`);
  }
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`Denominator must be a positive integer, not ${denominator}`);
  }
  const product = BigInt(Math.abs(amount)) * BigInt(numerator);
  const divisor = BigInt(denominator);
  const quotient = product / divisor + (2n * (product % divisor) >= divisor ? 1n : 0n);
  const result = Number(amount < 0 ? -quotient : quotient);
  if (!Number.isSafeInteger(result)) throw new RangeError(`Pro-rata share is too large: ${quotient}`);
  return result;
}

const minSafe = BigInt(Number.MIN_SAFE_INTEGER);
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/** Converts a database bigint (pg returns int8 as a string) to øre; RangeError outside the safe range. */
export function toOere(value: string | number | bigint): Oere {
  if (typeof value === 'number') {
    checkOere(value);
    return value === 0 ? 0 : value;
  }
  if (typeof value === 'string' && !/^-?\d+$/.test(value)) {
    throw new RangeError(`Not a whole number of øre: "${value}"`);
  }
  const big = BigInt(value);
  if (big < minSafe || big > maxSafe) throw new RangeError(`Amount outside the safe integer range: ${big}`);
  return Number(big);
}
