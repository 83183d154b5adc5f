/** DKFDS building blocks shared by the pages: icons, breadcrumbs, alerts, the error summary, tables. */
import { html, type HtmlValue, type SafeHtml } from './html.ts';

/** Where the DKFDS assets are served (src/platform/web/static.ts). */
export const dkfdsPath = '/static/dkfds';

/** A decorative DKFDS icon from the served sprite. */
export function icon(name: string, classes = ''): SafeHtml {
  return html`<svg
    class="icon-svg${classes === '' ? '' : ` ${classes}`}"
    focusable="false"
    aria-hidden="true"
  >
    <use href="${dkfdsPath}/img/all-svg-icons.svg#${name}"></use>
  </svg>`;
}

export interface Crumb {
  readonly text: string;
  /** Absent for the current page, the last crumb. */
  readonly href?: string;
}

/** The breadcrumb trail; the last crumb is the current page. */
export function breadcrumbs(crumbs: readonly Crumb[]): SafeHtml {
  const items = crumbs.map((crumb, index) => {
    const chevron = index === 0 ? '' : icon('chevron-right');
    return crumb.href === undefined
      ? html`<li class="breadcrumbs__list-item" aria-current="page">${chevron}${crumb.text}</li>`
      : html`<li class="breadcrumbs__list-item">
          ${chevron}<a class="breadcrumbs__link" href="${crumb.href}">${crumb.text}</a>
        </li>`;
  });
  return html`<nav class="breadcrumbs" aria-label="Brødkrumme">
    <ol class="breadcrumbs__list">
      ${items}
    </ol>
  </nav>`;
}

const alertIcons = {
  success: { icon: 'success', label: 'Succes' },
  info: { icon: 'info', label: 'Information' },
  error: { icon: 'error', label: 'Fejl' },
} as const;

/** A DKFDS alert with a heading and a line of text, announced as a status (an error as an alert). */
export function alert(kind: keyof typeof alertIcons, heading: string, text: string): SafeHtml {
  const { icon, label } = alertIcons[kind];
  return html`<div class="alert alert-${kind}" role="${kind === 'error' ? 'alert' : 'status'}">
    <svg class="icon-svg alert-icon" focusable="false" aria-label="${label}" role="img">
      <use href="${dkfdsPath}/img/all-svg-icons.svg#${icon}"></use>
    </svg>
    <div class="alert-body">
      <h2 class="alert-heading">${heading}</h2>
      <p class="alert-text">${text}</p>
    </div>
  </div>`;
}

/** A success alert (e.g. after a change). */
export const successAlert = (heading: string, text: string): SafeHtml => alert('success', heading, text);

export interface SummaryError {
  /** The id of the field at fault, without `#`; absent when no field is. */
  readonly fieldId?: string;
  readonly message: string;
}

/** DKFDS's error summary ("Der er problemer"): each error links to its field; DKFDS JS focuses it on load. */
export function errorSummary(errors: readonly SummaryError[]): SafeHtml {
  if (errors.length === 0) return html``;
  const items = errors.map((error) =>
    error.fieldId === undefined
      ? html`<li>${error.message}</li>`
      : html`<li><a class="function-link" href="#${error.fieldId}">${error.message}</a></li>`,
  );
  return html`<div
    class="alert alert-error mt-0 mb-7"
    role="alert"
    aria-labelledby="fejlopsummering-overskrift"
    data-module="error-summary"
    tabindex="-1"
  >
    <svg class="icon-svg alert-icon" focusable="false" aria-label="Fejl" role="img">
      <use href="${dkfdsPath}/img/all-svg-icons.svg#error"></use>
    </svg>
    <div class="alert-body">
      <h2 class="alert-heading" id="fejlopsummering-overskrift">Der er problemer</h2>
      <ul class="alert-text nobullet-list">
        ${items}
      </ul>
    </div>
  </div>`;
}

export interface TableOptions {
  /** Id of the heading that names the table (the scroll region is labelled by it). */
  readonly labelledBy: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly HtmlValue[])[];
  /** Shown instead of the table when there are no rows. */
  readonly empty: string;
}

/** A zebra-striped DKFDS table in a keyboard-scrollable region. */
export function dataTable(options: TableOptions): SafeHtml {
  if (options.rows.length === 0) return html`<p>${options.empty}</p>`;
  const head = options.columns.map((column) => html`<th scope="col">${column}</th>`);
  const body = options.rows.map(
    (row) =>
      html`<tr>
        ${row.map((cell) => html`<td>${cell}</td>`)}
      </tr>`,
  );
  return html`<div
    class="table--responsive-scroll"
    tabindex="0"
    role="region"
    aria-labelledby="${options.labelledBy}"
  >
    <table class="table table--zebra">
      <thead>
        <tr>
          ${head}
        </tr>
      </thead>
      <tbody>
        ${body}
      </tbody>
    </table>
  </div>`;
}

export interface Fact {
  readonly label: string;
  readonly value: HtmlValue;
}

/** Label-value pairs as a DKFDS structured list. */
export function factList(facts: readonly Fact[]): SafeHtml {
  const rows = facts.map(
    (fact) =>
      html`<tr>
        <th scope="row">${fact.label}</th>
        <td>${fact.value}</td>
      </tr>`,
  );
  return html`<table class="table structured-list">
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

/** Text with its line breaks kept, as `<br />` (no inline style, so a strict CSP allows it). */
export function withLineBreaks(text: string): SafeHtml {
  return html`${text.split('\n').map((line, index) => html`${index > 0 && html`<br />`}${line}`)}`;
}

/** A CPR number written `150570-1234`, never wrapped mid-number (anything else as it is). */
export function cprNumber(cpr: string): SafeHtml {
  const text = /^\d{10}$/.test(cpr) ? `${cpr.slice(0, 6)}-${cpr.slice(6)}` : cpr;
  return html`<span class="cpr">${text}</span>`;
}
