/**
 * Journal notes and documents on a case (docs/decisions/0026-journal.md):
 * - GET /api/cases/{id}/journal: the case's notes and documents (without their bytes), access-logged;
 * - POST /api/cases/{id}/journal-notes: a note (title, text);
 * - POST /api/cases/{id}/documents: a document (file name, content in base64, at most 10 MB), its type read
 *   from its bytes;
 * - GET /api/documents/{id}: the document's bytes, access-logged.
 * Writing is the acting municipality's; problem+json naming the field on every refusal, and nothing changed.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boundedText, type DomainError } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { actorFromRequest } from '../../platform/http/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import { maxDocumentBytes } from '../domain/journal.ts';
import { addCaseDocument, addJournalNote, getCaseDocument, getCaseJournal } from '../journal.ts';

const params = z.object({ id: z.string().describe('Sagens id (UUID)') });

const noteSchema = z.object({
  id: z.string(),
  case: z.string(),
  title: z.string(),
  text: z.string(),
  source: z.string().describe('sagsbehandler eller konvertering'),
  writtenBy: z.string(),
  writtenAt: z.string(),
});
const documentSchema = z.object({
  id: z.string(),
  case: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  source: z.string(),
  addedBy: z.string(),
  addedAt: z.string(),
});

export const noteBodySchema = z.strictObject({
  title: boundedText('line').describe('Overskrift (én linje)'),
  text: boundedText('text').describe('Notatets tekst'),
});

const base64Length = Math.ceil(maxDocumentBytes / 3) * 4;
export const documentBodySchema = z.strictObject({
  name: z.string().max(200).describe('Filnavnet, uden mapper'),
  content: z
    .string()
    .max(base64Length, 'Dokumentet er for stort: højst 10 MB')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Indholdet skal være base64')
    .describe('Dokumentets indhold i base64: en PDF, et PNG- eller JPEG-billede eller UTF-8-tekst'),
});

function actingProblem(error: DomainError): DomainError {
  return error.code === 'ikke-handlekommune' && error.field === undefined ? error : error;
}

export const journalRoutes: AppPlugin = (instance, { deps }) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/cases/:id/journal',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: ['sager'],
        summary: 'Sagens journalnotater og dokumenter',
        description: 'Nyeste først; dokumenterne uden indhold. Opslaget logges. Fejl: ikke-fundet.',
        params,
        response: {
          200: z.object({
            notes: z.array(noteSchema).readonly(),
            documents: z.array(documentSchema).readonly(),
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const found = await getCaseJournal(deps, actor.value, 'api', request.params.id);
      if (!found.ok) return sendProblem(reply, problemFor(found.error));
      return reply.send(found.value);
    },
  );
  app.post(
    '/api/cases/:id/journal-notes',
    {
      config: { access: 'sagsbehandling' },
      schema: {
        tags: ['sager'],
        summary: 'Skriv et journalnotat på sagen',
        description: 'Kun handlekommunen. Fejl: ugyldigt-input, ikke-fundet, ikke-handlekommune.',
        params,
        body: noteBodySchema,
        response: { 201: noteSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const done = await addJournalNote(deps, actor.value, 'api', request.params.id, request.body);
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return reply.status(201).send(done.value);
    },
  );
  app.post(
    '/api/cases/:id/documents',
    {
      config: { access: 'sagsbehandling' },
      bodyLimit: base64Length + 64 * 1024,
      schema: {
        tags: ['sager'],
        summary: 'Tilføj et dokument til sagen',
        description:
          'Kun handlekommunen. Typen læses af indholdet (PDF, PNG, JPEG eller UTF-8-tekst), højst 10 MB. ' +
          'Fejl: ugyldigt-input, ikke-fundet, ikke-handlekommune.',
        params,
        body: documentBodySchema,
        response: { 201: documentSchema },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const content = Buffer.from(request.body.content, 'base64');
      const done = await addCaseDocument(deps, actor.value, 'api', request.params.id, {
        name: request.body.name,
        content,
      });
      if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
      return reply.status(201).send(done.value);
    },
  );
  app.get(
    '/api/documents/:id',
    {
      config: { access: 'laes-borger' },
      schema: {
        tags: ['sager'],
        summary: 'Hent et dokument',
        description: 'Dokumentets indhold med dets type. Opslaget logges. Fejl: ikke-fundet.',
        params: z.object({ id: z.string().describe('Dokumentets id (UUID)') }),
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
      const found = await getCaseDocument(deps, actor.value, 'api', request.params.id);
      if (!found.ok) return sendProblem(reply, problemFor(found.error));
      return reply
        .header('content-type', found.value.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(found.value.name)}`)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(found.value.content);
    },
  );
  return Promise.resolve();
};
