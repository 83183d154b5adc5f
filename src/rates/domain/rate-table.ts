/**
 * The rate table: every key's rows sorted by start date, so the rate in force on a date is found by binary
 * search. A date no row covers is `sats-mangler`, never a neighbouring period's amount.
 */
import { Temporal } from 'temporal-polyfill';
import { domainError, err, ok, type Result } from '../../kernel/index.ts';
import type { Rate, RateLookup } from './rate.ts';

/** `sats-mangler` naming the key and the date. */
export function missingRate(key: string, on: Temporal.PlainDate) {
  return err(
    domainError('sats-mangler', `Der er ingen sats for ${key} den ${on.toString()}`, undefined, {
      key,
      date: on.toString(),
    }),
  );
}

/** Each key's rows sorted by start date; throws when two rows of a key overlap (the rows must be validated). */
export function sortedByKey(rates: readonly Rate[]): Map<string, readonly Rate[]> {
  const byKey = new Map<string, Rate[]>();
  for (const rate of rates) {
    const list = byKey.get(rate.key);
    if (list === undefined) byKey.set(rate.key, [rate]);
    else list.push(rate);
  }
  for (const [key, list] of byKey) {
    list.sort((a, b) => Temporal.PlainDate.compare(a.from, b.from));
    for (let i = 1; i < list.length; i++) {
      if (Temporal.PlainDate.compare((list[i] as Rate).from, (list[i - 1] as Rate).to) <= 0) {
        throw new RangeError(`Overlapping rates for ${key}: the rate table needs validated rows`);
      }
    }
  }
  return byKey;
}

/** The row of a sorted list covering the date, or undefined. */
export function findCovering(list: readonly Rate[], on: Temporal.PlainDate): Rate | undefined {
  // The last row starting on or before the date.
  let low = 0;
  let high = list.length - 1;
  let found: Rate | undefined;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const rate = list[middle] as Rate;
    if (Temporal.PlainDate.compare(rate.from, on) <= 0) {
      found = rate;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found !== undefined && Temporal.PlainDate.compare(on, found.to) <= 0 ? found : undefined;
}

/** A lookup over validated rates (no two rows of a key overlap). */
export function rateTable(rates: readonly Rate[]): RateLookup {
  const byKey = sortedByKey(rates);
  return (key: string, on: Temporal.PlainDate): Result<Rate> => {
    const rate = findCovering(byKey.get(key) ?? [], on);
    return rate === undefined ? missingRate(key, on) : ok(rate);
  };
}
