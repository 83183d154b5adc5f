/**
 * Entering a transaction's row-level security scope (migration 0018-row-level-security): the municipality
 * whose persons the transaction may see, and the application role the database checks it under. The login
 * role bypasses row-level security; `ydelse_app` does not, and it may not update or delete events or
 * access-log rows.
 */
import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { prepared, type Executor } from './database.ts';

/**
 * A user's municipality (the persons it is related to now), `alle` (system jobs and integrations: every
 * row) or `ingen` (no person at all).
 */
export type RlsScope = { readonly municipality: string } | 'alle' | 'ingen';

const MUNICIPALITY = /^[0-9]{3}$/;

/**
 * Sets `ydelse.kommune` (and `ydelse.today`, the use case's date, when given: the clock may be simulated)
 * and `role` to `ydelse_app` for the rest of the transaction, in one prepared statement (the 04:00 run
 * enters a scope per person). Call it first in a transaction: outside one, the settings end with the
 * statement. A municipality must be three digits, so no value can pass for `alle`.
 *
 * A municipality's scope is a user's request, which reads a page through indexes: it also turns off
 * parallel workers and JIT for the transaction. Starting workers or compiling costs more than such a query,
 * and under load the workers take the cores other requests need (docs/benchmarks.md, the inbox under
 * load). The system's scope (`alle`: the runs and jobs) keeps the server's settings.
 */
export async function enterScope(
  tx: Executor,
  scope: RlsScope,
  options: { readonly today?: Temporal.PlainDate } = {},
): Promise<void> {
  const today = options.today?.toString() ?? '';
  if (scope === 'alle' || scope === 'ingen') {
    await sql`${sql.raw(prepared('enter-scope'))}select set_config('ydelse.kommune', ${scope === 'alle' ? 'alle' : ''}, true),
      set_config('ydelse.today', ${today}, true),
      set_config('role', 'ydelse_app', true)`.execute(tx);
    return;
  }
  if (!MUNICIPALITY.test(scope.municipality))
    throw new Error(`Ugyldig kommunekode til rækkesikkerhed: ${JSON.stringify(scope.municipality)}`);
  await sql`${sql.raw(prepared('enter-user-scope'))}select set_config('ydelse.kommune', ${scope.municipality}, true),
    set_config('ydelse.today', ${today}, true),
    set_config('role', 'ydelse_app', true),
    set_config('max_parallel_workers_per_gather', '0', true),
    set_config('jit', 'off', true)`.execute(tx);
}
