import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { runDailyMoves } from '../platform/system.ts';
import { SimulatedClock, type MunicipalityCode, type Result } from '../kernel/index.ts';
import { createPerson, receiveAddressChange } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import { createCase, createDeduction, type NewCaseInput, type NewDeductionInput } from './index.ts';

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
/** 5 May 2025, 09:00 Danish summer time: new lines are planned for May. */
const monday = '2025-05-05T07:00:00Z';
const cpr = '0606806001';

const kontanthjaelp = (municipality: string): NewCaseInput => ({
  benefit: 'kontanthjaelp',
  municipality,
  status: 'bevilget',
  from: '2025-01-01',
  monthly: '3100.00',
});
const repayment = (municipality: string): NewDeductionInput => ({
  kind: 'tilbagebetaling',
  municipality,
  monthly: '100.00',
  from: '2025-01-01',
});

async function everything(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of ['cases', 'deductions', 'payment_lines', 'deduction_lines', 'events']) {
    result[table] = (await sql`select * from ${sql.table(table)} order by id`.execute(db)).rows;
  }
  return result;
}

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const created = await createPerson(at(monday), caseworker('101'), 'api', {
    cpr,
    name: 'Sofie Sagsen',
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  if (!created.ok) throw new Error(created.error.message);
});

describe('creating cases and deductions against PostgreSQL', () => {
  it('the acting municipality creates a granted case with its planned line for the month whose run comes next', async () => {
    const result = await createCase(at(monday), caseworker('101'), 'api', cpr, kontanthjaelp('101'));
    expect(result.ok).toBe(true);
    const lines = await db
      .selectFrom('payment_lines')
      .select(['period', 'status', 'gross', 'municipality'])
      .execute();
    expect(lines).toEqual([
      { period: '2025-05-01', status: 'planlagt', gross: '310000', municipality: '101' },
    ]);
  });

  it('a case created after the month’s run has started is planned for the next month', async () => {
    const result = await createCase(at('2025-05-22T16:00:00Z'), caseworker('101'), 'api', cpr, {
      ...kontanthjaelp('101'),
      benefit: 'saerlig-stoette',
      monthly: '500.00',
    });
    if (!result.ok) throw new Error(result.error.message);
    const lines = await db
      .selectFrom('payment_lines')
      .select(['period', 'gross'])
      .where('case_id', '=', result.value.id)
      .execute();
    expect(lines).toEqual([{ period: '2025-06-01', gross: '50000' }]);
  });

  it.each<[string, (who: string) => Promise<Result<{ id: string }>>]>([
    [
      'a case for itself by a municipality that does not act',
      (who) => createCase(at(monday), caseworker('147'), 'api', who, kontanthjaelp('147')),
    ],
    [
      'a case in the acting municipality’s name by another municipality',
      (who) => createCase(at(monday), caseworker('147'), 'api', who, kontanthjaelp('101')),
    ],
    [
      'a deduction by a municipality that does not act',
      (who) => createDeduction(at(monday), caseworker('147'), 'api', who, repayment('147')),
    ],
  ])(
    'refuses %s, with no relation to the citizen, as for an unknown citizen, and writes nothing',
    async (_name, attempt) => {
      const before = await everything();
      const result = await attempt(cpr);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(['ikke-handlekommune', 'ikke-fundet']).toContain(result.error.code);
      // The same refusal as for a CPR number of no one: it never tells that the citizen exists.
      const unknown = await attempt('0101800000');
      expect(unknown.ok ? undefined : unknown.error).toEqual(result.error);
      expect(result.error.message).not.toContain('(101)');
      expect(await everything()).toEqual(before);
    },
  );

  it('refuses a case in another municipality’s name by the acting municipality with ikke-handlekommune, naming the field', async () => {
    const before = await everything();
    const result = await createCase(at(monday), caseworker('101'), 'api', cpr, kontanthjaelp('147'));
    expect(result.ok ? undefined : result.error).toMatchObject({
      code: 'ikke-handlekommune',
      field: 'municipality',
    });
    expect(await everything()).toEqual(before);
  });

  it('refuses a granted case whose grant overlaps a standing grant of its family, and writes nothing', async () => {
    const before = await everything();
    const grantsBefore = (await sql`select * from grants order by id`.execute(db)).rows;
    // The first test granted kontanthjælp from 2025-01-01 (open); uddannelseshjælp is the same family.
    const result = await createCase(at(monday), caseworker('101'), 'api', cpr, {
      ...kontanthjaelp('101'),
      benefit: 'uddannelseshjaelp',
      from: '2025-03-01',
    });
    expect(result.ok ? undefined : result.error).toMatchObject({
      code: 'overlappende-bevilling',
      field: 'from',
    });
    expect(await everything()).toEqual(before);
    expect((await sql`select * from grants order by id`.execute(db)).rows).toEqual(grantsBefore);
  });

  it('after the duty has passed, the old municipality can no longer create benefits or deductions; the new one can', async () => {
    const moved = await receiveAddressChange(at(monday), { kind: 'system', name: 'cpr' }, 'api', {
      sequence: 1,
      cpr,
      municipality: '147',
      date: '2025-05-10',
    });
    expect(moved.ok).toBe(true);
    const run = occurrencesOn(Temporal.PlainDate.from('2025-05-10')).find(
      (o) => o.job === 'daglig-flytning',
    )!;
    expect(await runDailyMoves(at(run.at), run)).toMatchObject({ transfers: 1, failed: [] });
    // The closed case's open grant ends on the last day of the duty, its old row kept as superseded.
    const grants = await db
      .selectFrom('grants')
      .innerJoin('cases', 'cases.id', 'grants.case_id')
      .select([
        'grants.valid_from',
        'grants.valid_to',
        'grants.superseded_by',
        'grants.decided_by',
        'grants.reason',
      ])
      .where('cases.benefit', '=', 'kontanthjaelp')
      .orderBy('grants.recorded_at')
      .execute();
    expect(grants).toEqual([
      {
        valid_from: '2025-01-01',
        valid_to: null,
        superseded_by: 'system:daglig-flytning',
        decided_by: 'bruger:sb101@101',
        reason: 'Bevilget ved oprettelsen af sagen',
      },
      {
        valid_from: '2025-01-01',
        valid_to: '2025-05-09',
        superseded_by: null,
        decided_by: 'system:daglig-flytning',
        reason: 'handleansvar overdraget',
      },
    ]);
    const later = '2025-05-12T08:00:00Z';
    const before = await everything();
    const refusedCase = await createCase(at(later), caseworker('101'), 'api', cpr, kontanthjaelp('101'));
    const refusedDeduction = await createDeduction(
      at(later),
      caseworker('101'),
      'api',
      cpr,
      repayment('101'),
    );
    expect(refusedCase.ok ? undefined : refusedCase.error.code).toBe('ikke-handlekommune');
    expect(refusedDeduction.ok ? undefined : refusedDeduction.error.code).toBe('ikke-handlekommune');
    expect(await everything()).toEqual(before);
    const accepted = await createCase(at(later), caseworker('147'), 'api', cpr, {
      ...kontanthjaelp('147'),
      from: '2025-05-10',
    });
    expect(accepted.ok).toBe(true);
  });

  it('an invalid case is refused for its field before anything else', async () => {
    const result = await createCase(at(monday), caseworker('147'), 'api', cpr, {
      ...kontanthjaelp('147'),
      monthly: '-5.00',
    });
    expect(result.ok ? undefined : result.error).toMatchObject({ code: 'ugyldigt-beloeb', field: 'monthly' });
  });
});
