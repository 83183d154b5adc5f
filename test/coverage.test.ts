/**
 * The coverage check (docs/decisions/0012-rates-as-dated-data.md, "The coverage window"): for every
 * benefit family and every month the shipped installation can pay, the rule registry has exactly one
 * version on every day, and each rate key the rules may need has exactly one row on every day, over the
 * rates the demo loads (data/satser/satser.csv and data/satser/eksempel.csv). The months outside the
 * window are those the sourced data leaves open (data/satser/README.md); a test pins that they are.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  checkRuleCoverage,
  rateRequirements,
  ruleFamilies,
  ruleVersions,
  type RuleVersion,
} from '../src/benefits/index.ts';
import { benefitTypes } from '../src/cases/index.ts';
import { DEMO_START, demoRateFiles } from '../src/demo/index.ts';
import { checkCoverage, parseRates, type CoverageProblem, type Rate } from '../src/rates/index.ts';

/**
 * The months the shipped installation can pay: from the reform on 1 Jul 2025 (a back-payment for an
 * earlier month needs old-system rates the sourced data lacks and is refused with `sats-mangler`) to the
 * last month the demo's rate files cover (2027 needs the system owner's file).
 */
const windowStart = Temporal.PlainYearMonth.from('2025-07');
const windowEnd = Temporal.PlainYearMonth.from('2026-12');

const demoRates: readonly Rate[] = demoRateFiles.flatMap((file) => {
  const parsed = parseRates(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
  return parsed.value;
});

const show = (problems: readonly CoverageProblem[]) =>
  problems.map(
    (p) =>
      `${p.benefit} ${p.month.toString()} ${p.key}: ${p.problem} ${p.days.map((d) => `${d.from.toString()}/${d.to.toString()}`).join(', ')}`,
  );

const rateProblems = (rates: readonly Rate[]) =>
  show(checkCoverage(rates, rateRequirements(windowStart, windowEnd)));

const row = (key: string, from: string, to: string): Rate => {
  const found = demoRates.find((rate) => rate.key === key && rate.from.toString() === from);
  if (found === undefined) throw new Error(`No demo rate ${key} from ${from}`);
  return { ...found, to: Temporal.PlainDate.from(to) };
};

describe('the coverage check over the months the shipped installation can pay (2025-07 to 2026-12)', () => {
  it('the demo loads exactly the sourced file and the example file', () => {
    expect(demoRateFiles.map((file) => path.relative(path.resolve('data/satser'), file))).toEqual([
      'satser.csv',
      'eksempel.csv',
    ]);
    expect(demoRates.some((rate) => rate.sourceKind === 'eksempel')).toBe(true);
  });

  it('the window holds the demo start, so every month the demo pays and back-pays lies inside it', () => {
    const demoMonth = Temporal.PlainDateTime.from(DEMO_START).toPlainDate().toPlainYearMonth();
    expect(Temporal.PlainYearMonth.compare(windowStart, demoMonth)).toBeLessThanOrEqual(0);
    expect(Temporal.PlainYearMonth.compare(demoMonth, windowEnd)).toBeLessThanOrEqual(0);
  });

  it('checks every family of the registry, and the registry has a rule for every family', () => {
    expect([...ruleFamilies()].sort()).toEqual([...benefitTypes].sort());
    const checked = new Set(rateRequirements(windowStart, windowEnd).map((r) => r.benefit));
    expect([...checked].sort()).toEqual([...benefitTypes].sort());
  });

  it('the rule registry has exactly one version of each family on every day of the window', () => {
    expect(checkRuleCoverage(ruleVersions, windowStart, windowEnd, benefitTypes)).toEqual([]);
  });

  it('every rate key any family may need has exactly one row on every day of the window', () => {
    expect(rateRequirements(windowStart, windowEnd).some((r) => r.keys.length > 0)).toBe(true);
    expect(rateProblems(demoRates)).toEqual([]);
  });

  it('knows the composition’s rates: ATP for kontanthjælp and the withholding without a tax card', () => {
    const kontanthjaelp = rateRequirements(windowStart, windowEnd).filter(
      (r) => r.benefit === 'kontanthjaelp',
    );
    for (const requirement of kontanthjaelp) {
      expect(requirement.keys).toEqual(
        expect.arrayContaining([
          'atp.kontanthjaelp.borger',
          'atp.kontanthjaelp.kommune',
          'atp.kontanthjaelp.mindstestoerrelse.forsoerger',
          'atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger',
          'skat.indeholdelse.uden_skattekort',
        ]),
      );
    }
    const withoutSourcedWithholding = demoRates.filter(
      (rate) => rate.key !== 'skat.indeholdelse.uden_skattekort' || rate.sourceKind === 'eksempel',
    );
    const problems = rateProblems(withoutSourcedWithholding);
    // 2026 without the sourced row: a gap in every month of every family that pays (administration pays nothing)
    expect(problems).toContain(
      'kontanthjaelp 2026-01 skat.indeholdelse.uden_skattekort: hul 2026-01-01/2026-01-31',
    );
    expect(problems.every((p) => p.includes('skat.indeholdelse.uden_skattekort: hul 2026-'))).toBe(true);
  });

  it('the window is as wide as the data: the month before and the month after it have gaps', () => {
    const before = windowStart.subtract({ months: 1 });
    const after = windowEnd.add({ months: 1 });
    const problems = checkCoverage(demoRates, [
      ...rateRequirements(before, before),
      ...rateRequirements(after, after),
    ]);
    const months = new Set(problems.map((p) => p.month.toString()));
    expect([...months].sort()).toEqual([before.toString(), after.toString()]);
  });
});

describe('the coverage check fails when it should', () => {
  it('reports a gap when a row is removed', () => {
    const removed = demoRates.filter(
      (rate) => !(rate.key === 'kontanthjaelp.ny.grundsats' && rate.from.toString() === '2026-01-01'),
    );
    const problems = rateProblems(removed);
    expect(problems).toHaveLength(12);
    expect(problems[0]).toBe('kontanthjaelp 2026-01 kontanthjaelp.ny.grundsats: hul 2026-01-01/2026-01-31');
  });

  it('reports a gap of days when a row ends early', () => {
    const shortened = demoRates.map((rate) =>
      rate.key === 'kontanthjaelp.ny.boernetillaeg' && rate.from.toString() === '2025-07-01'
        ? row(rate.key, '2025-07-01', '2025-12-20')
        : rate,
    );
    expect(rateProblems(shortened)).toEqual([
      'kontanthjaelp 2025-12 kontanthjaelp.ny.boernetillaeg: hul 2025-12-21/2025-12-31',
    ]);
  });

  it('reports an overlap when an overlapping row is added', () => {
    const extra = { ...row('kontanthjaelp.ny.forhoejet_sats', '2026-01-01', '2026-03-31') };
    const problems = rateProblems([...demoRates, { ...extra, from: Temporal.PlainDate.from('2026-03-15') }]);
    expect(problems).toEqual([
      'kontanthjaelp 2026-03 kontanthjaelp.ny.forhoejet_sats: overlap 2026-03-15/2026-03-31',
    ]);
  });

  it('reports a rule gap and a rule overlap', () => {
    const withoutReform = ruleVersions.filter((version) => version.id !== 'kontanthjaelp@2025-07-01');
    const gaps = checkRuleCoverage(withoutReform, windowStart, windowEnd, benefitTypes);
    expect(gaps).toHaveLength(18);
    expect(gaps.every((p) => p.benefit === 'kontanthjaelp' && p.problem === 'hul')).toBe(true);

    const overlapping: RuleVersion = {
      ...(ruleVersions.find((version) => version.id === 'saerlig-stoette@behovsbestemt') as RuleVersion),
      id: 'saerlig-stoette@test',
      from: Temporal.PlainDate.from('2026-02-10'),
      to: Temporal.PlainDate.from('2026-02-11'),
    };
    const overlaps = checkRuleCoverage([...ruleVersions, overlapping], windowStart, windowEnd);
    expect(
      overlaps.map(
        (p) =>
          `${p.benefit} ${p.month.toString()} ${p.problem} ${p.days[0]?.from.toString()}/${p.days[0]?.to.toString()}`,
      ),
    ).toEqual(['saerlig-stoette 2026-02 overlap 2026-02-10/2026-02-11']);
  });

  it('reports a family the registry has no rule for', () => {
    const withoutAdministration = ruleVersions.filter((version) => version.benefit !== 'administration');
    const problems = checkRuleCoverage(withoutAdministration, windowStart, windowEnd, benefitTypes);
    expect(problems).toHaveLength(18);
    expect(problems.every((p) => p.benefit === 'administration' && p.problem === 'hul')).toBe(true);
  });
});

describe('the coverage check, for any row of the demo the rules need in the window (property)', () => {
  const requirements = rateRequirements(windowStart, windowEnd);
  const needed = new Set(requirements.flatMap((r) => r.keys));
  const inWindow = (rate: Rate) =>
    needed.has(rate.key) &&
    Temporal.PlainDate.compare(rate.to, windowStart.toPlainDate({ day: 1 })) >= 0 &&
    Temporal.PlainDate.compare(rate.from, windowEnd.toPlainDate({ day: windowEnd.daysInMonth })) <= 0;
  const candidates = demoRates.filter(inWindow);
  /** The months of the window a row covers a day of. */
  const monthsOf = (rate: Rate) =>
    requirements
      .filter((r) => r.keys.includes(rate.key))
      .map((r) => r.month)
      .filter(
        (month) =>
          Temporal.PlainDate.compare(rate.from, month.toPlainDate({ day: month.daysInMonth })) <= 0 &&
          Temporal.PlainDate.compare(rate.to, month.toPlainDate({ day: 1 })) >= 0,
      )
      .map((month) => month.toString());
  const problemMonths = (problems: readonly CoverageProblem[], key: string, kind: 'hul' | 'overlap') => [
    ...new Set(problems.filter((p) => p.key === key && p.problem === kind).map((p) => p.month.toString())),
  ];

  it('has rows to choose from', () => {
    expect(candidates.length).toBeGreaterThan(10);
  });

  it('removing the row leaves a gap in exactly the months it covered, and nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...candidates), (removed) => {
        const problems = checkCoverage(
          demoRates.filter((rate) => rate !== removed),
          requirements,
        );
        expect(problemMonths(problems, removed.key, 'hul').sort()).toEqual(
          [...new Set(monthsOf(removed))].sort(),
        );
        expect(problems.every((p) => p.key === removed.key && p.problem === 'hul')).toBe(true);
      }),
    );
  });

  it('adding a row over any day of it is reported as an overlap on that day', () => {
    fc.assert(
      fc.property(fc.constantFrom(...candidates), fc.nat(), (row, offset) => {
        const windowFirst = windowStart.toPlainDate({ day: 1 });
        const first = Temporal.PlainDate.compare(row.from, windowFirst) < 0 ? windowFirst : row.from;
        const windowLast = windowEnd.toPlainDate({ day: windowEnd.daysInMonth });
        const last = Temporal.PlainDate.compare(row.to, windowLast) > 0 ? windowLast : row.to;
        const days = first.until(last).days + 1;
        const day = first.add({ days: offset % days });
        const problems = checkCoverage([...demoRates, { ...row, from: day, to: day }], requirements);
        expect(problems.length).toBeGreaterThan(0);
        for (const problem of problems) {
          expect(show([problem])).toEqual([
            `${problem.benefit} ${day.toPlainYearMonth().toString()} ${row.key}: overlap ${day.toString()}/${day.toString()}`,
          ]);
        }
      }),
    );
  });
});
