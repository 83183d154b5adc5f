/**
 * `ydelse tasks restart|close`: the release restarts of open tasks (KY 6.1) and the closing of open tasks of
 * a type with a reason. The dry run prints what would happen per task as CSV; the real run writes the
 * report (semicolon-separated CSV) to the file `--rapport` names, if any, and can be run again to resume
 * after an interruption.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { SingleBar, Presets } from 'cli-progress';
import type { Actor } from '../platform/actor.ts';
import { taskTypes } from '../platform/system.ts';
import type { Deps } from '../platform/use-case.ts';
import {
  actOnTask,
  startTask,
  taskActionSchema,
  type TaskView,
  batchCsvHeader,
  batchCsvLine,
  readBatchReport,
  runTaskBatch,
  type BatchKind,
  type BatchProgress,
  type BatchResult,
  type BatchSummary,
} from '../tasks/index.ts';
import { reportError, type Io } from './output.ts';

export interface TaskBatchOptions {
  readonly types: string;
  readonly reason?: string;
  readonly dryRun: boolean;
  readonly rapport?: string;
  readonly tty: boolean;
}

const fieldNames = { types: '--types', reason: '--reason' } as const;

function progressFor(io: Io, tty: boolean, label: string): BatchProgress {
  if (!tty) {
    return {
      start: (total) => io.err(`${label}: ${String(total)} åbne opgaver`),
      tick: (done) => {
        if (done % 10_000 === 0) io.err(`${String(done)} opgaver behandlet`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    { format: `${label} |{bar}| {value}/{total} opgaver | {eta_formatted} tilbage`, stream: process.stderr },
    Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(Math.max(total, 1), 0),
    tick: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}

/** Writes lines to a file, waiting when the stream asks for it. */
async function writeLines(stream: fs.WriteStream, lines: AsyncIterable<string>): Promise<void> {
  for await (const line of lines) {
    if (!stream.write(`${line}\n`)) await once(stream, 'drain');
  }
}

function summaryText(kind: BatchKind, summary: BatchSummary, dryRun: boolean): string {
  const counts = Object.entries(summary.byOutcome)
    .map(([outcome, n]) => `${outcome}: ${String(n)}`)
    .join(', ');
  const verb = kind === 'genstart' ? 'genstartet' : 'lukket';
  return `${dryRun ? 'Prøvekørsel: ' : ''}${String(summary.total)} opgaver ${dryRun ? 'ville blive ' : ''}${verb}${
    summary.resumed ? ' (genoptaget kørsel)' : ''
  }${counts === '' ? '' : ` (${counts})`}`;
}

/** Restarts (`genstart`) or closes (`luk`) the open tasks of the types. */
export async function taskBatchCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  kind: BatchKind,
  options: TaskBatchOptions,
): Promise<number> {
  const types = options.types
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  // The dry run's results arrive as the workers finish them; they are printed in task order, as the real
  // run's report is.
  const dryResults: BatchResult[] = [];
  const summary = await runTaskBatch(
    deps,
    taskTypes,
    actor,
    { kind, types, reason: options.reason, dryRun: options.dryRun },
    (result) => {
      if (options.dryRun) dryResults.push(result);
    },
    progressFor(io, options.tty, kind === 'genstart' ? 'Genstart' : 'Lukning'),
  );
  if (!summary.ok) {
    // An unknown type is refused in `types.N`, the option's N-th type: the option is what to name.
    const field = summary.error.field?.replace(/^types\.\d+$/, 'types');
    return reportError(io, { ...summary.error, ...(field === undefined ? {} : { field }) }, fieldNames);
  }
  const { batchId } = summary.value;
  if (options.dryRun || batchId === null) {
    dryResults.sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0));
    const lines = [batchCsvHeader(), ...dryResults.map(batchCsvLine)];
    if (options.rapport === undefined) for (const line of lines) io.out(line);
    else fs.writeFileSync(options.rapport, `${lines.join('\n')}\n`);
  } else if (options.rapport !== undefined) {
    // A report file only when asked for: nothing is written into the current folder unasked.
    const file = options.rapport;
    const stream = fs.createWriteStream(file);
    async function* lines() {
      yield batchCsvHeader();
      for await (const result of readBatchReport(deps.db, batchId as string)) yield batchCsvLine(result);
    }
    await writeLines(stream, lines());
    stream.end();
    await once(stream, 'finish');
    io.err(`Rapport: ${file}`);
  }
  io.err(summaryText(kind, summary.value, options.dryRun));
  return 0;
}

const taskFields: Readonly<Record<string, string>> = {
  cpr: 'CPR',
  type: 'TYPE',
  id: 'OPGAVE',
  version: '--version',
  'data.sag': '--sag',
  'data.ydelse': '--ydelse',
};

/** Prints a task: its type, status, steps (the current one marked) and open undringer. */
function printTask(io: Io, task: TaskView): void {
  io.out(`Opgave ${task.id}  ${task.typeName}  ${task.status}  version ${String(task.version)}`);
  if (task.caseId !== null) io.out(`  Sag ${task.caseId}`);
  for (const step of task.steps) {
    const mark = step.key === task.currentStep ? '>' : ' ';
    io.out(
      `  ${mark} ${step.key}  ${step.name}  ${step.status}${step.skippable ? '' : '  (kan ikke springes over)'}`,
    );
    if (step.result !== null && Object.keys(step.result).length > 0) {
      for (const [key, value] of Object.entries(step.result)) io.out(`      ${key}: ${String(value)}`);
    }
  }
  for (const query of task.queries.filter((q) => q.status === 'aaben')) {
    io.out(`  Undring ${query.id}${query.mandatory ? ' (obligatorisk)' : ''}: ${query.text}`);
  }
}

export interface StartOptions {
  readonly sag?: string;
  readonly ydelse?: string;
}

/** `ydelse tasks start TYPE CPR`: starts a task by hand for the citizen, as POST /api/tasks does. */
export async function startTaskCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  type: string,
  cpr: string,
  options: StartOptions,
): Promise<number> {
  const data = {
    ...(options.sag === undefined ? {} : { sag: options.sag }),
    ...(options.ydelse === undefined ? {} : { ydelse: options.ydelse }),
  };
  const started = await startTask(deps, taskTypes, actor, 'cli', { type, cpr, data });
  if (!started.ok) return reportError(io, started.error, taskFields);
  printTask(io, started.value);
  return 0;
}

/**
 * `ydelse tasks handl OPGAVE HANDLING`: one action on a task, the handling given as JSON exactly as the
 * API's `handling` (`{"kind":"videre","step":"oplys-bevilling","input":{...}}`).
 */
export async function taskActionCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  id: string,
  handling: string,
  version: string | undefined,
): Promise<number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(handling);
  } catch {
    return reportError(io, {
      code: 'ugyldigt-input',
      message: 'Handlingen skal være JSON',
      field: 'HANDLING',
    });
  }
  const action = taskActionSchema.safeParse(parsed);
  if (!action.success) {
    const issue = action.error.issues[0];
    return reportError(io, {
      code: 'ugyldigt-input',
      message: issue?.message ?? 'Ugyldig handling',
      field: ['HANDLING', ...(issue?.path ?? [])].join('.'),
    });
  }
  if (version !== undefined && !/^\d{1,9}$/.test(version)) {
    return reportError(io, {
      code: 'ugyldigt-input',
      message: 'Versionen skal være et helt tal',
      field: '--version',
    });
  }
  const done = await actOnTask(
    deps,
    taskTypes,
    actor,
    'cli',
    id,
    version === undefined ? undefined : Number(version),
    action.data,
  );
  if (!done.ok) {
    const field = done.error.field;
    const named = field === undefined || field === 'id' || field === 'version' ? field : `HANDLING.${field}`;
    return reportError(io, { ...done.error, ...(named === undefined ? {} : { field: named }) }, taskFields);
  }
  printTask(io, done.value.task);
  if (done.value.effects !== null) io.out(`Kvittering: ${JSON.stringify(done.value.effects, null, 2)}`);
  return 0;
}
