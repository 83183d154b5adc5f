/**
 * GET /satser, the rates page, server-rendered with DKFDS. It reads the standing rates (no use case: the
 * rates are public data and reading them is not access-logged) and filters them by the address's `noegle`
 * (the beginning of a key) and `dato`. A value it cannot use is the shared "Forespørgslen kunne ikke
 * behandles" page naming the field, with status 400.
 */
import type { AppPlugin } from '../../platform/http/app.ts';
import { badRequestPage, sendErrorPage } from '../../platform/web/error-pages.ts';
import { sendPage } from '../../platform/web/layout.ts';
import { requireWebActor } from '../../platform/web/web-actor.ts';
import { filterRates, readRateFilter, type RateFilterInput } from '../domain/rate-filter.ts';
import { listRates } from '../load-rate-lookup.ts';
import { ratesPage, ratesPath } from './rates-page.ts';
import { requestText } from '../../platform/web/form.ts';

/** The field names the bad-request page shows: the form's label and the address's parameter. */
const fieldLabels: Readonly<Record<keyof RateFilterInput, string>> = {
  noegle: '"Nøglen begynder med" (noegle)',
  dato: '"Gælder den" (dato)',
};

/** The rates page plugin; registered in src/platform/system.ts. */
export const ratePages: AppPlugin = (app, { deps }) => {
  app.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));
  app.get(
    ratesPath,
    { schema: { hide: true }, config: { access: 'laes-satser' } },
    async (request, reply) => {
      const web = requireWebActor(request);
      const input: RateFilterInput = {
        noegle: requestText(request.query, 'noegle').trim(),
        dato: requestText(request.query, 'dato').trim(),
      };
      const read = readRateFilter(input);
      if (!read.ok) {
        const field = fieldLabels[read.fault.field];
        return sendPage(reply, 400, badRequestPage(web, { field, message: read.fault.message }));
      }
      const rates = filterRates(
        await listRates(deps.db, read.filter.on === undefined ? {} : { on: read.filter.on }),
        read.filter,
      );
      return sendPage(reply, 200, ratesPage({ web, input, rates }));
    },
  );
  return Promise.resolve();
};
