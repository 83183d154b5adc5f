/**
 * "Registrer fraflytning" started by hand (KP 5.4.0 §3.2): only for a citizen the municipality has no CPR
 * subscription for at the time of the address change; otherwise the move arrives from CPR by itself.
 * The move is then effectuated by the 04:00 run exactly as a CPR message would be.
 */
import { Temporal } from 'temporal-polyfill';
import { fail, inField, localDate, ok, parseCpr, type Result, notActingOrUnknown } from '../kernel/index.ts';
import {
  findCurrentActing,
  findPersonByCpr,
  lockPerson,
  setActingReview,
  upsertPendingResidence,
} from '../persons/index.ts';
import { decideAddressChange } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import { nextDailyRunDate } from '../platform/jobs/domain/schedule.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';

export interface MoveOutInput {
  readonly municipality?: string | undefined;
  readonly abroad?: string | undefined;
  readonly date: string;
}

/** Registers the move; returns the date the 04:00 run will effectuate it. */
export function registerMoveOut(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  input: MoveOutInput,
): Promise<Result<{ expectedDate: string }>> {
  return runUseCase(deps, actor, channel, 'registrer-fraflytning', async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const decided = decideAddressChange({ ...input, cpr: cprInput, sequence: 0 }, localDate(context.now));
    if (!decided.ok) return decided;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined || !(await context.mayRead(person.id, 'registrer-fraflytning')))
      return notActingOrUnknown('registrere en fraflytning');
    await lockPerson(context.tx, person.id);
    const acting = await findCurrentActing(context.tx, person.id);
    const actorMunicipality = actor.kind === 'bruger' ? actor.municipality : null;
    if (actorMunicipality === null || actorMunicipality !== acting) {
      return fail(
        'ikke-handlekommune',
        `Kun handlekommunen (${acting ?? 'ingen'}) kan registrere fraflytning`,
      );
    }
    if (person.cprSubscription) {
      return fail(
        'har-cpr-abonnement',
        'Borgeren har CPR-abonnement; flytningen kommer fra CPR og skal ikke registreres manuelt',
      );
    }
    await upsertPendingResidence(
      context.tx,
      person.id,
      decided.value.date,
      decided.value.residence,
      'manuel',
      context.now,
    );
    const next = nextDailyRunDate(context.now);
    const expected = Temporal.PlainDate.compare(decided.value.date, next) > 0 ? decided.value.date : next;
    await setActingReview(context.tx, person.id, expected, 'earliest');
    context.record({
      type: 'fraflytning-planlagt',
      personId: person.id,
      municipality: actorMunicipality,
      data: { expectedDate: expected.toString(), moveDate: decided.value.date.toString(), manual: true },
    });
    return ok({ expectedDate: expected.toString() });
  });
}
