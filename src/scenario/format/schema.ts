/**
 * The shape of each part of a scenario file as zod schemas. Each schema checks one item (a person,
 * a case, one step's body, one matcher ...); parse-scenario.ts walks the file, runs them item by
 * item so that every error is reported, and adds where each item is written (`line`).
 */
import { z } from 'zod';
import { Temporal } from 'temporal-polyfill';
import { errorCodes, isErrorCode, type ErrorCode } from '../../kernel/index.ts';
import { extractReasons } from '../../benefits/index.ts';
import { userRoles } from '../../access/index.ts';
import {
  benefitTypes,
  caseStatuses,
  civilStatuses,
  deductionKinds,
  deductionStatuses,
  eventTypes,
  jobKeys,
  manualActingReasons,
  paymentStatuses,
  processKeys,
  rateFiles,
  registrationCivilStatuses,
  registrationKinds,
  taskActionKinds,
  taskBatchKinds,
  taskStatuses,
  taskTypes,
  type JsonValue,
  type ResidenceEntry,
  type TaskCommand,
  type TaskHandling,
} from './model.ts';
import {
  amount,
  bool,
  checkPeriod,
  count,
  countryCode,
  cpr,
  date,
  describeValue,
  given,
  localDateTime,
  municipalityCode,
  nonNegativeAmount,
  oneOf,
  present,
  residenceOf,
  strictObject,
  text,
  wrongType,
  yearMonth,
} from './values.ts';

/** A list of items of one schema; `min` items at least. */
export function listOf<T extends z.ZodType>(item: T, min = 0) {
  const list = z.array(item, { error: (issue) => wrongType('en liste', issue.input) });
  return min > 0
    ? list.min(min, { error: `skal have mindst ${min} ${min === 1 ? 'element' : 'elementer'}` })
    : list;
}

// ---- The top level ----

/** The top-level keys; the values are checked section by section. */
export const topLevelKeys = [
  'title',
  'start',
  'persons',
  'cases',
  'deductions',
  'manualActing',
  'rates',
  'demo',
  'registrations',
  'steps',
] as const;

export const title = text;
export const start = localDateTime;

// ---- Persons, cases, deductions, manual acting periods at `start` ----

const residenceEntry = strictObject({
  municipality: municipalityCode.exactOptional(),
  abroad: countryCode.exactOptional(),
  from: date,
}).transform((entry, ctx): ResidenceEntry => ({ residence: residenceOf(entry, ctx), from: entry.from }));

const residenceHistory = listOf(residenceEntry, 1).superRefine((entries, ctx) => {
  entries.forEach((entry, index) => {
    const previous = entries[index - 1];
    if (previous !== undefined && Temporal.PlainDate.compare(previous.from, entry.from) >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'from'],
        message: `skal ligge efter den forrige from-dato (${previous.from.toString()}); ældste først`,
      });
    }
  });
});

export const person = strictObject({
  cpr,
  name: text,
  residence: residenceHistory,
  civilStatus: oneOf(civilStatuses).default('ugift'),
  spouse: cpr.nullable().default(null),
  cprSubscription: bool.default(true),
  healthCard: bool.default(false),
  institutionStay: strictObject({ from: date, to: date.nullable().default(null) })
    .superRefine(checkPeriod)
    .nullable()
    .default(null),
  administration: strictObject({ municipality: municipalityCode, from: date }).nullable().default(null),
});

export const caseSetup = strictObject({
  id: text,
  cpr,
  benefit: oneOf(benefitTypes),
  municipality: municipalityCode,
  status: oneOf(caseStatuses),
  from: date,
  to: date.nullable().default(null),
  monthly: nonNegativeAmount.nullable().default(null),
  category: text.nullable().default(null),
}).superRefine(checkPeriod);

export const deductionSetup = strictObject({
  id: text,
  cpr,
  kind: oneOf(deductionKinds),
  municipality: municipalityCode,
  monthly: nonNegativeAmount,
  from: date,
  to: date.nullable().default(null),
}).superRefine(checkPeriod);

export const manualActingSetup = strictObject({
  cpr,
  municipality: municipalityCode,
  from: date,
  to: date.nullable().default(null),
  reason: oneOf(manualActingReasons),
}).superRefine(checkPeriod);

// ---- Rates and registrations at `start` (extension) ----

/** `rates: [sourced, eksempel]`: each file at most once. */
export const rates = listOf(oneOf(rateFiles)).superRefine((files, ctx) => {
  files.forEach((file, index) => {
    if (files.indexOf(file) !== index) {
      ctx.addIssue({ code: 'custom', path: [index], message: `${file} står allerede i listen` });
    }
  });
});

export const demo = bool;

/** The value fields each registration kind takes (as decide-registration.ts reads them). */
const registrationFields = {
  barn: ['birthDate'],
  hjemmeboende: [],
  civilstand: ['civilStatus', 'spouseOnBenefit'],
  arbejdsindtaegt: ['amount', 'hours'],
  'aegtefaelle-arbejdsindtaegt': ['amount', 'hours'],
  boligudgift: ['monthly'],
  boligstoette: ['monthly', 'adults'],
  skattekort: ['taxRate', 'monthlyAllowance'],
  'bevilget-beloeb': ['case', 'monthly'],
  tillaeg: ['case', 'activityReady', 'leisureSupplement'],
  'apoe-tilbageholdelse': ['case', 'monthly'],
  sanktionsvejledning: [],
  'timeregel-timer': ['hours'],
  ydelseshistorik: [],
  'timeregel-undtagelse': ['exemption'],
  'timeregel-forlaengelse': [],
} as const satisfies Record<(typeof registrationKinds)[number], readonly string[]>;
const valueFields = [
  'case',
  'birthDate',
  'civilStatus',
  'spouseOnBenefit',
  'amount',
  'hours',
  'monthly',
  'adults',
  'exemption',
  'taxRate',
  'monthlyAllowance',
  'activityReady',
  'leisureSupplement',
] as const;

export const registrationSetup = strictObject({
  cpr,
  case: text.exactOptional(),
  kind: oneOf(registrationKinds),
  from: date,
  to: date.nullable().default(null),
  birthDate: date.exactOptional(),
  civilStatus: oneOf(registrationCivilStatuses).exactOptional(),
  spouseOnBenefit: bool.exactOptional(),
  amount: nonNegativeAmount.exactOptional(),
  hours: given.exactOptional(),
  monthly: nonNegativeAmount.exactOptional(),
  adults: given.exactOptional(),
  exemption: given.exactOptional(),
  taxRate: given.exactOptional(),
  monthlyAllowance: nonNegativeAmount.exactOptional(),
  activityReady: bool.exactOptional(),
  leisureSupplement: bool.exactOptional(),
  reason: text.exactOptional(),
})
  .superRefine(checkPeriod)
  .superRefine((setup, ctx) => {
    // The setup is checked in full when the file is read: a field the kind does not take is an error here.
    const takes: readonly (typeof valueFields)[number][] = registrationFields[setup.kind];
    for (const field of valueFields) {
      if (setup[field] !== undefined && !takes.includes(field)) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `bruges ikke ved ${setup.kind}; ${setup.kind} tager ${takes.length === 0 ? 'ingen felter' : takes.join(', ')}`,
        });
      }
    }
    for (const field of takes) {
      // Yes/no fields default to no.
      const optional =
        field === 'spouseOnBenefit' || field === 'activityReady' || field === 'leisureSupplement';
      if (!optional && setup[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `mangler (påkrævet ved ${setup.kind})` });
      }
    }
    if (
      (setup.kind === 'bevilget-beloeb' || setup.kind === 'apoe-tilbageholdelse') &&
      setup.reason === undefined
    ) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `mangler (påkrævet ved ${setup.kind})` });
    }
  });

// ---- Steps ----

export const advance = localDateTime;

export const cprMove = strictObject({
  cpr,
  municipality: municipalityCode.exactOptional(),
  abroad: countryCode.exactOptional(),
  date,
  sequence: count.nullable().default(null),
}).transform((move, ctx) => ({
  cpr: move.cpr,
  residence: residenceOf(move, ctx),
  date: move.date,
  sequence: move.sequence,
}));

export const run = oneOf(jobKeys);

/** An error code from kernel/errors.ts; null (or absent): the action must succeed. */
const errorCode = present
  .transform((value, ctx): ErrorCode => {
    if (typeof value === 'string' && isErrorCode(value)) return value;
    ctx.addIssue({
      code: 'custom',
      message: `${describeValue(value)} er ikke en kendt fejlkode; kendte: ${Object.keys(errorCodes).join(', ')}`,
    });
    return z.NEVER;
  })
  .nullable()
  .default(null);

export const processKey = oneOf(processKeys);

/** The `act` body; `with` is checked afterwards against the schema of the process named in `do`. */
export const act = strictObject({
  as: strictObject({
    municipality: municipalityCode,
    user: text,
    roles: z.array(z.enum(userRoles)).min(1).optional(),
  }),
  do: processKey,
  cpr: cpr.exactOptional(),
  with: present,
  'expect-error': errorCode,
});

/**
 * `with` for `bestem-handlekommune-manuelt`, one schema per `action`. The runner checks the keys; the
 * values go to the process as written, which decides on them (the municipality, the dates and their
 * order, the reason), so a file can expect its refusal (`expect-error: ukendt-kommune`).
 */
export const manualActingCommands = {
  opret: strictObject({
    action: z.literal('opret'),
    municipality: given,
    from: given,
    to: given.nullable().default(null),
    reason: given,
    agreement: bool.default(false),
    consent: bool.default(false),
  }),
  rediger: strictObject({
    action: z.literal('rediger'),
    municipality: given.exactOptional(),
    from: given.exactOptional(),
    to: given.nullable().exactOptional(),
    reason: given.exactOptional(),
    agreement: bool.exactOptional(),
    consent: bool.exactOptional(),
  }).superRefine((edit, ctx) => {
    if (
      edit.municipality === undefined &&
      edit.from === undefined &&
      edit.to === undefined &&
      edit.reason === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'rediger skal ændre mindst ét af felterne municipality, from, to, reason',
      });
    }
  }),
  stands: strictObject({ action: z.literal('stands'), to: given }),
  fortryd: strictObject({ action: z.literal('fortryd') }),
} as const;

// ---- Tasks (extension) ----

/** `with` for `opgavekategori`. */
export const taskCategoryCommand = strictObject({ key: given, name: given });

/** What a caseworker enters on a step: a mapping of JSON values, handed to the step as it is. */
const stepInput = z
  .record(z.string(), z.json(), { error: (issue) => wrongType('en mapping (felt: værdi)', issue.input) })
  .transform((input): { readonly [key: string]: JsonValue } => input);

/** The keys that pick the task, in every `with` of `opgave`. */
const taskSelector = {
  type: oneOf(taskTypes),
  municipality: municipalityCode.exactOptional(),
  status: oneOf(taskStatuses).default('aaben'),
  version: count.exactOptional(),
};

type TaskActionKind = (typeof taskActionKinds)[number];

/** A `with` of `opgave` for one handling: the selector keys plus the handling's own. */
function taskCommand<Shape extends z.core.$ZodLooseShape>(
  kind: TaskActionKind,
  shape: Shape,
  handling: (fields: z.output<z.ZodObject<Shape>>) => TaskHandling,
) {
  return strictObject({ ...taskSelector, handling: z.literal(kind), ...shape }).transform(
    (command): TaskCommand => {
      const selected = command as unknown as z.output<z.ZodObject<typeof taskSelector>>;
      return {
        type: selected.type,
        municipality: selected.municipality ?? null,
        status: selected.status,
        version: selected.version ?? null,
        handling: handling(command as unknown as z.output<z.ZodObject<Shape>>),
      };
    },
  );
}

const closing = (kind: 'afslut' | 'afvis' | 'annuller') =>
  taskCommand(kind, { reason: given }, ({ reason }) => ({ kind, reason }));

/** `with` for `opgave`, one schema per `handling` (the task engine's action kinds). */
export const taskCommands = {
  videre: taskCommand('videre', { step: given, input: stepInput.exactOptional() }, ({ step, input }) =>
    input === undefined ? { kind: 'videre', step } : { kind: 'videre', step, input },
  ),
  tilbage: taskCommand('tilbage', { step: given }, ({ step }) => ({ kind: 'tilbage', step })),
  'spring-over': taskCommand('spring-over', { step: given }, ({ step }) => ({ kind: 'spring-over', step })),
  'loes-undring': taskCommand('loes-undring', { query: given, note: given }, ({ query, note }) => ({
    kind: 'loes-undring',
    query,
    note,
  })),
  'afvis-undring': taskCommand(
    'afvis-undring',
    { query: given, note: given.exactOptional() },
    ({ query, note }) =>
      note === undefined ? { kind: 'afvis-undring', query } : { kind: 'afvis-undring', query, note },
  ),
  afslut: closing('afslut'),
  afvis: closing('afvis'),
  annuller: closing('annuller'),
  tildel: taskCommand('tildel', { assignee: given.nullable() }, ({ assignee }) => ({
    kind: 'tildel',
    assignee,
  })),
  kategorier: taskCommand('kategorier', { categories: listOf(given) }, ({ categories }) => ({
    kind: 'kategorier',
    categories,
  })),
} as const satisfies Record<TaskActionKind, unknown>;

/** The `task-batch` step (extension). */
export const taskBatch = strictObject({
  kind: oneOf(taskBatchKinds),
  types: listOf(oneOf(taskTypes), 1),
  reason: text.nullable().default(null),
  'expect-error': errorCode,
});

/** `with` for `bevil` (extension): the case by its id in `cases`, the rest as written. */
export const grantCommand = strictObject({
  case: text,
  from: given,
  to: given.nullable().default(null),
  reason: given,
  decidedOn: given.exactOptional(),
});

/** `with` for `genberegn` (extension): `case` by its id in `cases`, the months and reason as written. */
export const recalculationCommand = strictObject({
  case: text,
  from: given.exactOptional(),
  to: given.exactOptional(),
  reason: given.exactOptional(),
});

/** `with` for `partshoer` (extension): the hearing's name, `case` by its id in `cases`, the rest as written. */
export const hearingCommand = strictObject({
  id: text,
  case: text,
  effect: given,
  intended: given,
  sentOn: given,
  deadline: given,
});

/** `with` for `partshoering-svar` (extension): the hearing by its name, the answer as written. */
export const hearingAnswerCommand = strictObject({ hearing: text, answeredOn: given, answer: given });

/** `with` for `afgoer-krav` (extension): `case` by its id, the hearing by its name, the rest as written. */
export const claimDecisionCommand = strictObject({
  case: text,
  reasons: given,
  legalBasis: given,
  decidedOn: given,
  hearing: text.exactOptional(),
  exceptionBasis: given.exactOptional(),
  exceptionReason: given.exactOptional(),
});

/** `with` for `sanktioner` (extension): as `afgoer-krav`, with the sanction's kind, omission day and days. */
export const sanctionCommand = strictObject({
  case: text,
  kind: given,
  omissionOn: given,
  days: given.exactOptional(),
  reasons: given,
  legalBasis: given,
  decidedOn: given,
  hearing: text.exactOptional(),
  exceptionBasis: given.exactOptional(),
  exceptionReason: given.exactOptional(),
});

/** `with` for `start-opgave` (extension): the type and, for a type about a case, the case by its id. */
export const startTaskCommand = strictObject({ type: oneOf(taskTypes), case: text.exactOptional() });

/** `with` for `konverter-timeregeldata` (extension): the legacy file's rows. */
export const hoursRuleConversionCommand = strictObject({
  rows: listOf(
    strictObject({
      cpr,
      kommune: municipalityCode,
      overgangsdato: date.nullable().default(null),
      bortfaldsdato: date.nullable().default(null),
      varslet: date.nullable().default(null),
      partshoert: date.nullable().default(null),
      aabentBrev: oneOf(['varsling', 'partshoering'] as const)
        .nullable()
        .default(null),
      kmdFejl: text.nullable().default(null),
    }),
    1,
  ),
});

/** `expect.timeregel-udtraek` (extension). */
export const extractMatcher = strictObject({
  kommune: municipalityCode,
  cpr: cpr.exactOptional(),
  before: date.nullable().exactOptional(),
  after: date.nullable().exactOptional(),
  reason: oneOf(extractReasons).exactOptional(),
  count: count.exactOptional(),
});

/** `with` for `registrer` (extension): `case` by its id in `cases`, the rest as written. */
export const registrationCommand = strictObject({
  kind: given,
  from: given,
  to: given.nullable().exactOptional(),
  case: text.exactOptional(),
  birthDate: given.exactOptional(),
  civilStatus: given.exactOptional(),
  spouseOnBenefit: bool.exactOptional(),
  amount: given.exactOptional(),
  hours: given.exactOptional(),
  monthly: given.exactOptional(),
  adults: given.exactOptional(),
  exemption: given.exactOptional(),
  taxRate: given.exactOptional(),
  monthlyAllowance: given.exactOptional(),
  activityReady: bool.exactOptional(),
  leisureSupplement: bool.exactOptional(),
  reason: given.exactOptional(),
});

/** `with` for `registrer-fraflytning`: where to (`municipality` or `abroad`) and the date, as written. */
export const moveOutCommand = strictObject({
  municipality: given.exactOptional(),
  abroad: given.exactOptional(),
  date: given,
});

// ---- Expectations ----

/** The keys of `expect`; the lists are checked item by item. */
export const expectationKeys = [
  'acting-municipality',
  'residence',
  'cases',
  'tasks',
  'events',
  'payments',
  'deductions',
  'timeregel-udtraek',
] as const;

export const actingMunicipalityExpectation = strictObject({
  cpr,
  is: municipalityCode.nullable(),
});

const abroad = strictObject({ abroad: countryCode });

/** `is: "147"` or `is: { abroad: SE }`. */
const residenceIs = present
  .transform((value, ctx) => {
    const schema = typeof value === 'object' && value !== null ? abroad : municipalityCode;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  })
  .transform((value) =>
    typeof value === 'string'
      ? { kind: 'municipality' as const, municipality: value }
      : { kind: 'abroad' as const, country: value.abroad },
  );

export const residenceExpectation = strictObject({ cpr, is: residenceIs });

export const caseMatcher = strictObject({
  id: text,
  status: oneOf(caseStatuses).exactOptional(),
  municipality: municipalityCode.exactOptional(),
});

export const taskMatcher = strictObject({
  type: oneOf(taskTypes).exactOptional(),
  municipality: municipalityCode.exactOptional(),
  cpr: cpr.exactOptional(),
  status: oneOf(taskStatuses).exactOptional(),
  step: text.nullable().exactOptional(),
  queries: count.exactOptional(),
  categories: listOf(text).exactOptional(),
  assignee: text.nullable().exactOptional(),
  due: date.nullable().exactOptional(),
  count: count.exactOptional(),
});

const eventData = z
  .record(z.string(), z.json(), { error: (issue) => wrongType('en mapping (felt: værdi)', issue.input) })
  .transform((data): { readonly [key: string]: JsonValue } => data);

export const eventMatcher = strictObject({
  type: oneOf(eventTypes).exactOptional(),
  cpr: cpr.exactOptional(),
  municipality: municipalityCode.exactOptional(),
  data: eventData.exactOptional(),
  count: count.exactOptional(),
});

export const paymentMatcher = strictObject({
  case: text.exactOptional(),
  cpr: cpr.exactOptional(),
  period: yearMonth.exactOptional(),
  municipality: municipalityCode.exactOptional(),
  status: oneOf(paymentStatuses).exactOptional(),
  amount: amount.exactOptional(),
  net: amount.exactOptional(),
  runMonth: yearMonth.exactOptional(),
  rule: text.exactOptional(),
  exampleRate: z.boolean().exactOptional(),
  count: count.exactOptional(),
});

export const deductionMatcher = strictObject({
  deduction: text.exactOptional(),
  cpr: cpr.exactOptional(),
  period: yearMonth.exactOptional(),
  municipality: municipalityCode.exactOptional(),
  status: oneOf(deductionStatuses).exactOptional(),
  amount: amount.exactOptional(),
  requested: amount.exactOptional(),
  count: count.exactOptional(),
});
