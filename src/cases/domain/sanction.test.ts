/**
 * The sanction rule, table-driven from the sourced sanction rates (2021: four intervals; 2023: the lowest)
 * and the law's conditions: written guidance before the omission, 3 whole calendar months.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { lookupFrom, sourcedRates } from '../../../test/support/rates.ts';
import {
  decideSanction,
  decideTermination,
  lastRunMonthFor,
  type SanctionContext,
  type SanctionInput,
} from './sanction.ts';
import type { Registration } from './registration.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const kr = (amount: number) => Math.round(amount * 100);
const rates = lookupFrom(sourcedRates);

const guidance = (from: string): Registration => ({
  id: `g-${from}`,
  personId: 'p',
  caseId: null,
  from: d(from),
  to: null,
  value: { kind: 'sanktionsvejledning' },
  recordedAt: Temporal.Instant.from('2021-01-01T00:00:00Z'),
  recordedBy: 'sb101@101',
  supersededAt: null,
});

const context = (extra: Partial<SanctionContext> = {}): SanctionContext => ({
  registrations: [guidance('2021-01-04')],
  monthHelp: kr(11698),
  rates,
  decidedOn: d('2021-06-15'),
  ...extra,
});

const codeOf = (result: { ok: boolean; error?: { code: string; field?: string } }) =>
  result.ok ? 'ok' : `${result.error?.code ?? ''}@${result.error?.field ?? ''}`;

describe('a reduction by the sanction rate (aktivloven § 35, stk. 4; ft.dk 2021, bm.dk 2023)', () => {
  it.each<[string, number, string, number]>([
    // 2021: sats1 under 5.633; sats2 5.633-9.935; sats3 over 9.935 to 13.519; sats4 over 13.519
    ['2021, help 5.000 (under 5.633): 200 kr.', 5000, '2021-05-10', 200],
    ['2021, help exactly 5.633: 400 kr.', 5633, '2021-05-10', 400],
    ['2021, help 9.935: 400 kr.', 9935, '2021-05-10', 400],
    ['2021, help 11.698 (over 9.935): 600 kr.', 11698, '2021-05-10', 600],
    ['2021, help 15.547 (over 13.519): 700 kr.', 15547, '2021-05-10', 700],
    ['2023, help 5.000 (under 5.751): 200 kr.', 5000, '2023-03-10', 200],
  ])('%s', (_name, help, omissionOn, amount) => {
    const result = decideSanction(
      { kind: 'nedsaettelse-sats', omissionOn },
      context({
        monthHelp: kr(help),
        registrations: [guidance('2020-12-01')],
        decidedOn: d(omissionOn).add({ days: 20 }),
      }),
    );
    expect(result.ok ? result.value.amount : result.error.message).toBe(kr(amount));
  });

  it('2023 with help above the lowest interval: the bound nobody sourced is named', () => {
    const result = decideSanction(
      { kind: 'nedsaettelse-sats', omissionOn: '2023-03-10' },
      context({ monthHelp: kr(11944), registrations: [guidance('2020-12-01')], decidedOn: d('2023-04-01') }),
    );
    expect(codeOf(result)).toBe('sats-mangler@omissionOn');
    expect(result.ok ? '' : result.error.message).toContain('sanktion.interval.graense2');
  });
});

describe('a deduction for days missed', () => {
  it.each<[string, string, number, number]>([
    ['3 of 31 days in May 2021 of 11.698,00', '2021-05-10', 3, 113206],
    ['the whole of February 2021 (28 days)', '2021-02-01', 28, kr(11698)],
    ['1 of 30 days in June 2021', '2021-06-03', 1, 38993],
  ])('%s', (_name, omissionOn, days, amount) => {
    const result = decideSanction(
      { kind: 'fradrag-dage', omissionOn, days: String(days) },
      context({ decidedOn: d(omissionOn).add({ days: 20 }) }),
    );
    expect(result.ok ? result.value.amount : result.error.message).toBe(amount);
  });
});

describe('refusals', () => {
  it.each<[string, SanctionInput, Partial<SanctionContext>, string]>([
    [
      'no written guidance before the omission',
      { kind: 'nedsaettelse-sats', omissionOn: '2021-01-03' },
      {},
      'sanktion-uden-vejledning@omissionOn',
    ],
    [
      'guidance given the day of the omission is in time',
      { kind: 'fradrag-dage', omissionOn: '2021-01-04', days: '1' },
      { decidedOn: d('2021-02-01') },
      'ok',
    ],
    [
      'decided in the 4th whole month after (omission in February, decided in June)',
      { kind: 'fradrag-dage', omissionOn: '2021-02-26', days: '1' },
      {},
      'sanktion-for-sen@omissionOn',
    ],
    [
      'decided in the 3rd whole month after',
      { kind: 'fradrag-dage', omissionOn: '2021-03-01', days: '1' },
      {},
      'ok',
    ],
    [
      'an omission after the decision',
      { kind: 'fradrag-dage', omissionOn: '2021-06-16', days: '1' },
      {},
      'ugyldig-dato@omissionOn',
    ],
    [
      'more days than the month has',
      { kind: 'fradrag-dage', omissionOn: '2021-04-10', days: '31' },
      {},
      'ugyldigt-input@days',
    ],
    ['no days', { kind: 'fradrag-dage', omissionOn: '2021-04-10' }, {}, 'ugyldigt-input@days'],
    [
      'days on a rate reduction',
      { kind: 'nedsaettelse-sats', omissionOn: '2021-04-10', days: '2' },
      {},
      'ugyldigt-input@days',
    ],
    ['an unknown kind', { kind: 'ophoer', omissionOn: '2021-04-10' }, {}, 'ugyldigt-input@kind'],
    [
      'a month without help',
      { kind: 'fradrag-dage', omissionOn: '2021-04-10', days: '2' },
      { monthHelp: 0 },
      'ugyldigt-beloeb@omissionOn',
    ],
  ])('%s', (_name, input, extra, expected) => {
    expect(codeOf(decideSanction(input, context(extra)))).toBe(expected);
  });

  it('the last run month is the 3rd whole calendar month after the omission', () => {
    expect(lastRunMonthFor(d('2021-02-26')).toString()).toBe('2021-05');
    expect(lastRunMonthFor(d('2021-11-01')).toString()).toBe('2022-02');
  });
});

describe('properties', () => {
  it('a sanction never exceeds the month’s help, and is refused without guidance before the omission', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: -60, max: 60 }),
        fc.constantFrom('fradrag-dage', 'nedsaettelse-sats'),
        (help, offset, days, guidanceOffset, kind) => {
          const omissionOn = d('2021-01-01').add({ days: offset });
          const result = decideSanction(
            {
              kind,
              omissionOn: omissionOn.toString(),
              ...(kind === 'fradrag-dage' ? { days: String(days) } : {}),
            },
            context({
              monthHelp: help,
              registrations: [guidance(omissionOn.add({ days: guidanceOffset }).toString())],
              decidedOn: omissionOn.add({ days: 10 }),
            }),
          );
          if (guidanceOffset > 0) {
            expect(codeOf(result)).toBe('sanktion-uden-vejledning@omissionOn');
            return;
          }
          if (!result.ok) return;
          expect(result.value.amount).toBeGreaterThan(0);
          expect(result.value.amount).toBeLessThanOrEqual(help);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('termination (ophør, § 40)', () => {
  it('ends the help from the day of the omission: the grant’s last day is the day before', () => {
    const result = decideTermination('2021-06-10', context({ decidedOn: d('2021-06-14') }));
    expect(result.ok && result.value.lastDay.toString()).toBe('2021-06-09');
  });

  it('needs written guidance before the omission too, and an omission not after the decision', () => {
    expect(codeOf(decideTermination('2021-01-03', context()))).toBe('sanktion-uden-vejledning@omissionOn');
    expect(codeOf(decideTermination('2021-06-16', context()))).toBe('ugyldig-dato@omissionOn');
  });
});
