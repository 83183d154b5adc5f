import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { coversMonth, monthsToPlan, type GrantPeriod } from './case.ts';

const ym = (text: string) => Temporal.PlainYearMonth.from(text);
const grant = (from: string, to: string | null = null): GrantPeriod => ({
  from: Temporal.PlainDate.from(from),
  to: to === null ? null : Temporal.PlainDate.from(to),
});
const show = (plan: ReturnType<typeof monthsToPlan>) =>
  plan.map((p) => `${p.month.toString()}→${p.runMonth.toString()}`);

describe('months already run are paid late, never skipped (domain §4)', () => {
  it.each<[string, GrantPeriod, string, string[], string[]]>([
    // The measurement: a grant from 15 Nov decided on 4 Dec (next run: December's).
    [
      'a grant from 15 Nov decided in December',
      grant('2026-11-15'),
      '2026-12',
      [],
      ['2026-11→2026-12', '2026-12→2026-12'],
    ],
    ['a grant starting in the run month', grant('2026-12-01'), '2026-12', [], ['2026-12→2026-12']],
    ['a grant starting later', grant('2027-02-10'), '2026-12', [], ['2027-02→2027-02']],
    [
      'a grant over three past months',
      grant('2026-08-20', '2026-10-31'),
      '2026-12',
      [],
      ['2026-08→2026-12', '2026-09→2026-12', '2026-10→2026-12'],
    ],
    [
      'a month with a line already is not planned again',
      grant('2026-11-15'),
      '2026-12',
      ['2026-11'],
      ['2026-12→2026-12'],
    ],
    [
      'a grant that ended before the run month: only late lines',
      grant('2026-11-03', '2026-11-20'),
      '2026-12',
      [],
      ['2026-11→2026-12'],
    ],
  ])('%s', (_name, period, nextRun, planned, expected) => {
    expect(show(monthsToPlan(period, ym(nextRun), planned.map(ym)))).toEqual(expected);
  });

  const anyGrant = fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.option(fc.integer({ min: 0, max: 400 })))
    .map(([offset, length]): GrantPeriod => {
      const from = Temporal.PlainDate.from('2024-01-01').add({ days: offset * 9 });
      return { from, to: length === null ? null : from.add({ days: length }) };
    });
  const anyRun = fc.integer({ min: 0, max: 30 }).map((n) => ym('2024-01').add({ months: n }));

  it('every covered month up to the next run gets exactly one line, paid no earlier than the next run', () => {
    fc.assert(
      fc.property(anyGrant, anyRun, (period, nextRun) => {
        const plan = monthsToPlan(period, nextRun);
        const months = plan.map((p) => p.month.toString());
        expect(new Set(months).size).toBe(months.length);
        for (const p of plan) {
          expect(coversMonth(period, p.month)).toBe(true);
          expect(Temporal.PlainYearMonth.compare(p.runMonth, nextRun)).toBeGreaterThanOrEqual(0);
        }
        for (
          let m = period.from.toPlainYearMonth();
          Temporal.PlainYearMonth.compare(m, nextRun) <= 0;
          m = m.add({ months: 1 })
        ) {
          if (coversMonth(period, m)) expect(months).toContain(m.toString());
        }
      }),
    );
  });
});
