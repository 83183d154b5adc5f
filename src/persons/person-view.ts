/** The person as the API and the CLI show it: plain JSON with dates as `YYYY-MM-DD` and CPR with a dash. */
import type { Temporal } from 'temporal-polyfill';
import { formatCpr, getMunicipality, type Residence } from '../kernel/index.ts';
import type { Person } from './domain/person.ts';
import { residenceOn } from './domain/residence.ts';

export type ResidenceView =
  { readonly municipality: string; readonly municipalityName: string } | { readonly abroad: string };

export interface PersonView {
  readonly id: string;
  readonly cpr: string;
  readonly name: string;
  readonly civilStatus: string;
  readonly spouse: string | null;
  readonly cprSubscription: boolean;
  readonly healthCard: boolean;
  readonly currentResidence: ResidenceView | null;
  readonly residence: (ResidenceView & { readonly from: string })[];
  readonly institutionStays: { readonly from: string; readonly to: string | null }[];
  readonly administration: {
    readonly municipality: string;
    readonly from: string;
    readonly to: string | null;
  }[];
}

/** Shows a residence with the municipality's name. */
export function residenceView(residence: Residence): ResidenceView {
  return residence.kind === 'municipality'
    ? { municipality: residence.municipality, municipalityName: getMunicipality(residence.municipality).name }
    : { abroad: residence.country };
}

/** The person's view on a given day (the current residence depends on it). */
export function personView(person: Person, today: Temporal.PlainDate): PersonView {
  const current = residenceOn(person.residence, today);
  return {
    id: person.id,
    cpr: formatCpr(person.cpr),
    name: person.name,
    civilStatus: person.civilStatus,
    spouse: person.spouse === null ? null : formatCpr(person.spouse),
    cprSubscription: person.cprSubscription,
    healthCard: person.healthCard,
    currentResidence: current === undefined ? null : residenceView(current),
    residence: person.residence.map((entry) => ({
      ...residenceView(entry.residence),
      from: entry.from.toString(),
    })),
    institutionStays: person.institutionStays.map((s) => ({
      from: s.from.toString(),
      to: s.to?.toString() ?? null,
    })),
    administration: person.administration.map((a) => ({
      municipality: a.municipality,
      from: a.from.toString(),
      to: a.to?.toString() ?? null,
    })),
  };
}
