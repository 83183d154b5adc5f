/**
 * One pino logger for the process; Fastify uses the same. No CPR number is ever written in clear text: every
 * string of a log line — the message, the request's URL, an error's message and stack (its causes
 * included), and every string field of a logged object or a child logger's bindings — goes through `maskCpr`.
 */
import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger } from 'pino';

export type { DestinationStream, Logger };

/** What a CPR number is written as in a log. */
export const MASKED_CPR = '******-****';

// Six digits, an optional hyphen, four digits, not part of a longer run of digits (so a timestamp in
// milliseconds or an amount in øre of more than ten digits is left alone). The date is not checked: a
// number of that shape that is no CPR number is masked too, which costs nothing in a log.
const cprPattern = /(?<!\d)\d{6}-?\d{4}(?!\d)/g;

/** The text with every CPR number (`0703621007`, `070362-1007`) replaced by `******-****`. */
export function maskCpr(text: string): string {
  return text.replace(cprPattern, MASKED_CPR);
}

const MAX_DEPTH = 10;

// pino writes an error as an object of its own prototype (type, message and stack with their causes, the
// error's own fields); such an object is walked like a plain one.
const serializedErrorPrototype: unknown = Object.getPrototypeOf(pino.stdSerializers.err(new Error()));

const isWalked = (value: object): value is Record<string, unknown> => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || prototype === serializedErrorPrototype;
};

/** An error as pino writes it (type, message and stack with their causes, own fields), masked. */
function maskError(error: Error): unknown {
  return maskDeep(pino.stdSerializers.err(error));
}

/**
 * A copy of the value with every string masked: strings, arrays and plain objects are walked, an error is
 * written as pino writes it (its causes and errors in its fields included) and masked. Other objects (dates, buffers, Temporal values, class instances) are
 * left as they are: they carry no free text.
 */
function maskDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskCpr(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return depth > MAX_DEPTH ? MASKED_CPR : maskError(value);
  if (!Array.isArray(value) && !isWalked(value)) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > MAX_DEPTH) return '[...]';
  seen.add(value);
  const copy: unknown = Array.isArray(value)
    ? value.map((item) => maskDeep(item, depth + 1, seen))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskDeep(item, depth + 1, seen)]));
  seen.delete(value);
  return copy;
}

/**
 * The keys a serializer below writes (and masks) itself; the log formatter leaves them to it, as their values
 * are the request and reply objects, which must not be walked, and errors.
 */
const serializedKeys = new Set(['req', 'res', 'err']);

interface LoggedRequest {
  readonly method?: string;
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
  readonly host?: string;
  readonly ip?: string;
  readonly socket?: { readonly remoteAddress?: string; readonly remotePort?: number } | null;
}

/** The request as Fastify logs it, with the URL masked: a path or query may hold a CPR number. */
function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  const version = request.headers?.['accept-version'];
  return {
    method: request.method,
    url: typeof request.url === 'string' ? maskCpr(request.url) : request.url,
    version: typeof version === 'string' ? maskCpr(version) : undefined,
    host: typeof request.host === 'string' ? maskCpr(request.host) : undefined,
    remoteAddress: request.ip ?? request.socket?.remoteAddress,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * Creates the process logger at the configured level, writing JSON lines to stderr (or to `destination`,
 * which tests use to read the lines).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: { app: 'openydelse' },
      formatters: {
        // Every string of the logged object masked, but for the keys the serializers below write; and of the
        // root's bindings (a child's are masked where it is made, below).
        log: (object) =>
          Object.fromEntries(
            Object.entries(object).map(([key, value]) => [
              key,
              serializedKeys.has(key) ? value : maskDeep(value),
            ]),
          ),
        bindings: (bindings) => maskDeep(bindings) as Record<string, unknown>,
      },
      serializers: {
        // The message, after its arguments are put in (`log.info('læst %s', cpr)`), and an error's message
        // when it is logged alone (`log.error(err)`).
        msg: (message: unknown) => (typeof message === 'string' ? maskCpr(message) : message),
        req: (request: unknown) =>
          typeof request === 'object' && request !== null
            ? serializeRequest(request as LoggedRequest)
            : maskDeep(request),
        // The reply as Fastify logs it: its status.
        res: (reply: unknown) =>
          typeof reply === 'object' && reply !== null && 'statusCode' in reply
            ? { statusCode: reply.statusCode }
            : maskDeep(reply),
        err: (error: unknown) => (error instanceof Error ? maskError(error) : maskDeep(error)),
      },
    },
    destination ?? pino.destination(2),
  );
  // A child logger's bindings (`log.child({ reqId })`) are written once, when it is made, and pino gives only
  // the root's a formatter; so every child, and every child of a child (they inherit this method), is made
  // with its bindings masked.
  type MakeChild = (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;
  const child = Reflect.get(logger, 'child') as unknown as MakeChild;
  const maskedChild: MakeChild = function (bindings, options) {
    return child.call(this, maskDeep(bindings) as Bindings, options);
  };
  Reflect.set(logger, 'child', maskedChild);
  return logger;
}
