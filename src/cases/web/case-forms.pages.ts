/**
 * The case-side processes as pages, calling the same use cases as the API with channel `web`:
 *
 * - GET/POST /borgere/{id}/sager/ny: "Opret sag" (createCase); a created case is shown (303 to its page);
 * - GET/POST /borgere/{id}/traek/ny: "Registrer træk" (createDeduction);
 * - GET /borgere/{id}/registreringer/ny[?art=]: the kinds to choose from and the standing registrations,
 *   or the chosen kind's form; POST: addRegistration;
 * - GET/POST /borgere/{id}/registreringer/{registrering}/ret and /afslut: correctRegistration and
 *   endRegistration of one of the citizen's standing registrations;
 * - POST /sager/{id}/journalnotater and /sager/{id}/dokumenter (multipart/form-data): the case page's
 *   journal forms (addJournalNote, addCaseDocument).
 *
 * A citizen is addressed by the person's id; an id of no one gets the refusal a person the user may not
 * see gets (the Danish 404 page), and so does a case the user may not see. Every form is the `sagsbehandling`
 * policy's: a user without it is refused before anything happens (403). A citizen's form opened from a case
 * (`?sag=`) leads back to it. Every field is read on its own first, so all errors are shown at once with
 * the values kept as typed and nothing written; then the use case decides, and its refusal is shown at its
 * field.
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorCodes, ok, personNotFound, type DomainError, type Result } from '../../kernel/index.ts';
import { findPersonCpr, getPerson } from '../../persons/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { notFoundPage, sendErrorPage } from '../../platform/web/error-pages.ts';
import { requestText } from '../../platform/web/form.ts';
import { sendPage } from '../../platform/web/layout.ts';
import { requireWebActor, type WebActor } from '../../platform/web/web-actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import { uuidPattern } from '../case-lock.ts';
import { createCase, createDeduction } from '../create-case.ts';
import { getCaseDetails } from '../get-case-details.ts';
import { listCasesWithGrants } from '../grants.ts';
import { addCaseDocument, addJournalNote } from '../journal.ts';
import { maxDocumentBytes } from '../domain/journal.ts';
import {
  addRegistration,
  correctRegistration,
  endRegistration,
  listRegistrations,
  type RegistrationView,
} from '../registrations.ts';
import type { CaseOrigin } from './case-origin.ts';
import { casePage, casePath, personPath } from './case-page.ts';
import {
  checkDeductionForm,
  deductionFields,
  deductionPage,
  emptyDeductionForm,
  readDeductionForm,
} from './deduction-form.ts';
import { newRegistrationPath } from './form-paths.ts';
import { refusalAt, type FieldError } from './form-support.ts';
import {
  checkDocumentForm,
  checkNoteForm,
  documentFields,
  emptyJournalForms,
  noteFields,
  readDocumentForm,
  readNoteForm,
  type JournalFormState,
} from './journal-forms.ts';
import { acceptMultipart } from './multipart.ts';
import {
  checkNewCaseForm,
  emptyNewCaseForm,
  newCaseFields,
  newCasePage,
  readNewCaseForm,
} from './new-case-form.ts';
import {
  caseChoices,
  checkEndRegistrationForm,
  checkRegistrationForm,
  chooseRegistrationPage,
  correctRegistrationPage,
  emptyRegistrationForm,
  endRegistrationFields,
  endRegistrationPage,
  formOfRegistration,
  readEndRegistrationForm,
  readRegistrationForm,
  registrationFields,
  registrationKindOf,
  newRegistrationPage,
  type CaseChoice,
  type RegistrationPageInput,
} from './registration-forms.ts';

/** Why the forms read a citizen's data (the access log). */
const purpose = 'sagsbehandling';

/** The status of a form whose fields were refused before any use case ran. */
const refusedFields = 400;

interface Citizen {
  readonly id: string;
  readonly cpr: string;
  readonly name: string;
}

/**
 * The citizen the address names by person id, read under the user's policy (access-logged); an id of no
 * one is refused as a person the user may not see, so the two cannot be told apart.
 */
async function citizenOf(deps: Deps, web: WebActor, request: FastifyRequest): Promise<Result<Citizen>> {
  const cpr = await findPersonCpr(deps.db, requestText(request.params, 'id'));
  if (cpr === undefined) return personNotFound();
  const found = await getPerson(deps, web.actor, 'web', cpr, purpose);
  return found.ok ? ok({ id: found.value.id, cpr, name: found.value.name }) : found;
}

const sendNotFound = (reply: FastifyReply, web: WebActor, error: DomainError) =>
  sendPage(reply, 404, notFoundPage(web, `${error.message.replace(/\.$/, '')}.`));

/** The status a use case's refusal is shown with. */
const statusOf = (error: DomainError): number => errorCodes[error.code].status;

/** The citizen's cases (access-logged), for choosing one and for `?sag=`. */
async function casesOf(deps: Deps, web: WebActor, citizen: Citizen): Promise<readonly CaseChoice[]> {
  const found = await listCasesWithGrants(deps, web.actor, 'web', citizen.cpr, purpose);
  return found.ok ? caseChoices(found.value.cases) : [];
}

/** The case the form was opened from (`?sag=`), when it is one of the citizen's. */
function originOf(request: FastifyRequest, cases: readonly CaseChoice[]): CaseOrigin | undefined {
  const wanted = requestText(request.query, 'sag');
  const found = cases.find((c) => c.id === wanted);
  return found === undefined ? undefined : { caseId: found.id, benefit: found.benefit };
}

/** Where a change to the citizen's facts returns: the case it was opened from, else `otherwise`. */
const returnTo = (origin: CaseOrigin | undefined, anchor: string, otherwise: string): string =>
  origin === undefined ? otherwise : `${casePath(origin.caseId)}#${anchor}`;

// Opret sag

async function newCase(deps: Deps, request: FastifyRequest, reply: FastifyReply, post: boolean) {
  const web = requireWebActor(request);
  const citizen = await citizenOf(deps, web, request);
  if (!citizen.ok) return sendNotFound(reply, web, citizen.error);
  if (!post) return sendPage(reply, 200, newCasePage(web, citizen.value, emptyNewCaseForm(web), []));
  const form = readNewCaseForm(request.body);
  const checked = checkNewCaseForm(form);
  if (!checked.ok) {
    return sendPage(reply, refusedFields, newCasePage(web, citizen.value, form, checked.errors));
  }
  const created = await createCase(deps, web.actor, 'web', citizen.value.cpr, checked.input);
  if (!created.ok) {
    const errors = [refusalAt(created.error, newCaseFields)];
    return sendPage(reply, statusOf(created.error), newCasePage(web, citizen.value, form, errors));
  }
  return reply.redirect(casePath(created.value.id), 303);
}

// Registrer træk

async function newDeduction(deps: Deps, request: FastifyRequest, reply: FastifyReply, post: boolean) {
  const web = requireWebActor(request);
  const citizen = await citizenOf(deps, web, request);
  if (!citizen.ok) return sendNotFound(reply, web, citizen.error);
  const wantsOrigin = requestText(request.query, 'sag') !== '';
  const origin = wantsOrigin ? originOf(request, await casesOf(deps, web, citizen.value)) : undefined;
  const show = (form: ReturnType<typeof readDeductionForm>, errors: readonly FieldError[], status: number) =>
    sendPage(reply, status, deductionPage(web, citizen.value, form, errors, origin));
  if (!post) return show(emptyDeductionForm(web), [], 200);
  const form = readDeductionForm(request.body);
  const checked = checkDeductionForm(form);
  if (!checked.ok) return show(form, checked.errors, refusedFields);
  const created = await createDeduction(deps, web.actor, 'web', citizen.value.cpr, checked.input);
  if (!created.ok) {
    return show(form, [refusalAt(created.error, deductionFields)], statusOf(created.error));
  }
  return reply.redirect(
    returnTo(origin, 'udbetalinger', `${personPath(citizen.value.id)}#udbetalinger`),
    303,
  );
}

// Registreringer

interface RegistrationContext {
  readonly citizen: Citizen;
  readonly page: RegistrationPageInput;
}

async function registrationContext(
  deps: Deps,
  request: FastifyRequest,
): Promise<Result<RegistrationContext>> {
  const web = requireWebActor(request);
  const citizen = await citizenOf(deps, web, request);
  if (!citizen.ok) return citizen;
  const cases = await casesOf(deps, web, citizen.value);
  return ok({
    citizen: citizen.value,
    page: { web, person: citizen.value, origin: originOf(request, cases), cases },
  });
}

/** The citizen's standing registrations (access-logged). */
async function standingOf(deps: Deps, context: RegistrationContext): Promise<RegistrationView[]> {
  const found = await listRegistrations(deps, context.page.web.actor, 'web', context.citizen.cpr);
  return found.ok ? found.value.registrations : [];
}

async function newRegistration(deps: Deps, request: FastifyRequest, reply: FastifyReply, post: boolean) {
  const context = await registrationContext(deps, request);
  const web = requireWebActor(request);
  if (!context.ok) return sendNotFound(reply, web, context.error);
  const { page } = context.value;
  const art = requestText(post ? request.body : request.query, 'art');
  const kind = registrationKindOf(art);
  if (kind === undefined) {
    const errors = art === '' && !post ? [] : [{ fieldId: 'art', message: 'Vælg, hvad du vil registrere' }];
    const saved = !post && requestText(request.query, 'gemt') !== '';
    const standing = await standingOf(deps, context.value);
    return sendPage(
      reply,
      errors.length === 0 ? 200 : refusedFields,
      chooseRegistrationPage(page, standing, { art, errors, saved }),
    );
  }
  if (!post) {
    return sendPage(
      reply,
      200,
      newRegistrationPage(page, kind, emptyRegistrationForm(kind, page.origin), []),
    );
  }
  const form = readRegistrationForm(request.body);
  const checked = checkRegistrationForm(form, { kind, cases: page.cases, correcting: false });
  if (!checked.ok) {
    return sendPage(reply, refusedFields, newRegistrationPage(page, kind, form, checked.errors));
  }
  const added = await addRegistration(deps, web.actor, 'web', context.value.citizen.cpr, checked.input);
  if (!added.ok) {
    const errors = [refusalAt(added.error, registrationFields)];
    return sendPage(reply, statusOf(added.error), newRegistrationPage(page, kind, form, errors));
  }
  const list = `${newRegistrationPath(context.value.citizen.id)}?gemt=1#gaeldende-registreringer`;
  return reply.redirect(returnTo(page.origin, 'registreringer', list), 303);
}

/** The standing registration the address names, when it is one of the citizen's. */
async function standingRegistration(
  deps: Deps,
  request: FastifyRequest,
): Promise<Result<{ context: RegistrationContext; view: RegistrationView }>> {
  const context = await registrationContext(deps, request);
  if (!context.ok) return context;
  const id = requestText(request.params, 'registrering');
  const view = uuidPattern.test(id)
    ? (await standingOf(deps, context.value)).find((row) => row.id === id)
    : undefined;
  if (view === undefined) {
    return {
      ok: false,
      error: {
        code: 'ikke-fundet',
        message: 'Registreringen findes ikke, eller den er allerede rettet',
        field: 'registrering',
      },
    };
  }
  return ok({ context: context.value, view });
}

async function correct(deps: Deps, request: FastifyRequest, reply: FastifyReply, post: boolean) {
  const web = requireWebActor(request);
  const found = await standingRegistration(deps, request);
  if (!found.ok) return sendNotFound(reply, web, found.error);
  const { context, view } = found.value;
  const { page } = context;
  if (!post) {
    return sendPage(reply, 200, correctRegistrationPage(page, view, formOfRegistration(view), []));
  }
  const form = { ...readRegistrationForm(request.body), art: view.kind };
  const checked = checkRegistrationForm(form, { kind: view.kind, cases: page.cases, correcting: true });
  if (!checked.ok) {
    return sendPage(reply, refusedFields, correctRegistrationPage(page, view, form, checked.errors));
  }
  const corrected = await correctRegistration(deps, web.actor, 'web', view.id, checked.input);
  if (!corrected.ok) {
    const errors = [refusalAt(corrected.error, registrationFields)];
    return sendPage(reply, statusOf(corrected.error), correctRegistrationPage(page, view, form, errors));
  }
  const list = `${newRegistrationPath(context.citizen.id)}?gemt=1#gaeldende-registreringer`;
  return reply.redirect(returnTo(page.origin, 'registreringer', list), 303);
}

async function end(deps: Deps, request: FastifyRequest, reply: FastifyReply, post: boolean) {
  const web = requireWebActor(request);
  const found = await standingRegistration(deps, request);
  if (!found.ok) return sendNotFound(reply, web, found.error);
  const { context, view } = found.value;
  const { page } = context;
  if (!post) {
    return sendPage(reply, 200, endRegistrationPage(page, view, { til: '', begrundelse: '' }, []));
  }
  const form = readEndRegistrationForm(request.body);
  const checked = checkEndRegistrationForm(view, form);
  if (!checked.ok) {
    return sendPage(reply, refusedFields, endRegistrationPage(page, view, form, checked.errors));
  }
  const ended = await endRegistration(deps, web.actor, 'web', view.id, checked.input);
  if (!ended.ok) {
    const errors = [refusalAt(ended.error, endRegistrationFields)];
    return sendPage(reply, statusOf(ended.error), endRegistrationPage(page, view, form, errors));
  }
  const list = `${newRegistrationPath(context.citizen.id)}?gemt=1#gaeldende-registreringer`;
  return reply.redirect(returnTo(page.origin, 'registreringer', list), 303);
}

// Journalnotater og dokumenter

/** The case page again, with the journal forms as posted and their errors (404 when it is not to be seen). */
async function showCaseWith(
  deps: Deps,
  web: WebActor,
  caseId: string,
  reply: FastifyReply,
  status: number,
  journal: JournalFormState,
) {
  const found = await getCaseDetails(deps, web.actor, 'web', caseId);
  if (!found.ok) return sendPage(reply, 404, notFoundPage(web, 'Sagen findes ikke.'));
  return sendPage(reply, status, casePage({ web, details: found.value, knownAtInput: '', journal }));
}

async function writeNote(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const web = requireWebActor(request);
  const caseId = requestText(request.params, 'id');
  const form = readNoteForm(request.body);
  const state = (errors: readonly FieldError[]) => ({ ...emptyJournalForms, note: form, errors });
  const checked = checkNoteForm(form);
  if (!checked.ok) return showCaseWith(deps, web, caseId, reply, refusedFields, state(checked.errors));
  const written = await addJournalNote(deps, web.actor, 'web', caseId, checked.input);
  if (!written.ok) {
    if (written.error.code === 'ikke-fundet')
      return sendPage(reply, 404, notFoundPage(web, 'Sagen findes ikke.'));
    const errors = [refusalAt(written.error, noteFields)];
    return showCaseWith(deps, web, caseId, reply, statusOf(written.error), state(errors));
  }
  return reply.redirect(`${casePath(caseId)}#journalnotater`, 303);
}

async function addDocument(deps: Deps, request: FastifyRequest, reply: FastifyReply) {
  const web = requireWebActor(request);
  const caseId = requestText(request.params, 'id');
  const form = readDocumentForm(request.body);
  const state = (errors: readonly FieldError[]) => ({
    ...emptyJournalForms,
    document: { navn: form.navn },
    errors,
  });
  const checked = checkDocumentForm(form);
  if (!checked.ok) return showCaseWith(deps, web, caseId, reply, refusedFields, state(checked.errors));
  const added = await addCaseDocument(deps, web.actor, 'web', caseId, checked.input);
  if (!added.ok) {
    if (added.error.code === 'ikke-fundet')
      return sendPage(reply, 404, notFoundPage(web, 'Sagen findes ikke.'));
    const errors = [refusalAt(added.error, documentFields)];
    return showCaseWith(deps, web, caseId, reply, statusOf(added.error), state(errors));
  }
  return reply.redirect(`${casePath(caseId)}#dokumenter`, 303);
}

/** A document's form may carry the largest document and the form around it; more is refused (413). */
const documentBodyLimit = maxDocumentBytes + 1024 * 1024;

/** The case-side forms' plugin; registered in src/platform/system.ts. */
export const caseFormPages: AppPlugin = async (app, { deps }) => {
  await app.register(fastifyFormbody);
  acceptMultipart(app, documentBodyLimit);
  app.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));
  const options = { schema: { hide: true }, config: { access: 'sagsbehandling' as const } };
  const both = (
    url: string,
    handler: (deps: Deps, r: FastifyRequest, s: FastifyReply, post: boolean) => unknown,
  ) => {
    app.get(url, options, (request, reply) => handler(deps, request, reply, false));
    app.post(url, options, (request, reply) => handler(deps, request, reply, true));
  };
  both('/borgere/:id/sager/ny', newCase);
  both('/borgere/:id/traek/ny', newDeduction);
  both('/borgere/:id/registreringer/ny', newRegistration);
  both('/borgere/:id/registreringer/:registrering/ret', correct);
  both('/borgere/:id/registreringer/:registrering/afslut', end);
  app.post('/sager/:id/journalnotater', options, (request, reply) => writeNote(deps, request, reply));
  app.post('/sager/:id/dokumenter', { ...options, bodyLimit: documentBodyLimit }, (request, reply) =>
    addDocument(deps, request, reply),
  );
};
