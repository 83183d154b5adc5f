import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from '../../kernel/index.ts';
import { ConfigError } from '../config.ts';
import type { Db } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { routePlugins } from '../system.ts';
import { tryWebActor, webActorFromEnv } from './web-actor.ts';

afterEach(() => vi.unstubAllEnvs());

describe('the demo caseworker of the web pages', () => {
  it('defaults to sagsbehandler in København', () => {
    const web = webActorFromEnv({});
    expect(web.actor).toEqual({ kind: 'bruger', userId: 'sagsbehandler', municipality: '101' });
    expect(web.label).toBe('sagsbehandler, København (101)');
  });

  it('takes user and municipality from the environment, four-digit codes too', () => {
    const web = webActorFromEnv({ YDELSE_WEB_USER: ' sb751 ', YDELSE_WEB_MUNICIPALITY: '0751' });
    expect(web.actor).toEqual({ kind: 'bruger', userId: 'sb751', municipality: '751' });
    expect(web.label).toBe('sb751, Aarhus (751)');
  });

  it('refuses an unknown municipality, naming the variable', () => {
    expect(() => webActorFromEnv({ YDELSE_WEB_MUNICIPALITY: '999' })).toThrow(ConfigError);
    expect(() => webActorFromEnv({ YDELSE_WEB_MUNICIPALITY: '999' })).toThrow(/YDELSE_WEB_MUNICIPALITY/);
    expect(tryWebActor({ YDELSE_WEB_MUNICIPALITY: '999' })).toBeUndefined();
  });

  it('stops the app from starting with a bad municipality', async () => {
    vi.stubEnv('YDELSE_WEB_MUNICIPALITY', '411');
    const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
    await expect(
      buildApp({ deps: { db: {} as unknown as Db, clock }, logger: false, plugins: routePlugins }),
    ).rejects.toThrow(/YDELSE_WEB_MUNICIPALITY/);
  });
});
