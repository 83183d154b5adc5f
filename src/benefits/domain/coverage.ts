/**
 * What a coverage check of a window of months needs from the benefit rules: every family's rate keys for
 * every month (for `checkCoverage` in the rates context), and the rule registry's own check that each
 * family has exactly one rule version on every day of the window. See docs/decisions/0012.
 */
import { Temporal } from 'temporal-polyfill';
import type { CoverageRequirement, DayRange } from '../../rates/index.ts';
import { requiredRateKeys } from './compute-month.ts';
import { isInForce, ruleVersions, type RuleVersion } from './rule-registry.ts';

/** The months from `from` to `to`, both included, in order (none when `to` is before `from`). */
export function monthsBetween(
  from: Temporal.PlainYearMonth,
  to: Temporal.PlainYearMonth,
): Temporal.PlainYearMonth[] {
  const months: Temporal.PlainYearMonth[] = [];
  for (let month = from; Temporal.PlainYearMonth.compare(month, to) <= 0; month = month.add({ months: 1 })) {
    months.push(month);
  }
  return months;
}

/** Every family the registry has a rule for, in the registry's order. */
export function ruleFamilies(versions: readonly RuleVersion[] = ruleVersions): RuleVersion['benefit'][] {
  return [...new Set(versions.map((version) => version.benefit))];
}

/** For every family and every month of the window, the rate keys its rules may need in that month. */
export function rateRequirements(
  from: Temporal.PlainYearMonth,
  to: Temporal.PlainYearMonth,
): CoverageRequirement[] {
  const months = monthsBetween(from, to);
  return ruleFamilies().flatMap((benefit) =>
    months.map((month) => ({ benefit, month, keys: requiredRateKeys(benefit, month) })),
  );
}

/** A family and month with days no rule version covers (`hul`) or that two versions cover (`overlap`). */
export interface RuleCoverageProblem {
  readonly benefit: string;
  readonly month: Temporal.PlainYearMonth;
  readonly problem: 'hul' | 'overlap';
  readonly days: readonly DayRange[];
}

function runsOf(month: Temporal.PlainYearMonth, days: readonly number[]): DayRange[] {
  const runs: DayRange[] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last?.to.day === day - 1) runs[runs.length - 1] = { from: last.from, to: month.toPlainDate({ day }) };
    else runs.push({ from: month.toPlainDate({ day }), to: month.toPlainDate({ day }) });
  }
  return runs;
}

/**
 * Every family and month of the window in which some day has no rule version or more than one: the
 * registry's own no-gap/no-overlap check over the months the installation can pay.
 */
export function checkRuleCoverage(
  versions: readonly RuleVersion[],
  from: Temporal.PlainYearMonth,
  to: Temporal.PlainYearMonth,
  families: readonly RuleVersion['benefit'][] = ruleFamilies(versions),
): RuleCoverageProblem[] {
  const problems: RuleCoverageProblem[] = [];
  for (const benefit of families) {
    const own = versions.filter((version) => version.benefit === benefit);
    for (const month of monthsBetween(from, to)) {
      const gaps: number[] = [];
      const doubles: number[] = [];
      for (let day = 1; day <= month.daysInMonth; day++) {
        const date = month.toPlainDate({ day });
        const count = own.filter((version) => isInForce(version, date)).length;
        if (count === 0) gaps.push(day);
        else if (count > 1) doubles.push(day);
      }
      if (gaps.length > 0) problems.push({ benefit, month, problem: 'hul', days: runsOf(month, gaps) });
      if (doubles.length > 0) {
        problems.push({ benefit, month, problem: 'overlap', days: runsOf(month, doubles) });
      }
    }
  }
  return problems;
}
