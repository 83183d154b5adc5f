/**
 * "Ret borgerens oplysninger" as a use case: the acting municipality's caseworker corrects the citizen's
 * name, civil status and spouse, CPR subscription and health card, against the version they saw. Records
 * `borger-rettet` with what changed; nothing changed records nothing.
 */
import { fail, inField, ok, parseCpr, notActingOrUnknown, type Result } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { requireActing } from './db/acting.repository.ts';
import { findPersonByCpr } from './db/person.repository.ts';
import { decidePersonCorrection, type PersonCorrectionInput } from './domain/decide-person-correction.ts';

export interface CorrectPersonInput extends PersonCorrectionInput {
  /** The person's version the caseworker saw. */
  readonly version: number;
}

/** Corrects the citizen; returns the fields changed (none: nothing written). */
export function correctPerson(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  input: CorrectPersonInput,
): Promise<Result<{ readonly changed: readonly string[] }>> {
  return runUseCase(deps, actor, channel, 'ret-borger', async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    const municipality = actor.kind === 'bruger' ? actor.municipality : null;
    if (person === undefined || municipality === null || !(await context.mayRead(person.id, 'ret-borger'))) {
      return notActingOrUnknown('rette borgerens oplysninger');
    }
    const acting = await requireActing(
      context.tx,
      person.id,
      municipality,
      (code) => `Kun handlekommunen (${code}) kan rette borgerens oplysninger`,
    );
    if (!acting.ok) return acting;
    const decided = decidePersonCorrection(person, input);
    if (!decided.ok) return decided;
    const changed = Object.keys(decided.value.changes);
    if (changed.length === 0) return ok({ changed });
    const updated = await context.tx
      .updateTable('persons')
      .set((eb) => ({
        name: decided.value.name,
        civil_status: decided.value.civilStatus,
        spouse_cpr: decided.value.spouse,
        cpr_subscription: decided.value.cprSubscription,
        health_card: decided.value.healthCard,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', person.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) {
      return fail(
        'konflikt',
        'Borgerens oplysninger er ændret, siden du hentede dem; se dem igen og ret på ny',
        'version',
      );
    }
    context.record({
      type: 'borger-rettet',
      personId: person.id,
      municipality,
      data: { changes: decided.value.changes },
    });
    return ok({ changed });
  });
}
