/**
 * `ydelse cpr import|errors`: feed a file of CPR address changes through the same use case as the API, one
 * line at a time (the file is streamed, never read whole), and read the error queue.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { MultiBar, Presets } from 'cli-progress';
import { formatLocalDateTime, type DomainError } from '../kernel/index.ts';
import { listCprErrors, receiveAddressChangeLine, type AddressChangeStatus } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Deps } from '../platform/use-case.ts';
import { reportError, type Io } from './output.ts';

/** How often the import reports progress when stderr is not a terminal. */
export const PROGRESS_EVERY = 1000;

/** Where the import shows how far it has come, and prints a line without breaking the bar. */
export interface ImportProgress {
  log(line: string): void;
  update(bytes: number, messages: number): void;
  stop(): void;
}

/** A bar on the terminal (stderr is a TTY), else a line on `io.err` every 1000 messages. */
export function importProgress(io: Io, tty: boolean, totalBytes: number): ImportProgress {
  if (!tty) {
    return {
      log: (line) => io.err(line),
      update: (_bytes, messages) => {
        if (messages > 0 && messages % PROGRESS_EVERY === 0) io.err(`${messages} beskeder læst`);
      },
      stop: () => undefined,
    };
  }
  const bars = new MultiBar(
    {
      format: 'CPR-import |{bar}| {percentage}% | {messages} beskeder | {eta_formatted} tilbage',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  const bar = bars.create(Math.max(totalBytes, 1), 0, { messages: 0 });
  return {
    log: (line) => bars.log(`${line}\n`),
    update: (bytes, messages) => bar.update(Math.min(bytes, totalBytes), { messages }),
    stop: () => bars.stop(),
  };
}

const lineError = (line: number, error: DomainError): string =>
  `linje ${line}: Fejl${error.field === undefined ? '' : ` i ${error.field}`}: ${error.message} [${error.code}]`;

export type ImportCounts = Record<AddressChangeStatus | 'afvist', number>;

/**
 * Imports the file: one JSON message per line, each through `receiveAddressChangeLine` on its own. Prints
 * each refused line as it goes (it is in the error queue, once however often the file is imported) and the
 * counts at the end; 0 when nothing was refused, 1 otherwise.
 */
export async function importCprCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  file: string,
  options: { tty: boolean },
): Promise<number> {
  let size: number;
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw new Error('ikke en fil');
    size = stat.size;
  } catch {
    return reportError(io, { code: 'ugyldigt-input', message: `Filen findes ikke: ${file}`, field: 'FILE' });
  }
  const counts: ImportCounts = { behandlet: 0, 'allerede-modtaget': 0, overhalet: 0, afvist: 0 };
  const progress = importProgress(io, options.tty, size);
  const lines = readline.createInterface({
    input: fs.createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let lineNumber = 0;
  let bytes = 0;
  let messages = 0;
  try {
    for await (const text of lines) {
      lineNumber += 1;
      bytes += Buffer.byteLength(text, 'utf8') + 1;
      if (text.trim() === '') continue;
      messages += 1;
      // A line that cannot be read is refused into the error queue like any other; the import goes on.
      const received = await receiveAddressChangeLine(deps, actor, 'cli', text);
      if (received.ok) {
        counts[received.value.status] += 1;
      } else {
        counts.afvist += 1;
        progress.log(lineError(lineNumber, received.error));
      }
      progress.update(bytes, messages);
    }
  } finally {
    lines.close();
    progress.stop();
  }
  io.out(
    `${counts.behandlet} behandlet, ${counts['allerede-modtaget']} allerede modtaget, ` +
      `${counts.overhalet} overhalet, ${counts.afvist} afvist`,
  );
  return counts.afvist === 0 ? 0 : 1;
}

/** Prints the error queue, newest first; `--efter` pages on. */
export async function cprErrorsCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  options: { limit?: string; efter?: string; json: boolean },
): Promise<number> {
  const page = await listCprErrors(deps, actor, 'cli', {
    limit: options.limit === undefined ? undefined : Number(options.limit),
    after: options.efter,
  });
  if (!page.ok) return reportError(io, page.error, { limit: '--limit', after: '--efter' });
  if (options.json) {
    const entries = page.value.entries.map((entry) => ({
      ...entry,
      receivedAt: entry.receivedAt.toString(),
    }));
    io.out(JSON.stringify({ entries, next: page.value.next }, null, 2));
    return 0;
  }
  if (page.value.entries.length === 0) {
    io.out(options.efter === undefined ? 'Fejlkøen er tom' : 'Ikke flere afviste beskeder');
    return 0;
  }
  for (const entry of page.value.entries) {
    io.out(
      `#${entry.id}  ${formatLocalDateTime(entry.receivedAt)}  sekvens ${entry.sequence}  ${entry.cpr}  ` +
        `[${entry.code}]${entry.field === null ? '' : ` ${entry.field}:`} ${entry.message}`,
    );
    io.out(`    ${entry.raw ?? JSON.stringify(entry.content)}`);
  }
  if (page.value.next !== null) io.out(`Flere: ydelse cpr errors --efter ${page.value.next}`);
  return 0;
}
