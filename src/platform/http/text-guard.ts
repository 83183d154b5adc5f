/**
 * The edge's bound on every text a request brings (docs/robustness.md): before any schema or handler sees
 * the query string, the path parameters, the caller headers or the body, each string in them (and each
 * key of an object) is checked against the widest bound of the kernel, `textLimits.any`: at most 4,000
 * characters, no NUL or other control character but newline, carriage return and tab, no lone surrogate.
 * A request outside it is refused as a whole, naming the field: problem+json `ugyldigt-input` on the API,
 * the Danish error page on the pages. Narrower bounds per field (a name, a user id, a category) are in the
 * schemas and the use cases.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { textProblem } from '../../kernel/index.ts';
import { isApiRequest, sendBadRequestPage } from '../web/error-pages.ts';
import { problem, sendProblem } from './problem.ts';

/**
 * Routes whose body is checked field by field by their own use case instead. A CPR batch keeps its good
 * messages and sends a bad one to the error queue with its code (README, "CPR address changes"); the form
 * "Opret borger" shows the refusal next to the field, since decideNewPerson bounds every field it reads;
 * so do the case-side forms (src/cases/web/case-forms.pages.ts), which bound every field they read.
 */
const ownTextCheck: ReadonlySet<string> = new Set([
  'POST /api/cpr/address-changes',
  'POST /borgere',
  'POST /borgere/:id/sager/ny',
  'POST /borgere/:id/traek/ny',
  'POST /borgere/:id/registreringer/ny',
  'POST /borgere/:id/registreringer/:registrering/ret',
  'POST /borgere/:id/registreringer/:registrering/afslut',
  'POST /sager/:id/journalnotater',
  'POST /sager/:id/dokumenter',
]);

const maxDepth = 20;

interface Fault {
  readonly field: string;
  readonly message: string;
}

/** The first string or key outside the bound in a parsed value, with its dotted path. */
export function findTextFault(value: unknown, path: string, depth = 0): Fault | undefined {
  if (typeof value === 'string') {
    const message = textProblem(value, 'any');
    return message === undefined ? undefined : { field: path, message };
  }
  if (typeof value !== 'object' || value === null || depth > maxDepth) return undefined;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const keyMessage = textProblem(key, 'key');
    if (keyMessage !== undefined) return { field: path, message: `Et feltnavn er ugyldigt: ${keyMessage}` };
    const fault = findTextFault(item, path === '' ? key : `${path}.${key}`, depth + 1);
    if (fault !== undefined) return fault;
  }
  return undefined;
}

function requestFault(request: FastifyRequest): Fault | undefined {
  return (
    findTextFault(request.params, '') ??
    findTextFault(request.query, '') ??
    (ownTextCheck.has(`${request.method} ${request.routeOptions.url ?? ''}`)
      ? undefined
      : findTextFault(request.body, ''))
  );
}

/** The preValidation hook: refuses a request with a text outside the bound before it is used. */
export async function textGuard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const fault = requestFault(request);
  if (fault === undefined) return;
  if (isApiRequest(request)) {
    await sendProblem(
      reply,
      problem('ugyldigt-input', `Ugyldigt input i ${fault.field}: ${fault.message}`, { field: fault.field }),
    );
    return;
  }
  await sendBadRequestPage(reply, 400, fault);
}
