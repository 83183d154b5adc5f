import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode, type Result } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import type { Deps } from '../platform/use-case.ts';
import {
  addRegistration,
  correctRegistration,
  createCase,
  endRegistration,
  listRegistrations,
  rejectCase,
  type RegistrationInput,
} from './index.ts';

const caseworker = (municipality: string): Actor => ({
  kind: 'bruger',
  userId: `sb${municipality}`,
  municipality: municipality as MunicipalityCode,
  roles: ['sagsbehandler'],
});
const sb101 = caseworker('101');
const cpr = '0606806001';
const t0 = Temporal.Instant.from('2025-05-05T07:00:00Z');
let db: Db;
const at = (instant: Temporal.Instant): Deps => ({ db, clock: new SimulatedClock(instant) });

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

async function everything(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of ['registrations', 'events', 'cases']) {
    result[table] = (await sql`select * from ${sql.table(table)} order by id`.execute(db)).rows;
  }
  return result;
}

let tillaeg: string;
let kontanthjaelp: string;
let rejected: string;

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  value(
    await createPerson(at(t0), sb101, 'api', {
      cpr,
      name: 'Rita Registrering',
      residence: [{ municipality: '101', from: '2015-01-01' }],
    }),
  );
  const make = async (benefit: string, status = 'bevilget') =>
    value(
      await createCase(at(t0), sb101, 'api', cpr, {
        benefit,
        municipality: '101',
        status,
        from: '2025-01-01',
      }),
    ).id;
  tillaeg = await make('personligt-tillaeg');
  kontanthjaelp = await make('kontanthjaelp');
  rejected = await make('enkeltydelse', 'under-oplysning');
  value(await rejectCase(at(t0), sb101, 'api', rejected, { reason: 'Nej' }));
});

const rent: RegistrationInput = { kind: 'boligudgift', from: '2025-01-01', monthly: '6500.00' };

describe('adding, correcting and ending registrations', () => {
  it('adds, corrects and ends; now shows the standing rows, kendtPr the rows as known then', async () => {
    const added = value(await addRegistration(at(t0), sb101, 'api', cpr, rent));
    expect(added).toMatchObject({
      kind: 'boligudgift',
      case: null,
      from: '2025-01-01',
      to: null,
      value: { monthly: '6500.00' },
      recordedAt: t0.toString(),
      recordedBy: 'bruger:sb101@101',
      supersededAt: null,
    });
    const stored = await db
      .selectFrom('registrations')
      .select('value')
      .where('id', '=', added.id)
      .executeTakeFirstOrThrow();
    expect(stored.value).toEqual({ kind: 'boligudgift', monthly: 650000 });

    const t1 = t0.add({ hours: 1 });
    const corrected = value(
      await correctRegistration(at(t1), sb101, 'api', added.id, {
        ...rent,
        monthly: '6800.00',
        reason: 'Ny lejekontrakt',
      }),
    );
    expect(corrected).toMatchObject({
      value: { monthly: '6800.00' },
      reason: 'Ny lejekontrakt',
      recordedAt: t1.toString(),
    });

    const t2 = t0.add({ hours: 2 });
    const ended = value(
      await endRegistration(at(t2), sb101, 'api', corrected.id, { to: '2025-06-30', reason: 'Fraflyttet' }),
    );
    expect(ended).toMatchObject({ to: '2025-06-30', value: { monthly: '6800.00' }, reason: 'Fraflyttet' });

    const now = value(await listRegistrations(at(t2.add({ minutes: 1 })), sb101, 'api', cpr));
    expect(now.registrations.map((r) => r.id)).toEqual([ended.id]);
    const asThen = async (instant: string) =>
      value(await listRegistrations(at(t2), sb101, 'api', cpr, instant)).registrations.map((r) => r.id);
    expect(await asThen('2025-05-05T06:59:59Z')).toEqual([]);
    expect(await asThen(t0.toString())).toEqual([added.id]);
    expect(await asThen('2025-05-05T09:30')).toEqual([added.id]); // Danish local time: 07:30 UTC
    expect(await asThen(t1.toString())).toEqual([corrected.id]);
    expect(await asThen(t2.toString())).toEqual([ended.id]);

    const superseded = await db
      .selectFrom('registrations')
      .select(['id', 'superseded_by'])
      .where('superseded_at', 'is not', null)
      .where('kind', '=', 'boligudgift')
      .orderBy('recorded_at')
      .execute();
    expect(superseded).toEqual([
      { id: added.id, superseded_by: 'bruger:sb101@101' },
      { id: corrected.id, superseded_by: 'bruger:sb101@101' },
    ]);
    const events = await sql<{ type: string; data: Record<string, unknown> }>`select type, data from events
      where type like 'registrering-%' order by id`.execute(db);
    expect(events.rows).toEqual([
      {
        type: 'registrering-tilfoejet',
        data: { registration: added.id, kind: 'boligudgift', from: '2025-01-01', to: null },
      },
      {
        type: 'registrering-rettet',
        data: {
          registration: corrected.id,
          replaces: added.id,
          kind: 'boligudgift',
          from: '2025-01-01',
          to: null,
          reason: 'Ny lejekontrakt',
        },
      },
      {
        type: 'registrering-rettet',
        data: {
          registration: ended.id,
          replaces: corrected.id,
          kind: 'boligudgift',
          from: '2025-01-01',
          to: '2025-06-30',
          reason: 'Fraflyttet',
          ended: true,
        },
      },
    ]);
  });

  it('a decided amount belongs to a case of a needs-based family', async () => {
    const added = value(
      await addRegistration(at(t0), sb101, 'api', cpr, {
        kind: 'bevilget-beloeb',
        from: '2025-01-01',
        case: tillaeg,
        monthly: '750.00',
        reason: 'Udgift til briller',
      }),
    );
    expect(added).toMatchObject({
      case: tillaeg,
      value: { monthly: '750.00', reason: 'Udgift til briller' },
    });
  });

  it('a tax card keeps its rate in basis points', async () => {
    const added = value(
      await addRegistration(at(t0), sb101, 'api', cpr, {
        kind: 'skattekort',
        from: '2025-01-01',
        taxRate: '38,5',
        monthlyAllowance: '4200.00',
      }),
    );
    const stored = await db
      .selectFrom('registrations')
      .select('value')
      .where('id', '=', added.id)
      .executeTakeFirstOrThrow();
    expect(stored.value).toEqual({ kind: 'skattekort', rateBasisPoints: 3850, monthlyAllowance: 420000 });
    expect(added.value).toEqual({ taxRate: '38.50', monthlyAllowance: '4200.00' });
  });
});

describe('refusals change nothing', () => {
  let standing: string;
  let superseded: string;
  beforeAll(async () => {
    const first = value(
      await addRegistration(at(t0), sb101, 'api', cpr, { kind: 'hjemmeboende', from: '2025-01-01' }),
    );
    superseded = first.id;
    standing = value(
      await correctRegistration(at(t0.add({ seconds: 1 })), sb101, 'api', first.id, {
        kind: 'hjemmeboende',
        from: '2025-02-01',
        reason: 'Forkert dato',
      }),
    ).id;
  });

  /** The input is built when the test runs, after the cases exist. */
  const add =
    (input: RegistrationInput | (() => RegistrationInput), actor = sb101) =>
    () =>
      addRegistration(at(t0), actor, 'api', cpr, typeof input === 'function' ? input() : input);
  it.each<[string, () => Promise<Result<unknown>>, string, string | undefined]>([
    ['valid-to before valid-from', add({ ...rent, to: '2024-12-31' }), 'ugyldig-periode', 'to'],
    [
      'a tax rate above 100 %',
      add({ kind: 'skattekort', from: '2025-01-01', taxRate: '100,5', monthlyAllowance: '0.00' }),
      'ugyldig-skatteprocent',
      'taxRate',
    ],
    ['an amount above the bound', add({ ...rent, monthly: '10000000.01' }), 'ugyldigt-beloeb', 'monthly'],
    [
      '745 hours',
      add({ kind: 'arbejdsindtaegt', from: '2025-03-01', to: '2025-03-31', amount: '1.00', hours: '745' }),
      'ugyldigt-input',
      'hours',
    ],
    [
      'income over part of a month',
      add({ kind: 'arbejdsindtaegt', from: '2025-03-01', to: '2025-03-30', amount: '1.00', hours: '1' }),
      'ugyldig-periode',
      'to',
    ],
    [
      'a child born after valid-from',
      add({ kind: 'barn', from: '2025-01-01', birthDate: '2025-02-01' }),
      'ugyldig-dato',
      'birthDate',
    ],
    [
      'a decided amount on kontanthjælp',
      add(() => ({
        kind: 'bevilget-beloeb',
        from: '2025-01-01',
        case: kontanthjaelp,
        monthly: '1.00',
        reason: 'x',
      })),
      'ugyldigt-input',
      'case',
    ],
    [
      'a decided amount on a rejected case',
      add(() => ({
        kind: 'bevilget-beloeb',
        from: '2025-01-01',
        case: rejected,
        monthly: '1.00',
        reason: 'x',
      })),
      'sagen-er-lukket',
      'case',
    ],
    [
      'a decided amount on a case that is not the person’s',
      add({
        kind: 'bevilget-beloeb',
        from: '2025-01-01',
        case: '00000000-0000-4000-8000-000000000000',
        monthly: '1.00',
        reason: 'x',
      }),
      'ikke-fundet',
      'case',
    ],
    [
      'a decided amount without a reason',
      add(() => ({ kind: 'bevilget-beloeb', from: '2025-01-01', case: tillaeg, monthly: '1.00' })),
      'ugyldigt-input',
      'reason',
    ],
    [
      'correcting a row already corrected',
      () =>
        correctRegistration(at(t0), sb101, 'api', superseded, {
          kind: 'hjemmeboende',
          from: '2025-01-01',
          reason: 'x',
        }),
      'konflikt',
      'id',
    ],
    [
      'correcting into another kind',
      () => correctRegistration(at(t0), sb101, 'api', standing, { ...rent, reason: 'x' }),
      'ugyldigt-input',
      'kind',
    ],
    [
      'correcting without a reason',
      () => correctRegistration(at(t0), sb101, 'api', standing, { kind: 'hjemmeboende', from: '2025-01-01' }),
      'ugyldigt-input',
      'reason',
    ],
    [
      'correcting to an end before the start',
      () =>
        correctRegistration(at(t0), sb101, 'api', standing, {
          kind: 'hjemmeboende',
          from: '2025-01-01',
          to: '2024-01-01',
          reason: 'x',
        }),
      'ugyldig-periode',
      'to',
    ],
    [
      'ending before the start',
      () => endRegistration(at(t0), sb101, 'api', standing, { to: '2025-01-31', reason: 'x' }),
      'ugyldig-periode',
      'to',
    ],
    [
      'ending an unknown registration',
      () => endRegistration(at(t0), sb101, 'api', 'nope', { to: '2025-03-31', reason: 'x' }),
      'ikke-fundet',
      'id',
    ],
    [
      'reading at an instant that does not exist',
      () => listRegistrations(at(t0), sb101, 'api', cpr, '2025-02-30T10:00'),
      'ugyldigt-tidspunkt',
      'kendtPr',
    ],
    [
      'reading at a local time in the spring-forward gap',
      () => listRegistrations(at(t0), sb101, 'api', cpr, '2025-03-30T02:30'),
      'ugyldigt-tidspunkt',
      'kendtPr',
    ],
  ])('%s: %s', async (_name, attempt, code, field) => {
    const before = await everything();
    const result = await attempt();
    expect(result.ok ? undefined : { code: result.error.code, field: result.error.field }).toEqual({
      code,
      field,
    });
    expect(await everything()).toEqual(before);
  });

  it('answers a municipality with no relation to the citizen exactly as for an unknown citizen, changing nothing', async () => {
    const before = await everything();
    const unrelated = await addRegistration(at(t0), caseworker('147'), 'api', cpr, rent);
    expect(unrelated.ok).toBe(false);
    if (unrelated.ok) return;
    expect(['ikke-handlekommune', 'ikke-fundet']).toContain(unrelated.error.code);
    expect(unrelated.error.message).not.toContain('(101)');
    // A CPR number of no one gets the very same answer, whoever asks.
    expect(await addRegistration(at(t0), caseworker('147'), 'api', '0101700001', rent)).toEqual(unrelated);
    expect(await addRegistration(at(t0), sb101, 'api', '0101700001', rent)).toEqual(unrelated);
    expect(await everything()).toEqual(before);
  });
});
