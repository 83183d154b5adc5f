/**
 * The "Opret borger" form: reading the posted fields, turning them into the use case's input, mapping the
 * use case's `field` back to the form's fields, and drawing the form with the values kept.
 */
import type { DomainError } from '../../kernel/index.ts';
import { errorSummary, type SummaryError } from '../../platform/web/components.ts';
import {
  checkbox,
  municipalityOptions,
  requestText,
  selectField,
  textField,
} from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { NewPersonInput } from '../domain/decide-new-person.ts';
import { civilStatuses } from '../domain/person.ts';
import { civilStatusLabels, dateInput, looksLikeDate } from './format.ts';

/** The form's values as typed (strings kept as they are, so a refused form shows them again). */
export interface PersonForm {
  readonly cpr: string;
  readonly navn: string;
  readonly kommune: string;
  readonly bopaelFra: string;
  readonly civilstand: string;
  readonly aegtefaelle: string;
  readonly cprAbonnement: boolean;
  readonly helbredskort: boolean;
}

/** An error at one of the form's fields (ids as in the markup). */
export interface FieldError extends SummaryError {
  readonly fieldId?: FieldId;
}

export const fieldIds = ['cpr', 'navn', 'kommune', 'bopael-fra', 'civilstand', 'aegtefaelle'] as const;
export type FieldId = (typeof fieldIds)[number];

export const emptyPersonForm: PersonForm = {
  cpr: '',
  navn: '',
  kommune: '',
  bopaelFra: '',
  civilstand: 'ugift',
  aegtefaelle: '',
  cprAbonnement: true,
  helbredskort: false,
};

/** Reads the posted form; an unchecked checkbox is simply absent. */
export function readPersonForm(body: unknown): PersonForm {
  return {
    cpr: requestText(body, 'cpr'),
    navn: requestText(body, 'navn'),
    kommune: requestText(body, 'kommune'),
    bopaelFra: requestText(body, 'bopael-fra'),
    civilstand: requestText(body, 'civilstand') || 'ugift',
    aegtefaelle: requestText(body, 'aegtefaelle'),
    cprAbonnement: requestText(body, 'cpr-abonnement') !== '',
    helbredskort: requestText(body, 'helbredskort') !== '',
  };
}

/** The use case's input: one residence in a municipality from the given date. */
export function toNewPersonInput(form: PersonForm): NewPersonInput {
  return {
    cpr: form.cpr,
    name: form.navn,
    residence: [{ municipality: form.kommune.trim(), from: dateInput(form.bopaelFra) }],
    civilStatus: form.civilstand,
    spouse: form.aegtefaelle.trim() === '' ? null : form.aegtefaelle,
    cprSubscription: form.cprAbonnement,
    healthCard: form.helbredskort,
  };
}

const requiredMessages: readonly [FieldId, keyof PersonForm, string][] = [
  ['cpr', 'cpr', 'Indtast borgerens CPR-nummer'],
  ['navn', 'navn', 'Indtast borgerens navn'],
  ['kommune', 'kommune', 'Vælg borgerens bopælskommune'],
  ['bopael-fra', 'bopaelFra', 'Indtast datoen, bopælen gælder fra'],
];

/** The required fields left empty. */
export function missingFields(form: PersonForm): FieldError[] {
  return requiredMessages
    .filter(([, key]) => String(form[key]).trim() === '')
    .map(([fieldId, , message]) => ({ fieldId, message }));
}

const fieldOfInput: Readonly<Record<string, FieldId>> = {
  cpr: 'cpr',
  name: 'navn',
  residence: 'kommune',
  'residence.0': 'kommune',
  'residence.0.municipality': 'kommune',
  'residence.0.from': 'bopael-fra',
  civilStatus: 'civilstand',
  spouse: 'aegtefaelle',
};

const dateHint = 'Skriv datoen som dd.mm.åååå, fx 01.01.2020';

/** The use case's refusal at the form field its `field` names. */
export function fieldErrorOf(error: DomainError, form: PersonForm): FieldError {
  const fieldId = error.field === undefined ? undefined : fieldOfInput[error.field];
  if (fieldId === 'bopael-fra' && !looksLikeDate(form.bopaelFra)) return { fieldId, message: dateHint };
  return fieldId === undefined ? { message: error.message } : { fieldId, message: error.message };
}

/** Both lists, one error per field, in the form's order. */
export function mergeErrors(first: readonly FieldError[], second: readonly FieldError[]): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const error of [...first, ...second]) {
    const key = error.fieldId ?? `:${error.message}`;
    if (!byField.has(key)) byField.set(key, error);
  }
  const order = (error: FieldError): number =>
    error.fieldId === undefined ? fieldIds.length : fieldIds.indexOf(error.fieldId);
  return [...byField.values()].sort((a, b) => order(a) - order(b));
}

const civilStatusOptions = civilStatuses.map((status) => ({
  value: status,
  text: civilStatusLabels[status],
}));

function fields(form: PersonForm, errorAt: (id: FieldId) => string | undefined): SafeHtml {
  return html`${textField({ id: 'cpr', label: 'CPR-nummer', hint: '10 cifre, fx 070362-1007', value: form.cpr, error: errorAt('cpr'), autocomplete: 'off', width: 'input-width-s' })}
  ${textField({ id: 'navn', label: 'Navn', value: form.navn, error: errorAt('navn'), autocomplete: 'off' })}
  ${selectField({ id: 'kommune', label: 'Bopælskommune', value: form.kommune, options: municipalityOptions(), error: errorAt('kommune') })}
  ${textField({ id: 'bopael-fra', label: 'Bopæl fra', hint: dateHint, value: form.bopaelFra, error: errorAt('bopael-fra'), autocomplete: 'off', width: 'input-width-s' })}
  ${civilStatusFields(form, errorAt)}`;
}

/** Civil status and spouse, CPR subscription and health card: "Opret borger" and "Ret borger" share them. */
export function civilStatusFields(
  form: Pick<PersonForm, 'civilstand' | 'aegtefaelle' | 'cprAbonnement' | 'helbredskort'>,
  errorAt: (id: 'civilstand' | 'aegtefaelle') => string | undefined,
): SafeHtml {
  return html`${selectField({ id: 'civilstand', label: 'Civilstand', value: form.civilstand, options: civilStatusOptions, error: errorAt('civilstand') })}
    ${textField({ id: 'aegtefaelle', label: 'Ægtefælles CPR-nummer', hint: 'Kun ved civilstand gift, separeret eller registreret partner', value: form.aegtefaelle, error: errorAt('aegtefaelle'), optional: true, autocomplete: 'off', width: 'input-width-s' })}
    <div class="form-group">
      <fieldset>
        <legend class="form-label">CPR-abonnement og helbredskort</legend>
        ${checkbox({ id: 'cpr-abonnement', label: 'CPR-abonnement', checked: form.cprAbonnement })}
        ${checkbox({ id: 'helbredskort', label: 'Helbredskort', checked: form.helbredskort })}
      </fieldset>
    </div>`;
}

/** The whole "Opret borger" page, with the errors at the top and at their fields. */
export function personFormPage(actor: WebActor, form: PersonForm, errors: readonly FieldError[]): SafeHtml {
  const errorAt = (id: FieldId): string | undefined => errors.find((e) => e.fieldId === id)?.message;
  return page({
    title: 'Opret borger',
    hasErrors: errors.length > 0,
    actor,
    breadcrumbs: [{ text: 'Forside', href: '/' }, { text: 'Opret borger' }],
    main: html`<h1>Opret borger</h1>
      <p class="font-lead">
        Registrér en borger, som CPR kender borgeren. Borgeren får én bopæl fra den dato, du skriver.
      </p>
      ${errorSummary(errors)}
      <form method="post" action="/borgere" novalidate>
        ${fields(form, errorAt)}
        <button type="submit" class="button button-primary mt-5">Opret borger</button>
      </form>`,
  });
}
