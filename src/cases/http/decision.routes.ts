/**
 * Hearings (partshøringer) and decisions (afgørelser) on a case (docs/decisions/0022-decisions.md):
 * - POST /api/cases/{id}/hearings: a hearing sent on an intended adverse effect, with its deadline;
 * - POST /api/hearings/{id}/answer: the citizen's answer;
 * - POST /api/cases/{id}/decisions/repayment-claims: the decision that makes proposed repayment claims
 *   claims, after a hearing answered or run out, or with a legal exception.
 * Only the acting municipality; problem+json naming the field on every refusal, and nothing changed.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boundedText, type DomainError } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { actorFromRequest } from '../../platform/http/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import { answerHearing, decideRepaymentClaims, decideSanctionOnCase, startHearing } from '../decisions.ts';
import { adverseEffects } from '../domain/decision.ts';
import { sanctionDecisionKinds } from '../domain/sanction.ts';

const date = z.string().max(10).describe('ÅÅÅÅ-MM-DD');
const text = boundedText('text');
const version = z
  .number()
  .int()
  .optional()
  .describe('Sagens version; afvises (konflikt), hvis sagen er ændret');

const hearingSchema = z.object({
  id: z.string(),
  case: z.string(),
  effect: z.enum(adverseEffects),
  intended: z.string(),
  sentOn: date,
  deadline: date,
  answeredOn: date.nullable(),
  answer: z.string().nullable(),
});

export const hearingBodySchema = z.strictObject({
  effect: z.enum(adverseEffects).describe('Den påtænkte virkning'),
  intended: text.describe('Hvad kommunen påtænker at afgøre, og på hvilket grundlag'),
  sentOn: date.describe('Dagen partshøringen er sendt'),
  deadline: date.describe(`Borgerens frist (mindst 7 dage efter)`),
  version,
});

export const answerBodySchema = z.strictObject({
  answeredOn: date.describe('Dagen svaret er modtaget'),
  answer: text.describe('Hvad borgeren svarede'),
});

export const claimDecisionBodySchema = z.strictObject({
  claims: z.array(z.string().max(36)).max(500).describe('De foreslåede krav, afgørelsen gør til krav'),
  reasons: text.describe('Begrundelsen'),
  legalBasis: text.describe('Reglerne, afgørelsen bygger på (fx aktivloven § 91)'),
  decidedOn: date.describe('Afgørelsens dato'),
  hearing: z.string().max(36).nullable().optional().describe('Partshøringen, afgørelsen følger'),
  exceptionBasis: text
    .nullable()
    .optional()
    .describe('Uden partshøring: hjemlen (forvaltningslovens § 19, stk. 2)'),
  exceptionReason: text.nullable().optional().describe('Uden partshøring: hvorfor'),
  version,
});

export const sanctionDecisionBodySchema = z.strictObject({
  kind: z
    .enum(sanctionDecisionKinds)
    .describe(
      'fradrag-dage (udeblivelse), nedsaettelse-sats eller ophoer (bevillingen ophører fra hændelsen)',
    ),
  omissionOn: date.describe('Dagen borgeren uden rimelig grund ikke opfyldte sine pligter'),
  days: z.string().max(3).nullable().optional().describe('fradrag-dage: dage i måneden'),
  reasons: text.describe('Begrundelsen'),
  legalBasis: text.describe('Reglerne, afgørelsen bygger på (fx aktivloven § 36)'),
  decidedOn: date.describe('Afgørelsens dato'),
  hearing: z.string().max(36).nullable().optional().describe('Partshøringen, afgørelsen følger'),
  exceptionBasis: text.nullable().optional().describe('Uden partshøring: hjemlen'),
  exceptionReason: text.nullable().optional().describe('Uden partshøring: hvorfor'),
  version,
});

const sanctionDecisionSchema = z.object({
  decision: z.string(),
  sanction: z.string().nullable().describe('Sanktionen; null ved ophør'),
  case: z.string(),
  kind: z.string(),
  omissionOn: date,
  month: z.string(),
  amount: z.string().nullable(),
  lastRunMonth: z.string().nullable().describe('Den sidste kørsel, der må gennemføre sanktionen'),
  endedOn: date.nullable().describe('Ved ophør: bevillingens sidste dag'),
  steps: z.array(z.object({ text: z.string(), amount: z.string() })).readonly(),
  complaintGuidance: z.string(),
});

const claimDecisionSchema = z.object({
  decision: z.string(),
  case: z.string(),
  decidedOn: date,
  claims: z.array(z.object({ id: z.string(), month: z.string(), amount: z.string() })).readonly(),
  amount: z.string(),
  complaintGuidance: z.string(),
});

function actingProblem(error: DomainError): DomainError {
  return error.code === 'ikke-handlekommune' && error.field === undefined ? error : error;
}

export const decisionRoutes: AppPlugin = (instance, { deps }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/cases/:id/hearings',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: ['sager'],
        summary: 'Registrér en partshøring på sagen',
        description:
          'Kommunen hører borgeren, før den træffer en afgørelse med en ugunstig virkning (forvaltningslovens ' +
          '§ 19). Fejl: ugyldigt-input, ugyldig-dato, for-kort-hoeringsfrist, ikke-handlekommune, konflikt.',
        params: z.object({ id: z.string().describe('Sagens id (UUID)') }),
        body: hearingBodySchema,
        response: { 201: hearingSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await startHearing(deps, actor.value, 'api', request.params.id, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return reply.status(201).send(done.value);
    },
  );
  app.post(
    '/api/hearings/:id/answer',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: ['sager'],
        summary: 'Registrér borgerens svar på en partshøring',
        description:
          'Fejl: ugyldigt-input, ugyldig-dato, allerede-besvaret, ikke-fundet, ikke-handlekommune.',
        params: z.object({ id: z.string().describe('Partshøringens id (UUID)') }),
        body: answerBodySchema,
        response: { 200: hearingSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await answerHearing(deps, actor.value, 'api', request.params.id, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return reply.status(200).send(done.value);
    },
  );
  app.post(
    '/api/cases/:id/decisions/repayment-claims',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: ['sager'],
        summary: 'Træf afgørelse om foreslåede tilbagebetalingskrav',
        description:
          'Gør foreslåede krav til krav. Kræver en partshøring om tilbagebetaling på sagen, som er besvaret ' +
          'eller hvis frist er udløbet, eller en undtagelse med hjemmel og begrundelse. Afgørelsen får ' +
          'klagevejledning. Intet trækkes endnu. Fejl: afgoerelse-uden-partshoering, ' +
          'hoeringsfrist-ikke-udloebet, ikke-fundet, ugyldigt-input, ugyldig-dato, ikke-handlekommune, konflikt.',
        params: z.object({ id: z.string().describe('Sagens id (UUID)') }),
        body: claimDecisionBodySchema,
        response: { 201: claimDecisionSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await decideRepaymentClaims(deps, actor.value, 'api', request.params.id, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return reply.status(201).send(done.value);
    },
  );
  app.post(
    '/api/cases/:id/decisions/sanctions',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: ['sager'],
        summary: 'Træf afgørelse om en sanktion',
        description:
          'En sanktion (aktivloven §§ 35-40 a) af hjælpen til forsørgelse: fradrag for dage eller nedsættelse ' +
          'med sanktionssatsen. Kræver skriftlig vejledning før hændelsen, afgørelse senest i 3. hele ' +
          'kalendermåned efter den, og en partshøring om sanktion (besvaret eller med udløbet frist) eller ' +
          'en undtagelse. Næste kørsel trækker den, højst hvad der er tilbage. Fejl: ' +
          'sanktion-uden-vejledning, sanktion-for-sen, afgoerelse-uden-partshoering, ' +
          'hoeringsfrist-ikke-udloebet, sats-mangler, ugyldigt-input, ugyldig-dato, ikke-handlekommune.',
        params: z.object({ id: z.string().describe('Sagens id (UUID)') }),
        body: sanctionDecisionBodySchema,
        response: { 201: sanctionDecisionSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await decideSanctionOnCase(deps, actor.value, 'api', request.params.id, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return reply.status(201).send(done.value);
    },
  );
  return Promise.resolve();
};
