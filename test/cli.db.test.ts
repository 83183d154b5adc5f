import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';

const root = path.resolve(import.meta.dirname, '..');

beforeAll(async () => {
  const database = await useTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = 'silent';
});

describe('ydelse calendar bank-days', () => {
  it('prints every bank day in the range, one ISO date per line', async () => {
    const result = await cli('calendar', 'bank-days', '2020-11-20', '2020-11-30');
    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toEqual([
      '2020-11-20',
      '2020-11-23',
      '2020-11-24',
      '2020-11-25',
      '2020-11-26',
      '2020-11-27',
      '2020-11-30',
    ]);
  });

  it('skips the Easter and Christmas closing days', async () => {
    const easter = await cli('calendar', 'bank-days', '2025-04-16', '2025-04-23');
    expect(easter.out.split('\n')).toEqual(['2025-04-16', '2025-04-22', '2025-04-23']);
    const christmas = await cli('calendar', 'bank-days', '2025-12-22', '2026-01-02');
    expect(christmas.out.split('\n')).toEqual([
      '2025-12-22',
      '2025-12-23',
      '2025-12-29',
      '2025-12-30',
      '2026-01-02',
    ]);
  });

  it.each([
    [['2020-13-01', '2020-11-30'], 'FROM', 2],
    [['2020-11-01', '30-11-2020'], 'TO', 2],
    [['2020-11-30', '2020-11-01'], 'TO', 3],
    [['1899-12-01', '1900-01-31'], 'FROM', 2],
    [['2200-12-01', '2201-01-31'], 'TO', 2],
  ])('refuses %j naming the argument', async (args, field, code) => {
    const result = await cli('calendar', 'bank-days', ...args);
    expect(result.code).toBe(code);
    expect(result.err).toContain(`Fejl i ${field}`);
    expect(result.out).toBe('');
  });
});

describe('ydelse person', () => {
  it('creates a citizen from options and shows it', async () => {
    const created = await cli(
      '--bruger',
      'sb147',
      '--bruger-kommune',
      '147',
      'person',
      'create',
      '--cpr',
      '0506901014',
      '--navn',
      'Anna Før',
      '--kommune',
      '147',
      '--fra',
      '2018-01-01',
    );
    expect(created.code).toBe(0);
    expect(created.out).toContain('050690-1014  Anna Før');
    const shown = await cli(
      '--bruger',
      'sb147',
      '--bruger-kommune',
      '147',
      'person',
      'show',
      '050690-1014',
      '--json',
    );
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({
      currentResidence: { municipality: '147', municipalityName: 'Frederiksberg' },
    });
  });

  it.each([
    [['--cpr', '320162-1234', '--navn', 'X', '--kommune', '101', '--fra', '2018-01-01'], '--cpr', 2],
    [['--cpr', '2802671000', '--navn', 'X', '--kommune', '999', '--fra', '2018-01-01'], '--kommune', 2],
    [['--cpr', '2802671000', '--navn', 'X', '--kommune', '101', '--fra', '2018-02-30'], '--fra', 2],
    [['--cpr', '0506901014', '--navn', 'X', '--kommune', '101', '--fra', '2018-01-01'], '--cpr', 3],
  ])('refuses bad input %j naming the option', async (args, option, code) => {
    const result = await cli('--bruger', 'sb101', '--bruger-kommune', '101', 'person', 'create', ...args);
    expect(result.code).toBe(code);
    expect(result.err).toContain(`Fejl i ${option}`);
  });

  it('answers an unknown citizen with exit code 4', async () => {
    const result = await cli('--bruger', 'sb101', '--bruger-kommune', '101', 'person', 'show', '010101-0000');
    expect(result.code).toBe(4);
    expect(result.err).toContain('Borgeren findes ikke, eller du har ikke adgang til borgeren');
  });

  it('answers a citizen of a municipality with no relation to the user as an unknown one', async () => {
    const result = await cli('--bruger', 'sb101', '--bruger-kommune', '101', 'person', 'show', '050690-1014');
    expect(result.code).toBe(4);
    expect(result.err).toContain('Borgeren findes ikke, eller du har ikke adgang til borgeren');
    expect(result.out).not.toContain('Anna Før');
  });

  it('refuses a user acting for no municipality, and an unknown role, with exit code 5 and 2', async () => {
    const anywhere = await cli('--bruger', 'sb101', 'person', 'show', '050690-1014');
    expect(anywhere.code).toBe(5);
    expect(anywhere.err).toContain('ingen-adgang');
    expect(anywhere.out).toBe('');
    const role = await cli(
      '--bruger',
      'sb101',
      '--bruger-kommune',
      '101',
      '--rolle',
      'chef',
      'person',
      'show',
      '050690-1014',
    );
    expect(role.code).toBe(2);
    expect(role.err).toContain('Fejl i --rolle');
  });

  it('lets a read-only user read, never write', async () => {
    const reader = ['--bruger', 'laeser147', '--bruger-kommune', '147', '--rolle', 'laeseadgang'];
    expect((await cli(...reader, 'person', 'show', '050690-1014')).code).toBe(0);
    const write = await cli(
      ...reader,
      'person',
      'create',
      '--cpr',
      '0708901017',
      '--navn',
      'X',
      '--kommune',
      '147',
      '--fra',
      '2018-01-01',
    );
    expect(write.code).toBe(5);
    expect(write.err).toContain('ingen-adgang');
  });
});

describe('ydelse seed --demo', () => {
  it('registers the demo citizens once', async () => {
    const first = await cli('seed', '--demo');
    expect(first.out).toMatch(/^\d+ borgere oprettet$/);
    expect(Number(first.out.split(' ')[0])).toBeGreaterThan(5);
    expect((await cli('seed', '--demo')).out).toBe('0 borgere oprettet');
  });
});

describe('ydelse scenario run', () => {
  it('runs the project scenario files that the foundation supports and reports N passed, N failed', async () => {
    const result = await cli('scenario', 'run', path.join(root, 'scenarios/grundlag'));
    expect(result.err).toBe('');
    expect(result.out.split('\n').at(-1)).toBe('2 passed, 0 failed');
    expect(result.code).toBe(0);
  });

  it('reports a malformed file with file, line and field, and exits 1', async () => {
    const result = await cli('scenario', 'run', path.join(root, 'test/fixtures/ugyldigt-scenarie.yaml'));
    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      /ugyldigt-scenarie\.yaml:6: persons\[0\]\.residence\[0\]\.municipality: .*999/,
    );
    expect(result.out.split('\n').at(-1)).toBe('0 passed, 1 failed');
  });

  it('prints a machine-readable report with --json', async () => {
    const result = await cli('scenario', 'run', '--json', path.join(root, 'scenarios/grundlag'));
    const report = JSON.parse(result.out) as {
      passed: number;
      failed: number;
      scenarios: { passed: boolean }[];
    };
    expect(report).toMatchObject({ passed: 2, failed: 0 });
  });

  it('a missing path is a clear error', async () => {
    const result = await cli('scenario', 'run', path.join(root, 'no-such-folder'));
    expect(result.code).toBe(2);
    expect(result.err).toContain('Stien findes ikke');
  });
});

describe('the ydelse command as installed', () => {
  it('runs through the package bin with the pinned Node 24', async () => {
    const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/node'), [
      path.join(root, 'bin/ydelse.js'),
      'calendar',
      'bank-days',
      '2020-11-24',
      '2020-11-24',
    ]);
    expect(stdout).toBe('2020-11-24\n');
  });

  it('exits with the code of the refusal, not 0', async () => {
    const failed = await promisify(execFile)(path.join(root, 'node_modules/.bin/node'), [
      path.join(root, 'bin/ydelse.js'),
      'calendar',
      'bank-days',
      '2020-13-01',
      '2020-11-30',
    ]).catch((error: unknown) => error as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('Fejl i FROM') as unknown });
  });

  it('refuses to run on another Node version', async () => {
    const result = await promisify(execFile)(
      path.join(root, 'node_modules/.bin/node'),
      [
        '--input-type=module',
        '-e',
        "Object.defineProperty(process.versions, 'node', { value: '20.20.2' }); process.exit = (c) => { console.log('exit', c); throw new Error('stop'); }; await import('./bin/check-node.js').catch(() => undefined);",
      ],
      { cwd: root },
    );
    expect(result.stdout).toContain('exit 1');
  });
});
