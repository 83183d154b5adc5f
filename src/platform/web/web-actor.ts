/**
 * Who acts on the caseworkers' web pages.
 *
 * Interim stand-in: until the access context brings real sign-on and roles, every page acts as one demo
 * caseworker named by the environment, `YDELSE_WEB_USER` (default `sagsbehandler`) and
 * `YDELSE_WEB_MUNICIPALITY` (default `101`). It is written to events and the access log like any user.
 * Replace this with the signed-on user; nothing else in the pages depends on where the actor comes from.
 */
import {
  getMunicipality,
  parseMunicipalityCode,
  parseUserId,
  type MunicipalityCode,
} from '../../kernel/index.ts';
import type { Actor } from '../actor.ts';
import { ConfigError } from '../config.ts';

export interface WebActor {
  readonly actor: Actor;
  readonly userId: string;
  readonly municipality: MunicipalityCode;
  /** As the header shows it: `sagsbehandler, København (101)`. */
  readonly label: string;
}

/** Reads the demo caseworker from the environment; throws ConfigError naming a bad variable. */
export function webActorFromEnv(env: NodeJS.ProcessEnv = process.env): WebActor {
  const userId = (env.YDELSE_WEB_USER ?? '').trim() || 'sagsbehandler';
  const checked = parseUserId(userId);
  if (!checked.ok) {
    throw new ConfigError(`Ugyldig konfiguration:\n  YDELSE_WEB_USER: ${checked.error.message}`);
  }
  const code = parseMunicipalityCode((env.YDELSE_WEB_MUNICIPALITY ?? '').trim() || '101');
  if (!code.ok) {
    throw new ConfigError(`Ugyldig konfiguration:\n  YDELSE_WEB_MUNICIPALITY: ${code.error.message}`);
  }
  const municipality = code.value;
  return {
    actor: { kind: 'bruger', userId, municipality },
    userId,
    municipality,
    label: `${userId}, ${getMunicipality(municipality).name} (${municipality})`,
  };
}

/** The web actor, or undefined when the environment names a bad one (for pages outside the plugin). */
export function tryWebActor(env: NodeJS.ProcessEnv = process.env): WebActor | undefined {
  try {
    return webActorFromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}
