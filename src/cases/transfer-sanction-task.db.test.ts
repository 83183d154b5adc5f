/**
 * "Overflyt sanktion" against PostgreSQL (domain §6; docs/decisions/0023-sanctions.md): a sanction the
 * legacy system decided is transferred to the converted HTF case. Godkend records the decision with its
 * legal exception, stores the sanction (`besluttet`) the next run takes (no letter: the legacy system sent it) and opens
 * "Genberegning" when the case has months paid; every refusal changes nothing and names the field.
 *
 * The cases pay a fixed 3.100,00 kr. a month (as a converted case does): below the 2021 bound of 5.633 kr.,
 * so the sanction rate is sanktion.sats1 = 200,00 kr. (sourced, aktivloven § 35, stk. 4).
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { markPaid } from '../../test/support/paid-months.ts';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode, type Result } from '../kernel/index.ts';
import { runMonthlyPayments } from '../payments/index.ts';
import { createPerson } from '../persons/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn } from '../platform/jobs/domain/schedule.ts';
import { taskTypes } from '../platform/system.ts';
import type { Deps } from '../platform/use-case.ts';
import { importRates } from '../rates/index.ts';
import { actOnTask, startTask, type ActionOutcome, type TaskAction, type TaskView } from '../tasks/index.ts';
import { addRegistration, createCase } from './index.ts';

let db: Db;
const at = (instant: string): Deps => ({ db, clock: new SimulatedClock(Temporal.Instant.from(instant)) });
const sb101: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const sb147: Actor = caseworkerActor('sb147', '147' as MunicipalityCode);
/** Monday 3 May 2021, 09:00: before the May run (Tuesday 25 May, 18:00). */
const may3 = '2021-05-03T07:00:00Z';
/** After the May run has started: the next run that can take a sanction is June's. */
const may26 = '2021-05-26T07:00:00Z';

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const refusal = <T>(result: Result<T>) =>
  result.ok ? 'ok' : { code: result.error.code, field: result.error.field };

let serial = 0;
/**
 * A citizen of 101 with a granted kontanthjælp case at a fixed amount, written guidance on sanctions given
 * on `guidance` (none when null), and the months in `paid` paid out.
 */
async function citizen(
  options: {
    from?: string;
    guidance?: string | null;
    benefit?: 'kontanthjaelp' | 'personligt-tillaeg';
    status?: 'bevilget' | 'under-oplysning';
    paid?: readonly string[];
    now?: string;
  } = {},
): Promise<{ cpr: string; caseId: string }> {
  serial += 1;
  const now = options.now ?? may3;
  const cpr = `050580${String(7000 + serial)}`;
  must(
    await createPerson(at(now), sb101, 'api', {
      cpr,
      name: `Borger ${String(serial)}`,
      residence: [{ municipality: '101', from: '2015-01-01' }],
    }),
  );
  const status = options.status ?? 'bevilget';
  const opened = must(
    await createCase(at(now), sb101, 'api', cpr, {
      benefit: options.benefit ?? 'kontanthjaelp',
      municipality: '101',
      status,
      from: options.from ?? '2021-03-01',
      ...(status === 'bevilget' ? { monthly: '3100.00' } : {}),
    }),
  );
  const guidance = options.guidance === undefined ? '2021-01-04' : options.guidance;
  if (guidance !== null) {
    must(await addRegistration(at(now), sb101, 'api', cpr, { kind: 'sanktionsvejledning', from: guidance }));
  }
  if (options.paid !== undefined) {
    await markPaid(
      db,
      cpr,
      opened.id,
      options.paid.map((month) => [`${month}-01`, 310_000] as const),
    );
  }
  return { cpr, caseId: opened.id };
}

const start = (cpr: string, data: Record<string, unknown>, now = may3, actor = sb101) =>
  startTask(at(now), taskTypes, actor, 'api', { type: 'overflyt-sanktion', cpr, data });

const act = (task: TaskView, action: TaskAction, now = may3): Promise<Result<ActionOutcome>> =>
  actOnTask(at(now), taskTypes, sb101, 'api', task.id, task.version, action);

const reduction = {
  art: 'nedsaettelse-sats',
  haendelse: '2021-04-07',
  afgjort: '2021-04-14',
  reference: 'KMD Aktiv j.nr. 2021-04-117',
  begrundelse: 'Du udeblev fra samtalen den 7. april 2021 uden rimelig grund',
};

/** Started and "Oplys sanktion" passed: the task waits at "Opsummering". */
async function entered(
  caseInfo: { cpr: string; caseId: string },
  input: Record<string, unknown>,
  now = may3,
) {
  const task = must(await start(caseInfo.cpr, { sag: caseInfo.caseId }, now));
  const passed = must(await act(task, { kind: 'videre', step: 'oplys-sanktion', input }, now));
  expect(passed.task.currentStep).toBe('opsummering');
  return passed.task;
}

const tables = [
  'cases',
  'grants',
  'registrations',
  'payment_lines',
  'decisions',
  'sanctions',
  'letters',
  'tasks',
  'task_events',
  'events',
] as const;
async function everything(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    result[table] = (await sql`select * from ${sql.table(table)} order by 1`.execute(db)).rows;
  }
  return result;
}

const sanctionsOf = (caseId: string) =>
  db
    .selectFrom('sanctions')
    .select(['id', 'kind', 'omission_on', 'days', 'period', 'amount', 'last_run_month', 'status', 'taken'])
    .where('case_id', '=', caseId)
    .orderBy('omission_on')
    .execute();

const recalculationTasksOf = (caseId: string) =>
  db
    .selectFrom('tasks')
    .select(['id', 'status', 'municipality', 'data'])
    .where('case_id', '=', caseId)
    .where('type', '=', 'genberegning')
    .execute();

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const sourced = fs.readFileSync(new URL('../../data/satser/satser.csv', import.meta.url), 'utf8');
  must(await importRates(at('2021-01-02T08:00:00Z'), systemActor('test'), sourced, { replace: false }));
});

/** The first test's citizen: the monthly run takes their transferred sanctions (the last test). */
let transferred: { cpr: string; caseId: string } | undefined;

describe('Overflyt sanktion', () => {
  it('start → Oplys sanktion → Godkend: the decision on its exception, the sanction, no second letter, and a Genberegning', async () => {
    const paid = await citizen({ paid: ['2021-03', '2021-04'] });
    transferred = paid;
    const started = must(await start(paid.cpr, { sag: paid.caseId }));
    expect(started).toMatchObject({
      typeName: 'Overflyt sanktion',
      caseId: paid.caseId,
      data: { sag: paid.caseId },
      currentStep: 'oplys-sanktion',
      dueOn: '2021-05-17',
    });
    const oplyst = must(
      await act(started, { kind: 'videre', step: 'oplys-sanktion', input: reduction }),
    ).task;
    expect(oplyst.currentStep).toBe('opsummering');
    const waiting = must(await act(oplyst, { kind: 'videre', step: 'opsummering' }));
    expect(waiting.task.status).toBe('afsluttet');

    const decisions = await db
      .selectFrom('decisions')
      .select([
        'id',
        'effect',
        'reasons',
        'legal_basis',
        'decided_on',
        'hearing_id',
        'exception_basis',
        'exception_reason',
      ])
      .where('case_id', '=', paid.caseId)
      .execute();
    expect(decisions).toEqual([
      {
        id: expect.any(String) as unknown,
        effect: 'sanktion',
        reasons: reduction.begrundelse,
        legal_basis: 'lov om aktiv socialpolitik § 35',
        decided_on: '2021-04-14',
        hearing_id: null,
        exception_basis: 'Afgørelse truffet i det tidligere system (konverteret)',
        exception_reason:
          'afgørelsen blev truffet i det tidligere system den 14.04.2021 (reference KMD Aktiv j.nr. 2021-04-117) og er alene overført ved konverteringen',
      },
    ]);
    const decision = decisions[0]?.id;
    const sanctions = await sanctionsOf(paid.caseId);
    expect(sanctions).toEqual([
      {
        id: expect.any(String) as unknown,
        kind: 'nedsaettelse-sats',
        omission_on: '2021-04-07',
        days: null,
        period: '2021-04-01',
        amount: '20000',
        last_run_month: '2021-07-01',
        status: 'besluttet',
        taken: null,
      },
    ]);
    // The legacy system sent the decision's letter: the transfer sends none.
    const letters = await db.selectFrom('letters').select('id').where('case_id', '=', paid.caseId).execute();
    expect(letters).toEqual([]);
    const events = await db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('type', '=', 'afgoerelse-truffet')
      .where(sql<boolean>`data->>'case' = ${paid.caseId}`)
      .execute();
    expect(events.map((e) => e.data)).toEqual([
      {
        case: paid.caseId,
        decision,
        effect: 'sanktion',
        decidedOn: '2021-04-14',
        hearing: null,
        exception: 'Afgørelse truffet i det tidligere system (konverteret)',
        sanction: sanctions[0]?.id,
        amount: '200.00',
      },
    ]);
    const recalculations = await recalculationTasksOf(paid.caseId);
    expect(recalculations).toEqual([
      { id: expect.any(String) as unknown, status: 'aaben', municipality: '101', data: { sag: paid.caseId } },
    ]);
    expect(waiting.effects).toEqual({
      kvittering: {
        sag: paid.caseId,
        afgoerelse: decision,
        sanktion: sanctions[0]?.id,
        art: 'nedsaettelse-sats',
        haendelse: '2021-04-07',
        maaned: '2021-04',
        beloeb: '200.00',
        senestKoersel: '2021-07',
        trin: [
          { text: 'Hjælpen for 2021-04', amount: '3100.00' },
          {
            text: 'Sanktionssats for hjælp under 5.633,00 kr. (sanktion.sats1, aktivloven § 35, stk. 4)',
            amount: '-200.00',
          },
        ],
        tidligereSystem: { afgjort: '2021-04-14', reference: 'KMD Aktiv j.nr. 2021-04-117' },
        undtagelse: 'Afgørelse truffet i det tidligere system (konverteret)',
        nyeOpgaver: [recalculations[0]?.id],
        nyeHaendelser: ['afgoerelse-truffet'],
      },
    });

    // A second sanction, started by hand on the same case: "Genberegning" is open already, none more.
    const second = await entered(paid, {
      art: 'fradrag-dage',
      haendelse: '2021-04-19',
      dage: '3',
      afgjort: '2021-04-26',
      reference: 'KMD Aktiv j.nr. 2021-04-133',
      begrundelse: 'Du udeblev fra dit tilbud 19.-21. april 2021 uden rimelig grund',
    });
    const approved = must(await act(second, { kind: 'videre', step: 'opsummering' }));
    expect(approved.effects).toMatchObject({
      kvittering: {
        art: 'fradrag-dage',
        beloeb: '310.00', // 3.100,00 × 3/30
        genberegning: `Sagen har allerede en åben genberegningsopgave (${recalculations[0]?.id ?? ''})`,
        nyeOpgaver: [],
      },
    });
    expect(await recalculationTasksOf(paid.caseId)).toHaveLength(1);
    expect((await sanctionsOf(paid.caseId)).map((s) => [s.kind, s.days, s.amount, s.status])).toEqual([
      ['nedsaettelse-sats', null, '20000', 'besluttet'],
      ['fradrag-dage', 3, '31000', 'besluttet'],
    ]);
  });

  it('a case with no month paid gets no Genberegning, and the receipt says so', async () => {
    const unpaid = await citizen();
    const task = await entered(unpaid, reduction);
    const approved = must(await act(task, { kind: 'videre', step: 'opsummering' }));
    expect(approved.effects).toMatchObject({
      kvittering: {
        beloeb: '200.00',
        genberegning: 'Sagen har ingen udbetalte måneder; der er ikke oprettet en genberegningsopgave',
        nyeOpgaver: [],
      },
    });
    expect(await recalculationTasksOf(unpaid.caseId)).toEqual([]);
  });

  it('no written guidance before the omission: Godkend is refused, nothing changes; corrected, it is approved', async () => {
    const late = await citizen({ guidance: '2021-04-10', paid: ['2021-03', '2021-04'] });
    let task = await entered(late, reduction);
    const before = await everything();
    expect(refusal(await act(task, { kind: 'videre', step: 'opsummering' }))).toEqual({
      code: 'sanktion-uden-vejledning',
      field: 'haendelse',
    });
    expect(await everything()).toEqual(before);
    // The caseworker goes back to "Oplys sanktion" and enters the omission the legacy decision was about.
    task = must(await act(task, { kind: 'tilbage', step: 'oplys-sanktion' })).task;
    task = must(
      await act(task, {
        kind: 'videre',
        step: 'oplys-sanktion',
        input: { ...reduction, haendelse: '2021-04-12', afgjort: '2021-04-20' },
      }),
    ).task;
    const approved = must(await act(task, { kind: 'videre', step: 'opsummering' }));
    expect(approved.task.status).toBe('afsluttet');
    expect((await sanctionsOf(late.caseId)).map((s) => [s.omission_on, s.amount, s.status])).toEqual([
      ['2021-04-12', '20000', 'besluttet'],
    ]);
    expect(await recalculationTasksOf(late.caseId)).toHaveLength(1);
  });

  it('past the 3 whole calendar months at the run that would take it: refused at Godkend, nothing changes', async () => {
    const february = await citizen({
      from: '2021-01-01',
      paid: ['2021-01', '2021-02', '2021-03', '2021-04'],
    });
    // An omission in February may be taken by the May run at the latest (25 May, 18:00).
    const input = { ...reduction, haendelse: '2021-02-10', afgjort: '2021-02-18' };
    const task = await entered(february, input);
    const before = await everything();
    const refused = await act(task, { kind: 'videre', step: 'opsummering' }, may26);
    expect(refusal(refused)).toEqual({ code: 'sanktion-for-sen', field: 'haendelse' });
    expect(refused.ok || refused.error.message).toMatch(/senest i 2021-05/);
    expect(await everything()).toEqual(before);
    // Before the May run it is still in time.
    const approved = must(await act(task, { kind: 'videre', step: 'opsummering' }));
    expect(approved.effects).toMatchObject({ kvittering: { senestKoersel: '2021-05', beloeb: '200.00' } });
    // Entered after the limit, the step itself refuses it.
    const other = must(await start(february.cpr, { sag: february.caseId }, '2021-06-01T07:00:00Z'));
    expect(
      refusal(await act(other, { kind: 'videre', step: 'oplys-sanktion', input }, '2021-06-01T07:00:00Z')),
    ).toEqual({ code: 'sanktion-for-sen', field: 'input.haendelse' });
  });

  it('a missing sanction rate, or no help in the omission month, is refused at Godkend and changes nothing', async () => {
    // 2022: no sanction rate is sourced (data/satser/README.md).
    const may2022 = '2022-05-03T07:00:00Z';
    const rateless = await citizen({ from: '2022-01-01', now: may2022 });
    const task = await entered(
      rateless,
      { ...reduction, haendelse: '2022-04-05', afgjort: '2022-04-12' },
      may2022,
    );
    let before = await everything();
    const missing = await act(task, { kind: 'videre', step: 'opsummering' }, may2022);
    expect(refusal(missing)).toEqual({ code: 'sats-mangler', field: 'haendelse' });
    expect(await everything()).toEqual(before);

    // The case in this system starts in May: April's help is not known here.
    const mayCase = await citizen({ from: '2021-05-01' });
    const april = await entered(mayCase, reduction);
    before = await everything();
    expect(refusal(await act(april, { kind: 'videre', step: 'opsummering' }))).toEqual({
      code: 'ugyldigt-beloeb',
      field: 'haendelse',
    });
    expect(await everything()).toEqual(before);
  });

  it('is started only by the acting municipality, on a granted HTF case of the person; nothing is created otherwise', async () => {
    const person = await citizen();
    const pension = await citizen({ benefit: 'personligt-tillaeg', status: 'under-oplysning' });
    const open = await citizen({ status: 'under-oplysning' });
    const before = await everything();
    // 147 has no relation to the citizen: answered as for a CPR number of no one.
    const unrelated = await start(person.cpr, { sag: person.caseId }, may3, sb147);
    expect(refusal(unrelated)).toEqual({ code: 'ikke-fundet', field: 'cpr' });
    const unknown = await start('0101800000', { sag: person.caseId }, may3, sb147);
    expect(unknown.ok ? undefined : unknown.error).toEqual(unrelated.ok ? 'ok' : unrelated.error);
    expect(refusal(await start(person.cpr, {}))).toEqual({ code: 'ugyldigt-input', field: 'data.sag' });
    expect(refusal(await start(person.cpr, { sag: pension.caseId }))).toEqual({
      code: 'ikke-fundet',
      field: 'data.sag',
    });
    expect(refusal(await start(pension.cpr, { sag: pension.caseId }))).toEqual({
      code: 'ugyldigt-input',
      field: 'data.sag',
    });
    expect(refusal(await start(open.cpr, { sag: open.caseId }))).toEqual({
      code: 'ugyldigt-input',
      field: 'data.sag',
    });
    expect(await everything()).toEqual(before);
  });

  it('the next monthly run takes the transferred sanctions, once', async () => {
    if (transferred === undefined) throw new Error('the first test did not run');
    const may = occurrencesOn(Temporal.PlainDate.from('2021-05-25')).find((o) => o.job === 'maanedskoersel');
    if (may === undefined) throw new Error('no May run');
    await runMonthlyPayments(at('2021-05-25T16:00:00Z'), may);
    expect((await sanctionsOf(transferred.caseId)).map((s) => [s.kind, s.status, s.taken])).toEqual([
      ['nedsaettelse-sats', 'gennemfoert', '20000'],
      ['fradrag-dage', 'gennemfoert', '31000'],
    ]);
    const line = await db
      .selectFrom('payment_lines')
      .select(['gross', 'sanctions'])
      .where('case_id', '=', transferred.caseId)
      .where('period', '=', '2021-05-01')
      .executeTakeFirstOrThrow();
    expect(line).toEqual({ gross: '310000', sanctions: '51000' });
  });
});
