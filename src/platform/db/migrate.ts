/** Versioned migrations, listed in code (no directory scan), run by `ydelse migrate` and at start. */
import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import type { Db } from './database.ts';
import * as m0001 from './migrations/0001-persons-events-access-log.ts';
import * as m0002 from './migrations/0002-acting-municipality-cases-payments.ts';
import * as m0003 from './migrations/0003-outbound-files.ts';
import * as m0004 from './migrations/0004-task-engine.ts';
import * as m0005 from './migrations/0005-job-recovery.ts';
import * as m0006 from './migrations/0006-cpr-messages-in-any-order.ts';
import * as m0007 from './migrations/0007-rates.ts';
import * as m0008 from './migrations/0008-grants-registrations.ts';
import * as m0009 from './migrations/0009-payment-composition.ts';
import * as m0010 from './migrations/0010-recalculations.ts';
import * as m0011 from './migrations/0011-percent-rates.ts';
import * as m0012 from './migrations/0012-decisions.ts';
import * as m0013 from './migrations/0013-sanctions.ts';
import * as m0014 from './migrations/0014-letters.ts';
import * as m0015 from './migrations/0015-hours-rule.ts';
import * as m0016 from './migrations/0016-hours-rule-legacy.ts';
import * as m0017 from './migrations/0017-journal.ts';
import * as m0018 from './migrations/0018-row-level-security.ts';
import * as m0019 from './migrations/0019-sessions.ts';
import * as m0020 from './migrations/0020-saved-inbox-filters.ts';
import * as m0021 from './migrations/0021-citizen-list.ts';
import * as m0022 from './migrations/0022-inbox-request-cost.ts';

export const migrations: Readonly<Record<string, Migration>> = {
  '0001-persons-events-access-log': m0001,
  '0002-acting-municipality-cases-payments': m0002,
  '0003-outbound-files': m0003,
  '0004-task-engine': m0004,
  '0005-job-recovery': m0005,
  '0006-cpr-messages-in-any-order': m0006,
  '0007-rates': m0007,
  '0008-grants-registrations': m0008,
  '0009-payment-composition': m0009,
  '0010-recalculations': m0010,
  '0011-percent-rates': m0011,
  '0012-decisions': m0012,
  '0013-sanctions': m0013,
  '0014-letters': m0014,
  '0015-hours-rule': m0015,
  '0016-hours-rule-legacy': m0016,
  '0017-journal': m0017,
  '0018-row-level-security': m0018,
  '0019-sessions': m0019,
  '0020-saved-inbox-filters': m0020,
  '0021-citizen-list': m0021,
  '0022-inbox-request-cost': m0022,
};

/**
 * `schema` names the schema of the migration tables when several schemas of one database are migrated at
 * once (the scenario runner's): the migrator looks for its tables in every schema, and would take another
 * schema's for its own.
 */
function migrator(db: Db, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

/** Brings the database (or the named schema) to the newest version; throws with the failing migration named. */
export async function migrateToLatest(db: Db, schema?: string): Promise<string[]> {
  const { error, results }: MigrationResultSet = await migrator(db, schema).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'ukendt';
    throw new Error(
      `Migrering ${failed} fejlede: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      {
        cause: error,
      },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied (readiness reports them). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
