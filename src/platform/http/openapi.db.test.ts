/**
 * The API document as an integrator uses it: every operation says who may call it and what it can refuse
 * with, Redocly's recommended rules find no error in it, and openapi-typescript generates types a typed
 * client compiles against. Both tools run offline, with the project's Node.
 */
import type { FastifyInstance } from 'fastify';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { systemClock } from '../clock.ts';
import { routePlugins } from '../system.ts';
import { buildApp } from './app.ts';
import { inlineOperationName, operationName } from './openapi.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
/** No telemetry, no update check: the tools must not need the network. */
const offline = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses: Record<string, { $ref?: string }>;
  'x-adgang'?: string;
}
interface Spec {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  tags?: { name: string; description?: string }[];
  components: { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> };
}

let app: FastifyInstance;
let spec: Spec;
let dir: string;
let specFile: string;
const operations: { method: string; path: string; operation: Operation }[] = [];

beforeAll(async () => {
  const { db } = await useTestDatabase();
  app = await buildApp({ deps: { db, clock: systemClock }, logger: false, plugins: routePlugins });
  const response = await app.inject('/api/openapi.json');
  expect(response.statusCode).toBe(200);
  spec = response.json();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) operations.push({ method, path, operation });
  }
  dir = await mkdtemp(join(tmpdir(), 'ydelse-openapi-'));
  specFile = join(dir, 'openapi.json');
  await writeFile(specFile, JSON.stringify(spec, null, 2));
});
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the API document', () => {
  it('names every operation with a unique operationId, readable from its method and path', () => {
    expect(operations.length).toBeGreaterThan(30);
    const ids = operations.map(({ operation }) => operation.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]+$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operationName('GET', '/api/persons/{cpr}/events')).toBe('getPersonsEventsByCpr');
    expect(operationName('post', '/api/cases/{id}/grants/{grantId}/end')).toBe(
      'postCasesGrantsEndByIdAndGrantId',
    );
    expect(operationName('get', '/api/kørsler')).toBe('getKoersler');
    expect(inlineOperationName('get', '/api/persons/{cpr}/events')).toBe('getPersonsByCprEvents');
    expect(spec.paths['/api/persons/{cpr}']?.get?.operationId).toBe('getPersonsByCpr');
  });

  it("states every operation's policy as the route names it, and a 401 and 403 where it needs a caller", () => {
    const policies = new Map(
      app.policedRoutes.map((route) => [
        `${route.method.toLowerCase()} ${route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`,
        route.access,
      ]),
    );
    for (const { method, path, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      const access = policies.get(`${method} ${path}`);
      expect(access, where).toBeDefined();
      expect(operation['x-adgang'], where).toBe(access);
      expect(operation.security, where).toBeDefined();
      if (access === 'offentlig') {
        expect(operation.security, where).toEqual([]);
        continue;
      }
      const schemes = (operation.security ?? []).map((requirement) => Object.keys(requirement).sort());
      expect(schemes, where).toContainEqual(['bearer']);
      expect(schemes, where).toContainEqual(
        ['post', 'put', 'patch', 'delete'].includes(method) ? ['cookie', 'csrf'] : ['cookie'],
      );
      expect(operation.responses['401']?.$ref, where).toBe('#/components/responses/IkkeGodkendt');
      expect(operation.responses['403']?.$ref, where).toBe('#/components/responses/IngenAdgang');
    }
  });

  it('documents the problem+json answers: 400 everywhere, 404 where the path names something', () => {
    for (const { method, path, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.responses['400'], where).toBeDefined();
      if (path.includes('{')) expect(operation.responses['404'], where).toBeDefined();
    }
    for (const [name, response] of Object.entries(spec.components.responses)) {
      expect(response.content['application/problem+json']?.schema.$ref, name).toBe(
        '#/components/schemas/Problem',
      );
    }
  });

  it('describes every tag an operation uses', () => {
    const described = new Set(
      (spec.tags ?? []).filter((tag) => (tag.description ?? '') !== '').map((tag) => tag.name),
    );
    const used = new Set(operations.flatMap(({ operation }) => operation.tags ?? []));
    expect([...used].filter((tag) => !described.has(tag))).toEqual([]);
  });

  it("passes Redocly's recommended rules without errors", async () => {
    const started = performance.now();
    const { stdout } = await run(
      process.execPath,
      [bin('redocly'), 'lint', specFile, '--config', join(root, 'redocly.yaml'), '--format', 'json'],
      { cwd: dir, env: offline, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: unknown) => error as { stdout: string; stderr: string });
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
    };
    const lines = report.problems.map(
      (problem) =>
        `${problem.severity} ${problem.ruleId}: ${problem.message} (${problem.location[0]?.pointer ?? ''})`,
    );
    console.info(
      `redocly lint: ${String(report.totals.errors)} fejl, ${String(report.totals.warnings)} advarsler ` +
        `på ${String(Math.round(performance.now() - started))} ms${lines.length === 0 ? '' : '\n'}${lines.join('\n')}`,
    );
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('generates TypeScript types a typed client compiles against', async () => {
    await run(process.execPath, [bin('openapi-typescript'), specFile, '-o', join(dir, 'api.d.ts')], {
      cwd: dir,
      env: offline,
      timeout: 30_000,
    });
    await writeFile(
      join(dir, 'client.ts'),
      `import type { operations, paths } from './api.js';

type ReadPerson = paths['/api/persons/{cpr}']['get'];
type Person = ReadPerson['responses'][200]['content']['application/json'];
type NotFound = ReadPerson['responses'][404]['content']['application/problem+json'];

/** The request for GET /api/persons/{cpr}, from the typed parameters. */
export function readPerson(parameters: ReadPerson['parameters'], token: string): Request {
  const query = parameters.query?.formaal === undefined ? '' : \`?formaal=\${encodeURIComponent(parameters.query.formaal)}\`;
  return new Request(\`http://127.0.0.1:3000/api/persons/\${encodeURIComponent(parameters.path.cpr)}\${query}\`, {
    headers: { authorization: \`Bearer \${token}\` },
  });
}

export const nameOf = (person: Person): string => person.name;
export const codeOf = (problem: NotFound): string => \`\${problem.code} \${String(problem.status)}\`;
export const sameOperation: operations['getPersonsByCpr'] = {} as ReadPerson;

// @ts-expect-error: a person has no field \`navn\`
export const wrongField = (person: Person): string => person.navn;

// @ts-expect-error: the path needs the CPR number
export const noCpr: ReadPerson['parameters'] = { path: {} };
`,
    );
    const compiled = await run(
      process.execPath,
      [
        bin('tsc'),
        '--noEmit',
        '--strict',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--lib',
        'es2022,dom',
        'client.ts',
      ],
      { cwd: dir, env: offline, timeout: 60_000 },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: unknown) => {
        const failed = error as { code?: unknown; stdout?: string; stderr?: string };
        return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
      },
    );
    expect(compiled.output).toBe('');
    expect(compiled.code).toBe(0);
  });
});
