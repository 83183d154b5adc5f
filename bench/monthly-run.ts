/**
 * The monthly run over a nation of citizens on benefits (bench/data.ts `seedNation`: cases computed by their
 * rules from registrations and the sourced rates, ATP and the withholding without a tax card from the
 * demo's example rows, explanations stored), against the time the server needs
 * to COPY the same computed lines into a table of the same shape, indexes and foreign keys as payment_lines.
 * Targets (benefits issue): within 3× that COPY; 1.5 M cases within 16× the time for 100,000 (linear);
 * peak RSS of every process under 1 GB.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { SimulatedClock } from '../src/kernel/index.ts';
import { systemActor } from '../src/platform/actor.ts';
import { createFreshSchema } from '../src/platform/db/fresh-schema.ts';
import { importRates, markDemoInstallation } from '../src/rates/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { NATION_MONTH, seedNation } from './data.ts';
import { planMunicipalities } from './inbox.ts';

/** Every column the run writes or the line is planned with, explanation included. */
const COPIED =
  'case_id, person_id, municipality, period, run_month, status, gross, sanctions, atp, tax, withheld, apo, net, explanation, computed_at';

export interface MonthlyRunBench {
  readonly cases: number;
  readonly largest: { readonly name: string; readonly cases: number };
  readonly smallest: { readonly name: string; readonly cases: number };
  readonly seedSeconds: number;
  readonly runSeconds: number;
  /** CPU time of the process that runs the month (the rules, the composition, the driver). */
  readonly runCpuSeconds: number;
  readonly copySeconds: number;
  readonly ratio: number;
  readonly computed: number;
  readonly deferred: number;
  /** The mean size of a stored explanation, in bytes of JSON. */
  readonly explanationBytes: number;
  /** The process that runs the monthly run (bench/monthly-run-process.ts), peak resident set. */
  readonly nodePeakRssMb: number;
  /** The largest peak resident set of any server process, and the largest private (anonymous) part seen. */
  readonly serverPeakRssMb: number;
  readonly serverPeakPrivateMb: number;
}

/** Reads a process's peak and current anonymous resident memory (kB) from /proc; undefined when gone. */
function memoryOf(pid: number): { peak: number; anon: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { peak: kb('VmHWM'), anon: kb('RssAnon') };
  } catch {
    return undefined;
  }
}

/** Samples the memory of every server process (from pg_stat_activity) until stopped. */
function watchServer(databaseUrl: string): { stop: () => Promise<{ peakMb: number; privateMb: number }> } {
  const client = new pg.Client({ connectionString: databaseUrl });
  let peak = 0;
  let anon = 0;
  const state = { running: true };
  const loop = (async () => {
    await client.connect();
    while (state.running) {
      const pids = await client.query<{ pid: number }>('select pid from pg_stat_activity');
      for (const { pid } of pids.rows) {
        const memory = memoryOf(pid);
        if (memory === undefined) continue;
        peak = Math.max(peak, memory.peak);
        anon = Math.max(anon, memory.anon);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await client.end();
  })();
  return {
    stop: async () => {
      state.running = false;
      await loop;
      return { peakMb: Math.round(peak / 1024), privateMb: Math.round(anon / 1024) };
    },
  };
}

interface RunOutcome {
  readonly municipalities: Record<string, { computed?: number; deferred?: number }>;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}

/** Runs the month in a process of its own (bench/monthly-run-process.ts), as a worker would. */
function runInOwnProcess(url: string, at: Temporal.Instant): Promise<RunOutcome> {
  const script = fileURLToPath(new URL('monthly-run-process.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, url, at.toString()],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`Månedskørslen fejlede: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as RunOutcome);
      },
    );
  });
}

/**
 * The rates the nation's May 2024 needs: the sourced file, and the demo's example rows for what no source
 * covers in 2024 (ATP for kontanthjælp, the withholding without a tax card, ADR 0020). Example rows are
 * accepted only by a demo installation, so the benchmark's schema is marked as one.
 */
export async function loadNationRates(db: Db, clock: SimulatedClock): Promise<void> {
  await markDemoInstallation(db);
  for (const file of ['satser.csv', 'eksempel.csv']) {
    const rates = await importRates(
      { db, clock },
      systemActor('bench'),
      fs.readFileSync(new URL(`../data/satser/${file}`, import.meta.url), 'utf8'),
      { replace: false },
    );
    if (!rates.ok) throw new Error(`${file}: ${rates.error.message}`);
  }
}

/**
 * Seeds a fresh schema with `persons` citizens and the sourced rates (and the example rows 2024 lacks), runs May 2024's monthly run, then
 * times a server-side COPY of the computed lines.
 */
export async function benchMonthlyRun(databaseUrl: string, persons: number): Promise<MonthlyRunBench> {
  const database = await createFreshSchema(databaseUrl, 'bench_maaned');
  const { db } = database;
  const file = `/tmp/ydelse-bench-lines-${String(process.pid)}.csv`;
  try {
    const seedStarted = performance.now();
    const plans = planMunicipalities(persons);
    await seedNation(
      db,
      persons,
      plans.map((p) => p.tasks),
      plans.map((p) => p.code),
    );
    const at = Temporal.Instant.from('2024-05-27T16:00:00Z');
    const clock = new SimulatedClock(at);
    await loadNationRates(db, clock);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const watch = watchServer(databaseUrl);
    const run = await runInOwnProcess(database.url, at);
    const server = await watch.stop();
    const outcomes = Object.values(run.municipalities);
    const computed = outcomes.reduce((sum, part) => sum + (part.computed ?? 0), 0);
    const deferred = outcomes.reduce((sum, part) => sum + (part.deferred ?? 0), 0);
    const size = await sql<{ bytes: string }>`
      select avg(octet_length(explanation::text))::bigint as bytes from payment_lines
      where period = ${sql.lit(NATION_MONTH)}::date and status = 'beregnet'`.execute(db);
    // The server writes the computed lines to a file and reads them back into a copy of the table.
    await sql`copy (select ${sql.raw(COPIED)}
      from payment_lines where period = ${sql.lit(NATION_MONTH)}::date and status = 'beregnet') to ${sql.lit(file)} with (format csv)`.execute(
      db,
    );
    // The same shape, indexes and foreign keys as payment_lines: the lines the run writes pay for those too.
    await sql`create table copy_target (like payment_lines including all,
      foreign key (case_id) references cases (id), foreign key (person_id) references persons (id))`.execute(
      db,
    );
    const copyStarted = performance.now();
    await sql`copy copy_target (${sql.raw(COPIED)})
      from ${sql.lit(file)} with (format csv)`.execute(db);
    const copySeconds = (performance.now() - copyStarted) / 1000;
    const largest = plans[0];
    const smallest = plans.at(-1);
    return {
      cases: persons,
      largest: { name: largest?.name ?? '', cases: largest?.tasks ?? 0 },
      smallest: { name: smallest?.name ?? '', cases: smallest?.tasks ?? 0 },
      seedSeconds,
      runSeconds: run.seconds,
      runCpuSeconds: run.cpuSeconds,
      copySeconds,
      ratio: run.seconds / copySeconds,
      computed,
      deferred,
      explanationBytes: Number(size.rows[0]?.bytes ?? 0),
      nodePeakRssMb: run.peakRssMb,
      serverPeakRssMb: server.peakMb,
      serverPeakPrivateMb: server.privateMb,
    };
  } finally {
    fs.rmSync(file, { force: true });
    await database.drop();
  }
}
