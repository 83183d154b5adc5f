import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { createCase } from '../cases/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { runMonthlyPayments, runPayout } from '../payments/index.ts';
import { createPerson, findActingAt, findCurrentActing, receiveAddressChange } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn, type Occurrence, type ScheduledJob } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import { runDailyMoves } from '../platform/system.ts';
import { determineActingManually } from './determine-acting-manually.ts';

const caseworker = (municipality: string): Actor => ({
  kind: 'bruger',
  userId: `sb${municipality}`,
  municipality: municipality as MunicipalityCode,
  roles: ['sagsbehandler'],
});
const cprSystem: Actor = { kind: 'system', name: 'cpr' };

let db: Db;
const at = (instant: Temporal.Instant | string): Deps => ({
  db,
  clock: new SimulatedClock(typeof instant === 'string' ? Temporal.Instant.from(instant) : instant),
});
/** 5 May 2025, 09:00 Danish summer time: the next 04:00 run is on 6 May. */
const monday = '2025-05-05T07:00:00Z';

function occurrence(job: ScheduledJob, date: string): Occurrence {
  const found = occurrencesOn(Temporal.PlainDate.from(date)).find((o) => o.job === job);
  if (found === undefined) throw new Error(`no ${job} on ${date}`);
  return found;
}
const dailyRun = (date: string) =>
  runDailyMoves(at(occurrence('daglig-flytning', date).at), occurrence('daglig-flytning', date));

async function register(cpr: string, municipality: string, now: string): Promise<string> {
  const result = await createPerson(at(now), caseworker(municipality), 'api', {
    cpr,
    name: `Borger ${cpr}`,
    residence: [{ municipality, from: '2020-01-01' }],
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.id;
}

const tasksOf = (personId: string) =>
  db
    .selectFrom('tasks')
    .select(['type', 'municipality', 'status'])
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .orderBy('type')
    .execute();
const manualOf = (personId: string) =>
  db
    .selectFrom('manual_acting_periods')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  ({ db } = await useTestDatabase());
});

describe('a back-dated manual acting municipality (release 5.5)', () => {
  let person: string;

  beforeAll(async () => {
    // 147 acts and has paid April; on 5 May it hands the duty back to 101 from 1 April.
    person = await register('0202802001', '147', '2025-04-01T08:00:00Z');
    const created = await createCase(at('2025-04-01T08:00:00Z'), caseworker('147'), 'api', '0202802001', {
      benefit: 'kontanthjaelp',
      municipality: '147',
      status: 'bevilget',
      from: '2025-01-01',
      monthly: '2000.00',
    });
    if (!created.ok) throw new Error(created.error.message);
    await runMonthlyPayments(
      at(occurrence('maanedskoersel', '2025-04-24').at),
      occurrence('maanedskoersel', '2025-04-24'),
    );
    await runPayout(at(occurrence('udbetaling', '2025-04-30').at), occurrence('udbetaling', '2025-04-30'));
  });

  it('is refused for a municipality that does not act, and nothing is written', async () => {
    const result = await determineActingManually(at(monday), caseworker('101'), 'api', '020280-2001', {
      action: 'opret',
      municipality: '101',
      from: '2025-04-01',
      reason: 'ophold-institution',
    });
    expect(result.ok ? undefined : result.error.code).toBe('ikke-handlekommune');
    expect(
      await db.selectFrom('manual_acting_periods').selectAll().where('person_id', '=', person).execute(),
    ).toEqual([]);
  });

  it('registers the period, records 101 as financing municipality for the past part, and acts only from the next run', async () => {
    const result = await determineActingManually(at(monday), caseworker('147'), 'api', '020280-2001', {
      action: 'opret',
      municipality: '101',
      from: '2025-04-01',
      reason: 'ophold-institution',
    });
    expect(result.ok && result.value.effectiveFrom).toBe('2025-05-06');
    const financing = await db
      .selectFrom('financing_periods')
      .select(['municipality', 'valid_from', 'valid_to', 'reason'])
      .where('person_id', '=', person)
      .execute();
    expect(financing).toEqual([
      { municipality: '101', valid_from: '2025-04-01', valid_to: '2025-05-05', reason: 'ophold-institution' },
    ]);
    expect(await findCurrentActing(db, person)).toBe('147');
    expect(await tasksOf(person)).toEqual([
      { type: 'bestem-handlekommune-manuelt', municipality: '147', status: 'afsluttet' },
    ]);
    const review = await db
      .selectFrom('persons')
      .select('acting_review_on')
      .where('id', '=', person)
      .executeTakeFirstOrThrow();
    expect(review.acting_review_on).toBe('2025-05-06');
  });

  it('the 04:00 run of the next day passes the duty to 101, which gets opfoelgning-modtaget-handleansvar', async () => {
    const summary = await dailyRun('2025-05-06');
    expect(summary).toMatchObject({ transfers: 1, failed: [] });
    expect(await findActingAt(db, person, Temporal.Instant.from('2025-05-06T01:59:00Z'))).toBe('147');
    expect(await findActingAt(db, person, Temporal.Instant.from('2025-05-06T02:00:00Z'))).toBe('101');
    const last = await db
      .selectFrom('acting_periods')
      .select('reason')
      .where('person_id', '=', person)
      .where('to_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(last.reason).toBe('manuel');
    expect((await manualOf(person)).started_at?.toISOString()).toBe('2025-05-06T02:00:00.000Z');
    expect(await tasksOf(person)).toEqual([
      { type: 'bestem-handlekommune-manuelt', municipality: '147', status: 'afsluttet' },
      { type: 'opfoelgning-modtaget-handleansvar', municipality: '101', status: 'aaben' },
      { type: 'opfoelgning-oekonomiske-udestaaender', municipality: '147', status: 'aaben' },
    ]);
  });

  it('never rewrites payments already run: April stays paid by 147, only the planned May line stops', async () => {
    const lines = await db
      .selectFrom('payment_lines')
      .select(['period', 'status', 'municipality', 'gross', 'net'])
      .where('person_id', '=', person)
      .orderBy('period')
      .execute();
    expect(lines).toEqual([
      { period: '2025-04-01', status: 'udbetalt', municipality: '147', gross: '200000', net: '200000' },
      { period: '2025-05-01', status: 'stoppet', municipality: '147', gross: '200000', net: null },
    ]);
    const closed = await db
      .selectFrom('cases')
      .select(['status', 'grant_to'])
      .where('person_id', '=', person)
      .executeTakeFirstOrThrow();
    expect(closed).toEqual({ status: 'afsluttet', grant_to: '2025-05-05' });
  });
});

describe('a manual period registered before a move keeps the duty', () => {
  it('the move is effectuated but 101 keeps acting; 147 gets opfoelgning-tilflytning-uden-handleansvar', async () => {
    const person = await register('0202802004', '101', monday);
    const kept = await determineActingManually(at(monday), caseworker('101'), 'api', '0202802004', {
      action: 'opret',
      municipality: '101',
      from: '2025-05-06',
      reason: 'ophold-institution',
    });
    expect(kept.ok).toBe(true);
    const moved = await receiveAddressChange(at(monday), cprSystem, 'api', {
      sequence: 4,
      cpr: '0202802004',
      municipality: '147',
      date: '2025-05-12',
    });
    expect(moved.ok).toBe(true);
    await dailyRun('2025-05-06');
    await dailyRun('2025-05-12');
    expect(await findCurrentActing(db, person)).toBe('101');
    expect(await tasksOf(person)).toEqual([
      { type: 'bestem-handlekommune-manuelt', municipality: '101', status: 'afsluttet' },
      { type: 'opfoelgning-tilflytning-uden-handleansvar', municipality: '147', status: 'aaben' },
      { type: 'registrer-fraflytning', municipality: '101', status: 'afsluttet' },
    ]);
  });
});

describe('edges of stopping and moving abroad', () => {
  // A coming period that should never hold is undone with fortryd; stopping it before its first day is a
  // refusal with a hint, never a database error (decision 0003).
  it('stopping a coming period the day before it begins is refused, and the period still holds from its start', async () => {
    const person = await register('0202802002', '101', monday);
    const created = await determineActingManually(at(monday), caseworker('101'), 'api', '0202802002', {
      action: 'opret',
      municipality: '147',
      from: '2025-05-20',
      reason: 'midlertidigt-ophold',
    });
    expect(created.ok).toBe(true);
    const stopped = await determineActingManually(
      at('2025-05-05T08:00:00Z'),
      caseworker('101'),
      'api',
      '0202802002',
      {
        action: 'stands',
        to: '2025-05-19',
      },
    );
    expect(stopped.ok ? undefined : [stopped.error.code, stopped.error.field]).toEqual([
      'ugyldig-periode',
      'to',
    ]);
    expect(stopped.ok ? '' : stopped.error.message).toContain('fortryd');
    await dailyRun('2025-05-20');
    expect(await findCurrentActing(db, person)).toBe('147');
  });

  // domain §2.4: "A move abroad always ends the acting municipality's duty, manual period or not". A coming
  // period whose citizen moved abroad before its first day never holds: the run of that day ends it as it was
  // registered, without a last day before its first.
  it('a move abroad before a coming manual period begins ends the period on its first day without failing the run', async () => {
    const person = await register('0202802003', '101', monday);
    const kept = await determineActingManually(at(monday), caseworker('101'), 'api', '0202802003', {
      action: 'opret',
      municipality: '101',
      from: '2025-05-20',
      reason: 'midlertidigt-ophold',
    });
    expect(kept.ok).toBe(true);
    const abroad = await receiveAddressChange(at(monday), cprSystem, 'api', {
      sequence: 3,
      cpr: '0202802003',
      abroad: 'SE',
      date: '2025-05-10',
    });
    expect(abroad.ok).toBe(true);
    expect(await dailyRun('2025-05-10')).toMatchObject({ failed: [] });
    expect(await findCurrentActing(db, person)).toBeNull();
    const summary = await dailyRun('2025-05-20');
    expect(summary.failed).toEqual([]);
    const period = await manualOf(person);
    expect(period.ended_at?.toISOString()).toBe('2025-05-20T02:00:00.000Z');
    expect(period.started_at).toBeNull();
    expect(await findCurrentActing(db, person)).toBeNull();
  });
});
