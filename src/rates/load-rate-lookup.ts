/** The rates in force as a lookup for the rules, and the rows as the CLI and API list them. */
import type { Temporal } from 'temporal-polyfill';
import { domainError, err } from '../kernel/index.ts';
import type { Executor } from '../platform/db/database.ts';
import { isDemoInstallation, standingRates } from './db/rates.repository.ts';
import type { Rate, RateLookup } from './domain/rate.ts';
import { rateTable } from './domain/rate-table.ts';

/**
 * A lookup over the standing rows. In an installation that is not the demo, a date whose row is an
 * `eksempel` row is refused with `eksempelsats-ikke-tilladt`: nothing is computed with an example rate.
 */
export async function loadRateLookup(db: Executor): Promise<RateLookup> {
  const [rows, demo] = await Promise.all([standingRates(db), isDemoInstallation(db)]);
  const table = rateTable(rows.map((row) => row.rate));
  if (demo) return table;
  return (key, on) => {
    const found = table(key, on);
    if (found.ok && found.value.sourceKind === 'eksempel') {
      return err(
        domainError(
          'eksempelsats-ikke-tilladt',
          `Satsen for ${key} den ${on.toString()} er en eksempelsats; den bruges kun i demoen`,
          undefined,
          { key, date: on.toString() },
        ),
      );
    }
    return found;
  };
}

/** The standing rows, optionally of one key and covering one date. */
export async function listRates(
  db: Executor,
  filter: { readonly key?: string; readonly on?: Temporal.PlainDate },
): Promise<Rate[]> {
  return (await standingRates(db, filter)).map((row) => row.rate);
}
