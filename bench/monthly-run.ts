/**
 * The monthly run over `persons` granted cases (a fifth with a standing deduction), against the time the
 * server needs to COPY the same number of computed lines into a table of the same shape, indexes and
 * foreign keys as payment_lines.
 * Target (moves issue): within 3× that COPY.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { SimulatedClock } from '../src/kernel/index.ts';
import { runMonthlyPayments } from '../src/payments/index.ts';
import { createFreshSchema } from '../src/platform/db/fresh-schema.ts';
import { BENCH_MONTH, seedPopulation } from './data.ts';

/** Every column the run writes or the line is planned with, explanation included. */
const COPIED =
  'case_id, person_id, municipality, period, run_month, status, gross, sanctions, atp, tax, withheld, apo, net, explanation, computed_at';

export interface MonthlyRunBench {
  readonly cases: number;
  readonly runSeconds: number;
  readonly copySeconds: number;
  readonly ratio: number;
  readonly computed: number;
  readonly statements: number;
}

/** Seeds a fresh schema, runs May's monthly run, then times a server-side COPY of the computed lines. */
export async function benchMonthlyRun(databaseUrl: string, persons: number): Promise<MonthlyRunBench> {
  const database = await createFreshSchema(databaseUrl, 'bench_maaned');
  const { db } = database;
  const file = `/tmp/ydelse-bench-lines-${String(process.pid)}.csv`;
  try {
    await seedPopulation(db, persons);
    const at = Temporal.Instant.from('2025-05-22T16:00:00Z');
    const started = performance.now();
    const summary = await runMonthlyPayments(
      { db, clock: new SimulatedClock(at) },
      { job: 'maanedskoersel', at, key: 'bench' },
    );
    const runSeconds = (performance.now() - started) / 1000;
    const parts = Object.values(
      summary.municipalities as Record<string, { computed?: number; statements?: number }>,
    );
    const computed = parts.reduce((sum, part) => sum + (part.computed ?? 0), 0);
    const statements = parts.reduce((sum, part) => sum + (part.statements ?? 0), 0);
    // The server writes the computed lines to a file and reads them back into a copy of the table.
    await sql`copy (select ${sql.raw(COPIED)}
      from payment_lines where period = ${sql.lit(BENCH_MONTH)}::date and status = 'beregnet') to ${sql.lit(file)} with (format csv)`.execute(
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
    return { cases: persons, runSeconds, copySeconds, ratio: runSeconds / copySeconds, computed, statements };
  } finally {
    fs.rmSync(file, { force: true });
    await database.drop();
  }
}
