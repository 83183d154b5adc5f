import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { DomainError, MunicipalityCode, Result } from '../../kernel/index.ts';
import { decideNewTask, type TaskTypeDefinition } from '../../tasks/index.ts';
import {
  advance,
  closeTask,
  currentStepKey,
  dismissQuery,
  goBack,
  openQueries,
  openTask,
  resolveQuery,
  restartTask,
  skip,
  type Env,
  type TaskState,
} from '../../tasks/domain/engine.ts';
import type { ManualPeriod } from './acting-rule.ts';
import {
  decideManualTask,
  determineActingType,
  followUpTypes,
  moveTaskDefinition,
  moveTaskDefinitions,
  moveTaskTypeKeys,
  registerMoveOutType,
  type ManualActingFacts,
} from './task-types.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const code = (text: string) => text as MunicipalityCode;
const A = code('101');
const B = code('147');
const C = code('151');
const spouse = '2308601010';
const today = d('2025-06-10');

const system = { by: 'system:daglig-flytning', at: '2025-06-10T02:00:00Z', today };
const caseworker = { by: 'bruger:sb1@101', at: '2025-06-10T09:00:00Z', today };

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}
function refusal(result: Result<unknown>): DomainError {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}
const statuses = (state: TaskState) => Object.fromEntries(state.steps.map((s) => [s.key, s.status]));
const resultOf = (state: TaskState, key: string) => state.steps.find((s) => s.key === key)?.result;

describe('the move task types', () => {
  it('every key has a definition, and no more', () => {
    expect(moveTaskDefinitions.map((t) => t.key)).toEqual([...moveTaskTypeKeys]);
    for (const key of moveTaskTypeKeys) expect(moveTaskDefinition(key).key).toBe(key);
    expect(() => moveTaskDefinition('findes-ikke')).toThrow();
  });

  it.each(moveTaskDefinitions.map((t): [string, TaskTypeDefinition] => [t.key, t]))(
    '%s: step keys are unique and a manual type ends with the never-skippable Opsummering',
    (_key, type) => {
      const keys = type.steps.map((s) => s.key);
      expect(new Set(keys).size).toBe(keys.length);
      if (type.steps.some((s) => s.mode === 'manuel')) {
        expect(type.steps.at(-1)).toMatchObject({ key: 'opsummering', mode: 'manuel', skippable: false });
      }
    },
  );
});

describe('registrer-fraflytning', () => {
  const data = (dutyStays: boolean) => ({ to: B, moveDate: '2025-06-10', dutyStays });
  const open = (dutyStays: boolean, facts: Record<string, unknown>) =>
    value(openTask(registerMoveOutType, { ...system, data: data(dutyStays), facts }));
  const queryId = 'vurder-bopaelssamlingsabonnementer:bopaelssamlingsabonnementer';
  const env = (facts: Record<string, unknown> = { spouse }): Env => ({
    ...caseworker,
    data: data(true),
    facts,
  });
  /** Stopped on the mandatory undring for the spouse's subscriptions. */
  const stopped = () => open(true, { spouse }).state;
  const resolved = () => value(resolveQuery(stopped(), queryId, 'Ægtefællen bor der stadig', env())).state;

  it.each<[string, boolean, Record<string, unknown>]>([
    ['the duty passes, married', false, { spouse }],
    ['the duty passes, unmarried', false, { spouse: null }],
    ['the duty stays, unmarried', true, { spouse: null }],
    ['the duty stays, no facts', true, {}],
    ['the duty passes, no facts', false, {}],
  ])('completes by itself when %s', (_name, dutyStays, facts) => {
    const opened = open(dutyStays, facts);
    expect(opened.completed).toBe(true);
    expect(opened.state).toMatchObject({
      status: 'afsluttet',
      closeReason: 'gennemført automatisk',
      queries: [],
    });
    expect(resultOf(opened.state, 'effektuer-flytning')).toEqual({ to: B, moveDate: '2025-06-10' });
    expect(resultOf(opened.state, 'vurder-bopaelssamlingsabonnementer')).toEqual({
      beslutning: 'ingen-aendring',
    });
  });

  it('stops with a mandatory undring on the spouse subscriptions when the duty stays and there is a spouse', () => {
    const opened = open(true, { spouse });
    expect(opened.completed).toBe(false);
    expect(opened.state.status).toBe('aaben');
    expect(statuses(opened.state)).toEqual({
      'effektuer-flytning': 'gennemfoert',
      'vurder-bopaelssamlingsabonnementer': 'aktiv',
    });
    expect(openQueries(opened.state)).toEqual([
      expect.objectContaining({ id: queryId, code: 'bopaelssamlingsabonnementer', mandatory: true }),
    ]);
    expect(openQueries(opened.state)[0]?.text).toContain(spouse);
    expect(opened.events.map((e) => e.type)).toEqual([
      'opgave-oprettet',
      'trin-gennemfoert',
      'undring-rejst',
    ]);
  });

  it('the undring cannot be dismissed, nor the step passed or the task completed while it is open', () => {
    expect(refusal(dismissQuery(stopped(), queryId, 'Ikke relevant', env())).code).toBe(
      'obligatorisk-undring',
    );
    expect(
      refusal(
        advance(
          registerMoveOutType,
          stopped(),
          'vurder-bopaelssamlingsabonnementer',
          { beslutning: 'ophaev' },
          env(),
        ),
      ).code,
    ).toBe('aaben-undring');
    expect(refusal(closeTask(registerMoveOutType, stopped(), 'afslut', 'Færdig', env())).code).toBe(
      'obligatorisk-undring',
    );
    expect(
      refusal(skip(registerMoveOutType, stopped(), 'vurder-bopaelssamlingsabonnementer', env())).code,
    ).toBe('trin-kan-ikke-springes-over');
  });

  it.each(['ophaev', 'behold'])(
    'after resolving it, advancing with beslutning %s completes with that result',
    (beslutning) => {
      const done = value(
        advance(
          registerMoveOutType,
          resolved(),
          'vurder-bopaelssamlingsabonnementer',
          { beslutning, notat: ' Set ' },
          env(),
        ),
      );
      expect(done.completed).toBe(true);
      expect(done.state).toMatchObject({ status: 'afsluttet', closeReason: 'gennemført' });
      expect(resultOf(done.state, 'vurder-bopaelssamlingsabonnementer')).toEqual({ beslutning });
      expect(done.state.steps[1]?.input).toEqual({ beslutning, notat: 'Set' });
      expect(done.events.map((e) => e.type)).toEqual(['trin-gennemfoert', 'opgave-afsluttet']);
    },
  );

  it.each<[string, unknown, string]>([
    ['an unknown beslutning', { beslutning: 'slet' }, 'input.beslutning'],
    ['no beslutning', {}, 'input.beslutning'],
    ['no input at all', undefined, 'input.beslutning'],
    ['a beslutning of the wrong type', { beslutning: true }, 'input.beslutning'],
    ['an unknown field', { beslutning: 'ophaev', ekstra: 1 }, 'input'],
  ])('%s is refused as ugyldigt-input and changes nothing', (_name, input, field) => {
    const state = resolved();
    const snapshot = structuredClone(state);
    const error = refusal(
      advance(registerMoveOutType, state, 'vurder-bopaelssamlingsabonnementer', input, env()),
    );
    expect(error).toMatchObject({ code: 'ugyldigt-input', field });
    expect(state).toEqual(snapshot);
  });

  it('restarted when the spouse is gone, it runs through by itself', () => {
    const restarted = value(
      restartTask(registerMoveOutType, stopped(), { ...system, data: data(true), facts: {} }),
    );
    expect(restarted.completed).toBe(true);
    expect(restarted.state).toMatchObject({
      status: 'afsluttet',
      closeReason: 'gennemført automatisk efter genstart',
      queries: [],
    });
  });

  it('restarted while there is still a spouse, it stops again on the undring', () => {
    const restarted = value(
      restartTask(registerMoveOutType, resolved(), { ...system, data: data(true), facts: { spouse } }),
    );
    expect(restarted.state.status).toBe('aaben');
    expect(openQueries(restarted.state).map((q) => q.id)).toEqual([queryId]);
  });

  it('goes through decideNewTask with its due date 14 days on', () => {
    const created = value(
      decideNewTask(
        registerMoveOutType,
        { type: 'registrer-fraflytning', municipality: A, data: data(true), facts: { spouse } },
        system,
      ),
    );
    expect(created).toMatchObject({
      type: 'registrer-fraflytning',
      municipality: A,
      caseId: null,
      dueOn: '2025-06-24',
    });
    expect(created.state.status).toBe('aaben');
  });

  // The step that its undring stopped falls out to the caseworker again after going back: the
  // subscriptions are never decided without them.
  it('going back after resolving the undring does not decide the subscriptions without the caseworker', () => {
    const back = value(goBack(registerMoveOutType, resolved(), 'effektuer-flytning', env()));
    const again = value(advance(registerMoveOutType, back.state, 'effektuer-flytning', undefined, env()));
    expect(again.completed).toBe(false);
    expect(currentStepKey(again.state)).toBe('vurder-bopaelssamlingsabonnementer');
  });
});

describe('the follow-ups', () => {
  const firstInput = (type: TaskTypeDefinition): Record<string, unknown> =>
    type.key === 'opfoelgning-oekonomiske-udestaaender'
      ? { afregnet: true, notat: ' Afregnet ' }
      : { notat: ' Set ' };
  const data = { manualPeriod: 'm1', municipality: A, moveDate: '2025-06-10' };
  const env: Env = { ...caseworker, data, facts: {} };
  const created = (type: TaskTypeDefinition) =>
    value(decideNewTask(type, { type: type.key, municipality: B, data }, system));

  it.each(followUpTypes.map((t): [string, TaskTypeDefinition] => [t.key, t]))(
    '%s waits at its first manual step, due 14 days on, then at Opsummering, and completes',
    (_key, type) => {
      const task = created(type);
      const first = type.steps[0]?.key ?? '';
      expect(task.dueOn).toBe('2025-06-24');
      expect(task.data).toEqual(data);
      expect(task.state.status).toBe('aaben');
      expect(currentStepKey(task.state)).toBe(first);
      expect(type.steps.map((s) => s.key)).toEqual([first, 'opsummering']);

      const moved = value(advance(type, task.state, first, firstInput(type), env));
      expect(moved.state.steps[0]?.input).toEqual(
        type.key === 'opfoelgning-oekonomiske-udestaaender'
          ? { afregnet: true, notat: 'Afregnet' }
          : { notat: 'Set' },
      );
      expect(currentStepKey(moved.state)).toBe('opsummering');

      expect(refusal(skip(type, moved.state, 'opsummering', env)).code).toBe('trin-kan-ikke-springes-over');
      expect(refusal(closeTask(type, moved.state, 'afslut', 'Færdig', env)).code).toBe('trin-mangler');

      const done = value(advance(type, moved.state, 'opsummering', undefined, env));
      expect(done.completed).toBe(true);
      expect(done.state).toMatchObject({ status: 'afsluttet', closeReason: 'gennemført' });
    },
  );

  it.each(
    followUpTypes.flatMap((type): [string, TaskTypeDefinition, unknown, string][] => {
      const base = firstInput(type);
      return [
        [type.key, type, { ...base, notat: '' }, 'input.notat'],
        [type.key, type, { ...base, notat: '   ' }, 'input.notat'],
        [type.key, type, { ...base, notat: undefined }, 'input.notat'],
        [type.key, type, { ...base, ekstra: 1 }, 'input'],
        [
          type.key,
          type,
          undefined,
          type.key === 'opfoelgning-oekonomiske-udestaaender' ? 'input.afregnet' : 'input.notat',
        ],
      ];
    }),
  )('%s refuses %o at its first step (%s)', (_key, type, input, field) => {
    const state = created(type).state;
    const error = refusal(advance(type, state, type.steps[0]?.key ?? '', input, env));
    expect(error).toMatchObject({ code: 'ugyldigt-input', field });
  });

  it.each<[unknown, string]>([
    [{ notat: 'Set' }, 'input.afregnet'],
    [{ afregnet: 'ja', notat: 'Set' }, 'input.afregnet'],
  ])('opfoelgning-oekonomiske-udestaaender needs afregnet as a boolean: %o', (input, field) => {
    const type = moveTaskDefinition('opfoelgning-oekonomiske-udestaaender');
    const error = refusal(advance(type, created(type).state, 'opgoer-udestaaender', input, env));
    expect(error).toMatchObject({ code: 'ugyldigt-input', field });
  });

  it.each([false, true])('opfoelgning-oekonomiske-udestaaender takes afregnet %s', (afregnet) => {
    const type = moveTaskDefinition('opfoelgning-oekonomiske-udestaaender');
    const moved = value(
      advance(type, created(type).state, 'opgoer-udestaaender', { afregnet, notat: 'Set' }, env),
    );
    expect(moved.state.steps[0]?.input).toEqual({ afregnet, notat: 'Set' });
  });
});

describe('bestem-handlekommune-manuelt', () => {
  const nextRun = d('2025-06-11');
  const facts = (change: Partial<ManualActingFacts> = {}): ManualActingFacts => ({
    actorMunicipality: A,
    currentActing: A,
    open: undefined,
    nextRun,
    ...change,
  });
  const env = (change: Partial<ManualActingFacts> = {}): Env => ({
    ...caseworker,
    data: {},
    facts: { ...facts(change) },
  });
  const opened = () => value(openTask(determineActingType, env())).state;
  const create = { action: 'opret', municipality: C, from: '2025-07-01', reason: 'ophold-institution' };
  const period: ManualPeriod = {
    id: 'm1',
    municipality: C,
    from: d('2025-07-01'),
    to: null,
    reason: 'midlertidigt-ophold',
    registeredBy: A,
    started: false,
    ended: false,
  };

  it('waits at angiv-handlekommune; a valid registration moves on to Opsummering and completes there', () => {
    const state = opened();
    expect(currentStepKey(state)).toBe('angiv-handlekommune');
    const moved = value(advance(determineActingType, state, 'angiv-handlekommune', create, env()));
    expect(moved.state.steps[0]?.input).toEqual(create);
    expect(currentStepKey(moved.state)).toBe('opsummering');
    expect(refusal(skip(determineActingType, moved.state, 'opsummering', env())).code).toBe(
      'trin-kan-ikke-springes-over',
    );
    const done = value(advance(determineActingType, moved.state, 'opsummering', undefined, env()));
    expect(done.completed).toBe(true);
  });

  it('has no due date', () => {
    const created = value(
      decideNewTask(
        determineActingType,
        { type: determineActingType.key, municipality: A, data: {}, facts: { ...facts() } },
        caseworker,
      ),
    );
    expect(created.dueOn).toBeNull();
  });

  it.each<[string, Partial<ManualActingFacts>, Record<string, unknown>, string, string]>([
    [
      'an agreement without the consent',
      {},
      { ...create, reason: 'aftale-med-samtykke', agreement: true, consent: false },
      'samtykke-mangler',
      'input.consent',
    ],
    [
      'an agreement without the other municipality',
      {},
      { ...create, reason: 'aftale-med-samtykke', consent: true },
      'samtykke-mangler',
      'input.agreement',
    ],
    ['a municipality that does not act', { actorMunicipality: B }, create, 'ikke-handlekommune', 'input'],
    ['nobody acts', { currentActing: null }, create, 'ikke-handlekommune', 'input'],
    [
      'an unknown municipality',
      {},
      { ...create, municipality: '999' },
      'ukendt-kommune',
      'input.municipality',
    ],
    ['no first day', {}, { ...create, from: undefined }, 'ugyldig-dato', 'input.from'],
    ['an end before the start', {}, { ...create, to: '2025-06-30' }, 'ugyldig-periode', 'input.to'],
    ['an unknown reason', {}, { ...create, reason: 'lyst' }, 'ugyldigt-input', 'input.reason'],
    ['a second period', { open: period }, create, 'manuel-periode-findes', 'input.action'],
    [
      'an edit without a period',
      {},
      { action: 'rediger', to: '2025-12-31' },
      'ingen-manuel-periode',
      'input.action',
    ],
    ['an unknown action (schema)', {}, { ...create, action: 'slet' }, 'ugyldigt-input', 'input.action'],
    ['an unknown field (schema)', {}, { ...create, ekstra: 1 }, 'ugyldigt-input', 'input'],
  ])('the check refuses %s with the code of decideManualAction', (_name, change, input, errorCode, field) => {
    const state = opened();
    const snapshot = structuredClone(state);
    const error = refusal(advance(determineActingType, state, 'angiv-handlekommune', input, env(change)));
    expect(error).toMatchObject({ code: errorCode, field });
    expect(state).toEqual(snapshot);
  });

  it('the check gives the same verdict as decideManualTask for any action', () => {
    fc.assert(
      fc.property(
        fc.record({
          action: fc.constantFrom('opret', 'rediger', 'stands', 'fortryd'),
          municipality: fc.constantFrom(A, B, C, '999'),
          from: fc.constantFrom('2025-06-01', '2025-07-01', 'x'),
          to: fc.constantFrom(null, '2025-06-20', '2025-12-31'),
          reason: fc.constantFrom('ophold-institution', 'aftale-med-samtykke'),
          agreement: fc.boolean(),
          consent: fc.boolean(),
        }),
        fc.constantFrom(A, B),
        fc.boolean(),
        (input, actor, withOpen) => {
          const change = { actorMunicipality: actor, open: withOpen ? period : undefined };
          const decided = decideManualTask(input, { facts: { ...facts(change) } });
          const advanced = advance(determineActingType, opened(), 'angiv-handlekommune', input, env(change));
          expect(advanced.ok).toBe(decided.ok);
          if (!decided.ok && !advanced.ok) {
            expect(advanced.error.code).toBe(decided.error.code);
            expect(advanced.error.field).toBe(
              decided.error.field === undefined ? 'input' : `input.${decided.error.field}`,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
