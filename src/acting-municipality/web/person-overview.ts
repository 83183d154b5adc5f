/**
 * The borgeroverblik: the citizen as CPR knows them and who acts now; who has acted; cases; the monthly
 * payment and deduction lines with the month statements; tasks; and the residence history, institution
 * stays, administration (APØ) and events. Every section is a heading (h2) and a table labelled by it, or a
 * sentence saying there is nothing.
 */
import { Temporal } from 'temporal-polyfill';
import {
  formatDanishAmount,
  getMunicipality,
  parseAmount,
  type MunicipalityCode,
} from '../../kernel/index.ts';
import {
  casePath,
  sanctionTexts,
  startTaskPath,
  statementPath,
  type CaseRecord,
  type LineRecord,
  type SanctionRecord,
} from '../../cases/index.ts';
import {
  actorText,
  civilStatusText,
  formatDate,
  formatInstant,
  municipalityText,
  periodText,
  personView,
  residenceText,
  yesNo,
  type ActingPeriod,
  type PersonView,
} from '../../persons/index.ts';
import type { TaskRecord } from '../../tasks/index.ts';
import { dataTable, factList, successAlert } from '../../platform/web/components.ts';
import { html, type HtmlValue, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { OverviewEvent, PersonOverview } from '../get-person-overview.ts';
import {
  actingReasonLabels,
  benefitLabels,
  caseStatusLabels,
  eventTypeLabels,
  labelOf,
  lineKindLabels,
  lineStatusLabels,
  manualReasonLabels,
  monthText,
  taskStatusLabels,
} from './labels.ts';

/** What an open-ended period shows as its end. */
const ongoing = 'Løbende';
/** An empty cell. */
const none = '–';

/** The page's address of a month's statement (the citizen's CPR number without the dash); from cases. */
export { statementPath };

function actingText(code: MunicipalityCode | null): string {
  return code === null ? 'Ingen (udlandet)' : `${getMunicipality(code).name} (${code})`;
}

function facts(person: PersonView, actingNow: MunicipalityCode | null): SafeHtml {
  return html`<div class="row">
    <div class="col-12 col-lg-8">
      ${factList([
        { label: 'Navn', value: person.name },
        { label: 'CPR-nummer', value: person.cpr },
        { label: 'Civilstand', value: civilStatusText(person.civilStatus) },
        { label: 'Ægtefælle', value: person.spouse ?? 'Ingen' },
        { label: 'CPR-abonnement', value: yesNo(person.cprSubscription) },
        { label: 'Helbredskort', value: yesNo(person.healthCard) },
        {
          label: 'Nuværende bopælskommune',
          value:
            person.currentResidence === null ? 'Ingen bopæl i dag' : residenceText(person.currentResidence),
        },
        { label: 'Handlekommune', value: actingText(actingNow) },
      ])}
    </div>
  </div>`;
}

function section(id: string, heading: string, content: SafeHtml): SafeHtml {
  return html`<h2 id="${id}">${heading}</h2>
    ${content}`;
}

function actingHistory(periods: readonly ActingPeriod[]): SafeHtml {
  return dataTable({
    labelledBy: 'handlekommune-historik',
    columns: ['Fra', 'Til', 'Kommune', 'Grund'],
    rows: periods.map((period) => [
      formatInstant(period.from),
      period.to === null ? ongoing : formatInstant(period.to),
      actingText(period.municipality),
      labelOf(actingReasonLabels, period.reason),
    ]),
    empty: 'Ingen handlekommune registreret.',
  });
}

function financing(periods: PersonOverview['financing']): SafeHtml {
  return dataTable({
    labelledBy: 'finansieringskommune',
    columns: ['Periode', 'Kommune', 'Grund'],
    rows: periods.map((period) => [
      periodText(period.from.toString(), period.to.toString()),
      municipalityText(period.municipality),
      labelOf(manualReasonLabels, period.reason),
    ]),
    empty: 'Ingen tilbagedaterede perioder.',
  });
}

/**
 * Records made in one transaction share their instant and have random ids, so the pages order them by what
 * the caseworker sees: cases by grant start, tasks by creation, then both by their Danish name.
 */
function sortedCases(list: readonly CaseRecord[]): CaseRecord[] {
  return [...list].sort(
    (a, b) =>
      Temporal.PlainDate.compare(a.from, b.from) ||
      labelOf(benefitLabels, a.benefit).localeCompare(labelOf(benefitLabels, b.benefit), 'da'),
  );
}

function sortedTasks(list: readonly TaskRecord[], names: TaskTypeNames): TaskRecord[] {
  return [...list].sort(
    (a, b) =>
      Temporal.Instant.compare(a.createdAt, b.createdAt) ||
      labelOf(names, a.type).localeCompare(labelOf(names, b.type), 'da'),
  );
}

function cases(list: readonly CaseRecord[]): SafeHtml {
  return dataTable({
    labelledBy: 'sager',
    columns: [
      'Ydelse',
      'Kommune',
      'Status',
      'Bevilget fra',
      'Bevilget til',
      'Månedligt beløb',
      'Afslutningsgrund',
    ],
    rows: sortedCases(list).map((item) => [
      html`<a href="${casePath(item.id)}">${labelOf(benefitLabels, item.benefit)}</a>`,
      municipalityText(item.municipality),
      labelOf(caseStatusLabels, item.status),
      formatDate(item.from.toString()),
      item.to === null ? ongoing : formatDate(item.to.toString()),
      item.monthly === null ? none : formatDanishAmount(item.monthly),
      item.closedReason ?? none,
    ]),
    empty: 'Ingen sager.',
  });
}

/** Whether the monthly run has computed the line, so the month's statement has it. */
const computed = (line: LineRecord): boolean =>
  line.kind === 'udbetaling' && (line.status === 'beregnet' || line.status === 'udbetalt');

/**
 * The statement links: one per run month and paying municipality with computed lines, on the first such
 * row (a late month is on the statement of the run that paid it). The municipality is named in the address
 * only when more than one paid in the month.
 */
function statementLinks(personId: string, lines: readonly LineRecord[]): Map<LineRecord, SafeHtml> {
  const links = new Map<LineRecord, SafeHtml>();
  const seen = new Set<string>();
  for (const line of lines.filter(computed)) {
    const key = `${line.runMonth.toString()} ${line.municipality}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const payers = new Set(
      lines.filter((l) => computed(l) && l.runMonth.equals(line.runMonth)).map((l) => l.municipality),
    );
    const several = payers.size > 1;
    const href = statementPath(personId, line.runMonth, several ? line.municipality : undefined);
    const forWhat = `${monthText(line.runMonth)}${several ? `, ${municipalityText(line.municipality)}` : ''}`;
    links.set(
      line,
      html`<a href="${href}">Udbetalingsspecifikation (PDF)<span class="sr-only"> for ${forWhat}</span></a>`,
    );
  }
  return links;
}

/** Newest month first; within a month the payments before the deductions. */
function byMonthNewestFirst(lines: readonly LineRecord[]): LineRecord[] {
  const kindOrder = (line: LineRecord): number => (line.kind === 'udbetaling' ? 0 : 1);
  return [...lines].sort(
    (a, b) => Temporal.PlainYearMonth.compare(b.period, a.period) || kindOrder(a) - kindOrder(b),
  );
}

function paymentLines(personId: string, lines: readonly LineRecord[]): SafeHtml {
  const sorted = byMonthNewestFirst(lines);
  const links = statementLinks(personId, sorted);
  return dataTable({
    labelledBy: 'udbetalinger',
    columns: ['Periode', 'Art', 'Kommune', 'Status', 'Beløb', 'Udbetalt netto', 'Specifikation'],
    rows: sorted.map((line): HtmlValue[] => [
      monthText(line.period),
      lineKindLabels[line.kind],
      municipalityText(line.municipality),
      labelOf(lineStatusLabels, line.status),
      formatDanishAmount(line.amount),
      line.net === null ? none : formatDanishAmount(line.net),
      links.get(line) ?? none,
    ]),
    empty: 'Ingen udbetalinger eller træk.',
  });
}

/** The sanctions decided on the person's cases: the omission, the sanction, its amount and what the runs did. */
function sanctions(list: readonly SanctionRecord[]): SafeHtml {
  return dataTable({
    labelledBy: 'sanktioner',
    columns: ['Hændelse', 'Sanktion', 'Beløb', 'Status', 'Sag'],
    rows: list.map((sanction) => [
      formatDate(sanction.omissionOn.toString()),
      sanctionTexts(sanction).kind,
      formatDanishAmount(sanction.amount),
      sanctionTexts(sanction).status,
      html`<a href="${casePath(sanction.caseId)}">Sagen</a>`,
    ]),
    empty: 'Ingen sanktioner.',
  });
}

function tasks(list: readonly TaskRecord[], names: TaskTypeNames): SafeHtml {
  return dataTable({
    labelledBy: 'opgaver',
    columns: ['Type', 'Kommune', 'Status', 'Oprettet', 'Afsluttet'],
    rows: sortedTasks(list, names).map((task) => [
      html`<a href="/opgaver/${task.id}">${labelOf(names, task.type)}</a>`,
      municipalityText(task.municipality),
      labelOf(taskStatusLabels, task.status),
      formatInstant(task.createdAt),
      task.closedAt === null ? none : formatInstant(task.closedAt),
    ]),
    empty: 'Ingen opgaver.',
  });
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

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** `810.00` (the events' form) as `810,00 kr.`; anything else as it is. */
function amountText(value: string): string {
  const amount = parseAmount(value);
  return amount.ok ? formatDanishAmount(amount.value) : value;
}

/** What the caseworker most needs to know of an event, where its data says it plainly. */
export function eventDetails(event: Pick<OverviewEvent, 'type' | 'data'>): string {
  const data = event.data;
  switch (event.type) {
    case 'ydelser-og-traek-standset': {
      const total = text(data.total);
      return total === undefined ? none : `I alt: ${amountText(total)}`;
    }
    case 'handleansvar-overdraget': {
      const [from, to] = [text(data.from), text(data.to)];
      if (to === undefined) return none;
      return from === undefined
        ? `Til ${municipalityText(to)}`
        : `Fra ${municipalityText(from)} til ${municipalityText(to)}`;
    }
    case 'sag-oprettet': {
      const benefit = text(data.benefit);
      return benefit === undefined ? none : labelOf(benefitLabels, benefit);
    }
    case 'fraflytning-planlagt':
    case 'flytning-effektueret': {
      const moveDate = text(data.moveDate);
      return moveDate === undefined ? none : `Flyttedato ${formatDate(moveDate)}`;
    }
    default:
      return none;
  }
}

function events(list: readonly OverviewEvent[]): SafeHtml {
  return dataTable({
    labelledBy: 'haendelser',
    columns: ['Tidspunkt', 'Type', 'Kommune', 'Udført af', 'Detaljer'],
    rows: list.map((event) => [
      formatInstant(event.occurredAt),
      labelOf(eventTypeLabels, event.type),
      event.municipality === null ? none : municipalityText(event.municipality),
      actorText(event.actor),
      eventDetails(event),
    ]),
    empty: 'Ingen hændelser.',
  });
}

/** A task the overview's "Handlinger" can start for the citizen. */
export interface StartableTask {
  readonly type: string;
  readonly name: string;
}

/** The Danish name of each task type by its key, from the registry of task types. */
export type TaskTypeNames = Readonly<Record<string, string>>;

export interface OverviewOptions {
  /** Shows "Borgeren er oprettet" right after the form created the citizen. */
  readonly justCreated: boolean;
  readonly taskTypeNames: TaskTypeNames;
  /** The benefit tasks the acting municipality's caseworker can start here; none when left out. */
  readonly startable?: readonly StartableTask[];
}

/**
 * "Handlinger": a button per benefit task, posting to the start route (as POST /api/tasks does); only the
 * acting municipality's caseworker starts one, so others are told who can.
 */
function actions(
  actor: WebActor,
  personId: string,
  actingNow: MunicipalityCode | null,
  startable: readonly StartableTask[],
): SafeHtml {
  const municipality = actor.actor.kind === 'bruger' ? actor.actor.municipality : null;
  if (actingNow === null || municipality !== actingNow) {
    return html`<p>Kun handlekommunen (${actingText(actingNow)}) kan starte ydelsesopgaver for borgeren.</p>`;
  }
  if (startable.length === 0) return html`<p>Ingen opgaver kan startes her.</p>`;
  return html`<ul class="nobullet-list">
    ${startable.map(
      (task) =>
        html`<li class="mb-3">
          <form method="post" action="${startTaskPath(personId)}">
            <input type="hidden" name="type" value="${task.type}" />
            <button type="submit" class="button button-secondary">Start ${task.name}</button>
          </form>
        </li>`,
    )}
  </ul>`;
}

/** The borgeroverblik page; `today` decides the current residence. */
export function personOverviewPage(
  actor: WebActor,
  overview: PersonOverview,
  today: Temporal.PlainDate,
  options: OverviewOptions,
): SafeHtml {
  const person = personView(overview.person, today);
  return page({
    title: `Borgeroverblik: ${person.name}`,
    actor,
    breadcrumbs: [{ text: 'Forside', href: '/' }, { text: person.name }],
    main: html`${options.justCreated && successAlert('Borgeren er oprettet', `${person.name} er registreret.`)}
      <h1>${person.name}</h1>
      <p class="font-lead">Borgeroverblik · CPR-nummer ${person.cpr}</p>
      ${facts(person, overview.actingNow)}
      ${section(
        'handlinger',
        'Handlinger',
        actions(actor, overview.person.id, overview.actingNow, options.startable ?? []),
      )}
      ${section('handlekommune-historik', 'Handlekommune – historik', actingHistory(overview.actingHistory))}
      ${section('finansieringskommune', 'Finansieringskommune', financing(overview.financing))}
      ${section('sager', 'Sager', cases(overview.cases))}
      ${section('udbetalinger', 'Udbetalinger og træk', paymentLines(overview.person.id, overview.lines))}
      ${section('sanktioner', 'Sanktioner', sanctions(overview.sanctions))}
      ${section('opgaver', 'Opgaver', tasks(overview.tasks, options.taskTypeNames))}
      ${section('bopaelshistorik', 'Bopælshistorik', residenceHistory(person))}
      ${section('institutionsophold', 'Institutionsophold', institutionStays(person))}
      ${section('administration', 'Administration (APØ)', administration(person))}
      ${section('haendelser', 'Hændelser', events(overview.events))}`,
  });
}
