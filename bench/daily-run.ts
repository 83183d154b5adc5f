/**
 * The 04:00 run effectuating `moves` moves among `persons` citizens with cases and deductions. Target
 * (moves issue): 10,000 moves among 100,000 citizens in under 20 s on the 2-core machine, memory flat in
 * the number of moves (the run walks the due citizens in batches; peak heap is sampled during the run).
 */
import { Temporal } from 'temporal-polyfill';
import { runDailyMoves } from '../src/platform/system.ts';
import { SimulatedClock } from '../src/kernel/index.ts';
import { createFreshSchema } from '../src/platform/db/fresh-schema.ts';
import { seedMoves, seedPopulation } from './data.ts';

export interface DailyRunBench {
  readonly persons: number;
  readonly moves: number;
  readonly seconds: number;
  readonly transfers: number;
  readonly peakHeapMb: number;
  readonly baseHeapMb: number;
}

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Seeds a fresh schema, runs the daily run once and measures it. */
export async function benchDailyRun(
  databaseUrl: string,
  persons: number,
  moves: number,
): Promise<DailyRunBench> {
  const database = await createFreshSchema(databaseUrl, 'bench_flyt');
  try {
    await seedPopulation(database.db, persons);
    await seedMoves(database.db, moves, persons, '2025-05-10');
    const at = Temporal.Instant.from('2025-05-10T02:00:00Z');
    global.gc?.();
    const baseHeap = process.memoryUsage().heapUsed;
    let peak = baseHeap;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 50);
    const started = performance.now();
    const summary = await runDailyMoves(
      { db: database.db, clock: new SimulatedClock(at) },
      { job: 'daglig-flytning', at, key: 'bench' },
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const failed = summary.failed as unknown[];
    if (failed.length > 0)
      throw new Error(`daily run failed for ${String(failed.length)} persons: ${String(failed[0])}`);
    return {
      persons,
      moves,
      seconds,
      transfers: Number(summary.transfers),
      peakHeapMb: mb(peak),
      baseHeapMb: mb(baseHeap),
    };
  } finally {
    await database.drop();
  }
}
