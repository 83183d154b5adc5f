/**
 * graphile-worker in production: a planning task (hourly by crontab, and at start) puts the coming
 * occurrences of the scheduled jobs on the queue with their `runAt` and a job key per occurrence, so any
 * number of workers on any number of machines share them and none is queued twice.
 */
import { EventEmitter } from 'node:events';
import {
  Logger as WorkerLogger,
  run,
  type JobHelpers,
  type TaskList,
  type WorkerEvents,
} from 'graphile-worker';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import type { Logger } from '../logger.ts';
import type { Deps } from '../use-case.ts';
import { municipalities, parseMunicipalityCode } from '../../kernel/index.ts';
import { partKey, splitJobs } from './domain/recovery.ts';
import { isScheduledJob, occurrencesBetween, scheduledJobs, type Occurrence } from './domain/schedule.ts';
import { beat, defaultHeartbeat, forget, unlockDeadWorkers, type HeartbeatSettings } from './heartbeat.ts';
import {
  dueRetries,
  finishedKeys,
  recordSplit,
  runScheduledJob,
  type JobHandlers,
  type RunOutcome,
} from './run-job.ts';

const PLAN_TASK = 'planlaeg-koersler';
/** How long a stop waits for the pool's connections to close once every job has ended. */
const POOL_END_MS = 5_000;
const PART_TASK = 'koersel-for-kommune';
/** A part another session holds (a worker being unlocked, a `ydelse run`) is looked at again after this. */
const HELD_RETRY_SECONDS = 30;
/** Planning looks a day back (a run missed while every worker was down is made up) and two days ahead. */
const LOOK_BACK = Temporal.Duration.from({ hours: 24 });
const LOOK_AHEAD = Temporal.Duration.from({ hours: 48 });

interface OccurrencePayload {
  readonly key: string;
  readonly at: string;
}

function toPayload(occurrence: Occurrence): OccurrencePayload {
  return { key: occurrence.key, at: occurrence.at.toString() };
}

function fromPayload(job: string, payload: unknown): Occurrence {
  const { key, at } = payload as OccurrencePayload;
  if (!isScheduledJob(job) || typeof key !== 'string' || typeof at !== 'string') {
    throw new Error(`Ugyldig kørsel på køen: ${job} ${JSON.stringify(payload)}`);
  }
  return { job, key, at: Temporal.Instant.from(at) };
}

function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const method =
      level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'debug' ? 'debug' : 'info';
    logger[method]({ scope, ...meta }, message);
  });
}

/**
 * A run that failed, or that another session holds, goes back on the queue under its own key: a failure at
 * its `retry_at` (the backoff), a held one shortly. A failure past the automatic attempts waits for
 * `ydelse run`.
 */
async function requeue(
  deps: Deps,
  helpers: JobHelpers,
  outcome: RunOutcome,
  task: string,
  payload: object,
  key: string,
): Promise<void> {
  let runAt: Date | null = null;
  if (outcome === 'koerer-allerede') runAt = new Date(Date.now() + HELD_RETRY_SECONDS * 1000);
  if (outcome === 'fejlet') {
    const row = await deps.db
      .selectFrom('job_runs')
      .select('retry_at')
      .where('key', '=', key)
      .executeTakeFirst();
    runAt = row?.retry_at ?? null;
  }
  // The running job has this key too; graphile-worker then queues a new job and lets the running one end.
  if (runAt !== null) await helpers.addJob(task, payload, { jobKey: key, runAt });
}

/** The task list: the planner and one task per scheduled job. */
export function createTaskList(deps: Deps, handlers: JobHandlers, logger: Logger): TaskList {
  const tasks: TaskList = {
    [PLAN_TASK]: async (_payload, helpers) => {
      const now = deps.clock.now();
      const coming = occurrencesBetween(now.subtract(LOOK_BACK), now.add(LOOK_AHEAD));
      const done = await finishedKeys(
        deps,
        coming.map((o) => o.key),
      );
      for (const occurrence of coming.filter((o) => !done.has(o.key))) {
        await helpers.addJob(occurrence.job, toPayload(occurrence), {
          runAt: new Date(occurrence.at.epochMilliseconds),
          jobKey: occurrence.key,
          jobKeyMode: 'preserve_run_at',
        });
      }
      // Failed runs and parts due for another attempt, in case the worker that failed them died before it
      // queued them again.
      for (const retry of await dueRetries(deps, now.add(LOOK_AHEAD))) {
        const runAt = new Date(retry.retryAt.epochMilliseconds);
        if (retry.municipality === undefined) {
          await helpers.addJob(retry.occurrence.job, toPayload(retry.occurrence), {
            runAt,
            jobKey: retry.occurrence.key,
            jobKeyMode: 'preserve_run_at',
          });
        } else {
          await helpers.addJob(
            PART_TASK,
            { ...toPayload(retry.occurrence), job: retry.occurrence.job, municipality: retry.municipality },
            { runAt, jobKey: partKey(retry.occurrence, retry.municipality), jobKeyMode: 'preserve_run_at' },
          );
        }
      }
    },
  };
  for (const job of scheduledJobs) {
    tasks[job] = async (payload, helpers) => {
      const occurrence = fromPayload(job, payload);
      if (!splitJobs.has(job)) {
        const outcome = await runScheduledJob(deps, handlers, occurrence, { logger });
        await requeue(deps, helpers, outcome, job, payload as object, occurrence.key);
        return;
      }
      // One job per municipality, each with its own key, so any number of workers share the run.
      if ((await finishedKeys(deps, [occurrence.key])).has(occurrence.key)) return;
      for (const { code } of municipalities) {
        await helpers.addJob(
          PART_TASK,
          { ...toPayload(occurrence), job, municipality: code },
          { jobKey: partKey(occurrence, code) },
        );
      }
      await recordSplit(deps, occurrence, municipalities.length);
    };
  }
  tasks[PART_TASK] = async (payload, helpers) => {
    const { job, municipality } = payload as { job: string; municipality: string };
    const parent = fromPayload(job, payload);
    const code = parseMunicipalityCode(municipality);
    if (!code.ok) throw new Error(`Ugyldig kommune på køen: ${municipality}`);
    const outcome = await runScheduledJob(deps, handlers, parent, { logger, municipality: code.value });
    await requeue(deps, helpers, outcome, PART_TASK, payload as object, partKey(parent, code.value));
  };
  return tasks;
}

export interface Worker {
  /**
   * Stops taking jobs and waits for the running ones up to the grace, then for the pool to close; false when
   * a job still runs then or a connection stays out (the process must end: that ends its connections, and
   * the database rolls back what they had begun).
   */
  stop(): Promise<boolean>;
}

/**
 * Writes this process's heartbeat and unlocks the jobs of dead workers, now and every interval. The one timer
 * outside the job queue: a heartbeat cannot be a queued job, since any worker would take it.
 */
function startHeartbeat(deps: Deps, workerIds: () => string[], settings: HeartbeatSettings, logger: Logger) {
  const tick = async () => {
    try {
      await beat(deps.db, workerIds());
      const freed = await unlockDeadWorkers(deps.db, settings.deadAfterSeconds);
      if (freed.workers.length > 0) {
        logger.warn(
          { workers: freed.workers, jobs: freed.jobs, silentSeconds: Math.round(freed.silentSeconds) },
          'døde arbejdsprocessers job frigivet',
        );
      }
    } catch (error) {
      logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'hjerteslag fejlede');
    }
  };
  let running = tick();
  const timer = setInterval(() => {
    running = running.then(tick);
  }, settings.intervalSeconds * 1000);
  return {
    first: running,
    /** `forget: false` leaves the heartbeat row to fall silent, so other workers unlock this one's jobs. */
    stop: async (options: { forget: boolean } = { forget: true }) => {
      clearInterval(timer);
      await running;
      if (options.forget) await forget(deps.db, workerIds()).catch(() => undefined);
    },
  };
}

/** Starts the workers; `stop()` ends them and their connections. */
export async function startWorker(options: {
  readonly connectionString: string;
  readonly deps: Deps;
  readonly handlers: JobHandlers;
  readonly logger: Logger;
  readonly concurrency?: number;
  readonly heartbeat?: HeartbeatSettings;
  /**
   * How long `stop()` waits for the running jobs (30 s unless given). A job still running then is left to
   * the other workers: this process keeps its heartbeat row, so they see it fall silent and unlock the job.
   */
  readonly stopGraceMs?: number;
}): Promise<Worker> {
  const concurrency = options.concurrency ?? 2;
  // The pool id is what graphile-worker locks jobs with; it is known when the pool is created.
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  const pools: string[] = [];
  events.on('pool:create', ({ workerPool }) => pools.push(workerPool.id));
  const running = new Map<string, string>();
  events.on('job:start', ({ job }) => running.set(job.id, job.key ?? job.task_identifier));
  events.on('job:complete', ({ job }) => running.delete(job.id));
  // Our own pool, so a connection the server drops (shutdown, restart) is logged instead of crashing.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: concurrency + 2 });
  const onError = (error: Error) =>
    options.logger.warn({ reason: error.message }, 'arbejdsprocessens databaseforbindelse lukket');
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  const runner = await run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    logger: workerLogger(options.logger),
    taskList: createTaskList(options.deps, options.handlers, options.logger),
    crontab: `0 * * * * ${PLAN_TASK}`,
    events,
  });
  const heartbeat = startHeartbeat(
    options.deps,
    () => [...pools],
    options.heartbeat ?? defaultHeartbeat,
    options.logger,
  );
  await heartbeat.first;
  await runner.addJob(PLAN_TASK, {}, { jobKey: PLAN_TASK });
  return {
    stop: async () => {
      const graceMs = options.stopGraceMs ?? 30_000;
      if (!(await within(graceMs, runner.stop()))) {
        await heartbeat.stop({ forget: false });
        options.logger.warn(
          { seconds: graceMs / 1000, jobs: [...running.values()] },
          'arbejdsprocessen stopper uden at vente på sine job; de andre arbejdsprocesser kører dem igen',
        );
        return false;
      }
      await heartbeat.stop();
      // Every job has ended; a connection still out (a LISTEN client in a reconnect) must not hold the stop.
      if (!(await within(POOL_END_MS, pool.end()))) {
        options.logger.warn(
          { seconds: POOL_END_MS / 1000 },
          'arbejdsprocessens databaseforbindelser lukkede ikke; processen stopper uden dem',
        );
        return false;
      }
      return true;
    },
  };
}

/** Whether the promise settles within `ms`. */
async function within(ms: number, promise: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    promise.then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  return settled;
}
