/** The access context: roles, the policy of every use case, sign-in, sessions and the access log. */
export * from './domain/roles.ts';
export * from './domain/policy.ts';
export { accessPlugin, localAccess, sessionCookie, type AccessSettings } from './http/access-plugin.ts';
export { signInPages } from './web/sign-in.pages.ts';
export { accessLogPages, accessLogPath } from './web/access-log.pages.ts';
export { createSession, findSession, endSession, type SessionSubject } from './sessions.ts';
export { createOidcClient, oidcSettingsFromEnv, type OidcClient, type OidcSettings } from './oidc.ts';
export {
  searchAccessLog,
  ACCESS_LOG_MAX_LIMIT,
  type AccessLogQuery,
  type AccessLogRow,
} from './access-log.ts';
export { accessSettingsFromEnv } from './settings.ts';
