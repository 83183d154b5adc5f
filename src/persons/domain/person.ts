/** A citizen as CPR knows them, with the histories the acting-municipality rules need. */
import type { Temporal } from 'temporal-polyfill';
import type { Cpr, MunicipalityCode, Residence } from '../../kernel/index.ts';

/** Civil status (CPR's civilstand) as ASCII Danish keys. */
export const civilStatuses = [
  'ugift',
  'gift',
  'skilt',
  'separeret',
  'enke',
  'enkemand',
  'registreret-partner',
  'ophaevet-partnerskab',
  'laengstlevende-partner',
] as const;
export type CivilStatus = (typeof civilStatuses)[number];

/** Statuses in which the citizen has a spouse or registered partner. */
export const statusesWithSpouse: readonly CivilStatus[] = ['gift', 'separeret', 'registreret-partner'];

export interface ResidencePeriod {
  readonly residence: Residence;
  /** Runs from this date until the next entry's. */
  readonly from: Temporal.PlainDate;
}

export interface DatePeriod {
  readonly from: Temporal.PlainDate;
  /** Last day, inclusive; null while open-ended. */
  readonly to: Temporal.PlainDate | null;
}

export interface AdministrationPeriod extends DatePeriod {
  /** The municipality administering the citizen's money (APØ). */
  readonly municipality: MunicipalityCode;
}

export interface PersonData {
  readonly cpr: Cpr;
  readonly name: string;
  readonly civilStatus: CivilStatus;
  readonly spouse: Cpr | null;
  /** Whether the municipality subscribes to CPR changes for the citizen (CPR-abonnement). */
  readonly cprSubscription: boolean;
  readonly healthCard: boolean;
  /** Oldest first, strictly increasing from-dates. */
  readonly residence: readonly ResidencePeriod[];
  readonly institutionStays: readonly DatePeriod[];
  readonly administration: readonly AdministrationPeriod[];
}

export interface Person extends PersonData {
  readonly id: string;
  readonly version: number;
}
