/** The borgeroverblik: the citizen as CPR knows them, the residence history and the events. */
import { dataTable, factList, successAlert } from '../../platform/web/components.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { PersonEvent } from '../list-person-events.ts';
import type { PersonView } from '../person-view.ts';
import {
  actorText,
  civilStatusText,
  formatDate,
  formatInstant,
  municipalityText,
  periodText,
  residenceText,
  yesNo,
} from './format.ts';

function facts(person: PersonView): SafeHtml {
  return html`<div class="row">
    <div class="col-12 col-lg-8">${factRows(person)}</div>
  </div>`;
}

function factRows(person: PersonView): SafeHtml {
  return factList([
    { label: 'Navn', value: person.name },
    { label: 'CPR-nummer', value: person.cpr },
    { label: 'Civilstand', value: civilStatusText(person.civilStatus) },
    { label: 'Ægtefælle', value: person.spouse ?? 'Ingen' },
    { label: 'CPR-abonnement', value: yesNo(person.cprSubscription) },
    { label: 'Helbredskort', value: yesNo(person.healthCard) },
    {
      label: 'Nuværende bopælskommune',
      value: person.currentResidence === null ? 'Ingen bopæl i dag' : residenceText(person.currentResidence),
    },
  ]);
}

function section(id: string, heading: string, content: SafeHtml): SafeHtml {
  return html`<h2 id="${id}">${heading}</h2>
    ${content}`;
}

function residenceHistory(person: PersonView): SafeHtml {
  return dataTable({
    labelledBy: 'bopaelshistorik',
    columns: ['Fra', 'Kommune/land'],
    rows: person.residence.map((entry) => [formatDate(entry.from), residenceText(entry)]),
    empty: 'Ingen registrerede bopæle.',
  });
}

function institutionStays(person: PersonView): SafeHtml {
  return dataTable({
    labelledBy: 'institutionsophold',
    columns: ['Periode'],
    rows: person.institutionStays.map((stay) => [periodText(stay.from, stay.to)]),
    empty: 'Ingen institutionsophold.',
  });
}

function administration(person: PersonView): SafeHtml {
  return dataTable({
    labelledBy: 'administration',
    columns: ['Kommune', 'Periode'],
    rows: person.administration.map((entry) => [
      municipalityText(entry.municipality),
      periodText(entry.from, entry.to),
    ]),
    empty: 'Ingen administration af borgerens midler (APØ).',
  });
}

function events(list: readonly PersonEvent[]): SafeHtml {
  return dataTable({
    labelledBy: 'haendelser',
    columns: ['Tidspunkt', 'Type', 'Kommune', 'Udført af'],
    rows: list.map((event) => [
      formatInstant(event.occurredAt),
      event.type,
      event.municipality === null ? '–' : municipalityText(event.municipality),
      actorText(event.actor),
    ]),
    empty: 'Ingen hændelser.',
  });
}

export interface OverviewOptions {
  /** Shows "Borgeren er oprettet" right after the form created the citizen. */
  readonly justCreated: boolean;
}

/** The borgeroverblik page. */
export function personOverviewPage(
  actor: WebActor,
  person: PersonView,
  personEvents: readonly PersonEvent[],
  options: OverviewOptions,
): SafeHtml {
  return page({
    title: `Borgeroverblik: ${person.name}`,
    actor,
    breadcrumbs: [{ text: 'Forside', href: '/' }, { text: person.name }],
    main: html`${options.justCreated && successAlert('Borgeren er oprettet', `${person.name} er registreret.`)}
      <h1>${person.name}</h1>
      <p class="font-lead">Borgeroverblik · CPR-nummer ${person.cpr}</p>
      ${facts(person)} ${section('bopaelshistorik', 'Bopælshistorik', residenceHistory(person))}
      ${section('institutionsophold', 'Institutionsophold', institutionStays(person))}
      ${section('administration', 'Administration (APØ)', administration(person))}
      ${section('haendelser', 'Hændelser', events(personEvents))}`,
  });
}
