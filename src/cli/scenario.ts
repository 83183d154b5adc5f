/**
 * `ydelse scenario run PATH... [--json]`: the server of DATABASE_URL, or an embedded one of its own (beside
 * the application's, so a running `npm start` does not stand in the way), and a freshly migrated schema for
 * every file in the database `ydelse_scenarier`.
 */
import path from 'node:path';
import type { Io } from './output.ts';
import { loadConfig } from '../platform/config.ts';
import { startEmbeddedPostgres } from '../platform/db/embedded.ts';
import { ensureDatabase, withDatabaseName } from '../platform/db/connect.ts';
import { collectScenarioFiles, jsonReport, runScenarioFiles, textReport } from '../scenario/index.ts';

/** Scenario schemas live in a database of their own on the server, never in the application's. */
const SCENARIO_DATABASE = 'ydelse_scenarier';

/** Runs the scenario files under `paths`; exit code 0 only if every scenario passed. */
export async function runScenarioCommand(
  io: Io,
  paths: readonly string[],
  options: { json: boolean },
): Promise<number> {
  let files: string[];
  try {
    files = collectScenarioFiles(paths);
  } catch (error) {
    io.err(`Fejl i stien: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (files.length === 0) {
    io.err(`Fejl: ingen scenariefiler (.yaml) under ${paths.join(', ')}`);
    return 2;
  }
  const config = loadConfig();
  const server =
    config.databaseUrl === undefined
      ? await startEmbeddedPostgres(
          path.join(config.dataDir, 'scenario-postgres'),
          config.embeddedPostgresPort + 1,
          { disposable: true, rootRuntime: config.rootRuntime },
        )
      : undefined;
  try {
    const adminUrl = server?.adminUrl ?? config.databaseUrl ?? '';
    await ensureDatabase(adminUrl, SCENARIO_DATABASE);
    const outcomes = await runScenarioFiles(
      { databaseUrl: withDatabaseName(adminUrl, SCENARIO_DATABASE) },
      files,
    );
    if (options.json) io.out(jsonReport(outcomes));
    else for (const line of textReport(outcomes)) io.out(line);
    return outcomes.every((o) => o.passed) ? 0 : 1;
  } finally {
    await server?.stop();
  }
}
