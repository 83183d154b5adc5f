/**
 * The 04:00 run's closing of cases whose grants ran out (close-expired-cases.ts) against PostgreSQL: a case
 * granted until 30 April is closed by the run of 5 May, once; a case still granted is left alone; and a
 * caseworker extending the grant while the run closes the case never leaves a closed case with an open
 * grant nor a granted case with every grant ended, whichever comes first.
 */
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode, type Result } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import { type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import { changeGrant, closeExpiredCases, createCase, grantCase } from './index.ts';

let db: Db;
let deps: Deps;
const sb101: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const run = occurrencesOn(Temporal.PlainDate.from('2025-05-05')).find((o) => o.job === 'daglig-flytning');

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

let serial = 0;
/** A citizen of 101 with a personligt tillæg granted from 1 January 2025 until `to`; the grant's id. */
async function grantedUntil(to: string | null): Promise<{ caseId: string; grant: string }> {
  serial += 1;
  const cpr = `050580${String(7000 + serial)}`;
  must(
    await createPerson(deps, sb101, 'api', {
      cpr,
      name: `Modtager ${String(serial)}`,
      residence: [{ municipality: '101', from: '2015-01-01' }],
    }),
  );
  const caseId = must(
    await createCase(deps, sb101, 'api', cpr, {
      benefit: 'personligt-tillaeg',
      municipality: '101',
      status: 'under-oplysning',
      from: '2025-01-01',
      monthly: '1000.00',
    }),
  ).id;
  const granted = must(
    await grantCase(deps, sb101, 'api', caseId, { version: 1, from: '2025-01-01', to, reason: 'Bevilget' }),
  );
  return { caseId, grant: granted.grant };
}

const caseRow = (id: string) =>
  db.selectFrom('cases').select(['status', 'closed_reason']).where('id', '=', id).executeTakeFirstOrThrow();

const closings = async (id: string) => {
  const rows = await db.selectFrom('events').select('data').where('type', '=', 'sag-afsluttet').execute();
  return rows.filter((row) => (row.data as { case?: string }).case === id);
};

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-04-02T08:00:00Z')) };
});

describe('the 04:00 run closes a case whose grants ran out', () => {
  it('closes a case granted until 30 April on 5 May, once, and leaves a granted case alone', async () => {
    if (run === undefined) throw new Error('no 04:00 run on 5 May 2025');
    const ended = await grantedUntil('2025-04-30');
    const open = await grantedUntil('2025-05-05');
    const summary = await closeExpiredCases(deps, run);
    expect(summary).toMatchObject({ date: '2025-05-05', failed: [] });
    expect(await caseRow(ended.caseId)).toEqual({
      status: 'afsluttet',
      closed_reason: 'Bevillingen udløb 30.04.2025',
    });
    expect(await caseRow(open.caseId)).toMatchObject({ status: 'bevilget' });
    expect(await closings(ended.caseId)).toHaveLength(1);
    // A rerun of the day closes nothing again.
    await closeExpiredCases(deps, run);
    expect(await closings(ended.caseId)).toHaveLength(1);
  });

  it('a caseworker extending the grant while the run closes: never closed with an open grant, nor left granted with none', async () => {
    if (run === undefined) throw new Error('no 04:00 run on 5 May 2025');
    for (let round = 0; round < 6; round += 1) {
      const { caseId, grant } = await grantedUntil('2025-04-30');
      const extend = () =>
        changeGrant(
          { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T02:00:00Z')) },
          sb101,
          'api',
          caseId,
          grant,
          { from: '2025-01-01', to: '2025-12-31', reason: 'Forlænget' },
        );
      const [extended] =
        round % 2 === 0
          ? await Promise.all([extend(), closeExpiredCases(deps, run)])
          : (await Promise.all([closeExpiredCases(deps, run), extend()])).toReversed();
      const { status } = await caseRow(caseId);
      const standingOpen = await db
        .selectFrom('grants')
        .select('id')
        .where('case_id', '=', caseId)
        .where('superseded_at', 'is', null)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', '2025-05-05')]))
        .execute();
      if (extended?.ok === true) {
        expect(status, `round ${String(round)}`).toBe('bevilget');
        expect(standingOpen).toHaveLength(1);
      } else {
        expect(status, `round ${String(round)}`).toBe('afsluttet');
        expect(standingOpen).toHaveLength(0);
      }
    }
  });
});
