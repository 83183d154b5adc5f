/**
 * The rates page's filter (GET /satser?noegle=&dato=): the beginning of a key and a date the rate must be
 * in force on, both optional. A value the page cannot use is refused naming its field, so the page can say
 * which field is wrong instead of showing an unfiltered list.
 */
import { Temporal } from 'temporal-polyfill';
import { parseDate, quoted, textLimits } from '../../kernel/index.ts';
import type { Rate } from './rate.ts';

/** The filter as typed in the address (trimmed text, empty when absent). */
export interface RateFilterInput {
  readonly noegle: string;
  readonly dato: string;
}

export interface RateFilter {
  /** Rows whose key begins with this; empty for every key. */
  readonly keyPrefix: string;
  /** Rows in force on this day; undefined for every period. */
  readonly on: Temporal.PlainDate | undefined;
}

/** A refused filter value: the query parameter and the Danish reason. */
export interface RateFilterFault {
  readonly field: keyof RateFilterInput;
  readonly message: string;
}

const prefixPattern = /^[a-z0-9._]*$/;

/** The filter, or the first field whose value cannot be used. */
export function readRateFilter(
  input: RateFilterInput,
):
  | { readonly ok: true; readonly filter: RateFilter }
  | { readonly ok: false; readonly fault: RateFilterFault } {
  if (input.noegle.length > textLimits.key) {
    return {
      ok: false,
      fault: { field: 'noegle', message: `Nøglen er for lang: højst ${String(textLimits.key)} tegn` },
    };
  }
  if (!prefixPattern.test(input.noegle)) {
    return {
      ok: false,
      fault: {
        field: 'noegle',
        message: `Nøglen ${quoted(input.noegle)} må kun have små bogstaver a-z, cifre, punktum og understregning (fx kontanthjaelp.ny)`,
      },
    };
  }
  let on: Temporal.PlainDate | undefined;
  if (input.dato !== '') {
    const parsed = parseDate(input.dato);
    if (!parsed.ok) return { ok: false, fault: { field: 'dato', message: parsed.error.message } };
    on = parsed.value;
  }
  return { ok: true, filter: { keyPrefix: input.noegle, on } };
}

/** The rows the filter lets through, in their order. */
export function filterRates(rates: readonly Rate[], filter: RateFilter): Rate[] {
  return rates.filter(
    (rate) =>
      rate.key.startsWith(filter.keyPrefix) &&
      (filter.on === undefined ||
        (Temporal.PlainDate.compare(rate.from, filter.on) <= 0 &&
          Temporal.PlainDate.compare(filter.on, rate.to) <= 0)),
  );
}
