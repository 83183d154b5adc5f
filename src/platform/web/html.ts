/**
 * HTML by tagged template: every interpolated value is escaped unless it is already `SafeHtml` (built by
 * `html` itself or vouched for with `raw`). Arrays are joined; `false`, `null` and `undefined` render as
 * nothing, so `${condition && html`…`}` works.
 */

const brand: unique symbol = Symbol('SafeHtml');

/** A fragment of HTML that is safe to insert as it is. */
export interface SafeHtml {
  readonly [brand]: string;
}

/** What may be interpolated into `html`. Objects other than SafeHtml are refused by the type. */
export type HtmlValue = SafeHtml | string | number | bigint | false | null | undefined | readonly HtmlValue[];

const escapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

/** Whether a value is a SafeHtml fragment. */
export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && brand in value;
}

/** Marks trusted markup (never user input) as safe, e.g. a fixed icon or a doctype. */
export function raw(trusted: string): SafeHtml {
  return { [brand]: trusted };
}

/** The markup of a fragment. */
export function htmlText(fragment: SafeHtml): string {
  return fragment[brand];
}

function interpolate(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint') return escapeHtml(value.toString());
  if (isSafeHtml(value)) return htmlText(value);
  return value.map((item) => interpolate(item)).join('');
}

/** The tagged template: `html`<p>${name}</p>`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += interpolate(value) + (strings[index + 1] ?? '');
  });
  return raw(out);
}

/** A whole document as the text to send: the doctype, then the page. */
export function render(page: SafeHtml): string {
  return `<!DOCTYPE html>\n${htmlText(page)}`;
}
