/**
 * Signing in for API tests: a local API token for a user or a service client, as `ydelse token` issues
 * one, in the headers of a request. The access hook verifies it like any token.
 */
import { Temporal } from 'temporal-polyfill';
import { createSession, type ServiceRole, type UserRole } from '../../src/access/index.ts';
import type { MunicipalityCode } from '../../src/kernel/index.ts';
import type { Db } from '../../src/platform/db/database.ts';

export type AuthHeaders = { readonly authorization: string };

/** Far from any simulated clock's now, so a test's token never expires under it. */
const issuedAt = Temporal.Instant.from('2000-01-01T00:00:00Z');

async function token(db: Db, subject: Parameters<typeof createSession>[2]): Promise<AuthHeaders> {
  const { secret } = await createSession(db, 'api', subject, { now: issuedAt, lifetimeYears: 200 });
  return { authorization: `Bearer ${secret}` };
}

/** Headers of a signed-in user: `sb101` of 101 as caseworker unless told otherwise. */
export function asUser(
  db: Db,
  municipality: string,
  options: { readonly user?: string; readonly roles?: readonly UserRole[] } = {},
): Promise<AuthHeaders> {
  return token(db, {
    kind: 'bruger',
    userId: options.user ?? `sb${municipality}`,
    municipality: municipality as MunicipalityCode,
    roles: options.roles ?? ['sagsbehandler'],
  });
}

/** Headers of a service client, e.g. the CPR integration. */
export function asService(db: Db, name: string, roles: readonly ServiceRole[]): Promise<AuthHeaders> {
  return token(db, { kind: 'tjeneste', name, roles });
}
