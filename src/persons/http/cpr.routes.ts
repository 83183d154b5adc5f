/**
 * /api/cpr: the inbound CPR integration. CPR sends address changes in batches; each message is received on
 * its own (idempotent, order-tolerant), and a refused one lands in the error queue, which caseworkers and
 * operators read here too.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DomainError } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { actorFromRequest } from '../../platform/http/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import { CPR_ERRORS_DEFAULT_LIMIT, CPR_ERRORS_MAX_LIMIT, listCprErrors } from '../list-cpr-errors.ts';
import { receiveAddressChange } from '../receive-address-change.ts';

export const MAX_BATCH = 10_000;

export const addressChangeSchema = z.strictObject({
  sequence: z.number().describe('CPR-sekvensnummeret: et ikke-negativt heltal, unikt pr. besked'),
  cpr: z.string().describe('DDMMYY-SSSS, bindestreg valgfri'),
  municipality: z.string().optional().describe('Tilflytningskommunens kode (3 eller 4 cifre)'),
  abroad: z.string().optional().describe('ISO 3166-1 alpha-2 landekode ved udrejse'),
  date: z.string().describe('Flyttedatoen, YYYY-MM-DD'),
});

const batchSchema = z.strictObject({
  messages: z
    // A message of another shape is refused by itself (afvist, in the error queue); the others are received.
    .array(z.union([addressChangeSchema, z.unknown()]))
    .min(1)
    .max(MAX_BATCH)
    .describe(
      `1 til ${MAX_BATCH} flyttebeskeder; de behandles hver for sig i den givne rækkefølge. En besked, der ` +
        'ikke kan læses (ukendte felter, forkerte typer, kontroltegn), afvises for sig og lægges i fejlkøen',
    ),
});

export const receiptStatuses = ['behandlet', 'allerede-modtaget', 'overhalet', 'afvist'] as const;
export type ReceiptStatus = (typeof receiptStatuses)[number];

const errorSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional().describe('Feltet i beskeden, der er fejl i'),
});

const resultSchema = z.object({
  sequence: z.number().describe('Beskedens sekvensnummer; -1 hvis det ikke var et brugbart tal'),
  status: z.enum(receiptStatuses),
  expectedDate: z
    .string()
    .optional()
    .describe('Ved behandlet: datoen, hvor kørslen kl. 04:00 effektuerer flytningen'),
  error: errorSchema.optional().describe('Ved afvist: hvorfor; beskeden ligger i fejlkøen'),
});

const batchResponseSchema = z.object({
  counts: z.object({
    behandlet: z.number(),
    'allerede-modtaget': z.number(),
    overhalet: z.number(),
    afvist: z.number(),
  }),
  results: z.array(resultSchema).describe('Ét resultat pr. besked, i samme rækkefølge'),
});

const errorEntrySchema = z.object({
  id: z.string(),
  receivedAt: z.string().describe('Modtagelsestidspunkt (ISO 8601, UTC)'),
  sequence: z.number().describe('Sekvensnummeret, -1 hvis det ikke var et brugbart tal'),
  cpr: z.string().describe('CPR-nummeret, som det blev sendt'),
  code: z.string(),
  message: z.string(),
  field: z.string().nullable().describe('Feltet med fejlen, når der var ét'),
  content: z
    .record(z.string(), z.unknown())
    .describe('Beskedens felter; NUL og enlige surrogater skrevet som \\uXXXX, lange værdier afkortet'),
  raw: z
    .string()
    .nullable()
    .describe(
      'Beskeden som modtaget (JSON-tekst, NUL og enlige surrogater som \\uXXXX); null for ældre poster',
    ),
});

type BatchResult = z.infer<typeof resultSchema>;

/** The message's sequence number as the result names it; -1 when it was not a usable number. */
function sequenceOf(message: unknown): number {
  const sequence =
    typeof message === 'object' && message !== null
      ? (message as { sequence?: unknown }).sequence
      : undefined;
  return typeof sequence === 'number' && Number.isSafeInteger(sequence) ? sequence : -1;
}

function refusal(sequence: number, error: DomainError): BatchResult {
  return {
    sequence,
    status: 'afvist',
    error: {
      code: error.code,
      message: error.message,
      ...(error.field === undefined ? {} : { field: error.field }),
    },
  };
}

export const cprRoutes: AppPlugin = (instance, { deps }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/cpr/address-changes',
    {
      config: { access: 'modtag-cpr' },
      // 10,000 messages with long fields can pass Fastify's default limit of 1 MiB.
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['cpr'],
        summary: 'Modtag en pakke flyttebeskeder fra CPR',
        description:
          'Hver besked modtages for sig: behandlet (flytningen effektueres af kørslen kl. 04:00), ' +
          'allerede-modtaget (samme sekvensnummer og indhold), overhalet (et højere sekvensnummer har allerede ' +
          'bestemt bopælen fra samme dato) eller afvist (lagt i fejlkøen med årsagen, én gang). Rækkefølgen ' +
          'betyder intet: pr. flyttedato vinder det højeste sekvensnummer. En besked, der ikke kan læses, ' +
          'afvises for sig; en pakke med forkert form afvises helt med 400, og intet behandles. At sende en ' +
          'pakke igen er sikkert.',
        body: batchSchema,
        response: { 200: batchResponseSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const counts: Record<ReceiptStatus, number> = {
        behandlet: 0,
        'allerede-modtaget': 0,
        overhalet: 0,
        afvist: 0,
      };
      const results: BatchResult[] = [];
      for (const message of request.body.messages) {
        const received = await receiveAddressChange(deps, actor.value, 'api', message);
        const sequence = sequenceOf(message);
        const result: BatchResult = received.ok
          ? {
              sequence,
              status: received.value.status,
              ...(received.value.expectedDate === null ? {} : { expectedDate: received.value.expectedDate }),
            }
          : refusal(sequence, received.error);
        counts[result.status] += 1;
        results.push(result);
      }
      return { counts, results };
    },
  );

  app.get(
    '/api/cpr/address-changes/errors',
    {
      config: { access: 'laes-cpr-fejl' },
      schema: {
        tags: ['cpr'],
        summary: 'Fejlkøen: afviste flyttebeskeder, nyeste først',
        description:
          'Sidevis efter id: send `next` fra svaret som `after` for at få de næste. En bruger ser beskederne, ' +
          'der nævner kommunen, og dem om borgere, kommunen har tilknytning til nu. Hver kendt borger på ' +
          'siden logges i adgangsloggen.',
        querystring: z.object({
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(CPR_ERRORS_MAX_LIMIT)
            .default(CPR_ERRORS_DEFAULT_LIMIT)
            .describe(`Antal pr. side, højst ${CPR_ERRORS_MAX_LIMIT}`),
          after: z
            .string()
            .regex(/^[1-9]\d{0,17}$/, 'after skal være et id fra fejlkøen')
            .optional()
            .describe('Kun poster ældre end dette id (next fra forrige side)'),
        }),
        response: {
          200: z.object({
            entries: z.array(errorEntrySchema),
            next: z.string().nullable().describe('after for næste side; null på sidste side'),
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const page = await listCprErrors(deps, actor.value, 'api', {
        limit: request.query.limit,
        after: request.query.after,
      });
      if (!page.ok) return sendProblem(reply, problemFor(page.error));
      return {
        entries: page.value.entries.map((entry) => ({
          ...entry,
          receivedAt: entry.receivedAt.toString(),
          content: { ...entry.content },
        })),
        next: page.value.next,
      };
    },
  );
  return Promise.resolve();
};
