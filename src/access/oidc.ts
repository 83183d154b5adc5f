/**
 * Sign-in with OpenID Connect in production: the authorization code flow with PKCE for the pages, and the
 * verification of API bearer tokens (JWT access tokens from the same provider) for users and service clients.
 *
 * A user's id is the token's `sub`; the municipality and the roles come from two claims whose names are
 * configured (`kommune` and `roller` by default; a dotted name such as `realm_access.roles` reads a nested
 * claim). For the sign-in, the provider must put these claims in the ID token. A service client holds the
 * service roles configured for its client id, not roles from the token.
 *
 * A bad token or callback is an expected outcome, refused with `ikke-godkendt` and a Danish message saying
 * what is wrong; only a failure to reach the provider (discovery, its keys, its token endpoint) throws.
 */
import * as client from 'openid-client';
import {
  createRemoteJWKSet,
  errors as jose,
  jwtVerify,
  type JWTHeaderParameters,
  type JWTPayload,
} from 'jose';
import { fail, ok, parseMunicipalityCode, parseUserId } from '../kernel/index.ts';
import type { MunicipalityCode, Result } from '../kernel/index.ts';
import { ConfigError } from '../platform/config.ts';
import { isServiceRole, isUserRole, type ServiceRole, type UserRole } from './domain/roles.ts';

export interface OidcSettings {
  /** The provider's issuer identifier, e.g. https://idp.kommune.dk/realms/x. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Our /log-ind/oidc/callback, as registered at the provider. */
  readonly redirectUri: string;
  /** The expected `aud` of API bearer tokens; the client id when absent. */
  readonly audience?: string;
  /** The claim with the user's municipality code (default `kommune`). */
  readonly municipalityClaim: string;
  /** The claim with the user's roles, an array or a space-separated string (default `roller`). */
  readonly rolesClaim: string;
  /** Service clients: client id -> the service roles it holds (client-credentials tokens). */
  readonly services: Readonly<Record<string, readonly ServiceRole[]>>;
}

export type VerifiedIdentity =
  | {
      readonly kind: 'bruger';
      readonly userId: string;
      readonly name: string | null;
      readonly municipality: MunicipalityCode;
      readonly roles: readonly UserRole[];
    }
  | { readonly kind: 'tjeneste'; readonly name: string; readonly roles: readonly ServiceRole[] };

/** A user signed in through the code flow, with the ID token to hand back at sign-out (`signOutUrl`). */
export type SignedInUser = Extract<VerifiedIdentity, { kind: 'bruger' }> & { readonly idToken: string };

export interface SignInStart {
  readonly url: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface OidcClient {
  /** The authorization URL (code flow, PKCE S256, scope `openid profile`) and the values to keep until the callback. */
  beginSignIn(): Promise<SignInStart>;
  /** Exchanges the code at the callback URL, verifies state, nonce and the ID token, and returns the user. */
  finishSignIn(callbackUrl: URL, pending: PendingSignIn): Promise<Result<SignedInUser>>;
  /** Verifies an API bearer token (a JWT access token from the issuer); a service client or a user. */
  verifyBearer(token: string): Promise<Result<VerifiedIdentity>>;
  /** The provider's end-session URL, or null when it has none. */
  signOutUrl(idTokenHint: string | null, postLogoutRedirectUri: string): string | null;
}

/** Asymmetric signatures only: never `none`, never a shared secret (HS*), whatever the token's header says. */
const allowedAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];
/** Leeway for clocks that differ between the provider and us, on `exp`, `nbf` and `iat`. */
const clockToleranceSeconds = 30;
/** A bearer token longer than this is refused before any parsing. */
const maxTokenLength = 16_384;
const maxNameLength = 200;

/** Discovers the provider and returns the client. Throws when the provider cannot be reached or is unusable. */
export async function createOidcClient(settings: OidcSettings): Promise<OidcClient> {
  const insecure = isLoopbackHttp(settings.issuer);
  const config = await client.discovery(
    new URL(settings.issuer),
    settings.clientId,
    { client_secret: settings.clientSecret, redirect_uris: [settings.redirectUri] },
    client.ClientSecretBasic(settings.clientSecret),
    // Plain http only to a provider on this machine (development and tests); marked deprecated to stand out.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    insecure ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  const metadata = config.serverMetadata();
  if (metadata.jwks_uri === undefined) {
    throw new Error(`OpenID-udbyderen ${settings.issuer} oplyser ingen jwks_uri`);
  }
  const keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
  const audience = settings.audience ?? settings.clientId;

  return {
    async beginSignIn() {
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        response_type: 'code',
        scope: 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state, nonce, codeVerifier };
    },

    async finishSignIn(callbackUrl, pending) {
      // The registered redirect URI with the callback's parameters: behind a proxy the URL the app sees may
      // differ in scheme or host, and the token endpoint wants the redirect URI exactly as registered.
      const current = new URL(settings.redirectUri);
      current.search = callbackUrl.search;
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        return refuseCallback(error);
      }
      const claims = tokens.claims();
      if (claims === undefined || tokens.id_token === undefined) {
        return fail('ikke-godkendt', 'Udbyderen sendte intet ID-token');
      }
      const user = userFromClaims(claims, settings);
      return user.ok ? ok({ ...user.value, idToken: tokens.id_token }) : user;
    },

    async verifyBearer(token) {
      if (token.length === 0) return fail('ikke-godkendt', 'Adgangsbilletten er tom');
      if (token.length > maxTokenLength) return fail('ikke-godkendt', 'Adgangsbilletten er for lang');
      let payload: JWTPayload;
      let header: JWTHeaderParameters;
      try {
        ({ payload, protectedHeader: header } = await jwtVerify(token, keys, {
          issuer: metadata.issuer,
          audience,
          algorithms: allowedAlgorithms,
          clockTolerance: clockToleranceSeconds,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        return refuseToken(error);
      }
      if (isIdToken(payload, header)) {
        return fail('ikke-godkendt', 'Et ID-token kan ikke bruges som adgangsbillet');
      }
      const clientId = stringClaim(payload, 'client_id') ?? stringClaim(payload, 'azp');
      const hasUserClaims =
        readClaim(payload, settings.municipalityClaim) !== undefined ||
        payload['auth_time'] !== undefined ||
        payload['sid'] !== undefined;
      if (clientId !== undefined && !hasUserClaims) {
        const roles = Object.hasOwn(settings.services, clientId) ? settings.services[clientId] : undefined;
        if (roles !== undefined) {
          if (roles.length === 0) {
            return fail('ikke-godkendt', `Tjenesten ${clientId} har ingen rolle i OpenYdelse`);
          }
          return ok({ kind: 'tjeneste', name: clientId, roles: [...new Set(roles)] });
        }
        if (payload.sub === undefined || payload.sub === clientId) {
          return fail(
            'ikke-godkendt',
            `Klienten ${clientId} er ikke sat op som tjeneste i OpenYdelse (YDELSE_OIDC_TJENESTER)`,
          );
        }
      }
      return userFromClaims(payload, settings);
    },

    signOutUrl(idTokenHint, postLogoutRedirectUri) {
      if (metadata.end_session_endpoint === undefined) return null;
      const parameters: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri };
      if (idTokenHint !== null) parameters['id_token_hint'] = idTokenHint;
      return client.buildEndSessionUrl(config, parameters).href;
    },
  };
}

/** The user a verified token or ID token names: the subject, the roles we know and the municipality. */
function userFromClaims(
  claims: Readonly<Record<string, unknown>>,
  settings: OidcSettings,
): Result<Extract<VerifiedIdentity, { kind: 'bruger' }>> {
  const sub = claims['sub'];
  if (typeof sub !== 'string') return fail('ikke-godkendt', 'Billetten mangler brugerens id (sub)');
  const userId = parseUserId(sub);
  if (!userId.ok) {
    return fail('ikke-godkendt', `Brugerens id (sub) fra udbyderen kan ikke bruges: ${userId.error.message}`);
  }
  const roles = userRolesOf(readClaim(claims, settings.rolesClaim));
  if (roles.length === 0) return fail('ikke-godkendt', 'Brugeren har ingen rolle i OpenYdelse');
  const rawMunicipality = readClaim(claims, settings.municipalityClaim);
  if (rawMunicipality === undefined || rawMunicipality === null || rawMunicipality === '') {
    return fail(
      'ikke-godkendt',
      `Brugeren har ingen kommune: udbyderens claim «${settings.municipalityClaim}» mangler`,
    );
  }
  const municipalityText =
    typeof rawMunicipality === 'number' && Number.isInteger(rawMunicipality)
      ? String(rawMunicipality).padStart(3, '0')
      : typeof rawMunicipality === 'string'
        ? rawMunicipality.trim()
        : undefined;
  const municipality =
    municipalityText === undefined
      ? fail('ukendt-kommune', 'claimet er ikke en tekst')
      : parseMunicipalityCode(municipalityText);
  if (!municipality.ok) {
    return fail(
      'ikke-godkendt',
      `Brugerens kommune i udbyderens claim «${settings.municipalityClaim}» er ugyldig: ${municipality.error.message}`,
    );
  }
  return ok({
    kind: 'bruger',
    userId: userId.value,
    name: displayName(claims),
    municipality: municipality.value,
    roles,
  });
}

/** The known user roles of a roles claim (an array, or a space-separated string); unknown ones are ignored. */
function userRolesOf(value: unknown): UserRole[] {
  const names =
    typeof value === 'string'
      ? value.split(/\s+/u)
      : Array.isArray(value)
        ? value.filter((item): item is string => typeof item === 'string')
        : [];
  return [...new Set(names.map((name) => name.trim()).filter(isUserRole))];
}

function displayName(claims: Readonly<Record<string, unknown>>): string | null {
  for (const key of ['name', 'preferred_username']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, maxNameLength);
  }
  return null;
}

/** A claim by name; a dotted name that is not itself a claim reads a nested one (`realm_access.roles`). */
function readClaim(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function stringClaim(claims: JWTPayload, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * An ID token: Keycloak marks it `typ: ID`; others carry a hash of the code or access token, or the sign-in's
 * nonce. A nonce alone does not count in an access token marked as one (`at+jwt`, or Keycloak's `typ: Bearer`):
 * older Keycloak versions copied the nonce into access tokens.
 */
function isIdToken(payload: JWTPayload, header: JWTHeaderParameters): boolean {
  if (payload['typ'] === 'ID' || payload['at_hash'] !== undefined || payload['c_hash'] !== undefined) {
    return true;
  }
  const markedAccessToken =
    payload['typ'] === 'Bearer' || /^(application\/)?at\+jwt$/iu.test(header.typ ?? '');
  return payload['nonce'] !== undefined && !markedAccessToken;
}

/** A bearer token's failed verification as a refusal; a failure to fetch the provider's keys is thrown. */
function refuseToken(error: unknown): Result<never> {
  if (error instanceof jose.JWKSTimeout || error instanceof jose.JWKSInvalid) throw error;
  if (error instanceof jose.JWTExpired) return fail('ikke-godkendt', 'Adgangsbilletten er udløbet');
  if (error instanceof jose.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return fail('ikke-godkendt', 'Adgangsbilletten er udstedt af en anden udbyder');
      case 'aud':
        return fail('ikke-godkendt', 'Adgangsbilletten er udstedt til en anden modtager end OpenYdelse');
      case 'nbf':
        return fail('ikke-godkendt', 'Adgangsbilletten er endnu ikke gyldig');
      case 'exp':
        return fail('ikke-godkendt', 'Adgangsbilletten mangler et gyldigt udløbstidspunkt');
      default:
        return fail('ikke-godkendt', `Adgangsbillettens claim «${error.claim}» er ugyldigt`);
    }
  }
  if (error instanceof jose.JWSSignatureVerificationFailed) {
    return fail(
      'ikke-godkendt',
      'Adgangsbillettens signatur er ugyldig: billetten er forfalsket eller ændret',
    );
  }
  if (error instanceof jose.JWKSNoMatchingKey) {
    return fail('ikke-godkendt', 'Adgangsbilletten er signeret med en nøgle, udbyderen ikke har');
  }
  if (error instanceof jose.JOSEAlgNotAllowed) {
    return fail('ikke-godkendt', 'Adgangsbilletten er ikke signeret med en tilladt algoritme');
  }
  if (error instanceof jose.JOSEError) {
    return fail('ikke-godkendt', 'Adgangsbilletten er ikke en gyldig JWT');
  }
  throw error;
}

/** A failed callback or code exchange as a refusal; a failure to reach the provider is thrown. */
function refuseCallback(error: unknown): Result<never> {
  if (error instanceof client.AuthorizationResponseError) {
    const description = error.error_description ?? error.error;
    return fail('ikke-godkendt', `Udbyderen afbrød log-ind: ${description}`);
  }
  if (error instanceof client.ResponseBodyError) {
    const description = error.error_description ?? error.error;
    return fail('ikke-godkendt', `Udbyderen afviste log-ind-koden: ${description}`);
  }
  if (error instanceof client.ClientError) {
    const cause: unknown = error.cause;
    const causeMessage = cause instanceof Error ? cause.message : '';
    const claim =
      typeof cause === 'object' && cause !== null && 'cause' in cause
        ? (cause.cause as { claim?: unknown } | undefined)?.claim
        : undefined;
    if (causeMessage.includes('"state"')) {
      return fail('ikke-godkendt', 'Svaret fra udbyderen hører ikke til dette log-ind (state passer ikke)');
    }
    if (claim === 'nonce') {
      return fail('ikke-godkendt', 'ID-tokenet hører ikke til dette log-ind (nonce passer ikke)');
    }
    if (error.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
      return fail('ikke-godkendt', 'ID-tokenet er udløbet eller endnu ikke gyldigt');
    }
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || error.code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
      throw error;
    }
    return fail(
      'ikke-godkendt',
      `Svaret fra udbyderen kunne ikke godkendes: ${causeMessage === '' ? error.message : causeMessage}`,
    );
  }
  if (error instanceof jose.JOSEError) {
    return fail('ikke-godkendt', 'ID-tokenets signatur kunne ikke godkendes');
  }
  throw error;
}

function isLoopbackHttp(url: string): boolean {
  const parsed = URL.parse(url);
  return parsed !== null && parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/u.test(hostname);
}

const envNames = {
  issuer: 'YDELSE_OIDC_ISSUER',
  clientId: 'YDELSE_OIDC_CLIENT_ID',
  clientSecret: 'YDELSE_OIDC_CLIENT_SECRET',
  redirectUri: 'YDELSE_OIDC_REDIRECT_URI',
  audience: 'YDELSE_OIDC_AUDIENCE',
  municipalityClaim: 'YDELSE_OIDC_KOMMUNE_CLAIM',
  rolesClaim: 'YDELSE_OIDC_ROLLER_CLAIM',
  services: 'YDELSE_OIDC_TJENESTER',
} as const;

/**
 * The OpenID Connect settings from the environment; undefined when YDELSE_OIDC_ISSUER and the other
 * YDELSE_OIDC_* variables are unset. Throws ConfigError naming each missing or invalid variable.
 * YDELSE_OIDC_TJENESTER lists service clients: `klient1=cpr-integration;klient2=udbetalingsfiler,cpr-integration`.
 */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const issuer = value(envNames.issuer);
  if (issuer === undefined) {
    const set = Object.values(envNames).filter((name) => value(name) !== undefined);
    if (set.length === 0) return undefined;
    throw new ConfigError(
      `Ugyldig konfiguration:\n  ${envNames.issuer}: mangler, men ${set.join(', ')} er sat`,
    );
  }
  const problems: string[] = [];
  const problem = (name: string, message: string) => problems.push(`  ${name}: ${message}`);
  const required = (name: string): string => {
    const text = value(name);
    if (text === undefined) problem(name, 'mangler');
    return text ?? '';
  };

  checkUrl(issuer, envNames.issuer, problem);
  const clientId = required(envNames.clientId);
  const clientSecret = required(envNames.clientSecret);
  const redirectUri = required(envNames.redirectUri);
  if (redirectUri !== '') checkUrl(redirectUri, envNames.redirectUri, problem);
  const audience = value(envNames.audience);
  const claimName = (name: string, fallback: string): string => {
    const text = value(name) ?? fallback;
    if (/\s/u.test(text)) problem(name, 'et claims navn må ikke indeholde mellemrum');
    return text;
  };
  const municipalityClaim = claimName(envNames.municipalityClaim, 'kommune');
  const rolesClaim = claimName(envNames.rolesClaim, 'roller');
  const services = parseServices(value(envNames.services) ?? '', clientId, (message) =>
    problem(envNames.services, message),
  );

  if (problems.length > 0) throw new ConfigError(`Ugyldig konfiguration:\n${problems.join('\n')}`);
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri,
    ...(audience === undefined ? {} : { audience }),
    municipalityClaim,
    rolesClaim,
    services,
  };
}

/** An https URL, or http to this machine (a provider in development); no fragment. */
function checkUrl(text: string, name: string, problem: (name: string, message: string) => void): void {
  const url = URL.parse(text);
  if (url === null) {
    problem(name, `skal være en absolut adresse, ikke «${text}»`);
  } else if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    problem(name, 'skal være en https://-adresse (http:// kun til localhost)');
  } else if (url.hash !== '') {
    problem(name, 'må ikke have et #-fragment');
  }
}

function parseServices(
  text: string,
  webClientId: string,
  problem: (message: string) => void,
): Readonly<Record<string, readonly ServiceRole[]>> {
  const services: Record<string, ServiceRole[]> = {};
  for (const entry of text.split(';')) {
    if (entry.trim() === '') continue;
    const [id, roleList, ...rest] = entry.split('=').map((part) => part.trim());
    if (id === undefined || id === '' || roleList === undefined || rest.length > 0) {
      problem(`«${entry.trim()}» skal have formen klient-id=rolle,rolle`);
      continue;
    }
    if (Object.hasOwn(services, id)) {
      problem(`klienten ${id} står der mere end én gang`);
      continue;
    }
    if (id === webClientId) {
      problem(`klienten ${id} er OpenYdelses egen klient (YDELSE_OIDC_CLIENT_ID), ikke en tjeneste`);
      continue;
    }
    const roles = roleList
      .split(',')
      .map((role) => role.trim())
      .filter((role) => role !== '');
    const unknown = roles.filter((role) => !isServiceRole(role));
    if (roles.length === 0) {
      problem(`klienten ${id} har ingen rolle`);
    } else if (unknown.length > 0) {
      problem(`ukendt tjenesterolle ${unknown.join(', ')} for klienten ${id}`);
    } else {
      services[id] = [...new Set(roles.filter(isServiceRole))];
    }
  }
  return services;
}
