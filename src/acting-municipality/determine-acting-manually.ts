/** The process "Bestem handlekommune manuelt" as a use case: the same for the API, the CLI and scenarios. */
import { fail, formatCpr, inField, ok, parseCpr, type Result } from '../kernel/index.ts';
import { findCurrentActing, findPersonByCpr, lockPerson, setActingReview } from '../persons/index.ts';
import { insertTasks } from '../tasks/index.ts';
import type { Actor } from '../platform/actor.ts';
import { nextDailyRunDate } from '../platform/jobs/domain/schedule.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import {
  findOpenManualPeriod,
  insertFinancingPeriod,
  insertManualPeriod,
  undoManualPeriod,
  updateManualPeriod,
} from './db/manual-period.repository.ts';
import { decideManualAction, type ManualActionInput } from './domain/decide-manual-action.ts';

/** Carries out the action for the citizen; returns the id of the manual period acted on. */
export function determineActingManually(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  input: ManualActionInput,
): Promise<Result<{ manualPeriod: string; effectiveFrom: string }>> {
  return runUseCase(deps, actor, channel, async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined)
      return fail('ikke-fundet', `Borgeren ${formatCpr(cpr.value.cpr)} findes ikke`, 'cpr');
    await lockPerson(context.tx, person.id);
    const actorMunicipality = actor.kind === 'bruger' ? actor.municipality : null;
    const [currentActing, open] = await Promise.all([
      findCurrentActing(context.tx, person.id),
      findOpenManualPeriod(context.tx, person.id),
    ]);
    const decided = decideManualAction(
      { actorMunicipality, currentActing, open, nextRun: nextDailyRunDate(context.now) },
      input,
    );
    if (!decided.ok) return decided;
    const decision = decided.value;
    let id: string;
    switch (decision.kind) {
      case 'opret':
        id = await insertManualPeriod(
          context.tx,
          person.id,
          { ...decision.period, registeredBy: actorMunicipality ?? decision.period.municipality },
          context.now,
          null,
        );
        if (decision.financing !== null) {
          await insertFinancingPeriod(
            context.tx,
            person.id,
            {
              municipality: decision.period.municipality,
              ...decision.financing,
              reason: decision.period.reason,
            },
            context.now,
          );
        }
        break;
      case 'rediger':
      case 'stands':
        id = decision.id;
        await updateManualPeriod(
          context.tx,
          id,
          decision.kind === 'stands' ? { to: decision.period.to } : decision.period,
        );
        break;
      case 'fortryd':
        id = decision.id;
        await undoManualPeriod(context.tx, id, context.now);
        break;
    }
    await setActingReview(context.tx, person.id, decision.review, 'earliest');
    const data = {
      manualPeriod: id,
      action: input.action,
      ...('period' in decision ? periodData(decision.period) : {}),
      effectiveFrom: decision.review.toString(),
    };
    context.record({ type: decision.event, personId: person.id, municipality: actorMunicipality, data });
    if (actorMunicipality !== null) {
      await insertTasks(
        context.tx,
        person.id,
        [
          {
            type: 'bestem-handlekommune-manuelt',
            municipality: actorMunicipality,
            status: 'afsluttet',
            data,
            closeReason: 'godkendt',
          },
        ],
        context.now,
      );
    }
    return ok({ manualPeriod: id, effectiveFrom: decision.review.toString() });
  });
}

function periodData(period: {
  municipality: string;
  from: { toString(): string };
  to: { toString(): string } | null;
  reason: string;
}) {
  return {
    municipality: period.municipality,
    from: period.from.toString(),
    to: period.to?.toString() ?? null,
    reason: period.reason,
  };
}
