/**
 * The task-and-step engine (domain §3), as pure functions from a task's state to its next state and the
 * events that say what changed. Automatic steps run at once; a manual step, or a step on which a rule
 * raised an undring, waits for a caseworker. "Gå videre" validates the step's input and moves on; going
 * back reopens a completed step and marks every later step to be redone; a task whose steps are all done
 * is completed. The shell loads and stores the state, checks the version and applies what completion does.
 */
import { domainError, err, fail, inField, ok, type Result } from '../../kernel/index.ts';
import type { StepContext, StepDefinition, TaskTypeDefinition } from './definition.ts';

export const taskStatuses = ['aaben', 'afsluttet', 'afvist', 'annulleret'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const stepStatuses = ['afventer', 'aktiv', 'gennemfoert', 'sprunget-over', 'skal-gentages'] as const;
/**
 * afventer: not reached; aktiv: the step the task waits at; gennemfoert / sprunget-over: done;
 * skal-gentages: done before, reopened by going back to an earlier step, to be done again.
 */
export type StepStatus = (typeof stepStatuses)[number];

export type Input = Readonly<Record<string, unknown>>;

export interface StepState {
  readonly key: string;
  readonly status: StepStatus;
  /** What the caseworker entered (kept as a suggestion while the step must be redone). */
  readonly input: Input | null;
  /** What an automatic step computed. */
  readonly result: Input | null;
  readonly by: string | null;
  readonly at: string | null;
}

export const queryStatuses = ['aaben', 'loest', 'afvist', 'bortfaldet'] as const;
export type QueryStatus = (typeof queryStatuses)[number];

export interface QueryState {
  /** `step:code`, stable across re-evaluations. */
  readonly id: string;
  readonly step: string;
  readonly code: string;
  readonly text: string;
  readonly mandatory: boolean;
  readonly status: QueryStatus;
  readonly note: string | null;
  readonly by: string | null;
  readonly at: string | null;
}

export interface TaskState {
  readonly status: TaskStatus;
  readonly steps: readonly StepState[];
  readonly queries: readonly QueryState[];
  readonly closeReason: string | null;
}

export const taskEventTypes = [
  'opgave-oprettet',
  'trin-gennemfoert',
  'trin-sprunget-over',
  'trin-genaabnet',
  'undring-rejst',
  'undring-loest',
  'undring-afvist',
  'undring-bortfaldet',
  'opgave-afsluttet',
  'opgave-virkning',
  'opgave-afvist',
  'opgave-annulleret',
  'opgave-genstartet',
  'opgave-tildelt',
  'opgavekategorier-aendret',
] as const;
export type TaskEventType = (typeof taskEventTypes)[number];

/** One transition: what happened, on which step, and what changed. */
export interface TaskEvent {
  readonly type: TaskEventType;
  readonly step: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Transition {
  readonly state: TaskState;
  readonly events: readonly TaskEvent[];
  /** True when this transition completed the task (its completion effects are due). */
  readonly completed: boolean;
}

/** Who acts and when, and what the rules read besides the task itself. */
export interface Env {
  readonly data: StepContext['data'];
  readonly facts: StepContext['facts'];
  readonly today: StepContext['today'];
  /** The actor as written in events (`bruger:sb1@101`, `system:daglig-flytning`). */
  readonly by: string;
  /** ISO instant. */
  readonly at: string;
}

const doneStatuses: readonly StepStatus[] = ['gennemfoert', 'sprunget-over'];
/** Whether a step is done: completed or skipped. */
export const isStepDone = (step: Pick<StepState, 'status'>): boolean => doneStatuses.includes(step.status);

/** The index of the step the task is at: the first not done, or -1 when all are done. */
export function currentStepIndex(state: TaskState): number {
  return state.steps.findIndex((step) => !isStepDone(step));
}

/** The key of the step the task waits at, or null when it is closed or all steps are done. */
export function currentStepKey(state: TaskState): string | null {
  if (state.status !== 'aaben') return null;
  return state.steps[currentStepIndex(state)]?.key ?? null;
}

/** Undringer still open on the task. */
export const openQueries = (state: TaskState): QueryState[] =>
  state.queries.filter((query) => query.status === 'aaben');

function inputsOf(state: TaskState): Record<string, Input> {
  const inputs: Record<string, Input> = {};
  for (const step of state.steps)
    if (step.status === 'gennemfoert' && step.input) inputs[step.key] = step.input;
  return inputs;
}

const contextOf = (state: TaskState, env: Env): StepContext => ({
  data: env.data,
  facts: env.facts,
  today: env.today,
  inputs: inputsOf(state),
});

function setStep(state: TaskState, index: number, step: StepState): TaskState {
  return { ...state, steps: state.steps.map((s, i) => (i === index ? step : s)) };
}

/**
 * Runs the task forward from its current step: raises the rules' undringer, runs automatic steps, stops at
 * a manual step or an open undring, and completes the task when every step is done.
 */
function runForward(
  definition: TaskTypeDefinition,
  start: TaskState,
  env: Env,
  events: TaskEvent[],
  completion = 'gennemført',
): Transition {
  let state = start;
  for (;;) {
    const index = currentStepIndex(state);
    if (index === -1) {
      state = { ...state, status: 'afsluttet', closeReason: completion };
      events.push({ type: 'opgave-afsluttet', step: null, data: { reason: completion } });
      return { state, events, completed: true };
    }
    const step = definition.steps[index] as StepDefinition;
    const evaluated = evaluateQueries(state, step, env, events);
    state = evaluated.state;
    // A step on which the rules raise an undring falls out to manual handling — also when the undring was
    // handled before (going back and on again): the caseworker goes on by hand, with the step's input.
    const waiting =
      evaluated.raised || state.queries.some((q) => q.step === step.key && q.status === 'aaben');
    const current = state.steps[index] as StepState;
    if (waiting || step.mode === 'manuel') {
      state = setStep(state, index, { ...current, status: 'aktiv' });
      return { state, events, completed: false };
    }
    const result = step.run?.(contextOf(state, env)) ?? {};
    state = setStep(state, index, {
      key: step.key,
      status: 'gennemfoert',
      input: null,
      result,
      by: env.by,
      at: env.at,
    });
    events.push({ type: 'trin-gennemfoert', step: step.key, data: { automatic: true, result } });
  }
}

/**
 * Re-evaluates a step's rules: new undringer are raised, handled ones stay handled, open ones the rules no
 * longer raise lapse.
 */
function evaluateQueries(
  state: TaskState,
  step: StepDefinition,
  env: Env,
  events: TaskEvent[],
): { state: TaskState; raised: boolean } {
  const raised = step.queries?.(contextOf(state, env)) ?? [];
  const ids = new Set(raised.map((q) => `${step.key}:${q.code}`));
  const queries = state.queries.map((query) => {
    if (query.step !== step.key || query.status !== 'aaben' || ids.has(query.id)) return query;
    events.push({ type: 'undring-bortfaldet', step: step.key, data: { query: query.id } });
    return { ...query, status: 'bortfaldet' as const, by: env.by, at: env.at };
  });
  for (const q of raised) {
    const id = `${step.key}:${q.code}`;
    const existing = queries.findIndex((query) => query.id === id);
    if (existing !== -1 && queries[existing]?.status !== 'bortfaldet') continue;
    const query: QueryState = {
      id,
      step: step.key,
      code: q.code,
      text: q.text,
      mandatory: q.mandatory,
      status: 'aaben',
      note: null,
      by: null,
      at: env.at,
    };
    if (existing === -1) queries.push(query);
    else queries[existing] = query;
    events.push({
      type: 'undring-rejst',
      step: step.key,
      data: { query: id, code: q.code, text: q.text, mandatory: q.mandatory },
    });
  }
  return { state: { ...state, queries }, raised: raised.length > 0 };
}

/** A task of the type before any step has run. */
export function initialState(definition: TaskTypeDefinition): TaskState {
  return {
    status: 'aaben',
    steps: definition.steps.map((step) => ({
      key: step.key,
      status: 'afventer',
      input: null,
      result: null,
      by: null,
      at: null,
    })),
    queries: [],
    closeReason: null,
  };
}

/** A new task of the type: its data is checked, then it runs as far as it can by itself. */
export function openTask(definition: TaskTypeDefinition, env: Env): Result<Transition> {
  const data = definition.data.safeParse(env.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    return fail(
      'ugyldigt-input',
      issue?.message ?? 'Ugyldige data',
      ['data', ...(issue?.path ?? [])].join('.'),
    );
  }
  const state = initialState(definition);
  const events: TaskEvent[] = [{ type: 'opgave-oprettet', step: null, data: { data: data.data } }];
  return ok(runForward(definition, state, { ...env, data: data.data }, events, completedBy(env)));
}

const completedBy = (env: Env): string =>
  env.by.startsWith('system:') ? 'gennemført automatisk' : 'gennemført';

function ensureOpen(state: TaskState): Result<void> {
  if (state.status !== 'aaben') {
    return fail('opgave-lukket', `Opgaven er lukket (${state.status}) og kan ikke ændres`);
  }
  return ok(undefined);
}

function findStep(definition: TaskTypeDefinition, key: string): Result<number> {
  const index = definition.steps.findIndex((step) => step.key === key);
  if (index === -1)
    return fail('ukendt-trin', `Opgavetypen ${definition.key} har intet trin "${key}"`, 'step');
  return ok(index);
}

/** The step must be the one the task waits at. */
function atCurrent(definition: TaskTypeDefinition, state: TaskState, key: string): Result<number> {
  const open = ensureOpen(state);
  if (!open.ok) return open;
  const index = findStep(definition, key);
  if (!index.ok) return index;
  const current = currentStepIndex(state);
  if (index.value !== current) {
    const at = state.steps[current]?.key ?? 'ingen';
    return fail('trin-ude-af-raekkefoelge', `Opgaven står ved trinnet "${at}", ikke "${key}"`, 'step');
  }
  return index;
}

function noOpenQuery(state: TaskState, step: string): Result<void> {
  const open = state.queries.find((q) => q.step === step && q.status === 'aaben');
  if (open) {
    return err(
      domainError('aaben-undring', `Undringen "${open.text}" skal behandles først`, 'query', {
        query: open.id,
      }),
    );
  }
  return ok(undefined);
}

/** Checks input against the step's schema; a step without a schema takes none. */
export function parseStepInput(step: StepDefinition, raw: unknown): Result<Input | null> {
  if (step.input === undefined) {
    const empty =
      raw === undefined || raw === null || (typeof raw === 'object' && Object.keys(raw).length === 0);
    return empty ? ok(null) : fail('ugyldigt-input', `Trinnet "${step.name}" tager ikke imod input`, 'input');
  }
  const parsed = step.input.safeParse(raw ?? {});
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  return fail(
    'ugyldigt-input',
    issue?.message ?? 'Ugyldigt input',
    ['input', ...(issue?.path ?? [])].join('.'),
  );
}

/** "Gå videre": validates the input of the step the task waits at, completes it and runs on. */
export function advance(
  definition: TaskTypeDefinition,
  state: TaskState,
  key: string,
  raw: unknown,
  env: Env,
): Result<Transition> {
  const index = atCurrent(definition, state, key);
  if (!index.ok) return index;
  const queries = noOpenQuery(state, key);
  if (!queries.ok) return queries;
  const step = definition.steps[index.value] as StepDefinition;
  const input = parseStepInput(step, raw);
  if (!input.ok) return input;
  const before = state.steps[index.value] as StepState;
  const context = contextOf(state, env);
  if (input.value !== null && step.check) {
    const checked = step.check(input.value, context);
    if (!checked.ok) return inField(checked, 'input');
  }
  const withInput =
    input.value === null ? context : { ...context, inputs: { ...context.inputs, [key]: input.value } };
  const result = step.mode === 'automatisk' ? (step.run?.(withInput) ?? {}) : null;
  const next = setStep(state, index.value, {
    key,
    status: 'gennemfoert',
    input: input.value,
    result,
    by: env.by,
    at: env.at,
  });
  const events: TaskEvent[] = [
    {
      type: 'trin-gennemfoert',
      step: key,
      data: { input: input.value, ...(before.input === null ? {} : { previous: before.input }) },
    },
  ];
  return ok(runForward(definition, next, env, events));
}

/** Skips the step the task waits at, when the type allows it and no undring is open on it. */
export function skip(
  definition: TaskTypeDefinition,
  state: TaskState,
  key: string,
  env: Env,
): Result<Transition> {
  const index = atCurrent(definition, state, key);
  if (!index.ok) return index;
  const step = definition.steps[index.value] as StepDefinition;
  if (!step.skippable) {
    return fail('trin-kan-ikke-springes-over', `Trinnet "${step.name}" kan aldrig springes over`, 'step');
  }
  const queries = noOpenQuery(state, key);
  if (!queries.ok) return queries;
  const next = setStep(state, index.value, {
    key,
    status: 'sprunget-over',
    input: null,
    result: null,
    by: env.by,
    at: env.at,
  });
  return ok(runForward(definition, next, env, [{ type: 'trin-sprunget-over', step: key, data: {} }]));
}

/**
 * Goes back to a completed step ("Gennemførte trin"): it waits again, with its input kept as a suggestion,
 * and every later completed step must be redone.
 */
export function goBack(
  definition: TaskTypeDefinition,
  state: TaskState,
  key: string,
  env: Env,
): Result<Transition> {
  const open = ensureOpen(state);
  if (!open.ok) return open;
  const index = findStep(definition, key);
  if (!index.ok) return index;
  const target = state.steps[index.value] as StepState;
  if (!isStepDone(target))
    return fail('trin-ikke-gennemfoert', `Trinnet "${key}" er ikke gennemført`, 'step');
  const sent = definition.steps.find(
    (step, i) => i >= index.value && step.final === true && state.steps[i]?.status === 'gennemfoert',
  );
  if (sent !== undefined) {
    return fail(
      'trin-kan-ikke-genaabnes',
      `Trinnet "${sent.name}" har sendt et brev og kan ikke gøres om`,
      'step',
    );
  }
  const redo: string[] = [];
  const steps = state.steps.map((step, i): StepState => {
    if (i === index.value) return { ...step, status: 'aktiv', by: env.by, at: env.at };
    if (i < index.value) return step;
    if (isStepDone(step)) {
      redo.push(step.key);
      return { ...step, status: 'skal-gentages' };
    }
    return step.status === 'aktiv' ? { ...step, status: 'afventer' } : step;
  });
  return ok({
    state: { ...state, steps },
    events: [{ type: 'trin-genaabnet', step: key, data: { redo } }],
    completed: false,
  });
}

function findQuery(state: TaskState, id: string): Result<number> {
  const open = ensureOpen(state);
  if (!open.ok) return open;
  const index = state.queries.findIndex((q) => q.id === id);
  if (index === -1) return fail('ukendt-undring', `Opgaven har ingen undring "${id}"`, 'query');
  if (state.queries[index]?.status !== 'aaben') {
    return fail('undring-lukket', `Undringen "${id}" er allerede behandlet`, 'query');
  }
  return ok(index);
}

function setQuery(state: TaskState, index: number, query: QueryState): TaskState {
  return { ...state, queries: state.queries.map((q, i) => (i === index ? query : q)) };
}

/** Resolves an undring with the caseworker's note; the step then waits for "Gå videre". */
export function resolveQuery(state: TaskState, id: string, note: string, env: Env): Result<Transition> {
  const index = findQuery(state, id);
  if (!index.ok) return index;
  if (note.trim() === '') return fail('ugyldigt-input', 'Skriv hvordan undringen er løst', 'note');
  const query = state.queries[index.value] as QueryState;
  return ok({
    state: setQuery(state, index.value, {
      ...query,
      status: 'loest',
      note: note.trim(),
      by: env.by,
      at: env.at,
    }),
    events: [{ type: 'undring-loest', step: query.step, data: { query: id, note: note.trim() } }],
    completed: false,
  });
}

/** Dismisses an undring that is not mandatory; a mandatory one must be resolved. */
export function dismissQuery(state: TaskState, id: string, note: string, env: Env): Result<Transition> {
  const index = findQuery(state, id);
  if (!index.ok) return index;
  const query = state.queries[index.value] as QueryState;
  if (query.mandatory) {
    return fail('obligatorisk-undring', `Undringen "${query.text}" er obligatorisk og skal løses`, 'query');
  }
  return ok({
    state: setQuery(state, index.value, {
      ...query,
      status: 'afvist',
      note: note.trim() || null,
      by: env.by,
      at: env.at,
    }),
    events: [{ type: 'undring-afvist', step: query.step, data: { query: id, note: note.trim() || null } }],
    completed: false,
  });
}

export const closings = ['afslut', 'afvis', 'annuller'] as const;
export type Closing = (typeof closings)[number];

const closedStatus: Record<Closing, { status: TaskStatus; event: TaskEventType }> = {
  afslut: { status: 'afsluttet', event: 'opgave-afsluttet' },
  afvis: { status: 'afvist', event: 'opgave-afvist' },
  annuller: { status: 'annulleret', event: 'opgave-annulleret' },
};

/**
 * Ends an open task with a reason. Rejecting (afvis) and cancelling (annuller) are always possible;
 * completing (afslut) by hand only when every step left may be skipped and no mandatory undring is open —
 * the remaining steps are then recorded as skipped.
 */
export function closeTask(
  definition: TaskTypeDefinition,
  state: TaskState,
  closing: Closing,
  reason: string,
  env: Env,
): Result<Transition> {
  const open = ensureOpen(state);
  if (!open.ok) return open;
  if (reason.trim() === '') return fail('ugyldigt-input', 'Angiv en begrundelse', 'reason');
  let steps = state.steps;
  if (closing === 'afslut') {
    const mandatory = openQueries(state).find((q) => q.mandatory);
    if (mandatory) {
      return fail(
        'obligatorisk-undring',
        `Undringen "${mandatory.text}" er obligatorisk og skal løses`,
        'query',
      );
    }
    const missing = definition.steps.find(
      (step, i) => !step.skippable && !isStepDone(state.steps[i] as StepState),
    );
    if (missing) {
      return fail(
        'trin-mangler',
        `Trinnet "${missing.name}" skal gennemføres før opgaven kan afsluttes`,
        'step',
      );
    }
    steps = state.steps.map((s) =>
      isStepDone(s) ? s : { ...s, status: 'sprunget-over', by: env.by, at: env.at },
    );
  }
  const { status, event } = closedStatus[closing];
  return ok({
    state: { ...state, steps, status, closeReason: reason.trim() },
    events: [{ type: event, step: null, data: { reason: reason.trim() } }],
    completed: closing === 'afslut',
  });
}

/**
 * Restarts an open task (KY 6.1): everything entered on it is cleared, every step is re-evaluated from the
 * start with the facts of now, and a task on which no undring appears runs through by itself.
 */
export function restartTask(definition: TaskTypeDefinition, state: TaskState, env: Env): Result<Transition> {
  const open = ensureOpen(state);
  if (!open.ok) return open;
  const cleared = state.steps.filter((s) => s.input !== null).map((s) => s.key);
  const fresh = initialState(definition);
  const events: TaskEvent[] = [
    {
      type: 'opgave-genstartet',
      step: null,
      data: { clearedInputs: cleared, queries: state.queries.length },
    },
  ];
  return ok(runForward(definition, fresh, env, events, 'gennemført automatisk efter genstart'));
}
