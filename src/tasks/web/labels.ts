/**
 * The Danish words the task pages show for the keys the engine stores: task and step statuses, step kinds,
 * undring statuses, task events, the steps' input fields and their values. A key without a label is shown
 * as it is, so a new key is never hidden.
 */
import { Temporal } from 'temporal-polyfill';
import { actorText, formatDate, formatInstant } from '../../persons/index.ts';
import type { StepMode } from '../domain/definition.ts';
import type { QueryStatus, StepStatus, TaskEventType } from '../domain/engine.ts';
import type { TaskStatus } from '../domain/task.ts';

/** An empty cell. */
export const none = '–';

export const taskStatusLabels: Readonly<Record<TaskStatus, string>> = {
  aaben: 'Åben',
  afsluttet: 'Afsluttet',
  afvist: 'Afvist',
  annulleret: 'Annulleret',
};

export const stepStatusLabels: Readonly<Record<StepStatus, string>> = {
  afventer: 'Afventer',
  aktiv: 'Aktiv',
  gennemfoert: 'Gennemført',
  'sprunget-over': 'Sprunget over',
  'skal-gentages': 'Skal gentages',
};

export const stepModeLabels: Readonly<Record<StepMode, string>> = {
  automatisk: 'Automatisk',
  manuel: 'Manuelt',
};

export const queryStatusLabels: Readonly<Record<QueryStatus, string>> = {
  aaben: 'Åben',
  loest: 'Løst',
  afvist: 'Afvist',
  bortfaldet: 'Bortfaldet',
};

export const taskEventLabels: Readonly<Record<TaskEventType, string>> = {
  'opgave-oprettet': 'Opgave oprettet',
  'trin-gennemfoert': 'Trin gennemført',
  'trin-sprunget-over': 'Trin sprunget over',
  'trin-genaabnet': 'Gået tilbage til trinnet',
  'undring-rejst': 'Undring rejst',
  'undring-loest': 'Undring løst',
  'undring-afvist': 'Undring afvist',
  'undring-bortfaldet': 'Undring bortfaldet',
  'opgave-afsluttet': 'Opgave afsluttet',
  'opgave-virkning': 'Opgavens virkning registreret',
  'opgave-afvist': 'Opgave afvist',
  'opgave-annulleret': 'Opgave annulleret',
  'opgave-genstartet': 'Opgave genstartet',
  'opgave-tildelt': 'Tildeling ændret',
  'opgavekategorier-aendret': 'Kategorier ændret',
};

/** The steps' input fields (and automatic steps' results) by their keys. */
export const fieldLabels: Readonly<Record<string, string>> = {
  notat: 'Notat',
  beslutning: 'Beslutning',
  afregnet: 'Afregnet',
  action: 'Handling',
  municipality: 'Kommune',
  from: 'Fra',
  to: 'Til',
  reason: 'Årsag',
  agreement: 'Aftale med anden kommune',
  consent: 'Borgerens samtykke',
  moveDate: 'Flyttedato',
  aktivitetsparat: 'Aktivitetsparat',
  fritidstillaeg: 'Fritidstillæg',
  beloeb: 'Månedligt beløb (kr.)',
  begrundelse: 'Begrundelse',
  dokument: 'Dokument',
  sag: 'Sag',
  ydelse: 'Ydelse',
  sendt: 'Sendt den',
  frist: 'Borgerens frist',
  truffet: 'Afgørelsens dato',
  aegtefaelleOpfylderHellerIkke: 'Ægtefællen opfylder heller ikke kravet',
  valgBegrundelse: 'Hvorfor hjælpen bortfalder for netop denne ægtefælle',
  art: 'Art',
  fra: 'Fra',
  til: 'Til',
  undtagelse: 'Undtagelse',
  haendelse: 'Hændelsens dato',
  dage: 'Dage',
  afgjort: 'Afgjort den (tidligere system)',
  reference: 'Reference (journalnummer)',
  hjemmel: 'Hjemmel',
  Konsekvens: 'Konsekvens',
  Overgangsdato: 'Overgangsdato',
  Begrundelse: 'Begrundelse',
};

/** The values of the steps' enumerations. */
export const valueLabels: Readonly<Record<string, string>> = {
  behold: 'Behold abonnementet',
  ophaev: 'Ophæv abonnementet',
  'ingen-aendring': 'Ingen ændring',
  opret: 'Opret',
  rediger: 'Rediger',
  stands: 'Stands',
  fortryd: 'Fortryd',
  'ophold-institution': 'Ophold på institution (rsl § 9, stk. 3-6)',
  'midlertidigt-ophold': 'Midlertidigt ophold (rsl § 9 b)',
  'aftale-med-samtykke': 'Aftale med samtykke (rsl § 9, stk. 9)',
  faktura: 'Faktura',
  loenseddel: 'Lønseddel',
  undtagelse: 'Undtagelse fra 225-timersreglen',
  forlaengelse: 'Forlængelse af de 12 måneder',
  'begraenset-arbejdsevne': 'Begrænset arbejdsevne',
  rehabiliteringsplan: 'Rehabiliteringsplan under udarbejdelse',
  forrevalidering: 'Forrevalidering',
  revalidering: 'Revalidering',
  'fradrag-dage': 'Fradrag for dage',
  'nedsaettelse-sats': 'Nedsættelse med sanktionssatsen',
};

/** The label of a key in a map, or the key itself when the map has none. */
export function labelOf(labels: Readonly<Record<string, string>>, key: string): string {
  return Object.hasOwn(labels, key) ? (labels[key] ?? key) : key;
}

/** `1505701234` as `150570-1234`; anything else as it is. */
export function cprText(cpr: string): string {
  return /^\d{10}$/.test(cpr) ? `${cpr.slice(0, 6)}-${cpr.slice(6)}` : cpr;
}

/** An ISO instant (as the task's steps and undringer store it) in Danish time; anything else as it is. */
export function instantText(iso: string | null): string {
  if (iso === null) return none;
  try {
    return formatInstant(Temporal.Instant.from(iso));
  } catch {
    return iso;
  }
}

/** Who did it, from an actor label (`bruger:sb1@101`); nobody is a dash. */
export function byText(label: string | null): string {
  return label === null ? none : actorText(label);
}

/** A stored value as the caseworker reads it: Ja/Nej, dates in Danish, known values by their labels. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return none;
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    return labelOf(valueLabels, value);
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  return JSON.stringify(value);
}

/** A message with every ISO date in it (`2026-12-05`) written in Danish (`05.12.2026`). */
export function danishDates(message: string): string {
  return message.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3.$2.$1');
}

/** Today's date in ISO form is before `date` (a due date that has passed). */
export function isOverdue(dueOn: string | null, today: Temporal.PlainDate): boolean {
  return dueOn !== null && Temporal.PlainDate.compare(Temporal.PlainDate.from(dueOn), today) < 0;
}
