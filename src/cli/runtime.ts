/** Opening the system for a CLI command: configuration, logger, database (embedded or external), migrations. */
import { loadConfig, type Config } from '../platform/config.ts';
import { openDatabase, type OpenDatabase } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { systemClock } from '../platform/clock.ts';
import type { Deps } from '../platform/use-case.ts';

export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: OpenDatabase;
  readonly deps: Deps;
  close(): Promise<void>;
}

/** Opens the configured database and brings it to the newest migration. */
export async function openRuntime(options: { migrate: boolean }): Promise<Runtime> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config);
  try {
    if (options.migrate) {
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0) logger.info({ applied }, 'migreringer kørt');
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    config,
    logger,
    database,
    deps: { db: database.db, clock: systemClock },
    close: () => database.close(),
  };
}
