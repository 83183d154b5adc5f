/**
 * The ATP rule (docs/decisions/0020-atp-and-tax-without-card.md), table-driven over the sourced 2021 rates
 * (borger 95 kr., kommune 189 kr., mindstestørrelse 15.547 kr. for forsørgere and 11.698 kr. for andre)
 * and the demo's example rows after the reform.
 */
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { exampleRates, lookupFrom, sourcedRates, testRate } from '../../../test/support/rates.ts';
import type { BenefitType, Registration } from '../../cases/index.ts';
import { decideAtp } from './atp.ts';
import { computeMonth, type BenefitLine, type MonthInput } from './compute-month.ts';

const rates = lookupFrom([...sourcedRates, ...exampleRates]);

const child: Registration = {
  id: 'b1',
  personId: 'p',
  caseId: null,
  from: Temporal.PlainDate.from('2015-03-01'),
  to: null,
  value: { kind: 'barn', birthDate: Temporal.PlainDate.from('2015-03-01') },
  recordedAt: Temporal.Instant.from('2021-01-02T08:00:00Z'),
  recordedBy: 'sb',
  supersededAt: null,
};

const input = (
  over: Partial<Omit<MonthInput, 'month' | 'grant'>> & { month?: string; from?: string } = {},
): MonthInput => ({
  benefit: over.benefit ?? 'kontanthjaelp',
  birthDate: Temporal.PlainDate.from('1980-05-05'),
  grant: { from: Temporal.PlainDate.from(over.from ?? '2021-01-01'), to: null },
  month: Temporal.PlainYearMonth.from(over.month ?? '2021-05'),
  registrations: over.registrations ?? [],
  rates: over.rates ?? rates,
});

const line = (amount: number): BenefitLine => ({
  code: 'grundydelse',
  label: 'Grundydelse',
  amount,
  explanation: {
    rule: 'test',
    from: '',
    to: '',
    registrations: [],
    rates: [],
    steps: [],
    usesExampleRate: false,
  },
});

describe('ATP for an HTF month (BEK nr. 1600 af 27/12/2019 § 2, stk. 3-4)', () => {
  it.each<[string, Partial<MonthInput> & { from?: string; month?: string }, number[], number, number]>([
    // [what, input, the month's lines, citizen's share, municipality's share] in øre
    ['ikke-forsørger at the minimum size (11.698,00)', {}, [1_169_800], 9_500, 18_900],
    ['ikke-forsørger one øre below it', {}, [1_169_799], 0, 0],
    ['ikke-forsørger above it', {}, [1_500_000], 9_500, 18_900],
    ['forsørger at the minimum size (15.547,00)', { registrations: [child] }, [1_554_700], 9_500, 18_900],
    [
      'forsørger one øre below it (though above the other size)',
      { registrations: [child] },
      [1_554_699],
      0,
      0,
    ],
    ['forsørger above it', { registrations: [child] }, [1_600_000], 9_500, 18_900],
    // after the set-off of income from work (§ 2, stk. 4): 11.698,00 − 100,00 is below 11.698,00
    ['income from work set off below the size', {}, [1_169_800, -10_000], 0, 0],
    // 17-31 May: the size 11.698,00 × 15/31 = 5.660,32; the shares 95,00 and 189,00 × 15/31 = 45,97 and 91,45
    ['a part month, at its reduced size', { from: '2021-05-17' }, [566_032], 4_597, 9_145],
    ['a part month, one øre below its reduced size', { from: '2021-05-17' }, [566_031], 0, 0],
    ['a month the set-off took to nothing', {}, [1_169_800, -1_169_800], 0, 0],
  ])('%s', (_what, over, amounts, citizen, municipality) => {
    const decided = decideAtp(input(over), amounts.map(line));
    if (!decided.ok) throw new Error(decided.error.message);
    expect(decided.value).toMatchObject({ period: over.month ?? '2021-05', citizen, municipality });
  });

  it('explains the size and both shares with the rates’ keys and references, in Danish', () => {
    const decided = decideAtp(input(), [line(1_169_800)]);
    if (!decided.ok) throw new Error(decided.error.message);
    expect(decided.value?.steps).toEqual([
      { text: 'ATP for maj 2021: ydelsen efter fradrag', amount: 1_169_800 },
      {
        text: 'Mindstestørrelse for ikke-forsørger (atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger, aktivloven § 79, stk. 3) 11.698,00 kr. pr. måned (BEK nr. 1600 af 27/12/2019 § 2, stk. 3)',
        amount: 1_169_800,
      },
      {
        text: 'ATP-bidrag, borgerens andel 1/3 (atp.kontanthjaelp.borger, aktivloven § 80 (BEK nr. 1600 af 27/12/2019)) 95,00 kr. pr. måned: trækkes i ydelsen før skat',
        amount: 9_500,
      },
      {
        text: 'ATP-bidrag, kommunens andel 2/3 (atp.kontanthjaelp.kommune, aktivloven § 80 (BEK nr. 1600 af 27/12/2019)) 189,00 kr. pr. måned: betales af kommunen, trækkes ikke i ydelsen',
        amount: 18_900,
      },
    ]);
    expect(decided.value?.rates.map((rate) => rate.key)).toEqual([
      'atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger',
      'atp.kontanthjaelp.borger',
      'atp.kontanthjaelp.kommune',
    ]);
    expect(decided.value?.usesExampleRate).toBe(false);
  });

  it('says so when the benefit is below the size', () => {
    const decided = decideAtp(input(), [line(1_000_000)]);
    expect(decided.ok && decided.value?.steps.at(-1)).toEqual({
      text: 'Ydelsen er under mindstestørrelsen: der betales ikke ATP-bidrag (BEK nr. 1600 af 27/12/2019 § 2, stk. 3)',
      amount: 0,
    });
  });

  it.each<[string, string, string]>([
    // 2020: the sizes are sourced, the contributions are not
    ['2020-05', 'atp.kontanthjaelp.borger', 'Satsen atp.kontanthjaelp.borger mangler for maj 2020'],
    [
      '2022-05',
      'atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger',
      'Satsen atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger mangler for maj 2022',
    ],
  ])(
    'a month of %s whose ATP rate is missing is refused naming it, never paid as 0',
    (month, key, message) => {
      const decided = decideAtp(input({ month, from: `${month}-01`, rates: lookupFrom(sourcedRates) }), [
        line(1_169_800),
      ]);
      expect(decided.ok).toBe(false);
      if (decided.ok) return;
      expect(decided.error).toMatchObject({ code: 'sats-mangler', message, details: { key, month } });
    },
  );

  it('refuses a rate row of the wrong unit', () => {
    const wrong = lookupFrom([
      testRate(
        'atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger',
        '2021-01-01',
        '2021-12-31',
        1_169_800,
        'time',
      ),
    ]);
    const decided = decideAtp(input({ rates: wrong }), [line(1_169_800)]);
    expect(!decided.ok && decided.error.code).toBe('ugyldige-satser');
  });

  it.each<[BenefitType, string]>([
    ['personligt-tillaeg', '2021-05'],
    ['saerlig-stoette', '2021-05'],
    ['administration', '2021-05'],
  ])('no ATP for %s (not an HTF benefit)', (benefit, month) => {
    expect(decideAtp(input({ benefit, month }), [line(2_000_000)])).toEqual({ ok: true, value: null });
  });

  it('no ATP for a month the grant does not cover', () => {
    expect(decideAtp(input({ from: '2021-06-01' }), [])).toEqual({ ok: true, value: null });
  });

  it('after the reform the same keys apply; the demo has example rows for them, marked', () => {
    const decided = decideAtp(input({ month: '2026-03', from: '2026-01-01' }), [line(1_400_000)]);
    if (!decided.ok) throw new Error(decided.error.message);
    // example size 2026 for andre: 13.153,00
    expect(decided.value).toMatchObject({ citizen: 9_500, municipality: 18_900, usesExampleRate: true });
    expect(decided.value?.steps[1]?.text).toContain('eksempelsats – ikke officiel');
    const sourcedOnly = decideAtp(
      input({ month: '2026-03', from: '2026-01-01', rates: lookupFrom(sourcedRates) }),
      [line(1_400_000)],
    );
    expect(!sourcedOnly.ok && sourcedOnly.error.code).toBe('sats-mangler');
  });

  it('from the rule’s own lines: a full month of kontanthjælp from 30, 2021, is exactly at the size', () => {
    const month = input();
    const lines = computeMonth(month);
    if (!lines.ok) throw new Error(lines.error.message);
    expect(lines.value.reduce((sum, l) => sum + l.amount, 0)).toBe(1_169_800);
    const decided = decideAtp(month, lines.value);
    expect(decided.ok && decided.value?.citizen).toBe(9_500);
  });
});
