/**
 * The monthly run works a municipality in slices of persons so its memory stays flat at national size
 * (København has a tenth of the country). A person's month depends only on their own lines, deductions and
 * registrations, so the slice size must not change anything the run stores: the same citizens run with
 * slices of 1, 3 and the default give the same computed lines, deduction lines, next month's planned lines
 * and UDK file. And though a slice reads only its own persons' lines, every planned line of the month is
 * locked before the first slice is computed, so a move cannot stop a line of a later slice mid-run.
 */
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { createCase, createDeduction } from '../cases/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import { type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn, type Occurrence } from '../platform/jobs/domain/schedule.ts';
import { monthlyRun } from './monthly-run.ts';

const caseworker: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const monday = Temporal.Instant.from('2025-05-05T07:00:00Z');

const mayRun: Occurrence = (() => {
  for (let day = 1; day <= 31; day += 1) {
    const found = occurrencesOn(Temporal.PlainDate.from({ year: 2025, month: 5, day })).find(
      (o) => o.job === 'maanedskoersel',
    );
    if (found !== undefined) return found;
  }
  throw new Error('no monthly run in May 2025');
})();

interface Citizen {
  readonly cpr: string;
  readonly grants: readonly { monthly: string; from: string; to?: string; benefit?: string }[];
  readonly deductions: readonly string[];
}

/** Seven citizens: whole and part months, two cases for one, deductions smaller and larger than the pay. */
const citizens: readonly Citizen[] = [
  { cpr: '0505805001', grants: [{ monthly: '12000.00', from: '2025-01-01' }], deductions: ['500.00'] },
  { cpr: '0505805002', grants: [{ monthly: '9000.00', from: '2025-05-10' }], deductions: [] },
  {
    cpr: '0505805003',
    grants: [{ monthly: '800.00', from: '2025-01-01' }],
    deductions: ['1500.00', '200.00'],
  },
  {
    cpr: '0505805004',
    grants: [
      { monthly: '3000.00', from: '2025-01-01', benefit: 'personligt-tillaeg' },
      { monthly: '1200.00', from: '2025-01-01', benefit: 'helbredstillaeg' },
    ],
    deductions: ['4000.00'],
  },
  {
    cpr: '0505805005',
    grants: [{ monthly: '11000.00', from: '2025-01-01', to: '2025-05-20' }],
    deductions: [],
  },
  { cpr: '0505805006', grants: [], deductions: ['300.00'] },
  { cpr: '0505805007', grants: [{ monthly: '7000.00', from: '2025-06-10' }], deductions: ['100.00'] },
];

function must(result: { ok: boolean; error?: { message: string } }): void {
  if (!result.ok) throw new Error(result.error?.message);
}

async function seed(db: Db): Promise<void> {
  const deps = { db, clock: new SimulatedClock(monday) };
  for (const citizen of citizens) {
    must(
      await createPerson(deps, caseworker, 'api', {
        cpr: citizen.cpr,
        name: `Borger ${citizen.cpr}`,
        residence: [{ municipality: '101', from: '2015-01-01' }],
      }),
    );
    for (const grant of citizen.grants) {
      must(
        await createCase(deps, caseworker, 'api', citizen.cpr, {
          benefit: grant.benefit ?? 'kontanthjaelp',
          municipality: '101',
          status: 'bevilget',
          from: grant.from,
          to: grant.to ?? null,
          monthly: grant.monthly,
        }),
      );
    }
    for (const monthly of citizen.deductions) {
      must(
        await createDeduction(deps, caseworker, 'api', citizen.cpr, {
          kind: 'tilbagebetaling',
          municipality: '101',
          monthly,
          from: '2025-01-01',
        }),
      );
    }
  }
}

/** What the run stored, by CPR number and never by generated id. */
async function stored(db: Db) {
  const payments = await db
    .selectFrom('payment_lines as l')
    .innerJoin('persons as p', 'p.id', 'l.person_id')
    .innerJoin('cases as c', 'c.id', 'l.case_id')
    .select(['p.cpr', 'c.benefit', 'l.period', 'l.run_month', 'l.status', 'l.gross', 'l.tax', 'l.withheld'])
    .select(['l.net', 'l.explanation'])
    .orderBy('p.cpr')
    .orderBy('c.benefit')
    .orderBy('l.period')
    .execute();
  const deductions = await db
    .selectFrom('deduction_lines as l')
    .innerJoin('persons as p', 'p.id', 'l.person_id')
    .innerJoin('deductions as d', 'd.id', 'l.deduction_id')
    .select(['p.cpr', 'd.monthly', 'l.period', 'l.status', 'l.requested', 'l.amount'])
    .orderBy('p.cpr')
    .orderBy('d.monthly')
    .orderBy('l.period')
    .execute();
  const files = await db.selectFrom('outbound_files').select(['kind', 'content']).orderBy('kind').execute();
  return {
    payments,
    deductions,
    files: files.map((f) => ({ kind: f.kind, lines: f.content.toString('utf8').split('\n').sort() })),
  };
}

async function runWith(personsPerSlice: number | undefined) {
  const { db } = await useTestDatabase();
  await seed(db);
  await monthlyRun(personsPerSlice)({ db, clock: new SimulatedClock(mayRun.at) }, mayRun);
  return stored(db);
}

describe('the monthly run in slices of persons', () => {
  it('stores the same as in one slice, whatever the slice size', async () => {
    const whole = await runWith(undefined);
    expect(whole.payments.filter((l) => l.status === 'beregnet')).toHaveLength(6);
    expect(whole.payments.filter((l) => l.status === 'planlagt').length).toBeGreaterThanOrEqual(5);
    expect(whole.deductions.filter((l) => l.status === 'sendt')).toHaveLength(6);
    for (const size of [1, 3]) expect(await runWith(size)).toEqual(whole);
  });
});

/** Waits until a statement of the database waits for a lock (the run, held up by the open transaction). */
async function untilWaitingOnLock(client: pg.Client): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const waiting = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((waiting.rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run never waited for the lock');
}

describe('the monthly run locks the whole month first', () => {
  it('holds every planned line of the month while its first slice is still being written', async () => {
    const database = await useTestDatabase();
    await seed(database.db);
    // An open transaction plans June for every case and deduction first: the run's first slice then waits
    // on those keys when it plans June, before any later slice has read its lines.
    const blocker = new pg.Client({ connectionString: database.url });
    const probe = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await probe.connect();
    try {
      await blocker.query('begin');
      await blocker.query(`insert into payment_lines (case_id, person_id, municipality, period, run_month, status, gross)
        select c.id, c.person_id, c.municipality, date '2025-06-01', date '2025-06-01', 'planlagt', 0 from cases c
        on conflict do nothing`);
      await blocker.query(`insert into deduction_lines (deduction_id, person_id, municipality, period, status, amount, requested)
        select d.id, d.person_id, d.municipality, date '2025-06-01', 'planlagt', 0, 0 from deductions d
        on conflict do nothing`);
      const run = monthlyRun(1)({ db: database.db, clock: new SimulatedClock(mayRun.at) }, mayRun);
      await untilWaitingOnLock(probe);
      const planned = await probe.query<{ id: string; table: string }>(`
        select id::text, 'payment_lines' as table from payment_lines where period = date '2025-05-01'
        union all select id::text, 'deduction_lines' from deduction_lines where period = date '2025-05-01'`);
      expect(planned.rows.length).toBeGreaterThanOrEqual(12);
      for (const line of planned.rows) {
        await expect(
          probe.query(`select id from ${line.table} where id = $1 for update nowait`, [line.id]),
          `${line.table} ${line.id}`,
        ).rejects.toMatchObject({ code: '55P03' });
      }
      await blocker.query('rollback');
      await run;
      const after = await stored(database.db);
      expect(after.payments.filter((l) => l.status === 'beregnet')).toHaveLength(6);
    } finally {
      await blocker.end();
      await probe.end();
    }
  });
});
