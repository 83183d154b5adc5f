/** RFC 9457 problem+json: the one shape of every error the API returns. */
import type { FastifyReply } from 'fastify';
import { errorCodes, type DomainError, type ErrorCode } from '../../kernel/index.ts';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly field?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
  /** What the error carries besides its message, e.g. the task as it is now on a `konflikt`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The problem document for a domain error; its status comes from the one error table. */
export function problemFor(error: DomainError): Problem {
  const entry = errorCodes[error.code];
  return {
    type: `urn:openydelse:fejl:${error.code}`,
    title: entry.title,
    status: entry.status,
    detail: error.message,
    code: error.code,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}

/** A problem for a code with a custom detail (validation, not found, server error). */
export function problem(
  code: ErrorCode | 'serverfejl',
  detail: string,
  extra: Partial<Problem> = {},
): Problem {
  const entry = code === 'serverfejl' ? { status: 500, title: 'Serverfejl' } : errorCodes[code];
  return {
    type: `urn:openydelse:fejl:${code}`,
    title: entry.title,
    status: entry.status,
    detail,
    code,
    ...extra,
  };
}

/** Sends a problem document with its status and media type. */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.status(body.status).type('application/problem+json; charset=utf-8').send(body);
}
