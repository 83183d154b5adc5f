/**
 * The latest monthly run in numbers, per municipality: how many citizens and lines it computed, how many
 * the payout has paid, and the amounts. The installation's operator sees every municipality; a
 * municipality's system owner its own. Only counts and sums are read, no citizen's data.
 */
import type { Temporal } from 'temporal-polyfill';
import { ok, type Result } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { latestRunMonth, runTotals, type MunicipalityRunTotals } from './db/run-totals.repository.ts';

export interface RunMonthTotals {
  /** The latest run's month; null before the first monthly run. */
  readonly month: Temporal.PlainYearMonth | null;
  readonly municipalities: readonly MunicipalityRunTotals[];
}

export type { MunicipalityRunTotals };

/** The latest monthly run's totals per municipality (the actor's own when it acts for one). */
export function getRunTotals(deps: Deps, actor: Actor, channel: Channel): Promise<Result<RunMonthTotals>> {
  return runUseCase<RunMonthTotals>(deps, actor, channel, 'koersel', async ({ tx }) => {
    const month = await latestRunMonth(tx);
    if (month === null) return ok({ month, municipalities: [] });
    const own = actor.kind === 'bruger' && actor.municipality !== null ? actor.municipality : undefined;
    return ok({ month, municipalities: await runTotals(tx, month, own) });
  });
}
