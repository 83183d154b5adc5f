import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MunicipalityCode } from '../src/kernel/index.ts';
import { createPerson } from '../src/persons/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../src/platform/actor.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { Db } from '../src/platform/db/database.ts';
import { taskTypes } from '../src/platform/system.ts';
import { runUseCase, type Deps } from '../src/platform/use-case.ts';
import { actOnTask, createTasks } from '../src/tasks/index.ts';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';

const caseworker: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const header = 'opgave;type;kommune;cpr;udfald;status;aktuelt_trin;undringer;ryddet;besked';
const administration = 'opfoelgning-administration';
const institution = 'opfoelgning-institutionsophold';
let db: Db;
let deps: Deps;
let folder: string;
/** The administration follow-ups: the first with its first step entered. */
let tasks: string[];

async function followUps(cpr: string, type: string, count: number): Promise<string[]> {
  const person = await createPerson(deps, caseworker, 'api', {
    cpr,
    name: `Borger ${cpr}`,
    residence: [{ municipality: '101', from: '2018-01-01' }],
  });
  if (!person.ok) throw new Error(person.error.message);
  const created = await runUseCase(deps, systemActor('test'), 'job', 'arbejd-opgave', (context) =>
    createTasks(
      context,
      taskTypes,
      person.value.id,
      Array.from({ length: count }, () => ({
        type,
        municipality: '101' as MunicipalityCode,
        data: { date: '2025-05-12' },
      })),
    ),
  );
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  deps = { db, clock: systemClock };
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = 'silent';
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-tasks-'));
  tasks = [...(await followUps('0404804001', administration, 2))].sort();
  await followUps('0404804002', institution, 1);
  const entered = await actOnTask(deps, taskTypes, caseworker, 'api', tasks[0] as string, undefined, {
    kind: 'videre',
    step: 'vurder-administration',
    input: { notat: 'Set' },
  });
  if (!entered.ok) throw new Error(entered.error.message);
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const versions = async () =>
  (await db.selectFrom('tasks').select(['id', 'version', 'status']).orderBy('id').execute()).map(
    (t) => `${t.id}:${String(t.version)}:${t.status}`,
  );

describe('ydelse tasks restart', () => {
  it('--dry-run prints the report as CSV on stdout, a line per open task, and changes nothing', async () => {
    const before = await versions();
    const result = await cli('tasks', 'restart', '--types', administration, '--dry-run');
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toBe(header);
    // In task order, as the real run's report.
    expect(lines.slice(1)).toEqual([
      `${tasks[0] as string};${administration};101;0404804001;afventer-sagsbehandler;aaben;vurder-administration;;trin:vurder-administration;`,
      `${tasks[1] as string};${administration};101;0404804001;afventer-sagsbehandler;aaben;vurder-administration;;;`,
    ]);
    expect(result.err.split('\n')).toEqual([
      'Genstart: 2 åbne opgaver',
      'Prøvekørsel: 2 opgaver ville blive genstartet (afventer-sagsbehandler: 2)',
    ]);
    expect(await versions()).toEqual(before);
    expect(await db.selectFrom('task_batches').selectAll().execute()).toEqual([]);
  });

  it('names --types for an unknown type and for none, and exits 2', async () => {
    const unknown = await cli('tasks', 'restart', '--types', `${administration},oplys-konvertering`);
    expect(unknown).toEqual({
      code: 2,
      out: '',
      err: 'Fejl i --types: Ukendt opgavetype "oplys-konvertering" [ukendt-opgavetype]',
    });
    const none = await cli('tasks', 'restart', '--types', ' , ');
    expect(none).toEqual({
      code: 2,
      out: '',
      err: 'Fejl i --types: Angiv mindst én opgavetype [ugyldigt-input]',
    });
    const missing = await cli('tasks', 'restart');
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('Fejl: tilvalget --types <typer> skal angives');
  });

  it('the real run restarts the tasks, writes the report file and prints the summary on stderr', async () => {
    const file = path.join(folder, 'genstart.csv');
    const result = await cli('tasks', 'restart', '--types', administration, '--rapport', file);
    expect(result.code).toBe(0);
    expect(result.out).toBe('');
    expect(result.err.split('\n')).toEqual([
      'Genstart: 2 åbne opgaver',
      `Rapport: ${file}`,
      '2 opgaver genstartet (afventer-sagsbehandler: 2)',
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      [
        header,
        `${tasks[0] as string};${administration};101;0404804001;afventer-sagsbehandler;aaben;vurder-administration;;trin:vurder-administration;`,
        `${tasks[1] as string};${administration};101;0404804001;afventer-sagsbehandler;aaben;vurder-administration;;;`,
        '',
      ].join('\n'),
    );
    const restarted = await db
      .selectFrom('tasks')
      .select(['id', 'version', 'current_step'])
      .where('type', '=', administration)
      .orderBy('id')
      .execute();
    expect(restarted).toEqual([
      { id: tasks[0], version: 3, current_step: 'vurder-administration' },
      { id: tasks[1], version: 2, current_step: 'vurder-administration' },
    ]);
    const batch = await db.selectFrom('task_batches').selectAll().executeTakeFirstOrThrow();
    expect(batch).toMatchObject({
      kind: 'genstart',
      types: [administration],
      started_by: 'system:opgave-genstart',
    });
    expect(batch.finished_at).not.toBeNull();
  });
});

describe('ydelse tasks close', () => {
  it('needs --reason (commander refuses, exit 2) and changes nothing', async () => {
    const before = await versions();
    const result = await cli('tasks', 'close', '--types', institution);
    expect(result.code).toBe(2);
    expect(result.err).toBe('Fejl: tilvalget --reason <begrundelse> skal angives');
    expect(await versions()).toEqual(before);
  });

  it('an empty --reason is refused by the batch, naming --reason', async () => {
    const result = await cli('tasks', 'close', '--types', institution, '--reason', ' ');
    expect(result).toEqual({
      code: 2,
      out: '',
      err: 'Fejl i --reason: Angiv en begrundelse for lukningen [ugyldigt-input]',
    });
  });

  it('cancels the open tasks of the types with the reason and reports them', async () => {
    const file = path.join(folder, 'luk.csv');
    const result = await cli(
      'tasks',
      'close',
      '--types',
      institution,
      '--reason',
      'Brevet skal ikke sendes',
      '--rapport',
      file,
    );
    expect(result.code).toBe(0);
    expect(result.err.split('\n')).toEqual([
      'Lukning: 1 åbne opgaver',
      `Rapport: ${file}`,
      '1 opgaver lukket (annulleret: 1)',
    ]);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      new RegExp(`^[0-9a-f-]{36};${institution};101;0404804002;annulleret;annulleret;;;;$`),
    );
    const closed = await db
      .selectFrom('tasks')
      .select(['status', 'close_reason'])
      .where('type', '=', institution)
      .execute();
    expect(closed).toEqual([{ status: 'annulleret', close_reason: 'Brevet skal ikke sendes' }]);
    expect(
      await db.selectFrom('tasks').select('status').where('type', '=', administration).distinct().execute(),
    ).toEqual([{ status: 'aaben' }]);
  });

  it('writes no report file unless --rapport names one', async () => {
    const cwd = process.cwd();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-uden-rapport-'));
    process.chdir(empty);
    try {
      await followUps('0404804003', institution, 2);
      const result = await cli('tasks', 'close', '--types', institution, '--reason', 'Ryddet op');
      expect(result).toEqual({
        code: 0,
        out: '',
        err: ['Lukning: 2 åbne opgaver', '2 opgaver lukket (annulleret: 2)'].join('\n'),
      });
      expect(fs.readdirSync(empty)).toEqual([]);
    } finally {
      process.chdir(cwd);
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
