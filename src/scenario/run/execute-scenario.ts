/**
 * Runs one parsed scenario on a fresh database with a simulated clock. Every step goes through the same
 * use cases and job functions as the API and the workers: the runner is a client, not a back door.
 */
import type { UserRole } from '../../access/index.ts';
import fs from 'node:fs';
import {
  formatAmount,
  formatLocalDateTime,
  type Cpr,
  type ErrorCode,
  type Result,
  type SimulatedClock,
} from '../../kernel/index.ts';
import {
  determineActingManually,
  registerExistingManualPeriod,
  registerMoveOut,
} from '../../acting-municipality/index.ts';
import {
  addRegistration,
  answerHearing,
  approveRecalculation,
  decideRepaymentClaims,
  decideSanctionOnCase,
  startHearing,
  createCase,
  createDeduction,
  convertHoursRuleData,
  grantCase,
  legacyColumns,
  type RegistrationInput,
} from '../../cases/index.ts';
import { importRates, markDemoInstallation } from '../../rates/index.ts';
import { createPerson, receiveAddressChange, type NewPersonInput } from '../../persons/index.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import { advanceClock } from '../../platform/jobs/simulate.ts';
import { runScheduledJob } from '../../platform/jobs/run-job.ts';
import { jobHandlers, taskTypes } from '../../platform/system.ts';
import { startTask } from '../../tasks/index.ts';
import type { Deps } from '../../platform/use-case.ts';
import type {
  ActStep,
  PersonSetup,
  RateFile,
  RegistrationCommand,
  RegistrationSetup,
  ScenarioFile,
  Step,
  TaskBatchStep,
} from '../format/index.ts';
import { checkExpectations, type ScenarioNames } from './expect.ts';
import { ScenarioFailed } from './outcome.ts';
import { actOnTaskStep, createCategoryStep, runTaskBatchStep } from './task-steps.ts';

type ScenarioDeps = Deps & { readonly clock: SimulatedClock };

interface Run {
  readonly deps: ScenarioDeps;
  readonly scenario: ScenarioFile;
  readonly names: {
    cases: Map<string, string>;
    deductions: Map<string, string>;
    /** The hearings `partshoer` named, by name. */
    hearings: Map<string, string>;
  } & ScenarioNames;
  nextSequence: number;
}

const setupActor = systemActor('scenarie');
/** A user of the municipality: by default its caseworker and system owner (who also sets up categories). */
const caseworker = (
  municipality: string,
  user = 'scenarie',
  roles: readonly UserRole[] = ['sagsbehandler', 'systemansvarlig'],
): Actor => ({ kind: 'bruger', userId: user, municipality: municipality as never, roles });
const place = (r: { kind: 'municipality'; municipality: string } | { kind: 'abroad'; country: string }) =>
  r.kind === 'municipality' ? { municipality: r.municipality } : { abroad: r.country };

function personInput(person: PersonSetup): NewPersonInput {
  return {
    cpr: person.cpr,
    name: person.name,
    residence: person.residence.map((entry) => ({ ...place(entry.residence), from: entry.from.toString() })),
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

function required<T>(result: Result<T>, line: number, what: string, doing: string): T {
  if (result.ok) return result.value;
  const field = result.error.field === undefined ? '' : ` (${result.error.field})`;
  throw new ScenarioFailed({
    line,
    what,
    message: `${doing} blev afvist: ${result.error.message}${field} [${result.error.code}]`,
  });
}

/** The rate files of `rates:`, in the repository's data/satser/. */
const rateFileUrls: Readonly<Record<RateFile, URL>> = {
  sourced: new URL('../../../data/satser/satser.csv', import.meta.url),
  eksempel: new URL('../../../data/satser/eksempel.csv', import.meta.url),
};

/** The hearing id in the system of a hearing a `partshoer` step named (an unknown name: none). */
function hearingIdOf(run: Run, name: string): string {
  return run.names.hearings.get(name) ?? `ukendt partshøring ${name}`;
}

/** The case's proposed repayment claims, as `afgoer-krav` decides them all. */
async function proposedClaimsOf(run: Run, caseId: string): Promise<string[]> {
  const rows = await run.deps.db
    .selectFrom('repayment_claims')
    .select('id')
    .where('case_id', '=', caseId)
    .where('status', '=', 'foreslaaet')
    .orderBy('period')
    .execute();
  return rows.map((row) => row.id);
}

/** The case id in the system of a case named in the file. */
function caseIdOf(run: Run, name: string): string {
  const id = run.names.cases.get(name);
  if (id === undefined) throw new Error(`case ${name} was not set up`);
  return id;
}

function registrationInput(run: Run, setup: RegistrationSetup): RegistrationInput {
  const money = (oere: number | undefined) => (oere === undefined ? undefined : formatAmount(oere));
  return {
    kind: setup.kind,
    from: setup.from.toString(),
    to: setup.to?.toString() ?? null,
    case: setup.case === null ? null : caseIdOf(run, setup.case),
    birthDate: setup.birthDate?.toString(),
    civilStatus: setup.civilStatus,
    spouseOnBenefit: setup.spouseOnBenefit,
    amount: money(setup.amount),
    hours: setup.hours,
    monthly: money(setup.monthly),
    adults: setup.adults,
    taxRate: setup.taxRate,
    monthlyAllowance: money(setup.monthlyAllowance),
    activityReady: setup.activityReady,
    leisureSupplement: setup.leisureSupplement,
    reason: setup.reason,
  };
}

function commandInput(run: Run, command: RegistrationCommand): RegistrationInput {
  return { ...command, case: command.case === undefined ? undefined : caseIdOf(run, command.case) };
}

async function loadRates(run: Run): Promise<void> {
  const { deps, scenario } = run;
  if (scenario.demo) await markDemoInstallation(deps.db);
  for (const [index, file] of scenario.rates.entries()) {
    required(
      await importRates(deps, setupActor, fs.readFileSync(rateFileUrls[file], 'utf8'), { replace: false }),
      1,
      `rates[${index}]`,
      `satsfilen ${file}`,
    );
  }
}

async function setUp(run: Run): Promise<void> {
  const { deps, scenario } = run;
  await loadRates(run);
  for (const [index, person] of scenario.persons.entries()) {
    required(
      await createPerson(deps, setupActor, 'scenario', personInput(person)),
      person.line,
      `persons[${index}]`,
      'borgeren',
    );
  }
  for (const [index, period] of scenario.manualActing.entries()) {
    const input = {
      municipality: period.municipality,
      from: period.from.toString(),
      to: period.to?.toString() ?? null,
      reason: period.reason,
      agreement: true,
      consent: true,
    };
    required(
      await registerExistingManualPeriod(deps, setupActor, 'scenario', period.cpr, input),
      period.line,
      `manualActing[${index}]`,
      'den manuelle handlekommune',
    );
  }
  for (const [index, item] of scenario.cases.entries()) {
    const input = {
      benefit: item.benefit,
      municipality: item.municipality,
      status: item.status,
      from: item.from.toString(),
      to: item.to?.toString() ?? null,
      monthly: item.monthly === null ? null : formatAmount(item.monthly),
      category: item.category,
    };
    const created = required(
      await createCase(deps, caseworker(item.municipality), 'scenario', item.cpr, input),
      item.line,
      `cases[${index}]`,
      `sagen ${item.id}`,
    );
    run.names.cases.set(item.id, created.id);
  }
  for (const [index, item] of scenario.registrations.entries()) {
    // As the system, on behalf of the acting municipality at `start` (the use case checks there is one).
    required(
      await addRegistration(deps, setupActor, 'scenario', item.cpr, registrationInput(run, item)),
      item.line,
      `registrations[${index}]`,
      `registreringen ${item.kind}`,
    );
  }
  for (const [index, item] of scenario.deductions.entries()) {
    const input = {
      kind: item.kind,
      municipality: item.municipality,
      monthly: formatAmount(item.monthly),
      from: item.from.toString(),
      to: item.to?.toString() ?? null,
    };
    const created = required(
      await createDeduction(deps, caseworker(item.municipality), 'scenario', item.cpr, input),
      item.line,
      `deductions[${index}]`,
      `trækket ${item.id}`,
    );
    run.names.deductions.set(item.id, created.id);
  }
}

/** Counts of what a refused action must leave unchanged, and the tasks' versions (any change to a task). */
async function footprint(deps: Deps): Promise<string> {
  const tables = [
    'events',
    'tasks',
    'task_events',
    'task_categories',
    'task_batches',
    'manual_acting_periods',
    'residences',
    'financing_periods',
    'cases',
    'grants',
    'registrations',
    'payment_lines',
    'recalculations',
    'repayment_claims',
    'hearings',
    'decisions',
    'sanctions',
    'letters',
    'hours_rule_notices',
    'hours_rule_effects',
  ] as const;
  const counts = await Promise.all(
    tables.map(
      async (table) =>
        (
          await deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
    ),
  );
  const versions = await deps.db
    .selectFrom('tasks')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('version'), eb.lit(0)).as('n'))
    .executeTakeFirstOrThrow();
  return [
    ...tables.map((table, index) => `${table}=${String(counts[index])}`),
    `tasks.version=${versions.n}`,
  ].join(', ');
}

function act(run: Run, step: ActStep, what: string): Promise<Result<unknown>> {
  const actor = caseworker(step.as.municipality, step.as.user, step.as.roles);
  switch (step.process) {
    case 'bestem-handlekommune-manuelt':
      return determineActingManually(run.deps, actor, 'scenario', step.cpr, step.with);
    case 'registrer-fraflytning':
      return registerMoveOut(run.deps, actor, 'scenario', step.cpr, step.with);
    case 'opgave':
      return actOnTaskStep(run.deps, actor, step.as.municipality, step.cpr, step.with, {
        line: step.line,
        what,
        expectsRefusal: step.expectError !== null,
      });
    case 'opgavekategori':
      return createCategoryStep(run.deps, actor, step.with);
    case 'bevil': {
      const { case: name, ...grant } = step.with;
      return grantCase(run.deps, actor, 'scenario', caseIdOf(run, name), grant);
    }
    case 'registrer':
      return addRegistration(run.deps, actor, 'scenario', step.cpr, commandInput(run, step.with));
    case 'partshoer': {
      const { id: name, case: caseName, ...hearing } = step.with;
      return startHearing(run.deps, actor, 'scenario', caseIdOf(run, caseName), hearing).then((result) => {
        if (result.ok) run.names.hearings.set(name, result.value.id);
        return result;
      });
    }
    case 'partshoering-svar': {
      const { hearing, ...answer } = step.with;
      return answerHearing(run.deps, actor, 'scenario', hearingIdOf(run, hearing), answer);
    }
    case 'afgoer-krav': {
      const { case: name, hearing, ...decision } = step.with;
      const caseId = caseIdOf(run, name);
      return proposedClaimsOf(run, caseId).then((claims) =>
        decideRepaymentClaims(run.deps, actor, 'scenario', caseId, {
          ...decision,
          claims,
          hearing: hearing === undefined ? null : hearingIdOf(run, hearing),
        }),
      );
    }
    case 'sanktioner': {
      const { case: name, hearing, ...decision } = step.with;
      return decideSanctionOnCase(run.deps, actor, 'scenario', caseIdOf(run, name), {
        ...decision,
        hearing: hearing === undefined ? null : hearingIdOf(run, hearing),
      });
    }
    case 'konverter-timeregeldata': {
      const date = (value: { toString(): string } | null) => value?.toString() ?? '';
      const lines = step.with.rows.map((row) =>
        [
          row.cpr,
          row.kommune,
          date(row.overgangsdato),
          date(row.bortfaldsdato),
          date(row.varslet),
          date(row.partshoert),
          row.aabentBrev ?? '',
          row.kmdFejl ?? '',
        ]
          .map((field) => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field))
          .join(','),
      );
      const text = [legacyColumns.join(','), ...lines].join('\n');
      return convertHoursRuleData(run.deps, actor, 'scenario', text, { dryRun: false });
    }
    case 'start-opgave': {
      const { type, case: name } = step.with;
      return startTask(run.deps, taskTypes, actor, 'scenario', {
        type,
        cpr: step.cpr,
        data: name === undefined ? {} : { sag: caseIdOf(run, name) },
      });
    }
    case 'genberegn': {
      const { case: name, from, to, reason } = step.with;
      return approveRecalculation(run.deps, actor, 'scenario', caseIdOf(run, name), {
        fra: from ?? null,
        til: to ?? null,
        begrundelse: reason ?? null,
      });
    }
  }
}

/**
 * Runs an action that must succeed (`expectError` null) or be refused with the code and change nothing.
 * `doing` names it in a failure.
 */
async function expectOutcome(
  run: Run,
  expectError: ErrorCode | null,
  failure: { line: number; what: string; doing: string },
  perform: () => Promise<Result<unknown>>,
): Promise<void> {
  const before = expectError === null ? '' : await footprint(run.deps);
  const result = await perform();
  if (expectError === null) {
    required(result, failure.line, failure.what, failure.doing);
    return;
  }
  if (result.ok || result.error.code !== expectError) {
    throw new ScenarioFailed({
      line: failure.line,
      what: failure.what,
      message: `${failure.doing} skulle afvises`,
      expected: `fejlkode ${expectError}`,
      actual: result.ok ? 'gennemført' : `fejlkode ${result.error.code}: ${result.error.message}`,
    });
  }
  const after = await footprint(run.deps);
  if (after !== before) {
    throw new ScenarioFailed({
      line: failure.line,
      what: failure.what,
      message: `${failure.doing} blev afvist, men ændrede data`,
      expected: before,
      actual: after,
    });
  }
}

function runAct(run: Run, step: ActStep, where: string): Promise<void> {
  const what = `${where}.act ${step.process}`;
  return expectOutcome(run, step.expectError, { line: step.line, what, doing: 'handlingen' }, () =>
    act(run, step, what),
  );
}

function runBatch(run: Run, step: TaskBatchStep, where: string): Promise<void> {
  const what = `${where}.task-batch ${step.batch}`;
  return expectOutcome(run, step.expectError, { line: step.line, what, doing: 'kørslen' }, () =>
    runTaskBatchStep(run.deps, step, what),
  );
}

async function runStep(run: Run, step: Step, index: number): Promise<void> {
  const where = `steps[${index}]`;
  const { deps } = run;
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
    case 'cpr-move': {
      const sequence = step.sequence ?? run.nextSequence;
      run.nextSequence = Math.max(run.nextSequence, sequence) + 1;
      const message = { sequence, cpr: step.cpr, ...place(step.residence), date: step.date.toString() };
      required(
        await receiveAddressChange(deps, systemActor('cpr'), 'scenario', message),
        step.line,
        `${where}.cpr-move`,
        'flyttebeskeden',
      );
      return;
    }
    case 'act':
      await runAct(run, step, where);
      return;
    case 'task-batch':
      await runBatch(run, step, where);
      return;
    case 'expect':
      await checkExpectations(
        deps,
        step,
        `${where}.expect`,
        run.scenario.persons.map((p): Cpr => p.cpr),
        run.names,
      );
      return;
  }
}

/** Sets up the scenario and runs its steps in order; throws ScenarioFailed at the first failure. */
export async function executeScenario(deps: ScenarioDeps, scenario: ScenarioFile): Promise<void> {
  const names = {
    cases: new Map<string, string>(),
    deductions: new Map<string, string>(),
    hearings: new Map<string, string>(),
  };
  const run: Run = { deps, scenario, names, nextSequence: 1 };
  await setUp(run);
  for (const [index, step] of scenario.steps.entries()) await runStep(run, step, index);
}
