/**
 * "Adgangslog" for the municipality's system owner: who of the municipality's users read which citizen's
 * data, when, through which channel and why. The search is a form post, so a CPR number searched for never
 * goes in an address; the search is itself logged as a read of the citizens it shows.
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { formatLocalDateTime } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { alert, dataTable, errorSummary } from '../../platform/web/components.ts';
import { sendErrorPage } from '../../platform/web/error-pages.ts';
import { dateInput, requestText, textField } from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page, sendPage } from '../../platform/web/layout.ts';
import { requireWebActor, type WebActor } from '../../platform/web/web-actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import { searchAccessLog, type AccessLogRow } from '../access-log.ts';

export const accessLogPath = '/adgangslog';

interface Filters {
  readonly cpr: string;
  readonly bruger: string;
  readonly fra: string;
  readonly til: string;
}

const fieldIds: Readonly<Record<string, keyof Filters>> = {
  cpr: 'cpr',
  user: 'bruger',
  from: 'fra',
  to: 'til',
};

const isoDate = (text: string): string | undefined => (text === '' ? undefined : dateInput(text));

function logPage(
  web: WebActor,
  filters: Filters,
  rows: readonly AccessLogRow[],
  error?: { fieldId: string; message: string },
) {
  const field = (id: keyof Filters, label: string, hint: string): SafeHtml =>
    textField({
      id,
      label,
      hint,
      value: filters[id],
      optional: true,
      error: error?.fieldId === id ? error.message : undefined,
      width: 'input-width-m',
    });
  return page({
    title: 'Adgangslog',
    hasErrors: error !== undefined,
    actor: web,
    breadcrumbs: [{ text: 'Forside', href: '/' }, { text: 'Adgangslog' }],
    main: html`<h1>Adgangslog</h1>
      <p class="font-lead">Hvem i kommunen har læst hvilke borgeres oplysninger, hvornår og hvorfor.</p>
      ${error === undefined ? html`` : errorSummary([error])}
      <form method="post" action="${accessLogPath}" novalidate aria-label="Søg i adgangsloggen">
        ${field('cpr', 'CPR-nummer', '10 cifre, med eller uden bindestreg')}
        ${field('bruger', 'Bruger-id', 'Fx sb101')} ${field('fra', 'Fra og med', 'Fx 01.11.2026')}
        ${field('til', 'Til og med', 'Fx 30.11.2026')}
        <button type="submit" class="button button-primary mt-5">Søg</button>
      </form>
      <h2 id="opslag">Opslag</h2>
      ${rows.length === 500 ? alert('info', 'Mange opslag', 'Kun de nyeste 500 vises: afgræns søgningen.') : html``}
      ${dataTable({
        labelledBy: 'opslag',
        columns: ['Tidspunkt', 'Bruger', 'Borger', 'Formål', 'Kanal'],
        rows: rows.map((row) => [
          formatLocalDateTime(Temporal.Instant.from(row.at)).replace('T', ' '),
          row.actor,
          html`<span class="text-nowrap">${row.cpr}</span> ${row.name}`,
          row.purpose,
          row.channel,
        ]),
        empty: 'Ingen opslag.',
      })}`,
  });
}

async function show(deps: Deps, web: WebActor, filters: Filters, reply: FastifyReply) {
  const found = await searchAccessLog(deps, web.actor, 'web', {
    ...(filters.cpr === '' ? {} : { cpr: filters.cpr }),
    ...(filters.bruger === '' ? {} : { user: filters.bruger }),
    from: isoDate(filters.fra),
    to: isoDate(filters.til),
    limit: 500,
  });
  if (!found.ok) {
    const fieldId = fieldIds[found.error.field ?? ''] ?? 'cpr';
    return sendPage(reply, 400, logPage(web, filters, [], { fieldId, message: found.error.message }));
  }
  return sendPage(reply, 200, logPage(web, filters, found.value));
}

export const accessLogPages: AppPlugin = async (app, { deps }) => {
  await app.register(fastifyFormbody);
  app.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));
  const options = { schema: { hide: true }, config: { access: 'adgangslog' as const } };
  app.get(accessLogPath, options, (request, reply) =>
    show(deps, requireWebActor(request), { cpr: '', bruger: '', fra: '', til: '' }, reply),
  );
  app.post(accessLogPath, options, (request, reply) =>
    show(
      deps,
      requireWebActor(request),
      {
        cpr: requestText(request.body, 'cpr').trim(),
        bruger: requestText(request.body, 'bruger').trim(),
        fra: requestText(request.body, 'fra').trim(),
        til: requestText(request.body, 'til').trim(),
      },
      reply,
    ),
  );
};
