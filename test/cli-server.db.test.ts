/**
 * The system as a new user runs it: `npm start` in one terminal, `npx ydelse …` in another, Ctrl-C or a
 * SIGINT to npm to stop. Real processes, an embedded server in a fresh data folder, ports of their own.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.ts';

const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-start-'));
// Run as root, the server runs as the `postgres` user, who must be able to enter the folder.
fs.chmodSync(dir, 0o755);
const httpPort = await freePort();
const pgPort = await freePort();
const env = {
  ...process.env,
  PORT: String(httpPort),
  YDELSE_EMBEDDED_PG_PORT: String(pgPort),
  YDELSE_DATA_DIR: dir,
  DATABASE_URL: '',
  LOG_LEVEL: 'info',
};
const started: ChildProcess[] = [];
afterAll(() => {
  // Each was started in a process group of its own: a failed test leaves nothing running.
  for (const child of started) {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        // Already gone.
      }
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Collects the output of `child` and resolves when it contains `text`. */
function waitFor(child: ChildProcess, text: string, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes(text)) resolve();
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) =>
      reject(new Error(`endte (${String(code)}) før "${text}":\n${output.join('')}`)),
    );
  });
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', r));

const ydelse = (...args: string[]) =>
  promisify(execFile)(
    path.join(root, 'node_modules/.bin/node'),
    [path.join(root, 'bin/ydelse.js'), ...args],
    {
      env,
    },
  ).catch((error: unknown) => error as { code: number; stdout: string; stderr: string });

describe('npm start beside the CLI', () => {
  it('CLI commands use the running server for the same data folder, and SIGINT to npm stops it', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    started.push(npm);
    const output: string[] = [];
    await waitFor(npm, 'OpenYdelse kører på', output);

    const shown = await ydelse(
      '--bruger',
      'sb101',
      '--bruger-kommune',
      '101',
      'person',
      'show',
      '0703621007',
    );
    expect(shown.stderr).toBe('');
    expect(shown.stdout).toContain('070362-1007');
    const migrated = await ydelse('migrate');
    expect(migrated.stderr).toBe('');

    output.length = 0;
    npm.kill('SIGINT');
    const code = await Promise.race([exited(npm), new Promise((r) => setTimeout(() => r('hænger'), 60_000))]);
    // A clean stop: the app and the workers close before the server stops, so no connection is cut.
    expect(code).toBe(0);
    expect(output.join('')).not.toMatch(/lukket|terminating connection/);
    expect(fs.existsSync(path.join(dir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('on a terminal prints one human line with the address, and Ctrl-C stops it', async () => {
    // `script` gives the process a terminal; Ctrl-C typed into it reaches the foreground process group.
    const terminal = spawn('script', ['-qfec', 'exec node bin/ydelse.js serve --no-worker', '/dev/null'], {
      cwd: root,
      env: { ...env, PATH: `${path.join(root, 'node_modules/.bin')}:${process.env.PATH ?? ''}` },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    started.push(terminal);
    const output: string[] = [];
    const address = `http://127.0.0.1:${String(httpPort)}`;
    await waitFor(terminal, 'Stop med Ctrl-C.', output);
    const lines = output.join('').split(/\r?\n/);
    expect(lines).toContain(
      `OpenYdelse kører på ${address} (API-dokumentation: ${address}/api/docs). Stop med Ctrl-C.`,
    );
    terminal.stdin.write('\x03');
    const code = await Promise.race([
      exited(terminal),
      new Promise((r) => setTimeout(() => r('hænger'), 60_000)),
    ]);
    expect(code).not.toBe('hænger');
  }, 120_000);
});
