/** Configuration from the environment, validated once at start-up with a clear message per variable. */
import path from 'node:path';
import { z } from 'zod';

/** Where root runs the embedded server when `postgres` may not enter the checkout (ADR 0004). */
export const DEFAULT_ROOT_RUNTIME = '/var/lib/openydelse';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'skal være en postgres://-adresse')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  YDELSE_DATA_DIR: z.string().min(1).default('.data'),
  YDELSE_EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  YDELSE_ROOT_RUNTIME: z.string().regex(/^\//, 'skal være en absolut sti').default(DEFAULT_ROOT_RUNTIME),
  YDELSE_HEARTBEAT: z.coerce.number().min(0.1).max(3600).default(15),
  YDELSE_DEAD_AFTER: z.coerce.number().min(0.5).max(86400).default(60),
  YDELSE_STOP_GRACE: z.coerce.number().min(0).max(3600).default(30),
});

export interface Config {
  /** An external PostgreSQL; when absent the embedded one is started. */
  readonly databaseUrl: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Where the embedded PostgreSQL keeps its data between runs. */
  readonly dataDir: string;
  readonly embeddedPostgresPort: number;
  /**
   * Run as root, where the embedded server runs when the `postgres` user may not enter the checkout or the
   * data folder (mode 700): a copy of its binaries and the data (ADR 0004).
   */
  readonly rootRuntime: string;
  /** How often a worker writes its heartbeat, and after how long without one it counts as dead. */
  readonly heartbeat: { readonly intervalSeconds: number; readonly deadAfterSeconds: number };
  /** How long a stopping worker waits for its running jobs before it leaves them to the other workers. */
  readonly stopGraceSeconds: number;
}

export class ConfigError extends Error {}

/** Reads and validates the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Ugyldig konfiguration:\n${lines.join('\n')}`);
  }
  const value = parsed.data;
  return {
    databaseUrl: value.DATABASE_URL,
    port: value.PORT,
    host: value.HOST,
    logLevel: value.LOG_LEVEL,
    dataDir: path.resolve(value.YDELSE_DATA_DIR),
    embeddedPostgresPort: value.YDELSE_EMBEDDED_PG_PORT,
    rootRuntime: value.YDELSE_ROOT_RUNTIME,
    heartbeat: {
      intervalSeconds: value.YDELSE_HEARTBEAT,
      deadAfterSeconds: value.YDELSE_DEAD_AFTER,
    },
    stopGraceSeconds: value.YDELSE_STOP_GRACE,
  };
}
