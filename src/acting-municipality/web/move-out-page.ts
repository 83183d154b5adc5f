/**
 * "Registrer fraflytning" (GET/POST /borgere/{id}/fraflytning): the acting municipality registers a move for
 * a citizen without CPR subscription — to another municipality or abroad, from a date. The destination is
 * a choice with its one field revealed under it (DKFDS's radio toggle; without script both are shown, and
 * only the chosen one is read). Every field's error is shown at once, the values kept as typed.
 */
import type { DomainError } from '../../kernel/index.ts';
import { parseCountryCode, parseMunicipalityCode } from '../../kernel/index.ts';
import { personPath } from '../../cases/index.ts';
import { countryOptions, looksLikeDate } from '../../persons/index.ts';
import { errorSummary, type SummaryError } from '../../platform/web/components.ts';
import {
  dateInput,
  municipalityOptions,
  requestText,
  selectField,
  textField,
} from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { MoveOutInput } from '../register-move-out.ts';

export interface MoveOutForm {
  /** `kommune` or `udlandet`; empty before a choice. */
  readonly til: string;
  readonly kommune: string;
  readonly land: string;
  readonly dato: string;
}

export const emptyMoveOutForm: MoveOutForm = { til: '', kommune: '', land: '', dato: '' };

export function readMoveOutForm(body: unknown): MoveOutForm {
  return {
    til: requestText(body, 'til'),
    kommune: requestText(body, 'kommune'),
    land: requestText(body, 'land'),
    dato: requestText(body, 'dato').trim(),
  };
}

/** Every field's error at once, before the use case (which checks again); none when the form can be tried. */
export function moveOutErrors(form: MoveOutForm): SummaryError[] {
  const errors: SummaryError[] = [];
  if (form.til !== 'kommune' && form.til !== 'udlandet') {
    errors.push({
      fieldId: 'til-kommune',
      message: 'Vælg, om borgeren flytter til en anden kommune eller til udlandet',
    });
  } else if (form.til === 'kommune' && !parseMunicipalityCode(form.kommune).ok) {
    errors.push({ fieldId: 'kommune', message: 'Vælg den kommune, borgeren flytter til' });
  } else if (form.til === 'udlandet' && !parseCountryCode(form.land).ok) {
    errors.push({ fieldId: 'land', message: 'Vælg det land, borgeren flytter til' });
  }
  if (form.dato === '') errors.push({ fieldId: 'dato', message: 'Angiv flyttedatoen' });
  else if (!looksLikeDate(form.dato)) {
    errors.push({ fieldId: 'dato', message: 'Flyttedatoen skal skrives som dd.mm.åååå, fx 01.06.2025' });
  }
  return errors;
}

export function toMoveOutInput(form: MoveOutForm): MoveOutInput {
  return form.til === 'udlandet'
    ? { abroad: form.land, date: dateInput(form.dato) }
    : { municipality: form.kommune, date: dateInput(form.dato) };
}

/** The form field a refusal of the use case belongs at. */
export function moveOutErrorOf(error: DomainError): SummaryError {
  const field = error.field ?? '';
  const fieldId =
    field === 'date' || field === 'moveDate'
      ? 'dato'
      : field === 'municipality'
        ? 'kommune'
        : field === 'abroad' || error.code === 'ukendt-land'
          ? 'land'
          : undefined;
  return fieldId === undefined ? { message: error.message } : { fieldId, message: error.message };
}

function radio(id: string, value: string, label: string, form: MoveOutForm, content: SafeHtml): SafeHtml {
  const contentId = `${id}-indhold`;
  const checked = form.til === value;
  return html`<div class="form-group-radio">
      <input
        type="radio"
        class="form-radio"
        id="${id}"
        name="til"
        value="${value}"
        data-controls="#${contentId}"
        ${checked && html` checked`}
      />
      <label class="form-label" for="${id}">${label}</label>
    </div>
    <div class="hidden-content-wrapper${checked && ' show-content'}">
      <div class="radio-content" id="${contentId}" aria-hidden="${checked ? 'false' : 'true'}">
        ${content}
      </div>
    </div>`;
}

export function moveOutPage(
  actor: WebActor,
  person: { readonly id: string; readonly name: string },
  form: MoveOutForm,
  errors: readonly SummaryError[],
): SafeHtml {
  const errorAt = (id: string): string | undefined => errors.find((e) => e.fieldId === id)?.message;
  const choiceError = errorAt('til-kommune');
  const back = personPath(person.id);
  return page({
    title: 'Registrer fraflytning',
    hasErrors: errors.length > 0,
    actor,
    breadcrumbs: [
      { text: 'Forside', href: '/' },
      { text: person.name, href: back },
      { text: 'Registrer fraflytning' },
    ],
    main: html`<h1>Registrer fraflytning</h1>
      <p class="font-lead">
        ${person.name} har ikke CPR-abonnement, så flytningen registreres her. 04:00-kørslen effektuerer den
        på flyttedatoen, som en flytning fra CPR.
      </p>
      ${errorSummary(errors)}
      <form method="post" action="${back}/fraflytning" novalidate>
        <div class="form-group${choiceError !== undefined && ' form-error'}">
          <fieldset aria-describedby="${choiceError === undefined ? 'til-hint' : 'til-hint til-error'}">
            <legend class="form-label">Borgeren flytter til</legend>
            <span class="form-hint" id="til-hint">Vælg, og angiv så kommunen eller landet.</span>
            ${choiceError !== undefined && html`<span class="form-error-message" id="til-error"><span class="sr-only">Fejl: </span>${choiceError}</span>`}
            <div class="js-radio-toggle-group">
              ${radio('til-kommune', 'kommune', 'En anden kommune', form, selectField({ id: 'kommune', label: 'Kommune', value: form.kommune, options: municipalityOptions(), error: errorAt('kommune') }))}
              ${radio('til-udlandet', 'udlandet', 'Udlandet', form, selectField({ id: 'land', label: 'Land', value: form.land, options: countryOptions(), error: errorAt('land') }))}
            </div>
          </fieldset>
        </div>
        ${textField({ id: 'dato', label: 'Flyttedato', hint: 'dd.mm.åååå, fx 01.06.2025', value: form.dato, error: errorAt('dato'), autocomplete: 'off', width: 'input-width-s' })}
        <button type="submit" class="button button-primary mt-5">Registrer fraflytning</button>
        <a class="button button-tertiary mt-5" href="${back}">Annuller</a>
      </form>`,
  });
}
