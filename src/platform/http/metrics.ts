/**
 * GET /metrics in Prometheus' text format, for operations: the HTTP requests this process answered (by route
 * pattern, never by URL: a URL may hold a CPR number), the Node process, and — read from the database when
 * scraped — the scheduled runs' progress, graphile-worker's queue, the CPR error queue and the open tasks.
 *
 * Each app has a registry of its own, so several apps in one process (tests) do not share counters. The
 * scrape reads only small tables or small ranges of an index, never a count over one of the large tables
 * (persons, cases, payment lines, events, the access log); their sizes are the planner's estimates. The
 * reads join other contexts' tables in SQL, as an operator's view of the whole, and write nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { localDate, municipalities } from '../../kernel/index.ts';
import type { Tx } from '../db/database.ts';
import { scheduledJobs } from '../jobs/domain/schedule.ts';
import type { Deps } from '../use-case.ts';

/** The route label of a request no route matched (404, or a URL the router could not read). */
export const UNKNOWN_ROUTE = 'ukendt';

/** The access rule of /metrics: open, like health and readiness; it shows no citizen's data. */
const publicRoute = { access: 'offentlig' } as const;

/** How long the scrape's reads may take before they are given up (the HTTP metrics are still answered). */
const SCRAPE_TIMEOUT = '5s';

/** The persons due for the 04:00 run are counted up to this many: a mass move must not make a scrape slow. */
const DUE_PERSONS_CAP = 100_000;

/** The large tables whose size is reported, as the planner's estimate (pg_class.reltuples, no scan). */
const estimatedTables = [
  'persons',
  'cases',
  'grants',
  'registrations',
  'payment_lines',
  'deduction_lines',
  'tasks',
  'task_events',
  'events',
  'access_log',
  'cpr_messages',
] as const;

interface RunRow {
  job: string;
  key: string;
  scheduled_for: Date;
  outcome: Record<string, unknown> | null;
  started_parts: string;
  finished_parts: string;
  failed_parts: string;
}

const queueStates = ['ready', 'scheduled', 'locked', 'failed'] as const;

/** What one scrape read from the database. */
interface Snapshot {
  readonly runs: readonly RunRow[];
  readonly lastFinished: readonly { job: string; finished_at: Date }[];
  readonly failedRuns: readonly { job: string; n: string }[];
  readonly duePersons: number;
  readonly queue: readonly { task: string; state: string; n: string }[] | null;
  readonly cprErrors: number;
  readonly tasks: readonly { municipality: string; open: string; overdue: string }[];
  readonly tables: readonly { table: string; rows: number }[];
}

/**
 * The latest run of each scheduled job (job_runs holds a few thousand rows a year: a row per 04:00 run and
 * per municipality part of the monthly runs; read whole), with its parts when it was split.
 */
async function readRuns(tx: Tx): Promise<RunRow[]> {
  const result = await sql<RunRow>`
    with latest as (
      select distinct on (job) key, job, scheduled_for, outcome
      from job_runs
      where parent is null and job = any(${[...scheduledJobs]}::text[])
      order by job, scheduled_for desc, started_at desc
    )
    select l.job, l.key, l.scheduled_for, l.outcome,
           count(p.key) as started_parts,
           count(p.finished_at) as finished_parts,
           count(p.key) filter (where p.finished_at is null and p.failed_at is not null) as failed_parts
    from latest l left join job_runs p on p.parent = l.key
    group by l.job, l.key, l.scheduled_for, l.outcome`.execute(tx);
  return result.rows;
}

/** graphile-worker's queue by task and state; null before any worker has created its schema. */
async function readQueue(tx: Tx): Promise<Snapshot['queue']> {
  const exists = await sql<{ ok: boolean }>`
    select to_regclass('graphile_worker.jobs') is not null as ok`.execute(tx);
  if (exists.rows[0]?.ok !== true) return null;
  // graphile-worker deletes a job when it completes, so the table holds only what is queued, running or
  // failed for good: a few hundred rows at most (a part per municipality per split run). Its public view
  // `jobs` is read, not the `_private_jobs` table behind it (0.16 and later), and "now" is the database's,
  // as graphile-worker's own.
  const result = await sql<{ task: string; state: string; n: string }>`
    select task_identifier as task,
           case when locked_at is not null then 'locked'
                when attempts >= max_attempts then 'failed'
                when run_at <= now() then 'ready'
                else 'scheduled' end as state,
           count(*) as n
    from graphile_worker.jobs
    group by 1, 2`.execute(tx);
  return result.rows;
}

async function readSnapshot(deps: Deps): Promise<Snapshot> {
  const today = localDate(deps.clock.now()).toString();
  const codes = municipalities.map((municipality) => municipality.code as string);
  return deps.db
    .transaction()
    .setAccessMode('read only')
    .execute(async (tx) => {
      await sql`select set_config('statement_timeout', ${SCRAPE_TIMEOUT}, true)`.execute(tx);
      const runs = await readRuns(tx);
      // The last finished run of each job, and every run or part that failed and has not finished since
      // (the partial index job_runs_failed).
      const lastFinished = await sql<{ job: string; finished_at: Date }>`
        select job, max(finished_at) as finished_at from job_runs
        where parent is null and finished_at is not null group by job`.execute(tx);
      const failedRuns = await sql<{ job: string; n: string }>`
        select job, count(*) as n from job_runs
        where finished_at is null and failed_at is not null group by job`.execute(tx);
      // The persons the next 04:00 run will look at (its progress while it runs): a range of the index
      // persons_acting_review, capped.
      const due = await sql<{ n: string }>`
        select count(*) as n from (
          select 1 from persons where acting_review_on <= ${today}::date limit ${DUE_PERSONS_CAP}
        ) due`.execute(tx);
      const queue = await readQueue(tx);
      // The error queue: the refused messages, counted in the partial index cpr_messages_refused.
      const cprErrors = await sql<{ n: string }>`
        select count(*) as n from cpr_messages where status = 'afvist'`.execute(tx);
      // Open and overdue tasks per municipality: for each of the 98, a range of the inbox indexes
      // (municipality, status[, due date]) holding only its open tasks, never the closed ones.
      const tasks = await sql<{ municipality: string; open: string; overdue: string }>`
        select m.code as municipality,
               (select count(*) from tasks t where t.municipality = m.code and t.status = 'aaben') as open,
               (select count(*) from tasks t where t.municipality = m.code and t.status = 'aaben'
                  and coalesce(t.due_on, 'infinity'::date) < ${today}::date) as overdue
        from unnest(${codes}::char(3)[]) as m(code)`.execute(tx);
      // The large tables' sizes as the planner estimates them (-1 or 0 before their first analyze).
      const tables = await sql<{ table: string; rows: number }>`
        select c.relname as table, greatest(c.reltuples, 0)::float8 as rows
        from pg_class c
        where c.relkind in ('r', 'p') and c.relnamespace = current_schema()::regnamespace
          and c.relname = any(${[...estimatedTables]}::text[])`.execute(tx);
      return {
        runs,
        lastFinished: lastFinished.rows,
        failedRuns: failedRuns.rows,
        duePersons: Number(due.rows[0]?.n ?? 0),
        queue,
        cprErrors: Number(cprErrors.rows[0]?.n ?? 0),
        tasks: tasks.rows,
        tables: tables.rows,
      };
    });
}

/** The database gauges, set from one snapshot at a time. */
function databaseGauges(registers: Registry[]) {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers });
  return {
    up: gauge('ydelse_metrics_db_up', 'Om skrabningens læsning af databasen lykkedes (1) eller ej (0)'),
    runParts: gauge(
      'ydelse_run_parts',
      'Den seneste opdelte kørsels dele (én pr. kommune) efter status: finished, failed, pending',
      ['job', 'run', 'status'],
    ),
    runMunicipalities: gauge(
      'ydelse_run_municipalities',
      'Antal kommuner (dele) den seneste opdelte kørsel blev delt i',
      ['job', 'run'],
    ),
    runScheduled: gauge(
      'ydelse_run_latest_scheduled_timestamp_seconds',
      'Planlagt tidspunkt for den seneste kørsel af jobbet',
      ['job', 'run'],
    ),
    lastSuccess: gauge(
      'ydelse_job_last_success_timestamp_seconds',
      'Hvornår en kørsel af jobbet sidst blev færdig',
      ['job'],
    ),
    failedRuns: gauge(
      'ydelse_job_runs_failed',
      'Kørsler og kommunedele der er fejlet og ikke blevet færdige siden',
      ['job'],
    ),
    duePersons: gauge(
      'ydelse_daily_run_due_persons',
      `Personer som 04:00-kørslen skal se på (revurderingsdato til og med i dag); højst ${String(DUE_PERSONS_CAP)} tælles`,
    ),
    queue: gauge(
      'ydelse_job_queue_jobs',
      'Jobs i graphile-workers kø efter tilstand: ready (klar), scheduled (senere), locked (kører), failed (opgivet)',
      ['state'],
    ),
    queueByTask: gauge(
      'ydelse_job_queue_jobs_by_task',
      'Jobs i graphile-workers kø efter opgave og tilstand',
      ['task', 'state'],
    ),
    cprErrors: gauge('ydelse_cpr_error_queue_messages', 'Afviste CPR-meddelelser i fejlkøen'),
    openTasks: gauge('ydelse_tasks_open', 'Åbne opgaver pr. kommune', ['municipality']),
    overdueTasks: gauge('ydelse_tasks_overdue', 'Åbne opgaver over deres frist pr. kommune', [
      'municipality',
    ]),
    tableRows: gauge(
      'ydelse_db_table_rows_estimate',
      'Antal rækker i de store tabeller, som planneren anslår dem (pg_class.reltuples)',
      ['table'],
    ),
  };
}

type DatabaseGauges = ReturnType<typeof databaseGauges>;

const seconds = (instant: Date): number => instant.getTime() / 1000;

/** Sets every database gauge from the snapshot, in one synchronous step (a scrape sees one snapshot whole). */
function setDatabaseGauges(gauges: DatabaseGauges, snapshot: Snapshot | null): void {
  for (const gauge of Object.values(gauges)) gauge.reset();
  gauges.up.set(snapshot === null ? 0 : 1);
  if (snapshot === null) return;
  for (const run of snapshot.runs) {
    gauges.runScheduled.set({ job: run.job, run: run.key }, seconds(run.scheduled_for));
    const started = Number(run.started_parts);
    const planned = typeof run.outcome?.parts === 'number' ? run.outcome.parts : started;
    const total = Math.max(planned, started);
    // A run that was never split (the 04:00 run) has no parts.
    if (total === 0 && run.outcome?.parts === undefined) continue;
    const finished = Number(run.finished_parts);
    const failed = Number(run.failed_parts);
    gauges.runMunicipalities.set({ job: run.job, run: run.key }, total);
    gauges.runParts.set({ job: run.job, run: run.key, status: 'finished' }, finished);
    gauges.runParts.set({ job: run.job, run: run.key, status: 'failed' }, failed);
    gauges.runParts.set({ job: run.job, run: run.key, status: 'pending' }, total - finished - failed);
  }
  for (const row of snapshot.lastFinished) gauges.lastSuccess.set({ job: row.job }, seconds(row.finished_at));
  for (const job of scheduledJobs) gauges.failedRuns.set({ job }, 0);
  for (const row of snapshot.failedRuns) gauges.failedRuns.set({ job: row.job }, Number(row.n));
  gauges.duePersons.set(snapshot.duePersons);
  // Every state is shown, 0 too, also before graphile-worker has created its schema.
  for (const state of queueStates) gauges.queue.set({ state }, 0);
  for (const row of snapshot.queue ?? []) {
    gauges.queueByTask.set({ task: row.task, state: row.state }, Number(row.n));
    gauges.queue.inc({ state: row.state }, Number(row.n));
  }
  gauges.cprErrors.set(snapshot.cprErrors);
  for (const row of snapshot.tasks) {
    gauges.openTasks.set({ municipality: row.municipality }, Number(row.open));
    gauges.overdueTasks.set({ municipality: row.municipality }, Number(row.overdue));
  }
  for (const row of snapshot.tables) gauges.tableRows.set({ table: row.table }, row.rows);
}

/** The route pattern the request matched (`/api/persons/:cpr`), or `ukendt`; never the URL itself. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNKNOWN_ROUTE;
}

/**
 * Counts and times every request, and serves /metrics. (A request the router refuses before routing — a URL
 * it cannot decode, a path parameter over 100 characters — is answered by buildApp's `frameworkErrors`
 * without Fastify's hooks, so it is not counted.) Call it on the app before the route plugins are
 * registered: the hooks reach the routes of plugins registered after it.
 */
export function installMetrics(app: FastifyInstance, deps: Deps): void {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'ydelse_' });

  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'ydelse_http_requests_total',
    help: 'HTTP-forespørgsler efter metode, rute (mønsteret, ikke adressen) og status',
    labelNames,
    registers,
  });
  const errors = new Counter({
    name: 'ydelse_http_errors_total',
    help: 'HTTP-forespørgsler besvaret med en serverfejl (5xx)',
    labelNames,
    registers,
  });
  const duration = new Histogram({
    name: 'ydelse_http_request_duration_seconds',
    help: 'Svartid for HTTP-forespørgsler efter metode og rute',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const gauges = databaseGauges(registers);

  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = routeOf(request);
    const status = String(reply.statusCode);
    requests.inc({ method: request.method, route, status });
    if (reply.statusCode >= 500) errors.inc({ method: request.method, route, status });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });

  // Scrapes that arrive while one is reading share its read.
  let reading: Promise<Snapshot | null> | null = null;
  const read = (): Promise<Snapshot | null> =>
    (reading ??= readSnapshot(deps)
      .catch((error: unknown) => {
        app.log.warn({ err: error }, 'metrics: databasen kunne ikke læses');
        return null;
      })
      .finally(() => {
        reading = null;
      }));

  app.get('/metrics', { config: publicRoute, schema: { hide: true } }, async (_request, reply) => {
    setDatabaseGauges(gauges, await read());
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
