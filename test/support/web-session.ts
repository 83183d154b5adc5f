/**
 * Signing in to the pages for tests: a web session as the sign-in page starts one, sent as the session
 * cookie, with the CSRF token a post form carries in `_csrf`.
 *
 * A web session ends after 30 minutes without a request by the app's clock, so it starts at the app's
 * clock's now; a test that moves its simulated clock more than 30 minutes forward signs in again after the
 * move (`signIn` again, or `session.renew()`).
 */
import { Temporal } from 'temporal-polyfill';
import { createSession, sessionCookie, type UserRole } from '../../src/access/index.ts';
import type { MunicipalityCode } from '../../src/kernel/index.ts';
import type { Db } from '../../src/platform/db/database.ts';

export interface WebSession {
  /** The header that carries the session: `{ cookie: 'ydelse_session=…' }`. */
  readonly headers: { readonly cookie: string };
  /** The session's secret (the cookie's value), e.g. for a browser context's cookie. */
  readonly secret: string;
  /** The form field `_csrf` every post form of the session carries. */
  readonly csrfToken: string;
}

export interface WebSignIn {
  readonly municipality?: string;
  readonly user?: string;
  readonly roles?: readonly UserRole[];
}

/** A signed-in user's web session, `sb101` of 101 as caseworker unless told otherwise, begun at `now`. */
export async function webSession(
  db: Db,
  now: Temporal.Instant,
  options: WebSignIn = {},
): Promise<WebSession> {
  const municipality = options.municipality ?? '101';
  const { secret, csrfToken } = await createSession(
    db,
    'web',
    {
      kind: 'bruger',
      userId: options.user ?? `sb${municipality}`,
      municipality: municipality as MunicipalityCode,
      roles: options.roles ?? ['sagsbehandler'],
    },
    { now, lifetimeYears: 200 },
  );
  return { headers: { cookie: `${sessionCookie}=${secret}` }, secret, csrfToken };
}

/**
 * A signed-in user who follows the app's clock: `headers()` and `csrf()` give a session live at the clock's
 * now, signing in again when the clock has moved on (or back) since the last sign-in, as a user would
 * after a session timed out.
 */
export class WebUser {
  private session: WebSession | undefined;
  private startedAt: Temporal.Instant | undefined;

  private readonly db: Db;
  private readonly clock: { now(): Temporal.Instant };
  private readonly options: WebSignIn;

  constructor(db: Db, clock: { now(): Temporal.Instant }, options: WebSignIn = {}) {
    this.db = db;
    this.clock = clock;
    this.options = options;
  }

  /** A session live now: the last one while the clock has moved less than 20 minutes from its start. */
  async current(): Promise<WebSession> {
    const now = this.clock.now();
    const stale =
      this.session === undefined ||
      this.startedAt === undefined ||
      Math.abs(now.since(this.startedAt).total('minutes')) >= 20;
    if (stale) {
      this.session = await webSession(this.db, now, this.options);
      this.startedAt = now;
    }
    return this.session as WebSession;
  }

  /** The cookie header of a live session. */
  async headers(): Promise<{ readonly cookie: string }> {
    return (await this.current()).headers;
  }

  /** The CSRF token of the live session (the session `headers()` gives). */
  async csrf(): Promise<string> {
    return (await this.current()).csrfToken;
  }
}

/**
 * The address of a citizen's pages is the person's id, never the CPR number: the id of the person with the
 * CPR number (with or without the dash).
 */
export async function personIdOf(db: Db, cpr: string): Promise<string> {
  const row = await db
    .selectFrom('persons')
    .select('id')
    .where('cpr', '=', cpr.replace('-', ''))
    .executeTakeFirstOrThrow();
  return row.id;
}
