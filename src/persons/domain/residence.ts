/** Reading a residence history and other dated periods. */
import { Temporal } from 'temporal-polyfill';
import type { Residence } from '../../kernel/index.ts';
import type { DatePeriod, ResidencePeriod } from './person.ts';

/** The residence on a date: the newest entry that began on or before it, or undefined before the first. */
export function residenceOn(
  history: readonly ResidencePeriod[],
  date: Temporal.PlainDate,
): Residence | undefined {
  let found: Residence | undefined;
  for (const entry of history) {
    if (Temporal.PlainDate.compare(entry.from, date) <= 0) found = entry.residence;
    else break;
  }
  return found;
}

/** Whether a period covers the date (both ends inclusive; an open end runs on). */
export function coversDate(period: DatePeriod, date: Temporal.PlainDate): boolean {
  return (
    Temporal.PlainDate.compare(period.from, date) <= 0 &&
    (period.to === null || Temporal.PlainDate.compare(date, period.to) <= 0)
  );
}

/** Whether two periods share at least one day. */
export function periodsOverlap(a: DatePeriod, b: DatePeriod): boolean {
  const aEndsBeforeB = a.to !== null && Temporal.PlainDate.compare(a.to, b.from) < 0;
  const bEndsBeforeA = b.to !== null && Temporal.PlainDate.compare(b.to, a.from) < 0;
  return !aEndsBeforeB && !bEndsBeforeA;
}

/** The residence as a display string: `101` or `udlandet (SE)`. */
export function describeResidence(residence: Residence): string {
  return residence.kind === 'municipality' ? residence.municipality : `udlandet (${residence.country})`;
}
