/**
 * The inbox's work tools against PostgreSQL: the counts against a count of the tasks themselves, the bulk
 * assignment all or nothing (also over random sets of tasks with one stale or foreign task among them),
 * the saved filters with their refusals, and reading the inbox next to a change of one of its citizens.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTasksFor } from '../../test/support/tasks.ts';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock, type Cpr, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson, findPersonByCpr, lockPerson } from '../persons/index.ts';
import { systemActor, type Actor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { enterScope } from '../platform/db/rls.ts';
import { taskTypes } from '../platform/system.ts';
import type { Deps } from '../platform/use-case.ts';
import { actOnTask, listInbox } from './index.ts';
import {
  assignTasks,
  countInbox,
  deleteInboxFilter,
  listInboxFilters,
  saveInboxFilter,
} from './inbox-work.ts';

let db: Db;
let deps: Deps & { readonly clock: SimulatedClock };
const caseworker = (municipality: string, userId = `sb${municipality}`): Actor => ({
  kind: 'bruger',
  userId,
  municipality: municipality as MunicipalityCode,
  roles: ['sagsbehandler'],
});
const sb101 = caseworker('101');
const followUps = [
  'opfoelgning-administration',
  'opfoelgning-oekonomiske-udestaaender',
  'opfoelgning-modtaget-handleansvar',
];
/** København's open tasks, and Aarhus's. */
const own: string[] = [];
const foreign: string[] = [];

const tasksFor = (cpr: string, municipality: string, types: readonly string[]) =>
  createTasksFor(
    deps,
    cpr,
    types.map((type) => ({ type, municipality: municipality as MunicipalityCode, data: {} })),
  );

const versions = async (ids: readonly string[]) =>
  new Map(
    (
      await db
        .selectFrom('tasks')
        .select(['id', 'version', 'assignee'])
        .where('id', 'in', [...ids])
        .execute()
    ).map((row) => [row.id, row]),
  );

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
  const people = [
    ['1505701234', 'Anna Andersen', '101'],
    ['0101801234', 'Bo Bertelsen', '101'],
    ['0202802345', 'Carl Christensen', '751'],
  ] as const;
  for (const [cpr, name, municipality] of people) {
    const created = await createPerson(deps, systemActor('test'), 'api', {
      cpr,
      name,
      residence: [{ municipality, from: '2015-01-01' }],
    });
    if (!created.ok) throw new Error(created.error.message);
  }
  own.push(...(await tasksFor('1505701234', '101', [...followUps, ...followUps])));
  own.push(...(await tasksFor('0101801234', '101', followUps)));
  foreign.push(...(await tasksFor('0202802345', '751', followUps)));
});

describe('the counts of the inbox', () => {
  async function bruteForce(municipality: string, userId: string) {
    const rows = await db
      .selectFrom('tasks')
      .select(['status', 'type', 'assignee'])
      .where('municipality', '=', municipality)
      .execute();
    const types = new Map<string, number>();
    for (const row of rows)
      types.set(`${row.status}/${row.type}`, (types.get(`${row.status}/${row.type}`) ?? 0) + 1);
    const open = rows.filter((row) => row.status === 'aaben');
    return {
      types,
      total: rows.length,
      mine: open.filter((row) => row.assignee === userId).length,
      unassigned: open.filter((row) => row.assignee === null).length,
    };
  }

  async function expectCountsRight(actor: Actor & { kind: 'bruger' }) {
    const counts = await countInbox(deps, actor, 'api');
    if (!counts.ok) throw new Error(counts.error.message);
    const want = await bruteForce(actor.municipality as string, actor.userId);
    expect(new Map(counts.value.types.map((t) => [`${t.status}/${t.type}`, t.count]))).toEqual(want.types);
    expect(counts.value.statuses.reduce((sum, s) => sum + s.count, 0)).toBe(want.total);
    expect(counts.value.mine).toBe(want.mine);
    expect(counts.value.unassigned).toBe(want.unassigned);
    return counts.value;
  }

  it('match a count of the tasks, also after tasks are assigned, closed and created', async () => {
    const before = await expectCountsRight(sb101 as Actor & { kind: 'bruger' });
    expect(before.statuses.find((s) => s.status === 'aaben')?.count).toBe(9);
    const [first, second] = own;
    const seen = await versions([first!, second!]);
    expect(
      (
        await assignTasks(deps, taskTypes, sb101, 'api', {
          tasks: [first!, second!].map((id) => ({ id, version: seen.get(id)!.version })),
          assignee: 'sb101',
        })
      ).ok,
    ).toBe(true);
    const closed = await actOnTask(deps, taskTypes, sb101, 'api', own[2]!, undefined, {
      kind: 'annuller',
      reason: 'Oprettet ved en fejl',
    });
    expect(closed.ok).toBe(true);
    await tasksFor('0101801234', '101', [followUps[0]!]);
    const after = await expectCountsRight(sb101 as Actor & { kind: 'bruger' });
    expect(after.mine).toBe(2);
    expect(after.statuses.find((s) => s.status === 'annulleret')?.count).toBe(1);
    await expectCountsRight(caseworker('751') as Actor & { kind: 'bruger' });
    // Another caseworker of København has none of them.
    expect((await expectCountsRight(caseworker('101', 'sb2') as Actor & { kind: 'bruger' })).mine).toBe(0);
  });

  it('are kept by the database exactly as a recount of task_counts finds them', async () => {
    const { rows } = await sql<{ diff: string }>`
      select count(*) as diff from (
        select municipality, status, type, count(*) as n from tasks group by 1, 2, 3
        except select municipality, status, type, count from task_counts where count <> 0) d`.execute(db);
    expect(Number(rows[0]?.diff)).toBe(0);
  });
});

describe('the names and CPR numbers of an inbox page (ydelse_inbox_persons)', () => {
  it('gives a municipality only the citizens it has tasks for', async () => {
    const ids = (await db.selectFrom('persons').select(['id', 'cpr']).orderBy('cpr').execute()).map(
      (row) => row.id,
    );
    const seen = (municipality: string) =>
      db.transaction().execute(async (tx) => {
        await enterScope(tx, { municipality });
        const { rows } = await sql<{ name: string }>`
          select name from ydelse_inbox_persons(${ids}::uuid[]) order by name`.execute(tx);
        return rows.map((row) => row.name);
      });
    expect(await seen('101')).toEqual(['Anna Andersen', 'Bo Bertelsen']);
    expect(await seen('751')).toEqual(['Carl Christensen']);
    expect(await seen('147')).toEqual([]);
  });
});

describe('assigning many tasks at once', () => {
  const openOwn = async () =>
    (
      await db
        .selectFrom('tasks')
        .select(['id', 'version', 'assignee'])
        .where('municipality', '=', '101')
        .where('status', '=', 'aaben')
        .orderBy('created_at')
        .execute()
    ).map((row) => ({ id: row.id, version: row.version, assignee: row.assignee }));

  it('assigns every task to a user, or removes the assignment from all, with an event each', async () => {
    const tasks = (await openOwn()).slice(0, 3);
    const done = await assignTasks(deps, taskTypes, sb101, 'api', {
      tasks: tasks.map(({ id, version }) => ({ id, version })),
      assignee: 'sb777',
    });
    if (!done.ok) throw new Error(done.error.message);
    expect(done.value.map((t) => t.assignee)).toEqual(['sb777', 'sb777', 'sb777']);
    const events = await db
      .selectFrom('task_events')
      .select('task_id')
      .where('type', '=', 'opgave-tildelt')
      .where(
        'task_id',
        'in',
        tasks.map((t) => t.id),
      )
      .execute();
    expect(new Set(events.map((e) => e.task_id)).size).toBe(3);
    const now = await versions(tasks.map((t) => t.id));
    const removed = await assignTasks(deps, taskTypes, sb101, 'api', {
      tasks: tasks.map(({ id }) => ({ id, version: now.get(id)!.version })),
      assignee: null,
    });
    expect(removed.ok && removed.value.every((t) => t.assignee === null)).toBe(true);
  });

  it('assigns none when one task is stale, another municipality’s, closed or unknown, and names it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        fc.constantFrom('stale', 'foreign', 'closed', 'unknown'),
        fc.nat(),
        async (count, seed, kind, position) => {
          const open = await openOwn();
          const chosen = Array.from(
            { length: Math.min(count, open.length) },
            (_, i) => open[(seed + i) % open.length]!,
          )
            .filter((task, i, all) => all.findIndex((t) => t.id === task.id) === i)
            .map(({ id, version }) => ({ id, version }));
          const bad = {
            stale: () => Promise.resolve({ id: chosen[0]!.id, version: chosen[0]!.version - 1 }),
            foreign: () => Promise.resolve({ id: foreign[seed % foreign.length]!, version: 1 }),
            closed: async () => {
              const row = await db
                .selectFrom('tasks')
                .select(['id', 'version'])
                .where('status', '<>', 'aaben')
                .where('municipality', '=', '101')
                .executeTakeFirstOrThrow();
              return { id: row.id, version: row.version };
            },
            unknown: () => Promise.resolve({ id: '00000000-0000-4000-8000-000000000000', version: 1 }),
          }[kind];
          const wrong = await bad();
          const list = kind === 'stale' ? [wrong, ...chosen.slice(1)] : [...chosen];
          const at = kind === 'stale' ? 0 : position % (list.length + 1);
          if (kind !== 'stale') list.splice(at, 0, wrong);
          const before = await versions(list.map((t) => t.id));
          const result = await assignTasks(deps, taskTypes, sb101, 'api', { tasks: list, assignee: 'sb999' });
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.error.field).toBe(`tasks.${String(at)}`);
          expect(result.error.message).toContain(wrong.id);
          expect(result.error.message).toContain('Ingen af opgaverne er tildelt');
          expect(result.error.code).toBe(
            // Aarhus's task for a citizen of Aarhus: København does not even see it.
            { stale: 'konflikt', foreign: 'ikke-fundet', closed: 'opgave-lukket', unknown: 'ikke-fundet' }[
              kind
            ],
          );
          // Nothing changed: same versions, no one assigned sb999.
          expect(await versions(list.map((t) => t.id))).toEqual(before);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses an empty list, a task chosen twice and a malformed user', async () => {
    const [task] = await openOwn();
    const one = { id: task!.id, version: task!.version };
    const refused = async (tasks: { id: string; version: number }[], assignee: string | null) => {
      const result = await assignTasks(deps, taskTypes, sb101, 'api', { tasks, assignee });
      return result.ok ? undefined : result.error;
    };
    expect(await refused([], 'sb1')).toMatchObject({ code: 'ugyldigt-input', field: 'tasks' });
    expect(await refused([one, one], 'sb1')).toMatchObject({ code: 'ugyldigt-input', field: 'tasks.1' });
    expect(await refused([one], 'sb1@101')).toMatchObject({ field: 'assignee' });
    expect((await versions([one.id])).get(one.id)!.version).toBe(one.version);
  });
});

describe('saved filters', () => {
  const mine = async (actor: Actor = sb101) => {
    const found = await listInboxFilters(deps, actor, 'web');
    if (!found.ok) throw new Error(found.error.message);
    return found.value;
  };

  it('saves, lists by name and deletes a caseworker’s own filters, never the CPR number', async () => {
    const saved = await saveInboxFilter(deps, sb101, 'web', {
      name: '  Mine   klager ',
      query: 'status=aaben&tildelt=mig&cpr=1505701234&efter=abc&sortering=frist&ukendt=1',
    });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value).toMatchObject({
      name: 'Mine klager',
      query: 'status=aaben&tildelt=mig&sortering=frist',
    });
    expect((await saveInboxFilter(deps, sb101, 'web', { name: 'Alle', query: '' })).ok).toBe(true);
    expect((await mine()).map((f) => f.name)).toEqual(['Alle', 'Mine klager']);
    // Another caseworker, and the same user id in another municipality, see none of them.
    expect(await mine(caseworker('101', 'sb2'))).toEqual([]);
    expect(await mine(caseworker('751', 'sb101'))).toEqual([]);
    const stored = await sql<{ query: string }>`select query from saved_inbox_filters`.execute(db);
    expect(stored.rows.some((row) => row.query.includes('1505701234'))).toBe(false);
    // Only the owner can delete it.
    expect((await deleteInboxFilter(deps, caseworker('101', 'sb2'), 'web', saved.value.id)).ok).toBe(false);
    expect((await deleteInboxFilter(deps, sb101, 'web', saved.value.id)).ok).toBe(true);
    expect((await mine()).map((f) => f.name)).toEqual(['Alle']);
    expect(await deleteInboxFilter(deps, sb101, 'web', saved.value.id)).toMatchObject({
      ok: false,
      error: { code: 'ikke-fundet' },
    });
  });

  it('refuses an empty, too long or taken name at the name field and changes nothing', async () => {
    const before = await mine();
    for (const [name, code] of [
      ['', 'ugyldigt-input'],
      ['   ', 'ugyldigt-input'],
      ['x'.repeat(61), 'ugyldigt-input'],
      ['Alle', 'konflikt'],
    ] as const) {
      const result = await saveInboxFilter(deps, sb101, 'web', { name, query: 'status=afsluttet' });
      expect(result).toMatchObject({ ok: false, error: { code, field: 'name' } });
    }
    expect(await mine()).toEqual(before);
  });
});

describe('reading the inbox next to a change', () => {
  /** Settles with the page, or with `blocked` when it has not answered within the time. */
  const pageWithin = (ms: number) =>
    Promise.race([
      listInbox(deps, taskTypes, sb101, 'api', {}),
      new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), ms)),
    ]);

  it('neither waits for a change that holds one of its citizens nor holds that citizen itself', async () => {
    const anna = await findPersonByCpr(db, '1505701234' as Cpr);
    if (anna === undefined) throw new Error('no Anna');
    // A change of Anna (a grant, the 04:00 run, a case lock) holds her row until it commits. The access log's
    // rows of a read used to lock every citizen shown (a foreign key check), so the inbox waited for it.
    let read: Awaited<ReturnType<typeof pageWithin>> | undefined;
    await db.transaction().execute(async (tx) => {
      await lockPerson(tx, anna.id);
      read = await pageWithin(3000);
    });
    if (read === undefined || read === 'blocked') throw new Error('the inbox waited for the change');
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.rows.some((row) => row.personId === anna.id)).toBe(true);
    const logged = await db
      .selectFrom('access_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('person_id', '=', anna.id)
      .where('purpose', '=', 'opgaveindbakke')
      .executeTakeFirstOrThrow();
    expect(Number(logged.n)).toBeGreaterThan(0);

    // And the other way: while a read is open, the change takes Anna's row at once.
    const locked = await db.transaction().execute(async (tx) => {
      await enterScope(tx, { municipality: '101' });
      await sql`insert into access_log (at, actor, actor_municipality, person_id, purpose, channel)
        values (now(), 'sb101', '101', ${anna.id}::uuid, 'opgaveindbakke', 'api')`.execute(tx);
      return Promise.race([
        db.transaction().execute(async (other) => {
          await sql`set local lock_timeout = '2s'`.execute(other);
          return (await lockPerson(other, anna.id)) !== undefined;
        }),
        new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 3000)),
      ]);
    });
    expect(locked).toBe(true);
  });
});
