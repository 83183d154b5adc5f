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
import { authorize, type Action } from '../../access/index.ts';
import {
  casePath,
  documentPath,
  letterPath,
  newCasePath,
  newDeductionPath,
  newRegistrationPath,
  sanctionTexts,
  startTaskPath,
  statementPath,
  type CaseRecord,
  type LineRecord,
  type SanctionRecord,
} from '../../cases/index.ts';
import {
  actorText,
  correctPersonPath,
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
import { cprNumber, dataTable, factList, successAlert } from '../../platform/web/components.ts';
import { selectField } from '../../platform/web/form.ts';
import { html, type HtmlValue, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { ManualPeriodRecord } from '../db/manual-period.repository.ts';
import { residenceActingTimeline } from '../domain/timeline.ts';
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
        { label: 'CPR-nummer', value: cprNumber(person.cpr) },
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

/** Residence and acting municipality by the dates they apply from (domain/timeline.ts), newest first. */
function timeline(overview: PersonOverview, today: Temporal.PlainDate): SafeHtml {
  const rows = residenceActingTimeline(
    overview.person.residence,
    overview.actingHistory,
    overview.manualPeriods,
  ).toReversed();
  return dataTable({
    labelledBy: 'tidslinje',
    columns: ['Fra', 'Til', 'Bopæl', 'Handlekommune', 'Grund'],
    rows: rows.map((row) => [
      html`${formatDate(row.from.toString())}${Temporal.PlainDate.compare(row.from, today) > 0 && ' (planlagt)'}`,
      row.to === null ? ongoing : formatDate(row.to.toString()),
      row.residence === null
        ? none
        : row.residence.kind === 'abroad'
          ? residenceText({ abroad: row.residence.country })
          : municipalityText(row.residence.municipality),
      row.acting === null ? none : actingText(row.acting.municipality),
      row.acting === null ? none : labelOf(actingReasonLabels, row.acting.reason),
    ]),
    empty: 'Ingen bopæl eller handlekommune registreret.',
  });
}

const manualStatusLabels: Readonly<Record<ManualPeriodRecord['status'], string>> = {
  planlagt: 'Planlagt (godkendt, ikke trådt i kraft)',
  'i-kraft': 'I kraft',
  ophoert: 'Ophørt',
  fortrudt: 'Fortrudt',
};

/** Every manual period: the approved future one too, which no other section shows yet. */
function manualPeriods(periods: readonly ManualPeriodRecord[]): SafeHtml {
  return dataTable({
    labelledBy: 'manuelle-perioder',
    columns: ['Periode', 'Handlekommune', 'Grund', 'Registreret af', 'Status'],
    rows: periods.map((period) => [
      periodText(period.from.toString(), period.to?.toString() ?? null),
      municipalityText(period.municipality),
      labelOf(manualReasonLabels, period.reason),
      municipalityText(period.registeredBy),
      manualStatusLabels[period.status],
    ]),
    empty: 'Ingen manuelle handlekommuneperioder.',
  });
}

function letters(list: PersonOverview['letters']): SafeHtml {
  return dataTable({
    labelledBy: 'breve',
    columns: ['Oprettet', 'Brev', 'Status', 'Sag'],
    rows: list.map((letter) => [
      formatInstant(letter.createdAt),
      html`<a href="${letterPath(letter.id)}">${letter.title}</a>`,
      letter.sentAt === null ? 'Venter i udbakken' : `Sendt ${formatInstant(letter.sentAt)}`,
      html`<a href="${casePath(letter.caseId)}">Sagen</a>`,
    ]),
    empty: 'Ingen breve.',
  });
}

function journal(list: PersonOverview['journal']): SafeHtml {
  return dataTable({
    labelledBy: 'journal',
    columns: ['Tidspunkt', 'Art', 'Titel', 'Af', 'Sag'],
    rows: list.map((entry) => [
      formatInstant(entry.at),
      entry.kind === 'notat' ? 'Journalnotat' : 'Dokument',
      entry.kind === 'dokument' ? html`<a href="${documentPath(entry.id)}">${entry.title}</a>` : entry.title,
      actorText(entry.by),
      html`<a href="${casePath(entry.caseId)}">Sagen</a>`,
    ]),
    empty: 'Ingen journalnotater eller dokumenter.',
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
    case 'manuel-handlekommune-registreret':
    case 'manuel-handlekommune-aendret':
    case 'manuel-handlekommune-standset':
    case 'manuel-handlekommune-fortrudt':
    case 'manuel-handlekommune-udloebet': {
      const [municipality, from, to, reason] = [
        text(data.municipality),
        text(data.from),
        text(data.to),
        text(data.reason),
      ];
      if (municipality === undefined || from === undefined) return none;
      const why = reason === undefined ? '' : `, ${labelOf(manualReasonLabels, reason)}`;
      return `${municipalityText(municipality)} ${periodText(from, to ?? null)}${why}`;
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
  /** What was just done from a form of the overview (e.g. a move-out registered). */
  readonly notice?: { readonly heading: string; readonly text: string } | undefined;
}

/** The address of the "Registrer fraflytning" form. */
export const moveOutPath = (personId: string): string => `/borgere/${personId}/fraflytning`;

/** The task type "Bestem handlekommune manuelt", started from "Handlinger". */
export const manualActingTaskType = 'bestem-handlekommune-manuelt';

type OfferedAction =
  | { readonly kind: 'start'; readonly text: string; readonly type: string }
  | { readonly kind: 'choose'; readonly text: string; readonly tasks: readonly StartableTask[] }
  | { readonly kind: 'link'; readonly text: string; readonly href: string };

/**
 * The processes the user may start on the citizen, by the policy layer (the user's roles) and by who acts:
 * only the acting municipality's caseworker starts them. A move-out is registered by hand only for a citizen
 * without CPR subscription (else it comes from CPR).
 */
export function offeredActions(
  actor: WebActor,
  overview: PersonOverview,
  startable: readonly StartableTask[],
): OfferedAction[] {
  const user = actor.actor;
  if (user.kind !== 'bruger' || user.municipality === null || user.municipality !== overview.actingNow)
    return [];
  const may = (action: Action): boolean => authorize(user, action).ok;
  const id = overview.person.id;
  return [
    ...(may('arbejd-opgave')
      ? [
          { kind: 'start' as const, text: 'Bestem handlekommune manuelt', type: manualActingTaskType },
          ...(startable.length === 0
            ? []
            : [{ kind: 'choose' as const, text: 'Start ydelsesopgave', tasks: startable }]),
        ]
      : []),
    ...(may('ret-borger')
      ? [{ kind: 'link' as const, text: 'Ret borgerens oplysninger', href: correctPersonPath(id) }]
      : []),
    ...(may('registrer-fraflytning') && !overview.person.cprSubscription
      ? [{ kind: 'link' as const, text: 'Registrer fraflytning', href: moveOutPath(id) }]
      : []),
    ...(may('sagsbehandling')
      ? [
          { kind: 'link' as const, text: 'Opret sag', href: newCasePath(id) },
          { kind: 'link' as const, text: 'Registrer træk', href: newDeductionPath(id) },
          { kind: 'link' as const, text: 'Ny registrering', href: newRegistrationPath(id) },
        ]
      : []),
  ];
}

/** "Handlinger": a button per process the user may start; else who can. */
function actions(actor: WebActor, overview: PersonOverview, startable: readonly StartableTask[]): SafeHtml {
  const offered = offeredActions(actor, overview, startable);
  const municipality = actor.actor.kind === 'bruger' ? actor.actor.municipality : null;
  if (offered.length === 0) {
    return municipality !== overview.actingNow
      ? html`<p>
          Kun handlekommunen (${actingText(overview.actingNow)}) kan starte sagsbehandling for borgeren.
        </p>`
      : html`<p>Din rolle giver kun adgang til at læse borgerens oplysninger.</p>`;
  }
  return html`<ul class="nobullet-list">
    ${offered.map(
      (action) =>
        html`<li class="mb-3">
          ${
            action.kind === 'start'
              ? html`<form method="post" action="${startTaskPath(overview.person.id)}">
                  <input type="hidden" name="type" value="${action.type}" />
                  <button type="submit" class="button button-secondary">${action.text}</button>
                </form>`
              : action.kind === 'choose'
                ? html`<form method="post" action="${startTaskPath(overview.person.id)}">
                    ${selectField({ id: 'type', label: 'Ydelse', value: '', options: [{ value: '', text: 'Vælg ydelse' }, ...action.tasks.map((task) => ({ value: task.type, text: task.name }))] })}
                    <button type="submit" class="button button-secondary mt-3">${action.text}</button>
                  </form>`
                : html`<a class="button button-secondary" href="${action.href}">${action.text}</a>`
          }
        </li>`,
    )}
  </ul>`;
}

interface Section {
  readonly id: string;
  readonly heading: string;
  /** How many rows it has, shown in the page's table of contents. */
  readonly count?: number;
  readonly content: SafeHtml;
}

/** "På denne side": every section with its count, so a caseworker sees at once what there is. */
function contents(sections: readonly Section[]): SafeHtml {
  return html`<nav aria-labelledby="paa-denne-side" class="mb-6">
    <h2 id="paa-denne-side" class="h5">På denne side</h2>
    <ul class="nobullet-list d-flex flex-wrap">
      ${sections.map(
        (item) =>
          html`<li class="mr-5">
            <a href="#${item.id}">${item.heading}</a>${item.count !== undefined && ` (${String(item.count)})`}
          </li>`,
      )}
    </ul>
  </nav>`;
}

/** The borgeroverblik page; `today` decides the current residence. */
export function personOverviewPage(
  actor: WebActor,
  overview: PersonOverview,
  today: Temporal.PlainDate,
  options: OverviewOptions,
): SafeHtml {
  const person = personView(overview.person, today);
  const openTasks = overview.tasks.filter((task) => task.status === 'aaben').length;
  const sections: Section[] = [
    { id: 'handlinger', heading: 'Handlinger', content: actions(actor, overview, options.startable ?? []) },
    { id: 'sager', heading: 'Sager', count: overview.cases.length, content: cases(overview.cases) },
    {
      id: 'opgaver',
      heading: 'Opgaver',
      count: openTasks,
      content: tasks(overview.tasks, options.taskTypeNames),
    },
    {
      id: 'udbetalinger',
      heading: 'Udbetalinger og træk',
      count: overview.lines.length,
      content: paymentLines(overview.person.id, overview.lines),
    },
    {
      id: 'sanktioner',
      heading: 'Sanktioner',
      count: overview.sanctions.length,
      content: sanctions(overview.sanctions),
    },
    { id: 'breve', heading: 'Breve', count: overview.letters.length, content: letters(overview.letters) },
    {
      id: 'journal',
      heading: 'Journalnotater og dokumenter',
      count: overview.journal.length,
      content: journal(overview.journal),
    },
    { id: 'tidslinje', heading: 'Bopæl og handlekommune', content: timeline(overview, today) },
    {
      id: 'manuelle-perioder',
      heading: 'Manuelle handlekommuneperioder',
      count: overview.manualPeriods.length,
      content: manualPeriods(overview.manualPeriods),
    },
    {
      id: 'finansieringskommune',
      heading: 'Finansieringskommune',
      count: overview.financing.length,
      content: financing(overview.financing),
    },
    {
      id: 'handlekommune-historik',
      heading: 'Handlekommune – registreringer',
      content: actingHistory(overview.actingHistory),
    },
    { id: 'bopaelshistorik', heading: 'Bopælshistorik', content: residenceHistory(person) },
    { id: 'institutionsophold', heading: 'Institutionsophold', content: institutionStays(person) },
    { id: 'administration', heading: 'Administration (APØ)', content: administration(person) },
    {
      id: 'haendelser',
      heading: 'Hændelser',
      count: overview.events.length,
      content: events(overview.events),
    },
  ];
  return page({
    title: `Borgeroverblik: ${person.name}`,
    actor,
    breadcrumbs: [{ text: 'Forside', href: '/' }, { text: person.name }],
    main: html`${options.justCreated && successAlert('Borgeren er oprettet', `${person.name} er registreret.`)}
      ${options.notice !== undefined && successAlert(options.notice.heading, options.notice.text)}
      <h1>${person.name}</h1>
      <p class="font-lead">Borgeroverblik · CPR-nummer ${cprNumber(person.cpr)}</p>
      ${facts(person, overview.actingNow)} ${contents(sections)}
      ${sections.map((item) => section(item.id, item.heading, item.content))}`,
  });
}
