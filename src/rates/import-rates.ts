/**
 * `ydelse satser import` and the demo seeding: a rate file goes in whole or not at all. The file is read
 * and validated, then planned against the standing rows under a table lock (see planImport); `eksempel`
 * rows are refused unless the installation is the demo. Importing the same file again changes nothing.
 */
import { createHash } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';
import { err, ok, type Result } from '../kernel/index.ts';
import { actorLabel, type Actor } from '../platform/actor.ts';
import type { Tx } from '../platform/db/database.ts';
import { runUseCase, type Deps } from '../platform/use-case.ts';
import {
  insertRates,
  isDemoInstallation,
  lockRates,
  standingRates,
  supersedeRates,
} from './db/rates.repository.ts';
import { parseRateFile } from './domain/parse-rates.ts';
import { exampleRowsRefused, planImport, type ImportPlan } from './domain/plan-import.ts';

export interface ImportOptions {
  /** Supersede the standing rows the file's rows overlap, instead of refusing them. */
  readonly replace: boolean;
  /** Plan only: validate and report what would change, write nothing. */
  readonly dryRun?: boolean;
}

export interface ImportOutcome {
  readonly plan: ImportPlan;
  readonly sha256: string;
  /** False for a dry run and when nothing changed. */
  readonly written: boolean;
}

/** A case whose coming payment a rate change would alter, with its old and new amount. */
export interface AffectedCase {
  readonly caseId: string;
  readonly cpr: string;
  readonly month: Temporal.PlainYearMonth;
  readonly before: number;
  readonly after: number;
}

/** Lists the cases a planned import would change; the cases context gives it (`findAffectedCases`). */
export type AffectedCasesFinder = (tx: Tx, plan: ImportPlan) => Promise<readonly AffectedCase[]>;

export const fileSha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

async function plan(tx: Tx, csvText: string, replace: boolean): Promise<Result<ImportPlan>> {
  const rows = parseRateFile(csvText);
  if (!rows.ok) return rows;
  if (!(await isDemoInstallation(tx))) {
    const refused = exampleRowsRefused(rows.value);
    if (refused !== undefined) return err(refused);
  }
  await lockRates(tx);
  return planImport(await standingRates(tx), rows.value, { replace });
}

/** Imports a rate file in one transaction; `ugyldige-satser` with every problem, nothing stored, on refusal. */
export async function importRates(
  deps: Deps,
  actor: Actor,
  csvText: string,
  options: ImportOptions,
): Promise<Result<ImportOutcome>> {
  const sha256 = fileSha256(csvText);
  // No citizen's data is read, so the channel names no access-log rows.
  return runUseCase<ImportOutcome>(deps, actor, 'cli', 'satser', async (context) => {
    const planned = await plan(context.tx, csvText, options.replace);
    if (!planned.ok) return planned;
    const { added, superseded, remainders } = planned.value;
    const changes = added.length + superseded.length > 0;
    if (options.dryRun === true || !changes) return ok({ plan: planned.value, sha256, written: false });
    await supersedeRates(
      context.tx,
      superseded.map((stored) => stored.id),
      context.now,
    );
    await insertRates(context.tx, [...added.map((item) => item.row.rate), ...remainders], {
      at: context.now,
      by: actorLabel(actor),
      sha256,
    });
    context.record({
      type: 'satser-indlaest',
      personId: null,
      municipality: null,
      data: {
        fil: sha256,
        tilfoejet: added.length,
        erstattet: superseded.length,
        afkortet: remainders.length,
        uaendret: planned.value.unchanged.length,
        noegler: [...new Set(added.map((item) => item.row.rate.key))].sort(),
      },
    });
    return ok({ plan: planned.value, sha256, written: true });
  });
}

export interface RatePreview {
  readonly plan: ImportPlan;
  /** Undefined when no finder was given. */
  readonly affectedCases?: readonly AffectedCase[];
}

/**
 * What importing the file with replacement would change, without writing: per key the rows added and the
 * standing rows they replace; with a finder, the cases whose coming payment changes.
 */
export async function previewRates(
  deps: Deps,
  actor: Actor,
  csvText: string,
  affectedCases?: AffectedCasesFinder,
): Promise<Result<RatePreview>> {
  return runUseCase<RatePreview>(deps, actor, 'cli', 'laes-satser', async (context) => {
    const planned = await plan(context.tx, csvText, true);
    if (!planned.ok) return planned;
    if (affectedCases === undefined) return ok({ plan: planned.value });
    return ok({ plan: planned.value, affectedCases: await affectedCases(context.tx, planned.value) });
  });
}
