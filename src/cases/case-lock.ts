/**
 * What every change to a case starts with: the case read and its person locked (the lock every grant,
 * registration and recalculation use case takes), the caller checked as the acting municipality the case
 * belongs to, and the version the caller saw.
 */
import { domainError, err, fail, ok, uuidPattern, type Result } from '../kernel/index.ts';
import { findCurrentActing, lockPerson } from '../persons/index.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import { caseView } from './case-view.ts';
import { findCase, listPersonGrants, type VersionedCase } from './db/grant.repository.ts';
import type { Grant } from './domain/grant.ts';

export { uuidPattern };

/** The version the caseworker saw; undefined (the CLI) acts on the case as it is. */
export interface Versioned {
  readonly version?: number | undefined;
}

export interface LockedCase {
  readonly record: VersionedCase;
  readonly grants: Grant[];
}

/**
 * Reads the case, locks its person, reads it again and the person's grants; checks that the caller acts for
 * the case's municipality, which acts for the person now, and that the case has the version they saw.
 */
export async function lockCase(
  context: UseCaseContext,
  caseId: string,
  version: number | undefined,
): Promise<Result<LockedCase>> {
  if (!uuidPattern.test(caseId)) return fail('ikke-fundet', 'Sagen findes ikke', 'id');
  const found = await findCase(context.tx, caseId);
  if (found === undefined || !(await context.mayRead(found.personId, 'sagsbehandling'))) {
    return fail('ikke-fundet', 'Sagen findes ikke', 'id');
  }
  await lockPerson(context.tx, found.personId);
  const record = (await findCase(context.tx, caseId)) ?? found;
  const acting = await findCurrentActing(context.tx, record.personId);
  const actorMunicipality =
    context.actor.kind === 'bruger' ? context.actor.municipality : record.municipality;
  if (acting !== record.municipality || actorMunicipality !== record.municipality) {
    return fail(
      'ikke-handlekommune',
      `Kun handlekommunen (${acting ?? 'ingen'}) kan ændre sagen, som hører til kommune ${record.municipality}`,
    );
  }
  const grants = await listPersonGrants(context.tx, record.personId);
  if (version !== undefined && version !== record.version) {
    return err(
      domainError(
        'konflikt',
        `Sagen er ændret af en anden (version ${String(record.version)}); se den igen og prøv på ny`,
        'version',
        { case: caseView(record, grants) },
      ),
    );
  }
  return ok({ record, grants });
}
