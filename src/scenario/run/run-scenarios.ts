/**
 * Runs scenario files: each in its own freshly migrated schema, dropped afterwards, with its own simulated
 * clock starting at the file's `start`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SimulatedClock } from '../../kernel/index.ts';
import { createFreshSchema } from '../../platform/db/fresh-schema.ts';
import { formatScenarioError, parseScenario } from '../format/index.ts';
import { executeScenario } from './execute-scenario.ts';
import { ScenarioFailed, type ScenarioOutcome } from './outcome.ts';

export interface ScenarioServer {
  /** The database in which every scenario file gets a fresh schema of its own. */
  readonly databaseUrl: string;
}

/** Expands files and folders (recursively) into the scenario files, sorted; throws for a missing path. */
export function collectScenarioFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const visit = (entry: string): void => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (stat === undefined) throw new Error(`Stien findes ikke: ${entry}`);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry).sort()) {
        const full = path.join(entry, child);
        if (fs.statSync(full).isDirectory() || /\.ya?ml$/.test(child)) visit(full);
      }
    } else {
      files.push(entry);
    }
  };
  for (const entry of paths) visit(entry);
  return files;
}

/** Parses and runs one file; never throws for a scenario's own faults. */
export async function runScenarioFile(server: ScenarioServer, file: string): Promise<ScenarioOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const parsed = parseScenario(fs.readFileSync(file, 'utf8'), file);
  if (!parsed.ok) {
    return {
      file,
      title: null,
      passed: false,
      formatErrors: parsed.error.map(formatScenarioError),
      durationMs: elapsed(),
    };
  }
  const scenario = parsed.value;
  const database = await createFreshSchema(server.databaseUrl, 'scenarie');
  try {
    await executeScenario({ db: database.db, clock: new SimulatedClock(scenario.start) }, scenario);
    return { file, title: scenario.title, passed: true, durationMs: elapsed() };
  } catch (error) {
    if (!(error instanceof ScenarioFailed)) throw error;
    return { file, title: scenario.title, passed: false, failure: error.failure, durationMs: elapsed() };
  } finally {
    await database.drop();
  }
}

/** Runs the files one after another. */
export async function runScenarioFiles(
  server: ScenarioServer,
  files: readonly string[],
): Promise<ScenarioOutcome[]> {
  const outcomes: ScenarioOutcome[] = [];
  for (const file of files) outcomes.push(await runScenarioFile(server, file));
  return outcomes;
}
