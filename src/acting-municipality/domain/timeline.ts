/**
 * The borgeroverblik's timeline of residence and acting municipality, by the dates they apply from. The
 * acting periods are stored from the instant they were registered: the first from the moment the citizen
 * was registered in the system, a move's from the 04:00 run that effectuated it. Here each acting period
 * starts on the date it applies from instead:
 * - the first period (by residence, or abroad) from the date of the residence it was decided on, so the
 *   history starts at the residence date, not at the registration;
 * - a manual period from the manual registration's start date, when that is not later;
 * - a later period by residence from the date of the residence it follows, when that is not before the
 *   previous period's start (a move effectuated by a run), else from its registration's date (a return to
 *   the residence municipality after a manual period, whose residence is older).
 * The timeline cuts at every date either changes and joins what does not change. Pure.
 */
import { Temporal } from 'temporal-polyfill';
import { localDate, type MunicipalityCode, type Residence } from '../../kernel/index.ts';

export interface TimelineResidence {
  readonly residence: Residence;
  readonly from: Temporal.PlainDate;
}

export interface TimelineActing {
  readonly municipality: MunicipalityCode | null;
  readonly from: Temporal.Instant;
  readonly reason: string;
}

export interface TimelineManual {
  readonly municipality: MunicipalityCode;
  readonly from: Temporal.PlainDate;
  readonly status: string;
}

export interface TimelineRow {
  readonly from: Temporal.PlainDate;
  /** The last day, or null while it runs. */
  readonly to: Temporal.PlainDate | null;
  readonly residence: Residence | null;
  /** The acting municipality and why; null before any acting period. */
  readonly acting: { readonly municipality: MunicipalityCode | null; readonly reason: string } | null;
}

const before = (a: Temporal.PlainDate, b: Temporal.PlainDate): boolean =>
  Temporal.PlainDate.compare(a, b) < 0;

function lastFrom<T extends { readonly from: Temporal.PlainDate }>(
  list: readonly T[],
  date: Temporal.PlainDate,
): T | undefined {
  return list.filter((item) => !before(date, item.from)).at(-1);
}

const matches = (residence: Residence, acting: TimelineActing): boolean =>
  acting.reason === 'udlandet' || acting.municipality === null
    ? residence.kind === 'abroad'
    : residence.kind === 'municipality' && residence.municipality === acting.municipality;

/** The date each acting period applies from (see the module's comment), in the periods' order. */
export function actingStartDates(
  residences: readonly TimelineResidence[],
  acting: readonly TimelineActing[],
  manual: readonly TimelineManual[],
): Temporal.PlainDate[] {
  const sortedResidences = [...residences].sort((a, b) => Temporal.PlainDate.compare(a.from, b.from));
  const starts: Temporal.PlainDate[] = [];
  for (const [index, period] of acting.entries()) {
    const registered = localDate(period.from);
    const previous = starts.at(-1);
    let start = registered;
    if (period.reason === 'manuel') {
      const registration = lastFrom(
        manual.filter((m) => m.municipality === period.municipality && m.status !== 'fortrudt'),
        registered,
      );
      if (registration !== undefined) start = registration.from;
    } else {
      const residence = lastFrom(sortedResidences, registered);
      if (residence !== undefined && matches(residence.residence, period)) {
        if (index === 0 || previous === undefined || !before(residence.from, previous))
          start = residence.from;
      }
    }
    // Never before the previous period's start: the periods follow one another.
    starts.push(previous !== undefined && before(start, previous) ? previous : start);
  }
  return starts;
}

const sameResidence = (a: Residence | null, b: Residence | null): boolean =>
  a === null || b === null
    ? a === b
    : a.kind === 'municipality'
      ? b.kind === 'municipality' && a.municipality === b.municipality
      : b.kind === 'abroad' && a.country === b.country;

/** The timeline, oldest first. */
export function residenceActingTimeline(
  residences: readonly TimelineResidence[],
  acting: readonly TimelineActing[],
  manual: readonly TimelineManual[],
): TimelineRow[] {
  const sortedResidences = [...residences].sort((a, b) => Temporal.PlainDate.compare(a.from, b.from));
  const starts = actingStartDates(sortedResidences, acting, manual);
  const actingFrom = acting.map((period, i) => ({ period, from: starts[i] ?? localDate(period.from) }));
  const dates = [...sortedResidences.map((r) => r.from), ...starts]
    .sort((a, b) => Temporal.PlainDate.compare(a, b))
    .filter((date, i, all) => i === 0 || !date.equals(all[i - 1] ?? date));
  const rows: TimelineRow[] = [];
  for (const date of dates) {
    const residence = lastFrom(sortedResidences, date)?.residence ?? null;
    const period = lastFrom(actingFrom, date)?.period;
    const current =
      period === undefined ? null : { municipality: period.municipality, reason: period.reason };
    const last = rows.at(-1);
    if (
      last !== undefined &&
      sameResidence(last.residence, residence) &&
      last.acting?.municipality === current?.municipality &&
      last.acting?.reason === current?.reason
    ) {
      continue;
    }
    if (last !== undefined) rows[rows.length - 1] = { ...last, to: date.subtract({ days: 1 }) };
    rows.push({ from: date, to: null, residence, acting: current });
  }
  return rows;
}
