/**
 * `ydelse run daglig-flytning|maanedskoersel|udbetaling`: run a scheduled job now, through the same function
 * as the workers and under the occurrence's own key, so running it twice changes nothing the second time
 * and a failed municipality part is retried by hand. A run that is not due yet is refused unless
 * `--tving`. `ydelse run status`: the latest runs and the failed parts.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import {
  localDate,
  parseDate,
  parseMunicipalityCode,
  parseYearMonth,
  ZONE,
  type MunicipalityCode,
} from '../kernel/index.ts';
import { decideManualRun, partKey } from '../platform/jobs/domain/recovery.ts';
import {
  dailyOccurrence,
  monthlyOccurrence,
  scheduledJobs,
  type Occurrence,
  type ScheduledJob,
} from '../platform/jobs/domain/schedule.ts';
import {
  finishedKeys,
  isFinished,
  runScheduledJob,
  type RunOutcome,
  type RunProgress,
} from '../platform/jobs/run-job.ts';
import { listRuns } from '../platform/jobs/run-status.ts';
import type { Logger } from '../platform/logger.ts';
import { jobHandlers } from '../platform/system.ts';
import type { Deps } from '../platform/use-case.ts';
import { processIo, reportError, type Io } from './output.ts';
import { openRuntime } from './runtime.ts';

const names: Record<ScheduledJob, { title: string; unit: string }> = {
  'daglig-flytning': { title: 'Den daglige flytning', unit: 'personer' },
  maanedskoersel: { title: 'Månedskørslen', unit: 'kommuner' },
  udbetaling: { title: 'Udbetalingen', unit: 'kommuner' },
};

export interface RunJobOptions {
  readonly kommune?: string;
  readonly periode?: string;
  readonly dato?: string;
  readonly tving: boolean;
  readonly tty: boolean;
}

const danishTime = (occurrence: Occurrence): string =>
  new Intl.DateTimeFormat('da-DK', { dateStyle: 'full', timeStyle: 'short', timeZone: ZONE }).format(
    new Date(occurrence.at.epochMilliseconds),
  );

/** A bar on a terminal; otherwise a plain line per municipality part, or per 1,000 persons. */
function progressFor(
  io: Io,
  tty: boolean,
  job: ScheduledJob,
  period: string,
): RunProgress & { stop(): void } {
  const { title, unit } = names[job];
  const label = `${title} ${period}`;
  let total = 0;
  let done = 0;
  if (!tty) {
    return {
      add: (units) => {
        total += units;
      },
      done: (what, outcome) => {
        done += 1;
        if (unit === 'kommuner')
          io.err(`${label}: kommune ${what} ${outcome} (${String(done)}/${String(total)})`);
        else if (done % 1000 === 0 || outcome === 'fejlet') {
          io.err(
            `${label}: ${String(done)}/${String(total)} ${unit}${outcome === 'fejlet' ? ` (${what} fejlede)` : ''}`,
          );
        }
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    { format: `${label} |{bar}| {value}/{total} ${unit}`, stream: process.stderr, clearOnComplete: false },
    Presets.shades_classic,
  );
  let started = false;
  return {
    add: (units) => {
      total += units;
      if (!started) {
        bar.start(Math.max(total, 1), 0);
        started = true;
      } else bar.setTotal(total);
    },
    done: () => {
      done += 1;
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** Runs one scheduled job now (or refuses); returns the exit code. */
export async function runJobCommand(
  deps: Deps,
  io: Io,
  logger: Logger,
  job: ScheduledJob,
  options: RunJobOptions,
): Promise<number> {
  let municipality: MunicipalityCode | undefined;
  if (options.kommune !== undefined) {
    if (job === 'daglig-flytning') {
      return reportError(io, {
        code: 'ugyldigt-input',
        message:
          'Den daglige flytning køres for alle kommuner på én gang; --kommune gælder månedskørslen og udbetalingen',
        field: '--kommune',
      });
    }
    const parsed = parseMunicipalityCode(options.kommune);
    if (!parsed.ok) return reportError(io, { ...parsed.error, field: '--kommune' });
    municipality = parsed.value;
  }
  const now = deps.clock.now();
  let occurrence: Occurrence;
  if (job === 'daglig-flytning') {
    if (options.periode !== undefined) {
      return reportError(io, {
        code: 'ugyldigt-input',
        message: 'Brug --dato til den daglige flytning',
        field: '--periode',
      });
    }
    const date =
      options.dato === undefined ? { ok: true as const, value: localDate(now) } : parseDate(options.dato);
    if (!date.ok) return reportError(io, { ...date.error, field: '--dato' });
    occurrence = dailyOccurrence(date.value);
  } else {
    if (options.dato !== undefined) {
      return reportError(io, {
        code: 'ugyldigt-input',
        message: 'Brug --periode til denne kørsel',
        field: '--dato',
      });
    }
    const month =
      options.periode === undefined
        ? { ok: true as const, value: localDate(now).toPlainYearMonth() }
        : parseYearMonth(options.periode);
    if (!month.ok) return reportError(io, { ...month.error, field: '--periode' });
    occurrence = monthlyOccurrence(job, month.value);
  }
  const period =
    job === 'daglig-flytning'
      ? localDate(occurrence.at).toString()
      : localDate(occurrence.at).toPlainYearMonth().toString();
  const what = `${names[job].title} for ${period}${municipality === undefined ? '' : `, kommune ${municipality}`}`;
  const finished =
    municipality === undefined
      ? await isFinished(deps, occurrence.key)
      : (await finishedKeys(deps, [partKey(occurrence, municipality)])).size > 0;
  const decision = decideManualRun({ occurrence, now, finished, force: options.tving });
  if (decision.kind === 'ikke-forfalden') {
    return reportError(io, {
      code: 'ikke-forfalden',
      message: `${what} er ikke forfalden før ${danishTime(occurrence)}. Brug --tving for at køre den nu`,
    });
  }
  if (decision.kind === 'allerede-koert') {
    io.out(`${what} er allerede kørt; intet at gøre`);
    return 0;
  }
  const progress = progressFor(io, options.tty, job, period);
  const outcomes: Partial<Record<RunOutcome, string[]>> = {};
  let outcome: RunOutcome;
  try {
    outcome = await runScheduledJob(deps, jobHandlers, decision.occurrence, {
      logger,
      municipality,
      progress: {
        add: (units) => progress.add(units),
        done: (unit, result) => {
          (outcomes[result] ??= []).push(unit);
          progress.done(unit, result);
        },
      },
    });
  } finally {
    progress.stop();
  }
  if (outcome === 'koerer-allerede') {
    return reportError(io, {
      code: 'konflikt',
      message: `${what} kører allerede i en anden proces; prøv igen senere`,
    });
  }
  const forced = decision.forced ? ` (tvunget: ${decision.occurrence.key})` : '';
  if (outcome === 'allerede-koert') {
    io.out(`${what} er allerede kørt; intet at gøre`);
    return 0;
  }
  const failed = job === 'daglig-flytning' ? [] : (outcomes.fejlet ?? []);
  const counted =
    job === 'daglig-flytning'
      ? `${String(outcomes.koert?.length ?? 0)} personer behandlet${outcomes.fejlet === undefined ? '' : `, ${String(outcomes.fejlet.length)} fejlede og prøves igen ved næste kørsel`}`
      : `${String(outcomes.koert?.length ?? 0)} kommuner kørt${failed.length === 0 ? '' : `, ${String(failed.length)} fejlede`}`;
  if (outcome === 'fejlet' && failed.length === 0) {
    io.err(`${what} fejlede; se ydelse run status`);
    return 1;
  }
  io.out(`${what} kørt${forced}: ${counted}`);
  if (failed.length > 0) {
    const overview = await listRuns(deps.db, { limit: 1 });
    for (const part of overview.failed.filter((f) => f.parent === decision.occurrence.key)) {
      io.err(
        `Fejlet: kommune ${part.municipality ?? '?'} (${part.key}), forsøg ${String(part.attempts)}: ${part.error}`,
      );
    }
    io.err(`Kør de fejlede dele igen med: ydelse run ${job} --periode ${period} [--kommune KODE]`);
    return 1;
  }
  return 0;
}

/** Prints the latest runs and the failed runs and parts; exit 1 when any failed. */
export async function runStatusCommand(
  deps: Deps,
  io: Io,
  options: { readonly antal: string; readonly json: boolean },
): Promise<number> {
  const limit = Number(options.antal);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    return reportError(io, {
      code: 'ugyldigt-input',
      message: 'Antal skal være et helt tal fra 1 til 500',
      field: '--antal',
    });
  }
  const overview = await listRuns(deps.db, { limit });
  if (options.json) {
    io.out(JSON.stringify(overview, null, 2));
    return 0;
  }
  if (overview.runs.length === 0) io.out('Ingen kørsler endnu');
  for (const run of overview.runs) {
    const state = run.finishedAt === null ? 'i gang eller afbrudt' : 'færdig';
    const parts =
      run.parts === null
        ? ''
        : ` — ${String(run.parts.total)} dele: ${String(run.parts.finished)} færdige, ${String(run.parts.failed)} fejlede, ${String(run.parts.open - run.parts.failed)} venter eller kører`;
    io.out(`${run.key}\t${state}${parts}`);
  }
  if (overview.failed.length > 0) {
    io.out('');
    io.out('Fejlede kørsler og dele:');
    for (const failed of overview.failed) {
      const next =
        failed.retryAt === null ? 'prøves kun igen med ydelse run' : `prøves igen ${failed.retryAt}`;
      io.out(`${failed.key}\tforsøg ${String(failed.attempts)}\t${next}\t${failed.error}`);
    }
  }
  return 0;
}

/** Registers `ydelse run` and its subcommands on the program. */
export function registerRunCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  const withDeps = async (work: (deps: Deps, logger: Logger) => Promise<number>) => {
    const runtime = await openRuntime({ migrate: true });
    try {
      setExit(await work(runtime.deps, runtime.logger));
    } finally {
      await runtime.close();
    }
  };
  const run = program
    .command('run')
    .description('kør en planlagt kørsel nu (idempotent), eller se kørslernes status');
  run
    .command('status')
    .description('de seneste kørsler med deres dele, og de fejlede kørsler og dele')
    .option('--antal <antal>', 'antal kørsler (1-500)', '20')
    .option('--json', 'som JSON (samme som GET /api/runs)', false)
    .action((options: { antal: string; json: boolean }) =>
      withDeps((deps) => runStatusCommand(deps, io, options)),
    );
  for (const job of scheduledJobs) {
    run
      .command(job)
      .description(
        `kør ${names[job].title.toLowerCase()} nu; nægtes, hvis den ikke er forfalden, medmindre --tving`,
      )
      .option('--kommune <kode>', 'kun kommunens del (maanedskoersel og udbetaling)')
      .option('--periode <YYYY-MM>', 'måneden (maanedskoersel og udbetaling); standard: denne måned')
      .option('--dato <YYYY-MM-DD>', 'dagen (daglig-flytning); standard: i dag')
      .option('--tving', 'kør den nu, også før den er forfalden eller efter den er kørt', false)
      .action((options: Omit<RunJobOptions, 'tty'>) =>
        withDeps((deps, logger) =>
          runJobCommand(deps, io, logger, job, { ...options, tty: io === processIo && process.stderr.isTTY }),
        ),
      );
  }
}
