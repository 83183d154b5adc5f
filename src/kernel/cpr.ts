/**
 * Danish CPR numbers (CPR-loven; CPR-kontorets vejledning om personnummeret). The birth date and
 * sex are read from the number; the modulus-11 check is only reported, never enforced, since
 * numbers issued after 1 October 2007 need not satisfy it.
 */
import { Temporal } from 'temporal-polyfill';
import { fail, ok, type Result } from './result.ts';
import { isExistingDate } from './time.ts';

/** A CPR number as 10 digits without dash. */
export type Cpr = string & { readonly __brand: 'Cpr' };

/** What a CPR number tells: birth date, sex and whether it passes modulus 11. */
export interface CprInfo {
  readonly cpr: Cpr;
  readonly birthDate: Temporal.PlainDate;
  readonly sex: 'kvinde' | 'mand';
  /** Whether the number satisfies the modulus-11 check; numbers from after 1 Oct 2007 may not. */
  readonly modulus11: boolean;
}

const cprPattern = /^(\d{2})(\d{2})(\d{2})-?(\d{4})$/;
const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;

/** Whether 10 digits pass the modulus-11 check (weights 4,3,2,7,6,5,4,3,2,1); anything else is false. */
export function isModulus11(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  weights.forEach((weight, index) => {
    sum += weight * Number(digits[index]);
  });
  return sum % 11 === 0;
}

/** The full birth year from the two-digit year and the 7th digit, by CPR-kontorets century table. */
export function cprBirthYear(twoDigitYear: number, seventhDigit: number): number {
  if (seventhDigit <= 3) return 1900 + twoDigitYear;
  if (seventhDigit === 4 || seventhDigit === 9) return (twoDigitYear <= 36 ? 2000 : 1900) + twoDigitYear;
  return (twoDigitYear <= 57 ? 2000 : 1800) + twoDigitYear;
}

/** Parses `DDMMYY-SSSS` or `DDMMYYSSSS` (surrounding whitespace allowed), requiring a real birth date. */
export function parseCpr(input: string): Result<CprInfo> {
  const text = input.trim();
  const match = cprPattern.exec(text);
  if (match === null) {
    return fail('ugyldigt-cpr', 'CPR-nummeret skal skrives DDMMÅÅ-SSSS eller DDMMÅÅSSSS (10 cifre)');
  }
  const [, dd = '', mm = '', yy = '', sequence = ''] = match;
  const day = Number(dd);
  const month = Number(mm);
  const year = cprBirthYear(Number(yy), Number(sequence[0]));
  if (!isExistingDate(year, month, day)) {
    return fail(
      'ugyldigt-cpr',
      `CPR-nummeret indeholder en fødselsdato, der ikke findes (${dd}.${mm}.${year})`,
    );
  }
  const digits = `${dd}${mm}${yy}${sequence}`;
  return ok({
    cpr: digits as Cpr,
    birthDate: Temporal.PlainDate.from({ year, month, day }),
    sex: Number(sequence[3]) % 2 === 0 ? 'kvinde' : 'mand',
    modulus11: isModulus11(digits),
  });
}

/** Formats a CPR number the way it is usually written, `DDMMYY-SSSS`. */
export function formatCpr(cpr: Cpr): string {
  return `${cpr.slice(0, 6)}-${cpr.slice(6)}`;
}
