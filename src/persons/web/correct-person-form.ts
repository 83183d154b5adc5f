/**
 * "Ret borgerens oplysninger" (GET/POST /borgere/{id}/ret): name, civil status and spouse, CPR subscription
 * and health card, shown as registered and posted with the version they were drawn from. Every field's
 * error at once, the values kept as typed.
 */
import { formatCpr, type DomainError } from '../../kernel/index.ts';
import { cprNumber, errorSummary, type SummaryError } from '../../platform/web/components.ts';
import { requestText, textField } from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { CorrectPersonInput } from '../correct-person.ts';
import type { Person } from '../domain/person.ts';
import { civilStatusFields } from './person-form.ts';

export const correctPersonPath = (personId: string): string => `/borgere/${personId}/ret`;

export interface CorrectPersonForm {
  readonly navn: string;
  readonly civilstand: string;
  readonly aegtefaelle: string;
  readonly cprAbonnement: boolean;
  readonly helbredskort: boolean;
  readonly version: string;
}

/** The form as the citizen is registered now. */
export function formOf(person: Person): CorrectPersonForm {
  return {
    navn: person.name,
    civilstand: person.civilStatus,
    aegtefaelle: person.spouse === null ? '' : formatCpr(person.spouse),
    cprAbonnement: person.cprSubscription,
    helbredskort: person.healthCard,
    version: String(person.version),
  };
}

export function readCorrectPersonForm(body: unknown): CorrectPersonForm {
  return {
    navn: requestText(body, 'navn'),
    civilstand: requestText(body, 'civilstand'),
    aegtefaelle: requestText(body, 'aegtefaelle').trim(),
    cprAbonnement: requestText(body, 'cpr-abonnement') !== '',
    helbredskort: requestText(body, 'helbredskort') !== '',
    version: requestText(body, 'version'),
  };
}

export function toCorrectPersonInput(form: CorrectPersonForm): CorrectPersonInput {
  return {
    name: form.navn,
    civilStatus: form.civilstand,
    spouse: form.aegtefaelle === '' ? null : form.aegtefaelle,
    cprSubscription: form.cprAbonnement,
    healthCard: form.helbredskort,
    version: /^\d+$/.test(form.version) ? Number(form.version) : -1,
  };
}

const fieldIds: Readonly<Record<string, string>> = {
  name: 'navn',
  civilStatus: 'civilstand',
  spouse: 'aegtefaelle',
};

/** A refusal at the field its `field` names. */
export function correctionErrorOf(error: DomainError): SummaryError {
  const fieldId = error.field === undefined ? undefined : fieldIds[error.field];
  return fieldId === undefined ? { message: error.message } : { fieldId, message: error.message };
}

export function correctPersonPage(
  actor: WebActor,
  person: Person,
  form: CorrectPersonForm,
  errors: readonly SummaryError[],
): SafeHtml {
  const errorAt = (id: string): string | undefined => errors.find((e) => e.fieldId === id)?.message;
  const back = `/borgere/${person.id}`;
  return page({
    title: 'Ret borgerens oplysninger',
    hasErrors: errors.length > 0,
    actor,
    breadcrumbs: [
      { text: 'Forside', href: '/' },
      { text: person.name, href: back },
      { text: 'Ret borgerens oplysninger' },
    ],
    main: html`<h1>Ret borgerens oplysninger</h1>
      <p class="font-lead">
        CPR-nummer ${cprNumber(person.cpr)}. Bopælen rettes ikke her: den kommer fra CPR, eller registreres
        med "Registrer fraflytning".
      </p>
      ${errorSummary(errors)}
      <form method="post" action="${correctPersonPath(person.id)}" novalidate>
        <input type="hidden" name="version" value="${form.version}" />
        ${textField({ id: 'navn', label: 'Navn', value: form.navn, error: errorAt('navn'), autocomplete: 'off' })}
        ${civilStatusFields(form, errorAt)}
        <button type="submit" class="button button-primary mt-5">Gem</button>
        <a class="button button-tertiary mt-5" href="${back}">Annuller</a>
      </form>`,
  });
}
