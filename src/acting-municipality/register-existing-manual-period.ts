/**
 * Registers a manual acting-municipality period that already holds (demo data, scenario set-up, a load from
 * another system): in effect at once, without the 04:00 run and without transfer consequences.
 */
import { inField, localDate, ok, parseCpr, type Result, notActingOrUnknown } from '../kernel/index.ts';
import {
  findCurrentActing,
  findPersonByCpr,
  lockPerson,
  residenceOn,
  setActingReview,
  startActingPeriod,
} from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { insertManualPeriod } from './db/manual-period.repository.ts';
import { decideActingMunicipality } from './domain/acting-rule.ts';
import { decideManualAction, type ManualActionInput } from './domain/decide-manual-action.ts';

/** Inserts the period as started and sets the acting municipality it gives. */
export function registerExistingManualPeriod(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  input: Omit<ManualActionInput, 'action'>,
): Promise<Result<{ manualPeriod: string }>> {
  return runUseCase(deps, actor, channel, 'bestem-handlekommune', async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined || !(await context.mayRead(person.id, 'bestem-handlekommune')))
      return notActingOrUnknown('registrere en manuel handlekommune');
    await lockPerson(context.tx, person.id);
    const acting = await findCurrentActing(context.tx, person.id);
    const today = localDate(context.now);
    // The same validation as the process, with the acting rule satisfied by construction.
    const decided = decideManualAction(
      { actorMunicipality: acting, currentActing: acting, open: undefined, nextRun: today },
      { ...input, action: 'opret' },
    );
    if (!decided.ok) return decided;
    if (decided.value.kind !== 'opret') throw new Error('opret expected');
    const period = decided.value.period;
    const started = today.since(period.from).days >= 0;
    const over = period.to !== null && today.since(period.to).days > 0;
    const holds = started && !over;
    // Registered by the municipality acting when it is registered (none abroad: then the chosen one).
    const registeredBy = acting ?? period.municipality;
    const id = await insertManualPeriod(
      context.tx,
      person.id,
      { ...period, registeredBy },
      context.now,
      started ? context.now : null,
      // A period that was over before it was registered here is history, not something to end later.
      over ? context.now : null,
    );
    const residence = residenceOn(person.residence, today);
    const manual = { ...period, id, registeredBy, started: true, ended: false };
    const target =
      residence === undefined ? acting : decideActingMunicipality(residence, holds ? manual : undefined);
    if (target !== acting) await startActingPeriod(context.tx, person.id, target, context.now, 'manuel');
    // The 04:00 run starts a coming period, and ends one with an end date.
    const review = !started ? period.from : over ? undefined : period.to?.add({ days: 1 });
    if (review !== undefined) await setActingReview(context.tx, person.id, review, 'earliest');
    context.record({
      type: 'manuel-handlekommune-registreret',
      personId: person.id,
      municipality: period.municipality,
      data: { manualPeriod: id, existing: true },
    });
    return ok({ manualPeriod: id });
  });
}
