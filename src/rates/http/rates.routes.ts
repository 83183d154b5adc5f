/** GET /api/satser: the rates in force, read-only, optionally of one key and covering one date. */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseDate, textLimits } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { problem, problemFor, sendProblem } from '../../platform/http/problem.ts';
import { rateKeyProblem } from '../domain/parse-rates.ts';
import { rateJson } from '../domain/rate-json.ts';
import { rateSourceKinds, rateUnits } from '../domain/rate.ts';
import { listRates } from '../load-rate-lookup.ts';

const rateSchema = z.object({
  key: z.string(),
  description: z.string(),
  from: z.string().describe('Første dag, YYYY-MM-DD'),
  to: z.string().describe('Sidste dag (med), YYYY-MM-DD'),
  amount: z.string().describe('Kroner med punktum og to decimaler, fx 15874.00'),
  unit: z
    .enum(rateUnits)
    .describe('md: pr. måned, haendelse: pr. hændelse, time: pr. time, pct: procent (beløbet er procenten)'),
  reference: z.string().describe('Hjemmel'),
  source: z.string().describe('Kilden, beløbet er læst i'),
  sourceKind: z.enum(rateSourceKinds),
  marker: z.string().nullable().describe('"eksempelsats – ikke officiel" på en eksempelsats'),
});

export const rateRoutes: AppPlugin = (instance, { deps }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/satser',
    {
      // The rates are public law, no one's data: anyone may read them.
      config: { access: 'offentlig' },
      schema: {
        tags: ['satser'],
        summary: 'De gældende satser',
        description:
          'Satserne, som ikke er erstattet, sorteret efter nøgle og startdato; med noegle kun den nøgle, ' +
          'med dato kun satser, der gælder på datoen.',
        querystring: z.object({
          noegle: z
            .string()
            .max(textLimits.key)
            .optional()
            .describe('Satsens nøgle, fx kontanthjaelp.over30.forsoerger'),
          dato: z.string().max(10).optional().describe('YYYY-MM-DD'),
        }),
        response: { 200: z.array(rateSchema) },
      },
    },
    async (request, reply) => {
      const { noegle, dato } = request.query;
      if (noegle !== undefined) {
        const refused = rateKeyProblem(noegle);
        if (refused !== undefined) {
          return sendProblem(reply, problem('ugyldigt-input', refused, { field: 'noegle' }));
        }
      }
      let on;
      if (dato !== undefined) {
        const parsed = parseDate(dato);
        if (!parsed.ok) return sendProblem(reply, problemFor({ ...parsed.error, field: 'dato' }));
        on = parsed.value;
      }
      const rates = await listRates(deps.db, {
        ...(noegle === undefined ? {} : { key: noegle }),
        ...(on === undefined ? {} : { on }),
      });
      return rates.map(rateJson);
    },
  );
  return Promise.resolve();
};
