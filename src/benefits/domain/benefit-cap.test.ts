/**
 * The benefit cap (kontanthjælpsloftet, aktivloven § 25 b until 30 Jun 2025) on særlig støtte: table-driven
 * from the sourced caps of 2023 and 2024 (bm.dk) and the guidance's worked example, and properties of the
 * order of reduction: the help is never reduced, særlig støtte first, then boligstøtte.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { lookupFrom, sourcedRates, testRate } from '../../../test/support/rates.ts';
import type { BenefitType, Registration, RegistrationValue } from '../../cases/index.ts';
import type { RateLookup } from '../../rates/index.ts';
import { capKey, decideBenefitCap } from './benefit-cap.ts';
import { computeMonth, requiredRateKeys, type MonthInput } from './compute-month.ts';
import { benefitCapKeys } from './rate-keys.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const ym = (text: string) => Temporal.PlainYearMonth.from(text);
const kr = (amount: number) => Math.round(amount * 100);

let nextId = 0;
function reg(value: RegistrationValue, from: string, caseId: string | null = null): Registration {
  nextId += 1;
  return {
    id: `r${nextId}`,
    personId: 'p1',
    caseId,
    from: d(from),
    to: null,
    value,
    recordedAt: Temporal.Instant.from('2016-01-01T00:00:00Z'),
    recordedBy: 'sb101@101',
    supersededAt: null,
  };
}

const married = (from = '2000-01-01') =>
  reg({ kind: 'civilstand', status: 'gift', spouseOnBenefit: true }, from);
const child = (birth: string) => reg({ kind: 'barn', birthDate: d(birth) }, birth);
const housing = (monthly: number, adults: number, from = '2000-01-01') =>
  reg({ kind: 'boligstoette', monthly: kr(monthly), adults }, from);
const decided = (monthly: number, from = '2000-01-01') =>
  reg({ kind: 'bevilget-beloeb', monthly: kr(monthly), reason: 'Høj husleje' }, from, 'saes');

interface Person {
  readonly benefit?: BenefitType;
  readonly birth: string;
  readonly month: string;
  readonly facts: Registration[];
  readonly support: number;
  readonly helpFrom?: string;
  readonly helpTo?: string | null;
  readonly rates?: RateLookup;
}

const sourced = lookupFrom(sourcedRates);

function inputs(person: Person): { support: MonthInput; help: MonthInput[] } {
  const rates = person.rates ?? sourced;
  const month = ym(person.month);
  const support: MonthInput = {
    benefit: 'saerlig-stoette',
    birthDate: d(person.birth),
    grant: { from: d('2000-01-01'), to: null },
    month,
    registrations: [...person.facts, decided(person.support)],
    rates,
  };
  const help: MonthInput = {
    benefit: person.benefit ?? 'kontanthjaelp',
    birthDate: d(person.birth),
    grant: { from: d(person.helpFrom ?? '2000-01-01'), to: person.helpTo ? d(person.helpTo) : null },
    month,
    registrations: person.facts,
    rates,
  };
  return { support, help: [help] };
}

function cap(person: Person) {
  const result = decideBenefitCap(inputs(person));
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const steps = (person: Person) =>
  Object.fromEntries((cap(person)?.explanation.steps ?? []).map((step, index) => [index, step.amount]));

describe('the cap key: stk. 1 from 30 on kontanthjælp, stk. 2 under 30, stk. 3 uddannelseshjælp', () => {
  it.each<[BenefitType, number, number, 'enlig' | 'gift', string]>([
    ['kontanthjaelp', 35, 0, 'enlig', 'kontanthjaelpsloft.stk1.enlig.ikkeforsoerger'],
    ['kontanthjaelp', 35, 1, 'enlig', 'kontanthjaelpsloft.stk1.enlig.1barn'],
    ['kontanthjaelp', 35, 3, 'enlig', 'kontanthjaelpsloft.stk1.enlig.2plusboern'],
    ['kontanthjaelp', 35, 0, 'gift', 'kontanthjaelpsloft.stk1.gift.ikkeforsoerger'],
    ['kontanthjaelp', 35, 1, 'gift', 'kontanthjaelpsloft.stk1.gift.forsoerger'],
    ['kontanthjaelp', 35, 2, 'gift', 'kontanthjaelpsloft.stk1.gift.forsoerger'],
    ['kontanthjaelp', 27, 0, 'enlig', 'kontanthjaelpsloft.stk2.enlig.ikkeforsoerger'],
    ['kontanthjaelp', 24, 1, 'gift', 'kontanthjaelpsloft.stk2.gift.1barn'],
    ['kontanthjaelp', 29, 2, 'gift', 'kontanthjaelpsloft.stk2.gift.2plusboern'],
    ['uddannelseshjaelp', 22, 0, 'gift', 'kontanthjaelpsloft.stk3.gift.ikkeforsoerger'],
    ['uddannelseshjaelp', 22, 2, 'enlig', 'kontanthjaelpsloft.stk3.enlig.2plusboern'],
    ['hjemrejseydelse', 40, 0, 'enlig', 'kontanthjaelpsloft.hjemrejseydelse.enlig.ikkeforsoerger'],
  ])('%s, %i years, %i children, %s: %s', (benefit, age, children, civilStatus, key) => {
    expect(capKey(benefit, { age, children, livesAtHome: false, civilStatus }).key).toBe(key);
  });

  it('every key but hjemrejseydelse’s is one the sourced data has for 2023 and 2024', () => {
    for (const year of ['2023', '2024']) {
      const day = d(`${year}-06-01`);
      for (const key of benefitCapKeys) expect(sourced(key, day).ok, `${key} ${year}`).toBe(true);
    }
  });
});

describe('the cap on a month of særlig støtte', () => {
  // The guidance's worked example (Arbejdsmarkedets Rekrutteringsstyrelse, 2016-level, as dingaeld.dk
  // quotes it): a single mother of 2 on kontanthjælp 14.575 kr., særlig støtte 445 kr., boligstøtte 3.515 kr.;
  // cap 15.554 kr. (§ 25 b, stk. 1, nr. 4, 2016-level): særlig støtte lapses, boligstøtte falls to 979 kr.
  const example = lookupFrom([
    testRate('kontanthjaelp.over30.forsoerger', '2016-01-01', '2016-12-31', kr(14575)),
    testRate('kontanthjaelpsloft.stk1.enlig.2plusboern', '2016-01-01', '2016-12-31', kr(15554)),
  ]);

  it('the worked example: særlig støtte reduced to 0, 2.536 kr. of boligstøtte left to Udbetaling Danmark', () => {
    const person: Person = {
      birth: '1980-03-01',
      month: '2016-11',
      facts: [child('2010-01-01'), child('2012-01-01'), housing(3515, 1)],
      support: 445,
      rates: example,
    };
    expect(cap(person)?.amount).toBe(-kr(445));
    expect(steps(person)).toEqual({
      0: kr(15554),
      1: kr(14575),
      2: kr(445),
      3: kr(3515),
      4: kr(18535),
      5: kr(2981),
      6: -kr(445),
      7: kr(2536),
    });
    expect(kr(3515) - kr(2536)).toBe(kr(979));
  });

  it.each<[string, Person, number]>([
    [
      '2024, 30+, single, no children (cap 14.909): 12.326 + 2.000 + 3.000 = 17.326, særlig støtte reduced 2.000',
      { birth: '1980-03-01', month: '2024-05', facts: [housing(3000, 1)], support: 2000 },
      -kr(2000),
    ],
    [
      '2024, 30+, single, no boligstøtte: 12.326 + 1.500 = 13.826 under 14.909, nothing reduced',
      { birth: '1980-03-01', month: '2024-05', facts: [], support: 1500 },
      0,
    ],
    [
      '2024, 30+, single: 12.326 + 2.000 + 1.000 = 15.326, 417 kr. over, taken from særlig støtte',
      { birth: '1980-03-01', month: '2024-05', facts: [housing(1000, 1)], support: 2000 },
      -kr(417),
    ],
    [
      '2023, married, 30+, 1 child (cap = the rate 15.874): boligstøtte 4.000 shared by 2 adults',
      {
        birth: '1980-03-01',
        month: '2023-09',
        facts: [married(), child('2015-01-01'), housing(4000, 2)],
        support: 1000,
      },
      -kr(1000),
    ],
  ])('%s', (_name, person, amount) => {
    const line = cap(person);
    expect(line?.amount).toBe(amount);
    expect(line?.code).toBe('kontanthjaelpsloft');
  });

  it('a 27-year-old: the help is the 25-29 rate, so the cap counts it', () => {
    const person: Person = {
      birth: '1997-01-10',
      month: '2024-05',
      facts: [housing(1200, 3)],
      support: 1000,
    };
    const help = computeMonth({ ...inputs(person).help[0]!, explain: false });
    const helpAmount = help.ok ? help.value.reduce((sum, line) => sum + line.amount, 0) : Number.NaN;
    const over = Math.max(0, helpAmount + kr(1000) + kr(400) - kr(11414));
    expect(cap(person)?.amount).toBe(over === 0 ? 0 : -Math.min(over, kr(1000)));
    expect(cap(person)?.explanation.rates[0]?.key).toBe('kontanthjaelpsloft.stk2.enlig.ikkeforsoerger');
  });

  it('income from work set off in the help leaves room for særlig støtte', () => {
    const rates = lookupFrom([
      ...sourcedRates,
      testRate('kontanthjaelp.fradrag.pr_time', '2024-01-01', '2024-12-31', kr(30), 'time'),
    ]);
    const income = reg({ kind: 'arbejdsindtaegt', amount: kr(3000), hours: 20 }, '2024-05-01');
    const without: Person = {
      birth: '1980-03-01',
      month: '2024-05',
      facts: [housing(3000, 1)],
      support: 2000,
      rates,
    };
    const working: Person = { ...without, facts: [...without.facts, { ...income, to: d('2024-05-31') }] };
    expect(cap(without)?.amount).toBe(-kr(2000));
    // help 12.326 − (3.000 − 600) = 9.926; 9.926 + 2.000 + 3.000 = 14.926: 17 kr. over 14.909
    expect(cap(working)?.amount).toBe(-kr(17));
  });

  it('help for half the month: the cap, the særlig støtte and the boligstøtte count the same days', () => {
    const person: Person = {
      birth: '1980-03-01',
      month: '2024-06',
      facts: [housing(3000, 1)],
      support: 2000,
      helpFrom: '2024-06-16',
    };
    const line = cap(person);
    expect(line?.explanation.from).toBe('2024-06-16');
    expect(line?.explanation.to).toBe('2024-06-30');
    // 15 of 30 days: cap 7.454,50, help 6.163,00, særlig støtte 1.000,00, boligstøtte 1.500,00
    expect(line?.explanation.steps.map((step) => step.amount).slice(0, 4)).toEqual([
      745450, 616300, 100000, 150000,
    ]);
    // 1.208,50 kr. over: all 1.000,00 of særlig støtte, and 208,50 of boligstøtte
    expect(line?.amount).toBe(-100000);
    expect(line?.explanation.steps.at(-1)?.amount).toBe(616300 + 100000 + 150000 - 745450 - 100000);
  });

  it('no cap from 1 Jul 2025, nor without help in the month, nor before 1 Oct 2016', () => {
    expect(cap({ birth: '1980-03-01', month: '2025-07', facts: [], support: 2000 })).toBeUndefined();
    expect(
      cap({
        birth: '1980-03-01',
        month: '2024-05',
        facts: [],
        support: 2000,
        helpFrom: '2024-06-01',
      }),
    ).toBeUndefined();
    expect(
      cap({ birth: '1980-03-01', month: '2016-09', facts: [], support: 2000, rates: lookupFrom([]) }),
    ).toBeUndefined();
  });

  it('a missing cap is refused, naming the key and the month', () => {
    const rates = lookupFrom([
      testRate('kontanthjaelp.over30.ikkeforsoerger', '2022-01-01', '2022-12-31', 1),
    ]);
    const result = decideBenefitCap(
      inputs({ birth: '1980-03-01', month: '2022-03', facts: [], support: 100, rates }),
    );
    expect(result.ok ? 'ok' : result.error.message).toBe(
      'Satsen kontanthjaelpsloft.stk1.enlig.ikkeforsoerger mangler for marts 2022',
    );
  });

  it('særlig støtte needs the cap keys in its months before the reform, and not after', () => {
    expect(requiredRateKeys('saerlig-stoette', ym('2024-05'))).toEqual(
      expect.arrayContaining([...benefitCapKeys]),
    );
    expect(
      requiredRateKeys('saerlig-stoette', ym('2025-07')).some((key) => key.startsWith('kontanthjaelpsloft')),
    ).toBe(false);
    expect(
      requiredRateKeys('kontanthjaelp', ym('2024-05')).some((key) => key.startsWith('kontanthjaelpsloft')),
    ).toBe(false);
  });
});

describe('properties of the order of reduction', () => {
  it('særlig støtte is reduced by what is over the cap, at most all of it; boligstøtte takes the rest; the help never', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('enlig' as const, 'gift' as const),
        fc.integer({ min: 20, max: 60 }),
        (support, housingAmount, adults, children, civilStatus, age) => {
          const facts = [
            ...(civilStatus === 'gift' ? [married()] : []),
            ...Array.from({ length: children }, (_, index) => child(`201${String(index)}-01-01`)),
            housing(housingAmount, adults),
          ];
          const person: Person = { birth: `${String(2024 - age)}-01-15`, month: '2024-05', facts, support };
          const line = cap(person);
          const amounts = line?.explanation.steps.map((step) => step.amount) ?? [];
          expect(amounts).toHaveLength(8);
          const [limit = 0, help = 0, saes = 0, share = 0, together = 0, over = 0, reduced = 0, rest = 0] =
            amounts;
          expect(together).toBe(help + saes + share);
          expect(over).toBe(Math.max(0, together - limit));
          expect(-reduced).toBe(Math.min(over, saes));
          expect(rest).toBe(Math.min(over + reduced, share));
          expect(line?.amount).toBe(reduced === 0 ? 0 : reduced);
          expect(saes + reduced).toBeGreaterThanOrEqual(0);
          // More særlig støtte never lowers what is paid of it after the cap.
          const more = cap({ ...person, support: support + 100 });
          expect(kr(support + 100) + (more?.amount ?? 0)).toBeGreaterThanOrEqual(
            kr(support) + (line?.amount ?? 0),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
