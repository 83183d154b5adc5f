/** Cases (sager) with their grant (bevilling), and standing deductions (træk). */
import { Temporal } from 'temporal-polyfill';
import { daysInMonth, proRata, type MunicipalityCode, type Oere } from '../../kernel/index.ts';

export const benefitTypes = [
  'kontanthjaelp',
  'uddannelseshjaelp',
  'hjemrejseydelse',
  'saerlig-stoette',
  'administration',
  'enkeltydelse',
  'anden-ydelse',
  'personligt-tillaeg',
  'helbredstillaeg',
] as const;
export type BenefitType = (typeof benefitTypes)[number];

export const caseStatuses = ['under-oplysning', 'bevilget', 'afsluttet', 'afvist'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const deductionKinds = ['tilbagebetaling', 'regulering', 'udk'] as const;
export type DeductionKind = (typeof deductionKinds)[number];

/** A period with an optional end, both days inclusive. */
export interface GrantPeriod {
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
}

export interface CaseData extends GrantPeriod {
  readonly benefit: BenefitType;
  readonly municipality: MunicipalityCode;
  readonly status: CaseStatus;
  /** The granted monthly amount before sanctions and deductions; null when nothing is paid monthly. */
  readonly monthly: Oere | null;
  readonly category: string | null;
}

export interface DeductionData extends GrantPeriod {
  readonly kind: DeductionKind;
  readonly municipality: MunicipalityCode;
  readonly monthly: Oere;
}

/** How many days of the month the period covers. */
export function daysCovered(period: GrantPeriod, month: Temporal.PlainYearMonth): number {
  const first = month.toPlainDate({ day: 1 });
  const last = month.toPlainDate({ day: month.daysInMonth });
  const start = Temporal.PlainDate.compare(period.from, first) > 0 ? period.from : first;
  const end = period.to !== null && Temporal.PlainDate.compare(period.to, last) < 0 ? period.to : last;
  const days = start.until(end).days + 1;
  return days > 0 ? days : 0;
}

/**
 * The amount for a month (our rule): the full monthly amount when the period covers the whole month, else
 * the share for the days it covers (amount × days / days in month, half up to whole øre).
 */
export function amountForMonth(monthly: Oere, period: GrantPeriod, month: Temporal.PlainYearMonth): Oere {
  return proRata(monthly, daysCovered(period, month), daysInMonth(month.year, month.month));
}

/** Whether a monthly line is owed for the month: the period covers at least one day of it. */
export function coversMonth(period: GrantPeriod, month: Temporal.PlainYearMonth): boolean {
  return daysCovered(period, month) > 0;
}

/** The first month, from `month` on, that the period covers; undefined when it has ended before. */
export function firstCoveredMonth(
  period: GrantPeriod,
  month: Temporal.PlainYearMonth,
): Temporal.PlainYearMonth | undefined {
  const start = period.from.toPlainYearMonth();
  const candidate = Temporal.PlainYearMonth.compare(start, month) > 0 ? start : month;
  return coversMonth(period, candidate) ? candidate : undefined;
}

/** A month to plan a payment line for, and the month whose run pays it. */
export interface MonthToPlan {
  readonly month: Temporal.PlainYearMonth;
  readonly runMonth: Temporal.PlainYearMonth;
}

/**
 * The lines a grant needs when it is decided while `nextRun` is the month whose run comes next (domain §4,
 * our rule: months already run are paid late, never skipped). Every month the grant covers before
 * `nextRun` that has no line yet is paid by the `nextRun` run, as its own line for that month
 * (efterbetaling); the first covered month from `nextRun` on is planned as usual, paid by its own run.
 */
export function monthsToPlan(
  period: GrantPeriod,
  nextRun: Temporal.PlainYearMonth,
  alreadyPlanned: readonly Temporal.PlainYearMonth[] = [],
): MonthToPlan[] {
  const has = new Set(alreadyPlanned.map((month) => month.toString()));
  const plan: MonthToPlan[] = [];
  for (
    let month = period.from.toPlainYearMonth();
    Temporal.PlainYearMonth.compare(month, nextRun) < 0 && coversMonth(period, month);
    month = month.add({ months: 1 })
  ) {
    if (!has.has(month.toString())) plan.push({ month, runMonth: nextRun });
  }
  const next = firstCoveredMonth(period, nextRun);
  if (next !== undefined && !has.has(next.toString())) plan.push({ month: next, runMonth: next });
  return plan;
}
