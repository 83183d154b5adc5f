/**
 * The case page (sagsside), server-rendered with DKFDS: GET /sager/{id}[?kendtPr=] reads the case through
 * `getCaseDetails` (one access-log row per view, purpose `sagsside`, channel `web`). An unknown or malformed
 * id is the Danish 404 page; a `kendtPr` that is no date or time is the 400 page naming the field. Handlers
 * never throw for bad input.
 *
 * A case's letters: GET /breve/{id} shows the letter as the citizen receives it, GET /breve/{id}/pdf the PDF
 * the delivery sends; each read through `getLetter` (one access-log row, purpose `brev`). An unknown or
 * malformed id is the Danish 404 page.
 */
import { errorCodes } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { badRequestPage, notFoundPage, sendErrorPage } from '../../platform/web/error-pages.ts';
import { sendPage } from '../../platform/web/layout.ts';
import { requireWebActor } from '../../platform/web/web-actor.ts';
import { getCaseDetails } from '../get-case-details.ts';
import { getLetter, letterPdf } from '../letter-view.ts';
import { getCaseDocument } from '../journal.ts';
import { casePage } from './case-page.ts';
import { letterPage } from './letter-page.ts';
import { requestText } from '../../platform/web/form.ts';

/** The case page plugin; registered in src/platform/system.ts. */
export const casePages: AppPlugin = (app, { deps }) => {
  app.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));
  app.get(
    '/sager/:id',
    { schema: { hide: true }, config: { access: 'laes-borger' } },
    async (request, reply) => {
      const web = requireWebActor(request);
      const knownAtInput = requestText(request.query, 'kendtPr').trim();
      const found = await getCaseDetails(
        deps,
        web.actor,
        'web',
        requestText(request.params, 'id'),
        knownAtInput === '' ? undefined : knownAtInput,
      );
      if (!found.ok) {
        const status = errorCodes[found.error.code].status;
        if (status === 404) return sendPage(reply, 404, notFoundPage(web, 'Sagen findes ikke.'));
        const field = found.error.field === 'kendtPr' ? '"Vis som kendt pr." (kendtPr)' : 'id';
        return sendPage(reply, status, badRequestPage(web, { field, message: found.error.message }));
      }
      return sendPage(reply, 200, casePage({ web, details: found.value, knownAtInput }));
    },
  );
  app.get(
    '/dokumenter/:id',
    { schema: { hide: true }, config: { access: 'laes-borger' } },
    async (request, reply) => {
      const web = requireWebActor(request);
      const found = await getCaseDocument(deps, web.actor, 'web', requestText(request.params, 'id'));
      if (!found.ok) return sendPage(reply, 404, notFoundPage(web, 'Dokumentet findes ikke.'));
      return reply
        .status(200)
        .type(found.value.contentType)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(found.value.name)}`)
        .send(found.value.content);
    },
  );
  app.get(
    '/breve/:id',
    { schema: { hide: true }, config: { access: 'laes-borger' } },
    async (request, reply) => {
      const web = requireWebActor(request);
      const found = await getLetter(deps, web.actor, 'web', requestText(request.params, 'id'));
      if (!found.ok) return sendPage(reply, 404, notFoundPage(web, 'Brevet findes ikke.'));
      return sendPage(reply, 200, letterPage(web, found.value));
    },
  );
  app.get(
    '/breve/:id/pdf',
    { schema: { hide: true }, config: { access: 'laes-borger' } },
    async (request, reply) => {
      const web = requireWebActor(request);
      const found = await getLetter(deps, web.actor, 'web', requestText(request.params, 'id'));
      if (!found.ok) return sendPage(reply, 404, notFoundPage(web, 'Brevet findes ikke.'));
      const pdf = await letterPdf(found.value);
      return reply
        .status(200)
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="brev-${found.value.kind}-${found.value.id}.pdf"`)
        .send(pdf);
    },
  );
  return Promise.resolve();
};
