/**
 * DKFDS form controls. Each control has a visible label tied to it, an optional hint and, when the server
 * refused the value, the error message at the field (linked by aria-describedby, aria-invalid set).
 */
import { municipalities } from '../../kernel/index.ts';
import { html, type SafeHtml } from './html.ts';

interface ControlBase {
  /** The element id and form name. */
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  /** Shows "(frivilligt)" after the label; required controls get the `required` attribute. */
  readonly optional?: boolean;
}

export interface TextFieldOptions extends ControlBase {
  readonly value: string;
  readonly autocomplete?: string;
  readonly inputmode?: 'numeric' | 'text';
  /** DKFDS width class, e.g. `input-width-s`. */
  readonly width?: string;
}

export interface SelectOption {
  readonly value: string;
  readonly text: string;
}

export interface SelectOptions extends ControlBase {
  readonly value: string;
  readonly options: readonly SelectOption[];
}

export interface CheckboxOptions {
  readonly id: string;
  readonly label: string;
  readonly checked: boolean;
}

const hintId = (id: string): string => `${id}-hint`;
const errorId = (id: string): string => `${id}-error`;

function describedBy(control: ControlBase): string | undefined {
  const ids = [
    ...(control.hint === undefined ? [] : [hintId(control.id)]),
    ...(control.error === undefined ? [] : [errorId(control.id)]),
  ];
  return ids.length === 0 ? undefined : ids.join(' ');
}

/** The attributes every control shares: id, name, required, aria-invalid, aria-describedby. */
function controlAttributes(control: ControlBase): SafeHtml {
  const described = describedBy(control);
  return html`id="${control.id}"
  name="${control.id}"${control.optional !== true && html` required`}${control.error !== undefined && html` aria-invalid="true"`}${described !== undefined && html` aria-describedby="${described}"`}`;
}

/** The label, hint and error message above a control. */
function labelBlock(control: ControlBase): SafeHtml {
  const optional = control.optional === true && html`<span class="weight-normal"> (frivilligt)</span>`;
  return html`<label class="form-label" for="${control.id}">${control.label}${optional}</label>
    ${control.hint !== undefined && html`<span class="form-hint" id="${hintId(control.id)}">${control.hint}</span>`}
    ${control.error !== undefined && html`<span class="form-error-message" id="${errorId(control.id)}"><span class="sr-only">Fejl: </span>${control.error}</span>`}`;
}

function formGroup(control: ControlBase, input: SafeHtml): SafeHtml {
  return html`<div class="form-group${control.error !== undefined && ' form-error'}">
    ${labelBlock(control)} ${input}
  </div>`;
}

/** A text input in a DKFDS form group. */
export function textField(options: TextFieldOptions): SafeHtml {
  const width = options.width === undefined ? '' : ` ${options.width}`;
  return formGroup(
    options,
    html`<input
      type="text"
      class="form-input${width}"
      ${controlAttributes(options)}
      value="${options.value}"
      ${options.autocomplete !== undefined && html` autocomplete="${options.autocomplete}"`}${options.inputmode !== undefined && html` inputmode="${options.inputmode}"`}
    />`,
  );
}

/** A select in a DKFDS form group; the option whose value equals `value` is selected. */
export function selectField(options: SelectOptions): SafeHtml {
  const choices = options.options.map(
    (option) =>
      html`<option value="${option.value}" ${option.value === options.value && html` selected`}>
        ${option.text}
      </option>`,
  );
  return formGroup(
    options,
    html`<select class="form-select" ${controlAttributes(options)}>
      ${choices}
    </select>`,
  );
}

/**
 * The 98 municipalities as a select's options (`101 – København`, by code) after an empty first option: every
 * form that asks for a municipality offers this one list.
 */
export function municipalityOptions(empty = 'Vælg kommune'): SelectOption[] {
  return [
    { value: '', text: empty },
    ...municipalities.map((m) => ({ value: m.code, text: `${m.code} – ${m.name}` })),
  ];
}

/** A DKFDS checkbox; it posts `ja` when checked. */
export function checkbox(options: CheckboxOptions): SafeHtml {
  return html`<div class="form-group-checkbox">
    <input
      type="checkbox"
      class="form-checkbox"
      id="${options.id}"
      name="${options.id}"
      value="ja"
      ${options.checked && html` checked`}
    />
    <label class="form-label" for="${options.id}">${options.label}</label>
  </div>`;
}

/**
 * A date typed in a form, `d.m.åååå` (or `åååå-mm-dd`), as the `YYYY-MM-DD` the use cases read; any other
 * text is passed on trimmed, for the use case to refuse.
 */
export function dateInput(text: string): string {
  const trimmed = text.trim();
  const match = /^(\d{1,2})[.-](\d{1,2})[.-](\d{4})$/.exec(trimmed);
  if (match === null) return trimmed;
  return `${match[3] ?? ''}-${(match[2] ?? '').padStart(2, '0')}-${(match[1] ?? '').padStart(2, '0')}`;
}

/** One value of a request's query or form as text: missing, repeated or non-text values never throw. */
export function requestText(source: unknown, name: string): string {
  if (typeof source !== 'object' || source === null) return '';
  const value: unknown = (source as Record<string, unknown>)[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}
