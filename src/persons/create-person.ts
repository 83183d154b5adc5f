/** Registers a citizen as CPR knows them. */
import { fail, formatCpr, localDate, ok, type Result } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { startActingPeriod } from './db/acting.repository.ts';
import { findPersonByCpr, insertPerson } from './db/person.repository.ts';
import { decideNewPerson, type NewPersonInput } from './domain/decide-new-person.ts';
import type { Person } from './domain/person.ts';
import { residenceOn } from './domain/residence.ts';

/**
 * Creates the person in one transaction with the event `borger-oprettet` and the first acting period (the
 * residence municipality, or none abroad); refuses a CPR already known.
 */
export function createPerson(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  input: NewPersonInput,
): Promise<Result<Person>> {
  return runUseCase(deps, actor, channel, async (context) => {
    const today = localDate(context.now);
    const decided = decideNewPerson(input, today);
    if (!decided.ok) return decided;
    const data = decided.value;
    if ((await findPersonByCpr(context.tx, data.cpr)) !== undefined) {
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
