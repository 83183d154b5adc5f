/**
 * When the scheduled jobs run (the job table of the scenario format, docs/scenarios.md), computed from the bank
 * calendar in Europe/Copenhagen. The same function drives graphile-worker in production and the simulated
 * clock in tests and scenarios, so both run the same jobs at the same instants.
 */
import { Temporal } from 'temporal-polyfill';
import { atLocalTime, lastBankDay, localDate, nthLastBankDay } from '../../../kernel/index.ts';

export const scheduledJobs = ['daglig-flytning', 'maanedskoersel', 'udbetaling'] as const;
export type ScheduledJob = (typeof scheduledJobs)[number];

/** One run of a scheduled job; `key` names what it does, so a rerun of the same key is recognised. */
export interface Occurrence {
  readonly job: ScheduledJob;
  readonly at: Temporal.Instant;
  readonly key: string;
}

/** KY's cut-off: the monthly run starts on the 5th-last bank day of the month. */
export const MONTHLY_RUN_NTH_LAST_BANK_DAY = 5;

/** The 04:00 run of a date. Moves take effect daily at 04:00 (KP 5.4.0); 04:00 exists once on DST days. */
export function dailyOccurrence(date: Temporal.PlainDate): Occurrence {
  return { job: 'daglig-flytning', at: atLocalTime(date, 4), key: `daglig-flytning:${date.toString()}` };
}

/** The monthly run (18:00, 5th-last bank day) or the payout (06:00, last bank day) of a month. */
export function monthlyOccurrence(
  job: 'maanedskoersel' | 'udbetaling',
  month: Temporal.PlainYearMonth,
): Occurrence {
  const key = `${job}:${month.toString()}`;
  return job === 'udbetaling'
    ? { job, key, at: atLocalTime(lastBankDay(month.year, month.month), 6) }
    : { job, key, at: monthlyRunInstant(month) };
}

/** The occurrences whose local date is `date`, in time order. */
export function occurrencesOn(date: Temporal.PlainDate): Occurrence[] {
  const result: Occurrence[] = [dailyOccurrence(date)];
  const month = date.toPlainYearMonth();
  for (const job of ['udbetaling', 'maanedskoersel'] as const) {
    const occurrence = monthlyOccurrence(job, month);
    if (localDate(occurrence.at).equals(date)) result.push(occurrence);
  }
  return result;
}

/** Every occurrence with `after < at <= until`, in time order. */
export function occurrencesBetween(after: Temporal.Instant, until: Temporal.Instant): Occurrence[] {
  if (Temporal.Instant.compare(after, until) >= 0) return [];
  const result: Occurrence[] = [];
  const last = localDate(until);
  for (let day = localDate(after); Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
    for (const occurrence of occurrencesOn(day)) {
      if (
        Temporal.Instant.compare(occurrence.at, after) > 0 &&
        Temporal.Instant.compare(occurrence.at, until) <= 0
      ) {
        result.push(occurrence);
      }
    }
  }
  return result;
}

/** Whether a string is a scheduled job key. */
export function isScheduledJob(value: string): value is ScheduledJob {
  return (scheduledJobs as readonly string[]).includes(value);
}

/** When the monthly run of a month starts: 18:00 on its 5th-last bank day. */
export function monthlyRunInstant(month: Temporal.PlainYearMonth): Temporal.Instant {
  return atLocalTime(nthLastBankDay(month.year, month.month, MONTHLY_RUN_NTH_LAST_BANK_DAY), 18);
}

/** The month whose monthly run comes next after `now` (the current month until its run has started). */
export function nextRunMonth(now: Temporal.Instant): Temporal.PlainYearMonth {
  const month = localDate(now).toPlainYearMonth();
  return Temporal.Instant.compare(now, monthlyRunInstant(month)) < 0 ? month : month.add({ months: 1 });
}

/** The date of the next daily 04:00 run after `now` (today before 04:00, else tomorrow). */
export function nextDailyRunDate(now: Temporal.Instant): Temporal.PlainDate {
  const today = localDate(now);
  return Temporal.Instant.compare(now, atLocalTime(today, 4)) < 0 ? today : today.add({ days: 1 });
}
