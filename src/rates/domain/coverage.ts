/**
 * The coverage check: for every month a benefit can pay, each rate key its rule needs must have exactly
 * one row on every day of the month. A gap or an overlap is listed with the days it concerns.
 */
import { Temporal } from 'temporal-polyfill';
import type { Rate } from './rate.ts';

/** The keys a benefit's rule needs for a month. */
export interface CoverageRequirement {
  readonly benefit: string;
  readonly month: Temporal.PlainYearMonth;
  readonly keys: readonly string[];
}

/** A run of days (both inclusive). */
export interface DayRange {
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate;
}

/** A (benefit, month, key) whose rows leave days uncovered (`hul`) or cover days twice (`overlap`). */
export interface CoverageProblem {
  readonly benefit: string;
  readonly month: Temporal.PlainYearMonth;
  readonly key: string;
  readonly problem: 'hul' | 'overlap';
  readonly days: readonly DayRange[];
}

function ranges(month: Temporal.PlainYearMonth, days: readonly number[]): DayRange[] {
  const result: DayRange[] = [];
  let start: number | undefined;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as number;
    start ??= day;
    if (days[i + 1] !== day + 1) {
      result.push({ from: month.toPlainDate({ day: start }), to: month.toPlainDate({ day }) });
      start = undefined;
    }
  }
  return result;
}

/** Every (benefit, month, key) of the requirements with a gap or an overlap, in the requirements' order. */
export function checkCoverage(
  rates: readonly Rate[],
  requirements: readonly CoverageRequirement[],
): CoverageProblem[] {
  const byKey = new Map<string, Rate[]>();
  for (const rate of rates) {
    const list = byKey.get(rate.key);
    if (list === undefined) byKey.set(rate.key, [rate]);
    else list.push(rate);
  }
  const problems: CoverageProblem[] = [];
  for (const requirement of requirements) {
    const first = requirement.month.toPlainDate({ day: 1 });
    const length = requirement.month.daysInMonth;
    const last = requirement.month.toPlainDate({ day: length });
    for (const key of requirement.keys) {
      const count = new Array<number>(length + 1).fill(0);
      for (const rate of byKey.get(key) ?? []) {
        if (
          Temporal.PlainDate.compare(rate.to, first) < 0 ||
          Temporal.PlainDate.compare(rate.from, last) > 0
        ) {
          continue;
        }
        const from = Temporal.PlainDate.compare(rate.from, first) < 0 ? 1 : rate.from.day;
        const to = Temporal.PlainDate.compare(rate.to, last) > 0 ? length : rate.to.day;
        for (let day = from; day <= to; day++) count[day] = (count[day] as number) + 1;
      }
      const gaps: number[] = [];
      const doubles: number[] = [];
      for (let day = 1; day <= length; day++) {
        if (count[day] === 0) gaps.push(day);
        else if ((count[day] as number) > 1) doubles.push(day);
      }
      const base = { benefit: requirement.benefit, month: requirement.month, key };
      if (gaps.length > 0) problems.push({ ...base, problem: 'hul', days: ranges(requirement.month, gaps) });
      if (doubles.length > 0) {
        problems.push({ ...base, problem: 'overlap', days: ranges(requirement.month, doubles) });
      }
    }
  }
  return problems;
}
