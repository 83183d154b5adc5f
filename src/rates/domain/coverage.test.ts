import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { checkCoverage } from './coverage.ts';
import type { Rate } from './rate.ts';

const day = (text: string) => Temporal.PlainDate.from(text);
const month = (text: string) => Temporal.PlainYearMonth.from(text);

function rate(key: string, from: string | Temporal.PlainDate, to: string | Temporal.PlainDate): Rate {
  return {
    key,
    description: key,
    from: typeof from === 'string' ? day(from) : from,
    to: typeof to === 'string' ? day(to) : to,
    amount: 100,
    unit: 'md',
    reference: 'aktivloven',
    source: 'test',
    sourceKind: 'officiel',
  };
}

const show = (problems: ReturnType<typeof checkCoverage>) =>
  problems.map((p) => ({
    benefit: p.benefit,
    month: p.month.toString(),
    key: p.key,
    problem: p.problem,
    days: p.days.map((d) => `${d.from.toString()}/${d.to.toString()}`),
  }));

describe('checkCoverage', () => {
  const rates = [
    rate('a', '2024-01-01', '2024-12-31'),
    rate('a', '2025-07-01', '2025-12-31'),
    rate('b', '2025-01-01', '2025-06-30'),
    rate('b', '2025-06-15', '2025-12-31'),
  ];

  it.each([
    ['2024-05', 'a', []],
    ['2025-01', 'a', [{ problem: 'hul', days: ['2025-01-01/2025-01-31'] }]],
    ['2025-07', 'a', []],
    ['2025-06', 'b', [{ problem: 'overlap', days: ['2025-06-15/2025-06-30'] }]],
    ['2024-02', 'c', [{ problem: 'hul', days: ['2024-02-01/2024-02-29'] }]],
  ])('%s for %s', (m, key, expected) => {
    const found = show(checkCoverage(rates, [{ benefit: 'ky', month: month(m), keys: [key] }]));
    expect(found.map(({ problem, days }) => ({ problem, days }))).toEqual(expected);
    for (const item of found) expect(item).toMatchObject({ benefit: 'ky', month: m, key });
  });

  it('names gaps inside a month as runs of days', () => {
    const found = checkCoverage(
      [rate('a', '2025-03-03', '2025-03-10'), rate('a', '2025-03-12', '2025-03-30')],
      [{ benefit: 'ky', month: month('2025-03'), keys: ['a'] }],
    );
    expect(show(found)[0]?.days).toEqual([
      '2025-03-01/2025-03-02',
      '2025-03-11/2025-03-11',
      '2025-03-31/2025-03-31',
    ]);
  });

  it('finds every gap inserted at random into a covering set of rows, and nothing else', () => {
    const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'].map(month);
    const first = day('2024-01-01');
    const total = day('2024-06-30').since(first).days + 1;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: total - 2 }), { maxLength: 12 }),
        fc.uniqueArray(fc.integer({ min: 0, max: total - 1 }), { maxLength: 8 }),
        (cuts, holes) => {
          // Rows covering the half year, split at `cuts`, then with the days in `holes` removed.
          const bounds = [0, ...[...cuts].sort((x, y) => x - y), total];
          const holeSet = new Set(holes);
          const rows: Rate[] = [];
          for (let i = 0; i + 1 < bounds.length; i++) {
            let start: number | undefined;
            for (let d = bounds[i] as number; d <= (bounds[i + 1] as number); d++) {
              const inside = d < (bounds[i + 1] as number) && !holeSet.has(d);
              if (inside) start ??= d;
              else if (start !== undefined) {
                rows.push(rate('k', first.add({ days: start }), first.add({ days: d - 1 })));
                start = undefined;
              }
            }
          }
          const found = checkCoverage(
            rows,
            months.map((m) => ({ benefit: 'ky', month: m, keys: ['k'] })),
          );
          const reported = new Set<string>();
          for (const problem of found) {
            expect(problem.problem).toBe('hul');
            for (const range of problem.days) {
              for (let d = range.from; Temporal.PlainDate.compare(d, range.to) <= 0; d = d.add({ days: 1 })) {
                reported.add(d.toString());
              }
            }
          }
          expect([...reported].sort()).toEqual(holes.map((h) => first.add({ days: h }).toString()).sort());
          const holeMonths = new Set(holes.map((h) => first.add({ days: h }).toPlainYearMonth().toString()));
          expect(found.map((p) => p.month.toString())).toEqual(
            months.map(String).filter((m) => holeMonths.has(m)),
          );
        },
      ),
    );
  });

  it('finds an overlap inserted at random', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 1, max: 20 }), (at, length) => {
        const first = day('2024-01-01');
        const extra = rate('k', first.add({ days: at }), first.add({ days: at + length - 1 }));
        const rows = [rate('k', '2024-01-01', '2024-12-31'), extra];
        const m = extra.from.toPlainYearMonth();
        const found = checkCoverage(rows, [{ benefit: 'ky', month: m, keys: ['k'] }]);
        expect(found.map((p) => p.problem)).toEqual(['overlap']);
        expect(found[0]?.days[0]?.from.equals(extra.from)).toBe(true);
      }),
    );
  });
});
