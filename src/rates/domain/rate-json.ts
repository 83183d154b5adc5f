/** A rate as the API and `ydelse satser vis --json` give it: amounts in the file form, dates ISO. */
import { formatAmount } from '../../kernel/index.ts';
import { exampleRateMarker, type Rate, type RateSourceKind, type RateUnit } from './rate.ts';

export interface RateJson {
  readonly key: string;
  readonly description: string;
  readonly from: string;
  readonly to: string;
  /** Kroner with two decimals and a point, `15874.00`. */
  readonly amount: string;
  readonly unit: RateUnit;
  readonly reference: string;
  readonly source: string;
  readonly sourceKind: RateSourceKind;
  /** "eksempelsats – ikke officiel" on an `eksempel` row, else null. */
  readonly marker: string | null;
}

export function rateJson(rate: Rate): RateJson {
  return {
    key: rate.key,
    description: rate.description,
    from: rate.from.toString(),
    to: rate.to.toString(),
    amount: formatAmount(rate.amount),
    unit: rate.unit,
    reference: rate.reference,
    source: rate.source,
    sourceKind: rate.sourceKind,
    marker: rate.sourceKind === 'eksempel' ? exampleRateMarker : null,
  };
}
