import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock } from '../kernel/index.ts';
import { MAX_AUTOMATIC_ATTEMPTS } from '../platform/jobs/domain/recovery.ts';
import { monthlyOccurrence } from '../platform/jobs/domain/schedule.ts';
import { runScheduledJob } from '../platform/jobs/run-job.ts';
import { startWorker } from '../platform/jobs/worker.ts';
import { createLogger } from '../platform/logger.ts';
import { jobHandlers } from '../platform/system.ts';
import { grantedCitizen } from '../../test/support/granted-citizen.ts';

/** A fresh database with a citizen paid a pension supplement in København and one in Frederiksberg. */
async function twoMunicipalities() {
  const database = await useTestDatabase();
  const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  const deps = { db: database.db, clock };
  await grantedCitizen(deps, '0506901014', '101', { benefit: 'personligt-tillaeg' });
  await grantedCitizen(deps, '2802671000', '147', { benefit: 'personligt-tillaeg' });
  return { database, clock, deps };
}

describe('the monthly run on the workers', () => {
  it('is split into one job per municipality, and each municipality is computed once', async () => {
    const { database, clock, deps } = await twoMunicipalities();
    // Half an hour after the May run started (Thursday 22 May 18:00): the planner finds it due.
    clock.advanceTo(Temporal.Instant.from('2025-05-22T16:30:00Z'));
    const worker = await startWorker({
      connectionString: database.url,
      deps,
      handlers: jobHandlers,
      logger: createLogger('silent'),
    });
    const computed = () =>
      database.db
        .selectFrom('payment_lines')
        .select('municipality')
        .where('status', '=', 'beregnet')
        .execute();
    try {
      const deadline = Date.now() + 30_000;
      while ((await computed()).length < 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
    } finally {
      await worker.stop();
    }
    expect((await computed()).map((row) => row.municipality).sort()).toEqual(['101', '147']);
    const runs = await database.db
      .selectFrom('job_runs')
      .select(['key', 'finished_at'])
      .where('key', 'like', 'maanedskoersel:2025-05%')
      .execute();
    const keys = runs.map((run) => run.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'maanedskoersel:2025-05',
        'maanedskoersel:2025-05:101',
        'maanedskoersel:2025-05:147',
      ]),
    );
    // June is planned once for each case, whichever worker took which part.
    const june = await database.db
      .selectFrom('payment_lines')
      .select('case_id')
      .where('period', '=', '2025-06-01')
      .execute();
    expect(june).toHaveLength(2);
  });
});

describe('a failing part on the workers', () => {
  it('fails alone, is queued again with backoff until the attempts run out, and is then run by hand', async () => {
    const { database, clock, deps } = await twoMunicipalities();
    await database.db
      .updateTable('payment_lines')
      .set({ gross: '9007199254740993' })
      .where('municipality', '=', '147')
      .execute();
    // The simulated clock stands still, so each retry time is already past and the worker tries again at once.
    clock.advanceTo(Temporal.Instant.from('2025-05-22T16:30:00Z'));
    const worker = await startWorker({
      connectionString: database.url,
      deps,
      handlers: jobHandlers,
      logger: createLogger('silent'),
    });
    const part = (key: string) =>
      database.db
        .selectFrom('job_runs')
        .select(['attempts', 'finished_at', 'retry_at', 'error'])
        .where('key', '=', key)
        .executeTakeFirst();
    try {
      const deadline = Date.now() + 30_000;
      while (
        ((await part('maanedskoersel:2025-05:147'))?.attempts ?? 0) < MAX_AUTOMATIC_ATTEMPTS &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 200));
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await worker.stop();
    }
    expect(await part('maanedskoersel:2025-05:101')).toMatchObject({ attempts: 1, error: null });
    expect((await part('maanedskoersel:2025-05:101'))?.finished_at).not.toBeNull();
    const failed = await part('maanedskoersel:2025-05:147');
    expect(failed).toMatchObject({ attempts: MAX_AUTOMATIC_ATTEMPTS, finished_at: null, retry_at: null });
    expect(failed?.error).toContain('safe integer');

    await database.db
      .updateTable('payment_lines')
      .set({ gross: '310000' })
      .where('municipality', '=', '147')
      .execute();
    const occurrence = monthlyOccurrence('maanedskoersel', Temporal.PlainYearMonth.from('2025-05'));
    expect(await runScheduledJob(deps, jobHandlers, occurrence, { municipality: '147' as never })).toBe(
      'koert',
    );
    const may = await database.db
      .selectFrom('payment_lines')
      .select(['municipality', 'status'])
      .where('period', '=', '2025-05-01')
      .orderBy('municipality')
      .execute();
    expect(may).toEqual([
      { municipality: '101', status: 'beregnet' },
      { municipality: '147', status: 'beregnet' },
    ]);
  });
});
