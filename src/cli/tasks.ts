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
