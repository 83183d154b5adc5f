/**
 * The caller of an API request. Until the access context brings real sign-on, the caller names itself in
 * the headers `x-ydelse-bruger` (user id) and `x-ydelse-kommune` (municipality code); both are required
 * for anything that reads or changes a person, so the access log always has who and where. The user id
 * is bounded by the kernel's parseUserId (1-64 letters, digits, `.`, `_`, `-`; no `@`).
 */
import type { FastifyRequest } from 'fastify';
import { fail, inField, ok, parseMunicipalityCode, parseUserId, type Result } from '../../kernel/index.ts';
import type { Actor } from '../actor.ts';

export const actorHeaders = {
  'x-ydelse-bruger': 'Brugerens id (fx sb101)',
  'x-ydelse-kommune': 'Brugerens kommune (kommunekode)',
} as const;

/** Reads the acting user from the request headers. */
export function actorFromRequest(request: FastifyRequest): Result<Actor> {
  const user = request.headers['x-ydelse-bruger'];
  const municipality = request.headers['x-ydelse-kommune'];
  if (typeof user !== 'string' || user.trim() === '' || typeof municipality !== 'string') {
    return fail(
      'ikke-godkendt',
      'Angiv brugeren i x-ydelse-bruger og kommunen i x-ydelse-kommune',
      'headers',
    );
  }
  const userId = parseUserId(user.trim(), 'x-ydelse-bruger');
  if (!userId.ok) return userId;
  const code = inField(parseMunicipalityCode(municipality), 'x-ydelse-kommune');
  if (!code.ok) return code;
  return ok({ kind: 'bruger', userId: userId.value, municipality: code.value });
}
