import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fail, ok, type DomainError, type Result } from '../../kernel/index.ts';
import type { RaisedQuery, TaskTypeDefinition } from './definition.ts';
import {
  advance,
  closeTask,
  closings,
  currentStepIndex,
  currentStepKey,
  dismissQuery,
  goBack,
  initialState,
  openQueries,
  openTask,
  resolveQuery,
  restartTask,
  skip,
  type Closing,
  type Env,
  type TaskState,
  type Transition,
} from './engine.ts';

// Test task types. "Testopgave": an automatic step, a manual step with input (and a check against the
// task's data), a skippable manual step, an automatic step whose rules read the facts and the input
// entered earlier, and the never-skippable "Opsummering".
const testType: TaskTypeDefinition = {
  key: 'testopgave',
  name: 'Testopgave',
  data: z.object({
    navn: z.string(),
    loft: z.number().int().positive(),
    periode: z.object({ fra: z.string() }).optional(),
  }),
  dueDays: 7,
  startableByHand: true,
  steps: [
    {
      key: 'hent',
      name: 'Hent oplysninger',
      mode: 'automatisk',
      skippable: false,
      run: ({ data, facts }) => ({ navn: data['navn'], sats: facts['sats'] }),
    },
    {
      key: 'angiv',
      name: 'Angiv beløb',
      mode: 'manuel',
      skippable: false,
      input: z
        .object({
          beloeb: z.number().int().min(0),
          periode: z.object({ fra: z.string() }).optional(),
        })
        .strict(),
      check: (input, { data }) => {
        if (Number(input['beloeb']) > Number(data['loft'])) {
          return fail('ugyldigt-beloeb', 'Beløbet er over loftet', 'beloeb');
        }
        if (input['beloeb'] === 13) return fail('konflikt', 'Beløbet 13 er ikke tilladt');
        return ok(undefined);
      },
    },
    {
      key: 'bemaerkning',
      name: 'Bemærkning',
      mode: 'manuel',
      skippable: true,
      input: z.object({ tekst: z.string().min(1) }).strict(),
    },
    {
      key: 'beregn',
      name: 'Beregn',
      mode: 'automatisk',
      skippable: false,
      queries: ({ facts, inputs }) => {
        const raised: RaisedQuery[] = [];
        const beloeb = inputs['angiv']?.['beloeb'];
        if (typeof beloeb === 'number' && beloeb > Number(facts['graense'])) {
          raised.push({ code: 'hoejt-beloeb', text: 'Beløbet er over grænsen', mandatory: true });
        }
        if (facts['advarsel'] === true) {
          raised.push({ code: 'advarsel', text: 'Se på oplysningerne', mandatory: false });
        }
        return raised;
      },
      run: ({ facts, inputs }) => ({
        total: Number(inputs['angiv']?.['beloeb'] ?? 0) * Number(facts['sats']),
      }),
    },
    { key: 'opsummering', name: 'Opsummering', mode: 'manuel', skippable: false },
  ],
};

/** All automatic: completes at once unless its rule raises a (mandatory) undring on `facts.afvigelse`. */
const autoType: TaskTypeDefinition = {
  key: 'kontrol',
  name: 'Kontrol',
  data: z.object({ navn: z.string() }),
  dueDays: null,
  startableByHand: false,
  steps: [
    {
      key: 'kontroller',
      name: 'Kontrollér',
      mode: 'automatisk',
      skippable: false,
      queries: ({ facts }) =>
        facts['afvigelse'] === true
          ? [{ code: 'afvigelse', text: 'Oplysningerne afviger', mandatory: true }]
          : [],
      run: ({ facts }) => ({ sats: facts['sats'] }),
    },
    {
      key: 'registrer',
      name: 'Registrér',
      mode: 'automatisk',
      skippable: false,
      run: ({ data }) => ({ registreret: data['navn'] }),
    },
  ],
};

/** Every step after the first may be skipped, so it can be completed by hand. */
const optionalType: TaskTypeDefinition = {
  key: 'valgfri',
  name: 'Valgfri',
  data: z.record(z.string(), z.unknown()),
  dueDays: null,
  startableByHand: true,
  steps: [
    { key: 'forbered', name: 'Forbered', mode: 'automatisk', skippable: false, run: () => ({ klar: true }) },
    {
      key: 'noter',
      name: 'Noter',
      mode: 'manuel',
      skippable: true,
      input: z.object({ tekst: z.string().min(1) }).strict(),
    },
    { key: 'tjek', name: 'Tjek', mode: 'manuel', skippable: true },
  ],
};

const today = Temporal.PlainDate.from('2025-06-10');
const baseFacts = { graense: 1000, advarsel: false, sats: 2, afvigelse: false };
const baseData = { navn: 'Test', loft: 100_000 };

function env(change: Partial<Env> = {}): Env {
  return {
    data: baseData,
    facts: baseFacts,
    today,
    by: 'bruger:sb1@101',
    at: '2025-06-10T08:00:00Z',
    ...change,
  };
}
const withFacts = (change: Record<string, unknown>): Env => env({ facts: { ...baseFacts, ...change } });
const system = env({ by: 'system:test', at: '2025-06-10T02:00:00Z' });

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}
function refusal(result: Result<unknown>): DomainError {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}
const types = (transition: Transition) => transition.events.map((event) => event.type);
const statuses = (state: TaskState) => Object.fromEntries(state.steps.map((s) => [s.key, s.status]));
const stepOf = (state: TaskState, key: string) => state.steps.find((s) => s.key === key);
const queryOf = (state: TaskState, id: string) => state.queries.find((q) => q.id === id);

// States of the test type, reached the ordinary way.
const opened = (e: Env = env()) => value(openTask(testType, e)).state;
const atBemaerkning = (beloeb = 50, e: Env = env()) =>
  value(advance(testType, opened(e), 'angiv', { beloeb }, e)).state;
/** Skips the note; `beregn` runs (or stops on an undring). */
const pastBemaerkning = (beloeb = 50, e: Env = env()) =>
  value(skip(testType, atBemaerkning(beloeb, e), 'bemaerkning', e)).state;
const atOpsummering = (beloeb = 50) => pastBemaerkning(beloeb);
/** Stopped at `beregn` on the mandatory undring `beregn:hoejt-beloeb`. */
const withUndring = () => pastBemaerkning(5000);
const withAdvarsel = () => pastBemaerkning(50, withFacts({ advarsel: true }));
const closedAs = (closing: Closing) =>
  value(closeTask(testType, opened(), closing, 'Oprettet ved en fejl', env())).state;

describe('openTask', () => {
  it.each<[string, string]>([
    ['system:daglig-flytning', 'gennemført automatisk'],
    ['bruger:sb1@101', 'gennemført'],
  ])('an all-automatic type opened by %s completes at once (%s)', (by, reason) => {
    const opened = value(openTask(autoType, env({ by })));
    expect(opened.completed).toBe(true);
    expect(opened.state.status).toBe('afsluttet');
    expect(opened.state.closeReason).toBe(reason);
    expect(opened.state.steps).toEqual([
      { key: 'kontroller', status: 'gennemfoert', input: null, result: { sats: 2 }, by, at: env().at },
      {
        key: 'registrer',
        status: 'gennemfoert',
        input: null,
        result: { registreret: 'Test' },
        by,
        at: env().at,
      },
    ]);
    expect(types(opened)).toEqual([
      'opgave-oprettet',
      'trin-gennemfoert',
      'trin-gennemfoert',
      'opgave-afsluttet',
    ]);
    expect(opened.events.at(-1)?.data).toEqual({ reason });
    expect(currentStepKey(opened.state)).toBeNull();
  });

  it('a type runs its automatic steps and stops at its first manual step', () => {
    const opened = value(openTask(testType, system));
    expect(opened.completed).toBe(false);
    expect(opened.state.status).toBe('aaben');
    expect(statuses(opened.state)).toEqual({
      hent: 'gennemfoert',
      angiv: 'aktiv',
      bemaerkning: 'afventer',
      beregn: 'afventer',
      opsummering: 'afventer',
    });
    expect(stepOf(opened.state, 'hent')?.result).toEqual({ navn: 'Test', sats: 2 });
    expect(currentStepKey(opened.state)).toBe('angiv');
    expect(opened.events).toEqual([
      { type: 'opgave-oprettet', step: null, data: { data: baseData } },
      {
        type: 'trin-gennemfoert',
        step: 'hent',
        data: { automatic: true, result: { navn: 'Test', sats: 2 } },
      },
    ]);
  });

  it('an all-automatic type stops on the step where its rule raises an undring', () => {
    const opened = value(openTask(autoType, { ...system, facts: { ...baseFacts, afvigelse: true } }));
    expect(opened.state.status).toBe('aaben');
    expect(statuses(opened.state)).toEqual({ kontroller: 'aktiv', registrer: 'afventer' });
    expect(types(opened)).toEqual(['opgave-oprettet', 'undring-rejst']);
  });

  it.each<[string, unknown, string]>([
    ['a name of the wrong type', { navn: 1, loft: 10 }, 'data.navn'],
    ['a missing field', { loft: 10 }, 'data.navn'],
    ['a negative ceiling', { navn: 'x', loft: -1 }, 'data.loft'],
    ['a nested field', { navn: 'x', loft: 10, periode: { fra: 5 } }, 'data.periode.fra'],
  ])('invalid data (%s) is refused as ugyldigt-input in %s', (_name, data, field) => {
    const error = refusal(openTask(testType, env({ data: data as Record<string, unknown> })));
    expect(error).toMatchObject({ code: 'ugyldigt-input', field });
  });

  it('the task is opened with its data as parsed (unknown fields stripped)', () => {
    const opened = value(openTask(autoType, env({ data: { navn: 'x', ekstra: true } })));
    expect(opened.events[0]?.data).toEqual({ data: { navn: 'x' } });
  });
});

describe('advance ("Gå videre")', () => {
  it('completes a manual step with its input and stops at the next manual step', () => {
    const moved = value(advance(testType, opened(), 'angiv', { beloeb: 50 }, env()));
    expect(moved.completed).toBe(false);
    expect(stepOf(moved.state, 'angiv')).toEqual({
      key: 'angiv',
      status: 'gennemfoert',
      input: { beloeb: 50 },
      result: null,
      by: 'bruger:sb1@101',
      at: '2025-06-10T08:00:00Z',
    });
    expect(currentStepKey(moved.state)).toBe('bemaerkning');
    expect(moved.events).toEqual([
      { type: 'trin-gennemfoert', step: 'angiv', data: { input: { beloeb: 50 } } },
    ]);
  });

  it('runs the automatic steps that follow, with their results, and stops at the next manual one', () => {
    const moved = value(advance(testType, atBemaerkning(50), 'bemaerkning', { tekst: 'Set' }, env()));
    expect(types(moved)).toEqual(['trin-gennemfoert', 'trin-gennemfoert']);
    expect(moved.events[1]).toEqual({
      type: 'trin-gennemfoert',
      step: 'beregn',
      data: { automatic: true, result: { total: 100 } },
    });
    expect(stepOf(moved.state, 'beregn')?.result).toEqual({ total: 100 });
    expect(currentStepKey(moved.state)).toBe('opsummering');
  });

  it('completing the last step completes the task', () => {
    const done = value(advance(testType, atOpsummering(), 'opsummering', undefined, env()));
    expect(done.completed).toBe(true);
    expect(done.state.status).toBe('afsluttet');
    expect(done.state.closeReason).toBe('gennemført');
    expect(types(done)).toEqual(['trin-gennemfoert', 'opgave-afsluttet']);
    expect(done.state.steps.every((s) => s.status === 'gennemfoert' || s.status === 'sprunget-over')).toBe(
      true,
    );
  });

  it.each<[string, unknown]>([
    ['no input', undefined],
    ['null', null],
    ['an empty object', {}],
  ])('a step without a schema takes %s', (_name, raw) => {
    expect(advance(testType, atOpsummering(), 'opsummering', raw, env()).ok).toBe(true);
  });

  it('an automatic step that waited for an undring runs its rule with the input given', () => {
    const state = withAdvarsel();
    const dismissed = value(dismissQuery(state, 'beregn:advarsel', '', env())).state;
    const moved = value(advance(testType, dismissed, 'beregn', undefined, withFacts({ advarsel: true })));
    expect(stepOf(moved.state, 'beregn')).toMatchObject({ status: 'gennemfoert', result: { total: 100 } });
    expect(currentStepKey(moved.state)).toBe('opsummering');
  });

  it('going forward again records the earlier input as previous', () => {
    const back = value(goBack(testType, atBemaerkning(50), 'angiv', env())).state;
    const moved = value(advance(testType, back, 'angiv', { beloeb: 60 }, env()));
    expect(moved.events[0]?.data).toEqual({ input: { beloeb: 60 }, previous: { beloeb: 50 } });
  });
});

// Every refusal: the code, the field, and the state passed in is left exactly as it was.
describe('refusals change nothing', () => {
  it.each<[string, () => TaskState, (state: TaskState) => Result<Transition>, string, string | undefined]>([
    [
      'advance on a step that is not the current one',
      opened,
      (s) => advance(testType, s, 'opsummering', undefined, env()),
      'trin-ude-af-raekkefoelge',
      'step',
    ],
    [
      'advance on a completed step',
      atBemaerkning,
      (s) => advance(testType, s, 'angiv', { beloeb: 1 }, env()),
      'trin-ude-af-raekkefoelge',
      'step',
    ],
    [
      'advance on an unknown step',
      opened,
      (s) => advance(testType, s, 'findes-ikke', undefined, env()),
      'ukendt-trin',
      'step',
    ],
    [
      'input of the wrong type',
      opened,
      (s) => advance(testType, s, 'angiv', { beloeb: 'ti' }, env()),
      'ugyldigt-input',
      'input.beloeb',
    ],
    [
      'a negative amount',
      opened,
      (s) => advance(testType, s, 'angiv', { beloeb: -1 }, env()),
      'ugyldigt-input',
      'input.beloeb',
    ],
    [
      'a nested field of the wrong type',
      opened,
      (s) => advance(testType, s, 'angiv', { beloeb: 1, periode: { fra: 1 } }, env()),
      'ugyldigt-input',
      'input.periode.fra',
    ],
    [
      'no input to a step that needs it',
      opened,
      (s) => advance(testType, s, 'angiv', undefined, env()),
      'ugyldigt-input',
      'input.beloeb',
    ],
    [
      'an unknown field (strict schema)',
      opened,
      (s) => advance(testType, s, 'angiv', { beloeb: 1, ekstra: 2 }, env()),
      'ugyldigt-input',
      'input',
    ],
    [
      'input to a step without a schema',
      atOpsummering,
      (s) => advance(testType, s, 'opsummering', { godkendt: true }, env()),
      'ugyldigt-input',
      'input',
    ],
    [
      'a non-object input to a step without a schema',
      atOpsummering,
      (s) => advance(testType, s, 'opsummering', 'ja', env()),
      'ugyldigt-input',
      'input',
    ],
    [
      'a failing check with a field',
      opened,
      (s) => advance(testType, s, 'angiv', { beloeb: 200_000 }, env()),
      'ugyldigt-beloeb',
      'input.beloeb',
    ],
    [
      'a failing check without a field',
      opened,
      (s) => advance(testType, s, 'angiv', { beloeb: 13 }, env()),
      'konflikt',
      'input',
    ],
    [
      'advance while an undring is open on the step',
      withUndring,
      (s) => advance(testType, s, 'beregn', undefined, env()),
      'aaben-undring',
      'query',
    ],
    [
      'skip a never-skippable automatic step that waits on an undring',
      withUndring,
      (s) => skip(testType, s, 'beregn', env()),
      'trin-kan-ikke-springes-over',
      'step',
    ],
    [
      'advance on a closed task',
      () => closedAs('annuller'),
      (s) => advance(testType, s, 'angiv', { beloeb: 1 }, env()),
      'opgave-lukket',
      undefined,
    ],
    [
      'skip a never-skippable step',
      atOpsummering,
      (s) => skip(testType, s, 'opsummering', env()),
      'trin-kan-ikke-springes-over',
      'step',
    ],
    [
      'skip a step that is not the current one',
      opened,
      (s) => skip(testType, s, 'bemaerkning', env()),
      'trin-ude-af-raekkefoelge',
      'step',
    ],
    ['skip an unknown step', opened, (s) => skip(testType, s, 'nej', env()), 'ukendt-trin', 'step'],
    [
      'skip on a closed task',
      () => closedAs('afvis'),
      (s) => skip(testType, s, 'bemaerkning', env()),
      'opgave-lukket',
      undefined,
    ],
    [
      'go back to the current step',
      atBemaerkning,
      (s) => goBack(testType, s, 'bemaerkning', env()),
      'trin-ikke-gennemfoert',
      'step',
    ],
    [
      'go back to a step not reached',
      atBemaerkning,
      (s) => goBack(testType, s, 'opsummering', env()),
      'trin-ikke-gennemfoert',
      'step',
    ],
    [
      'go back to an unknown step',
      atBemaerkning,
      (s) => goBack(testType, s, 'x', env()),
      'ukendt-trin',
      'step',
    ],
    [
      'go back on a closed task',
      () => closedAs('afvis'),
      (s) => goBack(testType, s, 'hent', env()),
      'opgave-lukket',
      undefined,
    ],
    [
      'dismiss a mandatory undring',
      withUndring,
      (s) => dismissQuery(s, 'beregn:hoejt-beloeb', 'Ikke relevant', env()),
      'obligatorisk-undring',
      'query',
    ],
    [
      'resolve with an empty note',
      withUndring,
      (s) => resolveQuery(s, 'beregn:hoejt-beloeb', '', env()),
      'ugyldigt-input',
      'note',
    ],
    [
      'resolve with a blank note',
      withUndring,
      (s) => resolveQuery(s, 'beregn:hoejt-beloeb', '   ', env()),
      'ugyldigt-input',
      'note',
    ],
    [
      'resolve an unknown undring',
      withUndring,
      (s) => resolveQuery(s, 'beregn:findes-ikke', 'Set', env()),
      'ukendt-undring',
      'query',
    ],
    [
      'dismiss an unknown undring',
      withUndring,
      (s) => dismissQuery(s, 'nej', '', env()),
      'ukendt-undring',
      'query',
    ],
    [
      'resolve an undring already resolved',
      () => value(resolveQuery(withUndring(), 'beregn:hoejt-beloeb', 'Set', env())).state,
      (s) => resolveQuery(s, 'beregn:hoejt-beloeb', 'Igen', env()),
      'undring-lukket',
      'query',
    ],
    [
      'dismiss an undring already dismissed',
      () => value(dismissQuery(withAdvarsel(), 'beregn:advarsel', '', env())).state,
      (s) => dismissQuery(s, 'beregn:advarsel', '', env()),
      'undring-lukket',
      'query',
    ],
    [
      'resolve on a closed task',
      () => value(closeTask(testType, withUndring(), 'annuller', 'Fejl', env())).state,
      (s) => resolveQuery(s, 'beregn:hoejt-beloeb', 'Set', env()),
      'opgave-lukket',
      undefined,
    ],
    [
      'close without a reason',
      opened,
      (s) => closeTask(testType, s, 'afvis', '', env()),
      'ugyldigt-input',
      'reason',
    ],
    [
      'close with a blank reason',
      opened,
      (s) => closeTask(testType, s, 'annuller', '  ', env()),
      'ugyldigt-input',
      'reason',
    ],
    [
      'complete while a never-skippable step is not done',
      atOpsummering,
      (s) => closeTask(testType, s, 'afslut', 'Færdig', env()),
      'trin-mangler',
      'step',
    ],
    [
      'complete while a mandatory undring is open',
      withUndring,
      (s) => closeTask(testType, s, 'afslut', 'Færdig', env()),
      'obligatorisk-undring',
      'query',
    ],
    [
      'complete a skippable type while a mandatory undring is open',
      () => value(openTask(autoType, withFacts({ afvigelse: true }))).state,
      (s) => closeTask(autoType, s, 'afslut', 'Færdig', env()),
      'obligatorisk-undring',
      'query',
    ],
    [
      'close a closed task',
      () => closedAs('afvis'),
      (s) => closeTask(testType, s, 'annuller', 'Igen', env()),
      'opgave-lukket',
      undefined,
    ],
    [
      'restart a closed task',
      () => closedAs('annuller'),
      (s) => restartTask(testType, s, env()),
      'opgave-lukket',
      undefined,
    ],
  ])('%s', (_name, make, act, code, field) => {
    const state = make();
    const snapshot = structuredClone(state);
    const error = refusal(act(state));
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(state).toEqual(snapshot);
  });
});

describe('undringer', () => {
  it('a rule that fires raises an undring and stops the automatic step', () => {
    const moved = value(skip(testType, atBemaerkning(5000), 'bemaerkning', env()));
    expect(types(moved)).toEqual(['trin-sprunget-over', 'undring-rejst']);
    expect(moved.events[1]).toEqual({
      type: 'undring-rejst',
      step: 'beregn',
      data: {
        query: 'beregn:hoejt-beloeb',
        code: 'hoejt-beloeb',
        text: 'Beløbet er over grænsen',
        mandatory: true,
      },
    });
    expect(moved.state.queries).toEqual([
      {
        id: 'beregn:hoejt-beloeb',
        step: 'beregn',
        code: 'hoejt-beloeb',
        text: 'Beløbet er over grænsen',
        mandatory: true,
        status: 'aaben',
        note: null,
        by: null,
        at: env().at,
      },
    ]);
    expect(stepOf(moved.state, 'beregn')).toMatchObject({ status: 'aktiv', result: null });
    expect(currentStepKey(moved.state)).toBe('beregn');
  });

  it('a rule that does not fire raises nothing: the step runs on', () => {
    expect(atOpsummering(1000).queries).toEqual([]);
  });

  it('rules read the facts: the same input raises an undring only where the facts say so', () => {
    const state = pastBemaerkning(5000, withFacts({ graense: 10_000 }));
    expect(state.queries).toEqual([]);
    expect(currentStepKey(state)).toBe('opsummering');
  });

  it('both rules fire: two undringer on the step', () => {
    const state = pastBemaerkning(5000, withFacts({ advarsel: true }));
    expect(openQueries(state).map((q) => [q.id, q.mandatory])).toEqual([
      ['beregn:hoejt-beloeb', true],
      ['beregn:advarsel', false],
    ]);
  });

  it('resolving an undring records the note and who; then the step goes on with "Gå videre"', () => {
    const resolved = value(
      resolveQuery(withUndring(), 'beregn:hoejt-beloeb', '  Beløbet er korrekt ', env()),
    );
    expect(resolved.events).toEqual([
      {
        type: 'undring-loest',
        step: 'beregn',
        data: { query: 'beregn:hoejt-beloeb', note: 'Beløbet er korrekt' },
      },
    ]);
    expect(queryOf(resolved.state, 'beregn:hoejt-beloeb')).toMatchObject({
      status: 'loest',
      note: 'Beløbet er korrekt',
      by: 'bruger:sb1@101',
    });
    expect(currentStepKey(resolved.state)).toBe('beregn');
    const moved = value(advance(testType, resolved.state, 'beregn', undefined, env()));
    expect(stepOf(moved.state, 'beregn')).toMatchObject({ status: 'gennemfoert', result: { total: 10_000 } });
    expect(currentStepKey(moved.state)).toBe('opsummering');
  });

  it('a non-mandatory undring can be dismissed (afvist), with or without a note', () => {
    const dismissed = value(dismissQuery(withAdvarsel(), 'beregn:advarsel', '  ', env()));
    expect(queryOf(dismissed.state, 'beregn:advarsel')).toMatchObject({ status: 'afvist', note: null });
    expect(dismissed.events).toEqual([
      { type: 'undring-afvist', step: 'beregn', data: { query: 'beregn:advarsel', note: null } },
    ]);
    const noted = value(dismissQuery(withAdvarsel(), 'beregn:advarsel', 'Kendt', env()));
    expect(queryOf(noted.state, 'beregn:advarsel')?.note).toBe('Kendt');
  });

  it('a handled undring is not raised again, but its step falls out to the caseworker again', () => {
    const e = withFacts({ advarsel: true });
    const resolved = value(resolveQuery(pastBemaerkning(5000, e), 'beregn:hoejt-beloeb', 'Set', e)).state;
    const dismissed = value(dismissQuery(resolved, 'beregn:advarsel', '', e)).state;
    const back = value(goBack(testType, dismissed, 'angiv', e)).state;
    const again = value(advance(testType, back, 'angiv', { beloeb: 5000 }, e)).state;
    const moved = value(skip(testType, again, 'bemaerkning', e));
    expect(types(moved)).toEqual(['trin-sprunget-over']);
    expect(moved.state.queries.map((q) => [q.id, q.status])).toEqual([
      ['beregn:hoejt-beloeb', 'loest'],
      ['beregn:advarsel', 'afvist'],
    ]);
    expect(currentStepKey(moved.state)).toBe('beregn');
    const done = value(advance(testType, moved.state, 'beregn', undefined, e));
    expect(types(done)).toEqual(['trin-gennemfoert']);
    expect(currentStepKey(done.state)).toBe('opsummering');
  });

  it('an open undring the rule no longer raises lapses (bortfaldet) when the step is re-evaluated', () => {
    const back = value(goBack(testType, withUndring(), 'angiv', env())).state;
    expect(queryOf(back, 'beregn:hoejt-beloeb')?.status).toBe('aaben');
    const lower = value(advance(testType, back, 'angiv', { beloeb: 500 }, env())).state;
    const moved = value(skip(testType, lower, 'bemaerkning', env()));
    expect(types(moved)).toEqual(['trin-sprunget-over', 'undring-bortfaldet', 'trin-gennemfoert']);
    expect(queryOf(moved.state, 'beregn:hoejt-beloeb')).toMatchObject({ status: 'bortfaldet' });
    expect(openQueries(moved.state)).toEqual([]);
    expect(currentStepKey(moved.state)).toBe('opsummering');
  });

  it('an open undring the rule still raises stays open, once, when the step is re-evaluated', () => {
    const back = value(goBack(testType, withUndring(), 'angiv', env())).state;
    const same = value(advance(testType, back, 'angiv', { beloeb: 6000 }, env())).state;
    const moved = value(skip(testType, same, 'bemaerkning', env()));
    expect(types(moved)).toEqual(['trin-sprunget-over']);
    expect(moved.state.queries).toHaveLength(1);
    expect(currentStepKey(moved.state)).toBe('beregn');
  });

  it('a lapsed undring is raised anew when the rule fires again', () => {
    const back = value(goBack(testType, withUndring(), 'angiv', env())).state;
    const lower = value(
      skip(
        testType,
        value(advance(testType, back, 'angiv', { beloeb: 5 }, env())).state,
        'bemaerkning',
        env(),
      ),
    ).state;
    const back2 = value(goBack(testType, lower, 'angiv', env())).state;
    const higher = value(advance(testType, back2, 'angiv', { beloeb: 7000 }, env())).state;
    const moved = value(skip(testType, higher, 'bemaerkning', env()));
    expect(types(moved)).toEqual(['trin-sprunget-over', 'undring-rejst']);
    expect(moved.state.queries.map((q) => [q.id, q.status])).toEqual([['beregn:hoejt-beloeb', 'aaben']]);
  });
});

describe('skip', () => {
  it('a skippable step is skipped (sprunget-over) and the task runs on', () => {
    const moved = value(skip(testType, atBemaerkning(50), 'bemaerkning', env()));
    expect(stepOf(moved.state, 'bemaerkning')).toEqual({
      key: 'bemaerkning',
      status: 'sprunget-over',
      input: null,
      result: null,
      by: 'bruger:sb1@101',
      at: env().at,
    });
    expect(types(moved)).toEqual(['trin-sprunget-over', 'trin-gennemfoert']);
    expect(currentStepKey(moved.state)).toBe('opsummering');
  });

  it('skipping the last steps completes the task', () => {
    const state = value(openTask(optionalType, env())).state;
    const skipped = value(skip(optionalType, state, 'noter', env())).state;
    const done = value(skip(optionalType, skipped, 'tjek', env()));
    expect(done.completed).toBe(true);
    expect(done.state).toMatchObject({ status: 'afsluttet', closeReason: 'gennemført' });
  });
});

describe('goBack ("Gennemførte trin")', () => {
  it('reopens the step and marks every later completed step to be redone', () => {
    const back = value(goBack(testType, atOpsummering(), 'angiv', env({ by: 'bruger:sb2@101' })));
    expect(statuses(back.state)).toEqual({
      hent: 'gennemfoert',
      angiv: 'aktiv',
      bemaerkning: 'skal-gentages',
      beregn: 'skal-gentages',
      opsummering: 'afventer',
    });
    expect(back.events).toEqual([
      { type: 'trin-genaabnet', step: 'angiv', data: { redo: ['bemaerkning', 'beregn'] } },
    ]);
    expect(back.completed).toBe(false);
    expect(currentStepKey(back.state)).toBe('angiv');
    expect(stepOf(back.state, 'angiv')?.by).toBe('bruger:sb2@101');
  });

  it('keeps the earlier input on the reopened step and on the steps to redo', () => {
    const done = value(advance(testType, atBemaerkning(70), 'bemaerkning', { tekst: 'Note' }, env())).state;
    const back = value(goBack(testType, done, 'angiv', env())).state;
    expect(stepOf(back, 'angiv')?.input).toEqual({ beloeb: 70 });
    expect(stepOf(back, 'bemaerkning')?.input).toEqual({ tekst: 'Note' });
    const again = value(advance(testType, back, 'angiv', { beloeb: 80 }, env())).state;
    expect(stepOf(again, 'bemaerkning')).toMatchObject({ status: 'aktiv', input: { tekst: 'Note' } });
  });

  it('the step after the reopened one that was waiting waits no more (afventer)', () => {
    const back = value(goBack(testType, atBemaerkning(), 'angiv', env())).state;
    expect(statuses(back)).toMatchObject({ angiv: 'aktiv', bemaerkning: 'afventer' });
  });

  it('going back to an automatic step lets it be run again with "Gå videre"', () => {
    const back = value(goBack(testType, atOpsummering(), 'hent', env())).state;
    expect(currentStepKey(back)).toBe('hent');
    const moved = value(advance(testType, back, 'hent', undefined, withFacts({ sats: 3 })));
    expect(stepOf(moved.state, 'hent')?.result).toEqual({ navn: 'Test', sats: 3 });
    expect(currentStepKey(moved.state)).toBe('angiv');
    expect(stepOf(moved.state, 'angiv')?.input).toEqual({ beloeb: 50 });
  });

  it('going back to a skipped step reopens it', () => {
    const back = value(goBack(testType, atOpsummering(), 'bemaerkning', env())).state;
    expect(statuses(back)).toMatchObject({ bemaerkning: 'aktiv', beregn: 'skal-gentages' });
  });

  it('an input changed on the way back changes what the automatic steps compute', () => {
    const back = value(goBack(testType, atOpsummering(50), 'angiv', env())).state;
    const again = value(advance(testType, back, 'angiv', { beloeb: 60 }, env())).state;
    const moved = value(skip(testType, again, 'bemaerkning', env())).state;
    expect(stepOf(moved, 'beregn')?.result).toEqual({ total: 120 });
  });
});

describe('closeTask', () => {
  it.each<[Closing, string, string, boolean]>([
    ['afvis', 'afvist', 'opgave-afvist', false],
    ['annuller', 'annulleret', 'opgave-annulleret', false],
  ])('%s is always possible on an open task (status %s)', (closing, status, event, completed) => {
    for (const state of [opened(), atBemaerkning(), withUndring(), atOpsummering()]) {
      const closed = value(closeTask(testType, state, closing, '  Fejl  ', env()));
      expect(closed.state.status).toBe(status);
      expect(closed.state.closeReason).toBe('Fejl');
      expect(closed.state.steps).toEqual(state.steps);
      expect(closed.events).toEqual([{ type: event, step: null, data: { reason: 'Fejl' } }]);
      expect(closed.completed).toBe(completed);
      expect(currentStepKey(closed.state)).toBeNull();
    }
  });

  it('afslut completes a task whose remaining steps may all be skipped; they are recorded as skipped', () => {
    const state = value(openTask(optionalType, env())).state;
    const done = value(closeTask(optionalType, state, 'afslut', 'Intet at gøre', env()));
    expect(done.completed).toBe(true);
    expect(done.state).toMatchObject({ status: 'afsluttet', closeReason: 'Intet at gøre' });
    expect(statuses(done.state)).toEqual({
      forbered: 'gennemfoert',
      noter: 'sprunget-over',
      tjek: 'sprunget-over',
    });
    expect(done.events).toEqual([
      { type: 'opgave-afsluttet', step: null, data: { reason: 'Intet at gøre' } },
    ]);
  });

  it('afslut after resolving the mandatory undring still needs the never-skippable step done (trin-mangler)', () => {
    const state = value(openTask(autoType, withFacts({ afvigelse: true }))).state;
    const resolved = value(resolveQuery(state, 'kontroller:afvigelse', 'Set', env())).state;
    expect(refusal(closeTask(autoType, resolved, 'afslut', 'Færdig', env())).code).toBe('trin-mangler');
  });

  it.each<[Closing, TaskTypeDefinition, () => TaskState]>([
    ['afslut', optionalType, () => value(openTask(optionalType, env())).state],
    ['afvis', testType, withUndring],
    ['annuller', testType, atOpsummering],
  ])('a task closed once (%s) refuses every action with opgave-lukket', (closing, definition, make) => {
    const closed = value(closeTask(definition, make(), closing, 'Grund', env())).state;
    const actions: Result<Transition>[] = [
      ...closings.map((again) => closeTask(definition, closed, again, 'Igen', env())),
      advance(definition, closed, definition.steps[1]?.key ?? '', undefined, env()),
      skip(definition, closed, definition.steps[1]?.key ?? '', env()),
      goBack(definition, closed, definition.steps[0]?.key ?? '', env()),
      resolveQuery(closed, closed.queries[0]?.id ?? 'x', 'Set', env()),
      dismissQuery(closed, closed.queries[0]?.id ?? 'x', '', env()),
      restartTask(definition, closed, env()),
    ];
    for (const result of actions) expect(refusal(result).code).toBe('opgave-lukket');
  });
});

describe('restartTask', () => {
  it('clears what was entered and the undringer and re-evaluates from the start with the facts of now', () => {
    const done = value(advance(testType, atBemaerkning(5000), 'bemaerkning', { tekst: 'Note' }, env())).state;
    const resolved = value(resolveQuery(done, 'beregn:hoejt-beloeb', 'Set', env())).state;
    const restarted = value(
      restartTask(testType, resolved, { ...withFacts({ sats: 5 }), by: 'system:genstart' }),
    );
    expect(restarted.state.queries).toEqual([]);
    expect(restarted.state.steps.map((s) => s.input)).toEqual([null, null, null, null, null]);
    expect(statuses(restarted.state)).toEqual({
      hent: 'gennemfoert',
      angiv: 'aktiv',
      bemaerkning: 'afventer',
      beregn: 'afventer',
      opsummering: 'afventer',
    });
    expect(stepOf(restarted.state, 'hent')?.result).toEqual({ navn: 'Test', sats: 5 });
    expect(restarted.events[0]).toEqual({
      type: 'opgave-genstartet',
      step: null,
      data: { clearedInputs: ['angiv', 'bemaerkning'], queries: 1 },
    });
    expect(restarted.completed).toBe(false);
  });

  it('a task whose mandatory undring no longer fires runs through (gennemført automatisk efter genstart)', () => {
    const stuck = value(openTask(autoType, withFacts({ afvigelse: true }))).state;
    const restarted = value(
      restartTask(autoType, stuck, { ...withFacts({ afvigelse: false }), by: 'system:genstart' }),
    );
    expect(restarted.completed).toBe(true);
    expect(restarted.state).toMatchObject({
      status: 'afsluttet',
      closeReason: 'gennemført automatisk efter genstart',
      queries: [],
    });
    expect(types(restarted)).toEqual([
      'opgave-genstartet',
      'trin-gennemfoert',
      'trin-gennemfoert',
      'opgave-afsluttet',
    ]);
  });

  it.each<[string, (state: TaskState) => TaskState]>([
    ['open', (state) => state],
    ['resolved', (state) => value(resolveQuery(state, 'kontroller:afvigelse', 'Set', env())).state],
  ])('a task whose undring (%s) still fires stops again with it open', (_name, handle) => {
    const stuck = handle(value(openTask(autoType, withFacts({ afvigelse: true }))).state);
    const restarted = value(restartTask(autoType, stuck, withFacts({ afvigelse: true })));
    expect(restarted.completed).toBe(false);
    expect(restarted.state.status).toBe('aaben');
    expect(restarted.state.queries.map((q) => [q.id, q.status])).toEqual([['kontroller:afvigelse', 'aaben']]);
    expect(types(restarted)).toEqual(['opgave-genstartet', 'undring-rejst']);
    expect(currentStepKey(restarted.state)).toBe('kontroller');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties.

/** States compared without who and when. */
const normalised = (state: TaskState) => ({
  ...state,
  steps: state.steps.map((s) => ({ ...s, by: null, at: null })),
  queries: state.queries.map((q) => ({ ...q, by: null, at: null })),
});

/** How a caseworker goes through the test type: what to enter, whether to skip the note, how to treat undringer. */
interface Plan {
  readonly beloeb: number;
  readonly tekst: string | null;
  readonly dismissWarning: boolean;
}

/** One caseworker action where the task waits, following the plan. */
function act(state: TaskState, plan: Plan, e: Env): TaskState {
  const key = currentStepKey(state);
  if (key === null) throw new Error('the task does not wait');
  const query = openQueries(state).find((q) => q.step === key);
  if (query !== undefined) {
    return value(
      !query.mandatory && plan.dismissWarning
        ? dismissQuery(state, query.id, '', e)
        : resolveQuery(state, query.id, 'Set', e),
    ).state;
  }
  if (key === 'angiv') return value(advance(testType, state, key, { beloeb: plan.beloeb }, e)).state;
  if (key === 'bemaerkning') {
    return value(
      plan.tekst === null
        ? skip(testType, state, key, e)
        : advance(testType, state, key, { tekst: plan.tekst }, e),
    ).state;
  }
  return value(advance(testType, state, key, undefined, e)).state;
}

/** Acts until the task waits at `stop` (a manual step). */
function driveTo(start: TaskState, stop: string, plan: Plan, e: Env): TaskState {
  let state = start;
  for (let i = 0; i < 20; i++) {
    if (currentStepKey(state) === stop) return state;
    state = act(state, plan, e);
  }
  throw new Error(`never reached ${stop}`);
}

const anyPlan: fc.Arbitrary<Plan> = fc.record({
  // 13 is refused by the check.
  beloeb: fc.integer({ min: 0, max: 3000 }).filter((n) => n !== 13),
  tekst: fc.option(fc.constantFrom('Note', 'Set af sagsbehandler'), { nil: null }),
  dismissWarning: fc.boolean(),
});
const anyFacts = fc.record({
  graense: fc.constantFrom(500, 1000, 10_000),
  advarsel: fc.boolean(),
  sats: fc.integer({ min: 1, max: 5 }),
  afvigelse: fc.boolean(),
});

describe('properties: going back', () => {
  it('going back to any completed step and forward again with the same inputs reaches the same state', () => {
    fc.assert(
      fc.property(
        anyPlan,
        anyFacts,
        fc.constantFrom('angiv', 'bemaerkning', 'opsummering'),
        fc.nat(),
        (plan, facts, stop, pick) => {
          const first = env({ facts });
          const later = env({ facts, by: 'bruger:sb2@147', at: '2025-06-11T09:30:00Z' });
          const reached = driveTo(value(openTask(testType, first)).state, stop, plan, first);
          const done = reached.steps.filter(
            (s) => s.status === 'gennemfoert' || s.status === 'sprunget-over',
          );
          const target = done[pick % done.length];
          if (target === undefined) throw new Error('hent is always done');
          const back = value(goBack(testType, reached, target.key, later)).state;
          expect(currentStepKey(back)).toBe(target.key);
          const again = driveTo(back, stop, plan, later);
          expect(normalised(again)).toEqual(normalised(reached));
        },
      ),
      { numRuns: 300 },
    );
  });
});

// Random sequences of caseworker actions, valid and not, on each test type.
type Action =
  | { readonly kind: 'advance'; readonly step: string | null; readonly input: RawInput }
  | { readonly kind: 'goBack'; readonly step: string }
  | { readonly kind: 'skip'; readonly step: string | null }
  | { readonly kind: 'resolve' | 'dismiss'; readonly query: number | null; readonly note: string }
  | { readonly kind: 'close'; readonly closing: Closing; readonly reason: string }
  | { readonly kind: 'restart' };

/** Input valid for the step acted on (one of a few), or any of a pool of inputs, mostly wrong. */
type RawInput = { readonly valid: number } | { readonly raw: unknown };

const validInputs: Readonly<Record<string, readonly unknown[]>> = {
  angiv: [{ beloeb: 50 }, { beloeb: 700 }, { beloeb: 5000 }],
  bemaerkning: [{ tekst: 'Note' }],
  noter: [{ tekst: 'Note' }],
};

function anyAction(definition: TaskTypeDefinition): fc.Arbitrary<Action> {
  const keys = [...definition.steps.map((s) => s.key), 'ukendt'];
  const stepOrCurrent = fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom(...keys) },
  );
  const input = fc.oneof(
    { weight: 3, arbitrary: fc.nat().map((valid): RawInput => ({ valid })) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom<unknown>(
          undefined,
          {},
          { beloeb: 50 },
          { beloeb: 5000 },
          { beloeb: -1 },
          { beloeb: 13 },
          { beloeb: 200_000 },
          { tekst: 'hej' },
          { tekst: '' },
          { x: 1 },
          'tekst',
        )
        .map((raw): RawInput => ({ raw })),
    },
  );
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({ kind: fc.constant('advance' as const), step: stepOrCurrent, input }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('goBack' as const), step: fc.constantFrom(...keys) }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('skip' as const), step: stepOrCurrent }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constantFrom('resolve' as const, 'dismiss' as const),
        query: fc.option(fc.nat(), { nil: null }),
        note: fc.constantFrom('', 'Set'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('close' as const),
        closing: fc.constantFrom(...closings),
        reason: fc.constantFrom('', '', ' ', 'Grund'),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  );
}

function perform(
  definition: TaskTypeDefinition,
  state: TaskState,
  action: Action,
  e: Env,
): Result<Transition> {
  switch (action.kind) {
    case 'advance': {
      const key = action.step ?? currentStepKey(state) ?? 'ukendt';
      const valid = validInputs[key] ?? [undefined];
      const input = 'valid' in action.input ? valid[action.input.valid % valid.length] : action.input.raw;
      return advance(definition, state, key, input, e);
    }
    case 'goBack':
      return goBack(definition, state, action.step, e);
    case 'skip':
      return skip(definition, state, action.step ?? currentStepKey(state) ?? 'ukendt', e);
    case 'resolve':
    case 'dismiss': {
      const id =
        action.query === null
          ? (openQueries(state)[0]?.id ?? 'ukendt')
          : (state.queries[action.query % Math.max(1, state.queries.length)]?.id ?? 'ukendt');
      return action.kind === 'resolve'
        ? resolveQuery(state, id, action.note, e)
        : dismissQuery(state, id, action.note, e);
    }
    case 'close':
      return closeTask(definition, state, action.closing, action.reason, e);
    case 'restart':
      return restartTask(definition, state, e);
  }
}

const done = (status: string) => status === 'gennemfoert' || status === 'sprunget-over';

function expectInvariants(definition: TaskTypeDefinition, state: TaskState): void {
  expect(state.steps.map((s) => s.key)).toEqual(definition.steps.map((s) => s.key));
  expect(state.steps.filter((s) => s.status === 'aktiv').length).toBeLessThanOrEqual(1);
  expect(new Set(state.queries.map((q) => q.id)).size).toBe(state.queries.length);
  if (state.status === 'aaben') {
    const current = currentStepIndex(state);
    expect(current).not.toBe(-1);
    expect(state.steps[current]?.status).toBe('aktiv');
    expect(state.steps.slice(0, current).every((s) => done(s.status))).toBe(true);
    expect(
      state.steps.slice(current + 1).every((s) => s.status === 'afventer' || s.status === 'skal-gentages'),
    ).toBe(true);
    expect(state.closeReason).toBeNull();
    // An undring open on a step that is done would have been bypassed.
    for (const query of openQueries(state)) {
      expect(done(stepOf(state, query.step)?.status ?? 'afventer')).toBe(false);
    }
  } else {
    expect(state.closeReason).not.toBeNull();
    expect(currentStepKey(state)).toBeNull();
  }
  if (state.status === 'afsluttet') expect(state.steps.every((s) => done(s.status))).toBe(true);
}

describe('properties: random actions', () => {
  it.each<[string, TaskTypeDefinition]>([
    ['testopgave', testType],
    ['kontrol', autoType],
    ['valgfri', optionalType],
  ])('the invariants hold on %s', (_name, definition) => {
    fc.assert(
      fc.property(
        anyFacts,
        fc.array(fc.record({ action: anyAction(definition), facts: anyFacts }), {
          minLength: 5,
          maxLength: 40,
          size: 'max',
        }),
        (facts, steps) => {
          const opened = openTask(definition, env({ facts }));
          let state = value(opened).state;
          expectInvariants(definition, state);
          for (const { action, facts: now } of steps) {
            const before = state;
            const snapshot = structuredClone(state);
            const result = perform(definition, state, action, env({ facts: now }));
            expect(state).toEqual(snapshot);
            if (before.status !== 'aaben') {
              expect(refusal(result).code).toBe('opgave-lukket');
              continue;
            }
            if (!result.ok) continue;
            expect(result.value.events.length).toBeGreaterThan(0);
            expect(result.value.completed).toBe(result.value.state.status === 'afsluttet');
            state = result.value.state;
            expectInvariants(definition, state);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('initialState waits nowhere yet: every step afventer', () => {
    expect(initialState(testType).steps.every((s) => s.status === 'afventer')).toBe(true);
  });
});
