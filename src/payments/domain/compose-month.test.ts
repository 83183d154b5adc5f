import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  composeMonth,
  composeRun,
  taxOf,
  type AtpPart,
  type MonthToCompose,
  type NoTaxCard,
  type TaxCard,
} from './compose-month.ts';

const month = (over: Partial<MonthToCompose>): MonthToCompose => ({
  lines: [],
  sanctions: [],
  atp: [],
  taxCard: null,
  deductions: [],
  apo: 0,
  ...over,
});
const lines = (...gross: number[]) => gross.map((amount, index) => ({ id: `l${index}`, gross: amount }));
const card = (rateBasisPoints: number, monthlyAllowance = 0): TaxCard => ({
  rateBasisPoints,
  monthlyAllowance,
});
const noCard = (rateBasisPoints = 5_500): NoTaxCard => ({
  kind: 'uden-skattekort',
  rateBasisPoints,
  rate: 'skat.indeholdelse.uden_skattekort, KSL § 48, stk. 8',
});
const atp = (citizen: number, period = '2021-05'): AtpPart => ({ period, citizen });

describe('composing a month (domain §4, money is conserved)', () => {
  it.each<[string, Partial<MonthToCompose>, Record<string, number | boolean>]>([
    ['nothing taken', { lines: lines(1_587_400) }, { gross: 1_587_400, net: 1_587_400 }],
    [
      'tax on what is left after ATP and the allowance, half up',
      // 15.874,00 − 95,00 ATP − 4.500,00 fradrag = 11.279,00 × 38 % = 4.286,02
      { lines: lines(1_587_400), atp: [atp(9_500)], taxCard: card(3_800, 450_000) },
      { atp: 9_500, tax: 428_602, net: 1_587_400 - 9_500 - 428_602 },
    ],
    [
      'a tax-free personligt tillæg beside kontanthjælp: tax only of the kontanthjælp',
      // (11.944,00 − 4.500,00 fradrag) × 38 % = 2.828,72; the 1.000,00 kr. tillæg is not taxed
      {
        lines: [...lines(1_194_400), { id: 'tillaeg', gross: 100_000, taxable: false }],
        taxCard: card(3_800, 450_000),
      },
      { gross: 1_294_400, tax: 282_872, net: 1_294_400 - 282_872 },
    ],
    [
      'only a tax-free benefit and no tax card: nothing withheld, and the rate without a card is not needed',
      { lines: [{ id: 'tillaeg', gross: 100_000, taxable: false }], taxCard: noCard() },
      { tax: 0, net: 100_000, withheldWithoutCard: false, taxCardMissing: false },
    ],
    [
      'an allowance larger than the income: no tax',
      { lines: lines(300_000), taxCard: card(3_800, 450_000) },
      { tax: 0, net: 300_000 },
    ],
    [
      'the issue’s measurement: 1.500 kr. requested against 1.000 kr. withholds 1.000',
      { lines: lines(100_000), deductions: [{ id: 'd1', requested: 150_000 }] },
      { withheld: 100_000, net: 0 },
    ],
    [
      'deductions in the order registered, each at most what is left',
      {
        lines: lines(100_000),
        deductions: [
          { id: 'd1', requested: 60_000 },
          { id: 'd2', requested: 60_000 },
          { id: 'd3', requested: 10_000 },
        ],
      },
      { withheld: 100_000, net: 0 },
    ],
    [
      'sanctions first, then ATP, tax, deductions, APØ',
      {
        lines: lines(1_000_000),
        sanctions: [{ id: 's1', amount: 20_000 }],
        atp: [atp(9_500)],
        taxCard: card(5_000),
        deductions: [{ id: 'd1', requested: 100_000 }],
        apo: 50_000,
      },
      // left after sanction 980.000, after ATP 970.500, tax 50 % = 485.250, left 485.250, − 100.000 − 50.000
      { sanctions: 20_000, atp: 9_500, tax: 485_250, withheld: 100_000, apo: 50_000, net: 335_250 },
    ],
    [
      'no tax card: 55 % of the whole gross, without allowance, half up',
      // 12.326,00 × 55 % = 6.779,30
      { lines: lines(1_232_600), taxCard: noCard() },
      { tax: 677_930, net: 1_232_600 - 677_930, taxCardMissing: true, withheldWithoutCard: true },
    ],
    [
      'no tax card: 55 % of what is left after ATP (ATP is deductible)',
      // 11.698,00 − 95,00 = 11.603,00 × 55 % = 6.381,65
      { lines: lines(1_169_800), atp: [atp(9_500)], taxCard: noCard() },
      { atp: 9_500, tax: 638_165, net: 1_169_800 - 9_500 - 638_165 },
    ],
    [
      'no tax card, an odd øre: 0,55 × 1 øre rounds up',
      { lines: lines(1), taxCard: noCard() },
      { tax: 1, net: 0 },
    ],
    [
      'a tax card is not "no tax card"',
      { lines: lines(1_232_600), taxCard: card(3_800, 450_000) },
      { taxCardMissing: false, withheldWithoutCard: false },
    ],
    [
      'no tax card for a fixed amount (null): nothing withheld, said so',
      { lines: lines(1_232_600), taxCard: null },
      { tax: 0, taxCardMissing: true, withheldWithoutCard: false },
    ],
    [
      'one ATP contribution a month, however many lines: the first',
      { lines: lines(500_000, 700_000), atp: [atp(9_500), atp(9_000)] },
      { atp: 9_500, net: 1_200_000 - 9_500 },
    ],
    [
      'an efterbetaling’s month pays its own month’s ATP',
      { lines: lines(1_169_800, 1_169_800), atp: [atp(9_500, '2021-05'), atp(9_500, '2021-04')] },
      { atp: 19_000 },
    ],
    [
      'ATP takes at most what is left after sanctions',
      { lines: lines(10_000), sanctions: [{ id: 's', amount: 5_000 }], atp: [atp(9_500)] },
      { sanctions: 5_000, atp: 5_000, net: 0 },
    ],
    [
      'APØ holds back at most what is left',
      { lines: lines(10_000), deductions: [{ id: 'd1', requested: 9_000 }], apo: 5_000 },
      { withheld: 9_000, apo: 1_000, net: 0 },
    ],
  ])('%s', (_name, input, expected) => {
    const composed = composeMonth(month(input));
    expect(composed).toMatchObject(expected);
  });

  it('each sanction takes at most what is left, in order, and says what it took', () => {
    const composed = composeMonth(
      month({
        lines: lines(10_000),
        sanctions: [
          { id: 's1', amount: 6_000 },
          { id: 's2', amount: 6_000 },
          { id: 's3', amount: 1_000 },
        ],
      }),
    );
    expect(composed.sanctionsTaken).toEqual([
      { id: 's1', taken: 6_000 },
      { id: 's2', taken: 4_000 },
      { id: 's3', taken: 0 },
    ]);
    expect(composed.sanctions).toBe(10_000);
    expect(composed.net).toBe(0);
  });

  it('the APØ step says what for, and how much of what was asked was left', () => {
    const full = composeMonth(
      month({ lines: lines(10_000), apo: 4_000, apoPurposes: ['husleje (40,00 kr.)'] }),
    );
    expect(full.steps.find((step) => step.text.startsWith('Tilbageholdt'))).toEqual({
      text: 'Tilbageholdt af administration (APØ) til husleje (40,00 kr.)',
      amount: -4_000,
    });
    const short = composeMonth(
      month({ lines: lines(3_000), apo: 4_000, apoPurposes: ['husleje (40,00 kr.)'] }),
    );
    expect(short.steps.find((step) => step.text.startsWith('Tilbageholdt'))).toEqual({
      text: 'Tilbageholdt af administration (APØ) til husleje (40,00 kr.): 40,00 kr. anmodet, kun 30,00 kr. tilbage',
      amount: -3_000,
    });
  });

  it('reports what each deduction requested, withheld and could not cover', () => {
    const composed = composeMonth(
      month({
        lines: lines(100_000),
        deductions: [
          { id: 'd1', requested: 60_000 },
          { id: 'd2', requested: 60_000 },
        ],
      }),
    );
    expect(composed.deductions).toEqual([
      { id: 'd1', requested: 60_000, withheld: 60_000, uncovered: 0 },
      { id: 'd2', requested: 60_000, withheld: 40_000, uncovered: 20_000 },
    ]);
  });

  it('spreads the parts over the lines in order', () => {
    const composed = composeMonth(
      month({ lines: lines(10_000, 20_000), deductions: [{ id: 'd', requested: 15_000 }] }),
    );
    expect(composed.lines.map((line) => [line.withheld, line.net])).toEqual([
      [10_000, 0],
      [5_000, 15_000],
    ]);
  });

  it('says when the tax card is missing', () => {
    const composed = composeMonth(month({ lines: lines(10_000) }));
    expect(composed.taxCardMissing).toBe(true);
    expect(composed.steps.map((step) => step.text)).toContain(
      'Skattekort mangler: der er ikke trukket A-skat',
    );
  });

  it('says without a tax card that none was received and 55 % was withheld (KSL § 48, stk. 8)', () => {
    const composed = composeMonth(month({ lines: lines(1_232_600), taxCard: noCard() }));
    expect(composed.taxStep).toEqual({
      text: 'Skattekort ikke modtaget: A-skat 55 % af 12.326,00 kr. uden fradrag (skat.indeholdelse.uden_skattekort, KSL § 48, stk. 8)',
      amount: -677_930,
    });
    expect(composed.steps).toContainEqual(composed.taxStep);
  });

  it('shows the citizen’s share of ATP deducted, before tax', () => {
    const composed = composeMonth(month({ lines: lines(1_169_800), atp: [atp(9_500)], taxCard: noCard() }));
    const texts = composed.steps.map((step) => step.text);
    expect(texts).toEqual([
      'Bevilget i alt (brutto)',
      'ATP-bidrag (borgerens andel, før skat)',
      composed.taxStep.text,
      'Til udbetaling (netto)',
    ]);
    expect(composed.steps[1]?.amount).toBe(-9_500);
  });

  it('a run takes each line’s ATP to its person’s month', () => {
    const run = composeRun(
      [
        { id: 'a', personId: 'p1', gross: 1_169_800, atp: atp(9_500) },
        { id: 'b', personId: 'p2', gross: 1_169_800, atp: null },
        { id: 'c', personId: 'p2', gross: 100_000 },
      ],
      [],
      () => ({ sanctions: [], taxCard: noCard(), apo: 0 }),
    );
    expect(run.lines.map((line) => [line.id, line.atp, line.tax])).toEqual([
      ['a', 9_500, 638_165],
      // p2: (11.698,00 + 1.000,00) × 55 % = 6.983,90, taken from the lines in order
      ['b', 0, 698_390],
      ['c', 0, 0],
    ]);
    expect(run.lines[0]?.explanation['composition']).toMatchObject({
      taxCardMissing: true,
      withheldWithoutCard: true,
    });
  });

  it.each([
    [0, 3_800, 0],
    [1, 5_000, 1], // 0,5 øre rounds up
    [100, 3_850, 39], // 38,5 øre rounds up
    [1_127_900, 3_800, 428_602],
    [1_000_000, 10_000, 1_000_000],
  ])('tax of %i øre at %i basis points is %i', (taxable, rate, expected) => {
    expect(taxOf(taxable, card(rate))).toBe(expected);
  });
});

const amount = fc.integer({ min: -1_000, max: 2_000_000_00 });
const anyMonth: fc.Arbitrary<MonthToCompose> = fc.record({
  lines: fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1_000_000_000 }), fc.boolean()), { maxLength: 5 })
    .map((drawn) =>
      lines(...drawn.map(([gross]) => gross)).map((line, i) =>
        drawn[i]?.[1] === true ? { ...line, taxable: false } : line,
      ),
    ),
  sanctions: fc
    .array(amount, { maxLength: 3 })
    .map((a) => a.map((value, i) => ({ id: `s${i}`, amount: value }))),
  atp: fc
    .array(fc.tuple(amount, fc.constantFrom('2021-04', '2021-05', '2024-05')), { maxLength: 3 })
    .map((a) => a.map(([citizen, period]) => atp(citizen, period))),
  taxCard: fc.option(
    fc.oneof(
      fc.record({
        rateBasisPoints: fc.integer({ min: 0, max: 10_000 }),
        monthlyAllowance: fc.integer({ min: 0, max: 10_000_000 }),
      }),
      fc.integer({ min: 0, max: 10_000 }).map(noCard),
    ),
  ),
  deductions: fc
    .array(amount, { maxLength: 4 })
    .map((a) => a.map((value, i) => ({ id: `d${i}`, requested: value }))),
  apo: amount,
});

describe('conservation, for any lines, sanctions, ATP, tax card or none, deductions and APØ', () => {
  it('the parts add up to gross to the øre, and net is never negative', () => {
    fc.assert(
      fc.property(anyMonth, (input) => {
        const m = composeMonth(input);
        expect(m.sanctions + m.atp + m.tax + m.withheld + m.apo + m.net).toBe(m.gross);
        expect(m.net).toBeGreaterThanOrEqual(0);
        for (const part of [m.sanctions, m.atp, m.tax, m.withheld, m.apo])
          expect(part).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('ATP is at most one contribution a month, and without a card tax is the rate of what is left', () => {
    fc.assert(
      fc.property(anyMonth, (input) => {
        const m = composeMonth(input);
        const firsts = new Map<string, number>();
        for (const part of input.atp) if (!firsts.has(part.period)) firsts.set(part.period, part.citizen);
        const owed = [...firsts.values()].reduce((sum, citizen) => sum + Math.max(0, citizen), 0);
        expect(m.atp).toBe(Math.min(owed, m.gross - m.sanctions));
        const card = input.taxCard;
        const taxableGross = input.lines.reduce(
          (sum, line) => sum + (line.taxable === false ? 0 : Math.max(0, line.gross)),
          0,
        );
        const base = Math.min(m.gross - m.sanctions - m.atp, Math.max(0, taxableGross - m.sanctions - m.atp));
        if (card !== null && 'kind' in card && taxableGross > 0) {
          expect(m.tax).toBe(
            Math.min(base, taxOf(base, { rateBasisPoints: card.rateBasisPoints, monthlyAllowance: 0 })),
          );
          expect(m.withheldWithoutCard).toBe(true);
        }
        if (taxableGross === 0) expect([m.tax, m.withheldWithoutCard]).toEqual([0, false]);
      }),
    );
  });

  it('tax is withheld only of the taxable lines: a tax-free line carries none, and the tax fits the rest', () => {
    fc.assert(
      fc.property(anyMonth, (input) => {
        const m = composeMonth(input);
        const free = new Set(input.lines.filter((line) => line.taxable === false).map((line) => line.id));
        for (const line of m.lines) if (free.has(line.id)) expect(line.tax).toBe(0);
        const taxableGross = input.lines.reduce(
          (sum, line) => sum + (line.taxable === false ? 0 : Math.max(0, line.gross)),
          0,
        );
        expect(m.tax).toBeLessThanOrEqual(Math.max(0, taxableGross - m.sanctions - m.atp));
      }),
    );
  });

  it('every line conserves, and the lines add up to the month', () => {
    fc.assert(
      fc.property(anyMonth, (input) => {
        const m = composeMonth(input);
        for (const line of m.lines) {
          expect(line.sanctions + line.atp + line.tax + line.withheld + line.apo + line.net).toBe(line.gross);
          expect(line.net).toBeGreaterThanOrEqual(0);
        }
        const sum = (pick: (line: (typeof m.lines)[number]) => number) =>
          m.lines.reduce((total, line) => total + pick(line), 0);
        expect([sum((l) => l.gross), sum((l) => l.tax), sum((l) => l.withheld), sum((l) => l.net)]).toEqual([
          m.gross,
          m.tax,
          m.withheld,
          m.net,
        ]);
      }),
    );
  });

  it('each deduction withholds at most what it asked, and requested = withheld + uncovered', () => {
    fc.assert(
      fc.property(anyMonth, (input) => {
        const m = composeMonth(input);
        expect(m.deductions.map((d) => d.id)).toEqual(input.deductions.map((d) => d.id));
        for (const d of m.deductions) {
          expect(d.withheld + d.uncovered).toBe(d.requested);
          expect(d.withheld).toBeGreaterThanOrEqual(0);
          expect(d.withheld).toBeLessThanOrEqual(d.requested);
        }
        expect(m.deductions.reduce((sum, d) => sum + d.withheld, 0)).toBe(m.withheld);
      }),
    );
  });

  it('a later deduction takes something only when every earlier one is covered', () => {
    fc.assert(
      fc.property(anyMonth, (input) => {
        const m = composeMonth(input);
        m.deductions.forEach((d, index) => {
          if (d.withheld > 0) expect(m.deductions.slice(0, index).every((e) => e.uncovered === 0)).toBe(true);
        });
      }),
    );
  });
});
