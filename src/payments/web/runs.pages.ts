/**
 * GET /koersler: the Kørsler page for the system owner. POST /koersler/koer-igen (`del`: the key of a failed
 * run or part) runs it again as `ydelse run` does, then shows the page again (303) with the outcome; a
 * refusal (an unknown key, a run that did not fail, one running elsewhere) is the page with the reason.
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply } from 'fastify';
import { errorCodes, type DomainError } from '../../kernel/index.ts';
import { listCprErrors } from '../../persons/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import type { JobHandlers } from '../../platform/jobs/run-job.ts';
import { getRunOverview } from '../../platform/jobs/run-overview.ts';
import { isRunKey, retryFailedRun, type RetryOutcome } from '../../platform/jobs/retry-run.ts';
import { alert } from '../../platform/web/components.ts';
import { errorPage, sendErrorPage } from '../../platform/web/error-pages.ts';
import { requestText } from '../../platform/web/form.ts';
import type { SafeHtml } from '../../platform/web/html.ts';
import { sendPage } from '../../platform/web/layout.ts';
import { requireWebActor, type WebActor } from '../../platform/web/web-actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import { getRunTotals } from '../get-run-totals.ts';
import { listOutboundFiles } from '../list-outbound-files.ts';
import { retryNotice, retryPath, runsPage, runsPath } from './runs-page.ts';

const outcomes: readonly RetryOutcome[] = ['koert', 'allerede-koert', 'fejlet'];

/** The latest runs read: about three months, so the page finds the last few monthly runs among them. */
const LATEST_RUNS = 100;

/** The page, with `notice` at the top; a refusal of the runs' own reads is a page that says so. */
async function show(
  deps: Deps,
  web: WebActor,
  reply: FastifyReply,
  status: number,
  notice?: SafeHtml,
): Promise<FastifyReply> {
  const refused = (error: DomainError) =>
    sendPage(reply, errorCodes[error.code].status, errorPage(web, 'Kørsler', error.message));
  const overview = await getRunOverview(deps, web.actor, 'web', { limit: LATEST_RUNS });
  if (!overview.ok) return refused(overview.error);
  const totals = await getRunTotals(deps, web.actor, 'web');
  if (!totals.ok) return refused(totals.error);
  const cprErrors = await listCprErrors(deps, web.actor, 'web');
  const files = await listOutboundFiles(deps, web.actor, 'web');
  return sendPage(
    reply,
    status,
    runsPage({
      web,
      overview: overview.value,
      totals: totals.value,
      cprErrors,
      files,
      notice,
      hasErrors: status >= 400,
    }),
  );
}

/** The alert of the address `?koert=KEY&udfald=OUTCOME` the retry redirects to; none for anything else. */
function noticeOf(query: unknown): SafeHtml | undefined {
  const key = requestText(query, 'koert');
  const outcome = requestText(query, 'udfald');
  if (!isRunKey(key)) return undefined;
  return (outcomes as readonly string[]).includes(outcome)
    ? retryNotice(key, outcome as RetryOutcome)
    : undefined;
}

/** The Kørsler page, retrying with the scheduled jobs' handlers; registered in src/platform/system.ts. */
export function runsPages(handlers: JobHandlers): AppPlugin {
  return async (app, { deps }) => {
    await app.register(fastifyFormbody);
    app.setErrorHandler((error, request, reply) => sendErrorPage(error, request, reply));
    const options = { schema: { hide: true }, config: { access: 'koersel' as const } };
    app.get(runsPath, options, (request, reply) =>
      show(deps, requireWebActor(request), reply, 200, noticeOf(request.query)),
    );
    app.post(retryPath, options, async (request, reply) => {
      const web = requireWebActor(request);
      const key = requestText(request.body, 'del').trim();
      const retried = await retryFailedRun(deps, handlers, web.actor, 'web', key, { logger: request.log });
      if (!retried.ok) {
        const { code, message } = retried.error;
        const reason = alert('error', 'Kørslen kunne ikke køres igen', `${message.replace(/\.$/, '')}.`);
        return show(deps, web, reply, errorCodes[code].status, reason);
      }
      const query = new URLSearchParams({ koert: retried.value.key, udfald: retried.value.outcome });
      return reply.redirect(`${runsPath}?${query.toString()}`, 303);
    });
  };
}
