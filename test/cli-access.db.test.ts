/**
 * `ydelse token` and `ydelse adgangslog`, and the global `--rolle`: a local API token works on the API and
 * is refused when the municipality's login is configured; the system owner searches the municipality's
 * access log, refusals name the option, and a caseworker may not search it.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/platform/http/app.ts';
import { routePlugins } from '../src/platform/system.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { Db } from '../src/platform/db/database.ts';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';

const as101 = ['--bruger', 'sb101', '--bruger-kommune', '101'];
const owner101 = ['--bruger', 'sys101', '--bruger-kommune', '101', '--rolle', 'systemansvarlig'];
const owner751 = ['--bruger', 'sys751', '--bruger-kommune', '751', '--rolle', 'systemansvarlig'];
let db: Db;

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = 'silent';
  const made = await cli(
    ...as101,
    'person',
    'create',
    '--cpr',
    '070362-1066',
    '--navn',
    'Lise Logget',
    '--kommune',
    '101',
    '--fra',
    '2010-01-01',
  );
  expect(made.code, made.err).toBe(0);
  expect((await cli(...as101, 'person', 'show', '070362-1066', '--formaal', 'opfølgning')).code).toBe(0);
});

afterEach(() => vi.unstubAllEnvs());

describe('ydelse token', () => {
  it('issues a token the API takes as the user, with the user’s roles', async () => {
    const issued = await cli(...as101, 'token');
    expect(issued.code, issued.err).toBe(0);
    const app = await buildApp({ deps: { db, clock: systemClock }, logger: false, plugins: routePlugins });
    try {
      const auth = { authorization: `Bearer ${issued.out.trim()}` };
      const person = await app.inject({ url: '/api/persons/0703621066', headers: auth });
      expect(person.statusCode).toBe(200);
      expect(person.json()).toMatchObject({ name: 'Lise Logget' });
      // A caseworker may not fetch the payment files.
      expect((await app.inject({ url: '/api/outbound-files', headers: auth })).statusCode).toBe(403);
      const service = await cli('token', '--tjeneste', 'filhenter', '--tjeneste-rolle', 'udbetalingsfiler');
      const files = await app.inject({
        url: '/api/outbound-files',
        headers: { authorization: `Bearer ${service.out.trim()}` },
      });
      expect(files.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses a bad role, service or municipality, naming the option', async () => {
    expect(
      await cli('--bruger', 'sb101', '--bruger-kommune', '101', '--rolle', 'chef', 'token'),
    ).toMatchObject({
      code: 2,
      err: expect.stringContaining('Fejl i --rolle: Ukendt rolle "chef"') as unknown,
    });
    expect(await cli('--bruger', 'sb101', 'token')).toMatchObject({
      code: 5,
      err: expect.stringContaining('--bruger-kommune') as unknown,
    });
    expect(await cli('token', '--tjeneste', 'cpr', '--tjeneste-rolle', 'alt')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Fejl i --tjeneste-rolle') as unknown,
    });
  });

  it('issues none when the municipality’s login is configured', async () => {
    vi.stubEnv('YDELSE_OIDC_ISSUER', 'https://login.kommune.example');
    vi.stubEnv('YDELSE_OIDC_CLIENT_ID', 'openydelse');
    vi.stubEnv('YDELSE_OIDC_CLIENT_SECRET', 'hemmelig');
    vi.stubEnv('YDELSE_OIDC_REDIRECT_URI', 'https://ydelse.kommune.example/log-ind/oidc/callback');
    expect(await cli(...as101, 'token')).toMatchObject({
      code: 5,
      err: expect.stringContaining('Kommunens login er sat op') as unknown,
    });
  });
});

describe('ydelse adgangslog', () => {
  it("shows the system owner the municipality's reads of a citizen, newest first", async () => {
    const found = await cli(...owner101, 'adgangslog', '--cpr', '070362-1066', '--json');
    expect(found.code, found.err).toBe(0);
    const rows = JSON.parse(found.out) as { actor: string; purpose: string; channel: string; cpr: string }[];
    expect(rows.find((row) => row.channel === 'cli')).toMatchObject({
      actor: 'bruger:sb101@101',
      purpose: 'opfølgning',
      channel: 'cli',
      cpr: '070362-1066',
    });
    // The search is a read itself, and is logged.
    const again = JSON.parse(
      (await cli(...owner101, 'adgangslog', '--cpr', '070362-1066', '--json')).out,
    ) as { actor: string; purpose: string }[];
    expect(again[0]).toMatchObject({ actor: 'bruger:sys101@101', purpose: 'adgangslog' });
    // Another municipality's system owner sees none of 101's reads.
    const other = await cli(...owner751, 'adgangslog', '--cpr', '070362-1066');
    expect(other).toMatchObject({ code: 0, out: 'Ingen opslag' });
  });

  it('refuses a caseworker, and bad filters naming the option', async () => {
    expect(await cli(...as101, 'adgangslog')).toMatchObject({
      code: 5,
      err: expect.stringContaining('ingen-adgang') as unknown,
    });
    for (const [option, value] of [
      ['--cpr', '123'],
      ['--om-bruger', 'a b'],
      ['--fra', '2026-13-01'],
      ['--antal', '0'],
    ] as const) {
      const refused = await cli(...owner101, 'adgangslog', option, value);
      expect(refused.code, option).toBe(2);
      expect(refused.err, option).toContain(`Fejl i ${option}`);
    }
    expect(await cli(...owner101, 'adgangslog', '--fra', '2026-12-02', '--til', '2026-12-01')).toMatchObject({
      code: 3,
      err: expect.stringContaining('Fejl i --fra') as unknown,
    });
  });
});
