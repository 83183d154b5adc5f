/** One pino logger for the process; Fastify uses the same. */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the process logger at the configured level, writing JSON lines to stderr. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'openydelse' } }, pino.destination(2));
}
