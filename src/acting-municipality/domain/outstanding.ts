/**
 * What may be outstanding when planned items are stopped by a transfer on date d (our rule, domain §2.3):
 * for each stopped monthly item, the share of its amount for the days of its month before d, half up to
 * whole øre; the total is the payment shares minus the deduction shares (negative: the citizen owes).
 */
import { Temporal } from 'temporal-polyfill';
import { daysInMonth, formatAmount, proRata, type EventData, type Oere } from '../../kernel/index.ts';

export interface StoppedItem {
  readonly kind: 'udbetaling' | 'traek';
  /** The case of a payment, the deduction of a deduction. */
  readonly ownerId: string;
  readonly period: Temporal.PlainYearMonth;
  readonly planned: Oere;
}

export interface Outstanding {
  readonly items: readonly {
    readonly kind: 'udbetaling' | 'traek';
    readonly ownerId: string;
    readonly period: string;
    readonly planned: Oere;
    readonly share: Oere;
  }[];
  readonly total: Oere;
}

/** How many days of the month lie before the date. */
export function daysBefore(month: Temporal.PlainYearMonth, date: Temporal.PlainDate): number {
  const first = month.toPlainDate({ day: 1 });
  if (Temporal.PlainDate.compare(date, first) <= 0) return 0;
  const total = daysInMonth(month.year, month.month);
  return Math.min(total, first.until(date).days);
}

/** The outstanding calculation for items stopped by a transfer on `date`. */
export function calculateOutstanding(items: readonly StoppedItem[], date: Temporal.PlainDate): Outstanding {
  const computed = items.map((item) => ({
    kind: item.kind,
    ownerId: item.ownerId,
    period: item.period.toString(),
    planned: item.planned,
    share: proRata(
      item.planned,
      daysBefore(item.period, date),
      daysInMonth(item.period.year, item.period.month),
    ),
  }));
  const total = computed.reduce(
    (sum, item) => sum + (item.kind === 'udbetaling' ? item.share : -item.share),
    0,
  );
  return { items: computed, total };
}

/** The calculation as event data: amounts as kroner strings (`810.00`). */
export function outstandingEventData(outstanding: Outstanding): EventData['ydelser-og-traek-standset'] {
  return {
    items: outstanding.items.map((item) => ({
      kind: item.kind,
      ...(item.kind === 'udbetaling' ? { case: item.ownerId } : { deduction: item.ownerId }),
      period: item.period,
      planned: formatAmount(item.planned),
      share: formatAmount(item.share),
    })),
    total: formatAmount(outstanding.total),
  };
}
