/**
 * The "Registrer træk" form: a standing deduction with its kind, municipality, monthly amount and period,
 * read field by field (every error at once, the values kept as typed) and turned into createDeduction's
 * input.
 */
import { formatAmount } from '../../kernel/index.ts';
import { municipalityOptions, requestText, selectField, textField } from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import { deductionKinds } from '../domain/case.ts';
import type { NewDeductionInput } from '../domain/decide-new-case.ts';
import { personPath } from './case-page.ts';
import { originCrumbs, originQuery, type CaseOrigin } from './case-origin.ts';
import { newDeductionPath } from './form-paths.ts';
import {
  amountHint,
  checkOrder,
  dateHint,
  errorAt,
  formPage,
  FormErrors,
  labelledOptions,
  readAmount,
  readChoice,
  readDate,
  readMunicipality,
  type FieldError,
} from './form-support.ts';
import { deductionKindLabels } from './labels.ts';

/** The form's values as typed. */
export interface DeductionForm {
  readonly art: string;
  readonly kommune: string;
  readonly beloeb: string;
  readonly fra: string;
  readonly til: string;
}

/** An empty form; the municipality is the user's own. */
export const emptyDeductionForm = (web: WebActor): DeductionForm => ({
  art: '',
  kommune: web.municipality ?? '',
  beloeb: '',
  fra: '',
  til: '',
});

export function readDeductionForm(body: unknown): DeductionForm {
  return {
    art: requestText(body, 'art'),
    kommune: requestText(body, 'kommune'),
    beloeb: requestText(body, 'beloeb'),
    fra: requestText(body, 'fra'),
    til: requestText(body, 'til'),
  };
}

/** createDeduction's fields at the form's fields. */
export const deductionFields: Readonly<Record<string, string>> = {
  kind: 'art',
  municipality: 'kommune',
  monthly: 'beloeb',
  from: 'fra',
  to: 'til',
};

/** Every field read on its own: the use case's input, or every error found. */
export function checkDeductionForm(
  form: DeductionForm,
): { ok: true; input: NewDeductionInput } | { ok: false; errors: readonly FieldError[] } {
  const errors = new FormErrors();
  const kind = readChoice(errors, 'art', form.art, deductionKinds, 'trækkets art');
  const municipality = readMunicipality(errors, 'kommune', form.kommune);
  const monthly = readAmount(errors, 'beloeb', form.beloeb, { what: 'det månedlige træk', required: true });
  const from = readDate(errors, 'fra', form.fra, { what: 'trækkets første dag', required: true });
  const to = readDate(errors, 'til', form.til, { what: 'trækkets sidste dag', required: false });
  checkOrder(errors, 'til', from, to);
  if (
    errors.list.length > 0 ||
    kind === undefined ||
    municipality === undefined ||
    monthly === undefined ||
    monthly === null ||
    from === undefined ||
    from === null ||
    to === undefined
  ) {
    return { ok: false, errors: errors.list };
  }
  return {
    ok: true,
    input: {
      kind,
      municipality,
      monthly: formatAmount(monthly),
      from: from.toString(),
      to: to?.toString() ?? null,
    },
  };
}

const kindOptions = labelledOptions(deductionKinds, deductionKindLabels, 'Vælg art');

function fields(form: DeductionForm, errors: readonly FieldError[]): SafeHtml {
  const at = (id: string) => errorAt(errors, id);
  return html`${selectField({ id: 'art', label: 'Trækkets art', value: form.art, options: kindOptions, error: at('art') })}
  ${selectField({ id: 'kommune', label: 'Kommune', hint: 'Kommunen, der trækker: borgerens handlekommune', value: form.kommune, options: municipalityOptions(), error: at('kommune') })}
  ${textField({ id: 'beloeb', label: 'Månedligt træk', hint: amountHint, value: form.beloeb, error: at('beloeb'), autocomplete: 'off', width: 'input-width-s' })}
  ${textField({ id: 'fra', label: 'Træk fra', hint: dateHint, value: form.fra, error: at('fra'), autocomplete: 'off', width: 'input-width-s' })}
  ${textField({ id: 'til', label: 'Træk til (med)', hint: `${dateHint}; tomt: løbende`, value: form.til, error: at('til'), optional: true, autocomplete: 'off', width: 'input-width-s' })}`;
}

/** The "Registrer træk" page for the citizen; `origin` is the case the caseworker came from, if any. */
export function deductionPage(
  web: WebActor,
  person: { readonly id: string; readonly name: string },
  form: DeductionForm,
  errors: readonly FieldError[],
  origin: CaseOrigin | undefined,
): SafeHtml {
  const back = originCrumbs(origin)[0]?.href ?? personPath(person.id);
  return formPage({
    web,
    title: 'Registrer træk',
    breadcrumbs: [
      { text: 'Forside', href: '/' },
      { text: person.name, href: personPath(person.id) },
      ...originCrumbs(origin),
      { text: 'Registrer træk' },
    ],
    lead:
      `Registrer et løbende træk i udbetalingerne til ${person.name}. Trækket får sin træklinje fra ` +
      'den måned, hvis kørsel kommer næst. Kun borgerens handlekommune kan registrere træk.',
    errors,
    action: `${newDeductionPath(person.id)}${originQuery(origin)}`,
    fields: fields(form, errors),
    submit: 'Registrer træk',
    cancel: { href: back, text: 'Annuller' },
  });
}
