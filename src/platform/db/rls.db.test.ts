/**
 * Row-level security (migration 0018, enterScope): inside a scope, the application role sees the persons its
 * municipality is related to now, and the rows of theirs, and never changes an event or an access-log row.
 * The rows are written as the login role (a superuser, which bypasses the policies).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import type { Db, Executor, Tx } from './database.ts';
import { createFreshSchema } from './fresh-schema.ts';
import { secureTables } from './migrations/0018-row-level-security.ts';
import { enterScope, type RlsScope } from './rls.ts';

let db: Db;
let url: string;

class Rollback extends Error {
  readonly value: unknown;
  constructor(value: unknown) {
    super('rollback');
    this.value = value;
  }
}

/** Runs `work` in a transaction after `setUp` (as the login role) and `enterScope`, then rolls it back. */
async function inScope<T>(
  scope: RlsScope,
  work: (tx: Tx) => Promise<T>,
  setUp: (tx: Tx) => Promise<unknown> = () => Promise.resolve(),
  options: { today?: Temporal.PlainDate } = {},
): Promise<T> {
  try {
    await db.transaction().execute(async (tx) => {
      await setUp(tx);
      await enterScope(tx, scope, options);
      throw new Rollback(await work(tx));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
  throw new Error('unreachable');
}

const as101: RlsScope = { municipality: '101' };
const as751: RlsScope = { municipality: '751' };

interface Ids {
  readonly a: string;
  readonly b: string;
}
let ids: Ids;

async function insertPerson(tx: Db | Tx, cpr: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`insert into persons
      (cpr, name, civil_status, cpr_subscription, health_card, created_at)
    values (${cpr}, ${cpr}, 'ugift', true, false, now()) returning id`.execute(tx);
  return rows[0]!.id;
}

async function residence(tx: Db | Tx, person: string, municipality: string | null, from: string) {
  await sql`insert into residences (person_id, valid_from, municipality, country, registered_at)
    values (${person}, ${from}::date, ${municipality}, ${municipality === null ? 'SE' : null}, now())`.execute(
    tx,
  );
}

async function acting(tx: Db | Tx, person: string, municipality: string | null) {
  await sql`insert into acting_periods (person_id, municipality, from_at, reason)
    values (${person}, ${municipality}, now(), 'bopael')`.execute(tx);
}

async function task(tx: Db | Tx, person: string, municipality: string, status: 'aaben' | 'afsluttet') {
  await sql`insert into tasks (type, person_id, municipality, status, created_at, updated_at)
    values ('test', ${person}, ${municipality}, ${status}, now(), now())`.execute(tx);
}

async function caseOf(tx: Db | Tx, person: string, municipality: string, status: string) {
  await sql`insert into cases (person_id, benefit, municipality, status, grant_from, created_at)
    values (${person}, 'kontanthjaelp', ${municipality}, ${status}, '2025-01-01', now())`.execute(tx);
}

/** A column of every row the transaction sees, as sorted text (`null` for null). */
const values = async (tx: Tx, table: string, column = 'person_id'): Promise<string[]> =>
  (
    await sql<{ v: string | null }>`select ${sql.ref(column)}::text as v from ${sql.table(table)}`.execute(tx)
  ).rows
    .map((r) => r.v ?? 'null')
    .sort();

const sorted = (...values: string[]): string[] => [...values].sort();

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  url = database.url;
  const a = await insertPerson(db, '0101700001');
  await residence(db, a, '101', '2010-01-01');
  await acting(db, a, '101');
  await task(db, a, '101', 'aaben');
  await caseOf(db, a, '101', 'afsluttet');
  const b = await insertPerson(db, '0101700002');
  await residence(db, b, '751', '2012-01-01');
  await acting(db, b, '751');
  await caseOf(db, b, '751', 'bevilget');
  for (const [person, municipality] of [
    [a, '101'],
    [b, '751'],
    [null, null],
  ] as const) {
    await sql`insert into events (occurred_at, type, person_id, municipality, actor)
      values (now(), 'test', ${person}, ${municipality}, 'system:test')`.execute(db);
  }
  for (const [person, municipality] of [
    [a, '101'],
    [b, '751'],
    [a, null],
  ] as const) {
    await sql`insert into access_log (at, actor, actor_municipality, person_id, purpose, channel)
      values (now(), 'bruger:x', ${municipality}, ${person}, 'test', 'api')`.execute(db);
  }
  ids = { a, b };
});

describe('row-level security by the request municipality', () => {
  it('shows a municipality only the persons it is related to, and their rows', async () => {
    for (const [scope, person, municipality] of [
      [as101, ids.a, '101'],
      [as751, ids.b, '751'],
    ] as const) {
      const seen = await inScope(scope, async (tx) => ({
        persons: await values(tx, 'persons', 'id'),
        residences: await values(tx, 'residences'),
        acting: await values(tx, 'acting_periods'),
        tasks: await values(tx, 'tasks'),
        cases: await values(tx, 'cases'),
        events: await values(tx, 'events'),
        access: await values(tx, 'access_log', 'actor_municipality'),
      }));
      expect(seen).toEqual({
        persons: [person],
        residences: [person],
        acting: [person],
        tasks: person === ids.a ? [person] : [],
        cases: [person],
        events: sorted(person, 'null'),
        access: [municipality],
      });
    }
  });

  it('shows nothing of a person to `ingen` (only events without a person), and everything to `alle`', async () => {
    const count = (tx: Tx, table: string) =>
      sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`
        .execute(tx)
        .then((r) => r.rows[0]!.n);
    const tables = ['persons', 'residences', 'acting_periods', 'tasks', 'cases', 'events', 'access_log'];
    const counts = (tx: Tx) => Promise.all(tables.map((t) => count(tx, t)));
    expect(await inScope('ingen', counts)).toEqual([0, 0, 0, 0, 0, 1, 0]);
    expect(await inScope('alle', counts)).toEqual([2, 2, 2, 1, 2, 3, 3]);
    expect(await inScope('alle', (tx) => values(tx, 'persons', 'id'))).toEqual(sorted(ids.a, ids.b));
  });

  it('makes a person visible to the municipality of a task or case of its own, open or closed', async () => {
    const seen = (status: 'aaben' | 'afsluttet') =>
      inScope(
        as751,
        (tx) => values(tx, 'persons', 'id'),
        (tx) => task(tx, ids.a, '751', status),
      );
    expect(await seen('aaben')).toEqual(sorted(ids.a, ids.b));
    // A closed task is still the municipality's own follow-up.
    expect(await seen('afsluttet')).toEqual(sorted(ids.a, ids.b));
    // A case of its own counts as a task does, whatever its status (its own case history).
    for (const status of ['under-oplysning', 'bevilget', 'afsluttet', 'afvist'] as const) {
      const persons = await inScope(
        as751,
        (tx) => values(tx, 'persons', 'id'),
        (tx) => caseOf(tx, ids.a, '751', status),
      );
      expect(persons).toEqual(sorted(ids.a, ids.b));
    }
  });

  it('takes the current residence, the newest entry from on or before the day, on the day given', async () => {
    const setUp = async (tx: Tx) => {
      const c = await insertPerson(tx, '0101700003');
      await residence(tx, c, '101', '2020-01-01');
      await residence(tx, c, '751', '2031-01-01');
      return c;
    };
    const sees = (scope: RlsScope, today?: string) =>
      inScope(
        scope,
        async (tx) => (await values(tx, 'persons', 'id')).length,
        setUp,
        today === undefined ? {} : { today: Temporal.PlainDate.from(today) },
      );
    // Without a day given, today in Copenhagen: the 2031 entry is still to come.
    expect([await sees(as101), await sees(as751)]).toEqual([2, 1]);
    expect([await sees(as101, '2030-12-31'), await sees(as751, '2030-12-31')]).toEqual([2, 1]);
    expect([await sees(as101, '2031-01-01'), await sees(as751, '2031-01-01')]).toEqual([1, 2]);
    expect([await sees(as101, '2019-12-31'), await sees(as751, '2019-12-31')]).toEqual([1, 1]);
  });

  it('never lets the application role update, delete or truncate events and access-log rows, even as `alle`', async () => {
    for (const statement of [
      sql`update events set type = 'x'`,
      sql`delete from events`,
      sql`truncate events`,
      sql`update access_log set purpose = 'x'`,
      sql`delete from access_log`,
      sql`truncate access_log`,
    ]) {
      await expect(inScope('alle', (tx) => statement.execute(tx))).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('inserts events and access-log rows, also of a person the municipality cannot see', async () => {
    const inserted = await inScope(as101, async (tx) => {
      await sql`insert into events (occurred_at, type, person_id, municipality, actor)
        values (now(), 'test', ${ids.b}, '751', 'bruger:x@101')`.execute(tx);
      await sql`insert into access_log (at, actor, actor_municipality, person_id, purpose, channel)
        values (now(), 'bruger:x@101', '101', ${ids.b}, 'test', 'api')`.execute(tx);
      return {
        events: await values(tx, 'events'),
        access: await values(tx, 'access_log', 'actor_municipality'),
      };
    });
    // The new event is of a person 101 cannot see; the new access row is 101's own.
    expect(inserted).toEqual({ events: sorted(ids.a, 'null'), access: ['101', '101'] });
  });

  it('changes and deletes only rows of persons the municipality can see', async () => {
    const changed = await inScope(as101, async (tx) => ({
      other: (await tx.updateTable('persons').set({ name: 'x' }).where('id', '=', ids.b).executeTakeFirst())
        .numUpdatedRows,
      own: (await tx.updateTable('persons').set({ name: 'x' }).where('id', '=', ids.a).executeTakeFirst())
        .numUpdatedRows,
      otherResidences: (await tx.deleteFrom('residences').where('person_id', '=', ids.b).executeTakeFirst())
        .numDeletedRows,
      allCases: (await tx.updateTable('cases').set({ category: 'x' }).executeTakeFirst()).numUpdatedRows,
    }));
    expect(changed).toEqual({ other: 0n, own: 1n, otherResidences: 0n, allCases: 1n });
  });

  it('lets a visible row be changed so the municipality no longer sees it (a transfer)', async () => {
    const after = await inScope(as101, async (tx) => {
      await sql`update acting_periods set municipality = '751' where person_id = ${ids.a}`.execute(tx);
      // The municipality's own task and case keep it related: they are handed over with the person.
      await sql`update tasks set municipality = '751' where person_id = ${ids.a}`.execute(tx);
      await sql`update cases set municipality = '751' where person_id = ${ids.a}`.execute(tx);
      await sql`update residences set municipality = '751' where person_id = ${ids.a}`.execute(tx);
      return values(tx, 'persons', 'id');
    });
    expect(after).toEqual([]);
  });

  it('refuses an INSERT … RETURNING of a row the scope cannot see (the policy checks the new row)', async () => {
    await expect(inScope(as101, (tx) => insertPerson(tx, '0101700009'))).rejects.toMatchObject({
      code: '42501',
    });
    // Without RETURNING the insert is allowed, as under `alle` with it.
    const plain = await inScope(as101, async (tx) => {
      await sql`insert into persons (cpr, name, civil_status, cpr_subscription, health_card, created_at)
        values ('0101700009', 'x', 'ugift', true, false, now())`.execute(tx);
      return values(tx, 'persons', 'id');
    });
    expect(plain).toEqual([ids.a]);
    expect(await inScope('alle', (tx) => insertPerson(tx, '0101700009'))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a municipality that is not three digits, so nothing passes for `alle`', async () => {
    for (const municipality of ['alle', '', '10', '1011', "101' or true"]) {
      await expect(inScope({ municipality }, () => Promise.resolve())).rejects.toThrow(/Ugyldig kommunekode/);
    }
  });

  it('turns parallel workers and JIT off for a user, and leaves the server’s settings to the system', async () => {
    const settings = (tx: Executor) =>
      sql<{
        workers: string;
        jit: string;
        role: string;
      }>`select current_setting('max_parallel_workers_per_gather') as workers,
        current_setting('jit') as jit, current_user as role`
        .execute(tx)
        .then((r) => r.rows[0]);
    const server = await settings(db);
    expect(await inScope(as101, settings)).toEqual({ workers: '0', jit: 'off', role: 'ydelse_app' });
    expect(await inScope('alle', settings)).toEqual({ ...server, role: 'ydelse_app' });
    // Only for the transaction: the connection goes back to the pool as it was.
    expect(await settings(db)).toEqual(server);
  });

  it('puts every table holding a person, a case or a task under row-level security', async () => {
    const { rows } = await sql<{ table: string; secured: boolean; policies: number }>`
      select c.relname as table, c.relrowsecurity as secured,
        (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r'
        and (c.relname = 'persons' or exists (select 1 from pg_attribute a where a.attrelid = c.oid
          and a.attname in ('person_id', 'case_id', 'task_id') and not a.attisdropped))
      order by 1`.execute(db);
    // task_category_links (0020) holds a task's categories with its sort keys and nothing of the citizen:
    // it leads to a person only through tasks, which the policy guards, and the app role may only read it.
    const unguarded = ['task_category_links'];
    const guarded = rows.filter((r) => !unguarded.includes(r.table));
    expect(guarded.filter((r) => !r.secured || r.policies < 2)).toEqual([]);
    expect(guarded.map((r) => r.table)).toEqual([...secureTables].sort());
    const columns = await sql<{ name: string }>`select a.attname as name from pg_attribute a
      join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relname = 'task_category_links' and a.attnum > 0
        and not a.attisdropped order by 1`.execute(db);
    expect(columns.rows.map((r) => r.name)).toEqual(['created_at', 'due_key', 'scope_key', 'task_id']);
    const writes = await sql<{ may: boolean }>`select has_table_privilege('ydelse_app',
      'task_category_links', 'insert, update, delete') as may`.execute(db);
    expect(writes.rows[0]?.may).toBe(false);
  });

  it('grants the application role every table and sequence of the schema it needs', async () => {
    const { rows } = await sql<{ missing: string }>`
      select c.relname as missing from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'S')
        and not case c.relkind when 'S' then has_sequence_privilege('ydelse_app', c.oid, 'usage')
          else has_table_privilege('ydelse_app', c.oid, 'select, insert') end
      order by 1`.execute(db);
    expect(rows).toEqual([]);
    // A table a later migration creates gets the grants by default.
    const later = await db.transaction().execute(async (tx) => {
      await sql`create table rls_later (id bigint generated always as identity, x text)`.execute(tx);
      const granted = await sql<{ t: boolean; s: boolean }>`select
          has_table_privilege('ydelse_app', 'rls_later', 'select, insert, update, delete') as t,
          has_sequence_privilege('ydelse_app', pg_get_serial_sequence('rls_later', 'id'), 'usage') as s`.execute(
        tx,
      );
      await sql`drop table rls_later`.execute(tx);
      return granted.rows[0];
    });
    expect(later).toEqual({ t: true, s: true });
  });

  it('works in a schema of its own, as the scenario runner migrates one', async () => {
    const fresh = await createFreshSchema(url, 'rls_test');
    try {
      const seen = await fresh.db.transaction().execute(async (tx) => {
        const c = await insertPerson(tx, '0101700004');
        await acting(tx, c, '147');
        await enterScope(tx, { municipality: '147' });
        return (await values(tx, 'persons', 'id')).length;
      });
      expect(seen).toBe(1);
    } finally {
      await fresh.drop();
    }
  });
});

const municipalities = ['101', '147', '751'] as const;
type Code = (typeof municipalities)[number];

interface ModelPerson {
  readonly acting: Code | null | undefined;
  readonly residences: readonly { readonly from: string; readonly municipality: Code | null }[];
  readonly tasks: readonly { readonly municipality: Code; readonly open: boolean }[];
  readonly cases: readonly {
    readonly municipality: Code;
    readonly status: 'under-oplysning' | 'bevilget' | 'afsluttet' | 'afvist';
  }[];
}

const code = fc.constantFrom(...municipalities);
const modelPerson: fc.Arbitrary<ModelPerson> = fc.record({
  acting: fc.option(fc.option(code, { nil: null }), { nil: undefined }),
  residences: fc.uniqueArray(
    fc.record({
      from: fc.constantFrom('2019-01-01', '2024-06-01', '2025-05-05', '2025-05-06', '2026-01-01'),
      municipality: fc.option(code, { nil: null }),
    }),
    { selector: (r) => r.from, maxLength: 3 },
  ),
  tasks: fc.array(fc.record({ municipality: code, open: fc.boolean() }), { maxLength: 2 }),
  cases: fc.array(
    fc.record({
      municipality: code,
      status: fc.constantFrom('under-oplysning', 'bevilget', 'afsluttet', 'afvist'),
    }),
    { maxLength: 2 },
  ),
});

/** The rule, as the read policy states it: acting, current residence, a task or a case of its own. */
function visibleTo(person: ModelPerson, municipality: Code, today: string): boolean {
  const current = [...person.residences]
    .filter((r) => r.from <= today)
    .sort((x, y) => x.from.localeCompare(y.from))
    .at(-1);
  return (
    person.acting === municipality ||
    current?.municipality === municipality ||
    person.tasks.some((t) => t.municipality === municipality) ||
    person.cases.some((c) => c.municipality === municipality)
  );
}

describe('row-level security against the rule computed in TypeScript', () => {
  it('shows each municipality exactly the persons the rule relates to it, with their tasks and cases', async () => {
    const today = '2025-05-05';
    await fc.assert(
      fc.asyncProperty(fc.array(modelPerson, { minLength: 1, maxLength: 6 }), code, async (people, scope) => {
        const created: string[] = [];
        const seen = await inScope(
          { municipality: scope },
          async (tx) => ({
            persons: await values(tx, 'persons', 'id'),
            tasks: await values(tx, 'tasks'),
            cases: await values(tx, 'cases'),
          }),
          async (tx) => {
            for (const [index, person] of people.entries()) {
              const id = await insertPerson(tx, `02027${String(index).padStart(5, '0')}`);
              created.push(id);
              if (person.acting !== undefined) await acting(tx, id, person.acting);
              for (const r of person.residences) await residence(tx, id, r.municipality, r.from);
              for (const t of person.tasks)
                await task(tx, id, t.municipality, t.open ? 'aaben' : 'afsluttet');
              for (const c of person.cases) await caseOf(tx, id, c.municipality, c.status);
            }
          },
          { today: Temporal.PlainDate.from(today) },
        );
        const visible = people.flatMap((person, index) =>
          visibleTo(person, scope, today) ? [{ person, id: created[index]! }] : [],
        );
        // The persons of the set-up: 101's (one task, one case) and 751's (one case).
        const fixed = scope === '101' ? [ids.a] : scope === '751' ? [ids.b] : [];
        expect(seen).toEqual({
          persons: [...visible.map((v) => v.id), ...fixed].sort(),
          tasks: [
            ...visible.flatMap((v) => v.person.tasks.map(() => v.id)),
            ...(scope === '101' ? [ids.a] : []),
          ].sort(),
          cases: [...visible.flatMap((v) => v.person.cases.map(() => v.id)), ...fixed].sort(),
        });
      }),
      { numRuns: 60 },
    );
  });
});
