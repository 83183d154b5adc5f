import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../kernel/index.ts';
import { recalculate, type Recalculation } from './recalculation.ts';
import {
  missingRates,
  rangeOf,
  recalculationTaskType,
  showDifferences,
  signedAmount,
} from './recalculation-task.ts';

const ym = (text: string) => Temporal.PlainYearMonth.from(text);
const recalculation = recalculate(
  [
    { month: ym('2024-03'), computed: 1_000_00, pending: 0, claimed: 0 },
    { month: ym('2024-04'), computed: 1_000_00, pending: 0, claimed: 0 },
    { month: ym('2024-05'), computed: 1_000_00, pending: 0, claimed: 0 },
  ],
  (month) =>
    month.month === 5
      ? fail('sats-mangler', 'Satsen kontanthjaelp.over30 mangler for maj 2024')
      : ok({ gross: month.month === 3 ? 1_250_00 : 900_00, explanation: {} }),
);
const context = (found: Result<Recalculation>, input: Record<string, unknown> = { begrundelse: 'r' }) => ({
  data: {},
  facts: { recalculationOf: () => found },
  inputs: { 'oplys-genberegning': input },
  today: Temporal.PlainDate.from('2024-07-01'),
});

describe('the task Genberegning', () => {
  it('shows per month paid, recomputed, the difference and what approval does, and the totals', () => {
    expect(showDifferences(context(ok(recalculation)))).toEqual({
      'marts 2024':
        'udbetalt 1.000,00 kr., genberegnet 1.250,00 kr., forskel +250,00 kr.: efterbetales ved næste kørsel',
      'april 2024':
        'udbetalt 1.000,00 kr., genberegnet 900,00 kr., forskel −100,00 kr.: forslag til tilbagebetalingskrav (trækkes ikke)',
      'maj 2024':
        'udbetalt 1.000,00 kr.; kan ikke genberegnes: Satsen kontanthjaelp.over30 mangler for maj 2024',
      'I alt': 'udbetalt 2.000,00 kr., genberegnet 2.150,00 kr., forskel +150,00 kr.',
    });
  });

  it('raises a mandatory sats-mangler per month whose rate is missing, naming it', () => {
    expect(missingRates(context(ok(recalculation)))).toEqual([
      { code: 'sats-mangler', text: 'Satsen kontanthjaelp.over30 mangler for maj 2024', mandatory: true },
    ]);
  });

  it('checks the months entered as approval does: a refusal keeps the step waiting', () => {
    const step = recalculationTaskType.steps[0];
    const refused = fail('ugyldig-periode', 'ikke kørt endnu', 'til');
    expect(step?.check?.({ til: '2024-08', begrundelse: 'r' }, context(refused))).toEqual(refused);
    expect(step?.input?.safeParse({ fra: '2024-03' }).success).toBe(false); // the reason is required
  });

  it('reads the months entered, empty meaning every month paid', () => {
    expect(rangeOf({ 'oplys-genberegning': { fra: '', til: '2024-05', begrundelse: 'r' } })).toEqual({
      fra: undefined,
      til: '2024-05',
      begrundelse: 'r',
    });
    expect(signedAmount(0)).toBe('0,00 kr.');
  });
});
