/**
 * /api/runs: the scheduled runs for operators: the latest runs with their parts, and every run or
 * municipality part that failed and has not finished since (with its error, attempts and next attempt).
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listRuns } from '../jobs/run-status.ts';
import type { AppPlugin } from './app.ts';

const failedRun = z.object({
  key: z.string(),
  job: z.string(),
  parent: z.string().nullable().describe('den opdelte kørsel, delen hører til'),
  municipality: z.string().nullable(),
  attempts: z.number().int(),
  error: z.string(),
  failedAt: z.string(),
  retryAt: z.string().nullable().describe('næste automatiske forsøg; null: kun med ydelse run'),
});

const run = z.object({
  key: z.string(),
  job: z.string(),
  scheduledFor: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  parts: z
    .object({
      total: z.number().int(),
      finished: z.number().int(),
      failed: z.number().int(),
      open: z.number().int(),
    })
    .nullable(),
});

export const runRoutes: AppPlugin = (instance, { deps }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/runs',
    {
      config: { access: 'koersel' },
      schema: {
        tags: ['kørsler'],
        summary: 'De planlagte kørsler og de dele, der er fejlet',
        description:
          'De seneste kørsler (nyeste først) med antal dele pr. kommune, færdige, fejlede og åbne, og alle ' +
          'kørsler eller kommunedele, der er fejlet og ikke kørt færdig siden. En fejlet del prøves igen af ' +
          'sig selv ved retryAt og kan køres i hånden med ydelse run.',
        querystring: z.object({ antal: z.coerce.number().int().min(1).max(500).default(20) }),
        response: { 200: z.object({ runs: z.array(run), failed: z.array(failedRun) }) },
      },
    },
    async (request) => listRuns(deps.db, { limit: request.query.antal }),
  );
  return Promise.resolve();
};
