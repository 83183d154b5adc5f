import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { amountForMonth, createCase, createDeduction } from '../cases/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn, type Occurrence, type ScheduledJob } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import { runMonthlyPayments, runPayout } from './monthly-run.ts';

const caseworker = (municipality: string): Actor => ({
  kind: 'bruger',
  userId: `sb${municipality}`,
  municipality: municipality as MunicipalityCode,
  roles: ['sagsbehandler'],
});

let db: Db;
const at = (instant: Temporal.Instant | string): Deps => ({
  db,
  clock: new SimulatedClock(typeof instant === 'string' ? Temporal.Instant.from(instant) : instant),
});
/** 5 May 2025, 09:00 Danish summer time: new lines are planned for May, whose run is 22 May 18:00. */
const monday = '2025-05-05T07:00:00Z';

/** The occurrence of a monthly job in the month. */
function occurrenceIn(job: ScheduledJob, month: string): Occurrence {
  const yearMonth = Temporal.PlainYearMonth.from(month);
  for (let day = 1; day <= yearMonth.daysInMonth; day += 1) {
    const found = occurrencesOn(yearMonth.toPlainDate({ day })).find((o) => o.job === job);
    if (found !== undefined) return found;
  }
  throw new Error(`no ${job} in ${month}`);
}

const cprs = { full: '0505805001', part: '0505805002', small: '0505805003' } as const;
const ids: Record<string, string> = {};

async function person(cpr: string, municipality: string): Promise<void> {
  const created = await createPerson(at(monday), caseworker(municipality), 'api', {
    cpr,
    name: `Borger ${cpr}`,
    residence: [{ municipality, from: '2015-01-01' }],
  });
  if (!created.ok) throw new Error(created.error.message);
  ids[cpr] = created.value.id;
}

async function grant(
  cpr: string,
  municipality: string,
  monthly: string | null,
  from: string,
  to: string | null = null,
  status = 'bevilget',
  benefit = 'kontanthjaelp',
) {
  const created = await createCase(at(monday), caseworker(municipality), 'api', cpr, {
    benefit,
    municipality,
    status,
    from,
    to,
    monthly,
  });
  if (!created.ok) throw new Error(created.error.message);
}

async function deduct(cpr: string, municipality: string, monthly: string, kind = 'tilbagebetaling') {
  const created = await createDeduction(at(monday), caseworker(municipality), 'api', cpr, {
    kind,
    municipality,
    monthly,
    from: '2025-01-01',
  });
  if (!created.ok) throw new Error(created.error.message);
}

async function everything(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of [
    'payment_lines',
    'deduction_lines',
    'outbound_files',
    'cases',
    'deductions',
    'events',
  ]) {
    result[table] = (await sql`select * from ${sql.table(table)} order by id`.execute(db)).rows;
  }
  return result;
}

const lines = (period: string) =>
  db
    .selectFrom('payment_lines')
    .innerJoin('persons', 'persons.id', 'payment_lines.person_id')
    .select([
      'persons.cpr',
      'payment_lines.municipality',
      'payment_lines.status',
      'payment_lines.gross',
      'payment_lines.net',
    ])
    .where('period', '=', period)
    .orderBy('persons.cpr')
    .execute();
const deductionLines = (period: string) =>
  db
    .selectFrom('deduction_lines')
    .innerJoin('persons', 'persons.id', 'deduction_lines.person_id')
    .select(['persons.cpr', 'deduction_lines.status', 'deduction_lines.requested', 'deduction_lines.amount'])
    .where('period', '=', period)
    .orderBy('persons.cpr')
    .execute();

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  await person(cprs.full, '101');
  await grant(cprs.full, '101', '3100.00', '2025-01-01');
  await deduct(cprs.full, '101', '500.00');
  // Not paid monthly (an administration pays nothing itself), or not granted yet: no lines.
  await grant(cprs.full, '101', null, '2025-01-01', null, 'bevilget', 'administration');
  await grant(cprs.full, '101', '999.00', '2025-01-01', null, 'under-oplysning');
  await person(cprs.part, '147');
  await grant(cprs.part, '147', '2000.00', '2025-05-16', '2025-06-10');
  await person(cprs.small, '101');
  await grant(cprs.small, '101', '100.00', '2025-01-01');
  await deduct(cprs.small, '101', '300.00', 'regulering');
});

describe('the monthly run and the payout against PostgreSQL', () => {
  const may = occurrenceIn('maanedskoersel', '2025-05');
  const payday = occurrenceIn('udbetaling', '2025-05');

  it('the May run is 22 May 18:00 and the payout 28 May 06:00 (Danish summer time)', () => {
    expect(may.at.toString()).toBe('2025-05-22T16:00:00Z');
    expect(payday.at.toString()).toBe('2025-05-28T04:00:00Z');
  });

  it('before the run, each granted case with a monthly amount and each deduction has one planned line for May', async () => {
    expect(await lines('2025-05-01')).toEqual([
      { cpr: cprs.full, municipality: '101', status: 'planlagt', gross: '310000', net: null },
      { cpr: cprs.part, municipality: '147', status: 'planlagt', gross: '103226', net: null },
      { cpr: cprs.small, municipality: '101', status: 'planlagt', gross: '10000', net: null },
    ]);
    expect((await deductionLines('2025-05-01')).map((l) => l.status)).toEqual(['planlagt', 'planlagt']);
  });

  it('the run computes the month per municipality, sets deductions against the payments, and plans June', async () => {
    const summary = await runMonthlyPayments(at(may.at), may);
    expect(summary).toEqual({
      month: '2025-05',
      municipalities: {
        '101': { computed: 2, sent: 2, requests: 2, planned: { payments: 2, deductions: 2 } },
        '147': { computed: 1, sent: 0, requests: 0, planned: { payments: 1, deductions: 0 } },
      },
    });
    expect(await lines('2025-05-01')).toEqual([
      { cpr: cprs.full, municipality: '101', status: 'beregnet', gross: '310000', net: '260000' },
      { cpr: cprs.part, municipality: '147', status: 'beregnet', gross: '103226', net: '103226' },
      // A deduction larger than the payment leaves 0, never a negative payout.
      { cpr: cprs.small, municipality: '101', status: 'beregnet', gross: '10000', net: '0' },
    ]);
    expect(await deductionLines('2025-05-01')).toEqual([
      { cpr: cprs.full, status: 'sendt', requested: '50000', amount: '50000' },
      // The measurement: 300 kr. requested against a 100 kr. payment withholds 100 kr., and UDK is
      // told both (domain §4, money is conserved).
      { cpr: cprs.small, status: 'sendt', requested: '30000', amount: '10000' },
    ]);
  });

  it('June is planned once per case and deduction, with the same amounts as the domain rule', async () => {
    const june = Temporal.PlainYearMonth.from('2025-06');
    const partial = amountForMonth(
      200000,
      { from: Temporal.PlainDate.from('2025-05-16'), to: Temporal.PlainDate.from('2025-06-10') },
      june,
    );
    expect(partial).toBe(66667);
    expect(await lines('2025-06-01')).toEqual([
      { cpr: cprs.full, municipality: '101', status: 'planlagt', gross: '310000', net: null },
      { cpr: cprs.part, municipality: '147', status: 'planlagt', gross: String(partial), net: null },
      { cpr: cprs.small, municipality: '101', status: 'planlagt', gross: '10000', net: null },
    ]);
    expect(await deductionLines('2025-06-01')).toEqual([
      { cpr: cprs.full, status: 'planlagt', requested: '50000', amount: '50000' },
      { cpr: cprs.small, status: 'planlagt', requested: '30000', amount: '30000' },
    ]);
  });

  it('running the May run again computes nothing twice and plans nothing twice', async () => {
    const before = await everything();
    const again = await runMonthlyPayments(at(may.at.add({ hours: 1 })), may);
    expect(again).toEqual({ month: '2025-05', municipalities: {} });
    expect(await everything()).toEqual(before);
  });

  it('the payout pays each computed line once and writes one NemKonto file per municipality', async () => {
    const summary = await runPayout(at(payday.at), payday);
    expect(summary).toMatchObject({
      month: '2025-05',
      municipalities: {
        '101': { paid: 2, total: 260000, deductions: 2 },
        '147': { paid: 1, total: 103226, deductions: 0, records: 1 },
      },
    });
    expect((await lines('2025-05-01')).map((l) => l.status)).toEqual(['udbetalt', 'udbetalt', 'udbetalt']);
    expect((await deductionLines('2025-05-01')).map((l) => l.status)).toEqual(['gennemfoert', 'gennemfoert']);
    expect((await lines('2025-06-01')).map((l) => l.status)).toEqual(['planlagt', 'planlagt', 'planlagt']);
    const files = await db
      .selectFrom('outbound_files')
      .select(['key', 'content'])
      .where('kind', '=', 'nemkonto-udbetalinger')
      .orderBy('key')
      .execute();
    expect(files.map((f) => f.key)).toEqual(['nemkonto:2025-05:101', 'nemkonto:2025-05:147']);
    expect(files[0]?.content.toString('utf8')).toContain(`${cprs.full};101;2025-05;2600.00;2025-05-28`);
  });

  it('running the payout again pays nothing twice', async () => {
    const before = await everything();
    const again = await runPayout(at(payday.at.add({ hours: 1 })), payday);
    expect(again).toEqual({ month: '2025-05', municipalities: {} });
    expect(await everything()).toEqual(before);
  });

  it('the June run plans July only for grants that cover it', async () => {
    const june = occurrenceIn('maanedskoersel', '2025-06');
    await runMonthlyPayments(at(june.at), june);
    await runMonthlyPayments(at(june.at.add({ minutes: 5 })), june);
    expect((await lines('2025-06-01')).map((l) => [l.cpr, l.status])).toEqual([
      [cprs.full, 'beregnet'],
      [cprs.part, 'beregnet'],
      [cprs.small, 'beregnet'],
    ]);
    expect((await lines('2025-07-01')).map((l) => l.cpr)).toEqual([cprs.full, cprs.small]);
  });
});
