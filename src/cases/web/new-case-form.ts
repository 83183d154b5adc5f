/**
 * The "Opret sag" form: a case with its benefit, status, municipality, period, monthly amount and category,
 * read field by field (every error at once, the values kept as typed) and turned into createCase's input.
 */
import { formatAmount } from '../../kernel/index.ts';
import { municipalityOptions, requestText, selectField, textField } from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import { benefitTypes, type CaseStatus } from '../domain/case.ts';
import type { NewCaseInput } from '../domain/decide-new-case.ts';
import { benefitLabels, caseStatusLabels } from './labels.ts';
import { personPath } from './case-page.ts';
import { newCasePath } from './form-paths.ts';
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
  readText,
  type FieldError,
} from './form-support.ts';

/** The form's values as typed. */
export interface NewCaseForm {
  readonly ydelse: string;
  readonly status: string;
  readonly kommune: string;
  readonly fra: string;
  readonly til: string;
  readonly beloeb: string;
  readonly kategori: string;
}

/** The statuses a case is created with on the page: under investigation, or granted at once. */
export const newCaseStatuses: readonly CaseStatus[] = ['under-oplysning', 'bevilget'];

/** An empty form; the municipality is the user's own. */
export const emptyNewCaseForm = (web: WebActor): NewCaseForm => ({
  ydelse: '',
  status: 'under-oplysning',
  kommune: web.municipality ?? '',
  fra: '',
  til: '',
  beloeb: '',
  kategori: '',
});

export function readNewCaseForm(body: unknown): NewCaseForm {
  return {
    ydelse: requestText(body, 'ydelse'),
    status: requestText(body, 'status'),
    kommune: requestText(body, 'kommune'),
    fra: requestText(body, 'fra'),
    til: requestText(body, 'til'),
    beloeb: requestText(body, 'beloeb'),
    kategori: requestText(body, 'kategori'),
  };
}

/** createCase's fields at the form's fields. */
export const newCaseFields: Readonly<Record<string, string>> = {
  benefit: 'ydelse',
  status: 'status',
  municipality: 'kommune',
  from: 'fra',
  to: 'til',
  monthly: 'beloeb',
  category: 'kategori',
};

/** Every field read on its own: the use case's input, or every error found. */
export function checkNewCaseForm(
  form: NewCaseForm,
): { ok: true; input: NewCaseInput } | { ok: false; errors: readonly FieldError[] } {
  const errors = new FormErrors();
  const benefit = readChoice(errors, 'ydelse', form.ydelse, benefitTypes, 'ydelsen');
  const status = readChoice(errors, 'status', form.status, newCaseStatuses, 'sagens status');
  const municipality = readMunicipality(errors, 'kommune', form.kommune);
  const from = readDate(errors, 'fra', form.fra, { what: 'bevillingens første dag', required: true });
  const to = readDate(errors, 'til', form.til, { what: 'bevillingens sidste dag', required: false });
  checkOrder(errors, 'til', from, to);
  const monthly = readAmount(errors, 'beloeb', form.beloeb, { what: 'det månedlige beløb', required: false });
  const category = readText(errors, 'kategori', form.kategori, {
    what: 'kategorien',
    required: false,
    kind: 'line',
  });
  if (
    errors.list.length > 0 ||
    benefit === undefined ||
    status === undefined ||
    municipality === undefined ||
    from === undefined ||
    from === null ||
    to === undefined ||
    monthly === undefined ||
    category === undefined
  ) {
    return { ok: false, errors: errors.list };
  }
  return {
    ok: true,
    input: {
      benefit,
      status,
      municipality,
      from: from.toString(),
      to: to?.toString() ?? null,
      monthly: monthly === null ? null : formatAmount(monthly),
      category,
    },
  };
}

const benefitOptions = labelledOptions(benefitTypes, benefitLabels, 'Vælg ydelse');
const statusOptions = newCaseStatuses.map((status) => ({ value: status, text: caseStatusLabels[status] }));

function fields(form: NewCaseForm, errors: readonly FieldError[]): SafeHtml {
  const at = (id: string) => errorAt(errors, id);
  return html`${selectField({ id: 'ydelse', label: 'Ydelse', value: form.ydelse, options: benefitOptions, error: at('ydelse') })}
  ${selectField({ id: 'status', label: 'Status', hint: 'En bevilget sag får sin bevilling fra den første dag', value: form.status, options: statusOptions, error: at('status') })}
  ${selectField({ id: 'kommune', label: 'Kommune', hint: 'Kommunen, der bevilger: borgerens handlekommune', value: form.kommune, options: municipalityOptions(), error: at('kommune') })}
  ${textField({ id: 'fra', label: 'Bevilling fra', hint: dateHint, value: form.fra, error: at('fra'), autocomplete: 'off', width: 'input-width-s' })}
  ${textField({ id: 'til', label: 'Bevilling til (med)', hint: `${dateHint}; tomt: løbende`, value: form.til, error: at('til'), optional: true, autocomplete: 'off', width: 'input-width-s' })}
  ${textField({ id: 'beloeb', label: 'Månedligt beløb', hint: `${amountHint}; tomt, når der ikke udbetales månedligt`, value: form.beloeb, error: at('beloeb'), optional: true, autocomplete: 'off', width: 'input-width-s' })}
  ${textField({ id: 'kategori', label: 'Sagskategori', hint: 'Sats- eller målgruppekategori, én linje', value: form.kategori, error: at('kategori'), optional: true, autocomplete: 'off' })}`;
}

/** The "Opret sag" page for the citizen, with the errors at the top and at their fields. */
export function newCasePage(
  web: WebActor,
  person: { readonly id: string; readonly name: string },
  form: NewCaseForm,
  errors: readonly FieldError[],
): SafeHtml {
  return formPage({
    web,
    title: 'Opret sag',
    breadcrumbs: [
      { text: 'Forside', href: '/' },
      { text: person.name, href: personPath(person.id) },
      { text: 'Opret sag' },
    ],
    lead: `Opret en sag med bevilling for ${person.name}. Kun borgerens handlekommune kan oprette sager.`,
    errors,
    action: newCasePath(person.id),
    fields: fields(form, errors),
    submit: 'Opret sag',
    cancel: { href: personPath(person.id), text: 'Tilbage til borgeroverblikket' },
  });
}
