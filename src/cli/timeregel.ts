/**
 * `ydelse timeregel konverter|udtraek`: release 6.1's conversion of the legacy system's 225-hour rule data,
 * and the extract of the cases whose bortfaldsdato no longer matches, as CSV and XLSX per municipality; with
 * `--fil` the same extract is a preview over the legacy file before the conversion (ADR 0025).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  convertHoursRuleData,
  extractCells,
  extractHeader,
  hoursRuleExtract,
  legacyColumns,
  type LegacyProblem,
} from '../cases/index.ts';
import type { DomainError } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Deps } from '../platform/use-case.ts';
import { xlsxWorkbook } from '../platform/xlsx.ts';
import { reportError, type Io } from './output.ts';
import { openRuntime } from './runtime.ts';

const fields = { fil: 'FIL', kommune: '--kommune', cpr: 'FIL' };
const maxFileBytes = 50 * 1024 * 1024;

function readText(io: Io, file: string, option: string): string | number {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error('ikke en fil');
    if (stat.size > maxFileBytes) {
      return reportError(io, {
        code: 'ugyldigt-input',
        message: 'Filen er for stor: højst 50 MB',
        field: option,
      });
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch {
    return reportError(io, {
      code: 'ugyldigt-input',
      message: `Filen findes ikke eller er ikke UTF-8: ${file}`,
      field: option,
    });
  }
}

/** A refused file: each problem on its own line, then the error. */
function refused(io: Io, error: DomainError): number {
  const problems = (error.details as { problems?: readonly LegacyProblem[] } | undefined)?.problems ?? [];
  for (const problem of problems)
    io.err(`linje ${String(problem.line)}, ${problem.field}: ${problem.message}`);
  return reportError(io, error, fields);
}

const csvField = (text: string): string => (/[";\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

export function registerHoursRuleCommands(
  program: Command,
  io: Io,
  setExit: (code: number) => void,
  actor: () => Actor | number,
): void {
  const act = async (work: (deps: Deps, actor: Actor) => Promise<number>) => {
    const who = actor();
    if (typeof who === 'number') return setExit(who);
    const runtime = await openRuntime({ migrate: true });
    try {
      setExit(await work(runtime.deps, who));
    } finally {
      await runtime.close();
    }
  };
  const command = program
    .command('timeregel')
    .description('225-timersreglen: konvertering og dataudtræk (release 6.1)');
  command
    .command('konverter')
    .description('konvertér det gamle systems 225-timersdata (CSV), alt eller intet')
    .argument('<FIL>', `CSV med overskriften ${legacyColumns.join(',')}`)
    .option('--proev', 'tjek filen uden at konvertere', false)
    .action((file: string, options: { proev: boolean }) =>
      act(async (deps, who) => {
        const text = readText(io, file, 'FIL');
        if (typeof text === 'number') return text;
        const done = await convertHoursRuleData(deps, who, 'cli', text, { dryRun: options.proev });
        if (!done.ok) return refused(io, done.error);
        const s = done.value;
        io.out(
          `${s.dryRun ? 'Prøvekørsel: ville konvertere' : 'Konverteret'} ${String(s.rows)} sager: ${String(s.notices)} varslinger, ${String(s.assumedHearings)} antagne partshøringer til 1. februar 2024, ${String(s.letterTasks)} "Send brev"-opgaver`,
        );
        return 0;
      }),
    );
  command
    .command('udtraek')
    .description('sager, hvis bortfaldsdato ikke længere stemmer efter konverteringen, som CSV og XLSX')
    .requiredOption('--kommune <kode>', 'kommunens kode')
    .option('--fil <fil>', 'forhåndsvisning før konverteringen: det gamle systems fil (som til konverter)')
    .option('--mappe <mappe>', 'hvor filerne skrives', '.')
    .action((options: { kommune: string; fil?: string; mappe: string }) =>
      act(async (deps, who) => {
        let legacy: string | undefined;
        if (options.fil !== undefined) {
          const text = readText(io, options.fil, '--fil');
          if (typeof text === 'number') return text;
          legacy = text;
        }
        const extract = await hoursRuleExtract(deps, who, 'cli', options.kommune, legacy);
        if (!extract.ok) return refused(io, extract.error);
        const name = `timeregel-${legacy === undefined ? 'udtraek' : 'forhaandsvisning'}-${options.kommune}`;
        const rows = [extractHeader, ...extractCells(extract.value)];
        fs.mkdirSync(options.mappe, { recursive: true });
        const csv = path.join(options.mappe, `${name}.csv`);
        const xlsx = path.join(options.mappe, `${name}.xlsx`);
        fs.writeFileSync(csv, `\uFEFF${rows.map((row) => row.map(csvField).join(';')).join('\r\n')}\r\n`);
        fs.writeFileSync(xlsx, xlsxWorkbook(`225-timer ${options.kommune}`, rows));
        io.out(`${String(extract.value.length)} sager med forskellig bortfaldsdato: ${csv}, ${xlsx}`);
        return 0;
      }),
    );
}
