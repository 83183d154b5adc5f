import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock } from '../kernel/index.ts';
import type { Db } from '../platform/db/database.ts';
import { listRuns } from '../platform/jobs/run-status.ts';
import { advanceClock } from '../platform/jobs/simulate.ts';
import { jobHandlers } from '../platform/system.ts';
import { grantedCitizen } from '../../test/support/granted-citizen.ts';

// A line whose amount cannot be read as a safe integer (the overflow measured through the API) makes one
// municipality's part throw. That part must fail alone, be listed, and be retried once the cause is gone.
const OVERFLOW = '9007199254740993';

let db: Db;
let clock: SimulatedClock;
const municipalities = ['101', '147', '151'] as const;

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  const deps = { db, clock };
  for (const [index, municipality] of municipalities.entries()) {
    for (let n = 0; n < 3; n += 1) {
      const cpr = `05059${String(index)}${String(n)}00${String(n)}`.slice(0, 10);
      await grantedCitizen(deps, cpr, municipality);
    }
  }
});

const statuses = async (period: string) =>
  Object.fromEntries(
    (
      await sql<{ municipality: string; statuses: string }>`
        select municipality, string_agg(status, ',' order by id) as statuses from payment_lines
        where period = ${period}::date group by municipality order by municipality`.execute(db)
    ).rows.map((row) => [row.municipality, row.statuses]),
  );

describe('a failing municipality part fails alone and is retried', () => {
  it('the monthly run computes the other municipalities, lists the failed part, and retries it', async () => {
    await db
      .updateTable('payment_lines')
      .set({ gross: OVERFLOW })
      .where('municipality', '=', '147')
      .where('period', '=', '2025-05-01')
      .execute();
    // The May run: Thursday 22 May 18:00 (16:00Z); a minute later the first retry has not come yet.
    await advanceClock({ db, clock }, jobHandlers, Temporal.Instant.from('2025-05-22T16:00:30Z'));
    expect(await statuses('2025-05-01')).toEqual({
      '101': 'beregnet,beregnet,beregnet',
      '147': 'planlagt,planlagt,planlagt',
      '151': 'beregnet,beregnet,beregnet',
    });
    // Nothing half-written: 147 planned no June lines, the others did.
    expect(Object.keys(await statuses('2025-06-01'))).toEqual(['101', '151']);
    const overview = await listRuns(db, { limit: 10 });
    expect(overview.failed).toEqual([
      expect.objectContaining({
        key: 'maanedskoersel:2025-05:147',
        parent: 'maanedskoersel:2025-05',
        municipality: '147',
        attempts: 1,
        error: expect.stringContaining('safe integer') as string,
        retryAt: '2025-05-22T16:01:00.000Z',
      }),
    ]);
    expect(overview.runs.find((run) => run.key === 'maanedskoersel:2025-05')?.parts).toEqual({
      total: 3,
      finished: 2,
      failed: 1,
      open: 1,
    });

    // Still failing: the next attempts back off (1, 2, 4 minutes).
    await advanceClock({ db, clock }, jobHandlers, Temporal.Instant.from('2025-05-22T16:05:00Z'));
    expect((await listRuns(db, { limit: 10 })).failed[0]).toMatchObject({
      attempts: 3,
      retryAt: '2025-05-22T16:07:00.000Z',
    });

    // The cause is removed; the next automatic attempt computes 147.
    await db
      .updateTable('payment_lines')
      .set({ gross: '310000' })
      .where('municipality', '=', '147')
      .where('period', '=', '2025-05-01')
      .execute();
    await advanceClock({ db, clock }, jobHandlers, Temporal.Instant.from('2025-05-22T16:10:00Z'));
    expect(await statuses('2025-05-01')).toEqual({
      '101': 'beregnet,beregnet,beregnet',
      '147': 'beregnet,beregnet,beregnet',
      '151': 'beregnet,beregnet,beregnet',
    });
    expect(Object.keys(await statuses('2025-06-01'))).toEqual(['101', '147', '151']);
    const after = await listRuns(db, { limit: 10 });
    expect(after.failed).toEqual([]);
    expect(after.runs.find((run) => run.key === 'maanedskoersel:2025-05')?.parts).toMatchObject({
      total: 3,
      finished: 3,
      open: 0,
    });
  });

  it('the payout pays the other municipalities, and after the fix pays every line exactly once', async () => {
    await db
      .updateTable('payment_lines')
      // Beyond the safe integers, yet conserved: the payout's sum fails, not the table's checks.
      .set({ gross: sql`gross + ${OVERFLOW}::bigint`, net: sql`net + ${OVERFLOW}::bigint` })
      .where('municipality', '=', '101')
      .where('period', '=', '2025-05-01')
      .execute();
    // The May payout: Wednesday 28 May 06:00 (04:00Z).
    await advanceClock({ db, clock }, jobHandlers, Temporal.Instant.from('2025-05-28T04:00:30Z'));
    expect(await statuses('2025-05-01')).toEqual({
      '101': 'beregnet,beregnet,beregnet',
      '147': 'udbetalt,udbetalt,udbetalt',
      '151': 'udbetalt,udbetalt,udbetalt',
    });
    expect((await listRuns(db, { limit: 10 })).failed.map((f) => f.key)).toEqual(['udbetaling:2025-05:101']);
    const files = () =>
      db
        .selectFrom('outbound_files')
        .select(['key', 'records'])
        .where('kind', '=', 'nemkonto-udbetalinger')
        .orderBy('key')
        .execute();
    expect((await files()).map((f) => f.key)).toEqual(['nemkonto:2025-05:147', 'nemkonto:2025-05:151']);

    await db
      .updateTable('payment_lines')
      .set({ gross: sql`gross - ${OVERFLOW}::bigint`, net: sql`net - ${OVERFLOW}::bigint` })
      .where('municipality', '=', '101')
      .where('period', '=', '2025-05-01')
      .execute();
    await advanceClock({ db, clock }, jobHandlers, Temporal.Instant.from('2025-05-28T05:00:00Z'));
    expect(await statuses('2025-05-01')).toEqual({
      '101': 'udbetalt,udbetalt,udbetalt',
      '147': 'udbetalt,udbetalt,udbetalt',
      '151': 'udbetalt,udbetalt,udbetalt',
    });
    // Each line paid once: one file per municipality with one record per line, paid at one instant each.
    expect(await files()).toEqual([
      { key: 'nemkonto:2025-05:101', records: 3 },
      { key: 'nemkonto:2025-05:147', records: 3 },
      { key: 'nemkonto:2025-05:151', records: 3 },
    ]);
    const paidAt = await sql<{ municipality: string; n: string }>`
      select municipality, count(distinct paid_at) as n from payment_lines where period = '2025-05-01'
      group by municipality order by municipality`.execute(db);
    expect(paidAt.rows.map((row) => Number(row.n))).toEqual([1, 1, 1]);
    expect((await listRuns(db, { limit: 10 })).failed).toEqual([]);
  });
});
