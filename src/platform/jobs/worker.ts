/**
 * graphile-worker in production: a planning task (hourly by crontab, and at start) puts the coming
 * occurrences of the scheduled jobs on the queue with their `runAt` and a job key per occurrence, so any
 * number of workers on any number of machines share them and none is queued twice.
 */
import { Logger as WorkerLogger, run, type TaskList } from 'graphile-worker';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import type { Logger } from '../logger.ts';
import type { Deps } from '../use-case.ts';
import { municipalities, parseMunicipalityCode } from '../../kernel/index.ts';
import {
  isScheduledJob,
  occurrencesBetween,
  scheduledJobs,
  type Occurrence,
  type ScheduledJob,
} from './domain/schedule.ts';
import { finishedKeys, recordSplit, runScheduledJob, type JobHandlers } from './run-job.ts';

const PLAN_TASK = 'planlaeg-koersler';
const PART_TASK = 'koersel-for-kommune';
/** The runs that are split into one job per municipality (domain §4: a run per municipality). */
const SPLIT_BY_MUNICIPALITY: ReadonlySet<ScheduledJob> = new Set(['maanedskoersel', 'udbetaling']);
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
    },
  };
  for (const job of scheduledJobs) {
    tasks[job] = async (payload, helpers) => {
      const occurrence = fromPayload(job, payload);
      if (!SPLIT_BY_MUNICIPALITY.has(job)) {
        await runScheduledJob(deps, handlers, occurrence, logger);
        return;
      }
      // One job per municipality, each with its own key, so any number of workers share the run.
      if ((await finishedKeys(deps, [occurrence.key])).has(occurrence.key)) return;
      for (const { code } of municipalities) {
        await helpers.addJob(
          PART_TASK,
          { ...toPayload(occurrence), job, municipality: code },
          { jobKey: `${occurrence.key}:${code}` },
        );
      }
      await recordSplit(deps, occurrence, municipalities.length);
    };
  }
  tasks[PART_TASK] = async (payload) => {
    const { job, municipality } = payload as { job: string; municipality: string };
    const parent = fromPayload(job, payload);
    const code = parseMunicipalityCode(municipality);
    if (!code.ok) throw new Error(`Ugyldig kommune på køen: ${municipality}`);
    await runScheduledJob(
      deps,
      handlers,
      { ...parent, key: `${parent.key}:${code.value}` },
      logger,
      code.value,
    );
  };
  return tasks;
}

export interface Worker {
  stop(): Promise<void>;
}

/** Starts the workers; `stop()` ends them and their connections. */
export async function startWorker(options: {
  readonly connectionString: string;
  readonly deps: Deps;
  readonly handlers: JobHandlers;
  readonly logger: Logger;
  readonly concurrency?: number;
}): Promise<Worker> {
  const concurrency = options.concurrency ?? 2;
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
  });
  await runner.addJob(PLAN_TASK, {}, { jobKey: PLAN_TASK });
  return {
    stop: async () => {
      await runner.stop();
      await pool.end();
    },
  };
}
