/**
 * Who acts (handleansvar), by rsl §9 stk. 1 and the KP 5.4.0 release: the residence municipality, unless a
 * manual acting municipality holds for the day; a residence abroad ends every duty, manual or not.
 */
import { Temporal } from 'temporal-polyfill';
import type { MunicipalityCode, Residence } from '../../kernel/index.ts';

export const manualActingReasons = [
  'ophold-institution',
  'midlertidigt-ophold',
  'aftale-med-samtykke',
] as const;
/** rsl §9 stk. 3-6, §9 b, §9 stk. 9: the main exceptions the ministry lists. */
export type ManualActingReason = (typeof manualActingReasons)[number];

export interface ManualPeriod {
  readonly id: string;
  /** The chosen acting municipality: the registering one (keep the duty) or another (hand it over). */
  readonly municipality: MunicipalityCode;
  readonly from: Temporal.PlainDate;
  /** Last day, inclusive; null while open-ended. */
  readonly to: Temporal.PlainDate | null;
  readonly reason: ManualActingReason;
  readonly registeredBy: MunicipalityCode;
  /** rsl §9 stk. 9: the other municipality's agreement and the citizen's consent, as registered. */
  readonly agreement?: boolean;
  readonly consent?: boolean;
  /** The 04:00 run has put the period into effect. */
  readonly started: boolean;
  /** The 04:00 run has ended it (its end passed, it was stopped, or the citizen moved abroad). */
  readonly ended: boolean;
}

/** Whether the manual period holds on the date (started or not: the run decides on the date itself). */
export function manualPeriodHolds(period: ManualPeriod, date: Temporal.PlainDate): boolean {
  return (
    !period.ended &&
    Temporal.PlainDate.compare(period.from, date) <= 0 &&
    (period.to === null || Temporal.PlainDate.compare(date, period.to) <= 0)
  );
}

/** The acting municipality for a residence and an optional manual period that holds: null abroad. */
export function decideActingMunicipality(
  residence: Residence,
  manual: ManualPeriod | undefined,
): MunicipalityCode | null {
  if (residence.kind === 'abroad') return null;
  return manual?.municipality ?? residence.municipality;
}
