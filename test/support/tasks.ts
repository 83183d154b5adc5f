/**
 * Tasks for a test's citizen, created as the 04:00 run creates them (the system's `daglig-flytning`), each
 * batch a minute after the one before, so their creation order is their order in the inbox.
 */
import type { Cpr, SimulatedClock } from '../../src/kernel/index.ts';
import { findPersonByCpr } from '../../src/persons/index.ts';
import { systemActor } from '../../src/platform/actor.ts';
import { taskTypes } from '../../src/platform/system.ts';
import { runUseCase, type Deps } from '../../src/platform/use-case.ts';
import { createTasks, type TaskRequest } from '../../src/tasks/index.ts';

/** Creates the tasks for the person with the CPR number; returns their ids in the order asked. */
export async function createTasksFor(
  deps: Deps & { readonly clock: SimulatedClock },
  cpr: string,
  requests: readonly TaskRequest[],
): Promise<string[]> {
  deps.clock.advanceTo(deps.clock.now().add({ minutes: 1 }));
  const created = await runUseCase(
    deps,
    systemActor('daglig-flytning'),
    'job',
    'arbejd-opgave',
    async (context) => {
      const person = await findPersonByCpr(context.tx, cpr as Cpr);
      if (person === undefined) throw new Error(`no person ${cpr}`);
      return createTasks(context, taskTypes, person.id, requests);
    },
  );
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}
