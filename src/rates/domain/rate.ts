/**
 * Rates (satser) as dated data (domain §4): each row is one amount for one key over a period, with its
 * legal reference and source. A rule never holds an amount; it asks a `RateLookup` for the key on a date.
 */
import type { Temporal } from 'temporal-polyfill';
import type { Oere, Result } from '../../kernel/index.ts';

/** `eksempel` rows exist only for the demo and are never used by an installation that is not the demo. */
export const rateSourceKinds = ['officiel', 'sekundaer', 'eksempel'] as const;
export type RateSourceKind = (typeof rateSourceKinds)[number];

/**
 * `md` per month, `haendelse` per event (sanctions), `time` per hour (the hourly disregard), `pct` a
 * percentage (the withholding without a tax card): its amount column's two decimals are hundredths of a
 * percent, so `55.00` is stored as 5500, the basis points the tax computation takes.
 */
export const rateUnits = ['md', 'haendelse', 'time', 'pct'] as const;
export type RateUnit = (typeof rateUnits)[number];

export interface Rate {
  /** Stable ASCII key, the same across years (`kontanthjaelp.over30.forsoerger`). */
  readonly key: string;
  readonly description: string;
  /** Both days inclusive. */
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate;
  readonly amount: Oere;
  readonly unit: RateUnit;
  /** The legal reference as the source gives it (`aktivloven § 25, stk. 2`). */
  readonly reference: string;
  /** The URL or document the amount was read in; for `eksempel` rows, why the row exists. */
  readonly source: string;
  readonly sourceKind: RateSourceKind;
}

/**
 * The rate in force for the key on the date; `sats-mangler` naming the key and the date when no row
 * covers it (never a neighbouring year's amount).
 */
export type RateLookup = (key: string, on: Temporal.PlainDate) => Result<Rate>;

/** The Danish marker every explanation, page and statement shows next to an `eksempel` rate. */
export const exampleRateMarker = 'eksempelsats – ikke officiel';
