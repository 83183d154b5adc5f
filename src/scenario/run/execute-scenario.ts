/**
 * Runs one parsed scenario on a fresh database with a simulated clock. Every step goes through the same
 * use cases and job functions as the API and the workers: the runner is a client, not a back door.
 */
import type { NewPersonInput } from '../../persons/index.ts';
import { createPerson } from '../../persons/index.ts';
import { formatLocalDateTime, type SimulatedClock } from '../../kernel/index.ts';
import { systemActor } from '../../platform/actor.ts';
import { advanceClock } from '../../platform/jobs/simulate.ts';
import { runScheduledJob } from '../../platform/jobs/run-job.ts';
import { jobHandlers } from '../../platform/system.ts';
import type { Deps } from '../../platform/use-case.ts';
import type { PersonSetup, ScenarioFile, Step } from '../format/index.ts';
import { checkExpectations } from './expect.ts';
import { notSupportedYet, ScenarioFailed } from './outcome.ts';

type ScenarioDeps = Deps & { readonly clock: SimulatedClock };

function personInput(person: PersonSetup): NewPersonInput {
  return {
    cpr: person.cpr,
    name: person.name,
    residence: person.residence.map((entry) =>
      entry.residence.kind === 'municipality'
        ? { municipality: entry.residence.municipality, from: entry.from.toString() }
        : { abroad: entry.residence.country, from: entry.from.toString() },
    ),
    civilStatus: person.civilStatus,
    spouse: person.spouse,
    cprSubscription: person.cprSubscription,
    healthCard: person.healthCard,
    institutionStays:
      person.institutionStay === null
        ? []
        : [
            {
              from: person.institutionStay.from.toString(),
              to: person.institutionStay.to?.toString() ?? null,
            },
          ],
    administration:
      person.administration === null
        ? []
        : [
            {
              municipality: person.administration.municipality,
              from: person.administration.from.toString(),
              to: null,
            },
          ],
  };
}

async function setUp(deps: ScenarioDeps, scenario: ScenarioFile): Promise<void> {
  for (const [index, person] of scenario.persons.entries()) {
    const created = await createPerson(deps, systemActor('scenarie'), 'scenario', personInput(person));
    if (!created.ok) {
      throw new ScenarioFailed({
        line: person.line,
        what: `persons[${index}]${created.error.field === undefined ? '' : `.${created.error.field}`}`,
        message: `borgeren kunne ikke oprettes: ${created.error.message}`,
      });
    }
  }
  const [firstCase] = scenario.cases;
  if (firstCase !== undefined) throw notSupportedYet(firstCase.line, 'cases', 'sager og bevillinger');
  const [firstDeduction] = scenario.deductions;
  if (firstDeduction !== undefined)
    throw notSupportedYet(firstDeduction.line, 'deductions', 'den månedlige betalingscyklus');
  const [firstPeriod] = scenario.manualActing;
  if (firstPeriod !== undefined)
    throw notSupportedYet(firstPeriod.line, 'manualActing', 'handlekommune-reglerne');
}

async function runStep(deps: ScenarioDeps, scenario: ScenarioFile, step: Step, index: number): Promise<void> {
  const where = `steps[${index}]`;
  switch (step.kind) {
    case 'advance':
      await advanceClock(deps, jobHandlers, step.to);
      return;
    case 'run': {
      const at = deps.clock.now();
      await runScheduledJob(deps, jobHandlers, {
        job: step.job,
        at,
        key: `${step.job}:manuel:${formatLocalDateTime(at)}`,
      });
      return;
    }
    case 'cpr-move':
      throw notSupportedYet(step.line, `${where}.cpr-move`, 'flytninger og handlekommune-reglerne');
    case 'act':
      throw notSupportedYet(step.line, `${where}.act ${step.process}`, 'handlekommune-processerne');
    case 'expect':
      await checkExpectations(
        deps,
        step,
        `${where}.expect`,
        scenario.persons.map((p) => p.cpr),
      );
      return;
  }
}

/** Sets up the scenario and runs its steps in order; throws ScenarioFailed at the first failure. */
export async function executeScenario(deps: ScenarioDeps, scenario: ScenarioFile): Promise<void> {
  await setUp(deps, scenario);
  for (const [index, step] of scenario.steps.entries()) await runStep(deps, scenario, step, index);
}
