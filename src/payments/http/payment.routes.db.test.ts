import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService, asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { main } from '../../cli/main.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import { createCase } from '../../cases/index.ts';
import { createPerson } from '../../persons/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../../platform/actor.ts';
import { buildApp } from '../../platform/http/app.ts';
import { advanceClock } from '../../platform/jobs/simulate.ts';
import { jobHandlers, routePlugins } from '../../platform/system.ts';

const sb751: Actor = caseworkerActor('sb751', '751' as never);
let headers: AuthHeaders;
/** The system owner, who fetches the outbound files; a caseworker may not. */
let owner: AuthHeaders;
/** The bank's pickup, a service client. */
let pickup: AuthHeaders;
let app: FastifyInstance;
const out: string[] = [];
const cli = (...args: string[]) =>
  main(['node', 'ydelse', '--bruger', 'sb751', '--bruger-kommune', '751', ...args], {
    out: (line) => out.push(line),
    err: (line) => out.push(line),
  });

beforeAll(async () => {
  const { db, url } = await useTestDatabase();
  process.env.DATABASE_URL = url;
  headers = await asUser(db, '751');
  owner = await asUser(db, '751', { user: 'drift751', roles: ['systemansvarlig'] });
  pickup = await asService(db, 'bank', ['udbetalingsfiler']);
  process.env.LOG_LEVEL = 'silent';
  const deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2020-11-02T08:00:00Z')) };
  await createPerson(deps, systemActor('test'), 'api', {
    cpr: '1911761021',
    name: 'Per Kontrol',
    residence: [{ municipality: '751', from: '2005-01-01' }],
  });
  await createCase(deps, sb751, 'api', '1911761021', {
    benefit: 'kontanthjaelp',
    municipality: '751',
    status: 'bevilget',
    from: '2020-01-01',
    monthly: '11500.00',
  });
  // Through the November 2020 run (Tuesday 24th, 18:00) and payout (Monday 30th).
  await advanceClock(deps, jobHandlers, Temporal.Instant.from('2020-11-30T12:00:00Z'));
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
});
afterAll(() => app.close());

describe('statements and outbound files on the API', () => {
  it('serves the month statement as a PDF', async () => {
    const response = await app.inject({ url: '/api/persons/191176-1021/statements/2020-11', headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it.each([
    ['/api/persons/191176-1021/statements/2020-13', 400, 'ugyldig-dato'],
    ['/api/persons/191176-1021/statements/2020-10', 404, 'ikke-fundet'],
    ['/api/persons/191176-1021/statements/2020-11?kommune=101', 404, 'ikke-fundet'],
    ['/api/outbound-files?periode=nov', 400, 'ugyldig-dato'],
    ['/api/outbound-files/abc', 400, 'ugyldigt-input'],
    ['/api/outbound-files/999999', 404, 'ikke-fundet'],
  ])('%s answers %i %s as problem+json', async (url, status, code) => {
    const as = url.startsWith('/api/outbound-files') ? owner : headers;
    const response = await app.inject({ url, headers: as });
    expect(response.statusCode).toBe(status);
    expect(response.json<{ code: string }>().code).toBe(code);
  });

  it('lists the NemKonto payout file and serves it', async () => {
    expect((await app.inject('/api/outbound-files')).statusCode).toBe(401);
    const caseworker = await app.inject({ url: '/api/outbound-files?periode=2020-11', headers });
    expect(caseworker.statusCode).toBe(403);
    expect(caseworker.json<{ code: string }>().code).toBe('ingen-adgang');
    const list = await app.inject({ url: '/api/outbound-files?periode=2020-11', headers: owner });
    const files = list.json<{ id: string; kind: string; records: number }[]>();
    const payout = files.find((f) => f.kind === 'nemkonto-udbetalinger');
    expect(payout?.records).toBe(1);
    const file = await app.inject({ url: `/api/outbound-files/${payout?.id ?? ''}`, headers: pickup });
    expect(file.body).toBe(
      'cpr;kommune;periode;beloeb;dispositionsdato\n1911761021;751;2020-11;11500.00;2020-11-30\n',
    );
  });
});

describe('statements and outbound files on the CLI', () => {
  it('writes the statement PDF and lists and fetches the files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-cli-'));
    const pdf = path.join(dir, 'spec.pdf');
    expect(await cli('person', 'statement', '191176-1021', '2020-11', '--ud', pdf)).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    out.length = 0;
    expect(await cli('udveksling', 'list', '--periode', '2020-11')).toBe(5);
    expect(out.join('\n')).toContain('ingen-adgang');
    out.length = 0;
    expect(await cli('--rolle', 'systemansvarlig', 'udveksling', 'list', '--periode', '2020-11')).toBe(0);
    const line = out.find((l) => l.includes('nemkonto-udbetalinger'));
    expect(line).toBeDefined();
    const target = path.join(dir, 'nemkonto.csv');
    const id = line?.split('\t')[0] ?? '';
    expect(await cli('--rolle', 'systemansvarlig', 'udveksling', 'hent', id, '--ud', target)).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toContain('1911761021;751;2020-11;11500.00;2020-11-30');
    out.length = 0;
    expect(await cli('person', 'statement', '191176-1021', '2020-1')).toBe(2);
    expect(out.join('\n')).toContain('Fejl i PERIODE');
  });
});
