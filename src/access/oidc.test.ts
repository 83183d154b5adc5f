/**
 * Sign-in and bearer tokens against a real OpenID provider (oidc-provider, started in this process over
 * http on 127.0.0.1): the code flow as a browser would follow it, and access tokens the provider issues or
 * that are made to look like its own.
 */
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/free-port.ts';
import { startTestProvider, type TestProvider } from '../../test/support/oidc-provider.ts';
import { ConfigError } from '../platform/config.ts';
import { createOidcClient, oidcSettingsFromEnv, type OidcClient } from './oidc.ts';

let op: TestProvider;
let oidc: OidcClient;

beforeAll(async () => {
  op = await startTestProvider();
  oidc = await createOidcClient(op.settings());
});
afterAll(async () => {
  await op.close();
});

const now = () => Math.floor(Date.now() / 1000);

/** The claims of a user access token as the provider issues them, for tokens signed with its key. */
function userClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: op.issuer,
    aud: op.apiAudience,
    sub: 'sagsbehandler1',
    client_id: op.webClient.clientId,
    kommune: '101',
    roller: ['sagsbehandler'],
    iat: now() - 10,
    exp: now() + 300,
    ...overrides,
  };
}

function refusal(result: { ok: boolean; error?: { code: string; message: string } }): string {
  expect(result.ok).toBe(false);
  expect(result.error?.code).toBe('ikke-godkendt');
  return result.error?.message ?? '';
}

describe('sign-in with the authorization code flow', () => {
  it('signs a caseworker in: PKCE, state and nonce, and the municipality and roles from the ID token', async () => {
    const start = await oidc.beginSignIn();
    const url = new URL(start.url);
    expect(url.origin).toBe(op.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: op.webClient.clientId,
      redirect_uri: op.webClient.redirectUri,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge_method: 'S256',
      state: start.state,
      nonce: start.nonce,
    });
    expect(url.searchParams.get('code_challenge')).not.toBe(start.codeVerifier);

    const callback = await op.signIn(start.url, 'sagsbehandler1');
    expect(callback.searchParams.get('state')).toBe(start.state);
    const result = await oidc.finishSignIn(callback, start);
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'bruger',
        userId: 'sagsbehandler1',
        name: 'Sara Sagsbehandler',
        municipality: '101',
        roles: ['sagsbehandler'],
        idToken: expect.any(String) as unknown,
      },
    });

    // The same code a second time: the provider refuses it.
    expect(refusal(await oidc.finishSignIn(callback, start))).toMatch(/^Udbyderen afviste log-ind-koden/u);

    // Sign-out at the provider, with the ID token as hint.
    const idToken = result.ok ? result.value.idToken : '';
    const signOut = new URL(oidc.signOutUrl(idToken, 'https://openydelse.test/') ?? '');
    expect(signOut.origin).toBe(op.issuer);
    expect(signOut.searchParams.get('id_token_hint')).toBe(idToken);
    expect(signOut.searchParams.get('post_logout_redirect_uri')).toBe('https://openydelse.test/');
    expect(signOut.searchParams.get('client_id')).toBe(op.webClient.clientId);
  });

  it('refuses a callback whose state is not the pending sign-in’s', async () => {
    const start = await oidc.beginSignIn();
    const callback = await op.signIn(start.url, 'sagsbehandler1');
    const message = refusal(await oidc.finishSignIn(callback, { ...start, state: 'en-anden-state' }));
    expect(message).toBe('Svaret fra udbyderen hører ikke til dette log-ind (state passer ikke)');
  });

  it('refuses a callback without a code, and passes on the provider’s error', async () => {
    const start = await oidc.beginSignIn();
    const bare = new URL(op.webClient.redirectUri);
    bare.search = new URLSearchParams({ state: start.state, iss: op.issuer }).toString();
    expect(refusal(await oidc.finishSignIn(bare, start))).toMatch(
      /^Svaret fra udbyderen kunne ikke godkendes/u,
    );
    const denied = new URL(op.webClient.redirectUri);
    denied.search = new URLSearchParams({
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
      state: start.state,
      iss: op.issuer,
    }).toString();
    expect(refusal(await oidc.finishSignIn(denied, start))).toBe(
      'Udbyderen afbrød log-ind: End-User aborted interaction',
    );
  });

  it('refuses an ID token whose nonce is not the pending sign-in’s, and a wrong PKCE verifier', async () => {
    const first = await oidc.beginSignIn();
    const firstCallback = await op.signIn(first.url, 'sagsbehandler1');
    expect(refusal(await oidc.finishSignIn(firstCallback, { ...first, nonce: 'en-anden-nonce' }))).toBe(
      'ID-tokenet hører ikke til dette log-ind (nonce passer ikke)',
    );

    const second = await oidc.beginSignIn();
    const secondCallback = await op.signIn(second.url, 'sagsbehandler1');
    const wrongVerifier = (await oidc.beginSignIn()).codeVerifier;
    expect(
      refusal(await oidc.finishSignIn(secondCallback, { ...second, codeVerifier: wrongVerifier })),
    ).toMatch(/^Udbyderen afviste log-ind-koden/u);
  });

  it('refuses a user the provider gives no role in OpenYdelse', async () => {
    const start = await oidc.beginSignIn();
    const callback = await op.signIn(start.url, 'uden-rolle');
    expect(refusal(await oidc.finishSignIn(callback, start))).toBe('Brugeren har ingen rolle i OpenYdelse');
  });
});

describe('API bearer tokens', () => {
  it('accepts a user’s access token from the provider', async () => {
    const { accessToken } = await op.userTokens('sagsbehandler1');
    expect(await oidc.verifyBearer(accessToken)).toEqual({
      ok: true,
      value: {
        kind: 'bruger',
        userId: 'sagsbehandler1',
        name: null,
        municipality: '101',
        roles: ['sagsbehandler'],
      },
    });
  });

  it('accepts a configured service client’s client-credentials token, with its configured roles', async () => {
    const token = await op.clientCredentialsToken(op.serviceClient);
    expect(await oidc.verifyBearer(token)).toEqual({
      ok: true,
      value: { kind: 'tjeneste', name: op.serviceClient.clientId, roles: ['cpr-integration'] },
    });
  });

  it('reads roles from a space-separated string, ignores unknown roles, and reads a nested claim', async () => {
    const spaced = await op.signWithProviderKey(
      userClaims({ roller: 'ukendt-rolle laeseadgang sagsbehandler' }),
    );
    const result = await oidc.verifyBearer(spaced);
    expect(result.ok && result.value.roles).toEqual(['laeseadgang', 'sagsbehandler']);

    const nested = await createOidcClient(op.settings({ rolesClaim: 'realm_access.roles' }));
    const keycloakLike = await op.signWithProviderKey(
      userClaims({ roller: undefined, realm_access: { roles: ['systemansvarlig', 'offline_access'] } }),
    );
    const nestedResult = await nested.verifyBearer(keycloakLike);
    expect(nestedResult.ok && nestedResult.value.roles).toEqual(['systemansvarlig']);
  });

  it('refuses each bad token with its own reason, and never throws', async () => {
    const forgingKey = await generateKeyPair('RS256');
    const forged = await new SignJWT(userClaims())
      .setProtectedHeader({ alg: 'RS256', kid: op.keyId, typ: 'at+jwt' })
      .sign(forgingKey.privateKey);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(userClaims())}.`;
    const hmacWithClientSecret = await new SignJWT(userClaims())
      .setProtectedHeader({ alg: 'HS256', kid: op.keyId })
      .sign(new TextEncoder().encode(op.webClient.clientSecret));

    const otherProvider = await startTestProvider();
    const fromOtherProvider = await otherProvider.clientCredentialsToken(otherProvider.serviceClient);
    await otherProvider.close();

    const cases: [string, string, string][] = [
      [
        'expired',
        await op.signWithProviderKey(userClaims({ iat: now() - 7200, exp: now() - 3600 })),
        'Adgangsbilletten er udløbet',
      ],
      [
        'not yet valid',
        await op.signWithProviderKey(userClaims({ nbf: now() + 3600 })),
        'Adgangsbilletten er endnu ikke gyldig',
      ],
      [
        'without expiry',
        await op.signWithProviderKey(userClaims({ exp: undefined })),
        'Adgangsbilletten mangler et gyldigt udløbstidspunkt',
      ],
      [
        'forged (same kid and issuer, another key)',
        forged,
        'Adgangsbillettens signatur er ugyldig: billetten er forfalsket eller ændret',
      ],
      [
        'from another provider',
        fromOtherProvider,
        'Adgangsbilletten er signeret med en nøgle, udbyderen ikke har',
      ],
      [
        'another issuer',
        await op.signWithProviderKey(userClaims({ iss: 'https://anden-udbyder.test' })),
        'Adgangsbilletten er udstedt af en anden udbyder',
      ],
      [
        'another audience (issued by the provider)',
        await op.clientCredentialsToken(op.serviceClient, op.otherAudience),
        'Adgangsbilletten er udstedt til en anden modtager end OpenYdelse',
      ],
      ['alg none', unsigned, 'Adgangsbilletten er ikke signeret med en tilladt algoritme'],
      [
        'HS256 with the client secret',
        hmacWithClientSecret,
        'Adgangsbilletten er ikke signeret med en tilladt algoritme',
      ],
      ['garbage', 'dette-er-ikke-en-billet', 'Adgangsbilletten er ikke en gyldig JWT'],
      ['empty', '', 'Adgangsbilletten er tom'],
      ['huge', 'a'.repeat(20_000), 'Adgangsbilletten er for lang'],
      [
        'a user without roles (issued by the provider)',
        (await op.userTokens('uden-rolle')).accessToken,
        'Brugeren har ingen rolle i OpenYdelse',
      ],
      [
        'a user without municipality',
        await op.signWithProviderKey(userClaims({ kommune: undefined })),
        'Brugeren har ingen kommune: udbyderens claim «kommune» mangler',
      ],
      [
        'a user with an unknown municipality',
        await op.signWithProviderKey(userClaims({ kommune: '999' })),
        'Brugerens kommune i udbyderens claim «kommune» er ugyldig',
      ],
      [
        'a client-credentials token of a client that is not a configured service',
        await op.clientCredentialsToken(op.unknownServiceClient),
        'Klienten ukendt-klient er ikke sat op som tjeneste i OpenYdelse (YDELSE_OIDC_TJENESTER)',
      ],
    ];
    const messages = [];
    for (const [label, token, expected] of cases) {
      const result = await oidc.verifyBearer(token);
      const message = refusal(result);
      expect(message, label).toContain(expected);
      messages.push(message);
    }
    expect(new Set(messages).size).toBe(cases.length - 1); // alg none and HS256 share their reason
  });

  it('refuses an ID token used as a bearer token, when the audience is the client id', async () => {
    const { audience: _audience, ...withoutAudience } = op.settings();
    const client = await createOidcClient(withoutAudience);
    const { idToken } = await op.userTokens('sagsbehandler1');
    expect(refusal(await client.verifyBearer(idToken))).toBe('Et ID-token kan ikke bruges som adgangsbillet');

    // A nonce alone marks an ID token only when the token is not marked as an access token.
    const audience = op.webClient.clientId;
    const withNonce = userClaims({ aud: audience, nonce: 'n' });
    expect((await client.verifyBearer(await op.signWithProviderKey(withNonce))).ok).toBe(true);
    expect(
      (
        await client.verifyBearer(
          await op.signWithProviderKey({ ...withNonce, typ: 'Bearer' }, { typ: 'JWT' }),
        )
      ).ok,
    ).toBe(true);
    expect(refusal(await client.verifyBearer(await op.signWithProviderKey(withNonce, { typ: 'JWT' })))).toBe(
      'Et ID-token kan ikke bruges som adgangsbillet',
    );
  });

  it('a numeric municipality claim is read as a code', async () => {
    const result = await oidc.verifyBearer(await op.signWithProviderKey(userClaims({ kommune: 101 })));
    expect(result.ok && result.value.kind === 'bruger' && result.value.municipality).toBe('101');
  });
});

describe('createOidcClient', () => {
  it('throws when the provider cannot be reached', async () => {
    const port = await freePort();
    await expect(
      createOidcClient(op.settings({ issuer: `http://127.0.0.1:${String(port)}` })),
    ).rejects.toThrow();
  });
});

describe('oidcSettingsFromEnv', () => {
  const complete = {
    YDELSE_OIDC_ISSUER: 'https://idp.kommune.dk/realms/ydelse',
    YDELSE_OIDC_CLIENT_ID: 'openydelse',
    YDELSE_OIDC_CLIENT_SECRET: 'hemmelig',
    YDELSE_OIDC_REDIRECT_URI: 'https://ydelse.kommune.dk/log-ind/oidc/callback',
  };
  const errorOf = (env: NodeJS.ProcessEnv): string => {
    try {
      oidcSettingsFromEnv(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('is undefined when no YDELSE_OIDC_ variable is set', () => {
    expect(oidcSettingsFromEnv({ PORT: '3000', YDELSE_OIDC_ISSUER: '' })).toBeUndefined();
  });

  it('reads the settings with their defaults, and the service clients', () => {
    expect(oidcSettingsFromEnv(complete)).toEqual({
      issuer: 'https://idp.kommune.dk/realms/ydelse',
      clientId: 'openydelse',
      clientSecret: 'hemmelig',
      redirectUri: 'https://ydelse.kommune.dk/log-ind/oidc/callback',
      municipalityClaim: 'kommune',
      rolesClaim: 'roller',
      services: {},
    });
    expect(
      oidcSettingsFromEnv({
        ...complete,
        YDELSE_OIDC_AUDIENCE: 'api://openydelse',
        YDELSE_OIDC_KOMMUNE_CLAIM: 'municipality',
        YDELSE_OIDC_ROLLER_CLAIM: 'realm_access.roles',
        YDELSE_OIDC_TJENESTER: 'klient1=cpr-integration; klient2=udbetalingsfiler,cpr-integration;',
      }),
    ).toMatchObject({
      audience: 'api://openydelse',
      municipalityClaim: 'municipality',
      rolesClaim: 'realm_access.roles',
      services: { klient1: ['cpr-integration'], klient2: ['udbetalingsfiler', 'cpr-integration'] },
    });
  });

  it('names each missing or invalid variable', () => {
    const partial = errorOf({ YDELSE_OIDC_ISSUER: complete.YDELSE_OIDC_ISSUER });
    expect(partial).toContain('YDELSE_OIDC_CLIENT_ID: mangler');
    expect(partial).toContain('YDELSE_OIDC_CLIENT_SECRET: mangler');
    expect(partial).toContain('YDELSE_OIDC_REDIRECT_URI: mangler');

    expect(errorOf({ YDELSE_OIDC_CLIENT_ID: 'openydelse' })).toContain(
      'YDELSE_OIDC_ISSUER: mangler, men YDELSE_OIDC_CLIENT_ID er sat',
    );
    expect(errorOf({ ...complete, YDELSE_OIDC_ISSUER: 'http://idp.kommune.dk' })).toContain(
      'YDELSE_OIDC_ISSUER: skal være en https://-adresse',
    );
    expect(errorOf({ ...complete, YDELSE_OIDC_REDIRECT_URI: '/log-ind/oidc/callback' })).toContain(
      'YDELSE_OIDC_REDIRECT_URI: skal være en absolut adresse',
    );
    expect(
      errorOf({ ...complete, YDELSE_OIDC_TJENESTER: 'klient1=cpr-integration,sagsbehandler' }),
    ).toContain('YDELSE_OIDC_TJENESTER: ukendt tjenesterolle sagsbehandler for klienten klient1');
    expect(errorOf({ ...complete, YDELSE_OIDC_TJENESTER: 'klient1' })).toContain('YDELSE_OIDC_TJENESTER:');
    expect(errorOf({ ...complete, YDELSE_OIDC_TJENESTER: 'openydelse=cpr-integration' })).toContain(
      'YDELSE_OIDC_TJENESTER: klienten openydelse er OpenYdelses egen klient',
    );
    expect(errorOf({ ...complete, YDELSE_OIDC_ROLLER_CLAIM: 'mine roller' })).toContain(
      'YDELSE_OIDC_ROLLER_CLAIM:',
    );
  });

  it('allows http for a provider on this machine', () => {
    expect(
      oidcSettingsFromEnv({ ...complete, YDELSE_OIDC_ISSUER: 'http://127.0.0.1:8080/realms/test' })?.issuer,
    ).toBe('http://127.0.0.1:8080/realms/test');
  });
});
