/**
 * The inbox query against PostgreSQL: every filter and sort against a reference written in plain code over
 * the same fixture tasks, keyset pages that add up to the whole list exactly once and in order, refused
 * cursors, and no task of another municipality ever shown.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import type { Db } from '../../platform/db/database.ts';
import { enterScope } from '../../platform/db/rls.ts';
import { inboxSorts, queryInbox, type InboxFilter, type InboxSort } from './inbox.repository.ts';

interface Fixture {
  readonly id: string;
  readonly type: string;
  readonly personId: string;
  readonly municipality: string;
  readonly status: string;
  readonly assignee: string | null;
  readonly categories: string[];
  readonly dueOn: string | null;
  readonly openQueries: number;
  /** ISO with microseconds, so text order is time order. */
  readonly createdAt: string;
}

const types = ['opgoer-udestaaender', 'registrer-fraflytning', 'revurder-ydelse'];
const statuses = ['aaben', 'afsluttet', 'afvist', 'annulleret'];
const assignees = [null, 'sb1', 'sb2'];
/** Keys beyond ASCII, and keys no category can have (a space, a quote) beside a plain one. */
const categorySets = [
  [],
  ['haster'],
  ['klage'],
  ['haster', 'klage'],
  ['udland'],
  ['særlig'],
  ['haster', 'med mellemrum', "o'key"],
];
const dueDates = [null, '2025-05-01', '2025-05-10', '2025-05-10', '2025-06-01'];
/** Few distinct instants, so many tasks share one and the id decides; two differ by a microsecond. */
const instants = [
  '2025-01-01T08:00:00.000000Z',
  '2025-01-01T08:00:00.000001Z',
  '2025-02-14T12:30:00.250000Z',
  '2025-03-01T00:00:00.000000Z',
];
const persons = [
  { id: randomUUID(), cpr: '0101701111', name: 'Anna Andersen' },
  { id: randomUUID(), cpr: '0202802222', name: 'Bo Berg' },
  { id: randomUUID(), cpr: '0303903333', name: 'Carl Christensen' },
];

/** A deterministic spread of tasks: index i picks each attribute by a different stride. */
function fixtures(municipality: string, count: number, offset: number): Fixture[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    const at = <T>(list: readonly T[], stride: number): T =>
      list[(i * stride + Math.floor(i / 7)) % list.length] as T;
    return {
      id: randomUUID(),
      type: at(types, 1),
      personId: at(persons, 2).id,
      municipality,
      status: at(statuses, 3),
      assignee: at(assignees, 5),
      categories: at(categorySets, 3),
      dueOn: at(dueDates, 3 + (i % 2)),
      openQueries: i % 4 === 0 ? 1 + (i % 3) : 0,
      createdAt: at(instants, 11),
    };
  });
}

const tasks = [...fixtures('101', 120, 0), ...fixtures('147', 40, 1000), ...fixtures('751', 20, 2000)];

let db: Db;

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  await db
    .insertInto('persons')
    .values(
      persons.map((p) => ({
        id: p.id,
        cpr: p.cpr,
        name: p.name,
        civil_status: 'ugift',
        cpr_subscription: true,
        health_card: false,
        created_at: '2025-01-01T00:00:00Z',
      })),
    )
    .execute();
  await db
    .insertInto('tasks')
    .values(
      tasks.map((t, i) => ({
        id: t.id,
        type: t.type,
        person_id: t.personId,
        municipality: t.municipality,
        status: t.status,
        data: '{}',
        created_at: t.createdAt,
        updated_at: t.createdAt,
        assignee: t.assignee,
        categories: t.categories,
        due_on: t.dueOn,
        open_queries: t.openQueries,
        current_step: t.status === 'aaben' ? `trin-${String(i % 3)}` : null,
        version: 1 + (i % 5),
      })),
    )
    .execute();
});

type Options = Omit<InboxFilter, 'sort' | 'limit' | 'after' | 'municipality'> & { municipality?: string };

/** The reference: the inbox written as a filter and a sort over the fixtures. */
function expected(options: Options, sort: InboxSort): string[] {
  const wanted = options.status ?? ['aaben'];
  const matches = tasks.filter(
    (t) =>
      t.municipality === (options.municipality ?? '101') &&
      wanted.includes(t.status) &&
      (options.types === undefined || options.types.includes(t.type)) &&
      (options.category === undefined || t.categories.includes(options.category)) &&
      (options.assignee === undefined || t.assignee === options.assignee) &&
      (options.personId === undefined || t.personId === options.personId) &&
      (options.dueBefore === undefined || (t.dueOn !== null && t.dueOn <= options.dueBefore)) &&
      (options.withQueries !== true || t.openQueries > 0),
  );
  const key = (t: Fixture): string => (sort === 'frist' ? (t.dueOn ?? '9999-12-31') : t.createdAt);
  const ascending = (a: Fixture, b: Fixture): number =>
    key(a) === key(b) ? (a.id < b.id ? -1 : 1) : key(a) < key(b) ? -1 : 1;
  const sorted = matches.sort(ascending);
  return (sort === 'oprettet-nyeste' ? sorted.reverse() : sorted).map((t) => t.id);
}

const filterOf = (options: Options, sort: InboxSort, limit: number, after?: string): InboxFilter => ({
  municipality: '101',
  ...options,
  sort,
  limit,
  ...(after === undefined ? {} : { after }),
});

async function page(options: Options, sort: InboxSort, limit = 200, after?: string) {
  const result = await queryInbox(db, filterOf(options, sort, limit, after));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Walks every page and returns the ids in the order shown, and how many pages it took. */
async function allPages(options: Options, sort: InboxSort, limit: number) {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const next = await page(options, sort, limit, after);
    ids.push(...next.rows.map((row) => row.id));
    after = next.next ?? undefined;
    pages++;
    if (pages > 500) throw new Error('the pages never end');
  } while (after !== undefined);
  return { ids, pages };
}

const anna = persons[0]!.id;

const filterCases: [string, Options][] = [
  ['no filter: the open tasks', {}],
  ['one closed status', { status: ['afsluttet'] }],
  ['several statuses', { status: ['aaben', 'afvist', 'annulleret'] }],
  ['every status', { status: statuses }],
  ['one type', { types: ['revurder-ydelse'] }],
  ['two types', { types: ['revurder-ydelse', 'opgoer-udestaaender'] }],
  ['a category', { category: 'haster' }],
  ['a category no task has', { category: 'doedsbo' }],
  ['a category beyond ASCII', { category: 'særlig' }],
  ['a category with a space', { category: 'med mellemrum' }],
  ['a category with a quote', { category: "o'key" }],
  ['a caseworker', { assignee: 'sb1' }],
  ['unassigned', { assignee: null }],
  ['a person', { personId: anna }],
  ['due before, inclusive', { dueBefore: '2025-05-10' }],
  ['due before any due date', { dueBefore: '2025-01-01' }],
  ['with undringer', { withQueries: true }],
  [
    'everything at once',
    {
      status: statuses,
      types: types.slice(0, 2),
      category: 'klage',
      assignee: 'sb2',
      dueBefore: '2025-06-01',
      withQueries: true,
    },
  ],
  ['another municipality', { municipality: '147', status: statuses }],
];

describe('the inbox query against PostgreSQL', () => {
  describe.each(inboxSorts)('sorted %s', (sort) => {
    it.each(filterCases)('%s', async (_, options) => {
      const want = expected(options, sort);
      const got = await page(options, sort);
      expect(got.rows.map((row) => row.id)).toEqual(want);
      expect(got.next).toBeNull();
    });
  });

  it('gives each row its own citizen, read in the page’s statement, on every page in a user’s scope', async () => {
    const citizen = new Map<string, object>(persons.map((p) => [p.id, { cpr: p.cpr, personName: p.name }]));
    for (const sort of inboxSorts) {
      const shown = await db.transaction().execute(async (tx) => {
        await enterScope(tx, { municipality: '101' });
        const rows = [];
        let after: string | undefined;
        do {
          const result = await queryInbox(tx, filterOf({ status: statuses }, sort, 3, after));
          if (!result.ok) throw new Error(result.error.message);
          rows.push(...result.value.rows);
          after = result.value.next ?? undefined;
        } while (after !== undefined);
        return rows;
      });
      expect(shown.map((row) => row.id)).toEqual(expected({ status: statuses }, sort));
      for (const row of shown) {
        expect({ cpr: row.cpr, personName: row.personName }).toEqual(citizen.get(row.personId));
      }
    }
  });

  it('has test data where every filter case but the empty ones finds something', () => {
    const empty = ['a category no task has', 'due before any due date'];
    for (const [name, options] of filterCases) {
      if (!empty.includes(name)) expect(expected(options, 'oprettet').length, name).toBeGreaterThan(0);
    }
  });

  it('reads the row with the person', async () => {
    const [row] = (await page({ personId: anna, status: statuses }, 'oprettet', 1)).rows;
    const task = tasks.find((t) => t.id === row?.id)!;
    expect(row).toMatchObject({
      personId: anna,
      cpr: '0101701111',
      personName: 'Anna Andersen',
      municipality: '101',
      type: task.type,
      status: task.status,
      assignee: task.assignee,
      categories: task.categories,
      dueOn: task.dueOn,
      openQueries: task.openQueries,
    });
    expect(row?.createdAt.toString({ smallestUnit: 'microsecond' })).toBe(task.createdAt);
    expect(typeof row?.version).toBe('number');
  });

  it('pages through every row exactly once, in order, whatever the filter, sort and page size', async () => {
    const options = fc.record(
      {
        status: fc.subarray(statuses, { minLength: 1 }),
        types: fc.subarray(types, { minLength: 1 }),
        category: fc.constantFrom('haster', 'klage', 'udland', 'særlig', 'med mellemrum'),
        assignee: fc.constantFrom(null, 'sb1', 'sb2'),
        personId: fc.constantFrom(...persons.map((p) => p.id)),
        dueBefore: fc.constantFrom('2025-05-01', '2025-05-10', '2025-07-01'),
        withQueries: fc.constant(true),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        options,
        fc.constantFrom(...inboxSorts),
        fc.integer({ min: 1, max: 7 }),
        async (o, sort, limit) => {
          const want = expected(o, sort);
          const { ids, pages } = await allPages(o, sort, limit);
          expect(ids).toEqual(want);
          expect(pages).toBe(Math.max(1, Math.ceil(want.length / limit)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads a category from its rows in task_category_links, which the triggers keep', async () => {
    const { rows } = await sql<{ scope_key: string; n: string }>`
      select scope_key, count(*) as n from task_category_links group by 1`.execute(db);
    const counted = new Map(rows.map((row) => [row.scope_key, Number(row.n)]));
    const want = new Map<string, number>();
    for (const t of tasks) {
      for (const key of new Set(t.categories)) {
        const scoped = `${t.municipality}:${t.status}:${key}`;
        want.set(scoped, (want.get(scoped) ?? 0) + 1);
      }
    }
    expect(counted).toEqual(want);
  });

  it('keeps the due date an index condition under row-level security (a COALESCE would be a filter)', async () => {
    const plan = await db.transaction().execute(async (tx) => {
      await enterScope(tx, { municipality: '101' });
      await sql`set local enable_seqscan = off`.execute(tx);
      await sql`set local enable_bitmapscan = off`.execute(tx);
      await sql`set local enable_sort = off`.execute(tx);
      return sql<{ 'QUERY PLAN': string }>`explain select id from tasks
        where municipality = '101' and status = 'aaben' and due_key <= '2025-05-10'
        order by due_key, id limit 26`.execute(tx);
    });
    const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Cond: .*due_key <= /);
    expect(text).toMatch(/ydelse_may_see_person/);
  });

  it('ends with next = null exactly when the page is the last', async () => {
    const count = expected({}, 'oprettet').length;
    expect((await page({}, 'oprettet', count)).next).toBeNull();
    expect((await page({}, 'oprettet', count - 1)).next).not.toBeNull();
  });

  it('never shows another municipality, not even with a cursor from one', async () => {
    for (const sort of inboxSorts) {
      const other = await page({ municipality: '147', status: statuses }, sort, 3);
      expect(other.rows.every((row) => row.municipality === '147')).toBe(true);
      const mine = await page({ status: statuses }, sort, 200, other.next ?? undefined);
      expect(mine.rows.length).toBeGreaterThan(0);
      expect(mine.rows.every((row) => row.municipality === '101')).toBe(true);
      const none = await page({ municipality: '860', status: statuses }, sort);
      expect(none).toEqual({ rows: [], next: null });
    }
  });

  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const someId = tasks[0]!.id;

  it.each([
    ['not base64 JSON', 'ikke-en-markør'],
    ['JSON but not an object', encode(42)],
    ['another sort', encode({ s: 'frist', k: '2025-05-01', i: someId })],
    ['a key that is no instant', encode({ s: 'oprettet', k: 'i går', i: someId })],
    ['an id that is no uuid', encode({ s: 'oprettet', k: '2025-01-01T08:00:00.000000Z', i: '42' })],
    ['fields missing', encode({ s: 'oprettet' })],
  ])('refuses a bad cursor: %s', async (_, after) => {
    const result = await queryInbox(db, filterOf({}, 'oprettet', 10, after));
    expect(result).toEqual({
      ok: false,
      error: { code: 'ugyldigt-input', message: 'Ugyldig markør for næste side', field: 'after' },
    });
  });

  it('refuses a due-date cursor that is no date, and takes one for tasks without a due date', async () => {
    const bad = await queryInbox(
      db,
      filterOf({}, 'frist', 10, encode({ s: 'frist', k: '2025-13-01', i: someId })),
    );
    expect(bad.ok).toBe(false);
    const last = encode({ s: 'frist', k: 'infinity', i: '00000000-0000-0000-0000-000000000000' });
    const rest = await page({}, 'frist', 200, last);
    expect(rest.rows.map((row) => row.id)).toEqual(
      expected({}, 'frist').filter((id) => tasks.find((t) => t.id === id)?.dueOn === null),
    );
  });

  it.each([
    ['limit', { limit: 0 }],
    ['limit', { limit: 201 }],
    ['status', { status: ['ukendt'] }],
    ['personId', { personId: 'ikke-et-id' }],
  ])('refuses a bad %s', async (field, change) => {
    const result = await queryInbox(db, { ...filterOf({}, 'oprettet', 10), ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'ugyldigt-input', field });
  });

  it('refuses a due date that is no date', async () => {
    const result = await queryInbox(db, filterOf({ dueBefore: '2025-02-30' }, 'frist', 10));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'ugyldig-dato', field: 'dueBefore' });
  });
});
