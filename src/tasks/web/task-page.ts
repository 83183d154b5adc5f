/**
 * The task page (GET /opgaver/{id}): what the task is and where it stands, its steps as a DKFDS step
 * indicator, the current step's form generated from its input schema with the open undringer, the
 * completed steps with "Gå tilbage til trinnet", handled undringer, assigning, categories, closing, and the
 * history of task events. Every form posts the version the page was drawn with (hidden; the version is never
 * shown). Only the actions the step and the task's status allow are offered: a task of another
 * municipality, a closed one, or one seen by a user whose roles do not allow working tasks is shown without
 * forms.
 */
import type { Temporal } from 'temporal-polyfill';
import { authorize } from '../../access/index.ts';
import { municipalityText } from '../../persons/index.ts';
import {
  dataTable,
  dkfdsPath,
  errorSummary,
  factList,
  alert,
  successAlert,
  type SummaryError,
} from '../../platform/web/components.ts';
import { html, type HtmlValue, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { TaskCategory } from '../db/task.repository.ts';
import { isStepDone, type QueryState } from '../domain/engine.ts';
import type { TaskDetails } from '../task-actions.ts';
import type { StepView, TaskView } from '../task-view.ts';
import { checkboxGroup, hidden, textArea, textInput } from './controls.ts';
import {
  byText,
  cprText,
  danishDates,
  fieldLabels,
  instantText,
  isOverdue,
  labelOf,
  none,
  queryStatusLabels,
  stepModeLabels,
  stepStatusLabels,
  taskEventLabels,
  taskStatusLabels,
  valueText,
} from './labels.ts';
import { stepFields, stepForm, valuesOfInput, type FormValues } from './step-form.ts';

/** The address of a task's page; its forms post to it too. */
export const taskPath = (id: string): string => `/opgaver/${id}`;

/** The summary's sentence when someone else changed the task since the page was drawn. */
export const conflictMessage = 'Opgaven er ændret af en anden. Siden viser nu den nyeste udgave.';

/** What a refused form posted, so the page shows it again. */
export interface PostedForm {
  /** The posted `handling`. */
  readonly action: string;
  /** The step (`trin`) or undring (`undring`) the form was for. */
  readonly step: string;
  readonly query: string;
  /** The typed values by posted name (`input-notat`, `notat`, `aarsag`, `bruger`). */
  readonly values: FormValues;
  readonly categories: readonly string[];
}

export interface TaskPageInput {
  readonly web: WebActor;
  readonly details: TaskDetails;
  /** The caseworker's municipality's task categories. */
  readonly categories: readonly TaskCategory[];
  readonly today: Temporal.PlainDate;
  readonly errors?: readonly SummaryError[];
  /** Present after a refusal: the values are kept where they were typed. */
  readonly posted?: PostedForm | undefined;
  /** A success message after an action. */
  readonly done?: string | undefined;
  /**
   * The keys of the type's steps that send something out (`final`): once passed, neither they nor a step
   * before them can be gone back to.
   */
  readonly finalSteps?: readonly string[];
}

/** The id of the note field of the undring at `index` among the task's undringer. */
export const queryNoteId = (index: number): string => `undring-${String(index)}-notat`;

const infoAlert = (heading: string, text: string): SafeHtml => alert('info', heading, text);

/** A button posting the form with `handling` set. */
function submit(action: string, text: string, kind: 'primary' | 'secondary' | 'tertiary' = 'primary') {
  return html`<button type="submit" class="button button-${kind}" name="handling" value="${action}">
    ${text}
  </button>`;
}

function form(task: TaskView, content: SafeHtml, label?: string): SafeHtml {
  return html`<form
    method="post"
    action="${taskPath(task.id)}"
    novalidate
    ${label !== undefined && html` aria-label="${label}"`}
  >
    ${hidden('version', String(task.version))} ${content}
  </form>`;
}

function stepName(task: TaskView, key: string | null): string {
  if (key === null) return none;
  return task.steps.find((step) => step.key === key)?.name ?? key;
}

function categoryNames(keys: readonly string[], categories: readonly TaskCategory[]): string {
  if (keys.length === 0) return 'Ingen';
  return keys.map((key) => categories.find((c) => c.key === key)?.name ?? key).join(', ');
}

function dueText(task: TaskView, today: Temporal.PlainDate): HtmlValue {
  if (task.dueOn === null) return 'Ingen frist';
  const overdue = task.status === 'aaben' && isOverdue(task.dueOn, today);
  return html`${valueText(task.dueOn)}${overdue && html` <strong class="badge badge-error">Overskredet</strong>`}`;
}

function facts(input: TaskPageInput): SafeHtml {
  const { task, cpr, personName, personId } = input.details;
  const closed = task.status !== 'aaben';
  return factList([
    {
      label: 'Borger',
      value: cpr === '' ? none : html`${personName} (<a href="/borgere/${personId}">${cprText(cpr)}</a>)`,
    },
    { label: 'Kommune', value: municipalityText(task.municipality) },
    { label: 'Status', value: labelOf(taskStatusLabels, task.status) },
    ...(closed ? [{ label: 'Årsag', value: task.closeReason ?? none }] : []),
    { label: 'Aktuelt trin', value: stepName(task, task.currentStep) },
    { label: 'Frist', value: dueText(task, input.today) },
    {
      label: 'Tildelt',
      value: task.assignee === null ? 'Ikke tildelt' : task.assignee,
    },
    { label: 'Kategorier', value: categoryNames(task.categories, input.categories) },
    { label: 'Oprettet', value: instantText(task.createdAt) },
    ...(task.closedAt === null ? [] : [{ label: 'Lukket', value: instantText(task.closedAt) }]),
  ]);
}

/** The steps as a DKFDS step indicator: done steps and the current one link to their sections below. */
function stepIndicator(task: TaskView): SafeHtml {
  const items = task.steps.map((step, index) => {
    const number = String(index + 1);
    const current = step.key === task.currentStep;
    const done = isStepDone(step);
    const href = current ? '#aktuelt-trin' : done ? `#trin-${step.key}` : undefined;
    const marker = done
      ? html`<span class="step-icon"
          ><svg class="icon-svg" focusable="false" role="img" aria-label="Trin ${number}">
            <use href="${dkfdsPath}/img/all-svg-icons.svg#check"></use></svg
        ></span>`
      : html`<span class="step-number"><span>${number}</span></span>`;
    const body = html`${marker}
      <div>
        <span class="step-title">${step.name}</span>
        <span class="step-information"
          >${stepModeLabels[step.mode]} · ${labelOf(stepStatusLabels, step.status)}</span
        >
      </div>`;
    const classes = [current ? 'current' : '', href === undefined ? 'disabled' : ''].filter((c) => c !== '');
    return html`<li${classes.length > 0 && html` class="${classes.join(' ')}"`}>
      ${
        href === undefined
          ? html`<div class="step">${body}</div>`
          : html`<a class="step" href="${href}" ${current && html` aria-current="step"`}>${body}</a>`
      }
    </li>`;
  });
  return html`<ol class="step-indicator" aria-labelledby="trin">
    ${items}
  </ol>`;
}

/** The keys whose three-digit values are municipality codes. */
const municipalityKeys = new Set(['municipality', 'to', 'from', 'kommune']);

/** The order of a step's input fields, as its schema lists them (stored input comes back reordered). */
function fieldOrder(step: StepView | undefined): string[] {
  return stepFields(step?.inputSchema ?? null).map((field) => field.key);
}

/** A step's input or result as label-value pairs, in the order of `order` first. */
function valueFacts(values: Readonly<Record<string, unknown>> | null, order: readonly string[] = []) {
  if (values === null) return [];
  const rank = (key: string): number => (order.includes(key) ? order.indexOf(key) : order.length);
  const entries = Object.entries(values).sort(([a], [b]) => rank(a) - rank(b));
  return entries.map(([key, value]) => ({
    label: labelOf(fieldLabels, key),
    value:
      municipalityKeys.has(key) && typeof value === 'string' && /^\d{3}$/.test(value)
        ? municipalityText(value)
        : valueText(value),
  }));
}

interface Editing {
  readonly editable: boolean;
  readonly errorAt: (id: string) => string | undefined;
  readonly posted: PostedForm | undefined;
  /** Whether the completed step with the key can be gone back to (no letter sent at or after it). */
  readonly mayGoBackTo: (key: string) => boolean;
}

/** The completed steps that can be gone back to: none at or before a passed step that sent something out. */
export function stepsToGoBackTo(task: TaskView, finalSteps: readonly string[]): Set<string> {
  const steps = task.steps;
  const lastSent = steps.findLastIndex(
    (step) => finalSteps.includes(step.key) && step.status === 'gennemfoert',
  );
  return new Set(steps.filter((step, index) => index > lastSent && isStepDone(step)).map((s) => s.key));
}

/** Whether "Afslut opgaven" is possible: every step left may be skipped and no mandatory undring is open. */
export function mayComplete(task: TaskView): boolean {
  const mandatoryOpen = task.queries.some((q) => q.mandatory && q.status === 'aaben');
  return !mandatoryOpen && task.steps.every((step) => isStepDone(step) || step.skippable);
}

function openQuery(task: TaskView, query: QueryState, index: number, editing: Editing): SafeHtml {
  const noteId = queryNoteId(index);
  const posted = editing.posted?.query === query.id ? editing.posted : undefined;
  const tag = query.mandatory && html` <strong class="badge badge-warning">Obligatorisk</strong>`;
  const actions = html`${hidden('undring', query.id)}
    ${textArea({
      id: noteId,
      name: 'notat',
      label: 'Notat',
      hint: query.mandatory
        ? 'Skriv, hvordan undringen er løst.'
        : 'Skriv, hvordan undringen er løst. Notatet er frivilligt, når du afviser undringen.',
      value: posted?.values['notat'] ?? '',
      error: editing.errorAt(noteId),
    })}
    <div class="button-group mt-5">
      ${submit('loes-undring', 'Løs undringen')}
      ${!query.mandatory && submit('afvis-undring', 'Afvis undringen', 'secondary')}
    </div>`;
  return html`<div class="mb-6" id="undring-${String(index)}">
    <h4 class="h5">Undring${tag}</h4>
    <p>${danishDates(query.text)}</p>
    ${editing.editable && form(task, actions, `Behandl undringen: ${danishDates(query.text)}`)}
  </div>`;
}

function openQueries(task: TaskView, step: StepView, editing: Editing): SafeHtml {
  const open = task.queries
    .map((query, index) => ({ query, index }))
    .filter(({ query }) => query.step === step.key && query.status === 'aaben');
  if (open.length === 0) return html``;
  return html`<h3>Åbne undringer</h3>
    <p>Undringerne skal behandles, før du kan gå videre.</p>
    ${open.map(({ query, index }) => openQuery(task, query, index, editing))}`;
}

/** What "Opsummering" shows before "Godkend": what was entered on the steps before it. */
function summaryOf(task: TaskView): SafeHtml {
  const entered = task.steps.filter((step) => isStepDone(step) && step.key !== 'opsummering');
  const rows = entered.flatMap((step) => [
    { label: step.name, value: labelOf(stepStatusLabels, step.status) },
    ...valueFacts(step.input, fieldOrder(step)),
    ...valueFacts(step.result),
  ]);
  return rows.length === 0
    ? html`<p>Ingen trin har input at vise.</p>`
    : html`<p>Gennemgå det, der er registreret på opgaven, og godkend.</p>
        ${factList(rows)}`;
}

/** The step before the current one, when it can be gone back to ("Gå tilbage et trin"). */
function previousStep(task: TaskView, editing: Editing): StepView | undefined {
  const index = task.steps.findIndex((s) => s.key === task.currentStep);
  const before = index > 0 ? task.steps[index - 1] : undefined;
  return before !== undefined && editing.mayGoBackTo(before.key) ? before : undefined;
}

function currentStep(task: TaskView, editing: Editing): SafeHtml {
  const step = task.steps.find((s) => s.key === task.currentStep);
  if (step === undefined) return html``;
  const fields = stepFields(step.inputSchema);
  const posted =
    editing.posted !== undefined &&
    editing.posted.step === step.key &&
    (editing.posted.action === 'videre' || editing.posted.action === 'spring-over')
      ? editing.posted.values
      : undefined;
  const values = posted ?? valuesOfInput(fields, step.input);
  const summary = step.key === 'opsummering';
  const hasOpenQuery = task.queries.some((q) => q.step === step.key && q.status === 'aaben');
  const redo =
    step.input !== null && html`<p>Trinnet skal gentages. Det, der blev indtastet sidst, er udfyldt.</p>`;
  const stepFormHtml = html`${hidden('type', task.type)} ${hidden('trin', step.key)}
    ${stepForm(fields, values, editing.errorAt)}
    <div class="button-group mt-5">
      ${submit('videre', summary ? 'Godkend' : 'Gå videre')}
      ${step.skippable && submit('spring-over', 'Spring over', 'secondary')}
    </div>`;
  const previous = previousStep(task, editing);
  const back =
    previous !== undefined &&
    form(
      task,
      html`${hidden('trin', previous.key)}
        <p class="mt-5">${submit('tilbage', 'Gå tilbage et trin', 'tertiary')}</p>`,
      `Gå tilbage et trin til ${previous.name}`,
    );
  return html`<h2 id="aktuelt-trin">Aktuelt trin: ${step.name}</h2>
    <p class="font-lead">${stepModeLabels[step.mode]} trin · ${labelOf(stepStatusLabels, step.status)}</p>
    ${openQueries(task, step, editing)} ${summary && summaryOf(task)} ${redo}
    ${
      editing.editable &&
      !hasOpenQuery &&
      html`${fields.length > 0 && html`<h3>${summary ? 'Godkend' : 'Udfyld trinnet'}</h3>`}
      ${form(task, stepFormHtml, summary ? 'Godkend opgaven' : `Udfyld trinnet ${step.name}`)}`
    }
    ${editing.editable && back}`;
}

function completedSteps(task: TaskView, editing: Editing): SafeHtml {
  const done = task.steps.filter(isStepDone);
  if (done.length === 0) return html`<p>Ingen trin er gennemført endnu.</p>`;
  const goBack = (step: StepView): SafeHtml =>
    form(
      task,
      html`${hidden('trin', step.key)} ${submit('tilbage', 'Gå tilbage til trinnet', 'secondary')}`,
      `Gå tilbage til trinnet ${step.name}`,
    );
  const facts = (step: StepView): SafeHtml =>
    factList([
      { label: 'Slags', value: stepModeLabels[step.mode] },
      { label: 'Status', value: labelOf(stepStatusLabels, step.status) },
      { label: 'Udført af', value: byText(step.by) },
      { label: 'Tidspunkt', value: instantText(step.at) },
      ...valueFacts(step.input, fieldOrder(step)),
      ...valueFacts(step.result),
    ]);
  return html`${done.map(
    (step) =>
      html`<div class="mb-7">
        <h3 id="trin-${step.key}">${step.name}</h3>
        <div class="row">
          <div class="col-12 col-lg-8">${facts(step)}</div>
        </div>
        ${editing.editable && editing.mayGoBackTo(step.key) && goBack(step)}
      </div>`,
  )}`;
}

function handledQueries(task: TaskView): SafeHtml {
  const handled = task.queries.filter((q) => q.status !== 'aaben');
  if (handled.length === 0) return html``;
  return html`<h2 id="behandlede-undringer">Behandlede undringer</h2>
    ${dataTable({
      labelledBy: 'behandlede-undringer',
      columns: ['Undring', 'Trin', 'Status', 'Notat', 'Behandlet af', 'Tidspunkt'],
      rows: handled.map((q) => [
        html`${danishDates(q.text)}${q.mandatory && html` <strong class="badge badge-warning">Obligatorisk</strong>`}`,
        stepName(task, q.step),
        labelOf(queryStatusLabels, q.status),
        q.note ?? none,
        byText(q.by),
        instantText(q.at),
      ]),
      empty: 'Ingen behandlede undringer.',
    })}`;
}

function assignment(task: TaskView, web: WebActor, editing: Editing): SafeHtml {
  const typed = editing.posted?.action === 'tildel' ? (editing.posted.values['bruger'] ?? '') : '';
  return html`<h2 id="tildeling">Tildeling</h2>
    <p>
      ${
        task.assignee === null
          ? 'Opgaven er ikke tildelt.'
          : `Opgaven er tildelt ${task.assignee}${task.assignee === web.userId ? ' (dig)' : ''}.`
      }
    </p>
    ${form(
      task,
      html`${task.assignee !== web.userId && html`<p>${submit('tildel-mig', 'Tildel til mig')}</p>`}
        ${textInput({
          id: 'bruger',
          label: 'Tildel til bruger',
          hint: 'Brugerens id, fx sb101',
          value: typed,
          error: editing.errorAt('bruger'),
          width: 'input-width-m',
        })}
        <div class="button-group mt-5">
          ${submit('tildel', 'Tildel', 'secondary')}
          ${task.assignee !== null && submit('fjern-tildeling', 'Fjern tildelingen', 'tertiary')}
        </div>`,
      'Tildeling',
    )}`;
}

function categorySection(task: TaskView, categories: readonly TaskCategory[], editing: Editing): SafeHtml {
  if (categories.length === 0) {
    return html`<h2 id="kategorier">Kategorier</h2>
      <p>Kommunen har ingen opgavekategorier.</p>`;
  }
  const checked = editing.posted?.action === 'kategorier' ? editing.posted.categories : task.categories;
  return html`<h2 id="kategorier">Kategorier</h2>
    ${form(
      task,
      html`${checkboxGroup({
        id: 'kategori',
        name: 'kategori',
        legend: 'Opgavens kategorier',
        error: editing.errorAt('kategori'),
        choices: categories.map((c) => ({ value: c.key, text: c.name })),
        checked,
      })}
      ${submit('kategorier', 'Gem kategorier', 'secondary')}`,
      'Kategorier',
    )}`;
}

const canComplete = 'Afslut opgaven, når det, der er tilbage, kan springes over.';
const cannotComplete =
  'Opgaven kan ikke afsluttes endnu: der er trin tilbage, som ikke kan springes over, eller en obligatorisk undring.';

function closing(task: TaskView, editing: Editing): SafeHtml {
  const closingActions = ['afslut', 'afvis', 'annuller'];
  const typed = closingActions.includes(editing.posted?.action ?? '') ? editing.posted?.values['aarsag'] : '';
  const completable = mayComplete(task);
  return html`<h2 id="luk-opgaven">Luk opgaven</h2>
    <p>${completable ? canComplete : cannotComplete} Afvis eller annullér den, hvis den ikke skal løses.</p>
    ${form(
      task,
      html`${textArea({
          id: 'aarsag',
          label: 'Begrundelse',
          hint: 'Skriv, hvorfor opgaven lukkes.',
          value: typed ?? '',
          error: editing.errorAt('aarsag'),
        })}
        <div class="button-group mt-5">
          ${completable && submit('afslut', 'Afslut opgaven')}
          ${submit('afvis', 'Afvis opgaven', 'secondary')}
          ${submit('annuller', 'Annullér opgaven', 'secondary')}
        </div>`,
      'Luk opgaven',
    )}`;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** What the caseworker most needs to know of a task event. */
export function eventDetails(
  task: TaskView,
  event: {
    readonly type: string;
    readonly step: string | null;
    readonly data: Readonly<Record<string, unknown>>;
  },
): string {
  const data = event.data;
  const queryText = (): string => {
    const id = text(data['query']);
    return task.queries.find((q) => q.id === id)?.text ?? id ?? none;
  };
  switch (event.type) {
    case 'trin-gennemfoert': {
      if (data['automatic'] === true) return 'Automatisk';
      const input = data['input'];
      if (typeof input !== 'object' || input === null) return none;
      const step = task.steps.find((s) => s.key === event.step);
      const shown = valueFacts(input as Record<string, unknown>, fieldOrder(step));
      return shown.length === 0 ? none : shown.map((f) => `${f.label}: ${f.value}`).join('; ');
    }
    case 'trin-genaabnet': {
      const redo = Array.isArray(data['redo']) ? data['redo'].filter((k) => typeof k === 'string') : [];
      return redo.length === 0
        ? none
        : `Skal gentages: ${redo.map((key: string) => stepName(task, key)).join(', ')}`;
    }
    case 'undring-rejst':
      return `${text(data['text']) ?? none}${data['mandatory'] === true ? ' (obligatorisk)' : ''}`;
    case 'undring-loest':
    case 'undring-afvist': {
      const note = text(data['note']);
      return note === undefined ? queryText() : `${queryText()}: ${note}`;
    }
    case 'undring-bortfaldet':
      return queryText();
    case 'opgave-afsluttet':
    case 'opgave-afvist':
    case 'opgave-annulleret':
      return text(data['reason']) ?? none;
    case 'opgave-tildelt': {
      const to = text(data['to']);
      return to === undefined ? 'Tildelingen er fjernet' : `Til ${to}`;
    }
    case 'opgavekategorier-aendret': {
      const to = Array.isArray(data['to']) ? data['to'].filter((k) => typeof k === 'string') : [];
      return to.length === 0 ? 'Ingen kategorier' : to.join(', ');
    }
    default:
      return none;
  }
}

function history(input: TaskPageInput): SafeHtml {
  const { task, events } = input.details;
  return dataTable({
    labelledBy: 'historik',
    columns: ['Tidspunkt', 'Hændelse', 'Trin', 'Udført af', 'Detaljer'],
    rows: events.map((event) => [
      instantText(event.occurredAt.toString()),
      labelOf(taskEventLabels, event.type),
      event.step === null ? none : stepName(task, event.step),
      byText(event.actor),
      eventDetails(task, event),
    ]),
    empty: 'Ingen hændelser.',
  });
}

function notices(input: TaskPageInput, owner: boolean, mayWork: boolean): SafeHtml {
  const { task } = input.details;
  if (!owner) {
    return infoAlert(
      'Du kan kun se opgaven',
      `Opgaven tilhører ${municipalityText(task.municipality)}. Kun kommunens sagsbehandlere kan handle på den.`,
    );
  }
  if (task.status !== 'aaben') {
    return infoAlert(
      `Opgaven er ${labelOf(taskStatusLabels, task.status).toLowerCase()}`,
      `Den blev lukket ${instantText(task.closedAt)}${task.closeReason === null ? '' : `: ${task.closeReason}`}.`,
    );
  }
  if (!mayWork) {
    return infoAlert(
      'Du kan kun se opgaven',
      'Din rolle giver ikke adgang til at arbejde med opgaver. Kun sagsbehandlere kan handle på den.',
    );
  }
  return html``;
}

/** The whole task page. */
export function taskPage(input: TaskPageInput): SafeHtml {
  const { task, cpr, personName } = input.details;
  const errors = input.errors ?? [];
  const owner = task.municipality === input.web.municipality;
  const mayWork = authorize(input.web.actor, 'arbejd-opgave').ok;
  const reopenable = stepsToGoBackTo(task, input.finalSteps ?? []);
  const editing: Editing = {
    editable: owner && mayWork && task.status === 'aaben',
    errorAt: (id) => errors.find((e) => e.fieldId === id)?.message,
    posted: input.posted,
    mayGoBackTo: (key) => reopenable.has(key),
  };
  return page({
    title: task.typeName,
    hasErrors: errors.length > 0,
    actor: input.web,
    breadcrumbs: [
      { text: 'Forside', href: '/' },
      { text: 'Opgaveindbakke', href: '/opgaver' },
      { text: task.typeName },
    ],
    main: html`${errorSummary(errors)}
      ${input.done !== undefined && errors.length === 0 && successAlert('Opgaven er opdateret', input.done)}
      ${notices(input, owner, mayWork)}
      <h1>${task.typeName}</h1>
      <p class="font-lead">Opgave for ${personName} (${cprText(cpr)})</p>
      <div class="row">
        <div class="col-12 col-lg-8">${facts(input)}</div>
      </div>
      <h2 id="trin">Trin</h2>
      ${stepIndicator(task)} ${task.status === 'aaben' && currentStep(task, editing)}
      <h2 id="gennemfoerte-trin">Gennemførte trin</h2>
      ${completedSteps(task, editing)} ${handledQueries(task)}
      ${
        editing.editable &&
        html`${assignment(task, input.web, editing)} ${categorySection(task, input.categories, editing)}
        ${closing(task, editing)}`
      }
      <h2 id="historik">Historik</h2>
      ${history(input)}`,
  });
}
