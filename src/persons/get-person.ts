/** Reads a citizen's data; every read is written to the access log with who and why. */
import { inField, ok, parseCpr, type Result, personNotFound } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { findPersonByCpr } from './db/person.repository.ts';
import type { Person } from './domain/person.ts';

/** Finds the person by CPR (with or without dash) and logs the access with `purpose`. */
export function getPerson(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  purpose: string,
): Promise<Result<Person>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined || !(await context.mayRead(person.id, purpose))) return personNotFound();
    return ok(person);
  });
}
