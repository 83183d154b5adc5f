/**
 * /api/persons/{cpr}/statements/{period}: the payment statement as a PDF; /api/outbound-files: the files
 * the monthly cycle hands to Udbetaling Danmark and NemKonto, for the operator's transfer.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseYearMonth } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { actorFromRequest } from '../../platform/http/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import { getPaymentStatements } from '../get-payment-statement.ts';
import { getOutboundFile, listOutboundFiles } from '../list-outbound-files.ts';

const fileInfo = z.object({
  id: z.string(),
  kind: z.string(),
  municipality: z.string(),
  period: z.string(),
  fileName: z.string(),
  records: z.number(),
  createdAt: z.string(),
});

export const paymentRoutes: AppPlugin = (instance, { deps }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/persons/:cpr/statements/:period',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: ['udbetaling'],
        summary: 'Udbetalingsspecifikationen for en måned som PDF (opslaget logges)',
        description:
          'Dannes af månedens beregnede linjer, som ikke ændres efter kørslen. Har flere kommuner udbetalt i ' +
          'måneden, vælges kommunen med ?kommune=; ellers den eneste.',
        params: z.object({ cpr: z.string(), period: z.string().describe('YYYY-MM') }),
        querystring: z.object({ kommune: z.string().optional() }),
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const found = await getPaymentStatements(
        deps,
        actor.value,
        'api',
        request.params.cpr,
        request.params.period,
      );
      if (!found.ok) return sendProblem(reply, problemFor(found.error));
      const wanted = request.query.kommune;
      const statement =
        wanted === undefined ? found.value[0] : found.value.find((s) => s.municipality === wanted);
      if (statement === undefined) {
        return sendProblem(
          reply,
          problemFor({
            code: 'ikke-fundet',
            message: `Kommunen ${wanted ?? ''} har ikke udbetalt i måneden`,
            field: 'kommune',
          }),
        );
      }
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `inline; filename="udbetalingsspecifikation-${request.params.period}.pdf"`,
        )
        .send(statement.pdf);
    },
  );

  app.get(
    '/api/outbound-files',
    {
      config: { access: 'udbetalingsfiler' },
      schema: {
        tags: ['udbetaling'],
        summary: 'Udgående filer til UDK og NemKonto, nyeste først',
        querystring: z.object({ periode: z.string().optional().describe('YYYY-MM') }),
        response: { 200: z.array(fileInfo) },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      let period;
      if (request.query.periode !== undefined) {
        const parsed = parseYearMonth(request.query.periode);
        if (!parsed.ok) return sendProblem(reply, problemFor({ ...parsed.error, field: 'periode' }));
        period = parsed.value;
      }
      const files = await listOutboundFiles(deps, actor.value, 'api', period);
      if (!files.ok) return sendProblem(reply, problemFor(files.error));
      return files.value.map((file) => ({ ...file, createdAt: file.createdAt.toString() }));
    },
  );

  app.get(
    '/api/outbound-files/:id',
    {
      config: { access: 'udbetalingsfiler' },
      schema: {
        tags: ['udbetaling'],
        summary: 'Hent en udgående fil',
        params: z.object({ id: z.string() }),
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const file = await getOutboundFile(deps, actor.value, 'api', request.params.id);
      if (!file.ok) return sendProblem(reply, problemFor(file.error));
      return reply
        .type(file.value.mediaType)
        .header('content-disposition', `attachment; filename="${file.value.fileName}"`)
        .send(file.value.content);
    },
  );
  return Promise.resolve();
};
