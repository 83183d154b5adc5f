/**
 * /api/persons/{cpr}/cases and /deductions: register a case with its grant, or a standing deduction. Only
 * the acting municipality may (the use case checks the caller's municipality and the one in the body).
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boundedText } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { actorFromRequest } from '../../platform/http/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import { createCase, createDeduction } from '../create-case.ts';
import { benefitTypes, caseStatuses, deductionKinds } from '../domain/case.ts';
import { grantRoutes } from './grant.routes.ts';
import { decisionRoutes } from './decision.routes.ts';
import { journalRoutes } from './journal.routes.ts';
import { recalculationRoutes } from './recalculation.routes.ts';

const date = z.string().max(10).describe('YYYY-MM-DD, år 1900-2200');
const amount = z
  .string()
  .max(20)
  .describe('Kroner med punktum og højst to decimaler, fx 1234.56; højst 10000000.00 om måneden');

export const newCaseSchema = z.strictObject({
  benefit: z.enum(benefitTypes).describe('Ydelsestypen'),
  municipality: z.string().describe('Kommunen, der bevilger: skal være handlekommunen'),
  status: z.enum(caseStatuses),
  from: date.describe('Bevillingens første dag'),
  to: date.nullable().optional().describe('Bevillingens sidste dag (med); null eller udeladt: løbende'),
  monthly: amount.nullable().optional().describe('Månedligt beløb; udeladt når der ikke udbetales månedligt'),
  category: boundedText('line')
    .nullable()
    .optional()
    .describe('Sats- eller målgruppekategori, højst 500 tegn'),
});

export const newDeductionSchema = z.strictObject({
  kind: z.enum(deductionKinds).describe('Trækkets art'),
  municipality: z.string().describe('Kommunen, der trækker: skal være handlekommunen'),
  monthly: amount.describe('Månedligt træk'),
  from: date,
  to: date.nullable().optional().describe('Sidste dag (med); null eller udeladt: løbende'),
});

const params = z.object({ cpr: z.string().describe('DDMMYY-SSSS, bindestreg valgfri') });
const created = z.object({ id: z.string() });

export const caseRoutes: AppPlugin = async (instance, options) => {
  const { deps } = options;
  await grantRoutes(instance, options);
  await recalculationRoutes(instance, options);
  await decisionRoutes(instance, options);
  await journalRoutes(instance, options);
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/persons/:cpr/cases',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: ['sager'],
        summary: 'Opret en sag med bevilling',
        description:
          'Kun handlekommunen kan oprette sager. En bevilget sag med månedligt beløb får sin planlagte ' +
          'udbetalingslinje for den måned, hvis kørsel kommer næst.',
        params,
        body: newCaseSchema,
        response: { 201: created },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await createCase(deps, actor.value, 'api', request.params.cpr, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(done.error));
      return reply.status(201).send(done.value);
    },
  );

  app.post(
    '/api/persons/:cpr/deductions',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: ['sager'],
        summary: 'Opret et løbende træk',
        description:
          'Kun handlekommunen kan oprette træk. Trækket får sin planlagte træklinje for den måned, hvis ' +
          'kørsel kommer næst.',
        params,
        body: newDeductionSchema,
        response: { 201: created },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await createDeduction(deps, actor.value, 'api', request.params.cpr, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(done.error));
      return reply.status(201).send(done.value);
    },
  );
};
