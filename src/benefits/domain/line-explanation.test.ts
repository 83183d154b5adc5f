import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { lookupFrom, testRate } from '../../../test/support/rates.ts';
import type { Registration } from '../../cases/index.ts';
import { computeMonth } from './compute-month.ts';
import {
  explanationTextLines,
  instantText,
  readLineExplanation,
  ruleText,
  type LineExplanation,
} from './line-explanation.ts';

/** A rule's line as line-amounts.ts stores it. */
const ruleLine = {
  code: 'grundydelse',
  label: 'Kontanthjælp',
  amount: 700290,
  explanation: {
    rule: 'kontanthjaelp@2025-07-01',
    from: '2025-08-15',
    to: '2025-08-31',
    registrations: [
      {
        id: 'r1',
        kind: 'barn',
        from: '2015-03-01',
        to: null,
        recordedAt: '2025-10-06T08:00:00Z',
        summary: 'barn født 01.03.2015',
      },
    ],
    rates: [
      {
        key: 'kontanthjaelp.ny.forhoejet_sats',
        description: 'Forhøjet sats (fyldt 30 år)',
        amount: 1277000,
        unit: 'md',
        from: '2025-07-01',
        to: '2025-12-31',
        reference: 'aktivloven kap. 4',
        source: 'Eksempel til demo',
        sourceKind: 'eksempel',
      },
    ],
    steps: [{ text: '15.08.2025-31.08.2025: Forhøjet sats, × 17/31 dage', amount: 700290 }],
    usesExampleRate: true,
  },
};

const composition = {
  steps: [
    { text: 'Bevilget i alt (brutto)', amount: 700290 },
    { text: 'Skattekort mangler: der er ikke trukket A-skat', amount: 0 },
    { text: 'Til udbetaling (netto)', amount: 700290 },
  ],
  taxCardMissing: true,
};

const nothing: LineExplanation = {
  rules: [],
  parts: [],
  steps: [],
  composition: [],
  atp: [],
  tax: [],
  taxCardMissing: false,
  withheldWithoutCard: false,
  usesExampleRate: false,
};

const atpSteps = [
  { text: 'ATP for maj 2021: ydelsen efter fradrag', amount: 1169800 },
  {
    text: 'Mindstestørrelse for ikke-forsørger (atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger, aktivloven § 79, stk. 3) 11.698,00 kr. pr. måned (BEK nr. 1600 af 27/12/2019 § 2, stk. 3)',
    amount: 1169800,
  },
  {
    text: 'ATP-bidrag, borgerens andel 1/3 (atp.kontanthjaelp.borger, aktivloven § 80) 95,00 kr. pr. måned: trækkes i ydelsen før skat',
    amount: 9500,
  },
];
const noCardStep = {
  text: 'Skattekort ikke modtaget: A-skat 55 % af 11.603,00 kr. uden fradrag (skat.indeholdelse.uden_skattekort, KSL § 48, stk. 8)',
  amount: -638165,
};

describe('readLineExplanation', () => {
  it.each<[string, unknown, Partial<LineExplanation>]>([
    ['a planned line (null)', null, {}],
    ['a value of another shape', 'tekst', {}],
    ['an array', [1, 2], {}],
    [
      'a line that pays nothing monthly',
      { benefit: null, composition },
      {
        composition: composition.steps,
        taxCardMissing: true,
      },
    ],
    [
      'a fixed monthly amount',
      {
        benefit: {
          rule: 'fastsat-beloeb',
          steps: [
            { text: 'Fastsat månedligt beløb', amount: 310000 },
            { text: 'Hele måneden er bevilget', amount: 310000 },
          ],
        },
      },
      {
        rules: ['fastsat månedligt beløb (registreret på sagen)'],
        steps: [
          { text: 'Fastsat månedligt beløb', amount: 310000 },
          { text: 'Hele måneden er bevilget', amount: 310000 },
        ],
      },
    ],
    [
      'steps of another shape are left out',
      {
        benefit: {
          rule: 'fastsat-beloeb',
          steps: [{ text: 1, amount: 'x' }, null, { text: 'Ok', amount: 1 }],
        },
      },
      { rules: ['fastsat månedligt beløb (registreret på sagen)'], steps: [{ text: 'Ok', amount: 1 }] },
    ],
    [
      'the month’s ATP and A-tax without a tax card',
      {
        atp: { steps: atpSteps, usesExampleRate: true },
        composition: {
          steps: [noCardStep],
          taxStep: noCardStep,
          taxCardMissing: true,
          withheldWithoutCard: true,
        },
      },
      {
        atp: atpSteps,
        tax: [noCardStep],
        composition: [noCardStep],
        taxCardMissing: true,
        withheldWithoutCard: true,
        usesExampleRate: true,
      },
    ],
    [
      'an amount that is no whole number of øre is left out',
      { composition: { steps: [{ text: 'Brøk', amount: 1.5 }], taxCardMissing: 'ja' } },
      {},
    ],
  ])('reads %s', (_what, stored, expected) => {
    expect(readLineExplanation(stored)).toEqual({ ...nothing, ...expected });
  });

  it('reads a rule’s line: the rule with its legal basis, each step, registration and rate in Danish', () => {
    const read = readLineExplanation({
      benefit: { lines: [ruleLine], usesExampleRate: true },
      composition,
    });
    expect(read.rules).toEqual([
      'kontanthjaelp@2025-07-01 (lov om aktiv socialpolitik §§ 16-20 (kontanthjælpsreformen, LBK nr. 1004 af 30/06/2025))',
    ]);
    expect(read.usesExampleRate).toBe(true);
    expect(read.taxCardMissing).toBe(true);
    expect(read.parts).toEqual([
      {
        label: 'Kontanthjælp',
        amount: 700290,
        rules: read.rules,
        period: '15.08.2025-31.08.2025',
        steps: [{ text: '15.08.2025-31.08.2025: Forhøjet sats, × 17/31 dage', amount: 700290 }],
        registrations: ['Barn født 01.03.2015 (gælder fra 01.03.2015, registreret 06.10.2025 kl. 10:00)'],
        rates: [
          'Forhøjet sats (fyldt 30 år) (kontanthjaelp.ny.forhoejet_sats): 12.770,00 kr. pr. måned; gælder 01.07.2025-31.12.2025; hjemmel: aktivloven kap. 4; kilde: Eksempel til demo; eksempelsats – ikke officiel',
        ],
        usesExampleRate: true,
      },
    ]);
  });

  it('reads what computeMonth decides, as the run stores it', () => {
    const child: Registration = {
      id: 'b1',
      personId: 'p',
      caseId: null,
      from: Temporal.PlainDate.from('2020-01-01'),
      to: null,
      value: { kind: 'barn', birthDate: Temporal.PlainDate.from('2020-01-01') },
      recordedAt: Temporal.Instant.from('2025-01-02T08:00:00Z'),
      recordedBy: 'sb',
      supersededAt: null,
    };
    const computed = computeMonth({
      benefit: 'kontanthjaelp',
      birthDate: Temporal.PlainDate.from('1980-05-05'),
      grant: { from: Temporal.PlainDate.from('2026-03-10'), to: null },
      month: Temporal.PlainYearMonth.from('2026-03'),
      registrations: [child],
      rates: lookupFrom([
        testRate('kontanthjaelp.ny.forhoejet_sats', '2026-01-01', '2026-12-31', 1_315_300, 'md', 'eksempel'),
        testRate('kontanthjaelp.ny.boernetillaeg', '2026-01-01', '2026-12-31', 290_000),
        testRate('kontanthjaelp.ny.tillaeg.enlig_forsoerger', '2026-01-01', '2026-12-31', 100_000),
        testRate('kontanthjaelp.fradrag.pr_time', '2026-01-01', '2026-12-31', 3_000, 'time'),
      ]),
    });
    if (!computed.ok) throw new Error(computed.error.message);
    const stored = JSON.parse(
      JSON.stringify({
        benefit: {
          lines: computed.value.map((line) => ({ ...line })),
          usesExampleRate: computed.value.some((line) => line.explanation.usesExampleRate),
        },
      }),
    ) as unknown;
    const read = readLineExplanation(stored);
    expect(read.parts.map((part) => part.label)).toEqual(computed.value.map((line) => line.label));
    expect(read.parts.map((part) => part.amount)).toEqual(computed.value.map((line) => line.amount));
    expect(read.usesExampleRate).toBe(true);
    for (const part of read.parts) {
      expect(part.period).toBe('10.03.2026-31.03.2026');
      expect(part.steps.length).toBeGreaterThan(0);
      expect(part.rates.every((rate) => rate.includes('hjemmel: test'))).toBe(true);
    }
  });
});

describe('explanationTextLines (the statement’s text)', () => {
  it.each<[string, unknown, string[]]>([
    ['a planned line', null, []],
    [
      'a fixed amount',
      { benefit: { rule: 'fastsat-beloeb', steps: [{ text: 'Fastsat månedligt beløb', amount: 310000 }] } },
      [
        'Beregnet efter: fastsat månedligt beløb (registreret på sagen)',
        'Fastsat månedligt beløb: 3.100,00 kr.',
      ],
    ],
    [
      'a rule’s line',
      { benefit: { lines: [ruleLine] } },
      [
        'Beregnet efter: kontanthjaelp@2025-07-01 (lov om aktiv socialpolitik §§ 16-20 (kontanthjælpsreformen, LBK nr. 1004 af 30/06/2025))',
        'Kontanthjælp: 7.002,90 kr.',
        '  15.08.2025-31.08.2025: Forhøjet sats, × 17/31 dage: 7.002,90 kr.',
        '  Oplysning: Barn født 01.03.2015 (gælder fra 01.03.2015, registreret 06.10.2025 kl. 10:00)',
        '  Sats: Forhøjet sats (fyldt 30 år) (kontanthjaelp.ny.forhoejet_sats): 12.770,00 kr. pr. måned; gælder 01.07.2025-31.12.2025; hjemmel: aktivloven kap. 4; kilde: Eksempel til demo; eksempelsats – ikke officiel',
      ],
    ],
    [
      'the month’s ATP and A-tax without a tax card, with the rates’ keys and references',
      {
        benefit: { rule: 'fastsat-beloeb', steps: [] },
        atp: { steps: atpSteps },
        composition: {
          steps: [noCardStep],
          taxStep: noCardStep,
          taxCardMissing: true,
          withheldWithoutCard: true,
        },
      },
      [
        'Beregnet efter: fastsat månedligt beløb (registreret på sagen)',
        'ATP-bidrag:',
        '  ATP for maj 2021: ydelsen efter fradrag: 11.698,00 kr.',
        '  Mindstestørrelse for ikke-forsørger (atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger, aktivloven § 79, stk. 3) 11.698,00 kr. pr. måned (BEK nr. 1600 af 27/12/2019 § 2, stk. 3): 11.698,00 kr.',
        '  ATP-bidrag, borgerens andel 1/3 (atp.kontanthjaelp.borger, aktivloven § 80) 95,00 kr. pr. måned: trækkes i ydelsen før skat: 95,00 kr.',
        'Skattekort ikke modtaget: A-skat 55 % af 11.603,00 kr. uden fradrag (skat.indeholdelse.uden_skattekort, KSL § 48, stk. 8): -6.381,65 kr.',
      ],
    ],
    [
      'with a tax card, no tax step (the statement sums the month)',
      {
        benefit: { rule: 'fastsat-beloeb', steps: [] },
        composition: { taxStep: { text: 'A-skat: 38 %', amount: -100 }, taxCardMissing: false },
      },
      ['Beregnet efter: fastsat månedligt beløb (registreret på sagen)'],
    ],
  ])('writes %s', (_what, stored, expected) => {
    expect(explanationTextLines(readLineExplanation(stored))).toEqual(expected);
  });
});

describe('the Danish words', () => {
  it.each([
    [
      'kontanthjaelp@til-2025-06-30',
      'kontanthjaelp@til-2025-06-30 (lov om aktiv socialpolitik §§ 22-25 (ordlyd før 1. juli 2025), § 25)',
    ],
    ['fastsat-beloeb', 'fastsat månedligt beløb (registreret på sagen)'],
    ['ukendt@1', 'ukendt@1'],
  ])('names the rule %s', (id, text) => {
    expect(ruleText(id)).toBe(text);
  });

  it.each([
    ['2025-10-06T08:00:00Z', '06.10.2025 kl. 10:00'],
    ['2025-01-06T08:00:00Z', '06.01.2025 kl. 09:00'],
    ['ikke et tidspunkt', 'ikke et tidspunkt'],
  ])('writes the instant %s in Danish time', (iso, text) => {
    expect(instantText(iso)).toBe(text);
  });
});
