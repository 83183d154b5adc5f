/**
 * The borgerliste (GET /borgere): the citizens the caseworker's municipality acts for, by name, and the
 * search by name (POST /borgere/navnesoeg, so a name never goes into an address). Each name leads to the
 * borgeroverblik; "Næste side" carries the last citizen's id (and, for a search, the name, again posted).
 */
import { cprNumber, dataTable, errorSummary } from '../../platform/web/components.ts';
import { textField } from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { CitizenPage } from '../list-citizens.ts';

export const citizensPath = '/borgere';
export const nameSearchPath = '/borgere/navnesoeg';

export interface CitizensState {
  /** The name searched for; empty for the whole list. */
  readonly name: string;
  readonly result: { readonly page: CitizenPage } | { readonly error: string };
}

/** The search form by name; on the forside and above the list. */
export function nameSearchForm(name: string, error?: string): SafeHtml {
  return html`<form
    method="post"
    action="${nameSearchPath}"
    role="search"
    aria-label="Find borger efter navn"
    novalidate
  >
    ${textField({ id: 'navn', label: 'Navn', hint: 'Hele navnet eller en del af det, fx Jensen', value: name, error, autocomplete: 'off', width: 'input-width-l' })}
    <button type="submit" class="button button-primary mt-5">Søg efter navn</button>
  </form>`;
}

function nextPage(name: string, next: string | undefined): SafeHtml | false {
  if (next === undefined) return false;
  if (name === '') return html`<p><a href="${citizensPath}?efter=${next}">Næste side</a></p>`;
  return html`<form method="post" action="${nameSearchPath}">
    <input type="hidden" name="navn" value="${name}" />
    <input type="hidden" name="efter" value="${next}" />
    <button type="submit" class="button button-secondary">Næste side</button>
  </form>`;
}

function list(state: CitizensState, result: { readonly page: CitizenPage }): SafeHtml {
  return html`${dataTable({
    labelledBy: 'borgere-resultat',
    columns: ['Navn', 'CPR-nummer'],
    rows: result.page.rows.map((row) => [
      html`<a href="${citizensPath}/${row.id}">${row.name}</a>`,
      cprNumber(row.cpr),
    ]),
    empty:
      state.name === ''
        ? 'Kommunen er ikke handlekommune for nogen borgere.'
        : 'Ingen af kommunens borgere har et navn, der indeholder det søgte.',
  })}
  ${nextPage(state.name, result.page.next)}`;
}

export function citizensPage(actor: WebActor, state: CitizensState): SafeHtml {
  const error = 'error' in state.result ? state.result.error : undefined;
  const heading = state.name === '' ? 'Kommunens borgere' : `Borgere med "${state.name}" i navnet`;
  return page({
    title: 'Borgere',
    hasErrors: error !== undefined,
    actor,
    breadcrumbs: [{ text: 'Forside', href: '/' }, { text: 'Borgere' }],
    main: html`<h1>Borgere</h1>
      <p class="font-lead">
        De borgere, kommunen er handlekommune for. Find en anden borger på CPR-nummer fra forsiden.
      </p>
      ${errorSummary(error === undefined ? [] : [{ fieldId: 'navn', message: error }])}
      ${nameSearchForm(state.name, error)}
      <h2 id="borgere-resultat">${heading}</h2>
      ${'page' in state.result && list(state, state.result)}`,
  });
}
