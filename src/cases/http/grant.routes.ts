/**
 * The routes of a case's grants and of a person's registrations:
 *
 * - GET /api/persons/{cpr}/cases: the person's cases with every grant row (history included);
 * - POST /api/cases/{id}/grants, /grants/{grantId}/change, /grants/{grantId}/end and /reject: grant,
 *   change, end and reject, each sent with the case's `version`; a stale version is 409 `konflikt` with
 *   the case as it is now in `details.case`;
 * - GET and POST /api/persons/{cpr}/registrations (`?kendtPr=` gives them as known at an instant), and
 *   POST /api/registrations/{id}/correct and /end.
 *
 * The zod schemas check shape; the use cases check meaning. Refusals are problem+json naming the field.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boundedText, type DomainError } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { actorFromRequest } from '../../platform/http/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import { benefitTypes, caseStatuses } from '../domain/case.ts';
import { benefitFamilies } from '../domain/lifecycle.ts';
import { civilStatuses, registrationKinds } from '../domain/registration.ts';
import { changeGrant, endGrant, grantCase, listCasesWithGrants, rejectCase } from '../grants.ts';
import {
  addRegistration,
  correctRegistration,
  endRegistration,
  listRegistrations,
} from '../registrations.ts';

const TAG = 'sager';
const cprParams = z.object({ cpr: z.string().describe('DDMMYY-SSSS, bindestreg valgfri') });
const caseParams = z.object({ id: z.string().describe('Sagens id (UUID)') });
const grantParams = z.object({
  id: z.string().describe('Sagens id (UUID)'),
  grantId: z.string().describe('Bevillingens id (UUID): den gældende række'),
});
const registrationParams = z.object({
  id: z.string().describe('Registreringens id (UUID): den gældende række'),
});

const date = z.string().max(10).describe('YYYY-MM-DD, år 1900-2200');
const amount = z.string().max(20).describe('Kroner med punktum og højst to decimaler, fx 1234.56');
const reason = boundedText('text').describe('Begrundelsen (dansk tekst), højst 4000 tegn');
const version = z.number().int().describe('Sagens version, som sagsbehandleren så den');
const instant = z.string().describe('ISO 8601-tidspunkt i UTC');

export const grantViewSchema = z.object({
  id: z.string(),
  from: z.string().describe('Første dag'),
  to: z.string().nullable().describe('Sidste dag (med); null: løbende'),
  decidedOn: z.string().describe('Afgørelsens dato'),
  decidedBy: z.string().describe('Hvem der traf afgørelsen (bruger:sb101@101)'),
  reason: z.string().describe('Begrundelsen'),
  replaces: z.string().nullable().describe('Den række, denne ændrede; null for en ny bevilling'),
  recordedAt: instant,
  supersededAt: instant.nullable().describe('Hvornår en ændring afløste rækken; null mens den gælder'),
  supersededBy: z.string().nullable(),
});

export const caseViewSchema = z.object({
  id: z.string(),
  benefit: z.enum(benefitTypes),
  family: z.enum(benefitFamilies).describe('Ydelsesfamilien: htf for kontanthjælp m.fl.'),
  municipality: z.string(),
  status: z.enum(caseStatuses),
  category: z.string().nullable(),
  monthly: z.string().nullable().describe('Det indtastede månedlige beløb (kroner)'),
  closedReason: z.string().nullable(),
  version: z.number().int().describe('Sendes med den næste handling på sagen'),
  grants: z
    .array(grantViewSchema)
    .readonly()
    .describe('Alle sagens bevillingsrækker, også de afløste, i rækkefølge'),
});

export const grantBodySchema = z.strictObject({
  version,
  from: date.describe('Bevillingens første dag'),
  to: date.nullable().optional().describe('Sidste dag (med); null eller udeladt: løbende'),
  decidedOn: date.nullable().optional().describe('Afgørelsens dato; udeladt: i dag'),
  reason,
});

export const endGrantBodySchema = z.strictObject({
  version,
  to: date.describe('Bevillingens sidste dag (med)'),
  decidedOn: date.nullable().optional().describe('Afgørelsens dato; udeladt: i dag'),
  reason,
});

export const rejectBodySchema = z.strictObject({ version, reason });

export const registrationBodySchema = z.strictObject({
  kind: z.enum(registrationKinds).describe('Registreringens art'),
  from: date.describe('Gælder fra (med)'),
  to: date.nullable().optional().describe('Gælder til (med); null eller udeladt: løbende'),
  case: z.string().max(36).nullable().optional().describe('Sagen (UUID); kun for bevilget-beloeb'),
  birthDate: date.nullable().optional().describe('barn: fødselsdatoen'),
  civilStatus: z.enum(civilStatuses).nullable().optional().describe('civilstand'),
  spouseOnBenefit: z.boolean().nullable().optional().describe('civilstand: ægtefælle/samlever på ydelse'),
  activityReady: z.boolean().nullable().optional().describe('tillaeg: visiteret aktivitetsparat'),
  leisureSupplement: z.boolean().nullable().optional().describe('tillaeg: fritidstillæg bevilget'),
  amount: amount
    .nullable()
    .optional()
    .describe('arbejdsindtaegt, aegtefaelle-arbejdsindtaegt: indtægten i måneden'),
  hours: z
    .string()
    .max(10)
    .nullable()
    .optional()
    .describe('arbejdsindtaegt, aegtefaelle-arbejdsindtaegt: timer i måneden, 0-744'),
  monthly: amount
    .nullable()
    .optional()
    .describe('boligudgift, boligstoette (husstandens) eller bevilget-beloeb: beløbet om måneden'),
  adults: z.string().max(10).nullable().optional().describe('boligstoette: voksne i husstanden, 1-20'),
  taxRate: z
    .string()
    .max(10)
    .nullable()
    .optional()
    .describe('skattekort: trækprocenten, 0-100 (fx 38 eller 38,5)'),
  monthlyAllowance: amount.nullable().optional().describe('skattekort: månedsfradraget'),
  reason: boundedText('text')
    .nullable()
    .optional()
    .describe('Begrundelsen; skal gives ved rettelse og bevilget-beloeb'),
});

export const endRegistrationBodySchema = z.strictObject({
  to: date.describe('Sidste dag (med)'),
  reason,
});

export const registrationViewSchema = z.object({
  id: z.string(),
  kind: z.enum(registrationKinds),
  case: z.string().nullable(),
  from: z.string(),
  to: z.string().nullable(),
  value: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .describe('Værdien i inputfelternes navne'),
  reason: z.string().nullable(),
  recordedAt: instant,
  recordedBy: z.string(),
  supersededAt: instant.nullable(),
  supersededBy: z.string().nullable(),
});

const grantOutcomeSchema = z.object({
  case: caseViewSchema,
  grant: z.string().describe('Den nye bevillingsrække'),
});

/** Only the acting municipality may act: a refusal without a field lies in the caller's header. */
function actingProblem(error: DomainError): DomainError {
  return error.code === 'ikke-handlekommune' && error.field === undefined ? error : error;
}

export const grantRoutes: AppPlugin = (instance, { deps }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/persons/:cpr/cases',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: [TAG],
        summary: 'Borgerens sager med bevillinger',
        description: 'Hver sag med alle dens bevillingsrækker, også de afløste. Opslaget logges.',
        params: cprParams,
        response: { 200: z.object({ cpr: z.string(), cases: z.array(caseViewSchema) }) },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const found = await listCasesWithGrants(deps, actor.value, 'api', request.params.cpr);
      if (!found.ok) return sendProblem(reply, problemFor(found.error));
      return found.value;
    },
  );

  app.post(
    '/api/cases/:id/grants',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: [TAG],
        summary: 'Bevil sagen en periode',
        description:
          'Sagen bliver bevilget. Afvises, når sagen er lukket (sagen-er-lukket), når perioden overlapper en ' +
          'anden bevilling i samme ydelsesfamilie for borgeren (overlappende-bevilling), og når versionen ' +
          'er forældet (409 konflikt, med sagen i details.case).',
        params: caseParams,
        body: grantBodySchema,
        response: { 201: grantOutcomeSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await grantCase(deps, actor.value, 'api', request.params.id, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return reply.status(201).send(done.value);
    },
  );

  app.post(
    '/api/cases/:id/grants/:grantId/change',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: [TAG],
        summary: 'Ændr en bevillings periode',
        description:
          'Den gældende række afløses af en ny med den nye periode og begrundelsen; historikken bevares.',
        params: grantParams,
        body: grantBodySchema,
        response: { 200: grantOutcomeSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const { id, grantId } = request.params;
      const done = await changeGrant(deps, actor.value, 'api', id, grantId, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return done.value;
    },
  );

  app.post(
    '/api/cases/:id/grants/:grantId/end',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: [TAG],
        summary: 'Afslut en bevilling',
        description:
          'Bevillingen slutter på dagen (ikke før dens første dag: ugyldig-periode). Er ingen af sagens ' +
          'bevillinger løbende bagefter, bliver sagen afsluttet.',
        params: grantParams,
        body: endGrantBodySchema,
        response: { 200: grantOutcomeSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const { id, grantId } = request.params;
      const done = await endGrant(deps, actor.value, 'api', id, grantId, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return done.value;
    },
  );

  app.post(
    '/api/cases/:id/reject',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: [TAG],
        summary: 'Afvis en sag under oplysning',
        params: caseParams,
        body: rejectBodySchema,
        response: { 200: caseViewSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await rejectCase(deps, actor.value, 'api', request.params.id, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return done.value;
    },
  );

  app.get(
    '/api/persons/:cpr/registrations',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: [TAG],
        summary: 'Borgerens registreringer, som de kendes nu eller på et tidspunkt',
        description:
          'Uden kendtPr: de gældende rækker. Med kendtPr: rækkerne, der var registreret og endnu ikke ' +
          'rettet på tidspunktet. Opslaget logges.',
        params: cprParams,
        querystring: z.object({
          kendtPr: z
            .string()
            .max(40)
            .optional()
            .describe(
              'Tidspunktet: ISO 8601 med zone (2025-05-05T07:00:00Z) eller dansk tid (2025-05-05T09:00)',
            ),
        }),
        response: {
          200: z.object({
            cpr: z.string(),
            knownAt: instant,
            registrations: z.array(registrationViewSchema),
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const found = await listRegistrations(
        deps,
        actor.value,
        'api',
        request.params.cpr,
        request.query.kendtPr,
      );
      if (!found.ok) return sendProblem(reply, problemFor(found.error));
      return found.value;
    },
  );

  app.post(
    '/api/persons/:cpr/registrations',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: [TAG],
        summary: 'Registrér en dateret oplysning om borgeren',
        description: 'Kun handlekommunen kan registrere. Felterne efter arten, se decide-registration.ts.',
        params: cprParams,
        body: registrationBodySchema,
        response: { 201: registrationViewSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await addRegistration(deps, actor.value, 'api', request.params.cpr, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return reply.status(201).send(done.value);
    },
  );

  app.post(
    '/api/registrations/:id/correct',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: [TAG],
        summary: 'Ret en registrering',
        description:
          'Den gældende række afløses af den rettede i samme transaktion; samme art, og en begrundelse. ' +
          'En række, der allerede er rettet, giver 409 konflikt.',
        params: registrationParams,
        body: registrationBodySchema,
        response: { 200: registrationViewSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await correctRegistration(deps, actor.value, 'api', request.params.id, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return done.value;
    },
  );

  app.post(
    '/api/registrations/:id/end',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: [TAG],
        summary: 'Afslut en registrering (som en rettelse)',
        params: registrationParams,
        body: endRegistrationBodySchema,
        response: { 200: registrationViewSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await endRegistration(deps, actor.value, 'api', request.params.id, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return done.value;
    },
  );
  return Promise.resolve();
};
