/**
 * The 225-hour rule's line on an HTF month, from a decided effect: the reduction's rate key for the help's
 * category, the amount (regel225.nedsaettelse.* from data/satser/satser.csv, 2019-2023, pro rata for the
 * days the grant covers, never more than the help left), a lapse taking the whole month, nothing before the
 * effect or after 225 hours are regained, and 0 with "mangler" when the year has no sourced amount.
 */
import { readFileSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { lookupFrom, parseRateCsv } from '../../../test/support/rates.ts';
import type { BenefitType, GrantPeriod, Registration } from '../../cases/index.ts';
import type { RateLookup } from '../../rates/index.ts';
import { computeMonth, type BenefitLine, type MonthInput } from './compute-month.ts';
import { hoursRuleLine, reductionKey, type HoursRuleEffect } from './hours-rule-line.ts';
import { hoursIn, registration } from '../../../test/support/registration.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const ym = (text: string) => Temporal.PlainYearMonth.from(text);
const kr = (amount: number) => Math.round(amount * 100);

/** The real source rows (data/satser/satser.csv) the line and the month need: HTF and regel225. */
const sourceRows = parseRateCsv(
  readFileSync(new URL('../../../data/satser/satser.csv', import.meta.url), 'utf8'),
);
const needed = (key: string) =>
  key.startsWith('kontanthjaelp.') || key.startsWith('uddannelseshjaelp.') || key.startsWith('regel225.');
const rates = lookupFrom(sourceRows.filter((rate) => needed(rate.key)));
/** The same without the 225-hour rule's amounts. */
const withoutReduction = lookupFrom(
  sourceRows.filter((rate) => needed(rate.key) && !rate.key.startsWith('regel225.')),
);

const reg = registration;
const single = () => reg({ kind: 'civilstand', status: 'enlig', spouseOnBenefit: false }, '2000-01-01');
const child = (birth: string) => reg({ kind: 'barn', birthDate: d(birth) }, birth);

function effect(consequence: 'nedsaettelse' | 'bortfald', from: string, id = 'e1'): HoursRuleEffect {
  return { id, caseId: 'c1', decision: 'a1', consequence, from: d(from), decidedOn: d('2021-09-06') };
}

interface Month {
  readonly benefit?: BenefitType;
  readonly birth?: string;
  readonly month: string;
  readonly registrations?: Registration[];
  readonly grant?: GrantPeriod;
  readonly rates?: RateLookup;
}

function input(month: Month): MonthInput {
  return {
    benefit: month.benefit ?? 'kontanthjaelp',
    // Born 1 June 1980: over 30 in every month here.
    birthDate: d(month.birth ?? '1980-06-01'),
    grant: month.grant ?? { from: d('2021-03-01'), to: null },
    month: ym(month.month),
    registrations: month.registrations ?? [single()],
    rates: month.rates ?? rates,
  };
}

function lines(month: MonthInput): BenefitLine[] {
  const computed = computeMonth(month);
  if (!computed.ok) throw new Error(`${computed.error.code}: ${computed.error.message}`);
  return computed.value;
}
const total = (result: readonly BenefitLine[]) => result.reduce((sum, line) => sum + line.amount, 0);

/** The month's line after its own computed lines; undefined when none. */
function line(month: Month, effects: HoursRuleEffect[], before?: BenefitLine[]): BenefitLine | undefined {
  const monthInput = input(month);
  const result = hoursRuleLine(monthInput, before ?? lines(monthInput), effects);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('reductionKey: the rate category of the reduction (§ 13 g, stk. 1)', () => {
  it.each<[string, string | null]>([
    ['kontanthjaelp.over30.forsoerger', 'regel225.nedsaettelse.voksensats'],
    ['kontanthjaelp.over30.ikkeforsoerger', 'regel225.nedsaettelse.voksensats'],
    ['kontanthjaelp.u30.enlig_forsoerger', 'regel225.nedsaettelse.lavere_sats'],
    ['kontanthjaelp.u30.forsoerger_uden_ekstra_boernetilskud', 'regel225.nedsaettelse.lavere_sats'],
    ['kontanthjaelp.u30.gravid', 'regel225.nedsaettelse.lavere_sats'],
    ['kontanthjaelp.u30.psykisk_syg.udeboende', 'regel225.nedsaettelse.lavere_sats'],
    ['kontanthjaelp.25_29.udeboende', 'regel225.nedsaettelse.lavere_sats'],
    ['kontanthjaelp.u25.hjemmeboende', 'regel225.nedsaettelse.lavere_sats'],
    ['uddannelseshjaelp.enlig_forsoerger', 'regel225.nedsaettelse.lavere_sats'],
    ['uddannelseshjaelp.forsoerger_uden_ekstra_boernetilskud', 'regel225.nedsaettelse.lavere_sats'],
    ['uddannelseshjaelp.u25.hjemmeboende', null],
    ['uddannelseshjaelp.u25.udeboende', null],
    ['uddannelseshjaelp.25_29.hjemmeboende', null],
    ['uddannelseshjaelp.25_29.udeboende', null],
  ])('%s → %s', (grundydelse, key) => {
    const found = reductionKey(grundydelse);
    expect(found.key).toBe(key);
    expect(found.text).toContain(
      key === null ? 'SU-niveau' : key.endsWith('voksensats') ? 'voksensats' : 'lavere sats',
    );
  });
});

describe('hoursRuleLine: a decided effect lowers the month', () => {
  const reduced = [effect('nedsaettelse', '2021-10-01')];

  it('from 1.10.2021, over 30: October 2021 lowered by 1.067,00 kr. (regel225.nedsaettelse.voksensats 2021)', () => {
    const october = input({ month: '2021-10' });
    const before = lines(october);
    // kontanthjaelp.over30.ikkeforsoerger 2021: 11.698,00 kr.
    expect(total(before)).toBe(kr(11698));
    const found = line({ month: '2021-10' }, reduced);
    expect(found?.code).toBe('timeregel');
    expect(found?.label).toBe('Nedsættelse efter 225-timersreglen');
    expect(found?.amount).toBe(-kr(1067));
    expect(total([...before, ...(found === undefined ? [] : [found])])).toBe(kr(10631));
    expect(found?.explanation.rates.map((rate) => [rate.key, rate.amount])).toEqual([
      ['regel225.nedsaettelse.voksensats', kr(1067)],
    ]);
    expect(found?.explanation.steps.map((step) => step.amount)).toEqual([0, kr(1067), kr(11698), -kr(1067)]);
    expect(found?.explanation.from).toBe('2021-10-01');
    expect(found?.explanation.to).toBe('2021-10-31');
    expect(found?.explanation.usesExampleRate).toBe(false);
  });

  it.each<[string, Month, HoursRuleEffect[], number | undefined]>([
    ['September 2021, before the effect: nothing', { month: '2021-09' }, reduced, undefined],
    ['no effect decided: nothing', { month: '2021-10' }, [], undefined],
    ['December 2021: still lowered', { month: '2021-12' }, reduced, -kr(1067)],
    [
      'November 2021, grant to 15.11 (15 of 30 days): 1.067,00 × 15/30 = 533,50 kr.',
      { month: '2021-11', grant: { from: d('2021-03-01'), to: d('2021-11-15') } },
      reduced,
      -kr(533.5),
    ],
    [
      'November 2021, grant from 16.11 (15 of 30 days): 533,50 kr.',
      { month: '2021-11', grant: { from: d('2021-11-16'), to: null } },
      reduced,
      -kr(533.5),
    ],
    [
      'October 2021, grant from 17.10 (15 of 31 days): 1.067,00 × 15/31 = 516,29 kr.',
      { month: '2021-10', grant: { from: d('2021-10-17'), to: null } },
      reduced,
      -kr(516.29),
    ],
    [
      'a grant ended before the month: nothing',
      { month: '2021-11', grant: { from: d('2021-03-01'), to: d('2021-10-31') } },
      reduced,
      undefined,
    ],
    [
      'enlig forsørger under 30 (kontanthjaelp.u30.enlig_forsoerger): the lower amount, 533,00 kr. (2021)',
      { month: '2021-10', birth: '1995-01-01', registrations: [single(), child('2018-01-01')] },
      reduced,
      -kr(533),
    ],
    [
      'from 1.1.2020: January 2020 lowered by 1.054,00 kr. (2020)',
      { month: '2020-01', grant: { from: d('2019-01-01'), to: null } },
      [effect('nedsaettelse', '2020-01-01')],
      -kr(1054),
    ],
  ])('%s', (_name, month, effects, amount) => {
    expect(line(month, effects)?.amount).toBe(amount);
  });

  it('the rule’s last month, June 2025, still has the line; July 2025, after the rule ended, none', () => {
    // No sourced HTF or regel225 amounts for 2025: the month's help is given as one line of 12.000,00 kr.
    const [shape] = lines(input({ month: '2021-10' }));
    if (shape === undefined) throw new Error('no line');
    const before = [{ ...shape, amount: kr(12000) }];
    const effects = [effect('nedsaettelse', '2025-01-01')];
    const grant = { from: d('2024-01-01'), to: null };
    const june = line({ month: '2025-06', grant }, effects, before);
    expect(june?.amount).toBe(0);
    expect(june?.explanation.steps[0]?.text).toContain('mangler');
    expect(line({ month: '2025-07', grant }, effects, before)).toBeUndefined();
    expect(line({ month: '2025-07', grant }, [effect('bortfald', '2025-01-01')], before)).toBeUndefined();
    expect(line({ month: '2025-06', grant }, [effect('bortfald', '2025-01-01')], before)?.amount).toBe(
      -kr(12000),
    );
  });

  it('uddannelseshjælp on SU level (u25 udeboende): a line of 0 that says why', () => {
    const found = line({ benefit: 'uddannelseshjaelp', birth: '2000-01-01', month: '2021-10' }, reduced);
    expect(found?.amount).toBe(0);
    expect(found?.explanation.steps[0]?.text).toContain('SU-niveau');
  });

  it.each<[string, Registration[], string, number | undefined]>([
    // 100 + 125 = 225 hours by the end of November: full help from December.
    [
      '225 hours Oct-Nov: November still lowered',
      [hoursIn('2021-10', 100), hoursIn('2021-11', 125)],
      '2021-11',
      -kr(1067),
    ],
    [
      '225 hours Oct-Nov: December in full',
      [hoursIn('2021-10', 100), hoursIn('2021-11', 125)],
      '2021-12',
      undefined,
    ],
    [
      '225 hours Oct-Nov: and after',
      [hoursIn('2021-10', 100), hoursIn('2021-11', 125)],
      '2023-03',
      undefined,
    ],
    [
      '224.99 hours Oct-Nov: December lowered',
      [hoursIn('2021-10', 100), hoursIn('2021-11', 124.99)],
      '2021-12',
      -kr(1067),
    ],
    [
      'hours before the effect do not count: 200 in September + 25 in October',
      [hoursIn('2021-09', 200), hoursIn('2021-10', 25)],
      '2021-12',
      -kr(1067),
    ],
  ])('%s', (_name, hours, month, amount) => {
    expect(line({ month, registrations: [single(), ...hours] }, reduced)?.amount).toBe(amount);
  });

  it('a lapse (bortfald) takes the whole month’s help', () => {
    const october = input({ month: '2021-10' });
    const before = lines(october);
    const found = line({ month: '2021-10' }, [effect('bortfald', '2021-10-01')]);
    expect(found?.label).toBe('Bortfald efter 225-timersreglen');
    expect(found?.amount).toBe(-kr(11698));
    expect(total([...before, ...(found === undefined ? [] : [found])])).toBe(0);
    expect(found?.explanation.rates).toEqual([]);
  });

  it('the latest effect in force counts: a lapse from December after a reduction from October', () => {
    const effects = [effect('nedsaettelse', '2021-10-01', 'e1'), effect('bortfald', '2021-12-01', 'e2')];
    expect(line({ month: '2021-11' }, effects)?.amount).toBe(-kr(1067));
    expect(line({ month: '2021-12' }, effects)?.amount).toBe(-kr(11698));
  });

  it('a year without a sourced amount lowers by 0 and says the rate is missing', () => {
    const found = line({ month: '2021-10', rates: withoutReduction }, reduced);
    expect(found?.amount).toBe(0);
    expect(found?.explanation.rates).toEqual([]);
    const texts = found?.explanation.steps.map((step) => step.text).join(' ') ?? '';
    expect(texts).toContain('mangler');
    expect(texts).toContain('regel225.nedsaettelse.voksensats');
  });

  it.each<[string, number[], number]>([
    ['help left 400,00 kr.: lowered by 400,00, not 1.067,00', [kr(11698), -kr(11298)], -kr(400)],
    ['help left 1.067,00 kr.: lowered by all of it', [kr(11698), -kr(10631)], -kr(1067)],
    ['nothing left: 0', [kr(11698), -kr(11698)], 0],
    ['less than nothing left: 0', [kr(11698), -kr(12000)], 0],
  ])('never more than the help left: %s', (_name, amounts, expected) => {
    const [first] = lines(input({ month: '2021-10' }));
    if (first === undefined) throw new Error('no line');
    const before = amounts.map((amount, index) => ({
      ...first,
      code: index === 0 ? first.code : 'fradrag-arbejdsindtaegt',
      amount,
    }));
    expect(line({ month: '2021-10' }, reduced, before)?.amount).toBe(expected);
    expect(line({ month: '2021-10' }, [effect('bortfald', '2021-10-01')], before)?.amount).toBe(
      expected === 0 ? 0 : -Math.max(0, total(before)),
    );
  });
});
