/**
 * The benefit tasks through the API and the generic task page: started with POST /api/tasks, driven with
 * /handlinger, the page renders the new steps (the current step's form, the computed months, "Godkend"),
 * and approval answers with the receipt; refusals are problems naming the field and change nothing.
 */
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { webSession } from '../../../test/support/web-session.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import { importRates, markDemoInstallation } from '../../rates/index.ts';
import { addRegistration } from '../index.ts';

let app: FastifyInstance;
let db: Db;
let as101: AuthHeaders;
/** A browser signed in as sb101 of 101. */
let browser: Record<string, string>;
const cpr = '0505805101';

interface Task {
  id: string;
  caseId: string | null;
  currentStep: string | null;
  status: string;
  version: number;
  steps: { key: string; name: string; skippable: boolean }[];
}
type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;
const problem = (response: Inject) => response.json<{ code: string; field?: string; status: number }>();

const act = (task: Task, handling: object): Promise<Inject> =>
  app.inject({
    method: 'POST',
    url: `/api/tasks/${task.id}/handlinger`,
    headers: as101,
    payload: { version: task.version, handling },
  });

/** Text without tags, spaces collapsed. */
const plain = (markup: string): string =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const counts = async () => ({
  cases: (await db.selectFrom('cases').select('id').execute()).length,
  tasks: (await db.selectFrom('tasks').select('id').execute()).length,
  grants: (await db.selectFrom('grants').select('id').execute()).length,
});

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  as101 = await asUser(db, '101');
  const clock = new SimulatedClock(Temporal.Instant.from('2023-10-05T08:00:00Z'));
  const deps = { db, clock };
  browser = {
    accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
    ...(await webSession(db, clock.now())).headers,
  };
  const sourced = fs.readFileSync(new URL('../../../data/satser/satser.csv', import.meta.url), 'utf8');
  const imported = await importRates(deps, systemActor('test'), sourced, { replace: false });
  if (!imported.ok) throw new Error(imported.error.message);
  // ATP for 2023 (ADR 0020) has no sourced rows: the demo's example rows, which only the demo accepts.
  await markDemoInstallation(db);
  const examples = fs.readFileSync(new URL('../../../data/satser/eksempel.csv', import.meta.url), 'utf8');
  const example = await importRates(deps, systemActor('test'), examples, { replace: false });
  if (!example.ok) throw new Error(example.error.message);
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  const created = await app.inject({
    method: 'POST',
    url: '/api/persons',
    headers: as101,
    payload: { cpr, name: 'Ansøger Andersen', residence: [{ municipality: '101', from: '2015-01-01' }] },
  });
  expect(created.statusCode).toBe(201);
  const caseworker = {
    kind: 'bruger' as const,
    userId: 'sb101',
    municipality: '101' as MunicipalityCode,
    roles: ['sagsbehandler' as const],
  };
  for (const input of [
    { kind: 'barn', from: '2015-03-01', birthDate: '2015-03-01' },
    { kind: 'skattekort', from: '2023-01-01', taxRate: '38', monthlyAllowance: '4500.00' },
  ]) {
    const added = await addRegistration(deps, caseworker, 'api', cpr, input);
    if (!added.ok) throw new Error(added.error.message);
  }
});
afterAll(() => app.close());

describe('a kontanthjælp granted through the API, seen on the task page', () => {
  it('lists the benefit task types as startable', async () => {
    const response = await app.inject({ url: '/api/task-types', headers: as101 });
    expect(response.statusCode).toBe(200);
    const types = response.json<{ key: string; name: string; startableByHand: boolean }[]>();
    expect(types.filter((t) => t.key.startsWith('ydelsesopgave-') || t.key === 'afslut-bevilling')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'ydelsesopgave-htf', startableByHand: true }),
        expect.objectContaining({ key: 'ydelsesopgave-saerlig-stoette', startableByHand: true }),
        expect.objectContaining({ key: 'afslut-bevilling', startableByHand: true }),
      ]),
    );
  });

  it('refuses a start with a benefit outside the family, naming the field, and creates nothing', async () => {
    const before = await counts();
    const response = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: as101,
      payload: { type: 'ydelsesopgave-htf', cpr, data: { ydelse: 'enkeltydelse' } },
    });
    expect(response.statusCode).toBe(400);
    expect(problem(response)).toMatchObject({ code: 'ugyldigt-input', field: 'data.ydelse' });
    expect(await counts()).toEqual(before);
  });

  it('start → steps → Godkend, with the page rendering each step', async () => {
    const started = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: as101,
      payload: { type: 'ydelsesopgave-htf', cpr },
    });
    expect(started.statusCode).toBe(201);
    let task = started.json<Task>();
    expect(task.currentStep).toBe('oplys-bevilling');
    expect(task.caseId).not.toBeNull();

    const first = await app.inject({ url: `/opgaver/${task.id}`, headers: browser });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<h1>Ydelsesopgave: hjælp til forsørgelse</h1>');
    expect(first.body).toContain('<h2 id="aktuelt-trin">Aktuelt trin: Oplys bevilling</h2>');
    expect(first.body).toContain('name="input-from"');
    expect(plain(first.body)).toContain('Vurder tillæg og fradrag');

    let response = await act(task, {
      kind: 'videre',
      step: 'oplys-bevilling',
      input: { from: '2023-08-15', reason: 'Opfylder betingelserne' },
    });
    expect(response.statusCode).toBe(200);
    task = response.json<{ task: Task }>().task;
    expect(task.currentStep).toBe('vurder-tillaeg-og-fradrag');

    const assess = await app.inject({ url: `/opgaver/${task.id}`, headers: browser });
    expect(assess.body).toContain('<h2 id="aktuelt-trin">Aktuelt trin: Vurder tillæg og fradrag</h2>');
    expect(assess.body).toContain('name="input-aktivitetsparat"');
    expect(assess.body).toContain('name="input-fritidstillaeg"');
    expect(plain(assess.body)).toContain('Aktivitetsparat');

    response = await act(task, { kind: 'spring-over', step: 'vurder-tillaeg-og-fradrag' });
    expect(response.statusCode).toBe(409);
    expect(problem(response)).toMatchObject({ code: 'trin-kan-ikke-springes-over', field: 'step' });

    response = await act(task, {
      kind: 'videre',
      step: 'vurder-tillaeg-og-fradrag',
      input: { aktivitetsparat: false, fritidstillaeg: false, notat: 'Jobparat' },
    });
    expect(response.statusCode).toBe(200);
    task = response.json<{ task: Task }>().task;
    expect(task.currentStep).toBe('opsummering');

    const summary = plain((await app.inject({ url: `/opgaver/${task.id}`, headers: browser })).body);
    expect(summary).toContain('Aktuelt trin: Opsummering');
    expect(summary).toContain('september 2023 15.874,00 kr.');
    expect(summary).toContain('Godkend');

    response = await act(task, { kind: 'videre', step: 'opsummering' });
    expect(response.statusCode).toBe(200);
    const done = response.json<{ task: Task; effects: { kvittering: Record<string, unknown> } }>();
    expect(done.task.status).toBe('afsluttet');
    expect(done.effects.kvittering).toMatchObject({
      sag: task.caseId,
      status: 'bevilget',
      planlagteLinjer: ['2023-08', '2023-09', '2023-10'],
      nyeHaendelser: ['registrering-tilfoejet', 'sag-bevilget'],
    });
    const cases = await app.inject({ url: `/api/persons/${cpr}/cases`, headers: as101 });
    expect(cases.statusCode).toBe(200);
    expect(cases.json<{ cases: { id: string; status: string }[] }>().cases).toEqual([
      expect.objectContaining({ id: task.caseId, status: 'bevilget' }),
    ]);
    const receipt = plain((await app.inject({ url: `/opgaver/${task.id}`, headers: browser })).body);
    expect(receipt).toContain('Afsluttet');
  });
});
