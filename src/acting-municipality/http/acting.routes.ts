/**
 * /api/persons/{cpr}/...: the acting municipality's processes (Bestem handlekommune manuelt, Registrer
 * fraflytning) and the person overview with its focused views. The zod schemas check shape; the use cases
 * check meaning and who may act.
 */
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boundedText, localDate, type DomainError, type Result } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { actorFromRequest } from '../../platform/http/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import type { Deps } from '../../platform/use-case.ts';
import { determineActingManually } from '../determine-acting-manually.ts';
import { manualInput } from '../domain/task-types.ts';
import { getPersonOverview, type PersonOverview } from '../get-person-overview.ts';
import { registerMoveOut } from '../register-move-out.ts';
import {
  actingView,
  actingViewSchema,
  overviewView,
  overviewViewSchema,
  paymentsView,
  paymentsViewSchema,
  tasksView,
  tasksViewSchema,
} from './overview-view.ts';

const date = z.string().max(10).describe('YYYY-MM-DD, år 1900-2200');

/** The process's input is the first step's input of its task type. */
export const manualActingSchema = manualInput;

export const moveOutSchema = z.strictObject({
  municipality: z.string().optional().describe('Tilflytningskommunen (kommunekode)'),
  abroad: z.string().optional().describe('ISO 3166-1 alpha-2 landekode ved udrejse'),
  date: date.describe('Flyttedatoen'),
});

const params = z.object({ cpr: z.string().describe('DDMMYY-SSSS, bindestreg valgfri') });
const purpose = z.object({
  formaal: boundedText('line')
    .min(1)
    .max(200)
    .default('sagsbehandling')
    .describe('Formålet med opslaget (adgangslog)'),
});

/** Only the acting municipality may act: the fault then lies in the caller's municipality header. */
function actingProblem(error: DomainError): DomainError {
  return error.code === 'ikke-handlekommune' && error.field === undefined ? error : error;
}

type OverviewRequest = FastifyRequest<{ Params: { cpr: string }; Querystring: { formaal: string } }>;

/** Reads the overview for a request as the caller in its headers. */
async function readOverview(deps: Deps, request: OverviewRequest): Promise<Result<PersonOverview>> {
  const actor = actorFromRequest(request);
  if (!actor.ok) return actor;
  return getPersonOverview(deps, actor.value, 'api', request.params.cpr, request.query.formaal);
}

export const actingRoutes: AppPlugin = (instance, { deps }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/persons/:cpr/manual-acting',
    {
      config: { access: 'bestem-handlekommune' },
      schema: {
        tags: ['handlekommune'],
        summary: 'Bestem handlekommune manuelt: opret, rediger, stands eller fortryd',
        description:
          'Kun en sagsbehandler i den aktuelle handlekommune kan handle. Ændringen får virkning ved ' +
          'kørslen kl. 04:00 (effectiveFrom). En handlekommuneaftale kræver både aftale og samtykke.',
        params,
        body: manualActingSchema,
        response: {
          200: z.object({
            manualPeriod: z.string().describe('Id på den manuelle periode'),
            effectiveFrom: date.describe('Datoen, hvor kørslen kl. 04:00 sætter ændringen i kraft'),
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await determineActingManually(deps, actor.value, 'api', request.params.cpr, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return done.value;
    },
  );

  app.post(
    '/api/persons/:cpr/move-out',
    {
      config: { access: 'registrer-fraflytning' },
      schema: {
        tags: ['handlekommune'],
        summary: 'Registrer fraflytning (startet manuelt, for borgere uden CPR-abonnement)',
        description:
          'Kun handlekommunen kan registrere fraflytningen. Flytningen effektueres af kørslen kl. 04:00 ' +
          'på flyttedatoen, eller den næste kørsel for en dato, der er passeret.',
        params,
        body: moveOutSchema,
        response: {
          200: z.object({
            expectedDate: date.describe('Datoen, hvor kørslen kl. 04:00 effektuerer flytningen'),
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await registerMoveOut(deps, actor.value, 'api', request.params.cpr, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return done.value;
    },
  );

  const read = { params, querystring: purpose };

  app.get(
    '/api/persons/:cpr/overview',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: ['personoverblik'],
        summary: 'Personoverblik: borgeren, handlekommune, sager, træk, linjer, opgaver og hændelser',
        description: 'Opslaget logges i adgangsloggen.',
        ...read,
        response: { 200: overviewViewSchema },
      },
    },
    async (request, reply) => {
      const overview = await readOverview(deps, request);
      if (!overview.ok) return sendProblem(reply, problemFor(overview.error));
      return overviewView(overview.value, localDate(deps.clock.now()));
    },
  );

  app.get(
    '/api/persons/:cpr/acting-municipality',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: ['personoverblik'],
        summary: 'Handlekommunen nu og dens historik',
        description: 'Opslaget logges i adgangsloggen.',
        ...read,
        response: { 200: actingViewSchema },
      },
    },
    async (request, reply) => {
      const overview = await readOverview(deps, request);
      if (!overview.ok) return sendProblem(reply, problemFor(overview.error));
      return actingView(overview.value);
    },
  );

  app.get(
    '/api/persons/:cpr/tasks',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: ['personoverblik'],
        summary: 'Borgerens opgaver, åbne og lukkede',
        description: 'Opslaget logges i adgangsloggen.',
        ...read,
        response: { 200: tasksViewSchema },
      },
    },
    async (request, reply) => {
      const overview = await readOverview(deps, request);
      if (!overview.ok) return sendProblem(reply, problemFor(overview.error));
      return tasksView(overview.value);
    },
  );

  app.get(
    '/api/persons/:cpr/payments',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: ['personoverblik'],
        summary: 'Borgerens udbetalingslinjer og træklinjer',
        description: 'Opslaget logges i adgangsloggen.',
        ...read,
        response: { 200: paymentsViewSchema },
      },
    },
    async (request, reply) => {
      const overview = await readOverview(deps, request);
      if (!overview.ok) return sendProblem(reply, problemFor(overview.error));
      return paymentsView(overview.value);
    },
  );
  return Promise.resolve();
};
