/** How the CLI reports: results on stdout, Danish errors naming the field on stderr, exit codes from the table. */
import { errorCodes, type DomainError } from '../kernel/index.ts';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Prints a refused command and returns its exit code; `fieldNames` maps domain fields to CLI options. */
export function reportError(
  io: Io,
  error: DomainError,
  fieldNames: Readonly<Record<string, string>> = {},
): number {
  const field = error.field === undefined ? undefined : (fieldNames[error.field] ?? error.field);
  io.err(`Fejl${field === undefined ? '' : ` i ${field}`}: ${error.message} [${error.code}]`);
  return errorCodes[error.code].exit;
}
