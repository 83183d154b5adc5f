import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Rate } from './rate.ts';
import { rateTable } from './rate-table.ts';

const day = (text: string) => Temporal.PlainDate.from(text);
const base = Temporal.PlainDate.from('2020-01-01');

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

describe('rateTable', () => {
  const lookup = rateTable([
    rate('a', '2023-01-01', '2023-12-31', 1),
    rate('a', '2025-01-01', '2025-12-31', 3),
    rate('a', '2024-01-01', '2024-12-31', 2),
    rate('b', '2024-07-01', '2024-07-01', 9),
  ]);

  it.each([
    ['a', '2023-01-01', 1],
    ['a', '2023-12-31', 1],
    ['a', '2024-06-15', 2],
    ['a', '2025-12-31', 3],
    ['b', '2024-07-01', 9],
  ])('%s on %s is %i', (key, on, amount) => {
    const found = lookup(key, day(on));
    expect(found.ok && found.value.amount).toBe(amount);
  });

  it.each([
    ['a', '2022-12-31'],
    ['a', '2026-01-01'],
    ['b', '2024-06-30'],
    ['b', '2024-07-02'],
    ['c', '2024-01-01'],
  ])('refuses %s on %s with sats-mangler naming key and date', (key, on) => {
    expect(lookup(key, day(on))).toEqual({
      ok: false,
      error: {
        code: 'sats-mangler',
        message: `Der er ingen sats for ${key} den ${on}`,
        details: { key, date: on },
      },
    });
  });

  it('throws for overlapping rows, which validation refuses', () => {
    expect(() =>
      rateTable([rate('a', '2023-01-01', '2023-12-31'), rate('a', '2023-12-31', '2024-01-31')]),
    ).toThrow(RangeError);
  });

  // Random non-overlapping periods: lengths of alternating covered and uncovered runs of days.
  const periods = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 40 })), {
    minLength: 0,
    maxLength: 30,
  });
  function build(runs: readonly [number, number][]): Rate[] {
    const rates: Rate[] = [];
    let at = base;
    runs.forEach(([gap, length], index) => {
      const from = at.add({ days: gap });
      const to = from.add({ days: length - 1 });
      rates.push(rate('k', from, to, index));
      at = to.add({ days: 1 });
    });
    return rates;
  }

  it('returns exactly the covering row for any date, and sats-mangler for any uncovered date', () => {
    fc.assert(
      fc.property(periods, fc.integer({ min: -5, max: 2500 }), fc.boolean(), (runs, offset, shuffle) => {
        const rates = build(runs);
        const lookup = rateTable(shuffle ? [...rates].reverse() : rates);
        const on = base.add({ days: offset });
        const covering = rates.filter(
          (r) => Temporal.PlainDate.compare(r.from, on) <= 0 && Temporal.PlainDate.compare(on, r.to) <= 0,
        );
        const found = lookup('k', on);
        if (covering.length === 1) expect(found).toEqual({ ok: true, value: covering[0] });
        else {
          expect(covering).toEqual([]);
          expect(found.ok ? 'fundet' : found.error.code).toBe('sats-mangler');
        }
      }),
    );
  });
});
