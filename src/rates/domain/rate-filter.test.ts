import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Rate } from './rate.ts';
import { filterRates, readRateFilter } from './rate-filter.ts';

const rate = (key: string, from: string, to: string): Rate => ({
  key,
  description: key,
  from: Temporal.PlainDate.from(from),
  to: Temporal.PlainDate.from(to),
  amount: 100,
  unit: 'md',
  reference: 'h',
  source: 'k',
  sourceKind: 'officiel',
});

describe('readRateFilter', () => {
  it.each([
    ['', '', '', undefined],
    ['kontanthjaelp.ny.', '', 'kontanthjaelp.ny.', undefined],
    ['atp', '2026-01-01', 'atp', '2026-01-01'],
  ])('noegle=%j dato=%j', (noegle, dato, prefix, on) => {
    const read = readRateFilter({ noegle, dato });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.filter.keyPrefix).toBe(prefix);
    expect(read.filter.on?.toString()).toBe(on);
  });

  it.each([
    ['Kontanthjælp', '', 'noegle', 'små bogstaver'],
    ['a'.repeat(81), '', 'noegle', 'højst 80 tegn'],
    ['<script>', '', 'noegle', 'må kun have'],
    ['', '1.1.2026', 'dato', 'ÅÅÅÅ-MM-DD'],
    ['', '2026-02-30', 'dato', 'findes ikke'],
    ['ok', '9999-01-01', 'dato', 'Året skal ligge'],
  ])('refuses noegle=%j dato=%j naming %s', (noegle, dato, field, text) => {
    const read = readRateFilter({ noegle, dato });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.fault.field).toBe(field);
    expect(read.fault.message).toContain(text);
  });
});

describe('filterRates', () => {
  const rates = [
    rate('atp.borger', '2025-01-01', '2025-12-31'),
    rate('kontanthjaelp.ny.grundsats', '2025-07-01', '2025-12-31'),
    rate('kontanthjaelp.ny.grundsats', '2026-01-01', '2026-12-31'),
    rate('kontanthjaelp.over30.forsoerger', '2024-01-01', '2024-12-31'),
  ];
  const show = (found: Rate[]) => found.map((r) => `${r.key} ${r.from.toString()}`);

  it.each([
    ['', undefined, 4],
    ['kontanthjaelp.ny', undefined, 2],
    ['kontanthjaelp', '2025-07-01', 1],
    ['', '2025-12-31', 2],
    ['', '2026-01-01', 1],
    ['', '2023-06-01', 0],
    ['sanktion', undefined, 0],
  ])('prefix %j on %s: %i rows', (keyPrefix, on, count) => {
    const found = filterRates(rates, {
      keyPrefix,
      on: on === undefined ? undefined : Temporal.PlainDate.from(on),
    });
    expect(found).toHaveLength(count);
  });

  it('keeps the order, and every row kept matches and every row left out does not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', 'a', 'atp', 'kontanthjaelp', 'kontanthjaelp.ny', 'x'),
        fc.option(fc.integer({ min: 0, max: 1200 }), { nil: undefined }),
        (keyPrefix, offset) => {
          const on =
            offset === undefined ? undefined : Temporal.PlainDate.from('2023-06-01').add({ days: offset });
          const found = filterRates(rates, { keyPrefix, on });
          const matches = (r: Rate) =>
            r.key.startsWith(keyPrefix) &&
            (on === undefined ||
              (Temporal.PlainDate.compare(r.from, on) <= 0 && Temporal.PlainDate.compare(on, r.to) <= 0));
          expect(show(found)).toEqual(show(rates.filter(matches)));
        },
      ),
    );
  });
});
