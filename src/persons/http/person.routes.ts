/** /api/persons: register and read citizens. The zod schemas check shape; the use case checks meaning. */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boundedText, localDate } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { actorFromRequest } from '../../platform/http/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import { createPerson } from '../create-person.ts';
import { getPerson } from '../get-person.ts';
import { listPersonEvents } from '../list-person-events.ts';
import { civilStatuses } from '../domain/person.ts';
import { personView } from '../person-view.ts';

const date = z.string().max(10).describe('YYYY-MM-DD, år 1900-2200');
const period = z.strictObject({ from: date, to: date.nullable().optional() });

const residenceSchema = z.strictObject({
  municipality: z.string().optional().describe('Kommunekode, 3 eller 4 cifre'),
  abroad: z.string().optional().describe('ISO 3166-1 alpha-2 landekode ved bopæl i udlandet'),
  from: date,
});

export const newPersonSchema = z.strictObject({
  cpr: z.string().describe('DDMMYY-SSSS, bindestreg valgfri'),
  name: boundedText('name').describe('Navnet, højst 200 tegn'),
  residence: z.array(residenceSchema).min(1).describe('Ældste først; hver gælder til den næste'),
  civilStatus: z.enum(civilStatuses).optional(),
  spouse: z.string().nullable().optional(),
  cprSubscription: z.boolean().optional(),
  healthCard: z.boolean().optional(),
  institutionStays: z.array(period).optional(),
  administration: z.array(period.extend({ municipality: z.string() })).optional(),
});

const residenceView = z.union([
  z.object({ municipality: z.string(), municipalityName: z.string() }),
  z.object({ abroad: z.string() }),
]);
/** The person as the API shows it (PersonView); the overview extends it. */
export const personViewSchema = z.object({
  id: z.string(),
  cpr: z.string(),
  name: z.string(),
  civilStatus: z.string(),
  spouse: z.string().nullable(),
  cprSubscription: z.boolean(),
  healthCard: z.boolean(),
  currentResidence: residenceView.nullable(),
  residence: z.array(z.intersection(residenceView, z.object({ from: z.string() }))),
  institutionStays: z.array(z.object({ from: z.string(), to: z.string().nullable() })),
  administration: z.array(
    z.object({ municipality: z.string(), from: z.string(), to: z.string().nullable() }),
  ),
});

export const personRoutes: AppPlugin = (instance, { deps }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/persons',
    {
      config: { access: 'opret-borger' },
      schema: {
        tags: ['borgere'],
        summary: 'Opret en borger, som CPR kender borgeren',
        body: newPersonSchema,
        response: { 201: personViewSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const created = await createPerson(deps, actor.value, 'api', request.body);
      if (!created.ok) return sendProblem(reply, problemFor(created.error));
      return reply.status(201).send(personView(created.value, localDate(deps.clock.now())));
    },
  );

  app.get(
    '/api/persons/:cpr',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: ['borgere'],
        summary: 'Læs en borger (opslaget logges)',
        params: z.object({ cpr: z.string() }),
        querystring: z.object({ formaal: boundedText('line').min(1).max(200).default('sagsbehandling') }),
        response: { 200: personViewSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const found = await getPerson(deps, actor.value, 'api', request.params.cpr, request.query.formaal);
      if (!found.ok) return sendProblem(reply, problemFor(found.error));
      return personView(found.value, localDate(deps.clock.now()));
    },
  );
  app.get(
    '/api/persons/:cpr/events',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: ['borgere'],
        summary: 'Borgerens hændelser, ældste først (opslaget logges)',
        params: z.object({ cpr: z.string() }),
        querystring: z.object({ formaal: boundedText('line').min(1).max(200).default('sagsbehandling') }),
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              type: z.string(),
              occurredAt: z.string(),
              municipality: z.string().nullable(),
              actor: z.string(),
              data: z.record(z.string(), z.unknown()),
            }),
          ),
        },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const found = await listPersonEvents(
        deps,
        actor.value,
        'api',
        request.params.cpr,
        request.query.formaal,
      );
      if (!found.ok) return sendProblem(reply, problemFor(found.error));
      return found.value.map((event) => ({
        ...event,
        occurredAt: event.occurredAt.toString(),
        data: { ...event.data },
      }));
    },
  );
  return Promise.resolve();
};
