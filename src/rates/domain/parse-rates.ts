/**
 * Reading a rate file (data/satser/satser.csv and its kind): the header, then one rate per row. Every
 * problem of every row is collected with its line and column, so one attempt shows the whole list.
 */
import { Temporal } from 'temporal-polyfill';
import {
  domainError,
  err,
  ok,
  parseDate,
  parseMonthlyAmount,
  quoted,
  textLimits,
  textProblem,
  type DomainError,
  type Result,
} from '../../kernel/index.ts';
import { readCsv } from './csv.ts';
import { rateSourceKinds, rateUnits, type Rate, type RateSourceKind, type RateUnit } from './rate.ts';

/** The columns of a rate file, in this order. */
export const rateColumns = [
  'noegle',
  'beskrivelse',
  'fra',
  'til',
  'beloeb',
  'enhed',
  'hjemmel',
  'kilde',
  'kildetype',
] as const;
export type RateColumn = (typeof rateColumns)[number];

/** One problem of a rate file: the line, the column when one is at fault, and the Danish reason. */
export interface RateFileProblem {
  readonly line: number;
  readonly column?: RateColumn;
  readonly message: string;
}

/** A rate with the line of the file it was read from. */
export interface RateRow {
  readonly line: number;
  readonly rate: Rate;
}

/** Lowercase ASCII letters and digits, with `.` and `_` between them: `kontanthjaelp.over30.forsoerger`. */
const keyPattern = /^[a-z0-9]+(?:[._][a-z0-9]+)*$/;

/** Checks a rate key: the pattern and at most textLimits.key characters; the Danish reason otherwise. */
export function rateKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'Nøglen mangler';
  if (key.length > textLimits.key) return `Nøglen er for lang: højst ${String(textLimits.key)} tegn`;
  if (!keyPattern.test(key)) {
    return `Nøglen ${quoted(key)} må kun have små bogstaver a-z, cifre, punktum og understregning (fx kontanthjaelp.over30.forsoerger)`;
  }
  return undefined;
}

/** The line where a problem is, as the messages write it: `linje 12, kolonne beloeb: …`. */
export function problemText(problem: RateFileProblem): string {
  return `linje ${String(problem.line)}${problem.column === undefined ? '' : `, kolonne ${problem.column}`}: ${problem.message}`;
}

/** The `ugyldige-satser` error for a list of problems; all of them are in `details.problems`. */
export function invalidRates(problems: readonly RateFileProblem[]): DomainError {
  const shown = problems.slice(0, 10).map(problemText);
  const more = problems.length > shown.length ? ` (og ${String(problems.length - shown.length)} flere)` : '';
  return domainError(
    'ugyldige-satser',
    `Satsfilen har ${String(problems.length)} fejl: ${shown.join('; ')}${more}`,
    undefined,
    { problems },
  );
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

function readRow(line: number, fields: readonly string[], problems: RateFileProblem[]): Rate | undefined {
  const before = problems.length;
  const at = (column: RateColumn, message: string) => problems.push({ line, column, message });
  const value = (column: RateColumn): string => fields[rateColumns.indexOf(column)] ?? '';

  const key = value('noegle');
  const keyProblem = rateKeyProblem(key);
  if (keyProblem !== undefined) at('noegle', keyProblem);

  const texts: readonly [RateColumn, string][] = [
    ['beskrivelse', 'Beskrivelsen'],
    ['hjemmel', 'Hjemlen'],
    ['kilde', 'Kilden'],
  ];
  for (const [column, name] of texts) {
    const text = value(column);
    if (text.trim().length === 0) at(column, `${name} mangler`);
    else {
      const problem = textProblem(text, 'line');
      if (problem !== undefined) at(column, problem);
    }
  }

  const from = parseDate(value('fra'));
  if (!from.ok) at('fra', from.error.message);
  const to = parseDate(value('til'));
  if (!to.ok) at('til', to.error.message);
  if (from.ok && to.ok && Temporal.PlainDate.compare(from.value, to.value) > 0) {
    at('til', `Slutdatoen ${to.value.toString()} ligger før startdatoen ${from.value.toString()}`);
  }

  const amount = parseMonthlyAmount(value('beloeb'));
  if (!amount.ok) at('beloeb', amount.error.message);

  const unit = value('enhed');
  if (!isOneOf<RateUnit>(rateUnits, unit)) {
    at('enhed', `Enheden ${quoted(unit)} er ukendt: brug ${rateUnits.join(', ')}`);
  }
  const kind = value('kildetype');
  if (!isOneOf<RateSourceKind>(rateSourceKinds, kind)) {
    at('kildetype', `Kildetypen ${quoted(kind)} er ukendt: brug ${rateSourceKinds.join(', ')}`);
  }

  if (problems.length > before || !from.ok || !to.ok || !amount.ok) return undefined;
  if (!isOneOf<RateUnit>(rateUnits, unit) || !isOneOf<RateSourceKind>(rateSourceKinds, kind))
    return undefined;
  return {
    key,
    description: value('beskrivelse'),
    from: from.value,
    to: to.value,
    amount: amount.value,
    unit,
    reference: value('hjemmel'),
    source: value('kilde'),
    sourceKind: kind,
  };
}

/** Whether two rates' periods share a day (both ends inclusive). */
export function periodsOverlap(a: Rate, b: Rate): boolean {
  return Temporal.PlainDate.compare(a.from, b.to) <= 0 && Temporal.PlainDate.compare(b.from, a.to) <= 0;
}

/** The problems of rows of one key overlapping in time, each named at the later row with the other's line. */
export function overlapProblems(rows: readonly RateRow[]): RateFileProblem[] {
  const byKey = new Map<string, RateRow[]>();
  for (const row of rows) {
    const list = byKey.get(row.rate.key);
    if (list === undefined) byKey.set(row.rate.key, [row]);
    else list.push(row);
  }
  const problems: RateFileProblem[] = [];
  for (const list of byKey.values()) {
    list.sort((a, b) => Temporal.PlainDate.compare(a.rate.from, b.rate.from) || a.line - b.line);
    // The row reaching furthest so far: every later row starting on or before its end overlaps it.
    let reach: RateRow | undefined;
    for (const row of list) {
      if (reach !== undefined && Temporal.PlainDate.compare(row.rate.from, reach.rate.to) <= 0) {
        problems.push({
          line: row.line,
          column: 'fra',
          message:
            `Perioden ${row.rate.from.toString()}–${row.rate.to.toString()} for ${row.rate.key} overlapper ` +
            `linje ${String(reach.line)} (${reach.rate.from.toString()}–${reach.rate.to.toString()})`,
        });
      }
      if (reach === undefined || Temporal.PlainDate.compare(row.rate.to, reach.rate.to) > 0) reach = row;
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

/**
 * Reads a rate file: the header exactly `noegle,beskrivelse,fra,til,beloeb,enhed,hjemmel,kilde,kildetype`,
 * then one rate per row. `ugyldige-satser` with every problem (line and column) when anything is wrong,
 * including two rows of one key overlapping in time.
 */
export function parseRateFile(text: string): Result<readonly RateRow[]> {
  const csv = readCsv(text);
  const problems: RateFileProblem[] = csv.problems.map((problem) => ({ ...problem }));
  const [header, ...body] = csv.records;
  if (header === undefined || header.line !== 1) {
    return err(
      invalidRates([{ line: 1, message: `Første linje skal være overskriften ${rateColumns.join(',')}` }]),
    );
  }
  if (header.fields.join(',') !== rateColumns.join(',')) {
    problems.unshift({
      line: header.line,
      message: `Overskriften skal være præcis ${rateColumns.join(',')}`,
    });
    return err(invalidRates(problems));
  }
  const rows: RateRow[] = [];
  for (const record of body) {
    if (record.fields.length !== rateColumns.length) {
      problems.push({
        line: record.line,
        message: `Rækken har ${String(record.fields.length)} kolonner; der skal være ${String(rateColumns.length)}`,
      });
      continue;
    }
    const rate = readRow(record.line, record.fields, problems);
    if (rate !== undefined) rows.push({ line: record.line, rate });
  }
  problems.push(...overlapProblems(rows));
  if (rows.length === 0 && problems.length === 0) {
    problems.push({ line: 1, message: 'Filen har ingen satser' });
  }
  if (problems.length > 0) return err(invalidRates(problems.sort((a, b) => a.line - b.line)));
  return ok(rows);
}

/** The rates of a rate file (see parseRateFile). */
export function parseRates(text: string): Result<readonly Rate[]> {
  const rows = parseRateFile(text);
  return rows.ok ? ok(rows.value.map((row) => row.rate)) : rows;
}
