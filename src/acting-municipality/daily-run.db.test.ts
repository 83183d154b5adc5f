import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { createCase, createDeduction } from '../cases/index.ts';
import { atLocalTime, SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson, findActingAt, findPersonByCpr, receiveAddressChange } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn, type Occurrence } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import { runDailyMoves } from '../platform/system.ts';

const caseworker = (municipality: string): Actor => ({
  kind: 'bruger',
  userId: `sb${municipality}`,
  municipality: municipality as MunicipalityCode,
  roles: ['sagsbehandler'],
});
const cprSystem: Actor = { kind: 'system', name: 'cpr' };
const d = (text: string) => Temporal.PlainDate.from(text);

let db: Db;
/** Dependencies with the clock standing at `at`. */
const at = (instant: Temporal.Instant | string): Deps => ({
  db,
  clock: new SimulatedClock(typeof instant === 'string' ? Temporal.Instant.from(instant) : instant),
});
/** 5 May 2025, 09:00 Danish summer time: the next 04:00 run is on 6 May, the next monthly run is May's. */
const monday = '2025-05-05T07:00:00Z';

function dailyRun(date: string): Occurrence {
  const found = occurrencesOn(d(date)).find((occurrence) => occurrence.job === 'daglig-flytning');
  if (found === undefined) throw new Error(`no daily run on ${date}`);
  return found;
}
const runOn = (date: string) => runDailyMoves(at(dailyRun(date).at), dailyRun(date));

const ids: Record<string, string> = {};
const cprs = {
  mover: '0101801001',
  stayer: '0101801002',
  failing: '0101801003',
  late: '0101801004',
} as const;

async function personId(cpr: string): Promise<string> {
  const person = await findPersonByCpr(db, cpr as never);
  if (person === undefined) throw new Error(`no person ${cpr}`);
  return person.id;
}

async function register(cpr: string, municipality: string, healthCard = false): Promise<void> {
  const result = await createPerson(at(monday), caseworker(municipality), 'api', {
    cpr,
    name: `Borger ${cpr}`,
    residence: [{ municipality, from: '2015-01-01' }],
    healthCard,
  });
  if (!result.ok) throw new Error(result.error.message);
  ids[cpr] = result.value.id;
}

async function grant(cpr: string, municipality: string, monthly: string): Promise<void> {
  const result = await createCase(at(monday), caseworker(municipality), 'api', cpr, {
    benefit: 'kontanthjaelp',
    municipality,
    status: 'bevilget',
    from: '2025-01-01',
    monthly,
  });
  if (!result.ok) throw new Error(result.error.message);
}

async function move(sequence: number, cpr: string, municipality: string, date: string): Promise<void> {
  const result = await receiveAddressChange(at(monday), cprSystem, 'api', {
    sequence,
    cpr,
    municipality,
    date,
  });
  if (!result.ok) throw new Error(result.error.message);
}

/** Everything the run could change, row by row. */
async function everything(): Promise<Record<string, unknown[]>> {
  const tables = [
    'persons',
    'residences',
    'acting_periods',
    'manual_acting_periods',
    'cases',
    'deductions',
    'payment_lines',
    'deduction_lines',
    'tasks',
    'events',
  ];
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    result[table] = (await sql`select * from ${sql.table(table)} order by id`.execute(db)).rows;
  }
  return result;
}

const personEvents = (id: string) =>
  db
    .selectFrom('events')
    .select(['type', 'municipality', 'data', 'occurred_at'])
    .where('person_id', '=', id)
    .orderBy('id')
    .execute();
const personTasks = (id: string) =>
  db
    .selectFrom('tasks')
    .select(['type', 'municipality', 'status', 'data'])
    .where('person_id', '=', id)
    .orderBy('created_at')
    .orderBy('type')
    .execute();
const reviewOn = async (id: string) =>
  (await db.selectFrom('persons').select('acting_review_on').where('id', '=', id).executeTakeFirstOrThrow())
    .acting_review_on;
const actingAt = async (id: string, instant: string) => findActingAt(db, id, Temporal.Instant.from(instant));

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  await register(cprs.mover, '101', true);
  await grant(cprs.mover, '101', '3100.00');
  const deduction = await createDeduction(at(monday), caseworker('101'), 'api', cprs.mover, {
    kind: 'tilbagebetaling',
    municipality: '101',
    monthly: '310.00',
    from: '2025-01-01',
  });
  if (!deduction.ok) throw new Error(deduction.error.message);
  await register(cprs.stayer, '101');
  await grant(cprs.stayer, '101', '2000.00');
  await register(cprs.failing, '147');
  await grant(cprs.failing, '147', '1000.00');
  await register(cprs.late, '101');
  await move(1, cprs.mover, '147', '2025-05-10');
  await move(2, cprs.failing, '101', '2025-05-10');
  await move(3, cprs.late, '151', '2025-05-01');
});

describe('the daily 04:00 move run against PostgreSQL', () => {
  it('a late move is effectuated by the next 04:00 run, from that instant, never back-dated', async () => {
    const late = await personId(cprs.late);
    expect(await reviewOn(late)).toBe('2025-05-06');
    const summary = await runOn('2025-05-06');
    expect(summary).toEqual({ date: '2025-05-06', reviewed: 1, transfers: 1, failed: [] });
    const periods = await db
      .selectFrom('acting_periods')
      .select(['municipality', 'from_at', 'to_at', 'reason'])
      .where('person_id', '=', late)
      .orderBy('id')
      .execute();
    expect(
      periods.map((p) => [p.municipality, p.from_at.toISOString(), p.to_at?.toISOString() ?? null, p.reason]),
    ).toEqual([
      ['101', '2025-05-05T07:00:00.000Z', '2025-05-06T02:00:00.000Z', 'bopael'],
      ['151', '2025-05-06T02:00:00.000Z', null, 'bopael'],
    ]);
    // Between the move date and the run, the old municipality still acts.
    expect(await actingAt(late, '2025-05-06T01:59:00Z')).toBe('101');
    expect(await reviewOn(late)).toBeNull();
  });

  it('a planned move waits for its date: the run of the day before changes nothing', async () => {
    const before = await everything();
    expect(await runOn('2025-05-09')).toEqual({ date: '2025-05-09', reviewed: 0, transfers: 0, failed: [] });
    expect(await everything()).toEqual(before);
  });

  it('a failure for one person neither blocks the others nor half-writes; the person keeps the review date', async () => {
    const failing = await personId(cprs.failing);
    // A stored amount outside the safe integer range cannot be read: the person's review throws.
    await db
      .updateTable('payment_lines')
      .set({ gross: '9007199254740993' })
      .where('person_id', '=', failing)
      .execute();
    const before = await everything();
    const summary = await runOn('2025-05-10');
    expect(summary).toMatchObject({ date: '2025-05-10', reviewed: 1, transfers: 1 });
    expect(summary.failed).toEqual([expect.stringContaining(failing)]);
    expect(await reviewOn(failing)).toBe('2025-05-10');
    expect(await actingAt(failing, '2025-05-10T12:00:00Z')).toBe('147');
    const after = await everything();
    const of = (rows: unknown[] | undefined) =>
      (rows ?? []).filter((row) => (row as { person_id?: string }).person_id === failing);
    for (const table of ['residences', 'acting_periods', 'cases', 'payment_lines', 'tasks', 'events']) {
      expect(of(after[table]), table).toEqual(of(before[table]));
    }
  });

  it('the planned move is effectuated at 04:00 on its date: the duty passes from 101 to 147 at that instant', async () => {
    const mover = await personId(cprs.mover);
    expect(await actingAt(mover, '2025-05-10T01:59:59Z')).toBe('101');
    expect(await actingAt(mover, atLocalTime(d('2025-05-10'), 4).toString())).toBe('147');
    const residence = await db
      .selectFrom('residences')
      .selectAll()
      .where('person_id', '=', mover)
      .where('valid_from', '=', '2025-05-10')
      .executeTakeFirstOrThrow();
    expect(residence.effectuated_at?.toISOString()).toBe('2025-05-10T02:00:00.000Z');
    expect(await reviewOn(mover)).toBeNull();
  });

  it("101's planned lines are stopped, its case closed and its deduction ended the day before", async () => {
    const mover = await personId(cprs.mover);
    const payments = await db
      .selectFrom('payment_lines')
      .select(['status', 'period', 'gross', 'stopped_at'])
      .where('person_id', '=', mover)
      .execute();
    expect(payments).toEqual([
      {
        status: 'stoppet',
        period: '2025-05-01',
        gross: '310000',
        stopped_at: new Date('2025-05-10T02:00:00Z'),
      },
    ]);
    const deductions = await db
      .selectFrom('deduction_lines')
      .select(['status', 'amount'])
      .where('person_id', '=', mover)
      .execute();
    expect(deductions).toEqual([{ status: 'stoppet', amount: '31000' }]);
    const cases = await db
      .selectFrom('cases')
      .select(['status', 'grant_to', 'closed_reason'])
      .where('person_id', '=', mover)
      .execute();
    expect(cases).toEqual([
      { status: 'afsluttet', grant_to: '2025-05-09', closed_reason: 'handleansvar overdraget' },
    ]);
    const ended = await db
      .selectFrom('deductions')
      .select(['valid_to', 'ended_reason'])
      .where('person_id', '=', mover)
      .execute();
    expect(ended).toEqual([{ valid_to: '2025-05-09', ended_reason: 'handleansvar overdraget' }]);
  });

  it('the move gives the events, the outstanding calculation (810.00) and the tasks of KP 5.4.0', async () => {
    const mover = await personId(cprs.mover);
    const events = (await personEvents(mover)).filter(
      (e) => e.occurred_at.toISOString() === '2025-05-10T02:00:00.000Z',
    );
    expect(events.map((e) => [e.type, e.municipality])).toEqual([
      ['flytning-effektueret', '147'],
      ['helbredskort-bestilt', '147'],
      ['handleansvar-overdraget', '147'],
      ['ydelser-og-traek-standset', '101'],
    ]);
    expect(events[3]?.data).toMatchObject({
      items: [
        { kind: 'udbetaling', period: '2025-05', planned: '3100.00', share: '900.00' },
        { kind: 'traek', period: '2025-05', planned: '310.00', share: '90.00' },
      ],
      total: '810.00',
    });
    const tasks = await personTasks(mover);
    expect(tasks.map((t) => [t.type, t.municipality, t.status])).toEqual([
      ['opfoelgning-oekonomiske-udestaaender', '101', 'aaben'],
      ['registrer-fraflytning', '101', 'afsluttet'],
    ]);
  });

  it('a citizen with nothing due is not touched', async () => {
    const stayer = await personId(cprs.stayer);
    expect(await actingAt(stayer, '2025-05-10T12:00:00Z')).toBe('101');
    const lines = await db
      .selectFrom('payment_lines')
      .select('status')
      .where('person_id', '=', stayer)
      .execute();
    expect(lines).toEqual([{ status: 'planlagt' }]);
    expect((await personEvents(stayer)).map((e) => e.type)).toEqual(['borger-oprettet', 'sag-oprettet']);
  });

  it('a rerun of the same day (the same occurrence) changes nothing', async () => {
    const before = await everything();
    const summary = await runOn('2025-05-10');
    expect(summary).toMatchObject({ reviewed: 0, transfers: 0 });
    expect(await everything()).toEqual(before);
  });

  it('the person who failed is tried again by the next run and then handled', async () => {
    const failing = await personId(cprs.failing);
    await db.updateTable('payment_lines').set({ gross: '100000' }).where('person_id', '=', failing).execute();
    const summary = await runOn('2025-05-11');
    expect(summary).toEqual({ date: '2025-05-11', reviewed: 1, transfers: 1, failed: [] });
    expect(await actingAt(failing, '2025-05-11T01:59:00Z')).toBe('147');
    expect(await actingAt(failing, '2025-05-11T02:00:00Z')).toBe('101');
    const lines = await db
      .selectFrom('payment_lines')
      .select('status')
      .where('person_id', '=', failing)
      .execute();
    expect(lines).toEqual([{ status: 'stoppet' }]);
    expect(await reviewOn(failing)).toBeNull();
  });
});
