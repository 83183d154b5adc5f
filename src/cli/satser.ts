/**
 * `ydelse satser import|vis|preview`: load a rate file (all or nothing, or as a dry run), list the rates in
 * force, and show what a file would change before it is loaded.
 */
import fs from 'node:fs';
import { formatDanishAmount, parseDate, type DomainError } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Deps } from '../platform/use-case.ts';
import {
  exampleRateMarker,
  importRates,
  listRates,
  previewRates,
  problemText,
  rateJson,
  rateKeyProblem,
  type AffectedCasesFinder,
  type ImportPlan,
  type Rate,
  type RateFileProblem,
} from '../rates/index.ts';
import { reportError, type Io } from './output.ts';

/** The largest rate file read: far above a year's few hundred rows. */
const maxFileBytes = 10 * 1024 * 1024;

function readRateFile(io: Io, file: string): string | number {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error('ikke en fil');
    if (stat.size > maxFileBytes) {
      return reportError(io, {
        code: 'ugyldigt-input',
        message: `Filen er for stor: højst ${String(maxFileBytes / 1024 / 1024)} MB`,
        field: 'FIL',
      });
    }
    bytes = fs.readFileSync(file);
  } catch {
    return reportError(io, { code: 'ugyldigt-input', message: `Filen findes ikke: ${file}`, field: 'FIL' });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return reportError(io, { code: 'ugyldigt-input', message: 'Filen er ikke UTF-8', field: 'FIL' });
  }
}

/** A refused file: every problem on a line of its own, then the error with its code. */
function reportRefusal(io: Io, error: DomainError): number {
  const problems = (error.details as { problems?: readonly RateFileProblem[] } | undefined)?.problems;
  if (error.code === 'ugyldige-satser' && problems !== undefined) {
    for (const problem of problems) io.err(problemText(problem));
    return reportError(io, {
      ...error,
      message: `Satsfilen har ${String(problems.length)} fejl; intet er indlæst`,
      field: 'FIL',
    });
  }
  return reportError(io, { ...error, field: 'FIL' });
}

const amount = (rate: Rate): string =>
  `${formatDanishAmount(rate.amount)}${rate.sourceKind === 'eksempel' ? ` (${exampleRateMarker})` : ''}`;
const period = (rate: Rate): string => `${rate.from.toString()}–${rate.to.toString()}`;

/** Per key, the rows a plan adds and the stored rows they replace: old → new amount and from-date. */
export function describePlan(plan: ImportPlan): string[] {
  const byKey = new Map<string, string[]>();
  const add = (key: string, line: string) => {
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [line]);
    else list.push(line);
  };
  for (const { row, replaces } of plan.added) {
    const rate = row.rate;
    if (replaces.length === 0)
      add(rate.key, `  ny: ${period(rate)} ${amount(rate)} (linje ${String(row.line)})`);
    for (const old of replaces) {
      add(
        rate.key,
        `  erstatter ${period(old.rate)} ${amount(old.rate)} → ${amount(rate)} fra ${rate.from.toString()}` +
          ` til ${rate.to.toString()} (linje ${String(row.line)})`,
      );
    }
  }
  for (const rest of plan.remainders) add(rest.key, `  beholdes: ${period(rest)} ${amount(rest)}`);
  return [...byKey.keys()].sort().flatMap((key) => [key, ...(byKey.get(key) ?? [])]);
}

function summary(plan: ImportPlan): string {
  return (
    `${String(plan.added.length)} satser tilføjes, ${String(plan.superseded.length)} erstattes, ` +
    `${String(plan.unchanged.length)} findes allerede`
  );
}

/** `ydelse satser import FIL [--erstat] [--toerloeb]`. */
export async function importRatesCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  file: string,
  options: { erstat: boolean; toerloeb: boolean },
): Promise<number> {
  const text = readRateFile(io, file);
  if (typeof text === 'number') return text;
  const done = await importRates(deps, actor, text, { replace: options.erstat, dryRun: options.toerloeb });
  if (!done.ok) return reportRefusal(io, done.error);
  const { plan, written } = done.value;
  for (const line of describePlan(plan)) io.out(line);
  if (options.toerloeb) io.out(`Tørløb, intet er gemt: ${summary(plan)}`);
  else if (!written) io.out(`Intet ændret: alle ${String(plan.unchanged.length)} satser findes allerede`);
  else io.out(`Indlæst: ${summary(plan)}`);
  return 0;
}

/**
 * `ydelse satser preview FIL`: what importing the file with --erstat would change, without writing. The
 * per-case payment impact comes from `affectedCases` (the CLI passes `findAffectedCases` from cases).
 */
export async function previewRatesCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  file: string,
  affectedCases?: AffectedCasesFinder,
): Promise<number> {
  const text = readRateFile(io, file);
  if (typeof text === 'number') return text;
  const preview = await previewRates(deps, actor, text, affectedCases);
  if (!preview.ok) return reportRefusal(io, preview.error);
  const lines = describePlan(preview.value.plan);
  if (lines.length === 0) io.out('Filen ændrer ingen satser');
  for (const line of lines) io.out(line);
  io.out(`Med --erstat: ${summary(preview.value.plan)}`);
  const cases = preview.value.affectedCases;
  if (cases === undefined) {
    io.out('Sagernes udbetalinger vises ikke: ydelserne beregnes endnu ikke ud fra satserne');
  } else if (cases.length === 0) io.out('Ingen sags kommende udbetaling ændres');
  else {
    io.out('Sager, hvis kommende udbetaling ændres:');
    for (const item of cases) {
      io.out(
        `  sag ${item.caseId} (${item.cpr}) ${item.month.toString()}: ${formatDanishAmount(item.before)} → ${formatDanishAmount(item.after)}`,
      );
    }
  }
  return 0;
}

/** `ydelse satser vis [--noegle K] [--dato D] [--json]`: the rates in force. */
export async function showRatesCommand(
  deps: Deps,
  io: Io,
  options: { noegle?: string; dato?: string; json: boolean },
): Promise<number> {
  if (options.noegle !== undefined) {
    const problem = rateKeyProblem(options.noegle);
    if (problem !== undefined) {
      return reportError(io, { code: 'ugyldigt-input', message: problem, field: '--noegle' });
    }
  }
  let on;
  if (options.dato !== undefined) {
    const parsed = parseDate(options.dato);
    if (!parsed.ok) return reportError(io, { ...parsed.error, field: '--dato' });
    on = parsed.value;
  }
  const rates = await listRates(deps.db, {
    ...(options.noegle === undefined ? {} : { key: options.noegle }),
    ...(on === undefined ? {} : { on }),
  });
  if (options.json) {
    io.out(JSON.stringify(rates.map(rateJson), null, 2));
    return 0;
  }
  if (rates.length === 0) {
    io.out('Ingen satser');
    return 0;
  }
  const rows = [
    ['nøgle', 'fra', 'til', 'beløb', 'enhed', 'kildetype'],
    ...rates.map((rate) => [
      rate.key,
      rate.from.toString(),
      rate.to.toString(),
      formatDanishAmount(rate.amount),
      rate.unit,
      rate.sourceKind === 'eksempel' ? exampleRateMarker : rate.sourceKind,
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows) {
    io.out(
      row
        .map((cell, column) =>
          column === 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    );
  }
  return 0;
}
