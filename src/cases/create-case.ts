/**
 * Registers a case with its grant, or a standing deduction, for a citizen. Only the acting municipality may
 * (KP 5.4.0: after a transfer the old municipality "kan ikke længere oprette ydelser og træk"). A granted
 * case with a monthly amount, and every deduction, gets its planned line for the month whose run comes next.
 */
import {
  fail,
  inField,
  localDate,
  ok,
  parseCpr,
  type MunicipalityCode,
  type Result,
  notActingOrUnknown,
} from '../kernel/index.ts';
import { findCurrentActing, findPersonByCpr, lockPerson, type Person } from '../persons/index.ts';
import { actorLabel, type Actor } from '../platform/actor.ts';
import { nextRunMonth } from '../platform/jobs/domain/schedule.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { insertCase, insertDeduction } from './db/case.repository.ts';
import { planDeductionLine, planPaymentLine } from './db/line.repository.ts';
import { insertGrant, listPersonGrants } from './db/grant.repository.ts';
import { amountForMonth, firstCoveredMonth } from './domain/case.ts';
import { familyOf } from './domain/lifecycle.ts';
import { checkNoOverlap } from './domain/grant.ts';
import {
  decideNewCase,
  decideNewDeduction,
  type NewCaseInput,
  type NewDeductionInput,
} from './domain/decide-new-case.ts';

async function personActedOnBy(
  context: UseCaseContext,
  cprInput: string,
  municipality: MunicipalityCode,
): Promise<Result<Person>> {
  const cpr = inField(parseCpr(cprInput), 'cpr');
  if (!cpr.ok) return cpr;
  const person = await findPersonByCpr(context.tx, cpr.value.cpr);
  if (person === undefined || !(await context.mayRead(person.id, 'sagsbehandling'))) {
    return notActingOrUnknown('oprette sager og træk for borgeren');
  }
  // Locked, so a transfer by the 04:00 run cannot slip in between this check and the planned line.
  await lockPerson(context.tx, person.id);
  const acting = await findCurrentActing(context.tx, person.id);
  const actorMunicipality = context.actor.kind === 'bruger' ? context.actor.municipality : municipality;
  if (acting !== municipality || actorMunicipality !== municipality) {
    return fail(
      'ikke-handlekommune',
      `Kun handlekommunen (${acting ?? 'ingen'}) kan oprette ydelser og træk for borgeren`,
      'municipality',
    );
  }
  return ok(person);
}

/** Creates the case and, when granted with a monthly amount, its first planned payment line. */
export function createCase(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cpr: string,
  input: NewCaseInput,
): Promise<Result<{ id: string }>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const data = decideNewCase(input);
    if (!data.ok) return data;
    const person = await personActedOnBy(context, cpr, data.value.municipality);
    if (!person.ok) return person;
    // A case registered as granted (or closed) carries its grant row, and like any grant it may not overlap
    // a standing grant of its family (docs/decisions/0014-grants-and-registrations.md).
    const granted = data.value.status === 'bevilget' || data.value.status === 'afsluttet';
    const family = familyOf(data.value.benefit);
    if (granted) {
      const clear = checkNoOverlap(data.value, family, await listPersonGrants(context.tx, person.value.id));
      if (!clear.ok) return clear;
    }
    const id = await insertCase(context.tx, person.value.id, data.value, context.now);
    if (granted) {
      const decision = {
        from: data.value.from,
        to: data.value.to,
        decidedOn: localDate(context.now),
        reason: 'Bevilget ved oprettelsen af sagen',
      };
      await insertGrant(
        context.tx,
        { caseId: id, personId: person.value.id, family },
        decision,
        actorLabel(context.actor),
        context.now,
      );
    }
    const month = firstCoveredMonth(data.value, nextRunMonth(context.now));
    if (data.value.status === 'bevilget' && data.value.monthly !== null && month !== undefined) {
      const owner = { caseId: id, personId: person.value.id, municipality: data.value.municipality };
      await planPaymentLine(context.tx, owner, month, amountForMonth(data.value.monthly, data.value, month));
    }
    context.record({
      type: 'sag-oprettet',
      personId: person.value.id,
      municipality: data.value.municipality,
      data: { case: id, benefit: data.value.benefit, status: data.value.status },
    });
    return ok({ id });
  });
}

/** Creates the standing deduction and its first planned line. */
export function createDeduction(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cpr: string,
  input: NewDeductionInput,
): Promise<Result<{ id: string }>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const data = decideNewDeduction(input);
    if (!data.ok) return data;
    const person = await personActedOnBy(context, cpr, data.value.municipality);
    if (!person.ok) return person;
    const id = await insertDeduction(context.tx, person.value.id, data.value, context.now);
    const month = firstCoveredMonth(data.value, nextRunMonth(context.now));
    if (month !== undefined) {
      const owner = { deductionId: id, personId: person.value.id, municipality: data.value.municipality };
      await planDeductionLine(
        context.tx,
        owner,
        month,
        amountForMonth(data.value.monthly, data.value, month),
      );
    }
    context.record({
      type: 'traek-oprettet',
      personId: person.value.id,
      municipality: data.value.municipality,
      data: { deduction: id, kind: data.value.kind },
    });
    return ok({ id });
  });
}
