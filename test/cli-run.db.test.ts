import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { routePlugins } from '../src/platform/system.ts';
import { asUser, type AuthHeaders } from './support/sign-in.ts';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';
import { grantedCitizen } from './support/granted-citizen.ts';

// The CLI runs on the real clock: the months of 2025 are due, 2030 is not.
/** The system owner, who follows the runs on the API. */
let owner: AuthHeaders;
let db: Db;
let app: FastifyInstance;

/** Everything a run can change, to show that a second run changes nothing. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of [
    'payment_lines',
    'deduction_lines',
    'outbound_files',
    'events',
    'persons',
    'residences',
    'acting_periods',
    'tasks',
  ]) {
    result[table] = (await sql`select * from ${sql.table(table)} order by 1`.execute(db)).rows;
  }
  return result;
}

const statuses = async () =>
  (
    await sql<{ municipality: string; status: string }>`
      select municipality, status from payment_lines where period = '2025-05-01' order by municipality, id`.execute(
      db,
    )
  ).rows.map((row) => `${row.municipality}:${row.status}`);

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = 'silent';
  const deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
  for (const [cpr, municipality] of [
    ['0505701001', '101'],
    ['0505701002', '147'],
  ] as const) {
    await grantedCitizen(deps, cpr, municipality);
  }
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  owner = await asUser(db, '101', { user: 'drift101', roles: ['systemansvarlig'] });
});
afterAll(() => app.close());

describe('ydelse run', () => {
  it('refuses a run that is not due, in Danish, and changes nothing', async () => {
    const before = await snapshot();
    const refused = await cli('run', 'maanedskoersel', '--periode', '2030-05');
    expect(refused.code).toBe(3);
    expect(refused.err).toBe(
      'Fejl: Månedskørslen for 2030-05 er ikke forfalden før torsdag den 23. maj 2030 kl. 18.00. ' +
        'Brug --tving for at køre den nu [ikke-forfalden]',
    );
    expect(await snapshot()).toEqual(before);
    const daily = await cli('run', 'daglig-flytning', '--kommune', '101');
    expect(daily.code).toBe(2);
    expect(daily.err).toContain('Fejl i --kommune');
  });

  it('runs a due run once, with a line per municipality off a terminal; a second run changes nothing', async () => {
    const first = await cli('run', 'maanedskoersel', '--periode', '2025-05');
    expect(first.code).toBe(0);
    expect(first.out).toBe('Månedskørslen for 2025-05 kørt: 2 kommuner kørt');
    expect(first.err.split('\n')).toEqual([
      'Månedskørslen 2025-05: kommune 101 koert (1/2)',
      'Månedskørslen 2025-05: kommune 147 koert (2/2)',
    ]);
    expect(await statuses()).toEqual(['101:beregnet', '147:beregnet']);
    const after = await snapshot();
    const second = await cli('run', 'maanedskoersel', '--periode', '2025-05');
    expect(second.code).toBe(0);
    expect(second.out).toBe('Månedskørslen for 2025-05 er allerede kørt; intet at gøre');
    expect(await snapshot()).toEqual(after);
  });

  it('lists a failed municipality part (CLI and API) and retries it by hand; every line is paid once', async () => {
    await db
      .updateTable('payment_lines')
      .set({ gross: sql`gross + 9007199254740993`, net: sql`net + 9007199254740993` })
      .where('municipality', '=', '147')
      .where('period', '=', '2025-05-01')
      .execute();
    const failed = await cli('run', 'udbetaling', '--periode', '2025-05');
    expect(failed.code).toBe(1);
    expect(failed.out).toBe('Udbetalingen for 2025-05 kørt: 1 kommuner kørt, 1 fejlede');
    expect(failed.err).toContain('Fejlet: kommune 147 (udbetaling:2025-05:147), forsøg 1');
    expect(await statuses()).toEqual(['101:udbetalt', '147:beregnet']);

    const status = await cli('run', 'status');
    expect(status.code).toBe(0);
    expect(status.out).toContain(
      'udbetaling:2025-05\tfærdig — 2 dele: 1 færdige, 1 fejlede, 0 venter eller kører',
    );
    expect(status.out).toMatch(
      /Fejlede kørsler og dele:\nudbetaling:2025-05:147\tforsøg 1\tprøves igen .*safe integer/,
    );
    expect((await app.inject({ url: '/api/runs', headers: await asUser(db, '101') })).statusCode).toBe(403);
    const api = await app.inject({ url: '/api/runs', headers: owner });
    expect(api.statusCode).toBe(200);
    expect(api.json<{ failed: unknown[] }>().failed).toEqual([
      expect.objectContaining({ key: 'udbetaling:2025-05:147', municipality: '147', attempts: 1 }),
    ]);

    await db
      .updateTable('payment_lines')
      .set({ gross: sql`gross - 9007199254740993`, net: sql`net - 9007199254740993` })
      .where('municipality', '=', '147')
      .execute();
    const retried = await cli('run', 'udbetaling', '--periode', '2025-05', '--kommune', '147');
    expect(retried.code).toBe(0);
    expect(retried.out).toBe('Udbetalingen for 2025-05, kommune 147 kørt: 1 kommuner kørt');
    expect(await statuses()).toEqual(['101:udbetalt', '147:udbetalt']);
    const after = await snapshot();
    expect((await cli('run', 'udbetaling', '--periode', '2025-05')).out).toBe(
      'Udbetalingen for 2025-05 er allerede kørt; intet at gøre',
    );
    expect((await cli('run', 'udbetaling', '--periode', '2025-05', '--kommune', '101')).out).toBe(
      'Udbetalingen for 2025-05, kommune 101 er allerede kørt; intet at gøre',
    );
    expect(await snapshot()).toEqual(after);
    expect((after.outbound_files as { key: string }[]).map((f) => f.key).sort()).toEqual([
      'nemkonto:2025-05:101',
      'nemkonto:2025-05:147',
    ]);
    expect(
      (await app.inject({ url: '/api/runs', headers: owner })).json<{ failed: unknown[] }>().failed,
    ).toEqual([]);
  });

  it('--tving runs a run before it is due; forcing it again changes nothing', async () => {
    expect((await cli('run', 'daglig-flytning', '--dato', '2030-01-02')).code).toBe(3);
    // Both citizens are due for review (as after a move); the forced run reviews them.
    await db.updateTable('persons').set({ acting_review_on: '2029-12-01' }).execute();
    const before = await snapshot();
    const forced = await cli('run', 'daglig-flytning', '--dato', '2030-01-02', '--tving');
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(
      /^Den daglige flytning for 2030-01-02 kørt \(tvunget: daglig-flytning:2030-01-02:tvunget:.*\): 2 personer behandlet$/,
    );
    // The two citizens were reviewed: their review dates moved on.
    const after = await snapshot();
    expect(after).not.toEqual(before);
    const again = await cli('run', 'daglig-flytning', '--dato', '2030-01-02', '--tving');
    expect(again.code).toBe(0);
    expect(await snapshot()).toEqual(after);
  });
});
