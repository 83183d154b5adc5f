/**
 * One PostgreSQL for the whole db test run: the server of DATABASE_URL when set, otherwise an embedded
 * server in a temporary folder. A migrated template is built once; each test file copies it. On a shared
 * server each run builds its own template and drops it at the end, so runs side by side never drop the
 * template another run is copying.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { dropTemplate, prepareTemplate, templateName } from '../../src/platform/db/template.ts';
import { freePort } from './free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    template: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  let stop = (): Promise<void> => Promise.resolve();
  let adminUrl: string;
  if (external !== undefined && external !== '') {
    adminUrl = external;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-test-pg-'));
    fs.chmodSync(dir, 0o777);
    // A port the operating system says is free: a random one from a fixed range can be an open connection's.
    const server = await startEmbeddedPostgres(path.join(dir, 'data'), await freePort(), {
      disposable: true,
    });
    adminUrl = server.adminUrl;
    stop = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const shared = external !== undefined && external !== '';
  const template = templateName(shared ? `ydelse_test_tpl_${String(process.pid)}` : 'ydelse_test_tpl');
  await prepareTemplate(adminUrl, template, true);
  if (shared) {
    const stopServer = stop;
    stop = async () => {
      await dropTemplate(adminUrl, template);
      await stopServer();
    };
  }
  project.provide('adminUrl', adminUrl);
  project.provide('template', template);
  return stop;
}
