/**
 * Every scenario file of the project runs on every `npm test`: the six examples, the foundation's and the
 * acting-municipality rules'. A file that fails shows the runner's own report.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { ensureDatabase, withDatabaseName } from '../src/platform/db/connect.ts';
import {
  collectScenarioFiles,
  runScenarioFile,
  textReport,
  type ScenarioServer,
} from '../src/scenario/index.ts';

const root = path.resolve(import.meta.dirname, '..');
const files = collectScenarioFiles([path.join(root, 'scenarios')]);
let server: ScenarioServer;

beforeAll(async () => {
  await ensureDatabase(inject('adminUrl'), 'ydelse_scenarier');
  server = { databaseUrl: withDatabaseName(inject('adminUrl'), 'ydelse_scenarier') };
});

describe('the scenario files', () => {
  it('are many enough to cover the rules', () => {
    expect(files.length).toBeGreaterThanOrEqual(38);
  });

  it.each(files.map((file) => [path.relative(root, file), file]))('%s passes', async (_name, file) => {
    const outcome = await runScenarioFile(server, file);
    expect(outcome.passed, textReport([outcome]).join('\n')).toBe(true);
  });
});
