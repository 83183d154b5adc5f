/**
 * The one creation and completion path (ADR 0016): a task that runs through by itself as it is created
 * has its completion applied and recorded (`opgave-virkning`) like one completed by a caseworker, and a
 * refused completion leaves nothing behind.
 */
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { fail, ok, SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import { type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { runUseCase, type Deps } from '../platform/use-case.ts';
import { listTaskEvents } from './db/task.repository.ts';
import { createTasks, prepareNewTasks } from './task-lifecycle.ts';
import { TaskTypes, type TaskType } from './task-type.ts';

const caseworker: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const monday = Temporal.Instant.from('2025-05-05T07:00:00Z');
let db: Db;
let personId: string;
const deps = (): Deps => ({ db, clock: new SimulatedClock(monday) });

const automatic = (key: string, onComplete: NonNullable<TaskType['onComplete']>): TaskType => ({
  key,
  name: key,
  data: z.object({ note: z.string() }),
  steps: [{ key: 'goer', name: 'Gør', mode: 'automatisk', skippable: false, run: () => ({ klar: true }) }],
  dueDays: null,
  startableByHand: false,
  onComplete,
});
const types = new TaskTypes([
  automatic('straks-faerdig', (_context, task) => Promise.resolve(ok({ gjort: task.data['note'] }))),
  automatic('straks-afvist', () =>
    Promise.resolve(fail('ugyldigt-input', 'Virkningen kan ikke udføres', 'note')),
  ),
]);

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const person = await createPerson(deps(), caseworker, 'api', {
    cpr: '0101801234',
    name: 'Borger Testesen',
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  if (!person.ok) throw new Error(person.error.message);
  personId = person.value.id;
});

describe('creating and completing tasks', () => {
  it('a task that completes as it is created gets its completion applied and recorded as opgave-virkning', async () => {
    const created = await runUseCase(deps(), caseworker, 'api', 'arbejd-opgave', (context) =>
      createTasks(context, types, personId, [
        { type: 'straks-faerdig', municipality: '101' as MunicipalityCode, data: { note: 'a' } },
      ]),
    );
    if (!created.ok) throw new Error(created.error.message);
    const events = await listTaskEvents(db, created.value[0] as string);
    expect(events.map((e) => e.type).at(-1)).toBe('opgave-virkning');
    expect(events.at(-1)?.data).toEqual({ gjort: 'a' });
  });

  it('the stored events are the ones prepareNewTasks builds, then the completion', async () => {
    const request = { type: 'straks-faerdig', municipality: '101' as MunicipalityCode, data: { note: 'b' } };
    const prepared = prepareNewTasks(types, personId, [request], monday, 'sb101');
    if (!prepared.ok) throw new Error(prepared.error.message);
    expect(prepared.value.completions.map((c) => c.type.key)).toEqual(['straks-faerdig']);
    const created = await runUseCase(deps(), caseworker, 'api', 'arbejd-opgave', (context) =>
      createTasks(context, types, personId, [request]),
    );
    if (!created.ok) throw new Error(created.error.message);
    const stored = await listTaskEvents(db, created.value[0] as string);
    const built = prepared.value.rows.events.map((e) => [e['type'], e['step'], e['data']]);
    expect(stored.map((e) => [e.type, e.step, e.data])).toEqual([
      ...built,
      ['opgave-virkning', null, { gjort: 'b' }],
    ]);
  });

  it('a refused completion refuses the creation: nothing is stored', async () => {
    const before = await db.selectFrom('tasks').select('id').execute();
    const created = await runUseCase(deps(), caseworker, 'api', 'arbejd-opgave', (context) =>
      createTasks(context, types, personId, [
        { type: 'straks-afvist', municipality: '101' as MunicipalityCode, data: { note: 'c' } },
      ]),
    );
    expect(created.ok ? null : created.error.code).toBe('ugyldigt-input');
    expect(await db.selectFrom('tasks').select('id').execute()).toEqual(before);
  });

  it('an unknown type or data that does not fit is refused with the request named', () => {
    const unknown = prepareNewTasks(
      types,
      personId,
      [{ type: 'findes-ikke', municipality: '101' as MunicipalityCode, data: {} }],
      monday,
      'sb101',
    );
    expect(unknown.ok ? null : [unknown.error.code, unknown.error.field]).toEqual([
      'ukendt-opgavetype',
      'tasks.0.type',
    ]);
    const wrong = prepareNewTasks(
      types,
      personId,
      [{ type: 'straks-faerdig', municipality: '101' as MunicipalityCode, data: { note: 3 } }],
      monday,
      'sb101',
    );
    expect(wrong.ok ? null : wrong.error.field).toMatch(/^tasks\.0/);
  });
});
