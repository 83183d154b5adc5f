/** What the cases context's task types share: who may start them, and the inputs a task has been given. */
import type { Result } from '../kernel/index.ts';
import { requireActing } from '../persons/index.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import type { TaskRecord } from '../tasks/index.ts';

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
