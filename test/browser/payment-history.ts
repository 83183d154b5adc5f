/**
 * Two months of a citizen's life for the borgeroverblik, made through the use cases and the scheduled jobs
 * as the running system would (shared by the page tests and the browser tests). The citizen must live in
 * Aarhus (751) and the clock must stand at Monday 5 May 2025, 09:00 Danish time:
 *
 * - 5 May: Aarhus grants kontanthjælp 11.500,00 kr. a month from 1 January, registers a case for
 *   helbredstillæg under oplysning and a deduction (tilbagebetaling) of 500,00 kr. a month from 1 May.
 * - May's run and payout: May is paid (net 11.000,00 kr.), June is planned.
 * - 2 June: CPR reports a move to København (101) on 10 June.
 * - 10 June, 04:00: København acts; Aarhus's June lines stop (outstanding 3.450,00 − 150,00 = 3.300,00 kr.),
 *   its cases close, and it gets the follow-up tasks.
 * - 10 June: København grants personligt tillæg 3.100,00 kr. a month from 10 June (June: 2.170,00 kr.).
 * - June's run (24 June, 18:00): June is computed, July planned. The clock stops on 25 June, 12:00.
 */
import { Temporal } from 'temporal-polyfill';
import { createCase, createDeduction } from '../../src/cases/index.ts';
import type { MunicipalityCode, SimulatedClock } from '../../src/kernel/index.ts';
import { receiveAddressChange } from '../../src/persons/index.ts';
import type { Actor } from '../../src/platform/actor.ts';
import { advanceClock } from '../../src/platform/jobs/simulate.ts';
import { jobHandlers } from '../../src/platform/system.ts';
import type { Deps } from '../../src/platform/use-case.ts';

const caseworker = (municipality: string): Actor => ({
  kind: 'bruger',
  userId: `sb${municipality}`,
  municipality: municipality as MunicipalityCode,
  roles: ['sagsbehandler'],
});

/** Where the clock stands after the history: Wednesday 25 June 2025, 12:00 Danish time. */
export const historyEnd = Temporal.Instant.from('2025-06-25T10:00:00Z');

function check(result: { ok: true } | { ok: false; error: { message: string } }): void {
  if (!result.ok) throw new Error(result.error.message);
}

/** Makes the history for the citizen with the CPR number. */
export async function makePaymentHistory(
  deps: Deps & { readonly clock: SimulatedClock },
  cpr: string,
): Promise<void> {
  check(
    await createCase(deps, caseworker('751'), 'web', cpr, {
      benefit: 'kontanthjaelp',
      municipality: '751',
      status: 'bevilget',
      from: '2025-01-01',
      monthly: '11500.00',
    }),
  );
  check(
    await createCase(deps, caseworker('751'), 'web', cpr, {
      benefit: 'helbredstillaeg',
      municipality: '751',
      status: 'under-oplysning',
      from: '2025-05-01',
    }),
  );
  check(
    await createDeduction(deps, caseworker('751'), 'web', cpr, {
      kind: 'tilbagebetaling',
      municipality: '751',
      monthly: '500.00',
      from: '2025-05-01',
    }),
  );
  await advanceClock(deps, jobHandlers, Temporal.Instant.from('2025-06-02T08:00:00Z'));
  check(
    await receiveAddressChange(deps, { kind: 'system', name: 'cpr' }, 'api', {
      sequence: 1,
      cpr,
      municipality: '101',
      date: '2025-06-10',
    }),
  );
  await advanceClock(deps, jobHandlers, Temporal.Instant.from('2025-06-10T08:00:00Z'));
  check(
    await createCase(deps, caseworker('101'), 'web', cpr, {
      benefit: 'personligt-tillaeg',
      municipality: '101',
      status: 'bevilget',
      from: '2025-06-10',
      monthly: '3100.00',
    }),
  );
  await advanceClock(deps, jobHandlers, historyEnd);
}
