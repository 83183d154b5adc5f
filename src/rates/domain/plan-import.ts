/**
 * What importing a rate file changes, decided from the standing rows (those not superseded) and the
 * file's rows: a row already stored as it is changes nothing; a new row that overlaps a standing row of
 * its key is refused naming both, unless the import replaces, when the standing rows it overlaps are
 * superseded and the days of them no new row covers are kept as rows of their own.
 */
import { Temporal } from 'temporal-polyfill';
import {
  domainError,
  err,
  formatDanishAmount,
  ok,
  type DomainError,
  type Result,
} from '../../kernel/index.ts';
import { invalidRates, periodsOverlap, type RateFileProblem, type RateRow } from './parse-rates.ts';
import type { Rate } from './rate.ts';

/** A standing row of the rates table. */
export interface StoredRate {
  readonly id: string;
  readonly rate: Rate;
}

/** A row the import adds, with the standing rows it replaces (none for a period not covered before). */
export interface AddedRate {
  readonly row: RateRow;
  readonly replaces: readonly StoredRate[];
}

export interface ImportPlan {
  /** Rows of the file already stored exactly so: nothing to do. */
  readonly unchanged: readonly RateRow[];
  readonly added: readonly AddedRate[];
  /** Standing rows marked superseded (kept, never deleted). */
  readonly superseded: readonly StoredRate[];
  /** What is left of a superseded row outside the new rows' periods, stored again as a row of its own. */
  readonly remainders: readonly Rate[];
}

/** Whether two rates are the same row: every field equal. */
export function sameRate(a: Rate, b: Rate): boolean {
  return (
    a.key === b.key &&
    a.description === b.description &&
    a.from.equals(b.from) &&
    a.to.equals(b.to) &&
    a.amount === b.amount &&
    a.unit === b.unit &&
    a.reference === b.reference &&
    a.source === b.source &&
    a.sourceKind === b.sourceKind
  );
}

const period = (rate: Rate): string => `${rate.from.toString()}–${rate.to.toString()}`;

/** The parts of `rate`'s period that none of `cuts` covers, as copies of the rate. */
export function remaindersOf(rate: Rate, cuts: readonly Rate[]): Rate[] {
  const sorted = [...cuts].sort((a, b) => Temporal.PlainDate.compare(a.from, b.from));
  const pieces: Rate[] = [];
  let start: Temporal.PlainDate | undefined = rate.from;
  for (const cut of sorted) {
    if (start === undefined) break;
    if (Temporal.PlainDate.compare(cut.to, start) < 0) continue;
    if (Temporal.PlainDate.compare(cut.from, rate.to) > 0) break;
    if (Temporal.PlainDate.compare(cut.from, start) > 0) {
      pieces.push({ ...rate, from: start, to: cut.from.subtract({ days: 1 }) });
    }
    start = Temporal.PlainDate.compare(cut.to, rate.to) < 0 ? cut.to.add({ days: 1 }) : undefined;
  }
  if (start !== undefined) pieces.push({ ...rate, from: start });
  return pieces;
}

/**
 * Plans the import of validated rows (no two of a key overlap) against the standing rows. Without
 * `replace`, `ugyldige-satser` naming every file row that overlaps a standing row and that row.
 */
export function planImport(
  standing: readonly StoredRate[],
  rows: readonly RateRow[],
  options: { readonly replace: boolean },
): Result<ImportPlan> {
  const byKey = new Map<string, StoredRate[]>();
  for (const stored of standing) {
    const list = byKey.get(stored.rate.key);
    if (list === undefined) byKey.set(stored.rate.key, [stored]);
    else list.push(stored);
  }
  const unchanged: RateRow[] = [];
  const added: AddedRate[] = [];
  const problems: RateFileProblem[] = [];
  for (const row of rows) {
    const stored = byKey.get(row.rate.key) ?? [];
    if (stored.some((item) => sameRate(item.rate, row.rate))) {
      unchanged.push(row);
      continue;
    }
    const overlapping = stored.filter((item) => periodsOverlap(item.rate, row.rate));
    if (!options.replace) {
      for (const item of overlapping) {
        problems.push({
          line: row.line,
          column: 'fra',
          message:
            `Perioden ${period(row.rate)} for ${row.rate.key} overlapper den gemte sats ${period(item.rate)} ` +
            `(${formatDanishAmount(item.rate.amount)}); brug erstat for at erstatte den`,
        });
      }
    }
    added.push({ row, replaces: overlapping });
  }
  if (problems.length > 0) return err(invalidRates(problems));
  const superseded = new Map<string, StoredRate>();
  for (const item of added) for (const stored of item.replaces) superseded.set(stored.id, stored);
  const remainders = [...superseded.values()].flatMap((stored) =>
    remaindersOf(
      stored.rate,
      added.filter((item) => item.row.rate.key === stored.rate.key).map((item) => item.row.rate),
    ),
  );
  return ok({ unchanged, added, superseded: [...superseded.values()], remainders });
}

/** `eksempelsats-ikke-tilladt` naming the lines of `eksempel` rows, for an installation that is not the demo. */
export function exampleRowsRefused(rows: readonly RateRow[]): DomainError | undefined {
  const lines = rows.filter((row) => row.rate.sourceKind === 'eksempel').map((row) => row.line);
  if (lines.length === 0) return undefined;
  const shown = lines.slice(0, 10).join(', ');
  return domainError(
    'eksempelsats-ikke-tilladt',
    `Filen har eksempelsatser (kildetype eksempel) i linje ${shown}${lines.length > 10 ? ' m.fl.' : ''}; ` +
      'de kan kun indlæses i demoen',
    'kildetype',
    { lines },
  );
}
