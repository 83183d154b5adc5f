import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { vi } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase } from './connect.ts';
import { createDb } from './database.ts';
import { tunedSettings } from './domain/tuning.ts';
import { EmbeddedPostgresError, startEmbeddedPostgres } from './embedded.ts';
import { migrateToLatest, pendingMigrations } from './migrate.ts';
import { freePort } from '../../../test/support/free-port.ts';

// The embedded default is tested on its own, whichever server the rest of the suite uses.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-embedded-'));
fs.chmodSync(dir, 0o777);
/**
 * Distinct ports nothing listens on, chosen by the operating system: a random number from a fixed range
 * was once in use by another connection, and the server under test refused to start.
 */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
const ports = await freePorts(8);
const portAt = (index: number): number => ports[index] as number;
const port = portAt(0);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the embedded PostgreSQL default', () => {
  it('starts without DATABASE_URL, migrates, and keeps its data in the data folder between runs', async () => {
    const config = loadConfig({ YDELSE_DATA_DIR: dir, YDELSE_EMBEDDED_PG_PORT: String(port) });
    const first = await openDatabase(config);
    try {
      expect(first.embedded).toBe(true);
      await migrateToLatest(first.db);
      await first.db
        .insertInto('job_runs')
        .values({
          key: 'bevaret',
          job: 'daglig-flytning',
          scheduled_for: '2025-01-01T03:00:00Z',
          started_at: '2025-01-01T03:00:00Z',
        })
        .execute();
    } finally {
      await first.close();
    }
    expect(fs.existsSync(path.join(dir, 'postgres', 'PG_VERSION'))).toBe(true);

    const second = await openDatabase(config);
    try {
      expect(await pendingMigrations(second.db)).toEqual([]);
      // Sized to the machine (docs/postgresql.md), not PostgreSQL's 128 MB default.
      const buffers = await sql<{ mb: string }>`
        select (setting::bigint * 8 / 1024)::text as mb from pg_settings where name = 'shared_buffers'`.execute(
        second.db,
      );
      expect(`${buffers.rows[0]?.mb ?? ''}MB`).toBe(tunedSettings(os.totalmem()).shared_buffers);
      const row = await second.db.selectFrom('job_runs').select('key').executeTakeFirst();
      expect(row?.key).toBe('bevaret');
    } finally {
      await second.close();
    }
  });

  it('says clearly in Danish what to do when its port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(portAt(1), '127.0.0.1', resolve));
    try {
      const attempt = startEmbeddedPostgres(path.join(dir, 'other'), portAt(1));
      await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(attempt).rejects.toThrow(/port \d+ er optaget.*DATABASE_URL/s);
    } finally {
      blocker.close();
    }
  });

  it('closes every connection before the server stops, so no command prints "Databaseforbindelse lukket"', async () => {
    const writes = vi.spyOn(process.stderr, 'write');
    const server = await startEmbeddedPostgres(path.join(dir, 'quiet'), portAt(2), { disposable: true });
    const db = createDb(server.adminUrl);
    await Promise.all(Array.from({ length: 10 }, () => sql`select pg_sleep(0.01)`.execute(db)));
    await db.destroy();
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const printed = writes.mock.calls.map((call) => String(call[0]));
    writes.mockRestore();
    expect(printed.filter((line) => line.includes('Databaseforbindelse lukket'))).toEqual([]);
  });

  it('uses the server already running on the data folder, on its port, and leaves it running', async () => {
    const owner = await startEmbeddedPostgres(path.join(dir, 'shared'), portAt(3), { disposable: true });
    try {
      const second = await startEmbeddedPostgres(path.join(dir, 'shared'), portAt(4));
      expect(second).toMatchObject({ shared: true, port: portAt(3) });
      await second.stop();
      const db = createDb(owner.adminUrl);
      try {
        expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
      } finally {
        await db.destroy();
      }
    } finally {
      await owner.stop();
    }
  });

  it('never advises deleting the data folder when the server will not start', async () => {
    const broken = path.join(dir, 'broken');
    fs.mkdirSync(broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'PG_VERSION'), '18\n');
    const attempt = startEmbeddedPostgres(broken, portAt(5));
    await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(attempt).rejects.toThrow(/ikke rørt/);
    await expect(attempt).rejects.not.toThrow(/slet/i);
  });

  describe.runIf(process.getuid?.() === 0)('as root in a folder only root may enter (mode 700)', () => {
    const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-privat-'));
    const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-root-runtime-'));
    fs.chmodSync(runtime, 0o755);
    afterAll(() => {
      fs.rmSync(closed, { recursive: true, force: true });
      fs.rmSync(runtime, { recursive: true, force: true });
    });

    it('runs, with the data where postgres may enter, and keeps it between runs', async () => {
      expect(fs.statSync(closed).mode & 0o777).toBe(0o700);
      const dataDir = path.join(closed, '.data', 'postgres');
      const query = async (server: { adminUrl: string }, text: string): Promise<unknown[]> => {
        const db = createDb(server.adminUrl, { max: 1 });
        try {
          return (await sql.raw(text).execute(db)).rows;
        } finally {
          await db.destroy();
        }
      };
      const first = await startEmbeddedPostgres(dataDir, portAt(6), { rootRuntime: runtime });
      try {
        await query(first, "create table bevaret as select 'ja' as svar");
      } finally {
        await first.stop();
      }
      expect(fs.lstatSync(dataDir).isSymbolicLink()).toBe(true);
      expect(fs.realpathSync(dataDir).startsWith(fs.realpathSync(runtime))).toBe(true);
      const second = await startEmbeddedPostgres(dataDir, portAt(6), { rootRuntime: runtime });
      try {
        expect(await query(second, 'select svar from bevaret')).toEqual([{ svar: 'ja' }]);
      } finally {
        await second.stop();
      }
    });

    it('leaves data made another way where it is, and says what to do', async () => {
      const made = path.join(closed, 'andet');
      fs.mkdirSync(made);
      fs.writeFileSync(path.join(made, 'PG_VERSION'), '18\n');
      const attempt = startEmbeddedPostgres(made, portAt(7), { rootRuntime: runtime });
      await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(attempt).rejects.toThrow(/postgres må ikke gå ind i datamappen.*DATABASE_URL/s);
      expect(fs.readFileSync(path.join(made, 'PG_VERSION'), 'utf8')).toBe('18\n');
    });
  });

  it('refuses a malformed configuration naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'abc' })).toThrow(/DATABASE_URL[\s\S]*PORT/);
  });
});
