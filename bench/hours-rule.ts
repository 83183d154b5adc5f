/**
 * The 225-hour rule over HTF recipients with 36 months of history (decisions issue): the rule for 200,000
 * recipients within 3× the time PostgreSQL needs to read their registrations, measured in the same run.
 *
 * The data is set-based SQL, like bench/data.ts: for each recipient one `ydelseshistorik` covering
 * 2019-01-01..2021-12-31 (36 months of help), `timeregel-timer` hours in about a third of those months
 * (recorded month by month, so a person's rows lie apart in the table, as in an installation), a
 * `civilstand` for half, an exemption for one in twenty and an extension of the window for one in
 * twenty-five. Random values come from a fixed seed.
 *
 * A (the reads): `listStandingRegistrations`, the query the runs use, for pages of 2,000 persons over all of
 * them, one page at a time. B (the rule): the same reads, and for every person `hoursHistory` and
 * `assessMonth` for each of the 36 months 2019-01..2021-12 — the rule decided for every month of the
 * history, its full work whatever the outcome (`firstConsequence` stops at the first month with a
 * consequence, so it does less). A runs before and after B, each in a process of its own (as the monthly
 * benchmark runs its run), so each peak resident memory is its own; A is the mean of the two.
 *
 *   node bench/hours-rule.ts                      alone: an embedded server (or DATABASE_URL); rewrites the
 *                                                 section "## The 225-hour rule" in docs/benchmarks.md
 *   node bench/hours-rule.ts measure <url> <reads|rule>   one measurement (the benchmark starts these)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { assessMonth, hoursHistory, hoursRulePeriod } from '../src/benefits/index.ts';
import { listStandingRegistrations } from '../src/cases/db/registration.repository.ts';
import { ensureDatabase, withDatabaseName } from '../src/platform/db/connect.ts';
import { createDb, type Db } from '../src/platform/db/database.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { createFreshSchema } from '../src/platform/db/fresh-schema.ts';

/** Persons per `listStandingRegistrations` call. */
const PAGE = 2_000;
const FIRST_MONTH = Temporal.PlainYearMonth.from('2019-01');
const MONTHS = 36;
const months = Array.from({ length: MONTHS }, (_, i) => FIRST_MONTH.add({ months: i }));

/** What one measuring process reports. */
interface Measurement {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly persons: number;
  readonly registrations: number;
  /** Rule only: wall time reading, building the histories, assessing the months. */
  readonly readSeconds: number;
  readonly historySeconds: number;
  readonly assessSeconds: number;
  readonly assessments: number;
  readonly consequences: Record<string, number>;
}

export interface HoursRuleBench {
  readonly persons: number;
  readonly rows: number;
  readonly rowsByKind: Record<string, number>;
  readonly tableMb: number;
  readonly seedSeconds: number;
  readonly readsBefore: Measurement;
  readonly rule: Measurement;
  readonly readsAfter: Measurement;
  /** The mean of the reads before and after the rule. */
  readonly readSeconds: number;
  readonly ratio: number;
  /** The 1-minute load average before the measurements and after the rule. */
  readonly load: number;
  readonly loadAfterRule: number;
}

/** Writes the registrations of `persons` HTF recipients (36 months of history each). */
async function seedHistory(db: Db, persons: number): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`select setseed(0.225)`.execute(connection);
    await sql`
      insert into persons (cpr, name, civil_status, cpr_subscription, health_card, created_at)
      select lpad(i::text, 10, '0'), 'Borger ' || i, case when i % 4 = 0 then 'gift' else 'ugift' end, true, false,
        '2019-01-01T00:00:00Z'
      from generate_series(1, ${persons}) i`.execute(connection);
    const insert = (select: string) => sql`
      insert into registrations (person_id, kind, valid_from, valid_to, value, recorded_at, recorded_by)
      select person_id, kind, valid_from, valid_to, value, recorded_at, 'bench@101' from (${sql.raw(select)}) v`;
    const people = `select id as person_id, cpr::int as i from persons`;
    // The history from the legacy system, recorded when the person came to this one.
    await insert(`select person_id, 'ydelseshistorik' as kind, '2019-01-01'::date as valid_from,
        '2021-12-31'::date as valid_to, '{"kind": "ydelseshistorik"}'::jsonb as value,
        '2022-01-03T09:00:00Z'::timestamptz as recorded_at
      from (${people}) p order by i`).execute(connection);
    // Hours in about a third of the months, 0-120 in quarter hours, recorded after each month.
    await insert(`select person_id, 'timeregel-timer' as kind, month as valid_from,
        (month + interval '1 month' - interval '1 day')::date as valid_to,
        jsonb_build_object('kind', 'timeregel-timer', 'hours', round((random() * 480)::numeric) / 4) as value,
        month + interval '1 month 5 days' as recorded_at
      from (select person_id, i, ('2019-01-01'::date + make_interval(months => m))::date as month
            from (${people}) p cross join generate_series(0, ${MONTHS - 1}) m) x
      where random() < 1.0 / 3 order by month, i`).execute(connection);
    await insert(`select person_id, 'civilstand' as kind, '2010-01-01'::date as valid_from, null::date as valid_to,
        jsonb_build_object('kind', 'civilstand', 'status', case when i % 4 = 0 then 'gift' else 'enlig' end,
          'spouseOnBenefit', false) as value, '2019-01-02T09:00:00Z'::timestamptz as recorded_at
      from (${people}) p where i % 2 = 0 order by i`).execute(connection);
    await insert(`select person_id, 'timeregel-undtagelse' as kind, start as valid_from,
        (start + interval '6 months' - interval '1 day')::date as valid_to,
        jsonb_build_object('kind', 'timeregel-undtagelse', 'exemption',
          (array['begraenset-arbejdsevne', 'rehabiliteringsplan', 'forrevalidering', 'revalidering'])[1 + i / 20 % 4]) as value,
        start::timestamptz as recorded_at
      from (select person_id, i, ('2019-01-01'::date + make_interval(months => i % 30))::date as start
            from (${people}) p where i % 20 = 7) x order by start, i`).execute(connection);
    await insert(`select person_id, 'timeregel-forlaengelse' as kind, start as valid_from,
        (start + make_interval(days => 30 + i % 60))::date as valid_to,
        '{"kind": "timeregel-forlaengelse", "ground": "Dokumenteret sygdom"}'::jsonb as value,
        start::timestamptz as recorded_at
      from (select person_id, i, ('2019-03-01'::date + i % 900)::date as start
            from (${people}) p where i % 25 = 3) x order by start, i`).execute(connection);
  });
  await sql`vacuum analyze`.execute(db);
}

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

/** One measurement, in this process: the reads alone, or the reads and the rule. */
async function measure(url: string, mode: 'reads' | 'rule'): Promise<Measurement> {
  const db = createDb(url, { max: 1 });
  try {
    const ids = (await db.selectFrom('persons').select('id').orderBy('cpr').execute()).map((row) => row.id);
    const consequences: Record<string, number> = {};
    let registrations = 0;
    let assessments = 0;
    let readMs = 0;
    let historyMs = 0;
    let assessMs = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let at = 0; at < ids.length; at += PAGE) {
      const page = ids.slice(at, at + PAGE);
      const t0 = performance.now();
      const byPerson = await listStandingRegistrations(db, page);
      const t1 = performance.now();
      readMs += t1 - t0;
      for (const list of byPerson.values()) registrations += list.length;
      if (mode === 'reads') continue;
      const histories = page.map((id) => hoursHistory(byPerson.get(id) ?? [], [], hoursRulePeriod.to));
      const t2 = performance.now();
      historyMs += t2 - t1;
      for (const history of histories) {
        for (const month of months) {
          const { consequence } = assessMonth(history, month);
          consequences[consequence] = (consequences[consequence] ?? 0) + 1;
          assessments++;
        }
      }
      assessMs += performance.now() - t2;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      persons: ids.length,
      registrations,
      readSeconds: readMs / 1000,
      historySeconds: historyMs / 1000,
      assessSeconds: assessMs / 1000,
      assessments,
      consequences,
    };
  } finally {
    await db.destroy();
  }
}

const script = fileURLToPath(import.meta.url);

/** Runs one measurement in a process of its own. */
function measureInOwnProcess(url: string, mode: 'reads' | 'rule'): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, 'measure', url, mode], (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`225-timersreglen (${mode}) fejlede: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as Measurement);
    });
  });
}

/** Seeds a fresh schema with `persons` recipients' history, then measures the reads, the rule, the reads. */
export async function benchHoursRule(databaseUrl: string, persons: number): Promise<HoursRuleBench> {
  const database = await createFreshSchema(databaseUrl, 'bench_timer');
  const { db } = database;
  try {
    const seedStarted = performance.now();
    await seedHistory(db, persons);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const kinds = await sql<{ kind: string; n: string }>`
      select kind, count(*) as n from registrations group by kind order by count(*) desc`.execute(db);
    const rowsByKind = Object.fromEntries(kinds.rows.map((row) => [row.kind, Number(row.n)]));
    const size = await sql<{ bytes: string }>`
      select pg_total_relation_size('registrations') as bytes`.execute(db);
    const load = os.loadavg()[0] ?? 0;
    const readsBefore = await measureInOwnProcess(database.url, 'reads');
    const rule = await measureInOwnProcess(database.url, 'rule');
    const loadAfterRule = os.loadavg()[0] ?? 0;
    const readsAfter = await measureInOwnProcess(database.url, 'reads');
    const readSeconds = (readsBefore.seconds + readsAfter.seconds) / 2;
    return {
      persons,
      rows: Object.values(rowsByKind).reduce((sum, n) => sum + n, 0),
      rowsByKind,
      tableMb: mb(Number(size.rows[0]?.bytes ?? 0)),
      seedSeconds,
      readsBefore,
      rule,
      readsAfter,
      readSeconds,
      ratio: rule.seconds / readSeconds,
      load,
      loadAfterRule,
    };
  } finally {
    await database.drop();
  }
}

const round = (value: number, digits = 1): string => value.toFixed(digits);
const count = (n: number): string => n.toLocaleString('en');

/** The section of docs/benchmarks.md. */
export function hoursRuleSection(r: HoursRuleBench): string {
  const met = r.ratio <= 3;
  const kinds = Object.entries(r.rowsByKind)
    .map(([kind, n]) => `${count(n)} \`${kind}\``)
    .join(', ');
  const outcomes = Object.entries(r.rule.consequences)
    .map(([consequence, n]) => `${count(n)} ${consequence}`)
    .join(', ');
  const row = (name: string, m: Measurement): string =>
    `| ${name} | ${round(m.seconds, 1)} s | ${round(m.cpuSeconds, 1)} s | ${String(m.peakRssMb)} MB |`;
  const rule = r.rule;
  return `## The 225-hour rule

Target (decisions issue): the rule for 200,000 HTF recipients over 36 months of history within 3× the time
PostgreSQL needs to read those registrations, measured in the same run.

Data: ${count(r.persons)} recipients, each with 36 months of history (2019-01..2021-12) in \`registrations\`: ${count(r.rows)} rows
(${kinds}), ${String(r.tableMb)} MB with the index; seeded with set-based SQL in ${round(r.seedSeconds, 0)} s. One
\`ydelseshistorik\` over the 36 months each, hours in about a third of the months (0-120, recorded month
by month, so a person's rows lie apart in the table), a civil status for half (a quarter married), an
exemption for one in twenty, an extension of the window for one in twenty-five. Durable server.
Measured ${new Date().toISOString().slice(0, 10)} on this machine (${String(os.cpus().length)} cores, ${String(Math.round(os.totalmem() / 1024 ** 3))} GiB).

Reads (A): \`listStandingRegistrations\`, the query the runs read registrations with, ${count(PAGE)} persons a call
over all of them, the rows mapped to registrations, nothing else. The rule (B): the same reads, and for every
person \`hoursHistory\` and \`assessMonth\` for each of the 36 months 2019-01..2021-12 (${count(rule.assessments)}
assessments: the rule decided for every month of the history, the whole of its work whatever the outcome;
\`firstConsequence\` stops at the first month with a consequence and does less). One page at a time, each
measurement in a process of its own; A before and after B, A the mean of the two. Load average (1 minute)
before measuring ${round(r.load, 2)}, after B ${round(r.loadAfterRule, 2)}, on ${String(os.cpus().length)} cores.

| measurement | wall time | its process's CPU | its process's peak RSS |
|---|---|---|---|
${row('A, reads (before B)', r.readsBefore)}
${row('B, reads and the rule', rule)}
${row('A, reads (after B)', r.readsAfter)}

Within B: reading ${round(rule.readSeconds, 1)} s, building the histories ${round(rule.historySeconds, 1)} s, assessing the months ${round(rule.assessSeconds, 1)} s
(${round((rule.assessSeconds * 1e6) / Math.max(1, rule.assessments), 1)} µs an assessment). Outcomes: ${outcomes}.

Verdict: ${met ? 'meets the target' : '**misses the target**'} (B / A = ${round(rule.seconds, 1)} s / ${round(r.readSeconds, 1)} s = ${round(r.ratio, 2)}×); peak memory ${String(Math.max(rule.peakRssMb, r.readsBefore.peakRssMb, r.readsAfter.peakRssMb))} MB.`;
}

/** Started as a script: one measurement, or the benchmark alone on a server of its own. */
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === script) {
  const [command, url, mode] = process.argv.slice(2);
  if (command === 'measure') {
    if (url === undefined || (mode !== 'reads' && mode !== 'rule')) {
      process.stderr.write('brug: node bench/hours-rule.ts measure <database-url> <reads|rule>\n');
      process.exit(2);
    }
    process.stdout.write(`${JSON.stringify(await measure(url, mode))}\n`);
  } else {
    await alone(Number(process.env.BENCH_HOURS_PERSONS ?? 200_000));
  }
}

/** The benchmark alone: its section in docs/benchmarks.md replaced (or added), the rest left as it is. */
async function alone(persons: number): Promise<void> {
  const external = process.env.DATABASE_URL;
  let dir: string | undefined;
  let stop: () => Promise<void> = () => Promise.resolve();
  try {
    let adminUrl = external ?? '';
    if (external === undefined || external === '') {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-bench-timer-'));
      fs.chmodSync(dir, 0o777);
      const started = await startEmbeddedPostgres(path.join(dir, 'data'), 54902, { disposable: false });
      stop = () => started.stop();
      adminUrl = started.adminUrl;
    }
    await ensureDatabase(adminUrl, 'ydelse_bench');
    const section = hoursRuleSection(
      await benchHoursRule(withDatabaseName(adminUrl, 'ydelse_bench'), persons),
    );
    const file = 'docs/benchmarks.md';
    const report = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
    const start = report.indexOf('## The 225-hour rule');
    const next = start < 0 ? -1 : report.indexOf('\n## ', start + 1);
    const updated =
      start < 0
        ? `${report.trimEnd()}\n\n${section}\n`
        : `${report.slice(0, start)}${section}\n${next < 0 ? '' : report.slice(next)}`;
    fs.writeFileSync(file, updated);
    process.stdout.write(`${section}\n`);
  } finally {
    await stop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
}
