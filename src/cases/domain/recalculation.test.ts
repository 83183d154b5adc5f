import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../kernel/index.ts';
import {
  decideRange,
  effectsOf,
  recalculate,
  type MonthComputed,
  type MonthPosition,
} from './recalculation.ts';

const ym = (text: string) => Temporal.PlainYearMonth.from(text);
const position = (month: string, computed: number, pending = 0, claimed = 0): MonthPosition => ({
  month: ym(month),
  computed,
  pending,
  claimed,
});
const amounts =
  (byMonth: Readonly<Record<string, number | null>>) =>
  (month: Temporal.PlainYearMonth): Result<MonthComputed> => {
    const gross = byMonth[month.toString()];
    if (gross === null || gross === undefined) {
      return fail('sats-mangler', `Satsen kontanthjaelp.x mangler for ${month.toString()}`);
    }
    return ok({ gross, explanation: { benefit: { gross } } });
  };

describe('recalculate: per month paid, recomputed and the difference', () => {
  it.each<[string, MonthPosition[], Record<string, number | null>, (number | null)[], number]>([
    [
      'nothing changed',
      [position('2024-03', 1_000_00), position('2024-04', 1_000_00)],
      { '2024-03': 1_000_00, '2024-04': 1_000_00 },
      [0, 0],
      0,
    ],
    [
      'a child registered late raises both months',
      [position('2024-03', 1_000_00), position('2024-04', 1_000_00)],
      { '2024-03': 1_200_00, '2024-04': 1_400_00 },
      [200_00, 400_00],
      600_00,
    ],
    [
      'income registered late lowers a month',
      [position('2024-03', 1_000_00)],
      { '2024-03': 700_00 },
      [-300_00],
      -300_00,
    ],
    [
      'an efterbetaling still planned counts as paid',
      [position('2024-03', 1_000_00, 200_00)],
      { '2024-03': 1_200_00 },
      [0],
      0,
    ],
    [
      'a claim already proposed counts against paid',
      [position('2024-03', 1_000_00, 0, 300_00)],
      { '2024-03': 700_00 },
      [0],
      0,
    ],
    [
      'a missing rate is reported, not guessed',
      [position('2024-03', 1_000_00), position('2024-04', 1_000_00)],
      { '2024-03': 1_100_00, '2024-04': null },
      [100_00, null],
      100_00,
    ],
  ])('%s', (_name, positions, byMonth, differences, total) => {
    const result = recalculate(positions, amounts(byMonth));
    expect(result.months.map((m) => m.difference)).toEqual(differences);
    expect(result.totals.difference).toBe(total);
    const missing = result.months.filter((m) => m.recomputed === null);
    expect(result.missing.map((e) => e.code)).toEqual(missing.map(() => 'sats-mangler'));
    expect(missing.every((m) => m.missing?.message.includes('kontanthjaelp.x') === true)).toBe(true);
  });

  it('keeps the recomputed explanation and sorts the months', () => {
    const result = recalculate(
      [position('2024-04', 5), position('2024-03', 5)],
      amounts({ '2024-03': 7, '2024-04': 5 }),
    );
    expect(result.months.map((m) => m.month.toString())).toEqual(['2024-03', '2024-04']);
    expect(result.months[0]?.explanation).toEqual({ benefit: { gross: 7 } });
  });
});

describe('effectsOf: what approval does', () => {
  it.each<[string, MonthPosition, number, { pending: number; claim: number } | null]>([
    [
      'a rise becomes an efterbetaling',
      position('2024-03', 1_000_00),
      1_250_00,
      { pending: 250_00, claim: 0 },
    ],
    ['a fall becomes a proposed claim', position('2024-03', 1_000_00), 800_00, { pending: 0, claim: 200_00 }],
    [
      'a planned efterbetaling grows',
      position('2024-03', 1_000_00, 100_00),
      1_300_00,
      { pending: 300_00, claim: 0 },
    ],
    [
      'a planned efterbetaling shrinks',
      position('2024-03', 1_000_00, 300_00),
      1_100_00,
      { pending: 100_00, claim: 0 },
    ],
    [
      'a planned efterbetaling turns into a claim',
      position('2024-03', 1_000_00, 300_00),
      900_00,
      { pending: 0, claim: 100_00 },
    ],
    [
      'a proposed claim gives way to an efterbetaling',
      position('2024-03', 1_000_00, 0, 200_00),
      1_100_00,
      { pending: 100_00, claim: 0 },
    ],
    ['nothing changed does nothing', position('2024-03', 1_000_00, 0, 200_00), 800_00, null],
  ])('%s', (_name, before, recomputed, expected) => {
    const effects = effectsOf(recalculate([before], amounts({ '2024-03': recomputed })));
    expect(effects.length === 0 ? null : { pending: effects[0]?.pending, claim: effects[0]?.claim }).toEqual(
      expected,
    );
  });
});

const monthText = fc.integer({ min: 0, max: 47 }).map((i) => ym('2022-01').add({ months: i }).toString());
const oere = fc.integer({ min: 0, max: 5_000_000 });
const positions = fc
  .uniqueArray(fc.record({ month: monthText, computed: oere, pending: oere, claimed: oere }), {
    selector: (p) => p.month,
    maxLength: 12,
  })
  .map((list) => list.map((p) => position(p.month, p.computed, p.pending, p.claimed)));

describe('properties', () => {
  it('nothing changed: every difference is 0', () => {
    fc.assert(
      fc.property(positions, (list) => {
        const paidAs = Object.fromEntries(
          list.map((p) => [p.month.toString(), p.computed + p.pending - p.claimed]),
        );
        const result = recalculate(list, amounts(paidAs));
        expect(result.months.every((m) => m.difference === 0)).toBe(true);
        expect(effectsOf(result)).toEqual([]);
      }),
    );
  });

  it('the differences add up to recomputed total − paid total', () => {
    fc.assert(
      fc.property(positions, fc.array(oere, { minLength: 12, maxLength: 12 }), (list, now) => {
        const byMonth = Object.fromEntries(list.map((p, i) => [p.month.toString(), now[i] ?? 0]));
        const result = recalculate(list, amounts(byMonth));
        expect(result.totals.difference).toBe(result.totals.recomputed - result.totals.paid);
        expect(result.months.reduce((sum, m) => sum + (m.difference ?? 0), 0)).toBe(result.totals.difference);
      }),
    );
  });

  it('idempotent: after approval a second recalculation with nothing changed finds 0, pending or paid', () => {
    fc.assert(
      fc.property(
        positions,
        fc.array(oere, { minLength: 12, maxLength: 12 }),
        fc.boolean(),
        (list, now, runInBetween) => {
          const byMonth = Object.fromEntries(list.map((p, i) => [p.month.toString(), now[i] ?? 0]));
          const first = recalculate(list, amounts(byMonth));
          const after = list.map((p) => {
            const effect = effectsOf(first).find((e) => e.month.equals(p.month));
            if (effect === undefined) return p;
            // The next run pays the efterbetaling (computed) or it is still planned (pending).
            return runInBetween
              ? position(p.month.toString(), p.computed + effect.pending, 0, effect.claim)
              : position(p.month.toString(), p.computed, effect.pending, effect.claim);
          });
          const second = recalculate(after, amounts(byMonth));
          expect(second.months.every((m) => m.difference === 0)).toBe(true);
        },
      ),
    );
  });

  it('an effect never both pays and claims, and never deducts: amounts are never negative', () => {
    fc.assert(
      fc.property(positions, fc.array(oere, { minLength: 12, maxLength: 12 }), (list, now) => {
        const byMonth = Object.fromEntries(list.map((p, i) => [p.month.toString(), now[i] ?? 0]));
        for (const effect of effectsOf(recalculate(list, amounts(byMonth)))) {
          expect(effect.pending >= 0 && effect.claim >= 0).toBe(true);
          expect(effect.pending > 0 && effect.claim > 0).toBe(false);
        }
      }),
    );
  });
});

describe('decideRange', () => {
  const facts = {
    paidMonths: [ym('2024-03'), ym('2024-04'), ym('2024-05')],
    firstGranted: ym('2024-03'),
    nextRun: ym('2024-06'),
  };
  const code = (result: ReturnType<typeof decideRange>) =>
    result.ok
      ? result.value.months.map(String).join(',')
      : `${result.error.code}@${result.error.field ?? ''}`;

  it.each<[string, { fra?: string; til?: string }, typeof facts, string]>([
    ['every month paid by default', {}, facts, '2024-03,2024-04,2024-05'],
    ['a range', { fra: '2024-04', til: '2024-04' }, facts, '2024-04'],
    ['a malformed month', { fra: '2024-4' }, facts, 'ugyldig-dato@fra'],
    ['a month that does not exist', { til: '2024-13' }, facts, 'ugyldig-dato@til'],
    ['til before fra', { fra: '2024-05', til: '2024-03' }, facts, 'ugyldig-periode@til'],
    ['a month not run yet', { til: '2024-06' }, facts, 'ugyldig-periode@til'],
    ['a month in the future', { fra: '2025-01' }, facts, 'ugyldig-periode@fra'],
    ['before the first grant', { fra: '2024-01' }, facts, 'ugyldig-periode@fra'],
    ['a case never paid', {}, { ...facts, paidMonths: [] }, 'ingen-udbetaling@'],
    [
      'a range without a month paid',
      { fra: '2024-03', til: '2024-03' },
      { ...facts, paidMonths: [ym('2024-05')] },
      'ingen-udbetaling@fra',
    ],
  ])('%s', (_name, range, given, expected) => {
    expect(code(decideRange(range, given))).toBe(expected);
  });
});
