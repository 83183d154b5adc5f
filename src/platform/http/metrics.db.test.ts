import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import { createDb, type Db } from '../db/database.ts';
import { routePlugins } from '../system.ts';
import type { Deps } from '../use-case.ts';
import { buildApp, type AppPlugin } from './app.ts';
import { installMetrics } from './metrics.ts';

let app: FastifyInstance;
let db: Db;
const CPR = '0703621007';

/** buildApp installs the metrics before every route; a route that fails, for the error counter. */
const open = { access: 'offentlig' } as const;
const failing: AppPlugin = (instance) => {
  instance.get('/test/fejl/:id', { config: open }, () => {
    throw new Error('med vilje');
  });
  return Promise.resolve();
};

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  app = await buildApp({
    deps: { db, clock },
    logger: false,
    plugins: [...routePlugins, failing],
  });
});
afterAll(() => app.close());

const scrape = async (target: FastifyInstance = app): Promise<string> => {
  const response = await target.inject('/metrics');
  expect(response.statusCode).toBe(200);
  return response.body;
};

/** The sum of the series whose line starts with `prefix` (a name and its first labels). */
function sumOf(text: string, prefix: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** The value of one series (`name{labels}`), or undefined when it is absent. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('answers in the Prometheus text format, with the process metrics prefixed ydelse_', async () => {
    const response = await app.inject('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# TYPE ydelse_http_requests_total counter');
    expect(response.body).toContain('# TYPE ydelse_http_request_duration_seconds histogram');
    expect(response.body).toContain('ydelse_process_cpu_seconds_total');
    expect(response.body).toContain('ydelse_nodejs_eventloop_lag_seconds');
    expect(valueOf(response.body, 'ydelse_metrics_db_up')).toBe(1);
  });

  it('is not in the OpenAPI document', async () => {
    const spec: { paths: Record<string, unknown> } = (await app.inject('/api/openapi.json')).json();
    expect(Object.keys(spec.paths)).not.toContain('/metrics');
  });

  it('counts requests by route pattern, and shows no CPR number from their URLs', async () => {
    // Whatever the requests are answered (the person, 404, or 401 without a sign-in), the series is the
    // route's pattern.
    const route = 'ydelse_http_requests_total{method="GET",route="/api/persons/:cpr",';
    const before = sumOf(await scrape(), route);
    for (const url of [`/api/persons/070362-1007?formaal=test`, `/api/persons/${CPR}?formaal=${CPR}`]) {
      await app.inject(url);
    }
    expect((await app.inject(`/ingen/rute/${CPR}`)).statusCode).toBe(404);
    const text = await scrape();
    expect(sumOf(text, route)).toBe(before + 2);
    expect(
      sumOf(text, 'ydelse_http_request_duration_seconds_count{method="GET",route="/api/persons/:cpr"}'),
    ).toBe(before + 2);
    expect(valueOf(text, 'ydelse_http_requests_total{method="GET",route="ukendt",status="404"}')).toBe(1);
    expect(valueOf(text, 'ydelse_http_requests_total{method="GET",route="/metrics",status="200"}')).toBe(2);
    for (const digits of ['0703621007', '070362-1007', '070362']) expect(text).not.toContain(digits);
  });

  it('counts a server error (5xx) apart', async () => {
    expect((await app.inject(`/test/fejl/${CPR}`)).statusCode).toBe(500);
    const text = await scrape();
    expect(valueOf(text, 'ydelse_http_errors_total{method="GET",route="/test/fejl/:id",status="500"}')).toBe(
      1,
    );
    expect(
      valueOf(text, 'ydelse_http_requests_total{method="GET",route="/test/fejl/:id",status="500"}'),
    ).toBe(1);
    expect(text).not.toMatch(/ydelse_http_errors_total\{[^}]*status="[24]\d\d"/);
    expect(text).not.toContain(CPR);
  });

  it('shows the latest split run by its parts, the failed runs and the last finished run', async () => {
    await sql`
      insert into job_runs (key, job, scheduled_for, started_at, finished_at, outcome, parent, municipality, failed_at, error)
      values
        ('daglig-flytning:2025-05-05', 'daglig-flytning', '2025-05-05T02:00:00Z', '2025-05-05T02:00:00Z',
         '2025-05-05T02:01:40Z', '{}', null, null, null, null),
        ('maanedskoersel:2025-04', 'maanedskoersel', '2025-04-24T16:00:00Z', '2025-04-24T16:00:00Z',
         '2025-04-24T16:00:00Z', '{"parts": 98}', null, null, null, null),
        ('maanedskoersel:2025-05', 'maanedskoersel', '2025-05-23T16:00:00Z', '2025-05-23T16:00:00Z',
         '2025-05-23T16:00:00Z', '{"parts": 3}', null, null, null, null),
        ('maanedskoersel:2025-05:101', 'maanedskoersel', '2025-05-23T16:00:00Z', '2025-05-23T16:00:01Z',
         '2025-05-23T16:03:00Z', '{}', 'maanedskoersel:2025-05', '101', null, null),
        ('maanedskoersel:2025-05:147', 'maanedskoersel', '2025-05-23T16:00:00Z', '2025-05-23T16:00:01Z',
         null, null, 'maanedskoersel:2025-05', '147', '2025-05-23T16:01:00Z', ${`fejl for ${CPR}`})`.execute(
      db,
    );
    const text = await scrape();
    const run = 'job="maanedskoersel",run="maanedskoersel:2025-05"';
    expect(valueOf(text, `ydelse_run_municipalities{${run}}`)).toBe(3);
    expect(valueOf(text, `ydelse_run_parts{${run},status="finished"}`)).toBe(1);
    expect(valueOf(text, `ydelse_run_parts{${run},status="failed"}`)).toBe(1);
    expect(valueOf(text, `ydelse_run_parts{${run},status="pending"}`)).toBe(1);
    expect(text).not.toContain('run="maanedskoersel:2025-04"');
    expect(valueOf(text, 'ydelse_job_runs_failed{job="maanedskoersel"}')).toBe(1);
    expect(valueOf(text, 'ydelse_job_runs_failed{job="udbetaling"}')).toBe(0);
    expect(
      valueOf(
        text,
        'ydelse_run_latest_scheduled_timestamp_seconds{job="daglig-flytning",run="daglig-flytning:2025-05-05"}',
      ),
    ).toBe(Date.parse('2025-05-05T02:00:00Z') / 1000);
    expect(text).not.toMatch(/ydelse_run_parts\{job="daglig-flytning"/);
    expect(valueOf(text, 'ydelse_job_last_success_timestamp_seconds{job="daglig-flytning"}')).toBe(
      Date.parse('2025-05-05T02:01:40Z') / 1000,
    );
    expect(text).not.toContain(CPR);
  });

  it('counts the persons due for the 04:00 run, the CPR error queue and the open and overdue tasks', async () => {
    const before = await scrape();
    const person = await sql<{ id: string }>`
      insert into persons (cpr, name, civil_status, cpr_subscription, health_card, created_at, acting_review_on)
      values (${CPR}, 'Karen Testesen', 'ugift', true, true, now(), '2025-05-05') returning id`.execute(db);
    const personId = person.rows[0]?.id ?? '';
    await sql`
      insert into cpr_messages (sequence, cpr, content, received_at, status, fingerprint)
      values (1, ${CPR}, '{}', now(), 'afvist', 'a'), (2, ${CPR}, '{}', now(), 'afvist', 'b'),
             (3, ${CPR}, '{}', now(), 'modtaget', null)`.execute(db);
    await sql`
      insert into tasks (type, person_id, municipality, status, created_at, updated_at, due_on)
      values ('test', ${personId}, '101', 'aaben', now(), now(), '2025-05-01'),
             ('test', ${personId}, '101', 'aaben', now(), now(), null),
             ('test', ${personId}, '101', 'afsluttet', now(), now(), '2025-05-01'),
             ('test', ${personId}, '147', 'aaben', now(), now(), '2025-06-01')`.execute(db);
    const text = await scrape();
    expect(valueOf(text, 'ydelse_daily_run_due_persons')).toBe(
      (valueOf(before, 'ydelse_daily_run_due_persons') ?? 0) + 1,
    );
    expect(valueOf(text, 'ydelse_cpr_error_queue_messages')).toBe(
      (valueOf(before, 'ydelse_cpr_error_queue_messages') ?? 0) + 2,
    );
    const open101 = valueOf(before, 'ydelse_tasks_open{municipality="101"}') ?? 0;
    expect(valueOf(text, 'ydelse_tasks_open{municipality="101"}')).toBe(open101 + 2);
    expect(valueOf(text, 'ydelse_tasks_overdue{municipality="101"}')).toBe(
      (valueOf(before, 'ydelse_tasks_overdue{municipality="101"}') ?? 0) + 1,
    );
    expect(valueOf(text, 'ydelse_tasks_open{municipality="147"}')).toBe(
      (valueOf(before, 'ydelse_tasks_open{municipality="147"}') ?? 0) + 1,
    );
    expect(valueOf(text, 'ydelse_tasks_open{municipality="860"}')).toBe(0);
    expect(valueOf(text, 'ydelse_db_table_rows_estimate{table="persons"}')).toBeGreaterThanOrEqual(0);
  });

  it('shows graphile-worker’s queue as 0 before its schema exists, and by state once it does', async () => {
    const exists = await sql<{
      ok: boolean;
    }>`select to_regclass('graphile_worker.jobs') is not null as ok`.execute(db);
    if (exists.rows[0]?.ok !== true) {
      const empty = await scrape();
      for (const state of ['ready', 'scheduled', 'locked', 'failed']) {
        expect(valueOf(empty, `ydelse_job_queue_jobs{state="${state}"}`)).toBe(0);
      }
      // The columns of graphile-worker's view that the scrape reads.
      await sql`create schema graphile_worker`.execute(db);
      await sql`create table graphile_worker.jobs (task_identifier text not null, run_at timestamptz not null,
        attempts smallint not null, max_attempts smallint not null, locked_at timestamptz)`.execute(db);
    }
    await sql`delete from graphile_worker.jobs`.execute(db);
    await sql`insert into graphile_worker.jobs (task_identifier, run_at, attempts, max_attempts, locked_at)
      values ('koersel-for-kommune', now() - interval '1 minute', 0, 25, null),
             ('koersel-for-kommune', now() - interval '1 minute', 1, 25, now()),
             ('koersel-for-kommune', now() - interval '1 minute', 1, 25, now()),
             ('maanedskoersel', now() + interval '1 day', 0, 25, null),
             ('udbetaling', now() - interval '1 day', 25, 25, null)`.execute(db);
    const text = await scrape();
    expect(valueOf(text, 'ydelse_job_queue_jobs{state="ready"}')).toBe(1);
    expect(valueOf(text, 'ydelse_job_queue_jobs{state="locked"}')).toBe(2);
    expect(valueOf(text, 'ydelse_job_queue_jobs{state="scheduled"}')).toBe(1);
    expect(valueOf(text, 'ydelse_job_queue_jobs{state="failed"}')).toBe(1);
    expect(valueOf(text, 'ydelse_job_queue_jobs_by_task{task="koersel-for-kommune",state="locked"}')).toBe(2);
  });

  it('keeps a registry per app, and answers with the HTTP metrics when the database cannot be read', async () => {
    const unreachable = createDb('postgres://postgres@127.0.0.1:1/ingen', { max: 1 });
    const deps: Deps = {
      db: unreachable,
      clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')),
    };
    const other = Fastify({ logger: false });
    installMetrics(other, deps);
    other.get('/x', () => 'x');
    await other.ready();
    try {
      await other.inject('/x');
      const text = await scrape(other);
      expect(valueOf(text, 'ydelse_metrics_db_up')).toBe(0);
      expect(valueOf(text, 'ydelse_http_requests_total{method="GET",route="/x",status="200"}')).toBe(1);
      expect(text).not.toContain('ydelse_tasks_open{');
      expect(text).not.toContain('route="/api/persons/:cpr"');
      // The first app's counters are its own.
      expect(await scrape()).not.toContain('route="/x"');
    } finally {
      await other.close();
      await unreachable.destroy();
    }
  });
});
