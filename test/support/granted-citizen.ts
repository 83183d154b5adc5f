/**
 * A citizen living in a municipality with a granted case there, registered through the use cases as the
 * API does: the population the run tests (monthly run, payout, recovery, killed workers) pay.
 */
import { createCase } from '../../src/cases/index.ts';
import type { MunicipalityCode } from '../../src/kernel/index.ts';
import { createPerson } from '../../src/persons/index.ts';
import { systemActor } from '../../src/platform/actor.ts';
import type { Deps } from '../../src/platform/use-case.ts';

export async function grantedCitizen(
  deps: Deps,
  cpr: string,
  municipality: string,
  options: { benefit?: 'kontanthjaelp' | 'personligt-tillaeg'; monthly?: string } = {},
): Promise<void> {
  const created = await createPerson(deps, systemActor('test'), 'api', {
    cpr,
    name: cpr,
    residence: [{ municipality, from: '2018-01-01' }],
  });
  if (!created.ok) throw new Error(created.error.message);
  const caseworker = {
    kind: 'bruger' as const,
    userId: 'sb',
    municipality: municipality as MunicipalityCode,
    roles: ['sagsbehandler' as const],
  };
  const granted = await createCase(deps, caseworker, 'api', cpr, {
    benefit: options.benefit ?? 'kontanthjaelp',
    municipality,
    status: 'bevilget',
    from: '2025-01-01',
    monthly: options.monthly ?? '3100.00',
  });
  if (!granted.ok) throw new Error(granted.error.message);
}
