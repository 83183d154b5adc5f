/**
 * Decided sanctions in the monthly run (docs/decisions/0023-sanctions.md): a run takes a waiting sanction
 * once, at most what is left; a sanction whose last run month has passed lapses, never taken late; a person
 * without a sanction is paid in full.
 */
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { addRegistration, createCase, decideSanctionOnCase } from '../cases/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import { type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import { runMonthlyPayments } from './monthly-run.ts';

const sb101: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
let db: Db;
const at = (instant: string): Deps => ({ db, clock: new SimulatedClock(Temporal.Instant.from(instant)) });
const may5 = '2025-05-05T07:00:00Z';
const cases: Record<string, string> = {};

async function citizen(cpr: string, monthly: string): Promise<void> {
  const created = await createPerson(at(may5), sb101, 'api', {
    cpr,
    name: `Borger ${cpr}`,
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  if (!created.ok) throw new Error(created.error.message);
  // A fixed monthly amount of kontanthjælp (as a converted case has), so no rate is needed.
  const opened = await createCase(at(may5), sb101, 'api', cpr, {
    benefit: 'kontanthjaelp',
    municipality: '101',
    status: 'bevilget',
    from: '2025-05-01',
    monthly,
  });
  if (!opened.ok) throw new Error(opened.error.message);
  cases[cpr] = opened.value.id;
  const guided = await addRegistration(at(may5), sb101, 'api', cpr, {
    kind: 'sanktionsvejledning',
    from: '2025-01-02',
  });
  if (!guided.ok) throw new Error(guided.error.message);
}

const exception = {
  exceptionBasis: 'forvaltningslovens § 19, stk. 2',
  exceptionReason: 'Borgeren har ikke kunnet kontaktes',
  reasons: 'Udeblev fra tilbud',
  legalBasis: 'aktivloven § 36',
  decidedOn: '2025-05-05',
};

async function sanctionOf(cpr: string, days: string): Promise<string> {
  const decided = await decideSanctionOnCase(at(may5), sb101, 'api', cases[cpr]!, {
    ...exception,
    kind: 'fradrag-dage',
    omissionOn: '2025-05-02',
    days,
  });
  if (!decided.ok || decided.value.sanction === null) throw new Error('no sanction decided');
  return decided.value.sanction;
}

const status = async (id: string) =>
  db
    .selectFrom('sanctions')
    .select(['status', 'taken', 'taken_in'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  await citizen('0505805011', '3100.00');
  await citizen('0505805012', '3100.00');
  await citizen('0505805013', '3100.00');
});

describe('decided sanctions in the monthly run', () => {
  it('takes a waiting sanction once, lapses one past its last run month, and pays the others in full', async () => {
    const taken = await sanctionOf('0505805011', '10'); // 3.100,00 × 10/31 = 1.000,00
    const late = await sanctionOf('0505805012', '5');
    // As if decided long ago: its last run month was April.
    await db.updateTable('sanctions').set({ last_run_month: '2025-04-01' }).where('id', '=', late).execute();
    const may = occurrencesOn(Temporal.PlainDate.from('2025-05-22')).find((o) => o.job === 'maanedskoersel');
    if (may === undefined) throw new Error('no May run');
    await runMonthlyPayments(
      { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-22T17:00:00Z')) },
      may,
    );
    expect(await status(taken)).toEqual({ status: 'gennemfoert', taken: '100000', taken_in: '2025-05-01' });
    expect(await status(late)).toMatchObject({ status: 'bortfaldet', taken: null });
    const lines = await db
      .selectFrom('payment_lines')
      .select(['case_id', 'gross', 'sanctions'])
      .where('period', '=', '2025-05-01')
      .where('status', '=', 'beregnet')
      .execute();
    const of = (cpr: string) => lines.find((line) => line.case_id === cases[cpr]);
    expect(of('0505805011')).toMatchObject({ gross: '310000', sanctions: '100000' });
    expect(of('0505805012')).toMatchObject({ gross: '310000', sanctions: '0' });
    expect(of('0505805013')).toMatchObject({ gross: '310000', sanctions: '0' });
    // The next run takes nothing again.
    const june = occurrencesOn(Temporal.PlainDate.from('2025-06-24')).find((o) => o.job === 'maanedskoersel');
    if (june === undefined) throw new Error('no June run');
    await runMonthlyPayments(
      { db, clock: new SimulatedClock(Temporal.Instant.from('2025-06-24T17:00:00Z')) },
      june,
    );
    const juneLine = await db
      .selectFrom('payment_lines')
      .select(['sanctions'])
      .where('case_id', '=', cases['0505805011']!)
      .where('period', '=', '2025-06-01')
      .executeTakeFirstOrThrow();
    expect(juneLine.sanctions).toBe('0');
  });
});
