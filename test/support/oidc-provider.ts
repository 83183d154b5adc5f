/**
 * A real OpenID provider for tests (the npm package oidc-provider, in this process on 127.0.0.1 and a free
 * port, over http): the web client OpenYdelse signs in with (code flow, PKCE required), service clients with
 * client credentials, and JWT access tokens for the API's audience (resource indicators, the default
 * resource for every request). Users log in through the provider's development pages: a form with `login`
 * (the account id) and any `password`, then a consent page with a "Continue" button; a browser test can fill
 * those in, and `signIn` does the same with plain fetch and cookies.
 *
 *   const op = await startTestProvider({ redirectUris: ['http://127.0.0.1:3000/log-ind/oidc/callback'] });
 *   const oidc = await createOidcClient(op.settings());
 *   ...
 *   await op.close();
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import Provider, { errors, type Configuration } from 'oidc-provider';
import type { OidcSettings } from '../../src/access/oidc.ts';
import type { ServiceRole } from '../../src/access/domain/roles.ts';

/** The claims of a test user; `kommune` and `roller` are put in the ID token and in the access tokens. */
export interface TestAccount {
  readonly name?: string;
  readonly kommune?: string | number;
  readonly roller?: readonly string[] | string;
}

export interface TestProviderOptions {
  /** The web client's registered redirect URIs; the first one is `settings().redirectUri`. */
  readonly redirectUris?: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[];
  /** Account id -> claims; defaults to `defaultTestAccounts`. */
  readonly accounts?: Readonly<Record<string, TestAccount>>;
}

export interface TestClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface TestProvider {
  /** http://127.0.0.1:<port>, the issuer identifier. */
  readonly issuer: string;
  /** The `aud` of access tokens for OpenYdelse's API (the default resource). */
  readonly apiAudience: string;
  /** Another resource server the provider also issues tokens for. */
  readonly otherAudience: string;
  readonly webClient: TestClient & { readonly redirectUri: string };
  /** A service client configured in `settings().services` with the role cpr-integration. */
  readonly serviceClient: TestClient;
  /** A client with client credentials that `settings()` does not list as a service. */
  readonly unknownServiceClient: TestClient;
  /** OidcSettings for this provider (web client, audience = apiAudience, the service client). */
  settings(overrides?: Partial<OidcSettings>): OidcSettings;
  /** Follows an authorization URL through log-in (as `accountId`) and consent; the callback URL it ends at. */
  signIn(authorizationUrl: string, accountId: string): Promise<URL>;
  /** A user's tokens through the web client's code flow (the access token is a JWT for `apiAudience`). */
  userTokens(accountId: string): Promise<{ accessToken: string; idToken: string }>;
  /** An access token by client credentials, for the API unless another resource is given. */
  clientCredentialsToken(client: TestClient, resource?: string): Promise<string>;
  /** The `kid` of the provider's signing key (different for each provider). */
  readonly keyId: string;
  /** Signs a JWT with the provider's own signing key (its kid, RS256): to make tokens the provider would not. */
  signWithProviderKey(payload: JWTPayload, header?: { readonly typ?: string }): Promise<string>;
  close(): Promise<void>;
}

export const defaultTestAccounts: Readonly<Record<string, TestAccount>> = {
  sagsbehandler1: { name: 'Sara Sagsbehandler', kommune: '101', roller: ['sagsbehandler'] },
  'uden-rolle': { name: 'Ulla Uden Rolle', kommune: '101' },
};

export async function startTestProvider(options: TestProviderOptions = {}): Promise<TestProvider> {
  const accounts = options.accounts ?? defaultTestAccounts;
  const redirectUris = options.redirectUris ?? ['https://openydelse.test/log-ind/oidc/callback'];
  const redirectUri = redirectUris[0];
  if (redirectUri === undefined) throw new Error('startTestProvider: redirectUris is empty');
  const apiAudience = 'https://openydelse.test/api';
  const otherAudience = 'https://andet-system.test/api';
  const webClient = { clientId: 'openydelse', clientSecret: 'web-hemmelighed', redirectUri };
  const serviceClient = { clientId: 'cpr-klient', clientSecret: 'cpr-hemmelighed' };
  const unknownServiceClient = { clientId: 'ukendt-klient', clientSecret: 'ukendt-hemmelighed' };

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `test-key-${randomBytes(4).toString('hex')}`;
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${String(port)}`;

  const tokenClaims = (account: TestAccount): Record<string, unknown> => ({
    ...(account.kommune === undefined ? {} : { kommune: account.kommune }),
    ...(account.roller === undefined ? {} : { roller: account.roller }),
  });
  const configuration: Configuration = {
    clients: [
      {
        client_id: webClient.clientId,
        client_secret: webClient.clientSecret,
        redirect_uris: [...redirectUris],
        post_logout_redirect_uris: [...(options.postLogoutRedirectUris ?? ['https://openydelse.test/'])],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      ...[serviceClient, unknownServiceClient].map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      })),
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key'] },
    claims: { openid: ['sub', 'kommune', 'roller'], profile: ['name'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      ClientCredentials: 300,
      Grant: 3600,
      IdToken: 300,
      Interaction: 600,
      Session: 3600,
    },
    findAccount: (_ctx, sub) => {
      const account = Object.hasOwn(accounts, sub) ? accounts[sub] : undefined;
      if (account === undefined) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          ...(account.name === undefined ? {} : { name: account.name }),
          ...tokenClaims(account),
        }),
      };
    },
    extraTokenClaims: (_ctx, token) => {
      const accountId = 'accountId' in token ? token.accountId : undefined;
      if (typeof accountId !== 'string') return undefined;
      const account = Object.hasOwn(accounts, accountId) ? accounts[accountId] : undefined;
      return account === undefined ? undefined : tokenClaims(account);
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf?.[0] ?? apiAudience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator !== apiAudience && resourceIndicator !== otherAudience) {
            throw new errors.InvalidTarget();
          }
          return {
            scope: 'api',
            audience: resourceIndicator,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 300,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
  };
  const provider = new Provider(issuer, configuration);
  const handle = provider.callback();
  server.on('request', (request, response) => void handle(request, response));

  async function signIn(authorizationUrl: string, accountId: string): Promise<URL> {
    const jar = new CookieJar();
    let url = new URL(authorizationUrl);
    let method: 'GET' | 'POST' = 'GET';
    let body: URLSearchParams | undefined;
    for (let step = 0; step < 20; step += 1) {
      if (url.origin !== issuer) {
        if (redirectUris.includes(`${url.origin}${url.pathname}`)) return url;
        throw new Error(`signIn: redirected away from the provider to ${url.href}`);
      }
      const response = await fetch(url, {
        method,
        redirect: 'manual',
        headers: {
          cookie: jar.header(url),
          ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(body === undefined ? {} : { body }),
      });
      jar.store(response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.arrayBuffer();
        url = new URL(location, url);
        method = 'GET';
        body = undefined;
        continue;
      }
      const html = await response.text();
      if (response.status !== 200) {
        throw new Error(`signIn: ${String(response.status)} from ${url.href}: ${html.slice(0, 500)}`);
      }
      const prompt = /name="prompt" value="([a-z]+)"/u.exec(html)?.[1];
      const action = /<form[^>]*action="([^"]+)"/u.exec(html)?.[1];
      if (prompt === undefined || action === undefined) {
        throw new Error(`signIn: no log-in or consent form at ${url.href}`);
      }
      url = new URL(action.replaceAll('&amp;', '&'), url);
      method = 'POST';
      body =
        prompt === 'login'
          ? new URLSearchParams({ prompt, login: accountId, password: 'test' })
          : new URLSearchParams({ prompt });
    }
    throw new Error('signIn: too many steps');
  }

  async function tokenRequest(client: TestClient, parameters: Record<string, string>) {
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(parameters),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`token endpoint: ${JSON.stringify(json)}`);
    return json;
  }

  return {
    issuer,
    apiAudience,
    otherAudience,
    webClient,
    serviceClient,
    unknownServiceClient,
    settings: (overrides = {}) => ({
      issuer,
      clientId: webClient.clientId,
      clientSecret: webClient.clientSecret,
      redirectUri,
      audience: apiAudience,
      municipalityClaim: 'kommune',
      rolesClaim: 'roller',
      services: { [serviceClient.clientId]: ['cpr-integration'] satisfies ServiceRole[] },
      ...overrides,
    }),
    signIn,
    keyId: kid,
    async userTokens(accountId) {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const authorize = new URL('/auth', issuer);
      authorize.search = new URLSearchParams({
        client_id: webClient.clientId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid profile',
        nonce: 'test-nonce',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).toString();
      const callback = await signIn(authorize.href, accountId);
      const code = callback.searchParams.get('code');
      if (code === null) throw new Error(`userTokens: no code in ${callback.href}`);
      const json = await tokenRequest(webClient, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      });
      return { accessToken: String(json['access_token']), idToken: String(json['id_token']) };
    },
    async clientCredentialsToken(client, resource) {
      const json = await tokenRequest(client, {
        grant_type: 'client_credentials',
        ...(resource === undefined ? {} : { resource }),
      });
      return String(json['access_token']);
    },
    signWithProviderKey: (payload, header = {}) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid, typ: header.typ ?? 'at+jwt' })
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

/** Cookies by name and path, sent to the provider's paths they belong to. */
class CookieJar {
  readonly #cookies = new Map<string, { name: string; value: string; path: string }>();

  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', attributeValue = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = attributeValue;
        if (key.toLowerCase() === 'expires' && Date.parse(attributeValue) <= Date.now()) expired = true;
        if (key.toLowerCase() === 'max-age' && Number(attributeValue) <= 0) expired = true;
      }
      const key = `${name}\u0000${path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  header(url: URL): string {
    return [...this.#cookies.values()]
      .filter(
        (cookie) =>
          url.pathname === cookie.path ||
          url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`),
      )
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }
}
