/** `ydelse serve` and `ydelse worker`: the long-running processes, stopped cleanly by SIGINT/SIGTERM. */
import { buildApp } from '../platform/http/app.ts';
import { startWorker } from '../platform/jobs/worker.ts';
import { jobHandlers, routePlugins } from '../platform/system.ts';
import type { Runtime } from './runtime.ts';

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/** Serves the API (and, unless `withWorker` is false, runs the workers) until a signal arrives. */
export async function serve(runtime: Runtime, options: { withWorker: boolean }): Promise<void> {
  const { config, logger, deps, database } = runtime;
  const app = await buildApp({ deps, logger, plugins: routePlugins });
  const worker = options.withWorker
    ? await startWorker({
        connectionString: database.url,
        deps,
        handlers: jobHandlers,
        logger,
        heartbeat: config.heartbeat,
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
  await worker?.stop();
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
  });
  logger.info('arbejdsproces kører');
  await untilSignal();
  await worker.stop();
}
