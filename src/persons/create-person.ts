/** Registers a citizen as CPR knows them. */
import { sql } from 'kysely';
import { fail, formatCpr, localDate, ok, type Result } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { startActingPeriod } from './db/acting.repository.ts';
import { insertPerson, isCprRegistered } from './db/person.repository.ts';
import { decideNewPerson, type NewPersonInput } from './domain/decide-new-person.ts';
import type { Person } from './domain/person.ts';
import { residenceOn } from './domain/residence.ts';

/**
 * Creates the person in one transaction with the event `borger-oprettet` and the first acting period (the
 * residence municipality, or none abroad); refuses a CPR already known, also when it is registered at the
 * same moment by another request.
 */
export function createPerson(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  input: NewPersonInput,
): Promise<Result<Person>> {
  return runUseCase(deps, actor, channel, 'opret-borger', async (context) => {
    const today = localDate(context.now);
    const decided = decideNewPerson(input, today);
    if (!decided.ok) return decided;
    const data = decided.value;
    // Registrations of the same CPR take turns: the second waits for the first to commit and then finds
    // the citizen, so simultaneous requests give one 201 and 409 person-findes, never a unique violation.
    await sql`select pg_advisory_xact_lock(hashtextextended(current_schema() || ${`:person:${data.cpr}`}, 0))`.execute(
      context.tx,
    );
    if (await isCprRegistered(context.tx, data.cpr)) {
      return fail('person-findes', `Borgeren ${formatCpr(data.cpr)} er allerede oprettet`, 'cpr');
    }
    const id = await insertPerson(context.tx, data, context.now);
    const residence = residenceOn(data.residence, today);
    // rsl §9 stk. 1: the residence municipality acts; abroad, none does.
    const acting = residence?.kind === 'municipality' ? residence.municipality : null;
    await startActingPeriod(context.tx, id, acting, context.now, acting === null ? 'udlandet' : 'bopael');
    context.record({
      type: 'borger-oprettet',
      personId: id,
      municipality: residence?.kind === 'municipality' ? residence.municipality : null,
      data: { name: data.name },
    });
    return ok({ ...data, id, version: 1 });
  });
}
