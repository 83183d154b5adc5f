/** The forside: find a citizen by CPR number or by name, and the ways on. */
import { errorSummary } from '../../platform/web/components.ts';
import { textField } from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page, systemName } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import { citizensPath, nameSearchForm } from './citizens-page.ts';

export interface SearchState {
  readonly cpr: string;
  /** Why the search found no citizen; absent before a search. */
  readonly error?: string;
}

/** The forside with the CPR search form (and its error after a failed search). */
export function frontPage(actor: WebActor, search: SearchState): SafeHtml {
  const errors = search.error === undefined ? [] : [{ fieldId: 'cpr', message: search.error }];
  return page({
    title: 'Forside',
    hasErrors: errors.length > 0,
    actor,
    main: html`<h1>${systemName}</h1>
      <p class="font-lead">Sagsbehandling og udbetaling af kommunale kontantydelser.</p>
      ${errorSummary(errors)}
      <h2>Find borger</h2>
      <form method="post" action="/borgere/soeg" role="search" aria-label="Find borger" novalidate>
        ${textField({ id: 'cpr', label: 'CPR-nummer', hint: '10 cifre, med eller uden bindestreg, fx 070362-1007', value: search.cpr, error: search.error, autocomplete: 'off', width: 'input-width-s' })}
        <button type="submit" class="button button-primary mt-5">Find borger</button>
      </form>
      <h2>Find borger efter navn</h2>
      ${nameSearchForm('')}
      <h2>Genveje</h2>
      <ul>
        <li><a href="${citizensPath}">Kommunens borgere</a></li>
        <li><a href="/borgere/ny">Opret borger</a></li>
        <li><a href="/api/docs">API-dokumentation</a></li>
      </ul>`,
  });
}
