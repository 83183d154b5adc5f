import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode, type Result } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import { type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import * as m0008 from '../platform/db/migrations/0008-grants-registrations.ts';
import type { Deps } from '../platform/use-case.ts';
import {
  changeGrant,
  createCase,
  endGrant,
  grantCase,
  listCasesWithGrants,
  rejectCase,
  type NewCaseInput,
} from './index.ts';

const caseworker = (municipality: string): Actor => ({
  kind: 'bruger',
  userId: `sb${municipality}`,
  municipality: municipality as MunicipalityCode,
  roles: ['sagsbehandler'],
});
const sb101 = caseworker('101');

let db: Db;
let deps: Deps;
/** 5 May 2025, 09:00 Danish summer time. */
const monday = Temporal.Instant.from('2025-05-05T07:00:00Z');

const tables = ['cases', 'grants', 'events', 'payment_lines'] as const;
async function everything(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    result[table] = (await sql`select * from ${sql.table(table)} order by id`.execute(db)).rows;
  }
  return result;
}

let serial = 0;
/** A new citizen of 101 (a valid CPR number per call). */
async function citizen(): Promise<string> {
  serial += 1;
  const cpr = `0101${String(70 + serial).padStart(2, '0')}4001`;
  const created = await createPerson(deps, sb101, 'api', {
    cpr,
    name: `Borger ${String(serial)}`,
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  if (!created.ok) throw new Error(created.error.message);
  return cpr;
}

async function newCase(cpr: string, input: Partial<NewCaseInput> = {}): Promise<string> {
  const created = await createCase(deps, sb101, 'api', cpr, {
    benefit: 'kontanthjaelp',
    municipality: '101',
    status: 'under-oplysning',
    from: '2025-05-01',
    ...input,
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

async function caseRow(id: string) {
  return db
    .selectFrom('cases')
    .select(['status', 'grant_from', 'grant_to', 'version', 'closed_reason'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function eventsOf(caseId: string) {
  const rows = await sql<{
    type: string;
    actor: string;
    data: Record<string, unknown>;
  }>`select type, actor, data from events where data->>'case' = ${caseId} order by id`.execute(db);
  return rows.rows;
}

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  deps = { db, clock: new SimulatedClock(monday) };
});

describe('granting, changing and ending a grant', () => {
  it('grants a case under investigation: bevilget, the grant with its decision, the columns the run reads', async () => {
    const cpr = await citizen();
    const id = await newCase(cpr);
    expect(await db.selectFrom('grants').where('case_id', '=', id).select('id').execute()).toEqual([]);
    const done = value(
      await grantCase(deps, sb101, 'api', id, {
        version: 1,
        from: '2025-05-10',
        to: '2025-12-31',
        decidedOn: '2025-05-02',
        reason: 'Betingelserne er opfyldt',
      }),
    );
    expect(done.case).toMatchObject({ status: 'bevilget', version: 2, family: 'htf' });
    expect(done.case.grants).toEqual([
      {
        id: done.grant,
        from: '2025-05-10',
        to: '2025-12-31',
        decidedOn: '2025-05-02',
        decidedBy: 'bruger:sb101@101',
        reason: 'Betingelserne er opfyldt',
        replaces: null,
        recordedAt: monday.toString(),
        supersededAt: null,
        supersededBy: null,
      },
    ]);
    expect(await caseRow(id)).toMatchObject({
      status: 'bevilget',
      grant_from: '2025-05-10',
      grant_to: '2025-12-31',
      version: 2,
    });
    expect(await eventsOf(id)).toEqual([
      { type: 'sag-oprettet', actor: 'bruger:sb101@101', data: expect.any(Object) as unknown },
      {
        type: 'sag-bevilget',
        actor: 'bruger:sb101@101',
        data: {
          case: id,
          grant: done.grant,
          from: '2025-05-10',
          to: '2025-12-31',
          reason: 'Betingelserne er opfyldt',
        },
      },
    ]);
  });

  it('changes a grant: the old row is superseded with who and when, the new one replaces it with the reason', async () => {
    const cpr = await citizen();
    const id = await newCase(cpr);
    const first = value(await grantCase(deps, sb101, 'api', id, { from: '2025-05-01', reason: 'Bevilget' }));
    const later = { db, clock: new SimulatedClock(monday.add({ hours: 2 })) };
    const changed = value(
      await changeGrant(later, caseworker('101'), 'cli', id, first.grant, {
        version: 2,
        from: '2025-06-01',
        to: '2026-05-31',
        reason: 'Startdatoen var forkert',
      }),
    );
    expect(changed.case.version).toBe(3);
    expect(changed.case.grants).toMatchObject([
      {
        id: first.grant,
        from: '2025-05-01',
        to: null,
        supersededAt: monday.add({ hours: 2 }).toString(),
        supersededBy: 'bruger:sb101@101',
      },
      {
        id: changed.grant,
        from: '2025-06-01',
        to: '2026-05-31',
        replaces: first.grant,
        reason: 'Startdatoen var forkert',
        supersededAt: null,
      },
    ]);
    expect(await caseRow(id)).toMatchObject({
      grant_from: '2025-06-01',
      grant_to: '2026-05-31',
      status: 'bevilget',
    });
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([
      'sag-oprettet',
      'sag-bevilget',
      'bevilling-aendret',
    ]);
  });

  it('ends a grant in the future: the case stays granted, so the run pays up to the end', async () => {
    const cpr = await citizen();
    const id = await newCase(cpr);
    value(await grantCase(deps, sb101, 'api', id, { from: '2025-01-01', reason: 'Bevilget' }));
    const ended = value(
      await endGrant(deps, sb101, 'api', id, undefined, {
        to: '2025-06-30',
        reason: 'Borgeren er i arbejde',
      }),
    );
    expect(ended.case.status).toBe('bevilget');
    expect(await caseRow(id)).toMatchObject({
      status: 'bevilget',
      grant_from: '2025-01-01',
      grant_to: '2025-06-30',
      closed_reason: null,
    });
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([
      'sag-oprettet',
      'sag-bevilget',
      'bevilling-afsluttet',
    ]);
  });

  it('ends the last open grant in the past: the case is afsluttet with the reason', async () => {
    const cpr = await citizen();
    const id = await newCase(cpr);
    const granted = value(
      await grantCase(deps, sb101, 'api', id, { from: '2025-01-01', reason: 'Bevilget' }),
    );
    const ended = value(
      await endGrant(deps, sb101, 'api', id, granted.grant, {
        version: 2,
        to: '2025-04-30',
        reason: 'Flyttet til udlandet',
      }),
    );
    expect(ended.case).toMatchObject({
      status: 'afsluttet',
      closedReason: 'Flyttet til udlandet',
      version: 3,
    });
    expect(await caseRow(id)).toMatchObject({ status: 'afsluttet', grant_to: '2025-04-30' });
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([
      'sag-oprettet',
      'sag-bevilget',
      'bevilling-afsluttet',
      'sag-afsluttet',
    ]);
  });

  it('rejects a case under investigation', async () => {
    const cpr = await citizen();
    const id = await newCase(cpr);
    const rejected = value(await rejectCase(deps, sb101, 'api', id, { version: 1, reason: 'Har formue' }));
    expect(rejected).toMatchObject({ status: 'afvist', closedReason: 'Har formue', version: 2, grants: [] });
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['sag-oprettet', 'sag-afvist']);
  });

  it('a case created as granted carries its grant', async () => {
    const cpr = await citizen();
    const id = await newCase(cpr, { status: 'bevilget', from: '2025-05-01', monthly: '3100.00' });
    const listed = value(await listCasesWithGrants(deps, sb101, 'api', cpr));
    expect(listed.cases).toMatchObject([
      {
        id,
        status: 'bevilget',
        grants: [{ from: '2025-05-01', to: null, reason: 'Bevilget ved oprettelsen af sagen' }],
      },
    ]);
  });
});

describe('refusals change nothing', () => {
  let cpr: string;
  let open: string;
  let openGrant: string;
  let closed: string;
  let rejected: string;
  let other: string;
  beforeAll(async () => {
    cpr = await citizen();
    open = await newCase(cpr);
    openGrant = value(
      await grantCase(deps, sb101, 'api', open, { from: '2025-01-01', to: '2025-12-31', reason: 'Bevilget' }),
    ).grant;
    closed = await newCase(cpr, { benefit: 'saerlig-stoette' });
    const g = value(await grantCase(deps, sb101, 'api', closed, { from: '2024-01-01', reason: 'Bevilget' }));
    value(await endGrant(deps, sb101, 'api', closed, g.grant, { to: '2024-12-31', reason: 'Slut' }));
    rejected = await newCase(cpr, { benefit: 'enkeltydelse' });
    value(await rejectCase(deps, sb101, 'api', rejected, { reason: 'Nej' }));
    other = await newCase(cpr, { benefit: 'uddannelseshjaelp' });
  });

  const reason = 'Begrundelse';
  it.each<[string, () => Promise<Result<unknown>>, string, string | undefined]>([
    [
      'a grant overlapping the person’s grant of the same family on another case',
      () => grantCase(deps, sb101, 'api', other, { from: '2025-12-31', reason }),
      'overlappende-bevilling',
      'from',
    ],
    [
      'a second overlapping grant on the same case',
      () => grantCase(deps, sb101, 'api', open, { from: '2025-06-01', to: '2025-06-30', reason }),
      'overlappende-bevilling',
      'from',
    ],
    [
      'a change that reaches into another grant of the family',
      async () => {
        const g = value(await grantCase(deps, sb101, 'api', other, { from: '2026-03-01', reason }));
        const refused = await changeGrant(deps, sb101, 'api', other, g.grant, { from: '2025-12-01', reason });
        return refused;
      },
      'overlappende-bevilling',
      'from',
    ],
    [
      'a grant on a closed case',
      () => grantCase(deps, sb101, 'api', closed, { from: '2026-01-01', reason }),
      'sagen-er-lukket',
      undefined,
    ],
    [
      'a grant on a rejected case',
      () => grantCase(deps, sb101, 'api', rejected, { from: '2026-01-01', reason }),
      'sagen-er-lukket',
      undefined,
    ],
    [
      'a period with to before from',
      () => grantCase(deps, sb101, 'api', other, { from: '2027-01-01', to: '2026-12-31', reason }),
      'ugyldig-periode',
      'to',
    ],
    [
      'ending a grant before its start',
      () => endGrant(deps, sb101, 'api', open, openGrant, { to: '2024-12-31', reason }),
      'ugyldig-periode',
      'to',
    ],
    [
      'ending without a reason',
      () => endGrant(deps, sb101, 'api', open, openGrant, { to: '2025-06-30', reason: '' }),
      'ugyldigt-input',
      'reason',
    ],
    [
      'a stale version',
      () => grantCase(deps, sb101, 'api', other, { version: 1, from: '2030-01-01', reason }),
      'konflikt',
      'version',
    ],
    [
      'rejecting a granted case',
      () => rejectCase(deps, sb101, 'api', open, { reason }),
      'ugyldig-sagsstatus',
      undefined,
    ],
    [
      'a municipality with no relation to the citizen, as an unknown case',
      () => grantCase(deps, caseworker('147'), 'api', other, { from: '2030-01-01', reason }),
      'ikke-fundet',
      'id',
    ],
    [
      'a caseworker without a municipality',
      () =>
        grantCase(
          deps,
          { kind: 'bruger', userId: 'x', municipality: null, roles: ['sagsbehandler'] },
          'api',
          other,
          {
            from: '2030-01-01',
            reason,
          },
        ),
      'ingen-adgang',
      undefined,
    ],
    [
      'an unknown case',
      () =>
        grantCase(deps, sb101, 'api', '00000000-0000-4000-8000-000000000000', { from: '2030-01-01', reason }),
      'ikke-fundet',
      'id',
    ],
    [
      'a case id that is no uuid',
      () => grantCase(deps, sb101, 'api', "x' or 1=1", { from: '2030-01-01', reason }),
      'ikke-fundet',
      'id',
    ],
    [
      'an unknown grant',
      () =>
        changeGrant(deps, sb101, 'api', open, '00000000-0000-4000-8000-000000000000', {
          from: '2025-01-01',
          reason,
        }),
      'ikke-fundet',
      'grantId',
    ],
  ])('%s: %s', async (_name, attempt, code, field) => {
    const before = await everything();
    const result = await attempt();
    expect(result.ok ? undefined : { code: result.error.code, field: result.error.field }).toEqual({
      code,
      field,
    });
    if (_name.startsWith('a change that reaches')) return; // its set-up granted first
    expect(await everything()).toEqual(before);
  });

  it('a stale version is refused with the case as it is now', async () => {
    const result = await changeGrant(deps, sb101, 'api', open, openGrant, {
      version: 1,
      from: '2025-01-01',
      reason,
    });
    expect(result.ok ? undefined : result.error).toMatchObject({
      code: 'konflikt',
      details: { case: { id: open, version: 2, status: 'bevilget' } },
    });
  });
});

describe('two caseworkers granting overlapping periods at the same time', () => {
  /**
   * Both grants start while another transaction holds back every insert into `grants`, so without the
   * person lock both would read "no overlapping grant" before either writes, and both would succeed.
   */
  it('never both succeed: the person is locked, so the second sees the first’s grant', async () => {
    for (let round = 0; round < 3; round += 1) {
      const cpr = await citizen();
      const a = await newCase(cpr);
      const b = await newCase(cpr, { benefit: 'hjemrejseydelse' });
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding = (): void => undefined;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const blocker = db.transaction().execute(async (tx) => {
        await sql`lock table grants in share row exclusive mode`.execute(tx);
        holding();
        await released;
      });
      await held;
      const outcomes = Promise.all([
        grantCase(deps, caseworker('101'), 'api', a, { from: '2025-05-01', reason: 'A' }),
        grantCase(deps, caseworkerActor('sb2', '101' as MunicipalityCode), 'api', b, {
          from: '2025-06-01',
          to: '2025-06-30',
          reason: 'B',
        }),
      ]);
      // Wait until both are waiting: on the insert, or the second on the person the first holds.
      for (let tries = 0; tries < 200; tries += 1) {
        const waiting = await sql<{
          n: string;
        }>`select count(*) as n from pg_locks where not granted`.execute(db);
        if (Number(waiting.rows[0]?.n) >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      release();
      await blocker;
      const results = await outcomes;
      expect(results.filter((o) => o.ok)).toHaveLength(1);
      expect(results.find((o) => !o.ok)?.error).toMatchObject({ code: 'overlappende-bevilling' });
      const standing = await sql<{
        n: string;
      }>`select count(*) as n from grants g join persons p on p.id = g.person_id
        where p.cpr = ${cpr} and g.superseded_at is null`.execute(db);
      expect(standing.rows[0]?.n).toBe('1');
    }
  });
});

describe('migration 0008', () => {
  it('carries every granted or closed case’s grant over, and none for a case under investigation or rejected', async () => {
    const { db: fresh } = await useTestDatabase();
    await m0008.down(fresh as never);
    const person = await sql<{ id: string }>`insert into persons
        (cpr, name, civil_status, cpr_subscription, health_card, created_at)
      values ('0101800001', 'Borger', 'ugift', true, false, '2025-01-01T08:00:00Z') returning id`.execute(
      fresh,
    );
    const id = person.rows[0]?.id ?? '';
    await sql`insert into cases (person_id, benefit, municipality, status, grant_from, grant_to, monthly, created_at) values
      (${id}::uuid, 'kontanthjaelp', '101', 'bevilget', '2025-01-01', null, 310000, '2025-01-02T23:30:00Z'),
      (${id}::uuid, 'saerlig-stoette', '101', 'afsluttet', '2024-01-01', '2024-06-30', 10000, '2024-01-01T08:00:00Z'),
      (${id}::uuid, 'enkeltydelse', '101', 'under-oplysning', '2025-03-01', null, null, '2025-03-01T08:00:00Z'),
      (${id}::uuid, 'anden-ydelse', '101', 'afvist', '2025-03-01', null, null, '2025-03-01T08:00:00Z')`.execute(
      fresh,
    );
    await m0008.up(fresh as never);
    const grants = await sql<
      Record<string, unknown>
    >`select c.benefit, g.family, g.valid_from::text, g.valid_to::text,
        g.decided_on::text, g.decided_by, g.superseded_at
      from grants g join cases c on c.id = g.case_id order by g.valid_from`.execute(fresh);
    expect(grants.rows).toEqual([
      {
        benefit: 'saerlig-stoette',
        family: 'saerlig-stoette',
        valid_from: '2024-01-01',
        valid_to: '2024-06-30',
        decided_on: '2024-01-01',
        decided_by: 'system:migrering',
        superseded_at: null,
      },
      // Created 00:30 Danish time on 3 January: the decision is dated by the Danish day.
      {
        benefit: 'kontanthjaelp',
        family: 'htf',
        valid_from: '2025-01-01',
        valid_to: null,
        decided_on: '2025-01-03',
        decided_by: 'system:migrering',
        superseded_at: null,
      },
    ]);
  });
});
