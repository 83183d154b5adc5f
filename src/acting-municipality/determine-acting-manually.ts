/**
 * The process "Bestem handlekommune manuelt" in one call, for the API, the CLI and scenarios: it runs a
 * task of the type on the step engine from start to "Godkend" in one transaction — the same task a
 * caseworker can also start in the inbox and take step by step.
 */
import { err, fail, inField, ok, parseCpr, type Result, notActingOrUnknown } from '../kernel/index.ts';
import { findPersonByCpr, lockPerson } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { applyTaskAction, createTasks } from '../tasks/index.ts';
import type { ManualActionInput } from './domain/decide-manual-action.ts';
import { moveTaskRegistry } from './task-types.ts';

const TYPE = 'bestem-handlekommune-manuelt';

/** Errors of the task's input name the process's own fields (`consent`, not `input.consent`). */
function unprefixed<T>(result: Result<T>): Result<T> {
  if (result.ok || result.error.field === undefined) return result;
  return err({ ...result.error, field: result.error.field.replace(/^input\./, '') });
}

async function runProcess(
  context: UseCaseContext,
  personId: string,
  municipality: string,
  input: ManualActionInput,
): Promise<Result<Readonly<Record<string, unknown>>>> {
  const type = moveTaskRegistry.get(TYPE);
  if (!type.ok) return type;
  const allowed = await type.value.mayStart?.(context, { personId, municipality, cprSubscription: false });
  if (allowed && !allowed.ok) return allowed;
  // The task shows what was asked for; the registration itself is recorded when it completes.
  const entered = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const created = await createTasks(context, moveTaskRegistry, personId, [
    { type: TYPE, municipality: municipality as never, data: entered },
  ]);
  if (!created.ok) return created;
  const id = created.value[0] as string;
  const first = await applyTaskAction(context, moveTaskRegistry, id, undefined, {
    kind: 'videre',
    step: 'angiv-handlekommune',
    input: entered,
  });
  if (!first.ok) return unprefixed(first);
  const approved = await applyTaskAction(context, moveTaskRegistry, id, undefined, {
    kind: 'videre',
    step: 'opsummering',
  });
  if (!approved.ok) return approved;
  return ok(approved.value.effects ?? {});
}

/** Carries out the action for the citizen; returns the id of the manual period acted on. */
export function determineActingManually(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  input: ManualActionInput,
): Promise<Result<{ manualPeriod: string; effectiveFrom: string }>> {
  return runUseCase(deps, actor, channel, 'bestem-handlekommune', async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined || !(await context.mayRead(person.id, 'bestem-handlekommune')))
      return notActingOrUnknown('bestemme handlekommunen');
    await lockPerson(context.tx, person.id);
    if (actor.kind !== 'bruger' || actor.municipality === null) {
      return fail('ikke-handlekommune', 'Kun en sagsbehandler i handlekommunen kan bestemme handlekommunen');
    }
    const done = await runProcess(context, person.id, actor.municipality, input);
    if (!done.ok) return done;
    return ok({
      manualPeriod: String(done.value['manualPeriod']),
      effectiveFrom: String(done.value['effectiveFrom']),
    });
  });
}
