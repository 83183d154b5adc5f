/**
 * The inbox (opgaveindbakke) over `tasks` tasks. Target (task engine): p99 under 50 ms for a
 * municipality's first page of 25 and for any combination of the filters with each sort, on 1,000,000
 * tasks across the 98 municipalities. Tasks are seeded with set-based SQL, skewed over the municipalities
 * like their populations; the queries go to random municipalities with København (the largest) drawn
 * often, with random filters, sorts and second pages, and are timed one at a time as the caller sees them.
 */
import { sql } from 'kysely';
import { municipalities } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { createFreshSchema } from '../src/platform/db/fresh-schema.ts';
import {
  inboxSorts,
  queryInbox,
  type InboxFilter,
  type InboxSort,
} from '../src/tasks/db/inbox.repository.ts';
import { seedPopulation } from './data.ts';

export interface LatencyStats {
  readonly name: string;
  readonly queries: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface InboxBench {
  readonly tasks: number;
  readonly persons: number;
  readonly openShare: number;
  /** The largest municipality's name, its tasks and open tasks. */
  readonly largest: { readonly name: string; readonly tasks: number; readonly open: number };
  readonly smallest: { readonly name: string; readonly tasks: number };
  readonly seedSeconds: number;
  /** The indexes on tasks and their sizes. */
  readonly indexes: readonly { readonly name: string; readonly mb: number }[];
  readonly classes: readonly LatencyStats[];
  readonly sorts: readonly LatencyStats[];
  readonly overall: LatencyStats;
  readonly largestOverall: LatencyStats;
  /** The slowest query, described. */
  readonly slowest: string;
}

export const BENCH_INBOX_PERSONS = 100_000;
const QUERIES_PER_CLASS = Number(process.env.BENCH_INBOX_QUERIES ?? 300);
const PAGE = 25;
const REFERENCE = '2025-05-10T12:00:00Z';

export const benchTaskTypes = [
  'opgoer-udestaaender',
  'registrer-fraflytning',
  'behandl-ansoegning',
  'revurder-ydelse',
  'kontroller-indkomst',
  'bestem-handlekommune-manuelt',
  'modregning',
  'klagebehandling',
] as const;

const categoryPool = [
  'haster',
  'klage',
  'afventer-borger',
  'afventer-skat',
  'udland',
  'doedsbo',
  'team-nord',
  'team-syd',
  'team-vest',
  'fejl-i-grundlag',
  'ressourceforloeb',
  'ny-medarbejder',
];

/** The largest first (København, Aarhus, Aalborg, Odense), the rest by code, Læsø last. */
const LARGEST = ['101', '751', '851', '461'];
const SMALLEST = '825';

/** A municipality's share of the tasks, its caseworkers and its categories. */
export interface Plan {
  readonly code: string;
  readonly name: string;
  readonly tasks: number;
  readonly users: number;
  /** Six categories: the first five used on tasks, commonest first, the last new and not used yet. */
  readonly categories: readonly string[];
}

/** Spreads the tasks over the municipalities by a Zipf-like weight of their rank (København about 12 %). */
export function planMunicipalities(tasks: number): Plan[] {
  const ranked = [
    ...LARGEST,
    ...municipalities.map((m) => m.code).filter((c) => !LARGEST.includes(c) && c !== SMALLEST),
    SMALLEST,
  ];
  const weights = ranked.map((_, rank) => 1 / (rank + 1) ** 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((tasks * w) / total));
  counts[0] = (counts[0] ?? 0) + tasks - counts.reduce((a, b) => a + b, 0);
  return ranked.map((code, rank) => {
    const index = municipalities.findIndex((m) => m.code === code);
    const count = counts[rank] ?? 0;
    return {
      code,
      name: municipalities[index]?.name ?? code,
      tasks: count,
      users: Math.max(2, Math.ceil(count / 3000)),
      categories: [0, 1, 2, 3, 4, 5].map(
        (k) => categoryPool[(index * 5 + k) % categoryPool.length] ?? 'haster',
      ),
    };
  });
}

/**
 * Writes the tasks in one statement, in the order they were created (as the table would hold them): each
 * municipality's share, for citizens living there; created over two years, open more often the newer they
 * are (about 30 % in all); a skewed mix of 8 types; assignees among the municipality's caseworkers (a third
 * of the open ones unassigned); 0–2 of the municipality's first 5 categories, the first far commoner than
 * the last; a due date on three in four; undringer on an eighth of the open ones. Then vacuum and analyze.
 */
async function seedTasks(db: Db, plans: readonly Plan[]): Promise<void> {
  const column = <T>(pick: (p: Plan) => T): T[] => plans.map(pick);
  await sql`
    with people as (
      select person_id, municipality::text as code,
             (row_number() over (partition by municipality order by person_id) - 1)::int as k
      from residences),
    sizes as materialized (select municipality::text as code, count(*)::int as people from residences group by 1),
    plan as materialized (
      select m.*, s.people
      from sizes s join unnest(${column((p) => p.code)}::text[], ${column((p) => p.tasks)}::int[],
                  ${column((p) => p.users)}::int[], ${column((p) => `{${p.categories.join(',')}}`)}::text[])
        as m(code, tasks, users, categories) on m.code = s.code),
    raw as materialized (
      select m.code, m.users, m.categories::text[] as keys, floor(m.people * random())::int as person,
             random() as age, random() as r_open,
             random() as r_status, pow(random(), 1.6) as r_type, random() as r_assignee, random() as r_c1,
             random() as r_c2, floor(5 * pow(random(), 3))::int as c1, floor(5 * pow(random(), 3))::int as c2,
             random() as r_due, random() as r_queries
      from plan m cross join lateral generate_series(1, m.tasks)),
    shaped as (
      select r.*, ${REFERENCE}::timestamptz - r.age * interval '730 days' as created_at,
             case when r.r_open < 0.6 * (1 - r.age) then 'aaben'
                  when r.r_status < 0.8 then 'afsluttet' when r.r_status < 0.92 then 'afvist'
                  else 'annulleret' end as status,
             case when r.r_c1 < 0.6 then r.keys[1 + r.c1] end as k1,
             case when r.r_c2 < 0.25 then r.keys[1 + r.c2] end as k2
      from raw r)
    insert into tasks (type, person_id, municipality, status, created_at, closed_at, current_step,
                       open_queries, assignee, categories, due_on, updated_at, version)
    select (${[...benchTaskTypes]}::text[])[1 + floor(8 * s.r_type)::int],
           pe.person_id, s.code, s.status, s.created_at, c.closed_at,
           case when s.status = 'aaben' then 'trin-' || (1 + floor(4 * random()))::int end,
           case when s.status = 'aaben' and s.r_queries < 0.12 then 1 + floor(25 * s.r_queries)::int else 0 end,
           case when s.r_assignee < (case when s.status = 'aaben' then 0.33 else 0.05 end) then null
                else 'sb' || s.code || '-' || (1 + floor(s.users * random()))::int end,
           case when s.k1 is null and s.k2 is null then '{}'::text[]
                when s.k1 is null or s.k1 = s.k2 then array[coalesce(s.k1, s.k2)]
                when s.k2 is null then array[s.k1]
                when s.k1 < s.k2 then array[s.k1, s.k2] else array[s.k2, s.k1] end,
           case when s.r_due < 0.75 then (s.created_at at time zone 'UTC')::date + (5 + floor(55 * random()))::int end,
           coalesce(c.closed_at, s.created_at), 1 + floor(5 * random())::int
    from shaped s
    cross join lateral (select case when s.status <> 'aaben'
                                    then s.created_at + least(30, s.age * 730) * random() * interval '1 day'
                               end as closed_at) c
    join people pe on pe.code = s.code and pe.k = s.person
    order by s.created_at`.execute(db);
  await sql`
    insert into task_categories (municipality, key, name, created_at)
    select m.code, k.key, initcap(replace(k.key, '-', ' ')), ${REFERENCE}::timestamptz
    from unnest(${column((p) => p.code)}::text[], ${column((p) => `{${p.categories.join(',')}}`)}::text[]) m(code, keys)
    cross join lateral unnest(m.keys::text[]) k(key)`.execute(db);
  await sql`vacuum analyze tasks`.execute(db);
  await sql`analyze`.execute(db);
}

/** Seeds the persons (bench/data.ts) and the tasks; returns the municipalities' plan. */
export async function seedInbox(db: Db, tasks: number): Promise<Plan[]> {
  const plans = planMunicipalities(tasks);
  await seedPopulation(db, BENCH_INBOX_PERSONS);
  await seedTasks(db, plans);
  return plans;
}

export type Rng = () => number;

/** A small seeded generator, so every run asks the same questions. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

interface Target {
  readonly plan: Plan;
  readonly persons: readonly string[];
}

type FilterPart = Partial<Omit<InboxFilter, 'municipality' | 'sort' | 'limit'>>;
const filterKinds = [
  'status',
  'types',
  'category',
  'assignee',
  'unassigned',
  'person',
  'due',
  'queries',
] as const;
type FilterKind = (typeof filterKinds)[number];

const statusSets = [
  ['afsluttet'],
  ['afvist'],
  ['afsluttet', 'afvist', 'annulleret'],
  ['aaben', 'afsluttet'],
  ['aaben', 'afsluttet', 'afvist', 'annulleret'],
];

const referenceDay = Date.parse(REFERENCE);
const dayOffset = (days: number): string =>
  new Date(referenceDay + days * 86_400_000).toISOString().slice(0, 10);

const filterParts: Record<FilterKind, (rng: Rng, target: Target) => FilterPart> = {
  status: (rng) => ({ status: pick(rng, statusSets) }),
  types: (rng) => ({
    types: [
      ...new Set(
        [0, 1, 2].slice(0, rng() < 0.6 ? 1 : 2 + Math.floor(rng() * 2)).map(() => pick(rng, benchTaskTypes)),
      ),
    ],
  }),
  category: (rng, { plan }) => ({ category: pick(rng, plan.categories) }),
  assignee: (rng, { plan }) => ({ assignee: `sb${plan.code}-${String(1 + Math.floor(rng() * plan.users))}` }),
  unassigned: () => ({ assignee: null }),
  person: (rng, { persons }) => ({ personId: pick(rng, persons) }),
  due: (rng) => ({ dueBefore: dayOffset(Math.floor(rng() * 90) - 60) }),
  queries: () => ({ withQueries: true }),
};

/** A combination of `count` different filters (a caseworker and "unassigned" exclude each other). */
function combination(rng: Rng, target: Target, count: number): FilterPart {
  const shuffled = [...filterKinds];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const chosen: FilterKind[] = [];
  for (const kind of shuffled) {
    const clash =
      kind === 'assignee'
        ? chosen.includes('unassigned')
        : kind === 'unassigned' && chosen.includes('assignee');
    if (chosen.length < count && !clash) chosen.push(kind);
  }
  return Object.assign({}, ...chosen.map((kind) => filterParts[kind](rng, target))) as FilterPart;
}

interface QueryClass {
  readonly name: string;
  readonly filters: (rng: Rng, target: Target) => FilterPart;
  /** Time the second page instead of the first. */
  readonly secondPage?: boolean;
}

const queryClasses: readonly QueryClass[] = [
  { name: 'first page, no filter (open tasks)', filters: () => ({}) },
  { name: 'status (closed ones, several)', filters: filterParts.status },
  { name: 'type (1–3 types)', filters: filterParts.types },
  { name: 'category', filters: filterParts.category },
  { name: 'assignee (a caseworker)', filters: filterParts.assignee },
  { name: 'unassigned', filters: filterParts.unassigned },
  { name: 'person', filters: filterParts.person },
  { name: 'due before', filters: filterParts.due },
  { name: 'with undringer', filters: filterParts.queries },
  { name: '2–3 filters', filters: (rng, target) => combination(rng, target, 2 + Math.floor(rng() * 2)) },
  { name: '4–6 filters', filters: (rng, target) => combination(rng, target, 4 + Math.floor(rng() * 3)) },
  {
    name: 'second page (cursor), 0–4 filters',
    filters: (rng, target) => combination(rng, target, Math.floor(rng() * 5)),
    secondPage: true,
  },
];

interface Sample {
  readonly cls: string;
  readonly sort: InboxSort;
  readonly code: string;
  readonly ms: number;
  readonly filter: InboxFilter;
}

/** The value at quantile `q` (0-1) of ascending values. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** The latency figures of a set of timings (ms). */
export function stats(name: string, values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    name,
    queries: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
  };
}

async function timed(db: Db, filter: InboxFilter): Promise<{ ms: number; next: string | null }> {
  const started = performance.now();
  const result = await queryInbox(db, filter);
  const ms = performance.now() - started;
  if (!result.ok) throw new Error(`inbox query refused: ${result.error.message}`);
  return { ms, next: result.value.next };
}

/** One query of a class (for a second page: the first page untimed, then the second). */
async function runOne(db: Db, rng: Rng, cls: QueryClass, target: Target): Promise<Sample | null> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const sort = pick(rng, inboxSorts);
    const filter: InboxFilter = {
      municipality: target.plan.code,
      sort,
      limit: PAGE,
      ...cls.filters(rng, target),
    };
    if (cls.secondPage !== true)
      return { cls: cls.name, sort, code: target.plan.code, filter, ...(await timed(db, filter)) };
    const first = await timed(db, filter);
    if (first.next === null) continue;
    const second = { ...filter, after: first.next };
    return { cls: cls.name, sort, code: target.plan.code, filter: second, ...(await timed(db, second)) };
  }
  return null;
}

async function loadTargets(db: Db, plans: readonly Plan[]): Promise<Map<string, Target>> {
  const { rows } = await sql<{ code: string; persons: string[] }>`
    select municipality::text as code, (array_agg(person_id order by person_id))[1:50] as persons
    from residences group by municipality`.execute(db);
  const persons = new Map(rows.map((row) => [row.code, row.persons]));
  return new Map(plans.map((plan) => [plan.code, { plan, persons: persons.get(plan.code) ?? [] }]));
}

/** A third of the queries go to the largest municipality, the rest to municipalities drawn by size. */
function drawTarget(rng: Rng, plans: readonly Plan[], targets: Map<string, Target>, total: number): Target {
  let code = plans[0]!.code;
  if (rng() >= 1 / 3) {
    let r = rng() * total;
    for (const plan of plans) {
      r -= plan.tasks;
      if (r < 0) {
        code = plan.code;
        break;
      }
    }
  }
  return targets.get(code)!;
}

const describe = (s: Sample): string => {
  const { municipality, sort, limit, after, ...rest } = s.filter;
  return `${s.ms.toFixed(1)} ms: ${municipality}, ${sort}${after === undefined ? '' : ', page 2'}, ${JSON.stringify(rest)}`;
};

/** Every class of queries, after a warm-up of 200 that are not counted. */
async function collectSamples(db: Db, plans: readonly Plan[]): Promise<Sample[]> {
  const rng = mulberry32(20_250_510);
  const targets = await loadTargets(db, plans);
  const total = plans.reduce((sum, plan) => sum + plan.tasks, 0);
  const draw = (): Target => drawTarget(rng, plans, targets, total);
  for (let i = 0; i < 200; i++) await runOne(db, rng, pick(rng, queryClasses), draw());
  const samples: Sample[] = [];
  for (const cls of queryClasses) {
    for (let i = 0; i < QUERIES_PER_CLASS; i++) {
      const sample = await runOne(db, rng, cls, draw());
      if (sample !== null) samples.push(sample);
    }
  }
  return samples;
}

/** What the data turned out to be: counts, the open share and the indexes' sizes. */
async function describeData(db: Db, largest: Plan) {
  const { rows } = await sql<{ open: string; tasks: string; largest_open: string }>`
    select count(*) filter (where status = 'aaben') as open, count(*) as tasks,
           count(*) filter (where status = 'aaben' and municipality = ${largest.code}) as largest_open
    from tasks`.execute(db);
  const indexes = await sql<{ name: string; bytes: string }>`
    select indexrelid::regclass::text as name, pg_relation_size(indexrelid) as bytes
    from pg_index where indrelid = 'tasks'::regclass order by 1`.execute(db);
  const row = rows[0]!;
  return {
    tasks: Number(row.tasks),
    open: Number(row.open),
    largestOpen: Number(row.largest_open),
    indexes: indexes.rows.map((index) => ({ name: index.name, mb: Number(index.bytes) / 2 ** 20 })),
  };
}

/** Runs every class of queries against a seeded schema and summarises the latencies. */
export async function measureInbox(db: Db, plans: readonly Plan[]): Promise<Omit<InboxBench, 'seedSeconds'>> {
  const samples = await collectSamples(db, plans);
  const largest = plans[0]!;
  const smallest = plans.at(-1)!;
  const data = await describeData(db, largest);
  const ms = (keep: (s: Sample) => boolean) => samples.filter(keep).map((s) => s.ms);
  return {
    tasks: data.tasks,
    persons: BENCH_INBOX_PERSONS,
    openShare: data.open / data.tasks,
    largest: { name: largest.name, tasks: largest.tasks, open: data.largestOpen },
    smallest: { name: smallest.name, tasks: smallest.tasks },
    indexes: data.indexes,
    classes: queryClasses.map((cls) =>
      stats(
        cls.name,
        ms((s) => s.cls === cls.name),
      ),
    ),
    sorts: inboxSorts.map((sort) =>
      stats(
        sort,
        ms((s) => s.sort === sort),
      ),
    ),
    overall: stats(
      'all queries',
      ms(() => true),
    ),
    largestOverall: stats(
      `${largest.name} only`,
      ms((s) => s.code === largest.code),
    ),
    slowest: describe(samples.reduce((a, b) => (b.ms > a.ms ? b : a))),
  };
}

/** Seeds a fresh schema with `tasks` tasks and measures the inbox on it. */
export async function benchInbox(databaseUrl: string, tasks: number): Promise<InboxBench> {
  const database = await createFreshSchema(databaseUrl, 'bench_inbox');
  try {
    const started = performance.now();
    const plans = await seedInbox(database.db, tasks);
    const seedSeconds = (performance.now() - started) / 1000;
    return { ...(await measureInbox(database.db, plans)), seedSeconds };
  } finally {
    await database.drop();
  }
}
