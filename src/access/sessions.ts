/**
 * Sessions: a signed-in user's web session (a cookie) and the local API tokens, kept in the database so any
 * number of web processes share them. Only the SHA-256 of a secret is stored; a stolen database copy holds
 * no usable token. A web session ends after 30 minutes without a request or 10 hours in all, and at
 * sign-out; a local API token lives for 8 hours.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { MunicipalityCode } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Executor } from '../platform/db/database.ts';
import { isServiceRole, isUserRole } from './domain/roles.ts';

export const sessionIdle = Temporal.Duration.from({ minutes: 30 });
export const sessionLifetime = Temporal.Duration.from({ hours: 10 });
export const apiTokenLifetime = Temporal.Duration.from({ hours: 8 });
/** last_seen_at is written at most this often, so reading pages does not write on every request. */
const touchEvery = 60;

/** Who a session is for: a user (with the name the provider gave) or a service client. */
export type SessionSubject = Extract<Actor, { kind: 'bruger' | 'tjeneste' }>;

export interface Session {
  readonly actor: SessionSubject;
  readonly name: string | null;
  readonly csrfToken: string;
  readonly idToken: string | null;
  readonly expiresAt: Temporal.Instant;
}

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Starts a session; returns its secret (the cookie value or bearer token), which is never stored. */
export async function createSession(
  db: Executor,
  kind: 'web' | 'api',
  subject: SessionSubject,
  options: {
    readonly now: Temporal.Instant;
    readonly name?: string | null;
    readonly idToken?: string | null;
    /** A test's token outlives its simulated clock; nothing else sets this. */
    readonly lifetimeYears?: number;
  },
): Promise<{ readonly secret: string; readonly csrfToken: string }> {
  const secret = newSecret();
  const csrfToken = createHash('sha256').update(newSecret()).digest('hex');
  const lifetime =
    options.lifetimeYears !== undefined
      ? Temporal.Duration.from({ hours: options.lifetimeYears * 8766 })
      : kind === 'web'
        ? sessionLifetime
        : apiTokenLifetime;
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashSecret(secret),
      kind,
      subject_kind: subject.kind,
      subject: subject.kind === 'bruger' ? subject.userId : subject.name,
      name: options.name ?? null,
      municipality: subject.kind === 'bruger' ? subject.municipality : null,
      roles: [...subject.roles],
      csrf_token: csrfToken,
      id_token: options.idToken ?? null,
      created_at: options.now.toString(),
      last_seen_at: options.now.toString(),
      expires_at: options.now.add(lifetime).toString(),
    })
    .execute();
  return { secret, csrfToken };
}

const instantOf = (value: Date | string): Temporal.Instant =>
  Temporal.Instant.from(value instanceof Date ? value.toISOString() : value);

/**
 * The live session of the secret, or undefined when there is none, it has expired or (a web session)
 * has been idle too long. Refreshes its last use.
 */
export async function findSession(
  db: Executor,
  kind: 'web' | 'api',
  secret: string,
  now: Temporal.Instant,
): Promise<Session | undefined> {
  if (secret.length === 0 || secret.length > 100) return undefined;
  const hash = hashSecret(secret);
  const row = await db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', hash)
    .where('kind', '=', kind)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const expiresAt = instantOf(row.expires_at);
  const lastSeen = instantOf(row.last_seen_at);
  const idleSince = kind === 'web' ? now.subtract(sessionIdle) : undefined;
  if (Temporal.Instant.compare(now, expiresAt) >= 0) return undefined;
  if (idleSince !== undefined && Temporal.Instant.compare(lastSeen, idleSince) <= 0) return undefined;
  if (now.since(lastSeen).total('seconds') >= touchEvery) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now.toString() })
      .where('token_hash', '=', hash)
      .execute();
  }
  const actor: SessionSubject =
    row.subject_kind === 'bruger'
      ? {
          kind: 'bruger',
          userId: row.subject,
          municipality: row.municipality as MunicipalityCode | null,
          roles: row.roles.filter(isUserRole),
        }
      : { kind: 'tjeneste', name: row.subject, roles: row.roles.filter(isServiceRole) };
  return { actor, name: row.name, csrfToken: row.csrf_token, idToken: row.id_token, expiresAt };
}

/** Ends the session (sign-out); also removes sessions that have expired. */
export async function endSession(db: Executor, secret: string, now: Temporal.Instant): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashSecret(secret)).execute();
  await db
    .deleteFrom('sessions')
    .where('expires_at', '<', sql<Date>`${now.toString()}::timestamptz`)
    .execute();
}
