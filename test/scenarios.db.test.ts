/**
 * Every scenario file of the project runs on every `npm test`: the six examples, the foundation's and the
 * acting-municipality rules'. A file that fails shows the runner's own report.
 */
import fs from 'node:fs';
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
  it('each stand in their folder README, by name or by a pattern such as manuel-*', () => {
    const unlisted = files.filter((file) => {
      const readme = path.join(path.dirname(file), 'README.md');
      if (!fs.existsSync(readme)) return true;
      const names = [...fs.readFileSync(readme, 'utf8').matchAll(/`([a-z0-9*-]+)`/g)].map((m) => m[1] ?? '');
      const name = path.basename(file, '.yaml');
      return !names.some((listed) => new RegExp(`^${listed.replaceAll('*', '[a-z0-9-]*')}$`).test(name));
    });
    expect(unlisted.map((file) => path.relative(root, file))).toEqual([]);
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [path.relative(root, file), file]))('%s passes', async (_name, file) => {
    const outcome = await runScenarioFile(server, file);
    expect(outcome.passed, textReport([outcome]).join('\n')).toBe(true);
  });
});
