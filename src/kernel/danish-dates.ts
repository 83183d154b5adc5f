/** Dates and months written the Danish way, as letters, explanations and pages show them. */
import type { Temporal } from 'temporal-polyfill';

export const danishMonthNames = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
] as const;

/** `10.03.2020`. */
export function formatDanishDate(date: Temporal.PlainDate): string {
  return `${String(date.day).padStart(2, '0')}.${String(date.month).padStart(2, '0')}.${date.year}`;
}

/** `december 2026`. */
export function formatDanishMonth(month: Temporal.PlainYearMonth): string {
  return `${danishMonthNames[month.month - 1] ?? String(month.month)} ${month.year}`;
}
