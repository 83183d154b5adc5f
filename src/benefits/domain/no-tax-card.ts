/**
 * A-tax without a tax card (docs/decisions/0020-atp-and-tax-without-card.md), pure: "Der skal indeholdes 55
 * pct. af den udbetalte eller godskrevne A-indkomst uden fradrag, hvis den indeholdelsespligtige hverken har
 * modtaget skattekort, bikort eller frikort" (KSL § 48, stk. 8; Den juridiske vejledning). The percentage is
 * a dated rate row (`pct`), looked up on the payout day as the tax card is; a day without one is refused
 * with `sats-mangler` naming the key and the month, never withheld at a guessed rate or not at all.
 */
import type { Temporal } from 'temporal-polyfill';
import { ok, type Result } from '../../kernel/index.ts';
import type { RateLookup } from '../../rates/index.ts';
import { lookUp } from './compute-month.ts';
import { exampleRateMarker } from './explanation.ts';
import { noTaxCardKey } from './rate-keys.ts';

/** The withholding without a tax card: the percentage in basis points, and the rate as the step names it. */
export interface NoTaxCard {
  readonly kind: 'uden-skattekort';
  readonly rateBasisPoints: number;
  /** `skat.indeholdelse.uden_skattekort, KSL § 48, stk. 8`, with the example marker for an example row. */
  readonly rate: string;
  readonly usesExampleRate: boolean;
}

/** The withholding in force on the payout day of the run month; `sats-mangler` when no row covers it. */
export function noTaxCardOn(
  rates: RateLookup,
  payday: Temporal.PlainDate,
  runMonth: Temporal.PlainYearMonth,
): Result<NoTaxCard> {
  const found = lookUp(rates, noTaxCardKey, payday, runMonth, 'pct');
  if (!found.ok) return found;
  const example = found.value.sourceKind === 'eksempel';
  return ok({
    kind: 'uden-skattekort',
    rateBasisPoints: found.value.amount,
    rate: `${found.value.key}, ${found.value.reference}${example ? `; ${exampleRateMarker}` : ''}`,
    usesExampleRate: example,
  });
}
