import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { MunicipalityCode } from '../../kernel/index.ts';
import type { ManualPeriod } from './acting-rule.ts';
import {
  decideManualAction,
  type ManualActionInput,
  type ManualActionState,
  type ManualDecision,
} from './decide-manual-action.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const code = (text: string) => text as MunicipalityCode;
const A = code('101');
const B = code('147');
const C = code('151');

/** Caseworker of 101, which acts; the next 04:00 run is on 6 May 2025 (it is 5 May after 04:00). */
const state: ManualActionState = {
  actorMunicipality: A,
  currentActing: A,
  open: undefined,
  nextRun: d('2025-05-06'),
};

const create: ManualActionInput = {
  action: 'opret',
  municipality: '151',
  from: '2025-06-01',
  to: null,
  reason: 'ophold-institution',
};

const open = (change: Partial<ManualPeriod> = {}): ManualPeriod => ({
  id: 'm1',
  municipality: C,
  from: d('2025-06-01'),
  to: d('2025-12-31'),
  reason: 'midlertidigt-ophold',
  registeredBy: A,
  started: false,
  ended: false,
  ...change,
});
const withOpen = (change: Partial<ManualPeriod> = {}): ManualActionState => ({
  ...state,
  open: open(change),
});

function decided(result: ReturnType<typeof decideManualAction>): ManualDecision {
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}

describe('Bestem handlekommune manuelt: refusals', () => {
  it.each<[string, ManualActionState, ManualActionInput, string, string | undefined]>([
    ['an unknown action', state, { action: 'slet' }, 'ugyldigt-input', 'action'],
    [
      'a municipality that does not act',
      { ...state, actorMunicipality: B },
      create,
      'ikke-handlekommune',
      undefined,
    ],
    [
      'the system, which is no municipality',
      { ...state, actorMunicipality: null },
      create,
      'ikke-handlekommune',
      undefined,
    ],
    [
      'anyone while nobody acts (abroad)',
      { ...state, currentActing: null },
      create,
      'ikke-handlekommune',
      undefined,
    ],
    [
      'an agreement without the other municipality agreeing',
      state,
      { ...create, reason: 'aftale-med-samtykke', consent: true },
      'samtykke-mangler',
      'agreement',
    ],
    [
      "an agreement without the citizen's consent",
      state,
      { ...create, reason: 'aftale-med-samtykke', agreement: true },
      'samtykke-mangler',
      'consent',
    ],
    [
      'an agreement with neither',
      state,
      { ...create, reason: 'aftale-med-samtykke', agreement: false, consent: false },
      'samtykke-mangler',
      'agreement',
    ],
    ['a period ending before it begins', state, { ...create, to: '2025-05-31' }, 'ugyldig-periode', 'to'],
    ['a second period while one is open', withOpen(), create, 'manuel-periode-findes', 'action'],
    [
      'editing without an open period',
      state,
      { action: 'rediger', to: '2025-07-01' },
      'ingen-manuel-periode',
      'action',
    ],
    [
      'stopping without an open period',
      state,
      { action: 'stands', to: '2025-07-01' },
      'ingen-manuel-periode',
      'action',
    ],
    ['undoing without an open period', state, { action: 'fortryd' }, 'ingen-manuel-periode', 'action'],
    [
      'undoing after the duty has passed to the chosen municipality',
      { ...withOpen({ started: true }), actorMunicipality: C, currentActing: C },
      { action: 'fortryd' },
      'allerede-overdraget',
      undefined,
    ],
    ['an unknown reason', state, { ...create, reason: 'flytning' }, 'ugyldigt-input', 'reason'],
    ['no reason', state, { ...create, reason: undefined }, 'ugyldigt-input', 'reason'],
    ['an unknown municipality', state, { ...create, municipality: '999' }, 'ukendt-kommune', 'municipality'],
    ['Christiansø', state, { ...create, municipality: '411' }, 'ukendt-kommune', 'municipality'],
    ['no municipality', state, { ...create, municipality: undefined }, 'ukendt-kommune', 'municipality'],
    ['a start date that does not exist', state, { ...create, from: '2025-02-30' }, 'ugyldig-dato', 'from'],
    ['no start date', state, { ...create, from: undefined }, 'ugyldig-dato', 'from'],
    ['an end date in another spelling', state, { ...create, to: '01-07-2025' }, 'ugyldig-dato', 'to'],
    [
      'an edit to an unknown municipality',
      withOpen(),
      { action: 'rediger', municipality: '1234' },
      'ukendt-kommune',
      'municipality',
    ],
    [
      'an edit to an unknown reason',
      withOpen(),
      { action: 'rediger', reason: 'ferie' },
      'ugyldigt-input',
      'reason',
    ],
    [
      'an edit ending before the start',
      withOpen(),
      { action: 'rediger', to: '2025-05-01' },
      'ugyldig-periode',
      'to',
    ],
    [
      'an edit to an agreement without consent',
      withOpen(),
      { action: 'rediger', reason: 'aftale-med-samtykke', agreement: true },
      'samtykke-mangler',
      'consent',
    ],
    ['a stop without an end date', withOpen(), { action: 'stands' }, 'ugyldig-dato', 'to'],
    [
      'a stop that would lengthen the period',
      withOpen(),
      { action: 'stands', to: '2026-01-01' },
      'ugyldig-periode',
      'to',
    ],
    [
      'a stop before the next run (it cannot be back-dated)',
      withOpen({ from: d('2025-01-01'), started: true }),
      { action: 'stands', to: '2025-05-04' },
      'ugyldig-periode',
      'to',
    ],
  ])('refuses %s', (_name, given, input, errorCode, field) => {
    const result = decideManualAction(given, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(errorCode);
    expect(result.error.field).toBe(field);
    expect(result.error.message.length).toBeGreaterThan(5);
  });
});

describe('Bestem handlekommune manuelt: opret', () => {
  it('registers a coming period to take effect on its own first day', () => {
    const decision = decided(decideManualAction(state, create));
    expect(decision).toMatchObject({
      kind: 'opret',
      period: { municipality: C, to: null, reason: 'ophold-institution', agreement: false, consent: false },
      financing: null,
      event: 'manuel-handlekommune-registreret',
    });
    expect(decision.review.toString()).toBe('2025-06-01');
  });

  it('a period from the next run date takes effect then, with no financing period', () => {
    const decision = decided(decideManualAction(state, { ...create, from: '2025-05-06' }));
    expect(decision.review.toString()).toBe('2025-05-06');
    expect(decision.kind === 'opret' && decision.financing).toBeNull();
  });

  it('accepts an agreement with both the agreement and the consent', () => {
    const decision = decided(
      decideManualAction(state, { ...create, reason: 'aftale-med-samtykke', agreement: true, consent: true }),
    );
    expect(decision.kind === 'opret' && decision.period).toMatchObject({ agreement: true, consent: true });
  });

  it('may keep the duty with the registering municipality itself', () => {
    const decision = decided(decideManualAction(state, { ...create, municipality: '0101' }));
    expect(decision.kind === 'opret' && decision.period.municipality).toBe(A);
  });

  it.each<[string, string, string | null, [string, string]]>([
    [
      'open-ended: the financing runs to the day before the next run',
      '2025-04-01',
      null,
      ['2025-04-01', '2025-05-05'],
    ],
    [
      'ending after the next run: clipped to the day before it',
      '2025-04-01',
      '2025-09-30',
      ['2025-04-01', '2025-05-05'],
    ],
    [
      'ending in the past: the financing is the whole period',
      '2025-04-01',
      '2025-04-20',
      ['2025-04-01', '2025-04-20'],
    ],
    ['ending the day before the next run', '2025-04-01', '2025-05-05', ['2025-04-01', '2025-05-05']],
    [
      'starting today, after today’s run: today is financed',
      '2025-05-05',
      null,
      ['2025-05-05', '2025-05-05'],
    ],
  ])('a back-dated period %s, and takes effect at the next run', (_name, from, to, financing) => {
    const decision = decided(decideManualAction(state, { ...create, from, to }));
    if (decision.kind !== 'opret') throw new Error('opret expected');
    expect(
      decision.financing && [decision.financing.from.toString(), decision.financing.to.toString()],
    ).toEqual(financing);
    expect(decision.review.toString()).toBe('2025-05-06');
  });

  it('the review date is the next run, or the start when that is later; back-dating finances exactly the past part', () => {
    const anyDay = fc.integer({ min: -60, max: 60 }).map((days) => state.nextRun.add({ days }));
    fc.assert(
      fc.property(anyDay, fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }), (from, length) => {
        const to = length === null ? null : from.add({ days: length });
        const decision = decided(
          decideManualAction(state, { ...create, from: from.toString(), to: to?.toString() ?? null }),
        );
        if (decision.kind !== 'opret') throw new Error('opret expected');
        const startsLater = Temporal.PlainDate.compare(from, state.nextRun) > 0;
        expect(decision.review.equals(startsLater ? from : state.nextRun)).toBe(true);
        if (Temporal.PlainDate.compare(from, state.nextRun) >= 0) {
          expect(decision.financing).toBeNull();
        } else {
          const lastPast = state.nextRun.subtract({ days: 1 });
          const end = to !== null && Temporal.PlainDate.compare(to, lastPast) < 0 ? to : lastPast;
          expect(decision.financing?.from.equals(from)).toBe(true);
          expect(decision.financing?.to.equals(end)).toBe(true);
        }
      }),
    );
  });
});

describe('Bestem handlekommune manuelt: rediger, stands, fortryd', () => {
  it('an edit keeps the fields not given and takes effect at the next run', () => {
    const decision = decided(decideManualAction(withOpen(), { action: 'rediger', to: '2025-09-30' }));
    expect(decision).toMatchObject({ kind: 'rediger', id: 'm1', event: 'manuel-handlekommune-aendret' });
    if (decision.kind !== 'rediger') throw new Error('rediger expected');
    expect(decision.period).toMatchObject({ municipality: C, reason: 'midlertidigt-ophold' });
    expect(decision.period.from.toString()).toBe('2025-06-01');
    expect(decision.period.to?.toString()).toBe('2025-09-30');
    expect(decision.review.toString()).toBe('2025-05-06');
  });

  it('an edit may make the period open-ended or lengthen it', () => {
    const decision = decided(decideManualAction(withOpen(), { action: 'rediger', to: null }));
    expect(decision.kind === 'rediger' && decision.period.to).toBeNull();
  });

  it.each<[string, Partial<ManualPeriod>, string, string]>([
    [
      'shortens a coming period; the run looks again the day after the new end',
      {},
      '2025-07-31',
      '2025-08-01',
    ],
    ['may keep the same end', {}, '2025-12-31', '2026-01-01'],
    [
      'stops a running period at the earliest the day before the next run',
      { from: d('2025-01-01'), started: true },
      '2025-05-05',
      '2025-05-06',
    ],
    [
      'stops an open-ended running period',
      { from: d('2025-01-01'), to: null, started: true },
      '2025-08-31',
      '2025-09-01',
    ],
  ])('a stop %s', (_name, change, to, review) => {
    const decision = decided(decideManualAction(withOpen(change), { action: 'stands', to }));
    expect(decision).toMatchObject({ kind: 'stands', id: 'm1', event: 'manuel-handlekommune-standset' });
    if (decision.kind !== 'stands') throw new Error('stands expected');
    expect(decision.period.to?.toString()).toBe(to);
    expect(decision.review.toString()).toBe(review);
  });

  it('a stop can never lengthen the period', () => {
    const anyEnd = fc.integer({ min: 0, max: 400 }).map((days) => d('2025-06-01').add({ days }));
    fc.assert(
      fc.property(anyEnd, anyEnd, (end, stop) => {
        const result = decideManualAction(withOpen({ to: end }), { action: 'stands', to: stop.toString() });
        if (Temporal.PlainDate.compare(stop, end) > 0) {
          expect(!result.ok && result.error.code).toBe('ugyldig-periode');
        } else {
          expect(result.ok).toBe(true);
          if (result.ok && result.value.kind === 'stands') {
            expect(Temporal.PlainDate.compare(result.value.period.to!, end)).toBeLessThanOrEqual(0);
          }
        }
      }),
    );
  });

  it.each<[string, Partial<ManualPeriod>]>([
    ['a hand-over that has not taken effect yet', { started: false }],
    [
      'a started period that keeps the duty with the registering municipality',
      { started: true, municipality: A },
    ],
  ])('undoes %s at the next run', (_name, change) => {
    const decision = decided(decideManualAction(withOpen(change), { action: 'fortryd' }));
    expect(decision).toMatchObject({ kind: 'fortryd', id: 'm1', event: 'manuel-handlekommune-fortrudt' });
    expect(decision.review.toString()).toBe('2025-05-06');
  });
});
