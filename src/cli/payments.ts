/** `ydelse person statement` and `ydelse udveksling list|hent`: statements and outbound files. */
import fs from 'node:fs';
import { parseYearMonth } from '../kernel/index.ts';
import { getOutboundFile, getPaymentStatements, listOutboundFiles } from '../payments/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Deps } from '../platform/use-case.ts';
import { reportError, type Io } from './output.ts';

/** Writes the month's statement(s) as PDF: one file per paying municipality (`-KOMMUNE` added if several). */
export async function statementCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  cpr: string,
  period: string,
  options: { ud: string },
): Promise<number> {
  const found = await getPaymentStatements(deps, actor, 'cli', cpr, period);
  if (!found.ok) return reportError(io, found.error, { cpr: 'CPR', period: 'PERIODE' });
  for (const statement of found.value) {
    const target =
      found.value.length === 1
        ? options.ud
        : options.ud.replace(/(\.pdf)?$/, `-${statement.municipality}.pdf`);
    try {
      fs.writeFileSync(target, statement.pdf);
    } catch (error) {
      return reportError(io, {
        code: 'ugyldigt-input',
        message: `Kan ikke skrive filen: ${error instanceof Error ? error.message : String(error)}`,
        field: '--ud',
      });
    }
    io.out(`${target}: udbetalingsspecifikation ${period} fra kommune ${statement.municipality}`);
  }
  return 0;
}

/** Lists the outbound files, optionally for one month. */
export async function listFilesCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  options: { periode?: string },
): Promise<number> {
  let month;
  if (options.periode !== undefined) {
    const parsed = parseYearMonth(options.periode);
    if (!parsed.ok) return reportError(io, { ...parsed.error, field: '--periode' });
    month = parsed.value;
  }
  const files = await listOutboundFiles(deps, actor, 'cli', month);
  if (!files.ok) return reportError(io, files.error);
  if (files.value.length === 0) io.out('Ingen filer');
  for (const f of files.value) {
    io.out(`${f.id}\t${f.kind}\t${f.municipality}\t${f.period}\t${String(f.records)} poster\t${f.fileName}`);
  }
  return 0;
}

/** Writes one outbound file to disk (or stdout with `-`). */
export async function fetchFileCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  id: string,
  options: { ud?: string },
): Promise<number> {
  const file = await getOutboundFile(deps, actor, 'cli', id);
  if (!file.ok) return reportError(io, file.error, { id: 'ID' });
  const target = options.ud ?? file.value.fileName;
  if (target === '-') process.stdout.write(file.value.content);
  else {
    fs.writeFileSync(target, file.value.content);
    io.out(`${target} skrevet`);
  }
  return 0;
}
