import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { planImport, remaindersOf, type StoredRate } from './plan-import.ts';
import type { RateRow } from './parse-rates.ts';
import type { Rate } from './rate.ts';
import { rateTable } from './rate-table.ts';

const day = (text: string) => Temporal.PlainDate.from(text);

function rate(
  key: string,
  from: string | Temporal.PlainDate,
  to: string | Temporal.PlainDate,
  amount = 100,
): Rate {
  return {
    key,
    description: key,
    from: typeof from === 'string' ? day(from) : from,
    to: typeof to === 'string' ? day(to) : to,
    amount,
    unit: 'md',
    reference: 'aktivloven',
    source: 'test',
    sourceKind: 'officiel',
  };
}
const stored = (id: string, r: Rate): StoredRate => ({ id, rate: r });
const row = (line: number, r: Rate): RateRow => ({ line, rate: r });
const periodOf = (r: Rate) => `${r.from.toString()}/${r.to.toString()}`;

describe('planImport', () => {
  const standing = [
    stored('1', rate('a', '2024-01-01', '2024-12-31', 1)),
    stored('2', rate('b', '2024-01-01', '2024-12-31')),
  ];

  it('does nothing for rows already stored', () => {
    const plan = planImport(standing, [row(2, rate('a', '2024-01-01', '2024-12-31', 1))], { replace: false });
    expect(plan.ok && plan.value).toMatchObject({ added: [], superseded: [], remainders: [] });
    expect(plan.ok && plan.value.unchanged.length).toBe(1);
  });

  it('adds rows for periods not covered', () => {
    const plan = planImport(standing, [row(2, rate('a', '2025-01-01', '2025-12-31', 2))], { replace: false });
    expect(plan.ok && plan.value.added.map((item) => item.replaces.length)).toEqual([0]);
  });

  it('refuses an overlap with a standing row, naming both, unless it replaces', () => {
    const rows = [row(7, rate('a', '2024-07-01', '2025-06-30', 2))];
    const refused = planImport(standing, rows, { replace: false });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('ugyldige-satser');
    expect(refused.error.message).toBe(
      'Satsfilen har 1 fejl: linje 7, kolonne fra: Perioden 2024-07-01–2025-06-30 for a overlapper den gemte sats ' +
        '2024-01-01–2024-12-31 (0,01 kr.); brug erstat for at erstatte den',
    );
    const replaced = planImport(standing, rows, { replace: true });
    expect(replaced.ok && replaced.value.superseded.map((s) => s.id)).toEqual(['1']);
    expect(replaced.ok && replaced.value.remainders.map(periodOf)).toEqual(['2024-01-01/2024-06-30']);
  });

  it.each([
    [['2024-03-01/2024-03-31'], ['2024-01-01/2024-02-29', '2024-04-01/2024-12-31']],
    [['2023-01-01/2025-01-01'], []],
    [['2024-01-01/2024-01-31', '2024-12-01/2024-12-31'], ['2024-02-01/2024-11-30']],
    [['2024-12-31/2024-12-31'], ['2024-01-01/2024-12-30']],
  ])('remaindersOf 2024 cut by %j is %j', (cuts, expected) => {
    const pieces = remaindersOf(
      rate('a', '2024-01-01', '2024-12-31'),
      cuts.map((c) => rate('a', c.split('/')[0] as string, c.split('/')[1] as string)),
    );
    expect(pieces.map(periodOf)).toEqual(expected);
  });

  const runs = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 60 })), {
    maxLength: 10,
  });
  function layout(list: readonly [number, number][], start: Temporal.PlainDate, amount: number): Rate[] {
    const rates: Rate[] = [];
    let at = start;
    for (const [gap, length] of list) {
      const from = at.add({ days: gap });
      const to = from.add({ days: length - 1 });
      rates.push(rate('k', from, to, amount));
      at = to.add({ days: 1 });
    }
    return rates;
  }

  it('after a replacing import, new rows decide their days and every other stored day keeps its amount', () => {
    fc.assert(
      fc.property(runs, runs, fc.integer({ min: 0, max: 200 }), (old, fresh, offset) => {
        const start = day('2024-01-01');
        const before = layout(old, start, 1).map((r, i) => stored(String(i), r));
        const incoming = layout(fresh, start.add({ days: offset }), 2).map((r, i) => row(i + 2, r));
        const plan = planImport(before, incoming, { replace: true });
        if (!plan.ok) throw new Error(plan.error.message);
        const gone = new Set(plan.value.superseded.map((s) => s.id));
        const after = [
          ...before.filter((s) => !gone.has(s.id)).map((s) => s.rate),
          ...plan.value.added.map((a) => a.row.rate),
          ...plan.value.remainders,
        ];
        const oldTable = rateTable(before.map((s) => s.rate));
        const newRows = rateTable(incoming.map((r) => r.rate));
        // rateTable throws on an overlap, so the standing rows after the import never overlap.
        const newTable = rateTable(after);
        for (let d = 0; d < 800; d += 3) {
          const on = start.add({ days: d });
          const expected = newRows('k', on).ok ? newRows('k', on) : oldTable('k', on);
          const found = newTable('k', on);
          expect(found.ok && found.value.amount).toEqual(expected.ok && expected.value.amount);
        }
      }),
    );
  });
});
