/**
 * The demo's example rates (data/satser/eksempel.csv): only marked example rows, never for a key and day
 * a sourced row covers, and together with the sourced rows they cover every key the kontanthjælp rule may
 * need from 1 Jul 2025 to 31 Dec 2026 (ATP and the withholding without a tax card included).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { exampleRates, parseRateCsv, rateCsvHeader, sourcedRates } from '../../test/support/rates.ts';
import type { Rate } from '../rates/index.ts';
import { requiredRateKeys } from './index.ts';

const root = new URL('../../', import.meta.url);
const exampleText = readFileSync(new URL('data/satser/eksempel.csv', root), 'utf8');
/** The sourced file as it arrives in the repository, when it has (else the test fixture's copy). */
const repositoryFile = new URL('data/satser/satser.csv', root);
const sourcedFiles: [string, readonly Rate[]][] = [
  ['test/fixtures/satser-kildebelagt.csv', sourcedRates],
  ...(existsSync(repositoryFile)
    ? [
        ['data/satser/satser.csv', parseRateCsv(readFileSync(repositoryFile, 'utf8'))] as [
          string,
          readonly Rate[],
        ],
      ]
    : []),
];

const overlaps = (a: Rate, b: Rate) =>
  a.key === b.key &&
  Temporal.PlainDate.compare(a.from, b.to) <= 0 &&
  Temporal.PlainDate.compare(b.from, a.to) <= 0;

function days(from: string, to: string): Temporal.PlainDate[] {
  const result: Temporal.PlainDate[] = [];
  for (
    let day = Temporal.PlainDate.from(from);
    Temporal.PlainDate.compare(day, Temporal.PlainDate.from(to)) <= 0;
  ) {
    result.push(day);
    day = day.add({ days: 1 });
  }
  return result;
}

describe('data/satser/eksempel.csv', () => {
  it("has the sourced file's header and only marked example rows", () => {
    expect(exampleText.split('\n')[0]).toBe(rateCsvHeader);
    expect(exampleRates.length).toBeGreaterThan(0);
    for (const rate of exampleRates) {
      expect(rate.sourceKind, rate.key).toBe('eksempel');
      expect(rate.source.startsWith('Eksempel til demo – ikke officiel sats:'), rate.key).toBe(true);
      expect(['md', 'time', 'haendelse', 'pct']).toContain(rate.unit);
      expect(rate.amount, rate.key).toBeGreaterThan(0);
      expect(Temporal.PlainDate.compare(rate.from, rate.to), rate.key).toBeLessThanOrEqual(0);
    }
  });

  it.each(sourcedFiles)('never covers a key and day that %s covers', (_name, sourced) => {
    for (const example of exampleRates) {
      const clash = sourced.find((rate) => overlaps(rate, example));
      expect(clash, `${example.key} ${example.from.toString()}`).toBeUndefined();
    }
  });

  it('has no two rows for one key and day', () => {
    exampleRates.forEach((a, index) => {
      for (const b of exampleRates.slice(index + 1))
        expect(overlaps(a, b), `${a.key} ${a.from.toString()}`).toBe(false);
    });
  });

  it('with the sourced rows, covers every key kontanthjælp may need on every day from 1 Jul 2025 to 31 Dec 2026', () => {
    // The repository's sourced file: the withholding without a tax card (2026) is sourced only there.
    const all = [...(sourcedFiles.at(-1)?.[1] ?? sourcedRates), ...exampleRates];
    const gaps: string[] = [];
    for (const day of days('2025-07-01', '2026-12-31')) {
      for (const key of requiredRateKeys('kontanthjaelp', day.toPlainYearMonth())) {
        const rows = all.filter(
          (rate) =>
            rate.key === key &&
            Temporal.PlainDate.compare(rate.from, day) <= 0 &&
            Temporal.PlainDate.compare(rate.to, day) >= 0,
        );
        if (rows.length !== 1) gaps.push(`${key} ${day.toString()}: ${rows.length}`);
      }
    }
    expect(gaps.slice(0, 10)).toEqual([]);
  });

  it('covers ATP for kontanthjælp in 2025 and 2026', () => {
    const keys = [
      'atp.kontanthjaelp.borger',
      'atp.kontanthjaelp.kommune',
      'atp.kontanthjaelp.mindstestoerrelse.forsoerger',
      'atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger',
    ];
    for (const key of keys) {
      for (const day of ['2025-01-01', '2025-06-30', '2025-12-31', '2026-01-01', '2026-12-31']) {
        const date = Temporal.PlainDate.from(day);
        const rows = exampleRates.filter(
          (rate) =>
            rate.key === key &&
            Temporal.PlainDate.compare(rate.from, date) <= 0 &&
            Temporal.PlainDate.compare(rate.to, date) >= 0,
        );
        expect(rows, `${key} ${day}`).toHaveLength(1);
      }
    }
  });
});
