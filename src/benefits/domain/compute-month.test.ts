/**
 * The month's computation, table-driven from the sourced rates (test/fixtures/satser-kildebelagt.csv, a
 * copy of ../shared/data/satser/satser.csv) and, from 1 Jul 2025, the demo's example rates where the
 * sources have none. The sourced amounts are bm.dk's published tables (satser for 2023 and 2024), so each
 * category's full month is that table's line.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { exampleRates, lookupFrom, sourcedRates, testRate } from '../../../test/support/rates.ts';
import type { BenefitType, GrantPeriod, Registration, RegistrationValue } from '../../cases/index.ts';
import { daysCovered } from '../../cases/domain/case.ts';
import { proRata } from '../../kernel/index.ts';
import { exampleRateMarker, type Rate, type RateLookup } from '../../rates/index.ts';
import type { HtfConditions } from './htf-categories.ts';
import { knownAt } from './registrations.ts';
import {
  computeMonth,
  monthSegments,
  monthSegmentsByDay,
  requiredRateKeys,
  type BenefitLine,
  type MonthInput,
} from './compute-month.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const ym = (text: string) => Temporal.PlainYearMonth.from(text);
const kr = (amount: number) => Math.round(amount * 100);

const sourced = lookupFrom(sourcedRates);
const demo = lookupFrom([...sourcedRates, ...exampleRates]);

let nextId = 0;
function reg(value: RegistrationValue, from: string, to: string | null = null): Registration {
  nextId += 1;
  return {
    id: `r${nextId}`,
    personId: 'p1',
    caseId: value.kind === 'bevilget-beloeb' ? 'c1' : null,
    from: d(from),
    to: to === null ? null : d(to),
    value,
    recordedAt: Temporal.Instant.from('2020-01-01T00:00:00Z'),
    recordedBy: 'sb101@101',
    supersededAt: null,
  };
}
const child = (birth: string) => reg({ kind: 'barn', birthDate: d(birth) }, birth);
const atHome = () => reg({ kind: 'hjemmeboende' }, '2000-01-01');
const single = () => reg({ kind: 'civilstand', status: 'enlig', spouseOnBenefit: false }, '2000-01-01');
const married = () => reg({ kind: 'civilstand', status: 'gift', spouseOnBenefit: false }, '2000-01-01');
const income = (month: string, amount: number, hours: number) => {
  const m = ym(month);
  return reg(
    { kind: 'arbejdsindtaegt', amount: kr(amount), hours },
    m.toPlainDate({ day: 1 }).toString(),
    m.toPlainDate({ day: m.daysInMonth }).toString(),
  );
};
const spouseIncome = (month: string, amount: number, hours: number) => {
  const m = ym(month);
  return reg(
    { kind: 'aegtefaelle-arbejdsindtaegt', amount: kr(amount), hours },
    m.toPlainDate({ day: 1 }).toString(),
    m.toPlainDate({ day: m.daysInMonth }).toString(),
  );
};
const open = (from = '2000-01-01'): GrantPeriod => ({ from: d(from), to: null });

function input(
  benefit: BenefitType,
  birth: string,
  month: string,
  registrations: Registration[],
  rates: RateLookup = sourced,
  extra: Partial<MonthInput> = {},
): MonthInput {
  return { benefit, birthDate: d(birth), grant: open(), month: ym(month), registrations, rates, ...extra };
}

function lines(computed: ReturnType<typeof computeMonth>): BenefitLine[] {
  if (!computed.ok) throw new Error(`${computed.error.code}: ${computed.error.message}`);
  return computed.value;
}
const byCode = (result: BenefitLine[]) => Object.fromEntries(result.map((line) => [line.code, line.amount]));
const total = (result: BenefitLine[]) => result.reduce((sum, line) => sum + line.amount, 0);

describe('old system (aktivloven §§ 22-25 before 1 Jul 2025), a whole month, sourced rates', () => {
  it.each<[string, BenefitType, string, string, () => Registration[], number, string]>([
    [
      '30+ forsørger 2023 (bm.dk 2023: 15.874 kr.)',
      'kontanthjaelp',
      '1980-01-01',
      '2023-03',
      () => [child('2015-01-01')],
      15874,
      'kontanthjaelp.over30.forsoerger',
    ],
    [
      '30+ andre 2023 (11.944 kr.)',
      'kontanthjaelp',
      '1980-01-01',
      '2023-03',
      () => [],
      11944,
      'kontanthjaelp.over30.ikkeforsoerger',
    ],
    [
      '30+ forsørger 2024 (16.382 kr.)',
      'kontanthjaelp',
      '1980-01-01',
      '2024-06',
      () => [child('2015-01-01'), married()],
      16382,
      'kontanthjaelp.over30.forsoerger',
    ],
    [
      '30+ andre 2021 (11.698 kr.)',
      'kontanthjaelp',
      '1980-01-01',
      '2021-11',
      () => [],
      11698,
      'kontanthjaelp.over30.ikkeforsoerger',
    ],
    [
      '30+ forsørger 2020 (15.355 kr.)',
      'kontanthjaelp',
      '1980-01-01',
      '2020-02',
      () => [child('2015-01-01')],
      15355,
      'kontanthjaelp.over30.forsoerger',
    ],
    [
      'enlig forsørger under 30, 2023 (15.172 kr.)',
      'kontanthjaelp',
      '1996-01-01',
      '2023-03',
      () => [child('2020-01-01'), single()],
      15172,
      'kontanthjaelp.u30.enlig_forsoerger',
    ],
    [
      'gift forsørger under 30, 2023 (10.615 kr.)',
      'kontanthjaelp',
      '1996-01-01',
      '2023-03',
      () => [child('2020-01-01'), married()],
      10615,
      'kontanthjaelp.u30.forsoerger_uden_ekstra_boernetilskud',
    ],
    [
      '25-29 udeboende 2023 (7.699 kr.)',
      'kontanthjaelp',
      '1996-01-01',
      '2023-03',
      () => [],
      7699,
      'kontanthjaelp.25_29.udeboende',
    ],
    [
      '25-29 hjemmeboende 2023 (3.715 kr.)',
      'kontanthjaelp',
      '1996-01-01',
      '2023-03',
      () => [atHome()],
      3715,
      'kontanthjaelp.25_29.hjemmeboende',
    ],
    [
      'under 25 hjemmeboende 2024 (3.834 kr.)',
      'kontanthjaelp',
      '2002-01-01',
      '2024-03',
      () => [atHome()],
      3834,
      'kontanthjaelp.u25.hjemmeboende',
    ],
    [
      'under 25 udeboende 2021 (7.541 kr.)',
      'kontanthjaelp',
      '2002-01-01',
      '2021-03',
      () => [],
      7541,
      'kontanthjaelp.u25.udeboende',
    ],
    [
      'uddannelseshjælp under 25 udeboende 2023 (6.545 kr.)',
      'uddannelseshjaelp',
      '2002-01-01',
      '2023-03',
      () => [],
      6545,
      'uddannelseshjaelp.u25.udeboende',
    ],
    [
      'uddannelseshjælp 25-29 hjemmeboende 2020 (2.728 kr.)',
      'uddannelseshjaelp',
      '1993-01-01',
      '2020-03',
      () => [atHome()],
      2728,
      'uddannelseshjaelp.25_29.hjemmeboende',
    ],
    [
      'uddannelseshjælp enlig forsørger 2024 (13.509 kr.)',
      'uddannelseshjaelp',
      '2000-01-01',
      '2024-03',
      () => [child('2022-01-01')],
      13509,
      'uddannelseshjaelp.enlig_forsoerger',
    ],
    [
      'uddannelseshjælp samlevende forsørger 2023 (9.161 kr.)',
      'uddannelseshjaelp',
      '2000-01-01',
      '2023-03',
      () => [
        child('2022-01-01'),
        reg({ kind: 'civilstand', status: 'samlevende', spouseOnBenefit: true }, '2021-01-01'),
      ],
      9161,
      'uddannelseshjaelp.forsoerger_uden_ekstra_boernetilskud',
    ],
  ])('%s', (_name, benefit, birth, month, registrations, amount, key) => {
    const result = lines(computeMonth(input(benefit, birth, month, registrations())));
    expect(result).toHaveLength(1);
    const [line] = result;
    expect(line?.code).toBe('grundydelse');
    expect(line?.amount).toBe(kr(amount));
    expect(line?.explanation.rates.map((rate) => rate.key)).toEqual([key]);
    expect(line?.explanation.usesExampleRate).toBe(false);
    expect(line?.explanation.rule).toBe(`${benefit}@til-2025-06-30`);
    expect(line?.explanation.steps[0]?.text).toContain('hele måneden');
  });

  it.each<[string, BenefitType, string, string, () => Registration[], Record<string, number>]>([
    [
      'uddannelseshjælp under 25 udeboende 2023',
      'uddannelseshjaelp',
      '2002-01-01',
      '2023-03',
      () => [],
      { grundydelse: kr(6545), aktivitetstillaeg: kr(1154) },
    ],
    [
      'uddannelseshjælp enlig forsørger 2020',
      'uddannelseshjaelp',
      '1995-01-01',
      '2020-03',
      () => [child('2019-01-01')],
      { grundydelse: kr(12663), aktivitetstillaeg: kr(2693) },
    ],
    [
      'kontanthjælp 25-29 hjemmeboende 2023',
      'kontanthjaelp',
      '1996-01-01',
      '2023-03',
      () => [atHome()],
      { grundydelse: kr(3715), aktivitetstillaeg: kr(8231) },
    ],
    [
      'kontanthjælp gift forsørger under 30, 2024',
      'kontanthjaelp',
      '1996-01-01',
      '2024-03',
      () => [married(), child('2020-01-01')],
      { grundydelse: kr(10955), aktivitetstillaeg: kr(5428) },
    ],
    [
      'kontanthjælp under 25 has none',
      'kontanthjaelp',
      '2002-01-01',
      '2023-03',
      () => [],
      { grundydelse: kr(7699) },
    ],
    [
      'kontanthjælp 30+ has none',
      'kontanthjaelp',
      '1980-01-01',
      '2023-03',
      () => [],
      { grundydelse: kr(11944) },
    ],
  ])('aktivitetsparat: %s', (_name, benefit, birth, month, registrations, expected) => {
    const result = lines(
      computeMonth(
        input(benefit, birth, month, registrations(), sourced, { conditions: { activityReady: true } }),
      ),
    );
    expect(byCode(result)).toEqual(expected);
  });

  it('aktivitetstillæg 25-29 for kontanthjælp 2024 is refused: the only source had its labels swapped', () => {
    const result = computeMonth(
      input('kontanthjaelp', '1996-01-01', '2024-03', [], sourced, { conditions: { activityReady: true } }),
    );
    expect(!result.ok && result.error.message).toBe(
      'Satsen kontanthjaelp.aktivitetstillaeg.25_29.udeboende mangler for marts 2024',
    );
  });

  it('turning 30 ends aktivitetstillæg: by the sourced 2023 amounts the month after is 1 kr. lower', () => {
    const month = (text: string) =>
      computeMonth(
        input('kontanthjaelp', '1993-04-01', text, [], sourced, { conditions: { activityReady: true } }),
      );
    expect(total(lines(month('2023-03')))).toBe(kr(7699 + 4246));
    expect(total(lines(month('2023-04')))).toBe(kr(11944));
  });

  it('a child turned 18 no longer makes the person a forsørger', () => {
    const result = lines(
      computeMonth(input('kontanthjaelp', '1980-01-01', '2023-03', [child('2005-01-01')])),
    );
    expect(byCode(result)).toEqual({ grundydelse: kr(11944) });
  });

  it('uddannelseshjælp is refused for a person of 30', () => {
    const result = computeMonth(input('uddannelseshjaelp', '1990-01-01', '2023-03', []));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('ydelse-gaelder-ikke');
      expect(result.error.message).toContain('under 30 år');
    }
  });
});

describe('uddannelseshjælp and hjemrejseydelse cannot pay days from 1 Jul 2025', () => {
  it.each<[BenefitType]>([['uddannelseshjaelp'], ['hjemrejseydelse']])(
    '%s in July 2025 is refused',
    (benefit) => {
      const result = computeMonth(input(benefit, '2002-01-01', '2025-07', [], demo));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('ydelse-gaelder-ikke');
        expect(result.error.message).toContain('1. juli 2025');
        expect(result.error.message).toContain('01.07.2025');
      }
    },
  );

  it('a grant that ended on 30 June 2025 has nothing to pay in July', () => {
    const grant = { from: d('2024-01-01'), to: d('2025-06-30') };
    expect(computeMonth(input('uddannelseshjaelp', '2002-01-01', '2025-07', [], demo, { grant }))).toEqual({
      ok: true,
      value: [],
    });
  });
});

describe('the reform from 1 Jul 2025: a rate and its supplements', () => {
  it.each<[string, string, string, () => Registration[], HtfConditions, Record<string, number>]>([
    [
      '30+ single, no children: forhøjet sats and tillæg til enlige ikke-forsørgere',
      '1980-01-01',
      '2025-08',
      () => [single()],
      {},
      { grundydelse: kr(12770), 'tillaeg-enlig': kr(1092) },
    ],
    [
      '30+ with no civil status registered counts as single',
      '1980-01-01',
      '2025-08',
      () => [],
      {},
      { grundydelse: kr(12770), 'tillaeg-enlig': kr(1092) },
    ],
    [
      '30+ married, two children, fritidstillæg decided',
      '1980-01-01',
      '2025-08',
      () => [married(), child('2015-01-01'), child('2017-01-01')],
      { leisureSupplement: true },
      { grundydelse: kr(12770), boernetillaeg: kr(2784), fritidstillaeg: kr(900) },
    ],
    [
      '30+ married, four children: one børnetillæg, fritidstillæg for three',
      '1980-01-01',
      '2025-09',
      () => [married(), child('2012-01-01'), child('2014-01-01'), child('2016-01-01'), child('2018-01-01')],
      { leisureSupplement: true },
      { grundydelse: kr(12770), boernetillaeg: kr(2784), fritidstillaeg: kr(1350) },
    ],
    [
      '27, single forsørger, aktivitetsparat, fritidstillæg',
      '1998-01-01',
      '2025-08',
      () => [single(), child('2020-01-01')],
      { activityReady: true, leisureSupplement: true },
      {
        grundydelse: kr(6997),
        boernetillaeg: kr(2784),
        'tillaeg-enlig-forsoerger': kr(1638),
        'saerligt-ungetillaeg': kr(2590),
        fritidstillaeg: kr(112.5),
      },
    ],
    [
      '22, living at home: the rate for hjemmeboende, no supplements',
      '2003-01-01',
      '2025-08',
      () => [single(), atHome()],
      { activityReady: true },
      { grundydelse: kr(3972) },
    ],
    [
      '22, on his own, single, aktivitetsparat',
      '2003-01-01',
      '2025-08',
      () => [single()],
      { activityReady: true },
      { grundydelse: kr(6997), 'tillaeg-enlig': kr(1092), 'saerligt-ungetillaeg': kr(1036) },
    ],
    [
      '26, married, not aktivitetsparat',
      '1999-01-01',
      '2025-11',
      () => [married()],
      {},
      { grundydelse: kr(6997) },
    ],
    [
      '22 in 2026, married, aktivitetsparat (example rates 2026)',
      '2004-01-01',
      '2026-02',
      () => [married()],
      { activityReady: true },
      { grundydelse: kr(7207), 'saerligt-ungetillaeg': kr(1067) },
    ],
    [
      '30+ married forsørger in 2026, fritidstillæg 500 kr. per child (randers.dk)',
      '1980-01-01',
      '2026-05',
      () => [married(), child('2015-01-01')],
      { leisureSupplement: true },
      { grundydelse: kr(13153), boernetillaeg: kr(2868), fritidstillaeg: kr(500) },
    ],
  ])('%s', (_name, birth, month, registrations, conditions, expected) => {
    const result = lines(
      computeMonth(input('kontanthjaelp', birth, month, registrations(), demo, { conditions })),
    );
    expect(byCode(result)).toEqual(expected);
    for (const line of result) expect(line.explanation.rule).toBe('kontanthjaelp@2025-07-01');
  });

  it('marks a line computed with an example rate, and only that line', () => {
    const result = lines(computeMonth(input('kontanthjaelp', '1980-01-01', '2025-08', [single()], demo)));
    const base = result.find((line) => line.code === 'grundydelse');
    const supplement = result.find((line) => line.code === 'tillaeg-enlig');
    expect(base?.explanation.usesExampleRate).toBe(true);
    expect(base?.explanation.steps[0]?.text).toContain(exampleRateMarker);
    expect(supplement?.explanation.usesExampleRate).toBe(false);
    expect(supplement?.explanation.rates[0]?.sourceKind).toBe('sekundaer');
  });
});

describe('segments: a change in the month is paid per day', () => {
  it('turning 30 on 17 March 2024: 16 days 25-29 udeboende, 15 days 30+ andre', () => {
    const month = input('kontanthjaelp', '1994-03-17', '2024-03', []);
    const segments = monthSegments(month);
    expect(
      segments.ok && segments.value.map((segment) => [segment.from.day, segment.to.day, segment.days]),
    ).toEqual([
      [1, 16, 16],
      [17, 31, 15],
    ]);
    const result = lines(computeMonth(month));
    expect(result).toHaveLength(1);
    expect(result[0]?.amount).toBe(410065 + 596419);
    expect(result[0]?.explanation.steps.map((step) => step.amount)).toEqual([410065, 596419, 1006484]);
    expect(result[0]?.explanation.steps[0]?.text).toContain('× 16/31 dage');
    expect(result[0]?.explanation.rates.map((rate) => rate.key)).toEqual([
      'kontanthjaelp.25_29.udeboende',
      'kontanthjaelp.over30.ikkeforsoerger',
    ]);
  });

  it('a first child born on 10 May 2023: 9 days andre, 22 days forsørger', () => {
    const birth = child('2023-05-10');
    const month = input('kontanthjaelp', '1985-01-01', '2023-05', [birth]);
    const segments = monthSegments(month);
    expect(segments.ok && segments.value.map((segment) => segment.days)).toEqual([9, 22]);
    const result = lines(computeMonth(month));
    expect(result[0]?.amount).toBe(346761 + 1126542);
    expect(result[0]?.explanation.registrations.map((used) => used.id)).toEqual([birth.id]);
    expect(result[0]?.explanation.registrations[0]?.summary).toBe('barn født 10.05.2023');
  });

  it('turning 30 on 17 October 2025 in the new system: grundsats → forhøjet sats, særligt ungetillæg ends', () => {
    const month = input('kontanthjaelp', '1995-10-17', '2025-10', [single()], demo, {
      conditions: { activityReady: true },
    });
    const result = lines(computeMonth(month));
    expect(byCode(result)).toEqual({
      grundydelse: 361135 + 617903,
      'tillaeg-enlig': proRata(109200, 16, 31) + proRata(109200, 15, 31),
      'saerligt-ungetillaeg': proRata(259000, 16, 31),
    });
    const unge = result.find((line) => line.code === 'saerligt-ungetillaeg');
    expect(unge?.explanation.to).toBe('2025-10-16');
  });

  it('a grant from the 10th pays 22 of 31 days', () => {
    const result = lines(
      computeMonth(
        input('kontanthjaelp', '1980-01-01', '2023-03', [], sourced, { grant: open('2023-03-10') }),
      ),
    );
    expect(total(result)).toBe(847639);
    expect(result[0]?.explanation.from).toBe('2023-03-10');
  });

  it('a rate row changing mid-month splits the month', () => {
    const rates = lookupFrom([
      testRate('kontanthjaelp.over30.ikkeforsoerger', '2023-01-01', '2023-03-15', 100000),
      testRate('kontanthjaelp.over30.ikkeforsoerger', '2023-03-16', '2023-12-31', 200000),
    ]);
    const segments = monthSegments(input('kontanthjaelp', '1980-01-01', '2023-03', [], rates));
    expect(segments.ok && segments.value.map((segment) => segment.days)).toEqual([15, 16]);
  });

  it('a grant whose end lies before its start is refused', () => {
    const result = computeMonth(
      input('kontanthjaelp', '1980-01-01', '2023-03', [], sourced, {
        grant: { from: d('2023-03-10'), to: d('2023-03-09') },
      }),
    );
    expect(!result.ok && result.error.code).toBe('ugyldig-periode');
  });
});

describe('a month as known then and as known now (knownAt)', () => {
  it('a child registered late changes the recomputed month, not the month as it was known', () => {
    const late: Registration = {
      ...child('2015-01-01'),
      recordedAt: Temporal.Instant.from('2023-04-15T10:00:00Z'),
    };
    const month = (instant: string) =>
      computeMonth(
        input('kontanthjaelp', '1980-01-01', '2023-03', knownAt([late], Temporal.Instant.from(instant))),
      );
    expect(total(lines(month('2023-03-24T17:00:00Z')))).toBe(kr(11944));
    expect(total(lines(month('2023-05-01T00:00:00Z')))).toBe(kr(15874));
  });
});

describe('income from work, set off after the hourly disregard, never below zero', () => {
  it('5.000 kr. for 40 hours: 40 × 35 kr. disregarded, 3.600 kr. set off', () => {
    const result = lines(
      computeMonth(
        input('kontanthjaelp', '1980-01-01', '2025-08', [single(), income('2025-08', 5000, 40)], demo),
      ),
    );
    const setOff = result.find((line) => line.code === 'fradrag-arbejdsindtaegt');
    expect(setOff?.amount).toBe(-kr(3600));
    expect(setOff?.explanation.steps.map((step) => step.amount)).toEqual([
      kr(5000),
      kr(1400),
      kr(3600),
      kr(13862),
      -kr(3600),
    ]);
    expect(setOff?.explanation.usesExampleRate).toBe(true);
    expect(total(result)).toBe(kr(13862 - 3600));
  });

  it('income larger than the benefit: the month is 0, never negative', () => {
    const result = lines(
      computeMonth(
        input('kontanthjaelp', '1980-01-01', '2025-08', [single(), income('2025-08', 30000, 10)], demo),
      ),
    );
    expect(byCode(result)['fradrag-arbejdsindtaegt']).toBe(-kr(13862));
    expect(total(result)).toBe(0);
  });

  it('income below the disregard sets off nothing', () => {
    const result = lines(
      computeMonth(
        input('kontanthjaelp', '1980-01-01', '2025-08', [single(), income('2025-08', 300, 10)], demo),
      ),
    );
    expect(byCode(result)['fradrag-arbejdsindtaegt']).toBe(0);
    expect(total(result)).toBe(kr(13862));
  });

  it('half hours count: 7,5 hours × 35 kr. = 262,50 kr.', () => {
    const result = lines(
      computeMonth(
        input('kontanthjaelp', '1980-01-01', '2025-08', [single(), income('2025-08', 1000, 7.5)], demo),
      ),
    );
    const setOff = result.find((line) => line.code === 'fradrag-arbejdsindtaegt');
    expect(setOff?.explanation.steps[1]).toEqual(expect.objectContaining({ amount: 26250 }));
    expect(setOff?.explanation.steps[1]?.text).toContain('7,5 timer');
    expect(setOff?.amount).toBe(-(100000 - 26250));
  });

  it('the disregard counts at most 160 hours a month', () => {
    const result = lines(
      computeMonth(
        input('kontanthjaelp', '1980-01-01', '2025-08', [single(), income('2025-08', 10000, 200)], demo),
      ),
    );
    const setOff = result.find((line) => line.code === 'fradrag-arbejdsindtaegt');
    expect(setOff?.explanation.steps[1]?.amount).toBe(kr(160 * 35));
    expect(setOff?.explanation.steps[1]?.text).toContain('højst 160 af 200 timer');
    expect(setOff?.amount).toBe(-kr(10000 - 5600));
  });

  it.each<[string, string, number, number, number, number, number]>([
    // odense.dk: "ses der bort fra 28,40 kr. (2021) og 28,66 (2022) pr. udført arbejdstime"
    [
      '2021, 30+ andre (11.698 kr.), 3.000 kr. for 20 hours at 28,40 kr.',
      '2021-06',
      28.4,
      3000,
      20,
      568,
      11698 - 2432,
    ],
    // familieadvokaten.dk's worked example: "20 x 11,50 = 230 kr." disregarded (an older level)
    [
      'the guidance example: 20 hours × 11,50 kr. = 230 kr. disregarded',
      '2021-06',
      11.5,
      2000,
      20,
      230,
      11698 - 1770,
    ],
  ])('%s', (_name, month, perHour, earned, hours, disregarded, net) => {
    const rates = lookupFrom([
      ...sourcedRates,
      testRate('kontanthjaelp.fradrag.pr_time', '2021-01-01', '2021-12-31', kr(perHour), 'time'),
    ]);
    const result = lines(
      computeMonth(input('kontanthjaelp', '1980-01-01', month, [income(month, earned, hours)], rates)),
    );
    const setOff = result.find((line) => line.code === 'fradrag-arbejdsindtaegt');
    expect(setOff?.explanation.steps[1]?.amount).toBe(kr(disregarded));
    expect(total(result)).toBe(kr(net));
  });

  it("another month's income is not set off", () => {
    const result = lines(
      computeMonth(
        input('kontanthjaelp', '1980-01-01', '2025-08', [single(), income('2025-07', 5000, 40)], demo),
      ),
    );
    expect(result.map((line) => line.code)).not.toContain('fradrag-arbejdsindtaegt');
  });
});

describe('a missing rate is refused, naming the rate and the month', () => {
  it.each<[string, MonthInput, string, string]>([
    [
      'kontanthjælp 2022 (no source found)',
      input('kontanthjaelp', '1980-01-01', '2022-05', []),
      'kontanthjaelp.over30.ikkeforsoerger',
      'maj 2022',
    ],
    [
      'kontanthjælp in the first half of 2025',
      input('kontanthjaelp', '2000-01-01', '2025-03', []),
      'kontanthjaelp.25_29.udeboende',
      'marts 2025',
    ],
    [
      'the new grundsats without the example rates',
      input('kontanthjaelp', '2000-01-01', '2025-07', [], sourced),
      'kontanthjaelp.ny.grundsats',
      'juli 2025',
    ],
    [
      'kontanthjælp 2027',
      input('kontanthjaelp', '1980-01-01', '2027-01', [], demo),
      'kontanthjaelp.ny.forhoejet_sats',
      'januar 2027',
    ],
    [
      'hjemrejseydelse (no rates sourced)',
      input('hjemrejseydelse', '1980-01-01', '2023-03', []),
      'hjemrejseydelse.over30.ikkeforsoerger',
      'marts 2023',
    ],
    [
      'the hourly disregard before the reform',
      input('kontanthjaelp', '1980-01-01', '2023-03', [income('2023-03', 1000, 5)]),
      'kontanthjaelp.fradrag.pr_time',
      'marts 2023',
    ],
  ])('%s', (_name, month, key, monthText) => {
    const result = computeMonth(month);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('sats-mangler');
      expect(result.error.message).toBe(`Satsen ${key} mangler for ${monthText}`);
      expect(result.error.details).toEqual({ key, month: month.month.toString() });
    }
  });

  it('a rate with the wrong unit is refused', () => {
    const rates = lookupFrom([
      testRate('kontanthjaelp.over30.ikkeforsoerger', '2023-01-01', '2023-12-31', 1, 'haendelse'),
    ]);
    const result = computeMonth(input('kontanthjaelp', '1980-01-01', '2023-03', [], rates));
    expect(!result.ok && result.error.code).toBe('ugyldige-satser');
  });
});

describe('needs-based families pay the decided amount, with its reason', () => {
  it('særlig støtte: 2.000 kr. to the 19th, 3.000 kr. from the 20th of March', () => {
    const first = reg(
      { kind: 'bevilget-beloeb', monthly: kr(2000), reason: 'Høje boligudgifter' },
      '2025-03-01',
      '2025-03-19',
    );
    const second = reg({ kind: 'bevilget-beloeb', monthly: kr(3000), reason: 'Ny husleje' }, '2025-03-20');
    const result = lines(
      computeMonth(input('saerlig-stoette', '1980-01-01', '2025-03', [first, second], demo)),
    );
    expect(result).toHaveLength(1);
    expect(result[0]?.code).toBe('saerlig-stoette');
    expect(result[0]?.amount).toBe(122581 + 116129);
    expect(result[0]?.explanation.steps[0]?.text).toContain('Høje boligudgifter');
    expect(result[0]?.explanation.steps[1]?.text).toContain('Ny husleje');
    expect(result[0]?.explanation.registrations.map((used) => used.id)).toEqual([first.id, second.id]);
    expect(result[0]?.explanation.rates).toEqual([]);
    expect(result[0]?.explanation.usesExampleRate).toBe(false);
  });

  it.each<[BenefitType]>([['enkeltydelse'], ['anden-ydelse'], ['personligt-tillaeg'], ['helbredstillaeg']])(
    '%s: a whole month pays the decided amount; income is not set off',
    (benefit) => {
      const decided = reg({ kind: 'bevilget-beloeb', monthly: kr(1234.56), reason: 'Medicin' }, '2024-01-01');
      const result = lines(
        computeMonth(input(benefit, '1950-01-01', '2026-02', [decided, income('2026-02', 9000, 1)], demo)),
      );
      expect(byCode(result)).toEqual({ [benefit]: kr(1234.56) });
    },
  );

  it('a day with no decided amount is refused', () => {
    const decided = reg({ kind: 'bevilget-beloeb', monthly: kr(2000), reason: 'x' }, '2025-03-05');
    const result = computeMonth(input('saerlig-stoette', '1980-01-01', '2025-03', [decided], demo));
    expect(!result.ok && result.error.code).toBe('registrering-mangler');
    expect(!result.ok && result.error.message).toContain('01.03.2025');
  });

  it('administration pays nothing itself', () => {
    expect(computeMonth(input('administration', '1980-01-01', '2025-03', [], demo))).toEqual({
      ok: true,
      value: [],
    });
  });
});

describe('requiredRateKeys', () => {
  it('lists the old categories before the reform and the new ones after', () => {
    expect(requiredRateKeys('kontanthjaelp', ym('2025-06'))).toContain('kontanthjaelp.over30.forsoerger');
    expect(requiredRateKeys('kontanthjaelp', ym('2025-06'))).not.toContain('kontanthjaelp.ny.grundsats');
    expect(requiredRateKeys('kontanthjaelp', ym('2025-07'))).toContain('kontanthjaelp.ny.grundsats');
    expect(requiredRateKeys('uddannelseshjaelp', ym('2025-07'))).toEqual([]);
    expect(requiredRateKeys('saerlig-stoette', ym('2025-07'))).toEqual(['skat.indeholdelse.uden_skattekort']);
    expect(requiredRateKeys('administration', ym('2025-07'))).toEqual([]);
  });

  it('lists ATP for HTF months and the withholding without a tax card for every family that pays', () => {
    for (const month of ['2021-05', '2025-06', '2026-03']) {
      expect(requiredRateKeys('kontanthjaelp', ym(month))).toEqual(
        expect.arrayContaining([
          'atp.kontanthjaelp.borger',
          'atp.kontanthjaelp.kommune',
          'atp.kontanthjaelp.mindstestoerrelse.forsoerger',
          'atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger',
          'skat.indeholdelse.uden_skattekort',
        ]),
      );
    }
    expect(requiredRateKeys('personligt-tillaeg', ym('2026-03'))).not.toContain('atp.kontanthjaelp.borger');
  });

  it('covers every key a computation asked for (any facts, any month 2020-2026)', () => {
    fc.assert(
      fc.property(anyHtfInput(), (month) => {
        const asked = new Set<string>();
        const recording: RateLookup = (key, on) => {
          asked.add(key);
          return {
            ok: true,
            value: testRate(
              key,
              on.toString(),
              on.toString(),
              100000,
              key.includes('pr_time') ? 'time' : 'md',
            ),
          };
        };
        computeMonth({ ...month, rates: recording });
        const required = new Set(requiredRateKeys(month.benefit, month.month));
        for (const key of asked) expect(required.has(key), key).toBe(true);
      }),
    );
  });
});

// --- properties --------------------------------------------------------------------------------

describe("a spouse's or cohabitant's income from work (aktivloven § 30, stk. 1; § 31, stk. 1 per person)", () => {
  const help = (registrations: Registration[]) =>
    total(
      lines(computeMonth(input('kontanthjaelp', '1980-01-01', '2025-08', registrations, demo))).filter(
        (line) => line.amount > 0,
      ),
    );

  it('a married person: the spouse’s income less 35 kr. an hour is set off', () => {
    const registrations = [married(), spouseIncome('2025-08', 8000, 100)];
    const result = lines(computeMonth(input('kontanthjaelp', '1980-01-01', '2025-08', registrations, demo)));
    const setOff = result.find((line) => line.code === 'fradrag-aegtefaelle-arbejdsindtaegt');
    expect(setOff?.amount).toBe(-kr(8000 - 3500));
    expect(setOff?.label).toBe('Fradrag for ægtefælles/samlevers arbejdsindtægt');
    expect(setOff?.explanation.steps[0]?.text).toBe('Ægtefælles/samlevers arbejdsindtægt i august 2025');
    expect(setOff?.explanation.registrations.map((r) => r.kind)).toEqual(['aegtefaelle-arbejdsindtaegt']);
    expect(total(result)).toBe(help(registrations) - kr(4500));
  });

  it('a cohabitant counts as a spouse (§§ 2 a-b)', () => {
    const cohabiting = reg(
      { kind: 'civilstand', status: 'samlevende', spouseOnBenefit: false },
      '2000-01-01',
    );
    const result = lines(
      computeMonth(
        input(
          'kontanthjaelp',
          '1980-01-01',
          '2025-08',
          [cohabiting, spouseIncome('2025-08', 8000, 100)],
          demo,
        ),
      ),
    );
    expect(byCode(result)['fradrag-aegtefaelle-arbejdsindtaegt']).toBe(-kr(4500));
  });

  it('the 160 hours are counted per person: both get 160 × 35 kr. disregarded', () => {
    const result = lines(
      computeMonth(
        input(
          'kontanthjaelp',
          '1980-01-01',
          '2025-08',
          [married(), income('2025-08', 6000, 200), spouseIncome('2025-08', 7000, 180)],
          demo,
        ),
      ),
    );
    const own = result.find((line) => line.code === 'fradrag-arbejdsindtaegt');
    const spouse = result.find((line) => line.code === 'fradrag-aegtefaelle-arbejdsindtaegt');
    expect(own?.explanation.steps[1]?.amount).toBe(kr(5600));
    expect(spouse?.explanation.steps[1]?.amount).toBe(kr(5600));
    expect(own?.amount).toBe(-kr(400));
    expect(spouse?.amount).toBe(-kr(1400));
  });

  it("the applicant's own income is set off first; together they never take the month below 0", () => {
    const registrations = [married(), income('2025-08', 9000, 20), spouseIncome('2025-08', 40000, 150)];
    const before = help(registrations);
    const result = lines(computeMonth(input('kontanthjaelp', '1980-01-01', '2025-08', registrations, demo)));
    const own = -(kr(9000) - kr(20 * 35));
    expect(byCode(result)['fradrag-arbejdsindtaegt']).toBe(own);
    expect(byCode(result)['fradrag-aegtefaelle-arbejdsindtaegt']).toBe(-(before + own));
    expect(total(result)).toBe(0);
  });

  it('a single person’s registered spouse income is not set off, and the line says why', () => {
    const result = lines(
      computeMonth(
        input('kontanthjaelp', '1980-01-01', '2025-08', [single(), spouseIncome('2025-08', 8000, 100)], demo),
      ),
    );
    const setOff = result.find((line) => line.code === 'fradrag-aegtefaelle-arbejdsindtaegt');
    expect(setOff?.amount).toBe(0);
    expect(setOff?.explanation.steps.map((step) => step.text).join(' ')).toContain(
      'ikke registreret som gift eller samlevende i måneden',
    );
  });

  it('married for part of the month: the spouse’s income of the month is set off', () => {
    const registrations = [
      reg({ kind: 'civilstand', status: 'enlig', spouseOnBenefit: false }, '2000-01-01', '2025-08-14'),
      reg({ kind: 'civilstand', status: 'gift', spouseOnBenefit: false }, '2025-08-15'),
      spouseIncome('2025-08', 8000, 100),
    ];
    const result = lines(computeMonth(input('kontanthjaelp', '1980-01-01', '2025-08', registrations, demo)));
    expect(byCode(result)['fradrag-aegtefaelle-arbejdsindtaegt']).toBe(-kr(4500));
  });

  it('a spouse on help too: the line says the registered amount is what the spouse’s own help left', () => {
    const onHelp = reg({ kind: 'civilstand', status: 'gift', spouseOnBenefit: true }, '2000-01-01');
    const result = lines(
      computeMonth(
        input('kontanthjaelp', '1980-01-01', '2025-08', [onHelp, spouseIncome('2025-08', 2000, 10)], demo),
      ),
    );
    const setOff = result.find((line) => line.code === 'fradrag-aegtefaelle-arbejdsindtaegt');
    expect(setOff?.amount).toBe(-kr(2000 - 350));
    expect(setOff?.explanation.steps[3]?.text).toContain('ikke er modregnet i ægtefællens egen hjælp');
  });

  it('a needs-based family sets off no income', () => {
    const decided = reg({ kind: 'bevilget-beloeb', monthly: kr(1000), reason: 'husleje' }, '2025-01-01');
    const result = lines(
      computeMonth(
        input(
          'saerlig-stoette',
          '1980-01-01',
          '2025-08',
          [married(), decided, spouseIncome('2025-08', 8000, 1)],
          demo,
        ),
      ),
    );
    expect(result.map((line) => line.code)).toEqual(['saerlig-stoette']);
  });
});

const anyMonth = fc.integer({ min: 0, max: 7 * 12 - 1 }).map((index) => ym('2020-01').add({ months: index }));
const anyDate = (from: string, days: number) =>
  fc.integer({ min: 0, max: days }).map((n) => d(from).add({ days: n }));

/** Registrations of any shape around the month: children, living at home, civil status, income. */
function anyRegistrations(): fc.Arbitrary<Registration[]> {
  const period = fc.tuple(
    anyDate('2019-06-01', 8 * 366),
    fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
  );
  const dated = (value: fc.Arbitrary<RegistrationValue>) =>
    fc
      .tuple(value, period)
      .map(([v, [from, length]]) =>
        reg(v, from.toString(), length === null ? null : from.add({ days: length }).toString()),
      );
  return fc
    .array(
      fc.oneof(
        dated(
          anyDate('2005-01-01', 22 * 366).map((birth): RegistrationValue => ({
            kind: 'barn',
            birthDate: birth,
          })),
        ),
        dated(fc.constant<RegistrationValue>({ kind: 'hjemmeboende' })),
        dated(
          fc.record({
            kind: fc.constant('civilstand' as const),
            status: fc.constantFrom('enlig' as const, 'gift' as const, 'samlevende' as const),
            spouseOnBenefit: fc.boolean(),
          }),
        ),
        dated(
          fc.record({
            kind: fc.constantFrom('arbejdsindtaegt' as const, 'aegtefaelle-arbejdsindtaegt' as const),
            amount: fc.integer({ min: 0, max: 5_000_000 }),
            hours: fc.integer({ min: 0, max: 3000 }).map((tenths) => tenths / 10),
          }),
        ),
      ),
      { maxLength: 8 },
    )
    .map((rows) => rows);
}

const anyGrant: fc.Arbitrary<GrantPeriod> = fc
  .tuple(anyDate('2019-06-01', 8 * 366), fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }))
  .map(([from, length]) => ({ from, to: length === null ? null : from.add({ days: length }) }));

/** Every rate exists (an amount per key), so only the rule decides what happens. */
const everyRate: RateLookup = (key, on) => ({
  ok: true,
  value: testRate(
    key,
    `${on.year}-01-01`,
    `${on.year}-12-31`,
    500000 + (key.length % 7) * 1000,
    key.includes('pr_time') ? 'time' : 'md',
  ),
});

function anyHtfInput(): fc.Arbitrary<MonthInput> {
  return fc
    .record({
      benefit: fc.constantFrom<BenefitType>('kontanthjaelp', 'uddannelseshjaelp', 'hjemrejseydelse'),
      birthDate: anyDate('1960-01-01', 45 * 366),
      grant: anyGrant,
      month: anyMonth,
      registrations: anyRegistrations(),
      activityReady: fc.boolean(),
      leisureSupplement: fc.boolean(),
    })
    .map(({ activityReady, leisureSupplement, ...rest }) => ({
      ...rest,
      rates: everyRate,
      conditions: { activityReady, leisureSupplement },
    }));
}

describe('properties', () => {
  it('working out a plan only where something may change gives the same segments as day by day', () => {
    const withRates = (rates: RateLookup) => anyHtfInput().map((input) => ({ ...input, rates }));
    // Something changing inside the month: turning 25 or 30, a child born or turning 18, moving home.
    const changeInMonth: fc.Arbitrary<MonthInput> = fc
      .record({
        month: anyMonth,
        benefit: fc.constantFrom<BenefitType>('kontanthjaelp', 'uddannelseshjaelp'),
        day: fc.integer({ min: 1, max: 28 }),
        age: fc.constantFrom(25, 30),
        childDay: fc.integer({ min: 1, max: 28 }),
        childAge: fc.constantFrom(0, 18),
        homeDay: fc.option(fc.integer({ min: 1, max: 28 }), { nil: null }),
        rates: fc.constantFrom(everyRate, sourced, demo),
      })
      .map(({ month, benefit, day, age, childDay, childAge, homeDay, rates }) => {
        const child = month.toPlainDate({ day: childDay }).subtract({ years: childAge });
        const registration = (value: RegistrationValue, from: Temporal.PlainDate): Registration => ({
          id: `${value.kind}-${from.toString()}`,
          personId: 'p',
          caseId: null,
          from,
          to: null,
          value,
          recordedAt: Temporal.Instant.from('2019-01-01T00:00:00Z'),
          recordedBy: 'test',
          supersededAt: null,
        });
        return {
          benefit,
          birthDate: month.toPlainDate({ day }).subtract({ years: age }),
          grant: { from: d('2019-01-01'), to: null },
          month,
          registrations: [
            registration({ kind: 'barn', birthDate: child }, child),
            ...(homeDay === null
              ? []
              : [registration({ kind: 'hjemmeboende' }, month.toPlainDate({ day: homeDay }))]),
          ],
          rates,
        };
      });
    fc.assert(
      fc.property(fc.oneof(anyHtfInput(), withRates(sourced), withRates(demo), changeInMonth), (input) => {
        expect(monthSegments(input)).toEqual(monthSegmentsByDay(input));
      }),
      { numRuns: 400 },
    );
    // Born on 29 February, turning 30 in a year without one; a child turning 18 mid-month.
    for (const [birth, month] of [
      ['1996-02-29', '2026-02'],
      ['1996-02-29', '2026-03'],
      ['1995-06-17', '2025-06'],
    ] as const) {
      const input: MonthInput = {
        benefit: 'kontanthjaelp',
        birthDate: d(birth),
        grant: { from: d('2020-01-01'), to: null },
        month: ym(month),
        registrations: [],
        rates: demo,
      };
      expect(monthSegments(input)).toEqual(monthSegmentsByDay(input));
    }
  });

  it("segments' days always sum to the days the grant covers in the month, without gaps or overlaps", () => {
    fc.assert(
      fc.property(anyHtfInput(), (month) => {
        const segments = monthSegments(month);
        if (!segments.ok) {
          expect(['ydelse-gaelder-ikke']).toContain(segments.error.code);
          return;
        }
        const days = segments.value.reduce((sum, segment) => sum + segment.days, 0);
        expect(days).toBe(daysCovered(month.grant, month.month));
        for (const segment of segments.value)
          expect(segment.from.until(segment.to).days + 1).toBe(segment.days);
        for (let index = 1; index < segments.value.length; index++) {
          const before = segments.value[index - 1];
          const after = segments.value[index];
          if (before && after) expect(Temporal.PlainDate.compare(before.to, after.from)).toBeLessThan(0);
        }
      }),
    );
  });

  it('the month is never negative, and no line but the set-off is', () => {
    fc.assert(
      fc.property(anyHtfInput(), (month) => {
        const result = computeMonth(month);
        if (!result.ok) return;
        expect(total(result.value)).toBeGreaterThanOrEqual(0);
        for (const line of result.value) {
          if (!line.code.startsWith('fradrag-')) expect(line.amount).toBeGreaterThanOrEqual(0);
          expect(Number.isSafeInteger(line.amount)).toBe(true);
        }
      }),
    );
  });

  it('a line whose rates include an eksempel row says so, and only then', () => {
    const mixed: RateLookup = (key, on) => {
      const found = everyRate(key, on);
      if (!found.ok) return found;
      const kinds: Rate['sourceKind'][] = ['officiel', 'sekundaer', 'eksempel'];
      return { ok: true, value: { ...found.value, sourceKind: kinds[key.length % 3] ?? 'officiel' } };
    };
    fc.assert(
      fc.property(anyHtfInput(), (month) => {
        const result = computeMonth({ ...month, rates: mixed });
        if (!result.ok) return;
        for (const line of result.value) {
          const usesExample = line.explanation.rates.some((rate) => rate.sourceKind === 'eksempel');
          expect(line.explanation.usesExampleRate).toBe(usesExample);
          if (usesExample) {
            expect(line.explanation.steps.some((step) => step.text.includes(exampleRateMarker))).toBe(true);
          }
        }
      }),
    );
  });

  it('with unchanged registrations and non-decreasing rates, a month is never lower than the month before', () => {
    const months = [
      ...Array.from({ length: 23 }, (_, index) => ym('2023-01').add({ months: index })),
      ...Array.from({ length: 17 }, (_, index) => ym('2025-07').add({ months: index })),
    ];
    const allRates = [...sourcedRates, ...exampleRates];
    /** The same income registered for every month from 2023 to 2026. */
    const incomes = (oere: number, hours: number) =>
      Array.from({ length: 48 }, (_, index) =>
        income(ym('2023-01').add({ months: index }).toString(), oere / 100, hours),
      );
    fc.assert(
      fc.property(
        fc.record({
          birthDate: anyDate('1965-01-01', 45 * 366),
          children: fc.array(anyDate('2009-01-01', 13 * 366), { maxLength: 4 }),
          atHome: fc.boolean(),
          civil: fc.option(fc.constantFrom('enlig' as const, 'gift' as const, 'samlevende' as const), {
            nil: null,
          }),
          income: fc.option(
            fc.tuple(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 160 })),
            {
              nil: null,
            },
          ),
          activityReady: fc.boolean(),
          leisureSupplement: fc.boolean(),
          // per-mille raises of every rate from 2024 and from 2026 (non-decreasing rates)
          raise2024: fc.integer({ min: 1000, max: 1200 }),
          raise2026: fc.integer({ min: 1000, max: 1200 }),
          month: fc.constantFrom(...months),
        }),
        (facts) => {
          const factor = (rate: Rate) =>
            (rate.from.year >= 2024 ? facts.raise2024 / 1000 : 1) *
            (rate.from.year >= 2026 ? facts.raise2026 / 1000 : 1);
          const rates = lookupFrom(
            allRates.map((rate) => ({ ...rate, amount: Math.round(rate.amount * factor(rate)) })),
          );
          const registrations: Registration[] = [
            ...facts.children.map((birth) => child(birth.toString())),
            ...(facts.atHome ? [atHome()] : []),
            ...(facts.civil === null
              ? []
              : [reg({ kind: 'civilstand', status: facts.civil, spouseOnBenefit: false }, '2000-01-01')]),
            ...(facts.income === null ? [] : incomes(facts.income[0], facts.income[1])),
          ];
          const compute = (month: Temporal.PlainYearMonth) =>
            computeMonth({
              benefit: 'kontanthjaelp',
              birthDate: facts.birthDate,
              grant: open('2020-01-01'),
              month,
              registrations,
              rates,
              // The old aktivitetstillæg is left out: it ends at 30 and the sourced amounts then drop by
              // 1-2 kr. (see the example test above), a fact of the rates, not of the rule.
              conditions: {
                activityReady:
                  facts.activityReady && Temporal.PlainYearMonth.compare(month, ym('2025-07')) >= 0,
                leisureSupplement: facts.leisureSupplement,
              },
            });
          const before = compute(facts.month);
          const after = compute(facts.month.add({ months: 1 }));
          if (!before.ok || !after.ok) return;
          expect(total(after.value)).toBeGreaterThanOrEqual(total(before.value));
        },
      ),
    );
  });
});
