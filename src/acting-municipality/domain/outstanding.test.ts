import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { calculateOutstanding, daysBefore, outstandingEventData, type StoppedItem } from './outstanding.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const ym = (text: string) => Temporal.PlainYearMonth.from(text);

const item = (
  kind: StoppedItem['kind'],
  planned: number,
  period = '2025-07',
  ownerId = 'x',
): StoppedItem => ({
  kind,
  ownerId,
  period: ym(period),
  planned,
});

const anyMonth = fc
  .integer({ min: 0, max: 10 * 12 })
  .map((months) => Temporal.PlainYearMonth.from('2020-01').add({ months }));
const anyItem: fc.Arbitrary<StoppedItem> = fc.record({
  kind: fc.constantFrom('udbetaling' as const, 'traek' as const),
  ownerId: fc.string({ maxLength: 4 }),
  period: anyMonth,
  planned: fc.integer({ min: 0, max: 100_000_000 }),
});
const anyDate = fc
  .integer({ min: -40, max: 11 * 366 })
  .map((days) => Temporal.PlainDate.from('2020-01-01').add({ days }));

describe('days of a month before the transfer date', () => {
  it.each([
    ['2025-07', '2025-07-10', 9],
    ['2025-07', '2025-07-01', 0],
    ['2025-07', '2025-06-15', 0],
    ['2025-07', '2025-07-31', 30],
    ['2025-07', '2025-08-01', 31],
    ['2025-07', '2026-01-01', 31],
    ['2024-02', '2024-03-01', 29],
    ['2025-02', '2025-03-01', 28],
    ['2024-02', '2024-02-29', 28],
  ])('%s before %s: %i days', (month, date, days) => {
    expect(daysBefore(ym(month), d(date))).toBe(days);
  });

  it('is between 0 and the days of the month', () => {
    fc.assert(
      fc.property(anyMonth, anyDate, (month, date) => {
        const days = daysBefore(month, date);
        expect(days).toBeGreaterThanOrEqual(0);
        expect(days).toBeLessThanOrEqual(month.daysInMonth);
      }),
    );
  });
});

describe('what may be outstanding when planned items are stopped (our rule, domain §2.3)', () => {
  it('the example: 3100.00 paid and 310.00 deducted, stopped on 10 July, leave 900.00 − 90.00 = 810.00', () => {
    const result = calculateOutstanding(
      [item('udbetaling', 310000, '2025-07', 'c1'), item('traek', 31000, '2025-07', 'd1')],
      d('2025-07-10'),
    );
    expect(result).toEqual({
      items: [
        { kind: 'udbetaling', ownerId: 'c1', period: '2025-07', planned: 310000, share: 90000 },
        { kind: 'traek', ownerId: 'd1', period: '2025-07', planned: 31000, share: 9000 },
      ],
      total: 81000,
    });
    expect(outstandingEventData(result)).toEqual({
      items: [
        { kind: 'udbetaling', case: 'c1', period: '2025-07', planned: '3100.00', share: '900.00' },
        { kind: 'traek', deduction: 'd1', period: '2025-07', planned: '310.00', share: '90.00' },
      ],
      total: '810.00',
    });
  });

  it.each<[string, StoppedItem[], string, number]>([
    ['3100.00 × 21/31 = 2100.00', [item('udbetaling', 310000)], '2025-07-22', 210000],
    ['a move on the 1st leaves nothing', [item('udbetaling', 310000), item('traek', 31000)], '2025-07-01', 0],
    ['a stop after the month leaves the whole month', [item('udbetaling', 310000)], '2025-08-05', 310000],
    ['a deduction alone is owed by the citizen (negative)', [item('traek', 31000)], '2025-07-10', -9000],
    [
      'shares are rounded half up to whole øre: 1 øre × 15/30',
      [item('udbetaling', 1, '2025-06')],
      '2025-06-16',
      1,
    ],
    [
      'shares below half an øre round down: 1 øre × 14/30',
      [item('udbetaling', 1, '2025-06')],
      '2025-06-15',
      0,
    ],
    ['nothing stopped, nothing outstanding', [], '2025-07-10', 0],
  ])('%s', (_name, items, date, total) => {
    expect(calculateOutstanding(items, d(date)).total).toBe(total);
  });

  it('each share is at most the planned amount, and the whole amount when the date is after the month', () => {
    fc.assert(
      fc.property(fc.array(anyItem, { maxLength: 6 }), anyDate, (items, date) => {
        const result = calculateOutstanding(items, date);
        expect(result.items).toHaveLength(items.length);
        for (const [index, computed] of result.items.entries()) {
          const stopped = items[index]!;
          expect(computed.share).toBeGreaterThanOrEqual(0);
          expect(computed.share).toBeLessThanOrEqual(stopped.planned);
          const afterMonth =
            Temporal.PlainDate.compare(
              date,
              stopped.period.toPlainDate({ day: stopped.period.daysInMonth }),
            ) > 0;
          if (afterMonth) expect(computed.share).toBe(stopped.planned);
          if (Temporal.PlainDate.compare(date, stopped.period.toPlainDate({ day: 1 })) <= 0)
            expect(computed.share).toBe(0);
        }
      }),
    );
  });

  it('the total is the payment shares minus the deduction shares', () => {
    fc.assert(
      fc.property(fc.array(anyItem, { maxLength: 6 }), anyDate, (items, date) => {
        const result = calculateOutstanding(items, date);
        const sum = (kind: StoppedItem['kind']) =>
          result.items.filter((x) => x.kind === kind).reduce((total, x) => total + x.share, 0);
        expect(result.total).toBe(sum('udbetaling') - sum('traek'));
      }),
    );
  });

  it('the share grows with the date and is the exact pro-rata share to within half an øre', () => {
    fc.assert(
      fc.property(anyItem, anyDate, (stopped, date) => {
        const share = calculateOutstanding([stopped], date).items[0]!.share;
        const exact = (stopped.planned * daysBefore(stopped.period, date)) / stopped.period.daysInMonth;
        expect(Math.abs(share - exact)).toBeLessThanOrEqual(0.5);
        const later = calculateOutstanding([stopped], date.add({ days: 1 })).items[0]!.share;
        expect(later).toBeGreaterThanOrEqual(share);
      }),
    );
  });
});
