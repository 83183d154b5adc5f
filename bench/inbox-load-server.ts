/**
 * The application in a process of its own for the inbox load test (bench/inbox-load.ts): the same app
 * `ydelse start` serves, on an ephemeral loopback port, against the benchmark's schema. Prints one JSON
 * line with its port when it listens; answers `cpu` on its IPC channel with its CPU time so far.
 *
 *   node bench/inbox-load-server.ts <database url with search_path>
 */
import { createDb } from '../src/platform/db/database.ts';
import { systemClock } from '../src/platform/clock.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { routePlugins } from '../src/platform/system.ts';

const [url] = process.argv.slice(2);
if (url === undefined) {
  process.stderr.write('brug: node bench/inbox-load-server.ts <database-url>\n');
  process.exit(2);
}
const db = createDb(url);
const app = await buildApp({ deps: { db, clock: systemClock }, logger: false, plugins: routePlugins });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
process.on('message', (message) => {
  if (message === 'cpu') {
    const cpu = process.cpuUsage();
    process.send?.({ cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  }
  if (message === 'stop')
    void app
      .close()
      .then(() => db.destroy())
      .then(() => process.exit(0));
});
process.stdout.write(`${JSON.stringify({ port })}\n`);
