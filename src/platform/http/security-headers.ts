/**
 * The headers every response carries (docs/security.md): no framing, no MIME sniffing, no referrer, a
 * content security policy that allows only this site's own scripts, styles and fonts (the pages have no
 * inline script or style), and `Cache-Control: no-store` on everything but the design system's assets, so
 * no page or API answer with personal data is kept in a cache. Behind TLS, HSTS.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const pageCsp = (formTargets: readonly string[]): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${formTargets.map((target) => ` ${target}`).join('')}`,
    "frame-ancestors 'none'",
  ].join('; ');

/** The API document's browser (Swagger UI) runs inline script and style of its own; it shows no personal data. */
const docsCsp =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export interface SecurityHeaderOptions {
  /** Origins a form may be sent on to (the identity provider's sign-out). */
  readonly formTargets: readonly string[];
  readonly https: boolean;
}

export function securityHeaders(options: SecurityHeaderOptions) {
  const csp = pageCsp(options.formTargets);
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const path = request.url.split('?')[0] ?? '';
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('content-security-policy', path.startsWith('/api/docs') ? docsCsp : csp);
    if (options.https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (!path.startsWith('/static/')) reply.header('cache-control', 'no-store');
    return payload;
  };
}
