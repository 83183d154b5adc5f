/** What the cases context's task types share: who may start them, and the inputs a task has been given. */
import { fail, ok, type Result } from '../kernel/index.ts';
import { requireActing } from '../persons/index.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import type { TaskRecord } from '../tasks/index.ts';
import { uuidPattern } from './case-lock.ts';
import { findCase, type VersionedCase } from './db/grant.repository.ts';
import { familyOf } from './domain/lifecycle.ts';

/** Only the acting municipality starts a benefit task (it alone creates and grants cases). */
export function onlyActing(
  context: UseCaseContext,
  personId: string,
  municipality: string,
): Promise<Result<void>> {
  return requireActing(
    context.tx,
    personId,
    municipality,
    (acting) => `Kun handlekommunen (${acting}) kan starte en ydelsesopgave for borgeren`,
  );
}

/** The inputs of the task's completed steps, by step key, and the steps skipped. */
export function entered(task: TaskRecord) {
  const inputs: Record<string, Readonly<Record<string, unknown>>> = {};
  const skipped: string[] = [];
  for (const step of task.state.steps) {
    if (step.status === 'gennemfoert' && step.input !== null) inputs[step.key] = step.input;
    if (step.status === 'sprunget-over') skipped.push(step.key);
  }
  return { inputs, skipped };
}

/**
 * The case a task on help to self-support is started on (`data.sag`): the person's granted HTF case of the
 * starting municipality; `what` says in Danish what needs one when it is not.
 */
export async function grantedHtfCase(
  context: UseCaseContext,
  start: {
    readonly personId: string;
    readonly municipality: string;
    readonly data: Readonly<Record<string, unknown>>;
  },
  what: string,
): Promise<Result<{ caseId: string; data: Record<string, unknown>; record: VersionedCase }>> {
  const named = start.data['sag'];
  if (typeof named !== 'string' || !uuidPattern.test(named)) {
    return fail('ugyldigt-input', 'Angiv sagen om hjælp til forsørgelse', 'data.sag');
  }
  const found = await findCase(context.tx, named);
  if (found?.personId !== start.personId) {
    return fail('ikke-fundet', 'Sagen findes ikke hos borgeren', 'data.sag');
  }
  if (familyOf(found.benefit) !== 'htf' || found.status !== 'bevilget') {
    return fail(
      'ugyldigt-input',
      `${what} en bevilget sag om hjælp til forsørgelse (kontanthjælp, uddannelseshjælp, hjemrejseydelse)`,
      'data.sag',
    );
  }
  if (found.municipality !== start.municipality) {
    return fail('ikke-handlekommune', `Sagen hører til kommune ${found.municipality}`, 'data.sag');
  }
  return ok({ caseId: found.id, data: { sag: found.id }, record: found });
}
