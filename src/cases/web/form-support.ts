/**
 * What the case-side forms share: reading each posted field on its own, so every field's error is reported
 * at once in the DKFDS error summary (the use case, called only when none is found, stays the authority);
 * dates typed `05.12.2026` and amounts typed `1.234,56`; mapping a use case's refusal back to the form field
 * its `field` names; the DKFDS controls form.ts has no helper for (a text area, a checkbox with an error, a
 * file); and the page every form is drawn on.
 */
import type { Temporal } from 'temporal-polyfill';
import {
  formatAmount,
  formatDanishAmount,
  parseDanishAmount,
  parseDate,
  parseMonthlyAmount,
  parseMunicipalityCode,
  textProblem,
  type DomainError,
  type MunicipalityCode,
  type Oere,
  type TextKind,
} from '../../kernel/index.ts';
import { errorSummary, type Crumb, type SummaryError } from '../../platform/web/components.ts';
import { dateInput, type SelectOption } from '../../platform/web/form.ts';
import { html, type HtmlValue, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';

/** An error at one of a form's fields (its id in the markup), or at none. */
export type FieldError = SummaryError;

/** The errors found in a posted form: at most one per field, in the form's order of its fields. */
export class FormErrors {
  readonly #list: FieldError[] = [];
  readonly #order: readonly string[];

  /** `order`: the form's field ids from the top; an error at another field (or none) comes last. */
  constructor(order: readonly string[] = []) {
    this.#order = order;
  }

  /** Adds the error, unless the field already has one. */
  add(fieldId: string | undefined, message: string): void {
    if (fieldId !== undefined && this.has(fieldId)) return;
    this.#list.push(fieldId === undefined ? { message } : { fieldId, message });
  }

  has(fieldId: string): boolean {
    return this.#list.some((error) => error.fieldId === fieldId);
  }

  get list(): readonly FieldError[] {
    const rank = (error: FieldError): number => {
      const index = error.fieldId === undefined ? -1 : this.#order.indexOf(error.fieldId);
      return index < 0 ? this.#order.length : index;
    };
    return this.#list.toSorted((a, b) => rank(a) - rank(b));
  }
}

/** The message at a field, for drawing it. */
export const errorAt = (errors: readonly FieldError[], fieldId: string): string | undefined =>
  errors.find((error) => error.fieldId === fieldId)?.message;

export const dateHint = 'Skriv datoen som dd.mm.åååå, fx 05.12.2026';
export const amountHint = 'Kroner, fx 1.234,56';

interface ReadOptions {
  /** What the field holds, after "Indtast": `den første dag`. */
  readonly what: string;
  readonly required: boolean;
}

/**
 * A date typed `05.12.2026` (or `2026-12-05`). Undefined when refused (the error is added); null when an
 * optional field is left empty.
 */
export function readDate(
  errors: FormErrors,
  fieldId: string,
  text: string,
  options: ReadOptions,
): Temporal.PlainDate | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    if (!options.required) return null;
    errors.add(fieldId, `Indtast ${options.what}`);
    return undefined;
  }
  const iso = dateInput(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    errors.add(fieldId, `${dateHint} (${options.what})`);
    return undefined;
  }
  const parsed = parseDate(iso);
  if (!parsed.ok) {
    errors.add(
      fieldId,
      parsed.error.message.includes('findes ikke') ? `Datoen ${trimmed} findes ikke` : parsed.error.message,
    );
    return undefined;
  }
  return parsed.value;
}

/**
 * A monthly amount typed the Danish way, `1.234,56` (or `1234,56 kr.`): not negative and at most the
 * largest monthly amount. Undefined when refused; null when an optional field is left empty.
 */
export function readAmount(
  errors: FormErrors,
  fieldId: string,
  text: string,
  options: ReadOptions,
): Oere | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    if (!options.required) return null;
    errors.add(fieldId, `Indtast ${options.what}`);
    return undefined;
  }
  const parsed = parseDanishAmount(trimmed);
  if (!parsed.ok) {
    errors.add(fieldId, parsed.error.message);
    return undefined;
  }
  const monthly = parseMonthlyAmount(formatAmount(parsed.value));
  if (!monthly.ok) {
    errors.add(fieldId, monthly.error.message);
    return undefined;
  }
  return monthly.value;
}

/** Free text within its kind's bound. Undefined when refused; null when an optional field is left empty. */
export function readText(
  errors: FormErrors,
  fieldId: string,
  text: string,
  options: ReadOptions & { readonly kind: TextKind },
): string | null | undefined {
  if (text.trim() === '') {
    if (!options.required) return null;
    errors.add(fieldId, `Skriv ${options.what}`);
    return undefined;
  }
  const problem = textProblem(text, options.kind);
  if (problem !== undefined) {
    errors.add(fieldId, problem);
    return undefined;
  }
  return text.trim();
}

/** One of the choices a select offers. */
export function readChoice<T extends string>(
  errors: FormErrors,
  fieldId: string,
  text: string,
  choices: readonly T[],
  what: string,
): T | undefined {
  const found = choices.find((choice) => choice === text);
  if (found === undefined) errors.add(fieldId, text === '' ? `Vælg ${what}` : `Vælg ${what} på listen`);
  return found;
}

/** A municipality chosen in the select of the 98. */
export function readMunicipality(
  errors: FormErrors,
  fieldId: string,
  text: string,
): MunicipalityCode | undefined {
  if (text.trim() === '') {
    errors.add(fieldId, 'Vælg kommunen');
    return undefined;
  }
  const code = parseMunicipalityCode(text.trim());
  if (!code.ok) errors.add(fieldId, code.error.message);
  return code.ok ? code.value : undefined;
}

/** Two dates in order: the last day not before the first (the error at the last). */
export function checkOrder(
  errors: FormErrors,
  fieldId: string,
  from: Temporal.PlainDate | null | undefined,
  to: Temporal.PlainDate | null | undefined,
): void {
  if (from === null || from === undefined || to === null || to === undefined) return;
  if (to.until(from).sign > 0) errors.add(fieldId, 'Den sidste dag ligger før den første');
}

/** The use case's refusal at the form field its `field` names (`fields`: use-case field → form field). */
export function refusalAt(error: DomainError, fields: Readonly<Record<string, string>>): FieldError {
  const fieldId =
    error.field !== undefined && Object.hasOwn(fields, error.field) ? fields[error.field] : undefined;
  return fieldId === undefined ? { message: error.message } : { fieldId, message: error.message };
}

/** An amount as the form shows it for editing: `1.234,56`. */
export const amountText = (oere: Oere): string => formatDanishAmount(oere).replace(/ kr\.$/, '');

/** The options of a select from labelled keys, after a first empty choice saying what to choose. */
export function labelledOptions(
  keys: readonly string[],
  labels: Readonly<Record<string, string>>,
  choose: string,
): SelectOption[] {
  return [{ value: '', text: choose }, ...keys.map((key) => ({ value: key, text: labels[key] ?? key }))];
}

interface ControlText {
  readonly id: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
}

function described(control: ControlText): string | undefined {
  const ids = [
    ...(control.hint === undefined ? [] : [`${control.id}-hint`]),
    ...(control.error === undefined ? [] : [`${control.id}-error`]),
  ];
  return ids.length === 0 ? undefined : ids.join(' ');
}

function hintAndError(control: ControlText): SafeHtml {
  return html`${control.hint !== undefined && html`<span class="form-hint" id="${control.id}-hint">${control.hint}</span>`}
  ${control.error !== undefined && html`<span class="form-error-message" id="${control.id}-error"><span class="sr-only">Fejl: </span>${control.error}</span>`}`;
}

/** A DKFDS text area in a form group, with its label, hint and error. */
export function textArea(
  options: ControlText & { readonly value: string; readonly optional?: boolean; readonly rows?: number },
): SafeHtml {
  const describedBy = described(options);
  return html`<div class="form-group${options.error !== undefined && ' form-error'}">
    <label class="form-label" for="${options.id}"
      >${options.label}${options.optional === true && html`<span class="weight-normal"> (frivilligt)</span>`}</label
    >
    ${hintAndError(options)}
    <textarea
      class="form-input input-width-xl"
      id="${options.id}"
      name="${options.id}"
      rows="${String(options.rows ?? 5)}"
      ${options.optional !== true && html` required`}${options.error !== undefined && html` aria-invalid="true"`}${describedBy !== undefined && html` aria-describedby="${describedBy}"`}
    >
${options.value}</textarea>
  </div>`;
}

/** A DKFDS checkbox (posts `ja` when checked) in its own form group, so an error can stand at it. */
export function checkboxField(options: ControlText & { readonly checked: boolean }): SafeHtml {
  const describedBy = described(options);
  return html`<div class="form-group${options.error !== undefined && ' form-error'}">
    ${hintAndError(options)}
    <div class="form-group-checkbox">
      <input
        type="checkbox"
        class="form-checkbox"
        id="${options.id}"
        name="${options.id}"
        value="ja"
        ${options.checked && html` checked`}${options.error !== undefined && html` aria-invalid="true"`}${describedBy !== undefined && html` aria-describedby="${describedBy}"`}
      />
      <label class="form-label" for="${options.id}">${options.label}</label>
    </div>
  </div>`;
}

/** A file chooser in a form group. */
export function fileField(options: ControlText): SafeHtml {
  const describedBy = described(options);
  return html`<div class="form-group${options.error !== undefined && ' form-error'}">
    <label class="form-label" for="${options.id}">${options.label}</label>
    ${hintAndError(options)}
    <input
      type="file"
      id="${options.id}"
      name="${options.id}"
      required
      ${options.error !== undefined && html` aria-invalid="true"`}${describedBy !== undefined && html` aria-describedby="${describedBy}"`}
    />
  </div>`;
}

export interface FormPageOptions {
  readonly web: WebActor;
  readonly title: string;
  readonly breadcrumbs: readonly Crumb[];
  /** What the form does, under the heading. */
  readonly lead: HtmlValue;
  readonly errors: readonly FieldError[];
  readonly action: string;
  readonly fields: SafeHtml;
  readonly submit: string;
  /** Shown under the form (e.g. the standing registrations); and a way back. */
  readonly after?: SafeHtml;
  readonly cancel: { readonly href: string; readonly text: string };
}

/** A page with one form: the heading, the lead, the error summary, the fields and the buttons. */
export function formPage(options: FormPageOptions): SafeHtml {
  return page({
    title: options.title,
    hasErrors: options.errors.length > 0,
    actor: options.web,
    breadcrumbs: options.breadcrumbs,
    main: html`<h1>${options.title}</h1>
      <p class="font-lead">${options.lead}</p>
      ${errorSummary(options.errors)}
      <form method="post" action="${options.action}" novalidate>
        ${options.fields}
        <button type="submit" class="button button-primary mt-5">${options.submit}</button>
        <a class="ml-5" href="${options.cancel.href}">${options.cancel.text}</a>
      </form>
      ${options.after}`,
  });
}
