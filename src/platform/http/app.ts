/**
 * The Fastify application: zod schemas at the edge, OpenAPI 3.1 at /api/openapi.json (browsable at
 * /api/docs), problem+json for every error, health and readiness, request logging with pino.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
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
import { problem, sendProblem } from './problem.ts';
import { textGuard } from './text-guard.ts';

// Validation messages at the edge in Danish, like every other message of the API.
z.config(z.locales.da());

export type AppPlugin = FastifyPluginAsync<{ deps: Deps }>;

export interface AppOptions {
  readonly deps: Deps;
  readonly logger: Logger | false;
  /** Route plugins of the contexts, registered under the app with the same deps. */
  readonly plugins: readonly AppPlugin[];
}

/** Builds the application; call `listen` or `inject` on the result. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = options.logger === false ? createLogger('silent') : options.logger;
  const app = Fastify({
    loggerInstance: logger,
    // A path the router cannot take (a bad percent-encoding, a path parameter over 100 characters) is
    // refused like any other input: problem+json on the API, the Danish page for a browser.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status = tooLong ? 414 : 400;
      if (wantsPage(request)) {
        void sendBadRequestPage(reply, status);
        return;
      }
      const detail = tooLong
        ? 'En del af adressen er for lang: højst 100 tegn'
        : 'Adressen indeholder en ugyldig tegnkodning';
      void sendProblem(reply, { ...problem('ugyldigt-input', detail, { field: 'url' }), status });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

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

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenYdelse API',
        description:
          'Sagsbehandling og udbetaling af kommunale kontantydelser. Fejl returneres som application/problem+json.',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get(
    '/api/health',
    {
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
    { schema: { tags: ['drift'], summary: 'Databasen svarer og er migreret' } },
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

  for (const plugin of options.plugins) await app.register(plugin, { deps: options.deps });
  await app.ready();
  return app;
}
