/**
 * The monthly run in a process of its own, as a worker runs it: the parts (municipalities) two at a time,
 * the worker's concurrency (src/platform/jobs/worker.ts). The benchmark starts it after seeding, so its
 * peak resident memory is the run's alone. Prints one JSON line: the run's summary, wall clock, CPU and
 * peak resident memory.
 *
 *   node bench/monthly-run-process.ts <database url with search_path> <ISO instant>
 */
import { Temporal } from 'temporal-polyfill';
import { SimulatedClock } from '../src/kernel/index.ts';
import { createDb } from '../src/platform/db/database.ts';
import { monthlyRunParts, runMonthlyPayments } from '../src/payments/index.ts';

/** Parts run at a time: the job worker's default concurrency. */
const LANES = 2;

const [url, instant] = process.argv.slice(2);
if (url === undefined || instant === undefined) {
  process.stderr.write('brug: node bench/monthly-run-process.ts <database-url> <tidspunkt>\n');
  process.exit(2);
}
const at = Temporal.Instant.from(instant);
const deps = { db: createDb(url, { max: LANES + 1 }), clock: new SimulatedClock(at) };
const occurrence = { job: 'maanedskoersel', at, key: 'bench' } as const;
try {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const parts = [...(await monthlyRunParts(deps, occurrence))];
  const municipalities: Record<string, unknown> = {};
  const lane = async () => {
    for (let part = parts.shift(); part !== undefined; part = parts.shift()) {
      const result = await runMonthlyPayments(deps, occurrence, part);
      Object.assign(municipalities, result.municipalities);
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(
    `${JSON.stringify({
      municipalities,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
} finally {
  await deps.db.destroy();
}
