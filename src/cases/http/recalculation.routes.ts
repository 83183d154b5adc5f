/**
 * POST /api/cases/{id}/recalculate: recalculation (genberegning) of the case's months already paid
 * (docs/decisions/0018-recalculation.md). With `?dryRun=true` the per-month table as approval would find it,
 * changing nothing (any caseworker); without, approval by the acting municipality: a positive difference
 * is planned as an efterbetaling for the next run, a negative one recorded as a proposed repayment claim.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boundedText, type DomainError } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { actorFromRequest } from '../../platform/http/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import { approveRecalculation, previewRecalculation } from '../recalculate.ts';

const month = z.string().max(7).describe('ÅÅÅÅ-MM');
const kroner = z.string().describe('Kroner med punktum, fx 1234.56');

export const recalculationBodySchema = z.strictObject({
  fra: month.nullable().optional().describe('Første måned; udeladt: den første udbetalte'),
  til: month.nullable().optional().describe('Sidste måned; udeladt: den sidste udbetalte'),
  begrundelse: boundedText('text').nullable().optional().describe('Hvorfor der genberegnes'),
  version: z.number().int().optional().describe('Sagens version; afvises (konflikt), hvis sagen er ændret'),
});

const monthSchema = z.object({
  month,
  paid: kroner.describe('Hvad måneden har fået: beregnet + afventende efterbetaling − foreslået krav'),
  computed: kroner.describe('Hvad kørslerne har beregnet for måneden (udbetalt eller til udbetaling)'),
  pending: kroner.describe('Efterbetaling planlagt til en kommende kørsel'),
  claimed: kroner.describe('Foreslået tilbagebetalingskrav'),
  recomputed: kroner.nullable().describe('Måneden genberegnet nu; null: kan ikke beregnes'),
  difference: kroner.nullable().describe('Genberegnet − udbetalt'),
  explanation: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('Forklaringen på det genberegnede beløb'),
  missing: z.object({ code: z.string(), message: z.string() }).nullable(),
});

const viewSchema = z.object({
  case: z.string(),
  from: month,
  to: month,
  nextRun: month.describe('Kørslen, der udbetaler en efterbetaling'),
  months: z.array(monthSchema).readonly(),
  totals: z.object({ paid: kroner, recomputed: kroner, difference: kroner }),
  computable: z.boolean().describe('false: en sats mangler for en måned, og godkendelse afvises'),
});

const outcomeSchema = viewSchema.extend({
  recalculation: z.string().describe('Genberegningens id'),
  lines: z.array(z.object({ month, runMonth: month, amount: kroner, was: kroner })).readonly(),
  claims: z.array(z.object({ id: z.string(), month, amount: kroner })).readonly(),
  events: z.array(z.string()).readonly(),
});

function actingProblem(error: DomainError): DomainError {
  return error.code === 'ikke-handlekommune' && error.field === undefined ? error : error;
}

export const recalculationRoutes: AppPlugin = (instance, { deps }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/cases/:id/recalculate',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: ['sager'],
        summary: 'Genberegn sagens udbetalte måneder',
        description:
          'Hver udbetalt måned beregnes igen med registreringerne, som de kendes nu, og månedens regler og ' +
          'satser. Med dryRun=true vises forskellen pr. måned uden at noget ændres. Uden godkendes den: en ' +
          'positiv forskel efterbetales ved næste kørsel, en negativ registreres som et foreslået ' +
          'tilbagebetalingskrav, der ikke trækkes. Fejl: ingen-udbetaling, ugyldig-periode, ugyldig-dato, ' +
          'sats-mangler, ikke-handlekommune, konflikt.',
        params: z.object({ id: z.string().describe('Sagens id (UUID)') }),
        querystring: z.object({
          dryRun: z.enum(['true', 'false']).optional().describe('true: vis kun forskellen'),
        }),
        body: recalculationBodySchema.optional(),
        response: { 200: viewSchema, 201: outcomeSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const body = request.body ?? {};
      if (request.query.dryRun === 'true') {
        const shown = await previewRecalculation(deps, actor.value, 'api', request.params.id, body);
        if (!shown.ok) return sendProblem(reply, problemFor(shown.error));
        return reply.status(200).send(shown.value);
      }
      const done = await approveRecalculation(deps, actor.value, 'api', request.params.id, body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return reply.status(201).send(done.value);
    },
  );
  return Promise.resolve();
};
