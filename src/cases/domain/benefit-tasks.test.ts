import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../kernel/index.ts';
import type { StepContext } from '../../tasks/index.ts';
import { advance, closeTask, currentStepKey, openTask, skip, type Env } from '../../tasks/domain/engine.ts';
import {
  benefitFor,
  benefitTaskSteps,
  benefitTaskType,
  checkFacts,
  computeFirstMonths,
  endGrantTaskType,
  type BenefitTaskFacts,
  type Proposal,
} from './benefit-tasks.ts';
import { benefitFamilies, type BenefitFamily } from './lifecycle.ts';

const today = Temporal.PlainDate.from('2025-03-10');

/** Facts as the shell loads them: 10.000 kr. a month (supplements add 1.000 kr.), or a missing rate. */
function facts(
  options: { missingFrom?: string; taxCard?: boolean } = {},
): BenefitTaskFacts & { seen: Proposal[] } {
  const seen: Proposal[] = [];
  return {
    seen,
    amountOf: (_grant, month, proposal) => {
      seen.push(proposal);
      if (options.missingFrom !== undefined && month.toString() >= options.missingFrom) {
        return fail('sats-mangler', `Satsen kontanthjaelp.over30 mangler for ${month.toString()}`);
      }
      if (proposal.decided !== undefined)
        return ok({ gross: proposal.decided.monthly, usesExampleRate: false });
      return ok({
        gross: proposal.conditions?.activityReady === true ? 1_100_000 : 1_000_000,
        usesExampleRate: false,
      });
    },
    hasTaxCard: () => options.taxCard !== false,
  };
}

const context = (inputs: StepContext['inputs'], loaded: BenefitTaskFacts = facts()): StepContext => ({
  data: {},
  facts: { ...loaded },
  inputs,
  today,
});

const grant = (from: string, to: string | null = null) => ({
  'oplys-bevilling': { from, to, reason: 'Opfylder betingelserne' },
});

describe('the steps of each family', () => {
  it.each<[BenefitFamily, string[]]>([
    [
      'htf',
      [
        'oplys-bevilling',
        'kontroller-oplysninger',
        'vurder-tillaeg-og-fradrag',
        'beregn-ydelse',
        'opsummering',
      ],
    ],
    [
      'saerlig-stoette',
      ['oplys-bevilling', 'kontroller-oplysninger', 'fastsaet-beloeb', 'beregn-ydelse', 'opsummering'],
    ],
    [
      'personligt-tillaeg',
      ['oplys-bevilling', 'kontroller-oplysninger', 'fastsaet-beloeb', 'beregn-ydelse', 'opsummering'],
    ],
    [
      'helbredstillaeg',
      ['oplys-bevilling', 'kontroller-oplysninger', 'fastsaet-beloeb', 'beregn-ydelse', 'opsummering'],
    ],
    [
      'enkeltydelse',
      [
        'oplys-bevilling',
        'kontroller-oplysninger',
        'fastsaet-beloeb',
        'afvent-dokumentation',
        'beregn-ydelse',
        'opsummering',
      ],
    ],
    [
      'anden-ydelse',
      [
        'oplys-bevilling',
        'kontroller-oplysninger',
        'fastsaet-beloeb',
        'afvent-dokumentation',
        'beregn-ydelse',
        'opsummering',
      ],
    ],
    ['administration', ['oplys-bevilling', 'kontroller-oplysninger', 'beregn-ydelse', 'opsummering']],
  ])('%s: %j', (family, keys) => {
    expect(benefitTaskSteps(family).map((s) => s.key)).toEqual(keys);
  });

  it('never skipped: Oplys bevilling, Vurder tillæg og fradrag, Fastsæt beløb and Opsummering', () => {
    for (const family of benefitFamilies) {
      const never = benefitTaskSteps(family)
        .filter((s) => !s.skippable)
        .map((s) => s.key);
      expect(never).toContain('oplys-bevilling');
      expect(never).toContain('opsummering');
      expect(never.includes('vurder-tillaeg-og-fradrag')).toBe(family === 'htf');
    }
    expect(endGrantTaskType.steps.every((s) => !s.skippable)).toBe(true);
  });

  it('HTF tasks are about kontanthjælp unless one of the benefits before the reform is named', () => {
    expect(benefitFor('htf', undefined)).toEqual(ok('kontanthjaelp'));
    expect(benefitFor('htf', 'hjemrejseydelse')).toEqual(ok('hjemrejseydelse'));
    expect(benefitFor('htf', 'enkeltydelse')).toMatchObject({ ok: false, error: { field: 'data.ydelse' } });
    expect(benefitFor('enkeltydelse', undefined)).toEqual(ok('enkeltydelse'));
  });
});

describe('Kontrollér oplysninger', () => {
  it.each([
    ['rates and a tax card', facts(), []],
    ['no tax card', facts({ taxCard: false }), [{ code: 'skattekort-mangler', mandatory: false }]],
    [
      'the first month’s rate missing',
      facts({ missingFrom: '2025-01' }),
      [{ code: 'sats-mangler', mandatory: true }],
    ],
    ['a later month’s rate missing', facts({ missingFrom: '2025-02' }), []],
  ])('%s', (_name, loaded, expected) => {
    expect(checkFacts(context(grant('2025-01-15'), loaded))).toMatchObject(expected);
  });
});

describe('Beregn ydelse', () => {
  it('shows the first three months, with the assessed supplements', () => {
    const loaded = facts();
    const result = computeFirstMonths(
      context(
        {
          ...grant('2025-01-15'),
          'vurder-tillaeg-og-fradrag': { aktivitetsparat: true, fritidstillaeg: false },
        },
        loaded,
      ),
    );
    expect(result).toEqual({
      'januar 2025': '11.000,00 kr.',
      'februar 2025': '11.000,00 kr.',
      'marts 2025': '11.000,00 kr.',
    });
    expect(loaded.seen[0]).toEqual({
      conditions: { activityReady: true, leisureSupplement: false },
      decided: undefined,
    });
  });

  it('stops at the grant’s end, names a missing rate, and passes a fixed amount on', () => {
    const result = computeFirstMonths(
      context(
        { ...grant('2025-01-15', '2025-02-10'), 'fastsaet-beloeb': { beloeb: '1500.00', begrundelse: 'x' } },
        facts({ missingFrom: '2025-02' }),
      ),
    );
    expect(result).toEqual({
      'januar 2025': '1.500,00 kr.',
      'februar 2025': 'Satsen kontanthjaelp.over30 mangler for 2025-02',
    });
  });
});

describe('approval on the engine', () => {
  const env = (loaded: BenefitTaskFacts, family: BenefitFamily = 'htf'): Env => ({
    data: { sag: 'x', ydelse: family === 'htf' ? 'kontanthjaelp' : family },
    facts: { ...loaded },
    today,
    by: 'bruger:sb101@101',
    at: '2025-03-10T09:00:00Z',
  });

  it('for any family and grant, no never-skipped step can be skipped and the task cannot be closed before Godkend', () => {
    fc.assert(
      fc.property(fc.constantFrom(...benefitFamilies), fc.integer({ min: 0, max: 400 }), (family, offset) => {
        const definition = benefitTaskType(family);
        const e = env(facts(), family);
        const from = Temporal.PlainDate.from('2024-01-01').add({ days: offset }).toString();
        const opened = openTask(definition, e);
        if (!opened.ok) throw new Error(opened.error.message);
        const first = advance(
          definition,
          opened.value.state,
          'oplys-bevilling',
          { from, reason: 'Grund' },
          e,
        );
        if (!first.ok) throw new Error(first.error.message);
        let state = first.value.state;
        for (;;) {
          const key = currentStepKey(state);
          if (key === null) throw new Error('closed without Godkend');
          expect(closeTask(definition, state, 'afslut', 'Færdig', e)).toMatchObject({
            ok: false,
            error: { code: 'trin-mangler' },
          });
          const step = definition.steps.find((s) => s.key === key);
          const skipped = skip(definition, state, key, e);
          if (step?.skippable === true) {
            expect(skipped.ok).toBe(true);
            if (skipped.ok) state = skipped.value.state;
          } else {
            expect(skipped).toMatchObject({ ok: false, error: { code: 'trin-kan-ikke-springes-over' } });
            if (key === 'opsummering') break;
            const input =
              key === 'vurder-tillaeg-og-fradrag'
                ? { aktivitetsparat: false, fritidstillaeg: false }
                : { beloeb: '100.00', begrundelse: 'Behov' };
            const done = advance(definition, state, key, input, e);
            if (!done.ok) throw new Error(done.error.message);
            state = done.value.state;
          }
        }
        const approved = advance(definition, state, 'opsummering', undefined, e);
        expect(approved).toMatchObject({ ok: true, value: { completed: true } });
      }),
    );
  });

  it('refuses a grant that ends before it begins on Oplys bevilling', () => {
    const definition = benefitTaskType('htf');
    const e = env(facts());
    const opened = openTask(definition, e);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(
      advance(
        definition,
        opened.value.state,
        'oplys-bevilling',
        { from: '2025-02-01', to: '2025-01-01', reason: 'x' },
        e,
      ),
    ).toMatchObject({ ok: false, error: { code: 'ugyldig-periode', field: 'input.to' } });
  });
});
