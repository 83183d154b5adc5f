/** How the pages write dates, times, places, civil status and actors in Danish. */
import type { Temporal } from 'temporal-polyfill';
import { countryCodes, findMunicipality, ZONE } from '../../kernel/index.ts';
import type { CivilStatus } from '../domain/person.ts';
import type { ResidenceView } from '../person-view.ts';
import { dateInput } from '../../platform/web/form.ts';

const two = (n: number): string => String(n).padStart(2, '0');

/** `2025-05-07` → `07.05.2025`; anything else is shown as it is. */
export function formatDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match === null ? iso : `${match[3] ?? ''}.${match[2] ?? ''}.${match[1] ?? ''}`;
}

/** An instant in Danish time: `07.05.2025 kl. 09:00`. */
export function formatInstant(instant: Temporal.Instant): string {
  const t = instant.toZonedDateTimeISO(ZONE);
  return `${two(t.day)}.${two(t.month)}.${t.year} kl. ${two(t.hour)}:${two(t.minute)}`;
}

export { dateInput };

/** Whether the form's date text has one of the accepted shapes (whether or not the date exists). */
export function looksLikeDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(dateInput(text));
}

export const civilStatusLabels: Readonly<Record<CivilStatus, string>> = {
  ugift: 'Ugift',
  gift: 'Gift',
  skilt: 'Skilt',
  separeret: 'Separeret',
  enke: 'Enke',
  enkemand: 'Enkemand',
  'registreret-partner': 'Registreret partner',
  'ophaevet-partnerskab': 'Ophævet partnerskab',
  'laengstlevende-partner': 'Længstlevende partner',
};

/** A civil status key as Danish text; an unknown key is shown as it is. */
export function civilStatusText(status: string): string {
  return (civilStatusLabels as Readonly<Record<string, string>>)[status] ?? status;
}

/** `København (101)`; a code that is no municipality is shown as it is. */
export function municipalityText(code: string): string {
  const municipality = findMunicipality(code);
  return municipality === undefined ? code : `${municipality.name} (${code})`;
}

const regionNames = new Intl.DisplayNames(['da'], { type: 'region', fallback: 'code' });

/** A country by its ISO 3166-1 code in Danish: `SE` → `Sverige`; a code that is no country as it is. */
export function countryName(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The countries abroad (every one but Denmark) by Danish name, for a select. */
export function countryOptions(empty = 'Vælg land'): { value: string; text: string }[] {
  const countries = countryCodes
    .filter((code) => code !== 'DK')
    .map((code) => ({ value: code, text: countryName(code) }))
    .sort((a, b) => a.text.localeCompare(b.text, 'da'));
  return [{ value: '', text: empty }, ...countries];
}

/** A residence: `København (101)`, or the country abroad by name: `Sverige`. */
export function residenceText(residence: ResidenceView): string {
  return 'abroad' in residence
    ? countryName(residence.abroad)
    : `${residence.municipalityName} (${residence.municipality})`;
}

/** A period `01.01.2020 – 31.03.2020`, or `fra 01.01.2020` while open-ended. */
export function periodText(from: string, to: string | null): string {
  return to === null ? `fra ${formatDate(from)}` : `${formatDate(from)} – ${formatDate(to)}`;
}

/** Who did it, from the event's actor label: `sb101, København (101)`, `System (demo-data)`. */
export function actorText(label: string): string {
  const user = /^bruger:(.+?)(?:@(\d{3}))?$/.exec(label);
  if (user !== null) {
    const municipality = user[2];
    return municipality === undefined
      ? (user[1] ?? label)
      : `${user[1] ?? ''}, ${municipalityText(municipality)}`;
  }
  const system = /^system:(.+)$/.exec(label);
  return system === null ? label : `System (${system[1] ?? ''})`;
}

/** Ja or Nej. */
export const yesNo = (value: boolean): string => (value ? 'Ja' : 'Nej');
