/** A fresh migrated database for one test file, copied from the run's template. */
import { afterAll, inject } from 'vitest';
import { createDatabaseFromTemplate, type DisposableDb } from '../../src/platform/db/template.ts';

/** Creates the database and drops it after the file's tests. */
export async function useTestDatabase(): Promise<DisposableDb> {
  const database = await createDatabaseFromTemplate(inject('adminUrl'), inject('template'), 'ydelse_test');
  afterAll(() => database.drop());
  return database;
}
