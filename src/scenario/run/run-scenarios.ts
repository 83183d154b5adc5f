/**
 * Runs scenario files: each in its own freshly migrated schema, dropped afterwards, with its own simulated
 * clock starting at the file's `start`; a few files at a time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SimulatedClock } from '../../kernel/index.ts';
import { createFreshSchema, emptySchema } from '../../platform/db/fresh-schema.ts';
import type { DisposableDb } from '../../platform/db/template.ts';
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
  const database = await schemas.take(server);
  try {
    await executeScenario({ db: database.db, clock: new SimulatedClock(scenario.start) }, scenario);
    return { file, title: scenario.title, passed: true, durationMs: elapsed() };
  } catch (error) {
    if (!(error instanceof ScenarioFailed)) throw error;
    return { file, title: scenario.title, passed: false, failure: error.failure, durationMs: elapsed() };
  } finally {
    await schemas.give(database);
  }
}

/**
 * Fresh schemas for the files. A schema a file is done with is emptied and given to the next file: the
 * DDL of a new schema and the drop of the old took most of a file's time. Schemas are created and dropped
 * one at a time: the migrator reads the catalogue of every schema, and failed when another file's schema
 * was dropped under it. `close` drops the idle ones.
 */
class SchemaPool {
  private readonly idle: DisposableDb[] = [];
  private changes: Promise<unknown> = Promise.resolve();

  private oneAtATime<T>(change: () => Promise<T>): Promise<T> {
    const result = this.changes.then(change);
    this.changes = result.catch(() => undefined);
    return result;
  }

  async take(server: ScenarioServer): Promise<DisposableDb> {
    return this.idle.pop() ?? this.oneAtATime(() => createFreshSchema(server.databaseUrl, 'scenarie'));
  }

  async give(database: DisposableDb): Promise<void> {
    try {
      await emptySchema(database);
      this.idle.push(database);
    } catch {
      await this.oneAtATime(() => database.drop());
    }
  }

  async close(): Promise<void> {
    const idle = this.idle.splice(0);
    for (const database of idle) await this.oneAtATime(() => database.drop());
  }
}

const schemas = new SchemaPool();

/**
 * How many files run at once. A file's steps wait mostly on the server's round trips and DDL (its fresh
 * schema), so a few at a time keep both the server and the runner busy; each file has its own schema and
 * clock, so they cannot see each other.
 */
export const concurrentFiles = Math.min(4, os.availableParallelism() + 1);

/** Runs the files, a few at a time; the outcomes in the files' order. */
export async function runScenarioFiles(
  server: ScenarioServer,
  files: readonly string[],
  concurrency = concurrentFiles,
): Promise<ScenarioOutcome[]> {
  const outcomes: ScenarioOutcome[] = new Array<ScenarioOutcome>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      const file = files[index];
      if (file !== undefined) outcomes[index] = await runScenarioFile(server, file);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, files.length)) }, worker));
  } finally {
    await schemas.close();
  }
  return outcomes;
}
