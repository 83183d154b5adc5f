/**
 * An inbound CPR address change (flyttebesked): validated, and what it means for the person. A message for a
 * future date is planned (effectuated at 04:00 on that date); a late one is effectuated by the next 04:00
 * run, never back-dated (KP 5.4.0 §3.1, domain §2.1).
 */
import { Temporal } from 'temporal-polyfill';
import {
  fail,
  inField,
  ok,
  parseCountryCode,
  parseCpr,
  parseDate,
  parseMunicipalityCode,
  type Cpr,
  type Residence,
  type Result,
} from '../../kernel/index.ts';

export interface AddressChangeInput {
  readonly sequence: number;
  readonly cpr: string;
  readonly municipality?: string | undefined;
  readonly abroad?: string | undefined;
  readonly date: string;
}

export interface AddressChange {
  readonly sequence: number;
  readonly cpr: Cpr;
  readonly residence: Residence;
  readonly date: Temporal.PlainDate;
}

/** CPR accepts a move registered at most four weeks ahead. */
export const MAX_DAYS_AHEAD = 28;

/** Validates the message; `today` bounds how far ahead the move may lie. */
export function decideAddressChange(
  input: AddressChangeInput,
  today: Temporal.PlainDate,
): Result<AddressChange> {
  if (!Number.isSafeInteger(input.sequence) || input.sequence < 0) {
    return fail('ugyldigt-input', 'Sekvensnummeret skal være et ikke-negativt heltal', 'sequence');
  }
  // Callers outside the API and CLI (which check shape first) may hand over anything.
  for (const field of ['cpr', 'date'] as const) {
    if (typeof input[field] !== 'string') return fail('ugyldigt-input', 'Skal være en tekst', field);
  }
  for (const field of ['municipality', 'abroad'] as const) {
    const value: unknown = input[field];
    if (value !== undefined && typeof value !== 'string')
      return fail('ugyldigt-input', 'Skal være en tekst', field);
  }
  const cpr = inField(parseCpr(input.cpr), 'cpr');
  if (!cpr.ok) return cpr;
  const hasMunicipality = input.municipality !== undefined && input.municipality !== '';
  const hasAbroad = input.abroad !== undefined && input.abroad !== '';
  if (hasMunicipality === hasAbroad) {
    return fail(
      'ugyldigt-input',
      'Angiv enten en kommune eller et land (udlandet), ikke begge eller ingen',
      'municipality',
    );
  }
  let residence: Residence;
  if (hasMunicipality) {
    const code = inField(parseMunicipalityCode(input.municipality ?? ''), 'municipality');
    if (!code.ok) return code;
    residence = { kind: 'municipality', municipality: code.value };
  } else {
    const country = inField(parseCountryCode(input.abroad ?? ''), 'abroad');
    if (!country.ok) return country;
    residence = { kind: 'abroad', country: country.value };
  }
  const date = inField(parseDate(input.date), 'date');
  if (!date.ok) return date;
  if (today.until(date.value).days > MAX_DAYS_AHEAD) {
    return fail(
      'ugyldig-dato',
      `Flyttedatoen ligger mere end ${MAX_DAYS_AHEAD} dage frem; CPR tager ikke imod den`,
      'date',
    );
  }
  return ok({ sequence: input.sequence, cpr: cpr.value.cpr, residence, date: date.value });
}

/** The content of a message as stored and compared for idempotency. */
export function messageContent(change: AddressChange): Record<string, unknown> {
  return {
    cpr: change.cpr,
    date: change.date.toString(),
    ...(change.residence.kind === 'municipality'
      ? { municipality: change.residence.municipality }
      : { abroad: change.residence.country }),
  };
}
