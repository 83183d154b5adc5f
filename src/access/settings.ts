/**
 * Sign-in as configured (README, "Sign-in"): with `YDELSE_OIDC_ISSUER` set, users sign in with the
 * municipality's identity provider and the local sign-in is off (unless `YDELSE_LOKAL_LOGIN=ja`); without
 * it, the local sign-in of the demo. Cookies are sent over HTTPS only when the provider is set, or with
 * `YDELSE_SIKRE_COOKIES=ja`.
 */
import { ConfigError } from '../platform/config.ts';
import type { AccessSettings } from './http/access-plugin.ts';
import { createOidcClient, oidcSettingsFromEnv } from './oidc.ts';

function yesNo(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = (env[name] ?? '').trim();
  if (value === '') return fallback;
  if (value === 'ja') return true;
  if (value === 'nej') return false;
  throw new ConfigError(`Ugyldig konfiguration:\n  ${name}: skal være ja eller nej`);
}

export async function accessSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<AccessSettings> {
  const settings = oidcSettingsFromEnv(env);
  const limit = (env.YDELSE_LOGIN_PR_MINUT ?? '').trim();
  if (limit !== '' && !/^[1-9]\d{0,3}$/.test(limit)) {
    throw new ConfigError('Ugyldig konfiguration:\n  YDELSE_LOGIN_PR_MINUT: skal være et tal fra 1 til 9999');
  }
  return {
    oidc: settings === undefined ? null : await createOidcClient(settings),
    oidcOrigin: settings === undefined ? null : new URL(settings.issuer).origin,
    localSignIn: yesNo(env, 'YDELSE_LOKAL_LOGIN', settings === undefined),
    secureCookies: yesNo(env, 'YDELSE_SIKRE_COOKIES', settings !== undefined),
    signInsPerMinute: limit === '' ? 20 : Number(limit),
  };
}
