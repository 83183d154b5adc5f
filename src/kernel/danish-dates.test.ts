import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { formatDanishDate, formatDanishMonth } from './danish-dates.ts';

describe('Danish dates', () => {
  it.each([
    ['2020-03-10', '10.03.2020'],
    ['2026-12-31', '31.12.2026'],
  ])('%s is written %s', (iso, text) => {
    expect(formatDanishDate(Temporal.PlainDate.from(iso))).toBe(text);
  });

  it.each([
    ['2026-01', 'januar 2026'],
    ['2025-05', 'maj 2025'],
    ['2023-12', 'december 2023'],
  ])('%s is written %s', (month, text) => {
    expect(formatDanishMonth(Temporal.PlainYearMonth.from(month))).toBe(text);
  });
});
