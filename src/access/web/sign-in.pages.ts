/**
 * Sign-in and sign-out (docs/security.md).
 *
 * - With the municipality's identity provider (OIDC): GET /log-ind/oidc starts the code flow with PKCE; the
 *   provider returns to GET /log-ind/oidc/callback, which starts the session. The user's municipality and
 *   roles come from the token's claims.
 * - Locally (the demo and tests, never with a provider unless asked): GET /log-ind shows a form where you
 *   pick a municipality, a role and a user id; POST /log-ind starts the session.
 * - POST /log-ud ends the session (and at the provider, when it has an end-session address).
 *
 * Sign-in attempts are limited per client address and minute, counted in the database so every web process
 * shares the count.
 */
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { parseMunicipalityCode, parseUserId, type MunicipalityCode } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { alert, errorSummary } from '../../platform/web/components.ts';
import { errorPage } from '../../platform/web/error-pages.ts';
import { municipalityOptions, requestText, selectField, textField } from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page, sendPage } from '../../platform/web/layout.ts';
import type { Deps } from '../../platform/use-case.ts';
import { roleLabels, userRoles, type UserRole } from '../domain/roles.ts';
import { createSession, endSession, findSession } from '../sessions.ts';
import { sessionCookie, type AccessSettings } from '../http/access-plugin.ts';

const signInLifetimeMinutes = 10;

/** Where to go after sign-in: a path of this site only (never `//other.site` or a full address). */
export function safeReturnPath(value: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 2000 ? value : '/';
}

/** Counts the attempt; false when the client has made too many this minute. */
async function withinRateLimit(deps: Deps, settings: AccessSettings, client: string): Promise<boolean> {
  const now = deps.clock.now();
  const minute = now.round({ smallestUnit: 'minute', roundingMode: 'floor' }).toString();
  const result = await sql<{ attempts: number }>`
    insert into sign_in_attempts (client, window_start, attempts) values (${client}, ${minute}::timestamptz, 1)
    on conflict (client, window_start) do update set attempts = sign_in_attempts.attempts + 1
    returning attempts`.execute(deps.db);
  await sql`delete from sign_in_attempts where window_start < ${minute}::timestamptz - interval '1 hour'`.execute(
    deps.db,
  );
  return (result.rows[0]?.attempts ?? 0) <= settings.signInsPerMinute;
}

function tooMany(reply: FastifyReply): FastifyReply {
  return sendPage(
    reply.header('retry-after', '60'),
    429,
    errorPage(
      undefined,
      'For mange forsøg',
      'Der er forsøgt at logge ind for mange gange. Vent et minut, og prøv igen.',
    ),
  );
}

function setSessionCookie(reply: FastifyReply, settings: AccessSettings, secret: string): void {
  reply.setCookie(sessionCookie, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: settings.secureCookies,
  });
}

interface LocalForm {
  readonly kommune: string;
  readonly rolle: string;
  readonly bruger: string;
  readonly til: string;
}

interface FormError {
  readonly fieldId: keyof LocalForm;
  readonly message: string;
}

const roleOptions = userRoles.map((role) => ({ value: role, text: roleLabels[role] }));

function signInPage(
  settings: AccessSettings,
  form: LocalForm,
  errors: readonly FormError[],
  notice?: SafeHtml,
): SafeHtml {
  const errorAt = (id: keyof LocalForm): string | undefined => errors.find((e) => e.fieldId === id)?.message;
  const provider =
    settings.oidc === null
      ? html``
      : html`<p>
          <a class="button button-primary" href="/log-ind/oidc?til=${encodeURIComponent(form.til)}"
            >Log ind med kommunens login</a
          >
        </p>`;
  const local = !settings.localSignIn
    ? html``
    : html`<h2>Lokalt login (demo og test)</h2>
        <p>
          Vælg en kommune, en rolle og et bruger-id. Det findes kun, når OpenYdelse kører uden kommunens
          login.
        </p>
        ${errorSummary(errors.map((e) => ({ fieldId: e.fieldId, message: e.message })))}
        <form method="post" action="/log-ind" novalidate>
          <input type="hidden" name="til" value="${form.til}" />
          ${selectField({ id: 'kommune', label: 'Kommune', value: form.kommune, options: municipalityOptions(), error: errorAt('kommune') })}
          ${selectField({ id: 'rolle', label: 'Rolle', value: form.rolle, options: roleOptions, error: errorAt('rolle') })}
          ${textField({
            id: 'bruger',
            label: 'Bruger-id',
            hint: 'Fx sb101: bogstaver, tal, punktum, bindestreg og understreg',
            value: form.bruger,
            error: errorAt('bruger'),
            autocomplete: 'username',
            width: 'input-width-m',
          })}
          <button type="submit" class="button button-primary mt-5">Log ind</button>
        </form>`;
  return page({
    title: 'Log ind',
    hasErrors: errors.length > 0,
    actor: undefined,
    main: html`<h1>Log ind</h1>
      ${notice} ${provider} ${local}`,
  });
}

function readLocalForm(body: unknown):
  | {
      readonly ok: true;
      readonly municipality: MunicipalityCode;
      readonly role: UserRole;
      readonly userId: string;
    }
  | { readonly ok: false; readonly errors: FormError[] } {
  const errors: FormError[] = [];
  const code = parseMunicipalityCode(requestText(body, 'kommune').trim());
  if (!code.ok) errors.push({ fieldId: 'kommune', message: 'Vælg den kommune, du arbejder i' });
  const role = requestText(body, 'rolle');
  const knownRole = (userRoles as readonly string[]).includes(role);
  if (!knownRole) errors.push({ fieldId: 'rolle', message: 'Vælg en af rollerne' });
  const user = parseUserId(requestText(body, 'bruger').trim(), 'bruger');
  if (!user.ok) errors.push({ fieldId: 'bruger', message: user.error.message });
  if (!code.ok || !knownRole || !user.ok) return { ok: false, errors };
  return { ok: true, municipality: code.value, role: role as UserRole, userId: user.value };
}

/** The sign-in pages; the access hook lets them through (`offentlig`). */
export function signInPages(settings: AccessSettings): AppPlugin {
  return async (app, { deps }) => {
    await app.register(fastifyFormbody);
    const open = { schema: { hide: true }, config: { access: 'offentlig' as const } };

    app.get('/log-ind', open, (request, reply) => {
      const til = safeReturnPath(requestText(request.query, 'til') || '/');
      const notice =
        requestText(request.query, 'ud') === '1'
          ? alert('success', 'Du er logget ud', 'Luk browseren, hvis andre bruger den.')
          : undefined;
      const form = { kommune: '', rolle: 'sagsbehandler', bruger: '', til };
      return sendPage(reply, 200, signInPage(settings, form, [], notice));
    });

    app.post('/log-ind', open, async (request, reply) => {
      if (!settings.localSignIn) {
        return sendPage(
          reply,
          404,
          errorPage(undefined, 'Lokalt login er slået fra', 'Log ind med kommunens login.'),
        );
      }
      if (!(await withinRateLimit(deps, settings, request.ip))) return tooMany(reply);
      const til = safeReturnPath(requestText(request.body, 'til') || '/');
      const read = readLocalForm(request.body);
      if (!read.ok) {
        const form = {
          kommune: requestText(request.body, 'kommune'),
          rolle: requestText(request.body, 'rolle'),
          bruger: requestText(request.body, 'bruger'),
          til,
        };
        return sendPage(reply, 400, signInPage(settings, form, read.errors));
      }
      const { secret } = await createSession(
        deps.db,
        'web',
        { kind: 'bruger', userId: read.userId, municipality: read.municipality, roles: [read.role] },
        { now: deps.clock.now() },
      );
      setSessionCookie(reply, settings, secret);
      return reply.redirect(til, 303);
    });

    app.get('/log-ind/oidc', open, async (request, reply) => {
      const oidc = settings.oidc;
      if (oidc === null) {
        return sendPage(
          reply,
          404,
          errorPage(undefined, 'Kommunens login er ikke sat op', 'Brug det lokale login.'),
        );
      }
      if (!(await withinRateLimit(deps, settings, request.ip))) return tooMany(reply);
      const start = await oidc.beginSignIn();
      const now = deps.clock.now();
      await deps.db
        .insertInto('pending_sign_ins')
        .values({
          state: start.state,
          nonce: start.nonce,
          code_verifier: start.codeVerifier,
          return_to: safeReturnPath(requestText(request.query, 'til') || '/'),
          expires_at: now.add({ minutes: signInLifetimeMinutes }).toString(),
        })
        .execute();
      await sql`delete from pending_sign_ins where expires_at < ${now.toString()}::timestamptz`.execute(
        deps.db,
      );
      return reply.redirect(start.url, 303);
    });

    app.get('/log-ind/oidc/callback', open, async (request, reply) => {
      const oidc = settings.oidc;
      const refused = (message: string) =>
        sendPage(
          reply,
          401,
          errorPage(
            undefined,
            'Du blev ikke logget ind',
            html`<p>${message}</p>
              <p><a href="/log-ind">Prøv igen</a></p>`,
          ),
        );
      if (oidc === null) return refused('Kommunens login er ikke sat op.');
      const state = requestText(request.query, 'state');
      const pending = await deps.db
        .deleteFrom('pending_sign_ins')
        .where('state', '=', state)
        .where('expires_at', '>', sql<Date>`${deps.clock.now().toString()}::timestamptz`)
        .returningAll()
        .executeTakeFirst();
      if (pending === undefined) return refused('Login-forsøget er ukendt eller udløbet.');
      const finished = await oidc.finishSignIn(new URL(request.url, 'http://callback.invalid'), {
        state: pending.state,
        nonce: pending.nonce,
        codeVerifier: pending.code_verifier,
      });
      if (!finished.ok) return refused(finished.error.message);
      const user = finished.value;
      const { secret } = await createSession(
        deps.db,
        'web',
        { kind: 'bruger', userId: user.userId, municipality: user.municipality, roles: user.roles },
        { now: deps.clock.now(), name: user.name, idToken: user.idToken },
      );
      setSessionCookie(reply, settings, secret);
      return reply.redirect(pending.return_to, 303);
    });

    app.post('/log-ud', open, async (request: FastifyRequest, reply) => {
      const secret = request.cookies[sessionCookie];
      let providerSignOut: string | null = null;
      if (secret !== undefined) {
        // The access hook has checked the form's CSRF token when the cookie named a live session.
        const session = await findSession(deps.db, 'web', secret, deps.clock.now());
        if (session !== undefined && settings.oidc !== null) {
          const back = `${request.protocol}://${request.host}/log-ind?ud=1`;
          providerSignOut = settings.oidc.signOutUrl(session.idToken, back);
        }
        await endSession(deps.db, secret, deps.clock.now());
      }
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.redirect(providerSignOut ?? '/log-ind?ud=1', 303);
    });
  };
}
