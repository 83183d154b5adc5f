/**
 * The caseworkers' pages for citizens, server-rendered with DKFDS: the forside with the searches by CPR
 * number and by name, the municipality's list of citizens, and "Opret borger". The borgeroverblik they lead to (GET /borgere/{id}) spans every context up to the acting
 * municipality, so it lives in src/acting-municipality/web/. The pages call the same use cases as the API;
 * reads are access-logged with channel `web`. Handlers never throw for bad input: a refusal is shown on the
 * page, and anything unexpected becomes the Danish error page.
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorCodes, localDate } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { sendErrorPage } from '../../platform/web/error-pages.ts';
import { sendPage } from '../../platform/web/layout.ts';
import { requireWebActor, type WebActor } from '../../platform/web/web-actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import { createPerson } from '../create-person.ts';
import { decideNewPerson } from '../domain/decide-new-person.ts';
import { requestText } from '../../platform/web/form.ts';
import { getPerson } from '../get-person.ts';
import { listCitizens } from '../list-citizens.ts';
import { correctPerson } from '../correct-person.ts';
import { findPersonCpr } from '../db/person.repository.ts';
import {
  correctionErrorOf,
  correctPersonPage,
  correctPersonPath,
  formOf,
  readCorrectPersonForm,
  toCorrectPersonInput,
} from './correct-person-form.ts';
import { personCorrectionErrors } from '../domain/decide-person-correction.ts';
import { notFoundPage } from '../../platform/web/error-pages.ts';
import { citizensPage, citizensPath, nameSearchPath } from './citizens-page.ts';
import { frontPage } from './front-page.ts';
import {
  emptyPersonForm,
  fieldErrorOf,
  mergeErrors,
  missingFields,
  personFormPage,
  readPersonForm,
  toNewPersonInput,
} from './person-form.ts';

const searchPurpose = 'cpr-søgning';

/** A citizen's page is addressed by the person's id; the CPR number never goes in an address. */
const personPath = (personId: string): string => `/borgere/${personId}`;

/**
 * POST /borgere/soeg (`cpr` in the form, so the number stays out of the address, the log and the browser's
 * history): on to the citizen's page, or the forside again with the reason.
 */
async function search(deps: Deps, web: WebActor, request: FastifyRequest, reply: FastifyReply) {
  const cpr = requestText(request.body, 'cpr');
  if (cpr.trim() === '') {
    return sendPage(reply, 400, frontPage(web, { cpr, error: 'Indtast et CPR-nummer' }));
  }
  const found = await getPerson(deps, web.actor, 'web', cpr, searchPurpose);
  if (!found.ok) {
    const status = errorCodes[found.error.code].status;
    return sendPage(reply, status, frontPage(web, { cpr, error: found.error.message }));
  }
  return reply.redirect(personPath(found.value.id), 303);
}

/**
 * POST /borgere: creates the citizen through createPerson. Empty required fields are reported together
 * with the first thing the pure decision refuses, without touching the database.
 */
async function create(deps: Deps, web: WebActor, request: FastifyRequest, reply: FastifyReply) {
  const form = readPersonForm(request.body);
  const input = toNewPersonInput(form);
  const missing = missingFields(form);
  if (missing.length > 0) {
    const decided = decideNewPerson(input, localDate(deps.clock.now()));
    const errors = mergeErrors(missing, decided.ok ? [] : [fieldErrorOf(decided.error, form)]);
    return sendPage(reply, 400, personFormPage(web, form, errors));
  }
  const created = await createPerson(deps, web.actor, 'web', input);
  if (!created.ok) {
    const status = errorCodes[created.error.code].status;
    return sendPage(reply, status, personFormPage(web, form, [fieldErrorOf(created.error, form)]));
  }
  return reply.redirect(`${personPath(created.value.id)}?oprettet=1`, 303);
}

/**
 * GET /borgere (`efter` the page's start) and POST /borgere/navnesoeg (`navn`, `efter`): the municipality's
 * citizens, all or those with the text in their name. A refusal is shown at the name field.
 */
async function citizens(deps: Deps, web: WebActor, source: unknown, reply: FastifyReply) {
  const name = requestText(source, 'navn').trim();
  const after = requestText(source, 'efter');
  const found = await listCitizens(deps, web.actor, 'web', { name, after });
  if (!found.ok) {
    const status = errorCodes[found.error.code].status;
    return sendPage(reply, status, citizensPage(web, { name, result: { error: found.error.message } }));
  }
  return sendPage(reply, 200, citizensPage(web, { name, result: { page: found.value } }));
}

/**
 * GET and POST /borgere/{id}/ret: "Ret borgerens oplysninger", as the citizen is registered now; every
 * field's error at once; a success goes back to the overview (303).
 */
async function correct(deps: Deps, web: WebActor, request: FastifyRequest, reply: FastifyReply) {
  const personId = requestText(request.params, 'id');
  const cpr = await findPersonCpr(deps.db, personId);
  const found = await getPerson(deps, web.actor, 'web', cpr ?? '', 'ret-borger');
  if (cpr === undefined || !found.ok) {
    return sendPage(
      reply,
      404,
      notFoundPage(web, 'Borgeren findes ikke, eller du har ikke adgang til borgeren.'),
    );
  }
  const person = found.value;
  if (request.method === 'GET')
    return sendPage(reply, 200, correctPersonPage(web, person, formOf(person), []));
  const form = readCorrectPersonForm(request.body);
  const input = toCorrectPersonInput(form);
  const errors = personCorrectionErrors(person, input).map(correctionErrorOf);
  if (errors.length > 0) return sendPage(reply, 400, correctPersonPage(web, person, form, errors));
  const done = await correctPerson(deps, web.actor, 'web', cpr, input);
  if (!done.ok) {
    const status = errorCodes[done.error.code].status;
    // After a konflikt the form shows the citizen as registered now, with the reason.
    const shown = done.error.code === 'konflikt' ? formOf(person) : form;
    return sendPage(reply, status, correctPersonPage(web, person, shown, [correctionErrorOf(done.error)]));
  }
  const what = done.value.changed.length === 0 ? 'uaendret' : 'rettet';
  return reply.redirect(`${personPath(personId)}?${what}=1`, 303);
}

/** The pages plugin; registered in src/platform/system.ts. */
export const personPages: AppPlugin = async (app, { deps }) => {
  await app.register(fastifyFormbody);
  app.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));

  app.get('/', { schema: { hide: true }, config: { access: 'laes-borger' } }, (request, reply) =>
    sendPage(reply, 200, frontPage(requireWebActor(request), { cpr: '' })),
  );
  app.post('/borgere/soeg', { schema: { hide: true }, config: { access: 'laes-borger' } }, (request, reply) =>
    search(deps, requireWebActor(request), request, reply),
  );
  app.get(citizensPath, { schema: { hide: true }, config: { access: 'laes-borger' } }, (request, reply) =>
    citizens(deps, requireWebActor(request), request.query, reply),
  );
  app.post(nameSearchPath, { schema: { hide: true }, config: { access: 'laes-borger' } }, (request, reply) =>
    citizens(deps, requireWebActor(request), request.body, reply),
  );
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: correctPersonPath(':id'),
      schema: { hide: true },
      config: { access: 'ret-borger' },
      handler: (request, reply) => correct(deps, requireWebActor(request), request, reply),
    });
  }
  app.get('/borgere/ny', { schema: { hide: true }, config: { access: 'opret-borger' } }, (request, reply) =>
    sendPage(reply, 200, personFormPage(requireWebActor(request), emptyPersonForm, [])),
  );
  app.post('/borgere', { schema: { hide: true }, config: { access: 'opret-borger' } }, (request, reply) =>
    create(deps, requireWebActor(request), request, reply),
  );
};
