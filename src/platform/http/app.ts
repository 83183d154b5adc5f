/**
 * The Fastify application: zod schemas at the edge, OpenAPI 3.1 at /api/openapi.json (browsable at
 * /api/docs), problem+json for every error, health and readiness, request logging with pino.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { STATUS_CODES } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'node:net';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyPluginAsync,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDb } from '../db/database.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { createLogger, type Logger } from '../logger.ts';
import type { Deps } from '../use-case.ts';
import { sendBadRequestPage, sendNotFoundPage, wantsPage } from '../web/error-pages.ts';
import { problem, sendProblem, type Problem } from './problem.ts';
import { openapiOptions } from './openapi.ts';
import { textGuard } from './text-guard.ts';
import { accessPlugin, localAccess, signInPages, type AccessSettings } from '../../access/index.ts';
import {
  favicon,
  faviconPath,
  pageScript,
  pageScriptPath,
  pageStylePath,
  pageStyleRules,
} from '../web/layout.ts';
import { dkfdsDistDir } from '../web/static.ts';
import { installMetrics } from './metrics.ts';
import { securityHeaders } from './security-headers.ts';

// Validation messages at the edge in Danish, like every other message of the API.
z.config(z.locales.da());

export type AppPlugin = FastifyPluginAsync<{ deps: Deps }>;

export interface AppOptions {
  readonly deps: Deps;
  readonly logger: Logger | false;
  /** Route plugins of the contexts, registered under the app with the same deps. */
  readonly plugins: readonly AppPlugin[];
  /** Sign-in: the identity provider, or the local sign-in (the default, for the demo and tests). */
  readonly access?: AccessSettings;
}

const UNREADABLE_URL =
  'Adressen kan ikke læses: æ, ø, å og andre særlige tegn skal procentkodes (ø skrives %C3%B8)';

/**
 * The problem for the errors Fastify's router raises before any route runs: a URL it cannot decode, or a
 * path parameter over 100 characters (414).
 */
function frameworkProblem(error: FastifyError): Problem {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return {
      ...problem('ugyldigt-input', 'En del af adressen er for lang: højst 100 tegn', { field: 'url' }),
      status: 414,
    };
  }
  return error.code === 'FST_ERR_BAD_URL'
    ? problem('ugyldigt-input', UNREADABLE_URL, { field: 'url' })
    : problem('serverfejl', 'Der opstod en uventet fejl. Den er logget.');
}

/**
 * A request Node's HTTP parser refuses (a raw `ø` in the request line, a header too large, a timeout) never
 * reaches Fastify's error handler; it is answered here in Danish, as problem+json, instead of Fastify's
 * English default. The connection is closed afterwards, as Node does.
 */
function clientErrorHandler(logger: FastifyBaseLogger) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const body =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? { ...problem('ugyldigt-input', 'Forespørgslen blev ikke sendt færdig i tide'), status: 408 }
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? { ...problem('ugyldigt-input', 'Forespørgslens headere er for store'), status: 431 }
          : problem(
              'ugyldigt-input',
              'Forespørgslen kan ikke læses; står der æ, ø eller å i adressen, skal de procentkodes (ø skrives %C3%B8)',
            );
    logger.debug({ err: error }, 'ulæselig forespørgsel');
    if (socket.writable) {
      const text = JSON.stringify(body);
      socket.write(
        `HTTP/1.1 ${String(body.status)} ${STATUS_CODES[body.status] ?? ''}\r\n` +
          `Content-Type: application/problem+json; charset=utf-8\r\n` +
          `Content-Length: ${String(Buffer.byteLength(text))}\r\nConnection: close\r\n\r\n${text}`,
      );
    }
    socket.destroy(error);
  };
}

/** Builds the application; call `listen` or `inject` on the result. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = options.logger === false ? createLogger('silent') : options.logger;
  const app = Fastify({
    loggerInstance: logger,
    // A path the router cannot take is refused like any other input: problem+json on the API, the Danish
    // page for a browser.
    frameworkErrors: (error, request, reply) => {
      const refused = frameworkProblem(error);
      if (refused.code === 'ugyldigt-input' && wantsPage(request)) {
        void sendBadRequestPage(reply, refused.status);
        return;
      }
      void sendProblem(reply, refused);
    },
    clientErrorHandler: clientErrorHandler(logger),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Who calls, and may they: every route after this names its policy, or the app does not start.
  const access = options.access ?? localAccess;
  await app.register(accessPlugin, { deps: options.deps, settings: access });
  installMetrics(app, options.deps);
  app.addHook(
    'onSend',
    securityHeaders({
      formTargets: access.oidcOrigin === null ? [] : [access.oidcOrigin],
      https: access.secureCookies,
    }),
  );

  // Every text of every request within the widest bound before a schema or handler sees it.
  app.addHook('preValidation', textGuard);

  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((issue) => ({
        field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || error.validationContext || '',
        message: issue.message ?? 'ugyldig værdi',
      }));
      const first = errors[0];
      return sendProblem(
        reply,
        problem('ugyldigt-input', `Ugyldigt input i ${error.validationContext ?? 'forespørgslen'}`, {
          errors,
          ...(first === undefined ? {} : { field: first.field }),
        }),
      );
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const detail = error instanceof Error ? error.message : 'Ugyldig forespørgsel';
      return sendProblem(reply, { ...problem('ugyldigt-input', detail), status });
    }
    request.log.error({ err: error }, 'uventet fejl');
    return sendProblem(reply, problem('serverfejl', 'Der opstod en uventet fejl. Den er logget.'));
  });
  // A browser gets the Danish 404 page; the API (and any client not asking for HTML) gets problem+json.
  app.setNotFoundHandler((request, reply) =>
    wantsPage(request)
      ? sendNotFoundPage(reply)
      : sendProblem(
          reply,
          problem('ikke-fundet', `Ingen side eller ressource på ${request.method} ${request.url}`),
        ),
  );

  await app.register(fastifySwagger, openapiOptions(jsonSchemaTransform));
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const open = { access: 'offentlig' as const };
  app.get('/api/openapi.json', { schema: { hide: true }, config: open }, () => app.swagger());
  app.get(pageScriptPath, { schema: { hide: true }, config: open }, (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(pageScript),
  );
  const pageStyle =
    fs.readFileSync(path.join(dkfdsDistDir(), 'css', 'dkfds.min.css'), 'utf8') + pageStyleRules;
  app.get(pageStylePath, { schema: { hide: true }, config: open }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(pageStyle),
  );
  app.get(faviconPath, { schema: { hide: true }, config: open }, (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(favicon),
  );

  app.get(
    '/api/health',
    {
      config: open,
      schema: {
        tags: ['drift'],
        summary: 'Processen kører',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/ready',
    { config: open, schema: { tags: ['drift'], summary: 'Databasen svarer og er migreret' } },
    async (_request, reply) => {
      if (!(await pingDb(options.deps.db))) {
        return sendProblem(reply, { ...problem('serverfejl', 'Databasen svarer ikke'), status: 503 });
      }
      const pending = await pendingMigrations(options.deps.db);
      if (pending.length > 0) {
        return sendProblem(reply, {
          ...problem('serverfejl', `Databasen mangler migreringer: ${pending.join(', ')}`),
          status: 503,
        });
      }
      return { status: 'klar' };
    },
  );

  await app.register(signInPages(access), { deps: options.deps });
  for (const plugin of options.plugins) await app.register(plugin, { deps: options.deps });
  await app.ready();
  return app;
}
