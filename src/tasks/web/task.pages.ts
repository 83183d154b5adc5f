/**
 * The caseworkers' task page, server-rendered with DKFDS: a task (GET /opgaver/{id}) with every action on it
 * as a form posting to the task's address. The pages call the same use cases as the API (channel `web`);
 * each form posts the version the page was drawn with, and a success answers 303 back to the task. "Gå
 * videre" first checks every field of the step at once (the use case checks again and has the last word).
 * A refusal is shown on the task as it is now, the values kept as typed and dates in Danish; when someone
 * else changed the task, the summary says so. Handlers never throw for bad input.
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorCodes, localDate, type DomainError } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import type { SummaryError } from '../../platform/web/components.ts';
import { badRequestPage, notFoundPage, sendErrorPage } from '../../platform/web/error-pages.ts';
import { sendPage } from '../../platform/web/layout.ts';
import { requireWebActor, type WebActor } from '../../platform/web/web-actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import { categoriesOf } from './inbox.pages.ts';
import { actOnTask, getTask, type TaskAction, type TaskDetails } from '../task-actions.ts';
import type { TaskTypes } from '../task-type.ts';
import { inputSchemaOf } from '../task-view.ts';
import type { StepDefinition } from '../domain/definition.ts';
import { danishDates } from './labels.ts';
import { fieldIdOf, readValues, stepFields, toInput, validateStep, type StepField } from './step-form.ts';
import { conflictMessage, queryNoteId, taskPage, taskPath, type PostedForm } from './task-page.ts';
import { requestText } from '../../platform/web/form.ts';

/** Every value posted under a name (checkboxes sharing one). */
function listOf(source: unknown, name: string): string[] {
  if (typeof source !== 'object' || source === null) return [];
  const value: unknown = (source as Record<string, unknown>)[name];
  const all: unknown[] = Array.isArray(value) ? value : [value];
  return all.filter((item): item is string => typeof item === 'string' && item !== '');
}

/** What the task page says after a successful action (`?udfoert=`). */
const doneMessages: Readonly<Record<string, string>> = {
  videre: 'Trinnet er gennemført.',
  godkend: 'Opgaven er godkendt.',
  'spring-over': 'Trinnet er sprunget over.',
  tilbage: 'Trinnet er åbnet igen. De senere trin skal gentages.',
  'loes-undring': 'Undringen er løst.',
  'afvis-undring': 'Undringen er afvist.',
  afslut: 'Opgaven er afsluttet.',
  afvis: 'Opgaven er afvist.',
  annuller: 'Opgaven er annulleret.',
  tildel: 'Tildelingen er ændret.',
  kategorier: 'Kategorierne er gemt.',
};

interface Shown {
  readonly status: number;
  /** The errors to show, given the task as it is now. */
  readonly errors?: (details: TaskDetails) => readonly SummaryError[];
  readonly posted?: PostedForm;
  readonly done?: string | undefined;
}

/** Draws the task as it is now; a task that cannot be read is the 404 page. */
async function showTask(
  deps: Deps,
  types: TaskTypes,
  web: WebActor,
  id: string,
  reply: FastifyReply,
  shown: Shown,
) {
  const found = await getTask(deps, types, web.actor, 'web', id);
  if (!found.ok) return sendPage(reply, 404, notFoundPage(web, 'Opgaven findes ikke.'));
  const categories = await categoriesOf(deps, web);
  const today = localDate(deps.clock.now());
  const type = types.get(found.value.task.type);
  const finalSteps = type.ok ? type.value.steps.filter((s) => s.final === true).map((s) => s.key) : [];
  return sendPage(
    reply,
    shown.status,
    taskPage({
      web,
      details: found.value,
      categories,
      today,
      finalSteps,
      ...(shown.errors === undefined ? {} : { errors: shown.errors(found.value) }),
      posted: shown.posted,
      done: shown.done,
    }),
  );
}

/** The step the form was drawn for (from the posted task type), to read and check its input. */
function stepOf(types: TaskTypes, typeKey: string, stepKey: string): StepDefinition | undefined {
  const type = types.get(typeKey);
  return type.ok ? type.value.steps.find((s) => s.key === stepKey) : undefined;
}

function readPosted(body: unknown, fields: readonly StepField[]): PostedForm {
  const text = (name: string): string => requestText(body, name);
  return {
    action: text('handling'),
    step: text('trin'),
    query: text('undring'),
    values: {
      ...readValues(fields, text),
      notat: text('notat'),
      aarsag: text('aarsag'),
      bruger: text('bruger'),
    },
    categories: listOf(body, 'kategori'),
  };
}

/** The use case's action for the posted form, or undefined for an unknown `handling`. */
function actionOf(posted: PostedForm, fields: readonly StepField[], web: WebActor): TaskAction | undefined {
  const { step, query, values } = posted;
  switch (posted.action) {
    case 'videre':
      return { kind: 'videre', step, ...(fields.length === 0 ? {} : { input: toInput(fields, values) }) };
    case 'spring-over':
    case 'tilbage':
      return { kind: posted.action, step };
    case 'loes-undring':
    case 'afvis-undring':
      return { kind: posted.action, query, note: values['notat'] ?? '' };
    case 'afslut':
    case 'afvis':
    case 'annuller':
      return { kind: posted.action, reason: values['aarsag'] ?? '' };
    case 'tildel-mig':
      return { kind: 'tildel', assignee: web.userId };
    case 'tildel':
      return { kind: 'tildel', assignee: values['bruger'] ?? '' };
    case 'fjern-tildeling':
      return { kind: 'tildel', assignee: null };
    case 'kategorier':
      return { kind: 'kategorier', categories: posted.categories };
    default:
      return undefined;
  }
}

/** The form field a refusal belongs at, by the use case's `field`. */
function fieldOfError(
  error: DomainError,
  posted: PostedForm,
  fields: readonly StepField[],
  queryIds: readonly string[],
): string | undefined {
  const field = error.field ?? '';
  const noteOf = (queryId: string): string | undefined => {
    const index = queryIds.indexOf(queryId);
    return index === -1 ? undefined : queryNoteId(index);
  };
  if (field.startsWith('input')) return fieldIdOf(fields, field, posted.values);
  if (field === 'note') return noteOf(posted.query);
  if (field === 'query') {
    const named = error.details?.['query'];
    return noteOf(typeof named === 'string' ? named : posted.query);
  }
  if (field === 'reason') return 'aarsag';
  if (field === 'assignee') return 'bruger';
  if (field.startsWith('categories')) return 'kategori';
  return undefined;
}

/** A refusal as the caseworker reads it: dates in Danish, and steps by their names, not their keys. */
function readable(message: string, details: TaskDetails): string {
  return details.task.steps.reduce(
    (text, step) => text.replaceAll(`"${step.key}"`, `"${step.name}"`),
    danishDates(message),
  );
}

/** POST /opgaver/{id}: one action on the task, against the version the page showed. */
async function act(
  deps: Deps,
  types: TaskTypes,
  web: WebActor,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const id = requestText(request.params, 'id');
  const body = request.body;
  const step = stepOf(types, requestText(body, 'type'), requestText(body, 'trin'));
  const fields = step === undefined ? [] : stepFields(inputSchemaOf(step));
  const posted = readPosted(body, fields);
  const action = actionOf(posted, fields, web);
  if (action === undefined) return sendPage(reply, 400, badRequestPage(web));
  if (action.kind === 'videre') {
    const faults = validateStep(fields, posted.values, step?.input);
    if (faults.length > 0) {
      return showTask(deps, types, web, id, reply, { status: 400, errors: () => faults, posted });
    }
  }
  const versionText = requestText(body, 'version');
  const version = /^\d+$/.test(versionText) ? Number(versionText) : -1;
  const done = await actOnTask(deps, types, web.actor, 'web', id, version, action);
  if (done.ok) {
    const what =
      posted.action === 'videre' && posted.step === 'opsummering'
        ? 'godkend'
        : posted.action.startsWith('tildel') || posted.action === 'fjern-tildeling'
          ? 'tildel'
          : posted.action;
    return reply.redirect(`${taskPath(id)}?udfoert=${what}`, 303);
  }
  const error = done.error;
  const status = errorCodes[error.code].status;
  if (error.code === 'konflikt') {
    return showTask(deps, types, web, id, reply, {
      status,
      errors: () => [{ message: conflictMessage }],
      posted,
    });
  }
  if (error.code === 'ikke-fundet' || (error.code === 'ugyldigt-input' && error.field === 'id')) {
    return sendPage(reply, 404, notFoundPage(web, 'Opgaven findes ikke.'));
  }
  const errors = (details: TaskDetails): SummaryError[] => {
    const queryIds = details.task.queries.map((q) => q.id);
    const fieldId = fieldOfError(error, posted, fields, queryIds);
    const message = readable(error.message, details);
    return [fieldId === undefined ? { message } : { fieldId, message }];
  };
  return showTask(deps, types, web, id, reply, { status, errors, posted });
}

/** The task pages plugin for the task types of the registry; registered in src/platform/system.ts. */
export function taskPages(types: TaskTypes): AppPlugin {
  return async (app, { deps }) => {
    await app.register(fastifyFormbody);
    app.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));
    app.get(
      '/opgaver/:id',
      { schema: { hide: true }, config: { access: 'laes-borger' } },
      (request, reply) => {
        const web = requireWebActor(request);
        const key = requestText(request.query, 'udfoert');
        const done = Object.hasOwn(doneMessages, key) ? doneMessages[key] : undefined;
        return showTask(deps, types, web, requestText(request.params, 'id'), reply, { status: 200, done });
      },
    );
    app.post(
      '/opgaver/:id',
      { schema: { hide: true }, config: { access: 'arbejd-opgave' } },
      (request, reply) => act(deps, types, requireWebActor(request), request, reply),
    );
  };
}
