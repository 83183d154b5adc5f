/**
 * The rates page (GET /satser) for the system owner and caseworkers: the standing rates as a DKFDS table,
 * filtered by the beginning of the key and a date, each with its amount and unit, period, legal reference,
 * source (linked when it is an address) and kind. An `eksempel` row carries the marker "eksempelsats – ikke
 * officiel", and a page showing any such row says above the table that they are not official.
 */
import { formatDanishAmount, formatDanishPercent } from '../../kernel/index.ts';
import { alert, dataTable } from '../../platform/web/components.ts';
import { textField } from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { RateFilterInput } from '../domain/rate-filter.ts';
import { exampleRateMarker, type Rate, type RateSourceKind, type RateUnit } from '../domain/rate.ts';

export const ratesPath = '/satser';

const unitTexts: Readonly<Record<RateUnit, string>> = {
  md: 'pr. måned',
  haendelse: 'pr. hændelse',
  time: 'pr. arbejdstime',
  pct: 'pct.',
};

const kindTexts: Readonly<Record<Exclude<RateSourceKind, 'eksempel'>, string>> = {
  officiel: 'Officiel',
  sekundaer: 'Sekundær kilde',
};

/** The marker on an example row: a DKFDS warning badge with the words every page uses. */
export function exampleMarker(): SafeHtml {
  return html`<span class="badge badge-warning">${exampleRateMarker}</span>`;
}

/** The source: the address as a link when it begins with one, the rest (or all of it) as text. */
function sourceCell(source: string): SafeHtml {
  const match = /^(https?:\/\/\S+)(.*)$/s.exec(source);
  if (match === null) return html`${source}`;
  const [, address = '', rest = ''] = match;
  return html`<a href="${address}">${address}</a>${rest}`;
}

function row(rate: Rate): SafeHtml[] {
  return [
    html`<code>${rate.key}</code><br />${rate.description}`,
    html`${rate.from.toString()} – ${rate.to.toString()}`,
    rate.unit === 'pct'
      ? html`${formatDanishPercent(rate.amount)} ${unitTexts[rate.unit]}`
      : html`${formatDanishAmount(rate.amount)} ${unitTexts[rate.unit]}`,
    html`${rate.reference}`,
    sourceCell(rate.source),
    rate.sourceKind === 'eksempel' ? exampleMarker() : html`${kindTexts[rate.sourceKind]}`,
  ];
}

export interface RatesPageOptions {
  readonly web: WebActor;
  readonly input: RateFilterInput;
  readonly rates: readonly Rate[];
}

const countText = (n: number): string => (n === 1 ? '1 sats' : `${String(n)} satser`);

export function ratesPage(options: RatesPageOptions): SafeHtml {
  const { input, rates } = options;
  const filtered = input.noegle !== '' || input.dato !== '';
  const examples = rates.filter((rate) => rate.sourceKind === 'eksempel').length;
  return page({
    title: 'Satser',
    actor: options.web,
    breadcrumbs: [{ text: 'Forside', href: '/' }, { text: 'Satser' }],
    main: html`<h1>Satser</h1>
      <p>
        De satser, installationen regner med: beløb, periode, hjemmel og kilde. En periode gælder fra og med
        første til og med sidste dag.
      </p>
      <form method="get" action="${ratesPath}" class="mb-6" aria-label="Filtrér satserne">
        ${textField({
          id: 'noegle',
          label: 'Nøglen begynder med',
          hint: 'Fx kontanthjaelp.ny eller atp',
          value: input.noegle,
          optional: true,
        })}
        ${textField({
          id: 'dato',
          label: 'Gælder den',
          hint: 'Dato som ÅÅÅÅ-MM-DD, fx 2026-01-01',
          value: input.dato,
          optional: true,
          width: 'input-width-s',
        })}
        <button type="submit" class="button button-primary">Vis satser</button>
        ${filtered && html`<a class="ml-4" href="${ratesPath}">Vis alle satser</a>`}
      </form>
      <h2 id="satser-tabel">${countText(rates.length)}${filtered ? ' efter filteret' : ''}</h2>
      ${
        examples > 0 &&
        alert(
          'info',
          exampleRateMarker,
          `${examples === 1 ? '1 af satserne her er en eksempelsats' : `${String(examples)} af satserne her er eksempelsatser`}: demoen bruger dem, hvor ingen kilde har beløbet. De er markeret "${exampleRateMarker}".`,
        )
      }
      ${dataTable({
        labelledBy: 'satser-tabel',
        columns: ['Nøgle og beskrivelse', 'Periode', 'Beløb', 'Hjemmel', 'Kilde', 'Kildetype'],
        rows: rates.map(row),
        empty: filtered ? 'Ingen satser passer til filteret.' : 'Der er ingen satser indlæst.',
      })}`,
  });
}
