/**
 * Every command example in README.md works as written on a fresh `npm start`, so the README cannot drift
 * from the system again. The examples are the command lines of its code blocks that start with
 * `npx ydelse`, `ydelse` or `curl`, and every inline `npx ydelse …` (the command table, the prose). They run
 * in the README's order against one freshly seeded database, as `npm start` seeds it:
 * - a `ydelse` command through the CLI's `main`, in a scratch folder that sees the repository's `data/`,
 *   `docs/` and `scenarios/` (so relative paths read as in a clone and written files land in the scratch folder);
 *   it must exit with 0;
 * - the long-running `start`, `serve` and `worker` as processes of their own, until they are up (the API
 *   answers `/api/ready`, or the worker says it runs), then stopped with SIGTERM; they must end with 0;
 * - a curl request sent byte for byte as curl sends it (a raw `ø` stays raw) to the app listening on a free
 *   port; it must be answered with a 2xx.
 * An example the test should leave alone carries `<!-- ikke kørt: reason -->` on its line; there is none.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { freePort } from './support/free-port.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { seedDemo } from '../src/demo/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { routePlugins } from '../src/platform/system.ts';
import { useTestDatabase } from './support/test-db.ts';

const root = path.resolve(import.meta.dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

interface Example {
  /** 1-based line in README.md where the example starts. */
  readonly line: number;
  readonly text: string;
  readonly words: readonly string[];
}

/**
 * Splits a shell command line into words as sh does for the quoting the README uses: single quotes,
 * double quotes (with \-escapes), backslash escapes, and a `#` comment at the start of a word.
 */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`uafsluttet ' i: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let value = '';
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && /["\\$`]/.test(line[i + 1] ?? '')) i++;
        value += line[i] as string;
      }
      if (i >= line.length) throw new Error(`uafsluttet " i: ${line}`);
      word = (word ?? '') + value;
    } else if (c === '\\') {
      word = (word ?? '') + (line[++i] ?? '');
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === '#' && word === null) {
      break;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

const isCommand = (words: readonly string[]): boolean =>
  (words[0] === 'npx' && words[1] === 'ydelse') || words[0] === 'ydelse' || words[0] === 'curl';

/** The README's command examples, in order. */
function readmeExamples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trimStart().startsWith('```')) {
      fenced = !fenced;
      continue;
    }
    if (line.includes('<!-- ikke kørt:')) continue;
    if (fenced) {
      // A command continued with a trailing backslash is one command.
      let text = line;
      const start = i;
      while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i] ?? ''}`;
      const words = shellWords(text);
      if (isCommand(words)) examples.push({ line: start + 1, text: text.replace(/\s+/g, ' '), words });
      continue;
    }
    for (const match of line.matchAll(/`(npx ydelse [^`]+)`/g)) {
      // In a table cell a | is written \|.
      const text = (match[1] as string).replaceAll('\\|', '|');
      examples.push({ line: i + 1, text, words: shellWords(text) });
    }
  }
  return examples;
}

/** The ydelse command's own arguments, after `npx ydelse` or `ydelse`. */
const cliArgs = (words: readonly string[]): string[] => words.slice(words[0] === 'npx' ? 2 : 1);

/** The command name, past the global options (`--bruger ID`, `--bruger-kommune KODE`). */
function commandName(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--bruger' || arg === '--bruger-kommune' || arg === '--rolle') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

const LONG_RUNNING = new Set(['start', 'serve', 'worker']);

let databaseUrl: string;
let workDir: string;
let app: FastifyInstance;
let appPort: number;
const startDir = process.cwd();

beforeAll(async () => {
  const database = await useTestDatabase();
  databaseUrl = database.url;
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = 'silent';
  // What `npm start` does first on a fresh data folder: the demo, up to now.
  await seedDemo({ db: database.db, clock: systemClock }, { onlyIfEmpty: true });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-readme-'));
  for (const folder of ['data', 'docs', 'scenarios']) {
    fs.symlinkSync(path.join(root, folder), path.join(workDir, folder));
  }
  process.chdir(workDir);
  app = await buildApp({
    deps: { db: database.db, clock: systemClock },
    logger: false,
    plugins: routePlugins,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  appPort = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  process.chdir(startDir);
  await app.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function runCli(args: readonly string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(['node', 'ydelse', ...args], {
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
  });
  return { code, output: lines.join('\n') };
}

/** Starts a long-running command as its own process, waits until it is up, stops it with SIGTERM. */
async function runLongRunning(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'bin/ydelse.js'), ...args], {
    cwd: workDir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const state = { running: true };
  void exited.then(() => (state.running = false));
  const serves = commandName(args) !== 'worker';
  const deadline = Date.now() + 60_000;
  let up = false;
  while (state.running && !up && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (serves) {
      up = await fetch(`http://127.0.0.1:${String(port)}/api/ready`).then(
        (response) => response.ok,
        () => false,
      );
    } else {
      up = /arbejdsproces kører/.test(output);
    }
  }
  if (!up) {
    child.kill('SIGKILL');
    await exited;
    return { code: null, output: `kom ikke op\n${output}` };
  }
  child.kill('SIGTERM');
  // A worker waits up to YDELSE_STOP_GRACE (30 s) for a running job; past that it has hung.
  const stopped = await Promise.race([
    exited.then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 45_000)),
  ]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
    return { code: null, output: `stoppede ikke på SIGTERM\n${output}` };
  }
  return { code: await exited, output };
}

/** The token the README's last `ydelse token` example printed: its curl examples say `<token>` for it. */
let lastToken = '';

/** Sends the request as curl does: the URL's path and query as written, byte for byte. */
async function runCurl(words: readonly string[]): Promise<{ status: number; output: string }> {
  const headers: string[] = [];
  let method = 'GET';
  let body: string | undefined;
  let url: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '-H' || word === '--header')
      headers.push((words[++i] as string).replace('<token>', lastToken));
    else if (word === '-X' || word === '--request') method = words[++i] as string;
    else if (word === '-d' || word === '--data' || word === '--data-raw') body = words[++i];
    else if (word.startsWith('-')) throw new Error(`curl-flaget ${word} kendes ikke af testen`);
    else url = word;
  }
  if (url === undefined) throw new Error('curl uden adresse');
  const target = /^https?:\/\/[^/]+(\/.*)$/.exec(url)?.[1] ?? '/';
  if (body !== undefined) {
    if (method === 'GET') method = 'POST';
    headers.push(`content-length: ${String(Buffer.byteLength(body))}`);
    if (!headers.some((h) => /^content-type:/i.test(h)))
      headers.push('content-type: application/x-www-form-urlencoded');
  }
  const request = Buffer.from(
    [
      `${method} ${target} HTTP/1.1`,
      `host: 127.0.0.1:${String(appPort)}`,
      'accept: */*',
      'connection: close',
      ...headers,
      '',
      body ?? '',
    ].join('\r\n'),
    'utf8',
  );
  const response = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(appPort, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
  return { status, output: response.slice(0, 2000) };
}

const examples = readmeExamples(readme);

describe('the README', () => {
  it('has its examples found by this test', () => {
    const texts = examples.map((e) => e.text);
    expect(examples.length).toBeGreaterThanOrEqual(25);
    expect(texts.filter((t) => t.startsWith('curl')).length).toBeGreaterThanOrEqual(1);
    for (const name of [
      'start',
      'serve',
      'worker',
      'cpr',
      'udveksling',
      'person',
      'tasks',
      'satser',
      'scenario',
    ]) {
      expect(texts.some((t) => commandName(cliArgs(shellWords(t))) === name)).toBe(true);
    }
  });

  it('gives as the sample line of a CPR import file a line of the example file it imports', () => {
    const example = fs.readFileSync(path.join(root, 'docs/examples/flytninger.jsonl'), 'utf8').split('\n');
    const samples = [...readme.matchAll(/`(\{"sequence":[^`]+\})`/g)].map((m) => m[1]);
    expect(samples.length).toBeGreaterThanOrEqual(1);
    for (const sample of samples) expect(example).toContain(sample);
  });
});

describe.each(
  examples.map((example) => ({ name: `README.md:${String(example.line)}: ${example.text}`, example })),
)('$name', ({ example }) => {
  it('works as written', async () => {
    const { words } = example;
    if (words[0] === 'curl') {
      const { status, output } = await runCurl(words);
      expect(status, output).toBeGreaterThanOrEqual(200);
      expect(status, output).toBeLessThan(300);
      return;
    }
    const args = cliArgs(words);
    const name = commandName(args);
    if (name !== undefined && LONG_RUNNING.has(name)) {
      const { code, output } = await runLongRunning(args);
      expect(code, output).toBe(0);
      return;
    }
    const { code, output } = await runCli(args);
    expect(code, output).toBe(0);
    if (name === 'token') lastToken = output.trim();
  }, 150_000);
});
