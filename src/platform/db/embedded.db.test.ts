import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase } from './connect.ts';
import { EmbeddedPostgresError, startEmbeddedPostgres } from './embedded.ts';
import { migrateToLatest, pendingMigrations } from './migrate.ts';

// The embedded default is tested on its own, whichever server the rest of the suite uses.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-embedded-'));
fs.chmodSync(dir, 0o777);
const port = 55100 + Math.floor(Math.random() * 400);
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
      const row = await second.db.selectFrom('job_runs').select('key').executeTakeFirst();
      expect(row?.key).toBe('bevaret');
    } finally {
      await second.close();
    }
  });

  it('says clearly in Danish what to do when its port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port + 1, '127.0.0.1', resolve));
    try {
      const attempt = startEmbeddedPostgres(path.join(dir, 'other'), port + 1);
      await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(attempt).rejects.toThrow(/port \d+ er optaget.*DATABASE_URL/s);
    } finally {
      blocker.close();
    }
  });

  it('refuses a malformed configuration naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'abc' })).toThrow(/DATABASE_URL[\s\S]*PORT/);
  });
});
