/**
 * The inbox page (GET /opgaver): a filter form sent with GET, so every view has an address to share, and
 * the caseworker's municipality's tasks as a DKFDS table, a keyset page at a time ("Næste side" carries the
 * cursor `efter`). Filter values the page or the use case refuses are shown in the error summary and at
 * their fields. Above the filters: the views "Alle åbne", "Mine" and "Ufordelte", the counts per status and
 * type, and the caseworker's saved filters; each row has a checkbox for assigning many tasks at once.
 */
import type { Temporal } from 'temporal-polyfill';
import type { DomainError } from '../../kernel/index.ts';
import { formatInstant, municipalityText } from '../../persons/index.ts';
import { alert, errorSummary, type SummaryError } from '../../platform/web/components.ts';
import { html, type HtmlValue, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { InboxPage, InboxRow } from '../db/inbox.repository.ts';
import type { TaskCategory } from '../db/task.repository.ts';
import { taskStatuses } from '../domain/task.ts';
import type { InboxQuery } from '../inbox.ts';
import type { InboxCounts, SavedFilter } from '../inbox-work.ts';
import type { TaskTypes } from '../task-type.ts';
import { checkboxControl, hidden, radios, select, textInput, type Choice } from './controls.ts';
import { cprText, isOverdue, none, taskStatusLabels, valueText } from './labels.ts';
import { dateInput } from './step-form.ts';
import { taskPath } from './task-page.ts';
import { requestText } from '../../platform/web/form.ts';

export const inboxPath = '/opgaver';

/** The filters as they stand in the address (all text, as typed). */
export interface InboxFilters {
  readonly type: string;
  readonly status: string;
  readonly kategori: string;
  readonly tildelt: string;
  readonly bruger: string;
  readonly cpr: string;
  readonly fristFoer: string;
  readonly medUndring: boolean;
  readonly sortering: string;
  readonly efter: string;
}

/** The address's parameter of each filter (also the form field's id and name). */
const parameters: Readonly<Record<keyof InboxFilters, string>> = {
  type: 'type',
  status: 'status',
  kategori: 'kategori',
  tildelt: 'tildelt',
  bruger: 'bruger',
  cpr: 'cpr',
  fristFoer: 'frist-foer',
  medUndring: 'med-undring',
  sortering: 'sortering',
  efter: 'efter',
};

const sortChoices: readonly Choice[] = [
  { value: 'oprettet', text: 'Ældste først' },
  { value: 'oprettet-nyeste', text: 'Nyeste først' },
  { value: 'frist', text: 'Frist' },
];

const assigneeChoices: readonly Choice[] = [
  { value: '', text: 'Alle' },
  { value: 'mig', text: 'Mine' },
  { value: 'ingen', text: 'Ikke tildelt' },
  { value: 'bruger', text: 'En bestemt bruger' },
];

/** Reads the filters from the address; a missing status is "Åben", a missing sort "Ældste først". */
export function readFilters(query: unknown): InboxFilters {
  const read = (key: keyof InboxFilters): string => requestText(query, parameters[key]).trim();
  return {
    type: read('type'),
    status: read('status') || 'aaben',
    kategori: read('kategori'),
    tildelt: read('tildelt'),
    bruger: read('bruger'),
    cpr: read('cpr'),
    fristFoer: read('fristFoer'),
    medUndring: read('medUndring') !== '',
    sortering: read('sortering') || 'oprettet',
    efter: read('efter'),
  };
}

/**
 * The address of the inbox with these filters (defaults left out), optionally at a cursor. A CPR number
 * never goes in an address: a filter by CPR is posted (`POST /opgaver`), and its pages with it.
 */
export function inboxUrl(filters: InboxFilters, after?: string): string {
  const params = new URLSearchParams();
  const add = (key: keyof InboxFilters, value: string, skip = ''): void => {
    if (value !== '' && value !== skip) params.append(parameters[key], value);
  };
  add('type', filters.type);
  add('status', filters.status, 'aaben');
  add('kategori', filters.kategori);
  add('tildelt', filters.tildelt);
  if (filters.tildelt === 'bruger') add('bruger', filters.bruger);
  add('fristFoer', filters.fristFoer);
  if (filters.medUndring) params.append(parameters.medUndring, 'ja');
  add('sortering', filters.sortering, 'oprettet');
  if (after !== undefined) params.append(parameters.efter, after);
  const query = params.toString();
  return query === '' ? inboxPath : `${inboxPath}?${query}`;
}

export interface FilterError extends SummaryError {
  readonly fieldId?: string;
}

const fieldNames: Readonly<Record<string, string>> = {
  'tildel-mig': 'Tildel',
  'tildel-bruger': 'Bruger',
  filternavn: 'Navn på filteret',
  type: 'Opgavetype',
  status: 'Status',
  kategori: 'Kategori',
  tildelt: 'Tildelt',
  bruger: 'Bruger',
  cpr: 'CPR-nummer',
  'frist-foer': 'Frist før',
  sortering: 'Sortering',
};

const filterError = (fieldId: string, message: string): FilterError => ({ fieldId, message });

/**
 * The filters as the use case's query, or what is wrong with them: choices not on the lists are refused
 * here in Danish; CPR numbers, dates, categories and the cursor are the use case's to judge.
 */
export function toInboxQuery(
  filters: InboxFilters,
  types: TaskTypes,
):
  { readonly ok: true; readonly query: InboxQuery } | { readonly ok: false; readonly errors: FilterError[] } {
  const errors: FilterError[] = [];
  if (filters.type !== '' && !types.get(filters.type).ok) {
    errors.push(filterError('type', 'Vælg en opgavetype fra listen'));
  }
  if (!(taskStatuses as readonly string[]).includes(filters.status)) {
    errors.push(filterError('status', 'Vælg en status fra listen'));
  }
  if (!assigneeChoices.some((c) => c.value === filters.tildelt)) {
    errors.push(filterError('tildelt', 'Vælg, hvem opgaverne er tildelt, fra listen'));
  } else if (filters.tildelt === 'bruger' && filters.bruger === '') {
    errors.push(filterError('bruger', 'Skriv brugerens id, eller vælg en anden tildeling'));
  }
  if (!sortChoices.some((c) => c.value === filters.sortering)) {
    errors.push(filterError('sortering', 'Vælg en sortering fra listen'));
  }
  if (errors.length > 0) return { ok: false, errors };
  const assignee =
    filters.tildelt === '' ? undefined : filters.tildelt === 'bruger' ? filters.bruger : filters.tildelt;
  return {
    ok: true,
    query: {
      status: [filters.status],
      ...(filters.type === '' ? {} : { types: [filters.type] }),
      ...(filters.kategori === '' ? {} : { category: filters.kategori }),
      ...(assignee === undefined ? {} : { assignee }),
      ...(filters.cpr === '' ? {} : { cpr: filters.cpr }),
      ...(filters.fristFoer === '' ? {} : { dueBefore: dateInput(filters.fristFoer) }),
      ...(filters.medUndring ? { withQueries: true } : {}),
      sort: filters.sortering,
      ...(filters.efter === '' ? {} : { after: filters.efter }),
    },
  };
}

/** The use case's refusal at the filter its `field` names. */
export function filterErrorOf(error: DomainError): FilterError {
  const field = (error.field ?? '').split('.')[0] ?? '';
  const fieldId: string | undefined = {
    status: 'status',
    types: 'type',
    category: 'kategori',
    assignee: 'bruger',
    cpr: 'cpr',
    dueBefore: 'frist-foer',
    sort: 'sortering',
  }[field];
  if (field === 'after') return { message: 'Siden findes ikke længere. Gå til første side.' };
  return fieldId === undefined ? { message: error.message } : filterError(fieldId, error.message);
}

/** The summary names the field; the field shows the message alone. */
function summaryOf(errors: readonly FilterError[]): SummaryError[] {
  return errors.map((error) =>
    error.fieldId === undefined
      ? error
      : {
          fieldId: error.fieldId,
          message: `${fieldNames[error.fieldId] ?? error.fieldId}: ${error.message}`,
        },
  );
}

function filterForm(
  filters: InboxFilters,
  types: TaskTypes,
  categories: readonly TaskCategory[],
  errors: readonly FilterError[],
): SafeHtml {
  const errorAt = (id: string): string | undefined => errors.find((e) => e.fieldId === id)?.message;
  const typeChoices = [
    { value: '', text: 'Alle typer' },
    ...types.all().map((type) => ({ value: type.key, text: type.name })),
  ];
  const statusChoices = taskStatuses.map((status) => ({ value: status, text: taskStatusLabels[status] }));
  const categoryChoices = [
    { value: '', text: 'Alle kategorier' },
    ...categories.map((c) => ({ value: c.key, text: c.name })),
  ];
  const column = (content: SafeHtml): SafeHtml =>
    html`<div class="col-12 col-md-6 col-lg-4">${content}</div>`;
  return html`<form method="post" action="${inboxPath}" novalidate aria-labelledby="filtre">
    <h2 id="filtre">Filtre</h2>
    <div class="row">
      ${column(
        select({
          id: 'type',
          label: 'Opgavetype',
          value: filters.type,
          choices: typeChoices,
          error: errorAt('type'),
          optional: true,
        }),
      )}
      ${column(
        select({
          id: 'status',
          label: 'Status',
          value: filters.status,
          choices: statusChoices,
          error: errorAt('status'),
          optional: true,
        }),
      )}
      ${column(
        select({
          id: 'kategori',
          label: 'Kategori',
          value: filters.kategori,
          choices: categoryChoices,
          error: errorAt('kategori'),
          optional: true,
        }),
      )}
      ${column(
        select({
          id: 'tildelt',
          label: 'Tildelt',
          value: filters.tildelt,
          choices: assigneeChoices,
          error: errorAt('tildelt'),
          optional: true,
        }),
      )}
      ${column(
        textInput({
          id: 'bruger',
          label: 'Bruger',
          hint: 'Når Tildelt er "En bestemt bruger", fx sb101',
          value: filters.bruger,
          error: errorAt('bruger'),
          optional: true,
          width: 'input-width-m',
        }),
      )}
      ${column(
        textInput({
          id: 'cpr',
          label: 'CPR-nummer',
          hint: 'Fx 150570-1234',
          value: filters.cpr,
          error: errorAt('cpr'),
          optional: true,
          width: 'input-width-m',
        }),
      )}
      ${column(
        textInput({
          id: 'frist-foer',
          label: 'Frist før',
          hint: 'Frist senest denne dag, dd.mm.åååå',
          value: filters.fristFoer,
          error: errorAt('frist-foer'),
          optional: true,
          width: 'input-width-m',
        }),
      )}
      ${column(
        select({
          id: 'sortering',
          label: 'Sortering',
          value: filters.sortering,
          choices: sortChoices,
          error: errorAt('sortering'),
          optional: true,
        }),
      )}
      ${column(
        html`<div class="form-group">
          <fieldset>
            <legend class="form-label">Undringer</legend>
            ${checkboxControl({ id: 'med-undring', label: 'Kun opgaver med åbne undringer', checked: filters.medUndring })}
          </fieldset>
        </div>`,
      )}
    </div>
    <div class="button-group mt-5">
      <button type="submit" class="button button-primary">Vis opgaver</button>
      <a class="button button-secondary" href="${inboxPath}">Nulstil filtrene</a>
    </div>
  </form>`;
}

function typeName(types: TaskTypes, key: string): string {
  const type = types.get(key);
  return type.ok ? type.value.name : key;
}

function stepName(types: TaskTypes, row: InboxRow): string {
  if (row.currentStep === null) return none;
  const type = types.get(row.type);
  return (
    (type.ok ? type.value.steps.find((s) => s.key === row.currentStep)?.name : undefined) ?? row.currentStep
  );
}

function queriesCell(count: number): HtmlValue {
  if (count === 0) return '0';
  return html`<strong class="badge badge-warning"
    >${String(count)}<span class="sr-only"> ${count === 1 ? 'åben undring' : 'åbne undringer'}</span></strong
  >`;
}

function dueCell(row: InboxRow, today: Temporal.PlainDate): HtmlValue {
  if (row.dueOn === null) return none;
  const overdue = row.status === 'aaben' && isOverdue(row.dueOn, today);
  return html`${valueText(row.dueOn)}${overdue && html` <strong class="badge badge-error">Overskredet</strong>`}`;
}

function rowCells(
  row: InboxRow,
  types: TaskTypes,
  categories: readonly TaskCategory[],
  web: WebActor,
  today: Temporal.PlainDate,
): HtmlValue[] {
  const name = typeName(types, row.type);
  return [
    html`<a href="${taskPath(row.id)}">${name}<span class="sr-only"> for ${row.personName}</span></a>`,
    html`${row.personName}<br /><a href="/borgere/${row.personId}"
        >${cprText(row.cpr)}<span class="sr-only"> (borgeroverblik for ${row.personName})</span></a
      >`,
    stepName(types, row),
    queriesCell(row.openQueries),
    row.assignee === null ? 'Ikke tildelt' : `${row.assignee}${row.assignee === web.userId ? ' (dig)' : ''}`,
    row.categories.length === 0
      ? none
      : row.categories.map((key) => categories.find((c) => c.key === key)?.name ?? key).join(', '),
    dueCell(row, today),
    formatInstant(row.createdAt),
  ];
}

/** The row's checkbox for the bulk assignment (open tasks only), labelled with the task. */
function choiceCell(row: InboxRow, types: TaskTypes, selected: readonly string[]): HtmlValue {
  const name = typeName(types, row.type);
  if (row.status !== 'aaben') return none;
  return html`<div class="form-group-checkbox m-0">
    <input
      type="checkbox"
      class="form-checkbox"
      id="${choiceId(row.id)}"
      name="opgave"
      value="${`${row.id}:${String(row.version)}`}"
      ${selected.includes(row.id) && html` checked`}
    />
    <label class="form-label" for="${choiceId(row.id)}"
      ><span class="sr-only">Vælg ${name} for ${row.personName}</span></label
    >
  </div>`;
}

/**
 * The inbox's table: the DKFDS table of dataTable with a first column of checkboxes (cells of class
 * `table-choice`) for the bulk assignment.
 */
function inboxTable(input: InboxPageInput, rows: readonly InboxRow[]): SafeHtml {
  const columns = [
    'Opgave',
    'Borger',
    'Aktuelt trin',
    'Undringer',
    'Tildelt',
    'Kategorier',
    'Frist',
    'Oprettet',
  ];
  const selected = input.posted?.chosen ?? [];
  return html`<div class="table--responsive-scroll" tabindex="0" role="region" aria-labelledby="opgaver">
    <table class="table table--zebra">
      <thead>
        <tr>
          <th scope="col" class="table-choice"><span class="sr-only">Vælg</span></th>
          ${columns.map((column) => html`<th scope="col">${column}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              <td class="table-choice">${choiceCell(row, input.types, selected)}</td>
              ${rowCells(row, input.types, input.categories, input.web, input.today).map(
                (cell) => html`<td>${cell}</td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export interface InboxPageInput {
  readonly web: WebActor;
  readonly types: TaskTypes;
  readonly categories: readonly TaskCategory[];
  readonly filters: InboxFilters;
  readonly today: Temporal.PlainDate;
  /** The page of tasks, or the errors that kept it from being read. */
  readonly result: { readonly page: InboxPage } | { readonly errors: readonly FilterError[] };
  /** The municipality's counts; absent when they could not be read. */
  readonly counts?: InboxCounts | undefined;
  readonly savedFilters?: readonly SavedFilter[];
  /** What the bulk assignment or the saved filters refused (shown with the page's other errors). */
  readonly workErrors?: readonly FilterError[];
  /** What was posted to the bulk assignment or the save form, to show again after a refusal. */
  readonly posted?: Partial<WorkForm>;
  /** A message after a change (`besked` in the address). */
  readonly notice?: string;
}

/** A link to a page of the inbox; with a CPR filter a button posting the filters, so the number stays out of the address. */
function pageLink(
  filters: InboxFilters,
  after: string | undefined,
  text: string,
  kind: 'primary' | 'secondary' | 'link',
) {
  if (filters.cpr === '') {
    const href = inboxUrl(filters, after);
    return kind === 'link'
      ? html`<a href="${href}">${text}</a>`
      : html`<a class="button button-${kind}" href="${href}">${text}</a>`;
  }
  const fields = [...new URLSearchParams(inboxUrl(filters, after).split('?')[1] ?? '').entries()];
  return html`<form method="post" action="${inboxPath}" class="d-inline">
    ${fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    <input type="hidden" name="cpr" value="${filters.cpr}" />
    <button type="submit" class="button ${kind === 'link' ? 'button-tertiary' : `button-${kind}`}">
      ${text}
    </button>
  </form>`;
}

function paging(filters: InboxFilters, next: string | null): SafeHtml {
  const first = filters.efter !== '';
  if (!first && next === null) return html``;
  return html`<nav class="button-group mt-5" aria-label="Sider">
    ${first && pageLink(filters, undefined, 'Første side', 'secondary')}
    ${next !== null && pageLink(filters, next, 'Næste side', 'primary')}
  </nav>`;
}

const isDefault = (filters: InboxFilters): boolean =>
  filters.cpr === '' && inboxUrl({ ...filters, sortering: 'oprettet', efter: '' }) === inboxPath;

function results(input: InboxPageInput): SafeHtml {
  if (!('page' in input.result)) {
    const afterOnly = input.result.errors.every((e) => e.fieldId === undefined);
    return html`<p>Ret filtrene for at se opgaverne.</p>
      ${afterOnly && html`<p>${pageLink({ ...input.filters, efter: '' }, undefined, 'Gå til første side', 'link')}</p>`}`;
  }
  const { rows, next } = input.result.page;
  const empty = isDefault(input.filters)
    ? 'Der er ingen åbne opgaver i indbakken.'
    : 'Der er ingen opgaver, der passer til filtrene.';
  return html`${
    rows.length > 0 &&
    html`<p>
      Viser ${String(rows.length)}
      ${rows.length === 1 ? 'opgave' : 'opgaver'}${input.filters.efter !== '' && ' (ikke første side)'}.
    </p>`
  }
  ${
    rows.length === 0
      ? html`<p>${empty}</p>`
      : bulkForm(
          input,
          inboxTable(input, rows),
          rows.some((row) => row.status === 'aaben'),
        )
  }
  ${paging(input.filters, next)}`;
}

/** The whole inbox page. */
export function inboxPage(input: InboxPageInput): SafeHtml {
  const errors = [...('errors' in input.result ? input.result.errors : []), ...(input.workErrors ?? [])];
  return page({
    title: 'Opgaveindbakke',
    hasErrors: errors.length > 0,
    actor: input.web,
    breadcrumbs: [{ text: 'Forside', href: '/' }, { text: 'Opgaveindbakke' }],
    main: html`<h1>Opgaveindbakke</h1>
      <p class="font-lead">Opgaverne i ${municipalityText(input.web.municipality ?? '')}</p>
      ${input.notice !== undefined && alert('success', 'Udført', input.notice)}
      ${errorSummary(summaryOf(errors))} ${views(input)} ${countsSection(input)}
      ${savedFiltersSection(input, errors)}
      ${filterForm(input.filters, input.types, input.categories, errors)}
      <h2 id="opgaver">Opgaver</h2>
      ${results(input)}`,
  });
}

/** What the bulk assignment and the save form post, read back to show again after a refusal. */
export interface WorkForm {
  /** The chosen tasks' ids. */
  readonly chosen: readonly string[];
  /** `mig`, `bruger` or `ingen`. */
  readonly assignTo: string;
  readonly assignUser: string;
  readonly filterName: string;
}

/** The id of a row's checkbox: a refusal naming the task links to it. */
export const choiceId = (taskId: string): string => `vaelg-${taskId}`;

/** Where the bulk assignment and the saved filters post. */
export const bulkPath = `${inboxPath}/tildeling`;
export const savedFiltersPath = `${inboxPath}/filtre`;
export const deleteFilterPath = (id: string): string => `${savedFiltersPath}/${id}/slet`;

const assignChoices: readonly Choice[] = [
  { value: 'mig', text: 'Mig' },
  { value: 'bruger', text: 'En bestemt bruger' },
  { value: 'ingen', text: 'Ingen (fjern tildelingen)' },
];

/** The table in the form that assigns the chosen tasks; it returns to this very view. */
function bulkForm(input: InboxPageInput, table: SafeHtml, choosable: boolean): SafeHtml {
  if (!choosable) return table;
  const errorAt = (id: string): string | undefined =>
    input.workErrors?.find((e) => e.fieldId === id)?.message;
  return html`<form method="post" action="${bulkPath}" novalidate aria-labelledby="tildel-valgte">
    ${hidden('tilbage', input.filters.cpr === '' ? inboxUrl(input.filters, input.filters.efter || undefined) : inboxPath)}
    ${table}
    <h3 id="tildel-valgte">Tildel de valgte opgaver</h3>
    ${radios({
      id: 'tildel-mig',
      name: 'tildel',
      label: 'Tildel til',
      value: input.posted?.assignTo ?? 'mig',
      choices: assignChoices,
      error: errorAt('tildel-mig'),
    })}
    ${textInput({
      id: 'tildel-bruger',
      label: 'Bruger',
      hint: 'Når du tildeler til en bestemt bruger, fx sb101',
      value: input.posted?.assignUser ?? '',
      error: errorAt('tildel-bruger'),
      optional: true,
      width: 'input-width-m',
    })}
    <button type="submit" class="button button-secondary">Tildel valgte opgaver</button>
  </form>`;
}

/** The filters of a fresh inbox: open tasks, oldest first. */
const noFilters: InboxFilters = {
  type: '',
  status: 'aaben',
  kategori: '',
  tildelt: '',
  bruger: '',
  cpr: '',
  fristFoer: '',
  medUndring: false,
  sortering: 'oprettet',
  efter: '',
};

const countText = (count: number | undefined): string =>
  count === undefined ? '' : ` (${count.toLocaleString('da-DK')})`;

/** "Alle åbne", "Mine" and "Ufordelte": one click each, with the number of open tasks in them. */
function views(input: InboxPageInput): SafeHtml {
  const open = input.counts?.statuses.find((s) => s.status === 'aaben')?.count;
  const current = inboxUrl({ ...input.filters, efter: '' });
  const view = (text: string, filters: InboxFilters, count: number | undefined) => {
    const href = inboxUrl(filters);
    const here = input.filters.cpr === '' && href === current;
    return html`<li>
      <a
        class="button ${here ? 'button-primary' : 'button-secondary'}"
        href="${href}"
        ${here && html` aria-current="page"`}
        >${text}${countText(count)}</a
      >
    </li>`;
  };
  return html`<nav aria-label="Visninger" class="mt-5">
    <ul class="nobullet-list button-group">
      ${view('Alle åbne', noFilters, open)}
      ${view('Mine', { ...noFilters, tildelt: 'mig' }, input.counts?.mine)}
      ${view('Ufordelte', { ...noFilters, tildelt: 'ingen' }, input.counts?.unassigned)}
    </ul>
  </nav>`;
}

/** A compact table of counts, each a link to the inbox with that value. */
function countTable(
  id: string,
  caption: string,
  rows: readonly { readonly text: string; readonly count: number; readonly href: string }[],
): SafeHtml {
  return html`<table class="table table--compact" id="${id}">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">${id === 'antal-status' ? 'Status' : 'Opgavetype'}</th>
        <th scope="col" class="text-align-right">Antal</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr>
            <td><a href="${row.href}">${row.text}</a></td>
            <td class="text-align-right">${row.count.toLocaleString('da-DK')}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/**
 * The municipality's tasks per status, and per type in the status shown. Every count links to the inbox
 * with that value (the other filters kept for a type, since the type counts are those of the status
 * shown), and the municipality as a whole is counted: see countInbox.
 */
function countsSection(input: InboxPageInput): SafeHtml {
  const counts = input.counts;
  if (counts === undefined) return html``;
  const status = (taskStatuses as readonly string[]).includes(input.filters.status)
    ? (input.filters.status as (typeof taskStatuses)[number])
    : 'aaben';
  const statusRows = counts.statuses.map((s) => ({
    text: taskStatusLabels[s.status],
    count: s.count,
    href: inboxUrl({ ...noFilters, status: s.status }),
  }));
  const typeRows = counts.types
    .filter((t) => t.status === status)
    .map((t) => ({
      text: typeName(input.types, t.type),
      count: t.count,
      href: inboxUrl({ ...input.filters, cpr: '', type: t.type, efter: '' }),
    }))
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text, 'da'));
  return html`<details class="details mt-5" open>
    <summary class="details-summary">Overblik: antal opgaver i kommunen</summary>
    <div class="details-text">
      <div class="row">
        <div class="col-12 col-md-5">${countTable('antal-status', 'Efter status', statusRows)}</div>
        <div class="col-12 col-md-7">
          ${
            typeRows.length === 0
              ? html`<p>Ingen opgaver med status ${taskStatusLabels[status].toLowerCase()}.</p>`
              : countTable(
                  'antal-type',
                  `Efter opgavetype, status ${taskStatusLabels[status].toLowerCase()}`,
                  typeRows,
                )
          }
        </div>
      </div>
    </div>
  </details>`;
}

/** The address query of the filters shown, without the CPR number: what a saved filter keeps. */
export function filterQuery(filters: InboxFilters): string {
  return inboxUrl({ ...filters, cpr: '', efter: '' }).split('?')[1] ?? '';
}

/** The caseworker's saved filters as links, each with its delete button, and the form that saves one. */
function savedFiltersSection(input: InboxPageInput, errors: readonly FilterError[]): SafeHtml {
  const saved = input.savedFilters ?? [];
  const errorAt = (id: string): string | undefined => errors.find((e) => e.fieldId === id)?.message;
  return html`<section aria-labelledby="gemte-filtre" class="mt-5">
    <h2 id="gemte-filtre">Gemte filtre</h2>
    ${
      saved.length === 0
        ? html`<p>Du har ingen gemte filtre.</p>`
        : html`<ul class="nobullet-list">
            ${saved.map(
              (filter) =>
                html`<li class="d-flex align-items-center">
                  <a href="${filter.query === '' ? inboxPath : `${inboxPath}?${filter.query}`}"
                    >${filter.name}</a
                  >
                  <form method="post" action="${deleteFilterPath(filter.id)}" class="d-inline ml-4">
                    <button type="submit" class="button button-tertiary">
                      Slet<span class="sr-only"> filteret ${filter.name}</span>
                    </button>
                  </form>
                </li>`,
            )}
          </ul>`
    }
    <form method="post" action="${savedFiltersPath}" novalidate>
      ${hidden('filter', filterQuery(input.filters))}
      ${textInput({
        id: 'filternavn',
        label: 'Gem de viste filtre som',
        hint: input.filters.cpr === '' ? 'Fx Mine klager' : 'CPR-nummeret gemmes ikke i filteret',
        value: input.posted?.filterName ?? '',
        error: errorAt('filternavn'),
        width: 'input-width-l',
      })}
      <button type="submit" class="button button-secondary">Gem filter</button>
    </form>
  </section>`;
}
