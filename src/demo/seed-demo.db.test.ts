/**
 * The demo on a fresh database shows the whole cycle, made by the real jobs on a simulated clock: months
 * computed and paid, statements, UDK and NemKonto files, a move that transferred the duty with its
 * follow-ups, a task stopped at an undring, and every run up to now done, as the scheduler expects.
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { parseLocalDateTime, type Clock } from '../kernel/index.ts';
import { getPaymentStatements } from '../payments/index.ts';
import { systemClock } from '../platform/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { nextRunMonth, occurrencesBetween } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import { DEMO_START, demoPersons, seedDemo } from './index.ts';

const start = (() => {
  const parsed = parseLocalDateTime(DEMO_START);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
})();

/** What a second seed must leave as it is. */
const tables = [
  'persons',
  'cases',
  'deductions',
  'payment_lines',
  'deduction_lines',
  'outbound_files',
  'tasks',
  'task_events',
  'events',
  'job_runs',
  'cpr_messages',
  'manual_acting_periods',
  'acting_periods',
  'rates',
  'installation_settings',
] as const;

async function counts(db: Db): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

describe('the demo on a fresh database', () => {
  let deps: Deps;
  let now: Temporal.Instant;
  let created: number;
  let seconds: number;

  beforeAll(async () => {
    const database = await useTestDatabase();
    // The seed plays its history up to the clock's now; the test's clock stands still so it can be checked.
    now = systemClock.now();
    const clock: Clock = { now: () => now };
    deps = { db: database.db, clock };
    const began = performance.now();
    created = await seedDemo(deps, { onlyIfEmpty: true });
    seconds = (performance.now() - began) / 1000;
  });

  it('registers every demo citizen, in a few seconds', () => {
    expect(created).toBe(demoPersons.length);
    expect(seconds).toBeLessThan(15);
  });

  it('is marked as the demo and has the sourced rates loaded before its history', async () => {
    const loaded = await rows<{ n: string; demo: boolean; at: string }>(
      deps.db,
      sql`select count(*) as n, min(imported_at) = ${start.toString()}::timestamptz as at,
            (select value = 'true'::jsonb from installation_settings where key = 'demo') as demo
          from rates where superseded_at is null and source_kind <> 'eksempel'`,
    );
    expect(loaded).toEqual([{ n: '169', demo: true, at: true }]);
  });

  it('has months computed and paid, each month since the start by every paying municipality', async () => {
    const paid = await rows<{ period: string; lines: string }>(
      deps.db,
      sql`select to_char(period, 'YYYY-MM') as period, count(*) as lines from payment_lines
          where status = 'udbetalt' and computed_at is not null and paid_at is not null group by 1 order by 1`,
    );
    expect(paid.map((row) => row.period)).toEqual(
      expect.arrayContaining(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']),
    );
    const deductions = await rows<{ n: string }>(
      deps.db,
      sql`select count(*) as n from deduction_lines where status = 'gennemfoert'`,
    );
    expect(Number(deductions[0]?.n)).toBeGreaterThanOrEqual(6);
  });

  it('has a payment statement for a paid month', async () => {
    const statements = await getPaymentStatements(
      deps,
      { kind: 'bruger', userId: 'sb101', municipality: '101' as never, roles: ['sagsbehandler'] },
      'cli',
      '070362-1007',
      '2026-09',
    );
    if (!statements.ok) throw new Error(statements.error.message);
    expect(statements.value.map((s) => [s.municipality, s.content.net])).toEqual([['101', 310000]]);
    // Per Kontrol's deduction is set against his payment in Aalborg.
    const withDeduction = await getPaymentStatements(
      deps,
      { kind: 'bruger', userId: 'sb751', municipality: '751' as never, roles: ['sagsbehandler'] },
      'cli',
      '191176-1021',
      '2026-10',
    );
    if (!withDeduction.ok) throw new Error(withDeduction.error.message);
    expect(withDeduction.value[0]?.content.deductions).toEqual([
      { kind: 'tilbagebetaling', amount: 50000, requested: 50000 },
    ]);
  });

  it('has a kontanthjælp computed by the rule, August paid late by the September run, explained', async () => {
    const lines = await rows<{ period: string; run: string; status: string; rule: string; example: boolean }>(
      deps.db,
      sql`select to_char(l.period, 'YYYY-MM') as period, to_char(l.run_month, 'YYYY-MM') as run, l.status,
            l.explanation->'benefit'->'lines'->0->'explanation'->>'rule' as rule,
            (l.explanation->'benefit'->>'usesExampleRate')::boolean as example
          from payment_lines l join persons p on p.id = l.person_id
          where p.cpr = '2802671000' and l.period <= '2026-09-01' order by l.period`,
    );
    expect(lines).toEqual([
      {
        period: '2026-08',
        run: '2026-09',
        status: 'udbetalt',
        rule: 'kontanthjaelp@2025-07-01',
        example: true,
      },
      {
        period: '2026-09',
        run: '2026-09',
        status: 'udbetalt',
        rule: 'kontanthjaelp@2025-07-01',
        example: true,
      },
    ]);
  });

  it('has UDK and NemKonto files for the months', async () => {
    const files = await rows<{ kind: string; months: string }>(
      deps.db,
      sql`select kind, count(distinct period) as months from outbound_files group by kind order by kind`,
    );
    expect(files.map((file) => file.kind)).toEqual(['nemkonto-udbetalinger', 'udk-traekanmodninger']);
    for (const file of files) expect(Number(file.months)).toBeGreaterThanOrEqual(6);
  });

  it('has a move that transferred the duty, with the old municipality’s follow-up tasks', async () => {
    const acting = await rows<{ municipality: string }>(
      deps.db,
      sql`select a.municipality from acting_periods a join persons p on p.id = a.person_id
          where p.cpr = '1505711021' and a.to_at is null`,
    );
    expect(acting).toEqual([{ municipality: '147' }]);
    const events = await rows<{ type: string }>(
      deps.db,
      sql`select e.type from events e join persons p on p.id = e.person_id
          where p.cpr = '1505711021' and e.type in ('handleansvar-overdraget', 'ydelser-og-traek-standset')
          order by e.type`,
    );
    expect(events.map((e) => e.type)).toEqual(['handleansvar-overdraget', 'ydelser-og-traek-standset']);
    const tasks = await rows<{ type: string; municipality: string; status: string }>(
      deps.db,
      sql`select t.type, t.municipality, t.status from tasks t join persons p on p.id = t.person_id
          where p.cpr = '1505711021' order by t.type`,
    );
    expect(tasks).toEqual([
      { type: 'opfoelgning-institutionsophold', municipality: '101', status: 'aaben' },
      { type: 'opfoelgning-oekonomiske-udestaaender', municipality: '101', status: 'aaben' },
      { type: 'registrer-fraflytning', municipality: '101', status: 'afsluttet' },
    ]);
  });

  it('has a task stopped at a mandatory undring', async () => {
    const tasks = await rows<{ type: string; status: string; current_step: string; open_queries: number }>(
      deps.db,
      sql`select t.type, t.status, t.current_step, t.open_queries from tasks t
          join persons p on p.id = t.person_id where p.cpr = '1207581042' and t.type = 'registrer-fraflytning'`,
    );
    expect(tasks).toEqual([
      {
        type: 'registrer-fraflytning',
        status: 'aaben',
        current_step: 'vurder-bopaelssamlingsabonnementer',
        open_queries: 1,
      },
    ]);
  });

  it('ends at now: every run up to now done, none ahead, and only the coming month planned', async () => {
    const expected = occurrencesBetween(start, now).map((o) => o.key);
    const runs = await rows<{ key: string; finished: boolean }>(
      deps.db,
      sql`select key, finished_at is not null as finished from job_runs where parent is null
          order by scheduled_for`,
    );
    expect(runs.map((r) => r.key)).toEqual(expected);
    expect(runs.every((r) => r.finished)).toBe(true);
    // The monthly runs and payouts ran as one part per municipality with work, and every part finished.
    const parts = await rows<{ n: string; unfinished: string }>(
      deps.db,
      sql`select count(*) as n, count(*) filter (where finished_at is null) as unfinished
          from job_runs where parent is not null`,
    );
    expect(Number(parts[0]?.n)).toBeGreaterThan(0);
    expect(parts[0]?.unfinished).toBe('0');
    const planned = await rows<{ period: string }>(
      deps.db,
      sql`select distinct to_char(period, 'YYYY-MM') as period from payment_lines where status = 'planlagt'
          union select distinct to_char(period, 'YYYY-MM') from deduction_lines where status = 'planlagt'`,
    );
    expect(planned).toEqual([{ period: nextRunMonth(now).toString() }]);
  });

  it('seeding again doubles nothing', async () => {
    const before = await counts(deps.db);
    expect(await seedDemo(deps, { onlyIfEmpty: false })).toBe(0);
    expect(await seedDemo(deps, { onlyIfEmpty: true })).toBe(0);
    expect(await counts(deps.db)).toEqual(before);
  });
});

describe('the demo in a database whose jobs already ran', () => {
  it('still computes and pays the demo’s months (the runs are repeated for its data)', async () => {
    const database = await useTestDatabase();
    const now = systemClock.now();
    // A worker ran on the empty database the whole time: every occurrence is recorded as finished.
    const occurrences = occurrencesBetween(start, now);
    await database.db
      .insertInto('job_runs')
      .values(
        occurrences.map((o) => ({
          key: o.key,
          job: o.job,
          scheduled_for: o.at.toString(),
          started_at: o.at.toString(),
          finished_at: o.at.toString(),
          outcome: '{}',
        })),
      )
      .execute();
    expect(await seedDemo({ db: database.db, clock: { now: () => now } }, { onlyIfEmpty: false })).toBe(
      demoPersons.length,
    );
    const stale = await rows<{ n: string }>(
      database.db,
      sql`select count(*) as n from payment_lines where status in ('planlagt', 'beregnet')
          and period < ${nextRunMonth(now).toPlainDate({ day: 1 }).toString()}::date`,
    );
    expect(stale).toEqual([{ n: '0' }]);
    const paid = await rows<{ n: string }>(
      database.db,
      sql`select count(distinct period) as n from payment_lines where status = 'udbetalt'`,
    );
    expect(Number(paid[0]?.n)).toBeGreaterThanOrEqual(6);
  });
});
