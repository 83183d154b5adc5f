/**
 * The typed, validated model of a scenario file (docs/scenarios.md). Every
 * value has been checked with the kernel's parsers: CPR numbers, municipality and country codes are
 * branded, dates and times are Temporal values, amounts are whole øre. Absent optional values are
 * `null` (or the documented default), never `undefined`, except in expectation matchers, where an
 * absent field means "not checked".
 */
import type { UserRole } from '../../access/index.ts';
import type { Temporal } from 'temporal-polyfill';
import type { Cpr, ErrorCode, EventType, MunicipalityCode, Residence } from '../../kernel/index.ts';
import type { ManualActingReason, manualActions } from '../../acting-municipality/index.ts';
import type {
  BenefitType,
  CaseStatus,
  DeductionKind,
  CivilStatus as RegistrationCivilStatus,
  RegistrationKind,
} from '../../cases/index.ts';
import type { CivilStatus } from '../../persons/index.ts';
import type { ScheduledJob as JobKey } from '../../platform/jobs/domain/schedule.ts';
import type { BatchKind, TaskStatus } from '../../tasks/index.ts';

// ---- Keys (the lists in scenarios.md): the system's own lists, so the format and the rules agree ----

export { civilStatuses } from '../../persons/index.ts';
export { benefitTypes, caseStatuses, deductionKinds, registrationKinds } from '../../cases/index.ts';
export { civilStatuses as registrationCivilStatuses } from '../../cases/index.ts';
export {
  manualActingReasons,
  manualActions as manualActingActions,
} from '../../acting-municipality/index.ts';
import { taskTypes as taskTypeRegistry } from '../../platform/system.ts';
import type { TaskTypes } from '../../tasks/index.ts';
export { batchKinds as taskBatchKinds, taskActionKinds, taskStatuses } from '../../tasks/index.ts';
export { scheduledJobs as jobKeys } from '../../platform/jobs/domain/schedule.ts';
export type {
  CivilStatus,
  BenefitType,
  CaseStatus,
  DeductionKind,
  ManualActingReason,
  TaskStatus,
  JobKey,
  BatchKind as TaskBatchKind,
};

/**
 * The processes of `act.do`: the spec's two, and (extension) `opgave`, a caseworker's action on a task,
 * and `opgavekategori`, adding a task category to the caseworker's municipality.
 */
export const processKeys = [
  'bestem-handlekommune-manuelt',
  'registrer-fraflytning',
  'opgave',
  'opgavekategori',
  'bevil',
  'registrer',
  'genberegn',
  'partshoer',
  'partshoering-svar',
  'afgoer-krav',
  'sanktioner',
  'start-opgave',
  'konverter-timeregeldata',
] as const;
export type ProcessKey = (typeof processKeys)[number];
export type ManualActingAction = (typeof manualActions)[number];

/**
 * The conversion and benefit task types of domain.md that no context defines yet: a scenario may name them
 * (and finds no such task); each leaves this list when its context adds it to the registry.
 */
export const plannedTaskTypes = [
  'oplys-konvertering',
  'htf',
  'genberegn-htf',
  'afslut-bevilling',
  'skift-til-afledt-sag',
  'opret-afledt-sag',
  'saes',
  'apoe',
  'ey',
  'ay',
] as const;

/** The task types a scenario may name: every type in the registry, then the planned ones it lacks. */
export function scenarioTaskTypes(registry: TaskTypes): readonly [string, ...string[]] {
  const keys = registry.keys();
  return [...keys, ...plannedTaskTypes.filter((key) => !keys.includes(key))] as [string, ...string[]];
}

/** Derived from the composition root's registry: a new task type needs no edit here. */
export const taskTypes = scenarioTaskTypes(taskTypeRegistry);
export type TaskType = string;

/** The event types: the system's typed list (src/kernel/events.ts), so a new type needs no edit here. */
export { eventTypes, type EventType } from '../../kernel/index.ts';

export const paymentStatuses = ['planlagt', 'beregnet', 'udbetalt', 'stoppet'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const deductionStatuses = ['planlagt', 'sendt', 'gennemfoert', 'stoppet'] as const;
export type DeductionStatus = (typeof deductionStatuses)[number];

export const stepKinds = ['advance', 'cpr-move', 'act', 'run', 'expect', 'task-batch'] as const;
export type StepKind = (typeof stepKinds)[number];

/**
 * The rate files a scenario loads before it starts (extension): `sourced` is data/satser/satser.csv,
 * `eksempel` data/satser/eksempel.csv (the demo's example rates; only with `demo: true`).
 */
export const rateFiles = ['sourced', 'eksempel'] as const;
export type RateFile = (typeof rateFiles)[number];

// ---- The file ----

export interface ScenarioFile {
  readonly title: string;
  /** The simulated clock's first instant (`start`, read as Europe/Copenhagen local time). */
  readonly start: Temporal.Instant;
  readonly persons: readonly PersonSetup[];
  readonly cases: readonly CaseSetup[];
  readonly deductions: readonly DeductionSetup[];
  readonly manualActing: readonly ManualActingSetup[];
  /** Rate files loaded before the scenario (extension); empty: none. */
  readonly rates: readonly RateFile[];
  /** The installation is the demo (extension), which may compute with example rates. */
  readonly demo: boolean;
  /** Registrations that exist at `start` (extension), in file order. */
  readonly registrations: readonly RegistrationSetup[];
  readonly steps: readonly Step[];
}

/** Where in the file an item starts (1-based), for the runner's failure messages. */
export interface Located {
  readonly line: number;
}

export interface ResidenceEntry {
  readonly residence: Residence;
  /** Runs from this date until the next entry's. */
  readonly from: Temporal.PlainDate;
}

export interface OpenPeriod {
  readonly from: Temporal.PlainDate;
  /** Last day, inclusive; null while open-ended. */
  readonly to: Temporal.PlainDate | null;
}

export interface AdministrationSetup {
  readonly municipality: MunicipalityCode;
  readonly from: Temporal.PlainDate;
}

export interface PersonSetup extends Located {
  readonly cpr: Cpr;
  readonly name: string;
  /** Oldest first, at least one, strictly increasing from-dates. */
  readonly residence: readonly ResidenceEntry[];
  readonly civilStatus: CivilStatus;
  /** Listed among the persons when given. */
  readonly spouse: Cpr | null;
  readonly cprSubscription: boolean;
  readonly healthCard: boolean;
  readonly institutionStay: OpenPeriod | null;
  readonly administration: AdministrationSetup | null;
}

export interface CaseSetup extends Located {
  /** The name the file uses for the case; unique among the cases. */
  readonly id: string;
  readonly cpr: Cpr;
  readonly benefit: BenefitType;
  readonly municipality: MunicipalityCode;
  readonly status: CaseStatus;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  /** Granted monthly amount in øre. */
  readonly monthly: number | null;
  readonly category: string | null;
}

export interface DeductionSetup extends Located {
  /** The name the file uses for the deduction; unique among the deductions. */
  readonly id: string;
  readonly cpr: Cpr;
  readonly kind: DeductionKind;
  readonly municipality: MunicipalityCode;
  /** Monthly amount in øre. */
  readonly monthly: number;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
}

export interface ManualActingSetup extends Located {
  readonly cpr: Cpr;
  readonly municipality: MunicipalityCode;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly reason: ManualActingReason;
}

/**
 * A registration that exists at `start` (extension): a dated fact of the person, or a case's decided
 * amount (`bevilget-beloeb`, with `case`). Registered through the same use case as the API; which fields
 * a kind takes is the use case's to decide (src/cases/domain/decide-registration.ts).
 */
export interface RegistrationSetup extends Located {
  readonly cpr: Cpr;
  /** A case id from `cases`; null when the registration belongs to no case. */
  readonly case: string | null;
  readonly kind: RegistrationKind;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly birthDate?: Temporal.PlainDate;
  readonly civilStatus?: RegistrationCivilStatus;
  readonly spouseOnBenefit?: boolean;
  /** Income from work in the month, øre. */
  readonly amount?: number;
  /** Hours worked in the month, as written (`37.5`). */
  readonly hours?: string;
  /** Øre. */
  readonly monthly?: number;
  /** `boligstoette`: the adults of the household, as written. */
  readonly adults?: string;
  /** Percent, as written (`38` or `38,5`). */
  readonly taxRate?: string;
  /** Øre. */
  readonly monthlyAllowance?: number;
  /** `tillaeg`: visiteret aktivitetsparat; fritidstillæg decided. */
  readonly activityReady?: boolean;
  readonly leisureSupplement?: boolean;
  readonly reason?: string;
}

// ---- Steps ----

export type Step = AdvanceStep | CprMoveStep | ActStep | RunStep | ExpectStep | TaskBatchStep;

export interface AdvanceStep extends Located {
  readonly kind: 'advance';
  /** Later than `start` and every earlier `advance`. */
  readonly to: Temporal.Instant;
}

export interface CprMoveStep extends Located {
  readonly kind: 'cpr-move';
  readonly cpr: Cpr;
  /** Where the citizen moves to. */
  readonly residence: Residence;
  readonly date: Temporal.PlainDate;
  /** CPR's message sequence number (extension); null when not given. */
  readonly sequence: number | null;
}

export interface Actor {
  readonly municipality: MunicipalityCode;
  readonly user: string;
  /** The user's roles (extension); absent: caseworker and system owner of the municipality. */
  readonly roles?: readonly UserRole[] | undefined;
}

interface ActStepBase extends Located {
  readonly kind: 'act';
  readonly as: Actor;
  /** null: the action must succeed; a code: it must be refused with that code and change nothing. */
  readonly expectError: ErrorCode | null;
}

export type ActStep = ActStepBase & ProcessInput & ActSubject;

/** The process named in `act.do` with its `with`, checked against that process's fields. */
export type ProcessInput =
  | { readonly process: 'bestem-handlekommune-manuelt'; readonly with: ManualActingCommand }
  | { readonly process: 'registrer-fraflytning'; readonly with: MoveOutCommand }
  | { readonly process: 'opgave'; readonly with: TaskCommand }
  | { readonly process: 'opgavekategori'; readonly with: TaskCategoryCommand }
  | { readonly process: 'bevil'; readonly with: GrantCommand }
  | { readonly process: 'registrer'; readonly with: RegistrationCommand }
  | { readonly process: 'genberegn'; readonly with: RecalculationCommand }
  | { readonly process: 'partshoer'; readonly with: HearingCommand }
  | { readonly process: 'partshoering-svar'; readonly with: HearingAnswerCommand }
  | { readonly process: 'afgoer-krav'; readonly with: ClaimDecisionCommand }
  | { readonly process: 'sanktioner'; readonly with: SanctionCommand }
  | { readonly process: 'start-opgave'; readonly with: StartTaskCommand }
  | { readonly process: 'konverter-timeregeldata'; readonly with: HoursRuleConversionCommand };

/**
 * The citizen the process is about: `act.cpr` (extension), or the scenario's only person when the
 * file lists exactly one and leaves `cpr` out. `opgavekategori` is about no citizen: null.
 */
export type ActSubject =
  | { readonly process: Exclude<ProcessKey, 'opgavekategori'>; readonly cpr: Cpr }
  | { readonly process: 'opgavekategori'; readonly cpr: null };

/**
 * `with` of `bestem-handlekommune-manuelt`: the keys checked, the values as written in the file, for the
 * process to decide on (as the API hands it a request body).
 */
export type ManualActingCommand =
  | {
      readonly action: 'opret';
      readonly municipality: string;
      readonly from: string;
      readonly to: string | null;
      readonly reason: string;
      /** Default false. */
      readonly agreement: boolean;
      /** Default false. */
      readonly consent: boolean;
    }
  | {
      /** Only the given fields change; at least one of municipality, from, to, reason. */
      readonly action: 'rediger';
      readonly municipality?: string;
      readonly from?: string;
      readonly to?: string | null;
      readonly reason?: string;
      readonly agreement?: boolean;
      readonly consent?: boolean;
    }
  | {
      readonly action: 'stands';
      /** The period's new last day. */
      readonly to: string;
    }
  | { readonly action: 'fortryd' };

/** `with` of `registrer-fraflytning`, as written: `municipality` or `abroad`, and `date`. */
export interface MoveOutCommand {
  readonly municipality?: string;
  readonly abroad?: string;
  readonly date: string;
}

/**
 * `act.do: opgave` (extension): a caseworker's action on a task of the citizen. The task is the newest of
 * the citizen's tasks of `type` owned by `municipality` with `status`.
 */
export interface TaskCommand {
  readonly type: TaskType;
  /** The owning municipality of the task; null (not given): the caseworker's own, `as.municipality`. */
  readonly municipality: MunicipalityCode | null;
  /** Default `aaben`; another status picks a closed task (to show that it cannot be acted on). */
  readonly status: TaskStatus;
  /**
   * The task version the caseworker saw; null (not given): the version it has now. A stale version is
   * refused with `konflikt`, as when two caseworkers race.
   */
  readonly version: number | null;
  readonly handling: TaskHandling;
}

/** What the caseworker does (the task engine's actions, by `handling`). */
export type TaskHandling =
  | {
      readonly kind: 'videre';
      readonly step: string;
      /** What is entered on the step; absent: nothing. */
      readonly input?: { readonly [key: string]: JsonValue };
    }
  | { readonly kind: 'tilbage'; readonly step: string }
  | { readonly kind: 'spring-over'; readonly step: string }
  /** `note` may be empty, so that a file can expect the refusal. */
  | { readonly kind: 'loes-undring'; readonly query: string; readonly note: string }
  | { readonly kind: 'afvis-undring'; readonly query: string; readonly note?: string }
  /** `reason` may be empty, so that a file can expect the refusal. */
  | { readonly kind: 'afslut' | 'afvis' | 'annuller'; readonly reason: string }
  /** null: remove the assignment. */
  | { readonly kind: 'tildel'; readonly assignee: string | null }
  | { readonly kind: 'kategorier'; readonly categories: readonly string[] };

/** `act.do: opgavekategori` (extension): a task category for the caseworker's municipality. */
export interface TaskCategoryCommand {
  readonly key: string;
  readonly name: string;
}

/**
 * `act.do: bevil` (extension): the caseworker grants the case a period. `case` is a case id from `cases`;
 * the other values go to the use case as written.
 */
export interface GrantCommand {
  readonly case: string;
  readonly from: string;
  readonly to: string | null;
  readonly reason: string;
  /** The day of the decision; absent: today. */
  readonly decidedOn?: string;
}

/**
 * `act.do: partshoer` (extension): a hearing sent on the case (`case`, a case id from `cases`); `id` names
 * it for the steps that follow; the rest goes to the use case as written.
 */
export interface HearingCommand {
  readonly id: string;
  readonly case: string;
  readonly effect: string;
  readonly intended: string;
  readonly sentOn: string;
  readonly deadline: string;
}

/** `act.do: partshoering-svar` (extension): the citizen's answer to the hearing named `hearing`. */
export interface HearingAnswerCommand {
  readonly hearing: string;
  readonly answeredOn: string;
  readonly answer: string;
}

/**
 * `act.do: afgoer-krav` (extension): the decision on every proposed repayment claim of the case, after the
 * hearing named `hearing`, or with a legal exception (`exceptionBasis`, `exceptionReason`).
 */
export interface ClaimDecisionCommand {
  readonly case: string;
  readonly reasons: string;
  readonly legalBasis: string;
  readonly decidedOn: string;
  readonly hearing?: string;
  readonly exceptionBasis?: string;
  readonly exceptionReason?: string;
}

/**
 * `act.do: sanktioner` (extension): the decision on a sanction of the HTF case: `kind`, `omissionOn`,
 * `days` (fradrag-dage), and the decision's fields as for `afgoer-krav`.
 */
export interface SanctionCommand extends ClaimDecisionCommand {
  readonly kind: string;
  readonly omissionOn: string;
  readonly days?: string;
}

/**
 * `act.do: start-opgave` (extension): the caseworker starts a task of a type startable by hand for the
 * person; `case` (a case id from `cases`) is handed to the type as `data.sag`.
 */
export interface StartTaskCommand {
  readonly type: string;
  readonly case?: string;
}

/**
 * `act.do: konverter-timeregeldata` (extension): release 6.1's conversion of the legacy system's 225-hour
 * rule data, the file's rows written out (`aabentBrev`: an open "Send brev" of `varsling` or `partshoering`).
 */
export interface HoursRuleConversionCommand {
  readonly rows: readonly {
    readonly cpr: Cpr;
    readonly kommune: MunicipalityCode;
    readonly overgangsdato: Temporal.PlainDate | null;
    readonly bortfaldsdato: Temporal.PlainDate | null;
    readonly varslet: Temporal.PlainDate | null;
    readonly partshoert: Temporal.PlainDate | null;
    readonly aabentBrev: 'varsling' | 'partshoering' | null;
    readonly kmdFejl: string | null;
  }[];
}

/**
 * `expect.timeregel-udtraek` (extension): lines of the municipality's extract of cases whose bortfaldsdato
 * no longer matches after conversion; `count` as for payments.
 */
export interface ExtractMatcher extends Located {
  readonly kommune: MunicipalityCode;
  readonly cpr?: Cpr;
  readonly before?: Temporal.PlainDate | null;
  readonly after?: Temporal.PlainDate | null;
  readonly reason?: string;
  readonly count?: number;
}

/**
 * `act.do: genberegn` (extension): the caseworker recalculates the case's months already paid and approves
 * it. `case` is a case id from `cases`; `from`, `to` (`YYYY-MM`, absent: every month paid) and `reason` go
 * to the use case as written.
 */
export interface RecalculationCommand {
  readonly case: string;
  readonly from?: string;
  readonly to?: string;
  readonly reason?: string;
}

/**
 * `act.do: registrer` (extension): the caseworker adds a registration. `case` (a case id from `cases`) for
 * a decided amount; the other values go to the use case as written, which decides on them.
 */
export interface RegistrationCommand {
  readonly kind: string;
  readonly from: string;
  readonly to?: string | null;
  readonly case?: string;
  readonly birthDate?: string;
  readonly civilStatus?: string;
  readonly spouseOnBenefit?: boolean;
  readonly amount?: string;
  readonly hours?: string;
  readonly monthly?: string;
  readonly adults?: string;
  readonly taxRate?: string;
  readonly monthlyAllowance?: string;
  readonly activityReady?: boolean;
  readonly leisureSupplement?: boolean;
  readonly reason?: string;
}

/** `task-batch` (extension): a release restart or closing of every open task of the types, as the system. */
export interface TaskBatchStep extends Located {
  readonly kind: 'task-batch';
  readonly batch: BatchKind;
  /** At least one. */
  readonly types: readonly TaskType[];
  /** Why the tasks are closed (`luk`); null when not given. */
  readonly reason: string | null;
  /** null: the batch must run; a code: it must be refused with it and change nothing. */
  readonly expectError: ErrorCode | null;
}

export interface RunStep extends Located {
  readonly kind: 'run';
  readonly job: JobKey;
}

export interface ExpectStep extends Located {
  readonly kind: 'expect';
  readonly expectations: Expectations;
}

// ---- Expectations (each matcher: all given fields must match) ----

/** At least one field is present. */
export interface Expectations {
  readonly actingMunicipality?: ActingMunicipalityExpectation;
  readonly residence?: ResidenceExpectation;
  readonly cases?: readonly CaseMatcher[];
  readonly tasks?: readonly TaskMatcher[];
  readonly events?: readonly EventMatcher[];
  readonly payments?: readonly PaymentMatcher[];
  readonly deductions?: readonly DeductionMatcher[];
  readonly hoursRuleExtract?: readonly ExtractMatcher[];
}

export interface ActingMunicipalityExpectation extends Located {
  readonly cpr: Cpr;
  /** null: no acting municipality (e.g. abroad). */
  readonly is: MunicipalityCode | null;
}

export interface ResidenceExpectation extends Located {
  readonly cpr: Cpr;
  readonly is: Residence;
}

/** `count`: exactly this many must match; absent: at least one. */
export interface Counted {
  readonly count?: number;
}

export interface CaseMatcher extends Located {
  readonly id: string;
  readonly status?: CaseStatus;
  readonly municipality?: MunicipalityCode;
}

export interface TaskMatcher extends Located, Counted {
  readonly type?: TaskType;
  readonly municipality?: MunicipalityCode;
  readonly cpr?: Cpr;
  readonly status?: TaskStatus;
  /** The key of the step the task waits at (extension); null: none (closed, or every step done). */
  readonly step?: string | null;
  /** The number of open undringer (extension), exactly. */
  readonly queries?: number;
  /** The task categories (extension), exactly, in any order. */
  readonly categories?: readonly string[];
  /** The user the task is assigned to (extension); null: unassigned. */
  readonly assignee?: string | null;
  /** The task's due date (frist) (extension); null: the task has none. */
  readonly due?: Temporal.PlainDate | null;
}

export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface EventMatcher extends Located, Counted {
  readonly type?: EventType;
  readonly cpr?: Cpr;
  readonly municipality?: MunicipalityCode;
  /** A subset of the event's data that must match, as written (dates and amounts stay strings). */
  readonly data?: { readonly [key: string]: JsonValue };
}

export interface PaymentMatcher extends Located, Counted {
  /** A case id from `cases`. */
  readonly case?: string;
  readonly cpr?: Cpr;
  readonly period?: Temporal.PlainYearMonth;
  readonly municipality?: MunicipalityCode;
  readonly status?: PaymentStatus;
  /** Gross amount of the line in øre. */
  readonly amount?: number;
  /** Amount paid out in øre. */
  readonly net?: number;
  /** The month whose run pays the line (extension): later than `period` for an efterbetaling. */
  readonly runMonth?: Temporal.PlainYearMonth;
  /**
   * The rule that computed the line, as its explanation names it: `fastsat-beloeb` for a fixed monthly
   * amount, else the rule version of its first benefit line (`kontanthjaelp@2025-07-01`).
   */
  readonly rule?: string;
  /** Whether the line's explanation used an example rate ("eksempelsats – ikke officiel"). */
  readonly exampleRate?: boolean;
}

export interface DeductionMatcher extends Located, Counted {
  /** A deduction id from `deductions`. */
  readonly deduction?: string;
  readonly cpr?: Cpr;
  readonly period?: Temporal.PlainYearMonth;
  readonly municipality?: MunicipalityCode;
  readonly status?: DeductionStatus;
  /** What was withheld (while planned: what is requested), in øre. */
  readonly amount?: number;
  /** What the creditor requested for the month, in øre (domain §4: UDK is told both). */
  readonly requested?: number;
}

// ---- Errors ----

/** One thing wrong with a scenario file. */
export interface ScenarioFormatError {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, when known. */
  readonly column?: number;
  /** Path of the field at fault, e.g. `steps[2].cpr-move.date`; empty for the file as a whole. */
  readonly field: string;
  /** Danish. */
  readonly message: string;
}
