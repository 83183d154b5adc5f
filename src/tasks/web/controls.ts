/**
 * DKFDS form controls the task pages need beyond the shared ones (src/platform/web/form.ts): a textarea, a
 * text input, radio buttons (with content a choice reveals) and a group of checkboxes whose posted name may
 * differ from their id (several forms on one page each post `notat`), and the hidden fields. Each control
 * has a visible label tied to it, an optional hint and the error at the field (aria-describedby,
 * aria-invalid).
 */
import { html, type SafeHtml } from '../../platform/web/html.ts';

interface Control {
  /** The element id (unique on the page). */
  readonly id: string;
  /** The posted name; the id when absent. */
  readonly name?: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  /** Shows "(frivilligt)" after the label; required controls get the `required` attribute. */
  readonly optional?: boolean;
}

export interface TextControl extends Control {
  readonly value: string;
  /** DKFDS width class, e.g. `input-width-s`. */
  readonly width?: string;
}

export interface Choice {
  readonly value: string;
  readonly text: string;
}

export interface ChoiceControl extends Control {
  readonly value: string;
  readonly choices: readonly Choice[];
}

export interface CheckboxGroup {
  readonly id: string;
  readonly name: string;
  readonly legend: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  readonly choices: readonly Choice[];
  readonly checked: readonly string[];
}

const hintId = (id: string): string => `${id}-hint`;
const errorId = (id: string): string => `${id}-error`;

function describedBy(control: Pick<Control, 'id' | 'hint' | 'error'>): string | undefined {
  const ids = [
    ...(control.hint === undefined ? [] : [hintId(control.id)]),
    ...(control.error === undefined ? [] : [errorId(control.id)]),
  ];
  return ids.length === 0 ? undefined : ids.join(' ');
}

function attributes(control: Control): SafeHtml {
  const described = describedBy(control);
  return html`id="${control.id}"
  name="${control.name ?? control.id}"${control.optional !== true && html` required`}${control.error !== undefined && html` aria-invalid="true"`}${described !== undefined && html` aria-describedby="${described}"`}`;
}

function hintAndError(control: Pick<Control, 'id' | 'hint' | 'error'>): SafeHtml {
  return html`${control.hint !== undefined && html`<span class="form-hint" id="${hintId(control.id)}">${control.hint}</span>`}
  ${control.error !== undefined && html`<span class="form-error-message" id="${errorId(control.id)}"><span class="sr-only">Fejl: </span>${control.error}</span>`}`;
}

function label(control: Control): SafeHtml {
  const optional = control.optional === true && html`<span class="weight-normal"> (frivilligt)</span>`;
  return html`<label class="form-label" for="${control.id}">${control.label}${optional}</label>`;
}

const groupClass = (error: string | undefined): string =>
  `form-group${error === undefined ? '' : ' form-error'}`;

/** A DKFDS textarea. */
export function textArea(control: TextControl): SafeHtml {
  return html`<div class="${groupClass(control.error)}">
    ${label(control)} ${hintAndError(control)}
    <textarea class="form-input input-width-xl" rows="4" ${attributes(control)}>${control.value}</textarea>
  </div>`;
}

/** A DKFDS text input. */
export function textInput(control: TextControl): SafeHtml {
  const width = control.width === undefined ? '' : ` ${control.width}`;
  return html`<div class="${groupClass(control.error)}">
    ${label(control)} ${hintAndError(control)}
    <input
      type="text"
      class="form-input${width}"
      autocomplete="off"
      ${attributes(control)}
      value="${control.value}"
    />
  </div>`;
}

/** A DKFDS select; the choice whose value equals `value` is selected. */
export function select(control: ChoiceControl): SafeHtml {
  const options = control.choices.map(
    (choice) =>
      html`<option value="${choice.value}" ${choice.value === control.value && html` selected`}>
        ${choice.text}
      </option>`,
  );
  return html`<div class="${groupClass(control.error)}">
    ${label(control)} ${hintAndError(control)}
    <select class="form-select" ${attributes(control)}>
      ${options}
    </select>
  </div>`;
}

export interface RadioControl extends ChoiceControl {
  /**
   * What a choice reveals (DKFDS's radio buttons with conditionally revealed content), by its value. It is
   * drawn open, so it is there without JavaScript; DKFDS's script closes all but the chosen one.
   */
  readonly revealed?: ReadonlyMap<string, SafeHtml> | undefined;
}

/** The id of the content a choice reveals (a CSS selector's id: no other characters). */
export const revealedId = (id: string, value: string): string =>
  `${id}-${value.replace(/[^A-Za-z0-9_-]/g, '-')}-felter`;

/** DKFDS radio buttons in a fieldset whose legend names them; the error is at the group. */
export function radios(control: RadioControl): SafeHtml {
  const described = describedBy(control);
  const revealed = control.revealed ?? new Map<string, SafeHtml>();
  const buttons = control.choices.map((choice, index) => {
    const id = index === 0 ? control.id : `${control.id}-${String(index)}`;
    const content = revealed.get(choice.value);
    const contentId = revealedId(control.id, choice.value);
    const button = html`<div class="form-group-radio">
      <input
        type="radio"
        class="form-radio"
        id="${id}"
        name="${control.name ?? control.id}"
        value="${choice.value}"
        ${choice.value === control.value && html` checked`}${content !== undefined && html` data-controls="#${contentId}" data-expanded="true"`}
      />
      <label class="form-label" for="${id}">${choice.text}</label>
    </div>`;
    return content === undefined
      ? button
      : html`<div class="hidden-content-wrapper show-content">
          ${button}
          <div id="${contentId}" class="radio-content" aria-hidden="false">${content}</div>
        </div>`;
  });
  const optional = control.optional === true && html`<span class="weight-normal"> (frivilligt)</span>`;
  const toggles = revealed.size > 0 ? ' js-radio-toggle-group' : '';
  return html`<div class="${groupClass(control.error)}${toggles}">
    <fieldset${described !== undefined && html` aria-describedby="${described}"`}>
      <legend class="form-label">${control.label}${optional}</legend>
      ${hintAndError(control)} ${buttons}
    </fieldset>
  </div>`;
}

/** One DKFDS checkbox posting `ja` when checked. */
export function checkboxControl(options: {
  readonly id: string;
  readonly name?: string;
  readonly value?: string;
  readonly label: string;
  readonly checked: boolean;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
}): SafeHtml {
  const described = describedBy(options);
  return html`<div class="form-group-checkbox">
    <input
      type="checkbox"
      class="form-checkbox"
      id="${options.id}"
      name="${options.name ?? options.id}"
      value="${options.value ?? 'ja'}"
      ${options.checked && html` checked`}${options.error !== undefined && html` aria-invalid="true"`}${described !== undefined && html` aria-describedby="${described}"`}
    />
    <label class="form-label" for="${options.id}">${options.label}</label>
    ${hintAndError(options)}
  </div>`;
}

/** Checkboxes in a fieldset, each posting its value under the same name. */
export function checkboxGroup(group: CheckboxGroup): SafeHtml {
  const boxes = group.choices.map((choice, index) =>
    checkboxControl({
      id: index === 0 ? group.id : `${group.id}-${String(index)}`,
      name: group.name,
      value: choice.value,
      label: choice.text,
      checked: group.checked.includes(choice.value),
    }),
  );
  const described = describedBy(group);
  return html`<div class="${groupClass(group.error)}">
    <fieldset${described !== undefined && html` aria-describedby="${described}"`}>
      <legend class="form-label">${group.legend}</legend>
      ${hintAndError(group)} ${boxes}
    </fieldset>
  </div>`;
}

/** A hidden field. */
export function hidden(name: string, value: string): SafeHtml {
  return html`<input type="hidden" name="${name}" value="${value}" />`;
}
