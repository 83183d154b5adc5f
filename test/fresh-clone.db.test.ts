/**
 * A fresh clone in a folder only root may enter (mode 700, as `mktemp -d` makes, or /root), run as root:
 * the embedded server runs as the `postgres` user, who may enter neither the clone's node_modules nor its
 * data folder, so both are placed where it may (ADR 0004). Runs only as root; it needs the clone's own
 * node_modules, which are hard links to this checkout's (a copy where that is not possible).
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.ts';

const root = path.resolve(import.meta.dirname, '..');
const asRoot = process.getuid?.() === 0;
const pgPort = await freePort();

describe.runIf(asRoot)('a fresh clone in a private folder, as root', () => {
  const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-klon-'));
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-klon-runtime-'));
  fs.chmodSync(runtime, 0o755);
  const clone = path.join(closed, 'openydelse');
  afterAll(() => {
    fs.rmSync(closed, { recursive: true, force: true });
    fs.rmSync(runtime, { recursive: true, force: true });
  });

  // The clone's own default data folder, `.data/` inside it.
  const { YDELSE_DATA_DIR: _ownDataDir, ...inherited } = process.env;
  const env = {
    ...inherited,
    DATABASE_URL: '',
    YDELSE_EMBEDDED_PG_PORT: String(pgPort),
    YDELSE_ROOT_RUNTIME: runtime,
  };
  const ydelse = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['bin/ydelse.js', ...args], { cwd: clone, env, timeout: 120_000 });

  it('migrates and seeds with the embedded server, and keeps the data for the next command', async () => {
    expect(fs.statSync(closed).mode & 0o777).toBe(0o700);
    execFileSync('git', ['clone', '--quiet', root, clone]);
    try {
      execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(clone, 'node_modules')]);
    } catch {
      execFileSync('cp', ['-a', path.join(root, 'node_modules'), path.join(clone, 'node_modules')]);
    }
    const migrated = await ydelse('migrate');
    expect(migrated.stderr).not.toMatch(/EACCES|Error/);
    const seeded = await ydelse('seed', '--demo');
    expect(seeded.stdout).toMatch(/\d+/);
    // The data stays under the clone's name: a second command finds the citizens the first one made.
    const shown = await ydelse(
      '--bruger',
      'sb101',
      '--bruger-kommune',
      '101',
      'person',
      'show',
      '070362-1007',
    );
    expect(shown.stdout).toMatch(/070362-1007/);
    expect(fs.lstatSync(path.join(clone, '.data', 'postgres')).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(runtime, 'data'))).toBe(true);
  });
});
