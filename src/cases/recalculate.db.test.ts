/**
 * Genberegning against PostgreSQL (docs/decisions/0018-recalculation.md): a kontanthjælp paid for August
 * to October 2023, then a fact registered late. A child born in September raises September and October:
 * approval plans the differences for the November run, which pays exactly them, explained; a second
 * recalculation finds nothing, before and after that run. Income registered late lowers September: approval
 * proposes a repayment claim, which no run deducts. Bad input changes nothing.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode, type Result } from '../kernel/index.ts';
import { runMonthlyPayments, runPayout } from '../payments/index.ts';
import { createPerson } from '../persons/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn, type Occurrence } from '../platform/jobs/domain/schedule.ts';
import { taskTypes } from '../platform/system.ts';
import type { Deps } from '../platform/use-case.ts';
import { importRates, markDemoInstallation } from '../rates/index.ts';
import { actOnTask, startTask } from '../tasks/index.ts';
import {
  addRegistration,
  approveRecalculation,
  createCase,
  endGrant,
  grantCase,
  previewRecalculation,
} from './index.ts';

let db: Db;
const at = (instant: string): Deps => ({ db, clock: new SimulatedClock(Temporal.Instant.from(instant)) });
const sb101: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const sb147: Actor = caseworkerActor('sb147', '147' as MunicipalityCode);
const october5 = '2023-10-05T08:00:00Z';
const november6 = '2023-11-06T08:00:00Z';

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function occurrence(job: 'maanedskoersel' | 'udbetaling', month: string): Occurrence {
  const m = Temporal.PlainYearMonth.from(month);
  for (let day = 1; day <= m.daysInMonth; day += 1) {
    const found = occurrencesOn(m.toPlainDate({ day })).find((o) => o.job === job);
    if (found !== undefined) return found;
  }
  throw new Error(`no ${job} in ${month}`);
}

/** The month's run and payout. */
async function runAndPay(month: string): Promise<void> {
  const run = occurrence('maanedskoersel', month);
  await runMonthlyPayments(at(run.at.toString()), run);
  const payout = occurrence('udbetaling', month);
  await runPayout(at(payout.at.toString()), payout);
}

let serial = 0;
/** A citizen of 101 born 5 May 1980, no children, granted kontanthjælp from 1 Aug 2023, paid Aug-Oct. */
async function paidCitizen(): Promise<{ cpr: string; caseId: string }> {
  serial += 1;
  const cpr = `050580${String(6000 + serial)}`;
  must(
    await createPerson(at(october5), sb101, 'api', {
      cpr,
      name: `Modtager ${String(serial)}`,
      residence: [{ municipality: '101', from: '2015-01-01' }],
    }),
  );
  const caseId = must(
    await createCase(at(october5), sb101, 'api', cpr, {
      benefit: 'kontanthjaelp',
      municipality: '101',
      status: 'under-oplysning',
      from: '2023-08-01',
    }),
  ).id;
  must(
    await grantCase(at(october5), sb101, 'api', caseId, {
      version: 1,
      from: '2023-08-01',
      reason: 'Opfylder betingelserne',
    }),
  );
  return { cpr, caseId };
}

const linesOf = (caseId: string) =>
  db
    .selectFrom('payment_lines')
    .select(['period', 'run_month', 'status', 'gross', 'explanation'])
    .where('case_id', '=', caseId)
    .orderBy('period')
    .orderBy('run_month')
    .execute();

const claimsOf = (caseId: string) =>
  db
    .selectFrom('repayment_claims')
    .select(['period', 'amount', 'status', 'recalculation_id'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();

const tables = [
  'payment_lines',
  'deduction_lines',
  'recalculations',
  'repayment_claims',
  'events',
  'cases',
  'grants',
] as const;
async function everything(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    result[table] = (await sql`select * from ${sql.table(table)} order by 1`.execute(db)).rows;
  }
  return result;
}

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const sourced = fs.readFileSync(new URL('../../data/satser/satser.csv', import.meta.url), 'utf8');
  must(await importRates(at('2023-01-02T08:00:00Z'), systemActor('test'), sourced, { replace: false }));
  // ATP for 2023 (ADR 0020) and the withholding without a tax card have no sourced rows: the demo's
  // example rows, which only a demo installation accepts.
  await markDemoInstallation(db);
  const examples = fs.readFileSync(new URL('../../data/satser/eksempel.csv', import.meta.url), 'utf8');
  must(await importRates(at('2023-01-02T08:00:00Z'), systemActor('test'), examples, { replace: false }));
});

describe('a child registered late: the differences are paid by the next run', () => {
  let caseId = '';
  let september = 0;

  beforeAll(async () => {
    const citizen = await paidCitizen();
    caseId = citizen.caseId;
    await runAndPay('2023-10');
    // Born 10 September, registered on 6 November.
    must(
      await addRegistration(at(november6), sb101, 'api', citizen.cpr, {
        kind: 'barn',
        from: '2023-09-10',
        birthDate: '2023-09-10',
      }),
    );
  });

  it('the preview shows per month paid, recomputed and the difference, and changes nothing', async () => {
    const before = await everything();
    // A municipality with no relation to the citizen sees no case.
    const hidden = await previewRecalculation(at(november6), sb147, 'api', caseId, {});
    expect(hidden.ok ? 'ok' : `${hidden.error.code}@${hidden.error.field ?? ''}`).toBe('ikke-fundet@id');
    const shown = must(await previewRecalculation(at(november6), sb101, 'api', caseId, {}));
    expect(await everything()).toEqual(before);
    expect(shown).toMatchObject({ from: '2023-08', to: '2023-10', nextRun: '2023-11', computable: true });
    // kontanthjaelp.over30.ikkeforsoerger 2023 = 11.944,00; forsoerger = 15.874,00 kr.
    expect(shown.months.map((m) => [m.month, m.paid, m.recomputed, m.difference])).toEqual([
      ['2023-08', '11944.00', '11944.00', '0.00'],
      ['2023-09', '11944.00', expect.any(String), expect.any(String)],
      ['2023-10', '11944.00', '15874.00', '3930.00'],
    ]);
    september = Math.round(Number(shown.months[1]?.difference) * 100);
    // 1-9 September not forsørger, 10-30 September forsørger: between the two rates.
    expect(september).toBeGreaterThan(0);
    expect(september).toBeLessThan(393_000);
    expect(shown.totals.difference).toBe(((september + 393_000) / 100).toFixed(2));
    expect(shown.months[2]?.explanation).toHaveProperty('benefit');
  });

  it('approval plans each positive difference for the next run, records the recalculation and its event', async () => {
    const done = must(await approveRecalculation(at(november6), sb101, 'api', caseId, {}));
    expect(done.lines).toEqual([
      { month: '2023-09', runMonth: '2023-11', amount: (september / 100).toFixed(2), was: '0.00' },
      { month: '2023-10', runMonth: '2023-11', amount: '3930.00', was: '0.00' },
    ]);
    expect(done.claims).toEqual([]);
    expect(done.events).toEqual(['genberegning-godkendt']);
    const lines = await linesOf(caseId);
    expect(
      lines
        .filter((l) => l.status === 'planlagt' && l.run_month === '2023-11-01' && l.period < '2023-11-01')
        .map((l) => [l.period, l.gross]),
    ).toEqual([
      ['2023-09-01', String(september)],
      ['2023-10-01', '393000'],
    ]);
    const event = await db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'genberegning-godkendt')
      .where(sql<boolean>`data @> ${JSON.stringify({ case: caseId })}::jsonb`)
      .execute();
    expect(event.map((e) => e.data)).toEqual([
      {
        case: caseId,
        recalculation: done.recalculation,
        from: '2023-08',
        to: '2023-10',
        months: 3,
        efterbetaling: ((september + 393_000) / 100).toFixed(2),
        tilbagebetaling: '0.00',
      },
    ]);
  });

  it('a second recalculation before the run finds nothing and changes no line', async () => {
    const before = await linesOf(caseId);
    const again = must(await approveRecalculation(at('2023-11-07T08:00:00Z'), sb101, 'api', caseId, {}));
    expect(again.months.map((m) => m.difference)).toEqual(['0.00', '0.00', '0.00']);
    expect(again.lines).toEqual([]);
    expect(await linesOf(caseId)).toEqual(before);
  });

  it('the November run pays exactly the differences, explained as a recalculation, and a third recalculation finds nothing', async () => {
    await runAndPay('2023-11');
    const late = (await linesOf(caseId)).filter(
      (l) => l.run_month === '2023-11-01' && l.period < '2023-11-01',
    );
    expect(late.map((l) => [l.period, l.status, l.gross])).toEqual([
      ['2023-09-01', 'udbetalt', String(september)],
      ['2023-10-01', 'udbetalt', '393000'],
    ]);
    expect(late[1]?.explanation).toMatchObject({
      genberegning: {
        genberegnet: 1_587_400,
        tidligereBeregnet: 1_194_400,
        forskel: 393_000,
        amount: 393_000,
      },
    });
    const third = must(await previewRecalculation(at('2023-12-04T08:00:00Z'), sb101, 'api', caseId, {}));
    expect(third.months.map((m) => [m.month, m.difference])).toEqual([
      ['2023-08', '0.00'],
      ['2023-09', '0.00'],
      ['2023-10', '0.00'],
      ['2023-11', '0.00'],
    ]);
  });
});

describe('income registered late for 2023: the hourly disregard has no sourced rate, so nothing is guessed', () => {
  it('the preview names the missing rate and month; approval is refused with sats-mangler and changes nothing', async () => {
    const citizen = await paidCitizen();
    await runAndPay('2023-10');
    must(
      await addRegistration(at(november6), sb101, 'api', citizen.cpr, {
        kind: 'arbejdsindtaegt',
        from: '2023-09-01',
        to: '2023-09-30',
        amount: '6000.00',
        hours: '40',
      }),
    );
    const shown = must(await previewRecalculation(at(november6), sb101, 'api', citizen.caseId, {}));
    expect(shown.computable).toBe(false);
    expect(shown.months.map((m) => [m.month, m.recomputed, m.missing?.code ?? null])).toEqual([
      ['2023-08', '11944.00', null],
      ['2023-09', null, 'sats-mangler'],
      ['2023-10', '11944.00', null],
    ]);
    expect(shown.months[1]?.missing?.message).toContain('kontanthjaelp.fradrag.pr_time');
    const before = await everything();
    const refused = await approveRecalculation(at(november6), sb101, 'api', citizen.caseId, {});
    expect(refused.ok ? 'ok' : refused.error.code).toBe('sats-mangler');
    expect(await everything()).toEqual(before);
  });
});

describe('the grant ended back in time: proposed repayment claims, never deducted', () => {
  let caseId = '';

  beforeAll(async () => {
    const citizen = await paidCitizen();
    caseId = citizen.caseId;
    await runAndPay('2023-10');
    // Reported on 6 November: in work from 16 September.
    must(
      await endGrant(at(november6), sb101, 'api', caseId, undefined, {
        to: '2023-09-15',
        reason: 'I arbejde',
      }),
    );
  });

  it('the end opened a Genberegning task on the case, for its municipality', async () => {
    const tasks = await db
      .selectFrom('tasks')
      .select(['type', 'status', 'municipality'])
      .where('case_id', '=', caseId)
      .execute();
    expect(tasks).toEqual([{ type: 'genberegning', status: 'aaben', municipality: '101' }]);
  });

  it('approval records a proposed claim per month overpaid with its event, and no line', async () => {
    const linesBefore = await linesOf(caseId);
    const done = must(
      await approveRecalculation(at(november6), sb101, 'cli', caseId, {
        fra: '2023-09',
        begrundelse: 'Arbejde',
      }),
    );
    // kontanthjaelp.over30.ikkeforsoerger 2023 = 11.944,00 kr.: September 1-15 is 15 of 30 days.
    expect(done.months.map((m) => [m.month, m.paid, m.recomputed, m.difference])).toEqual([
      ['2023-09', '11944.00', '5972.00', '-5972.00'],
      ['2023-10', '11944.00', '0.00', '-11944.00'],
    ]);
    expect(done.lines).toEqual([]);
    expect(done.claims.map((c) => [c.month, c.amount])).toEqual([
      ['2023-09', '5972.00'],
      ['2023-10', '11944.00'],
    ]);
    expect(done.events).toEqual([
      'genberegning-godkendt',
      'tilbagebetalingskrav-foreslaaet',
      'tilbagebetalingskrav-foreslaaet',
    ]);
    expect(await claimsOf(caseId)).toEqual([
      { period: '2023-09-01', amount: '597200', status: 'foreslaaet', recalculation_id: done.recalculation },
      { period: '2023-10-01', amount: '1194400', status: 'foreslaaet', recalculation_id: done.recalculation },
    ]);
    const row = await db
      .selectFrom('recalculations')
      .select(['reason', 'task_id'])
      .where('id', '=', done.recalculation)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ reason: 'Arbejde', task_id: null });
    expect(await linesOf(caseId)).toEqual(linesBefore);
  });

  it('the next run deducts nothing, and a second recalculation proposes nothing new', async () => {
    const linesBefore = (await linesOf(caseId)).filter((l) => l.status !== 'stoppet');
    await runAndPay('2023-11');
    const deductions = await db
      .selectFrom('deduction_lines as d')
      .innerJoin('cases as c', 'c.person_id', 'd.person_id')
      .select('d.id')
      .where('c.id', '=', caseId)
      .execute();
    expect(deductions).toEqual([]);
    expect((await linesOf(caseId)).filter((l) => l.status !== 'stoppet')).toEqual(linesBefore);
    const again = must(await approveRecalculation(at('2023-12-04T08:00:00Z'), sb101, 'api', caseId, {}));
    expect(again.months.every((m) => m.difference === '0.00')).toBe(true);
    expect(again.claims).toEqual([]);
    expect((await claimsOf(caseId)).map((c) => c.status)).toEqual(['foreslaaet', 'foreslaaet']);
  });
});

describe('bad input: a clear error, nothing changes', () => {
  let paid = '';
  let neverPaid = '';

  beforeAll(async () => {
    paid = (await paidCitizen()).caseId;
    await runAndPay('2023-10');
    neverPaid = (await paidCitizen()).caseId; // granted after the October run: nothing of it paid
  });

  it.each<[string, () => string, Record<string, string>, Actor, string]>([
    ['an unknown case', () => '00000000-0000-4000-8000-000000000000', {}, sb101, 'ikke-fundet@id'],
    ['not a case id', () => 'sag-1', {}, sb101, 'ikke-fundet@id'],
    ['a case never paid', () => neverPaid, {}, sb101, 'ingen-udbetaling@'],
    ['a malformed month', () => paid, { fra: '2023-9' }, sb101, 'ugyldig-dato@fra'],
    ['a month in the future', () => paid, { til: '2024-02' }, sb101, 'ugyldig-periode@til'],
    ['a month before the grant', () => paid, { fra: '2023-07' }, sb101, 'ugyldig-periode@fra'],
    [
      'a municipality with no relation to the citizen, as an unknown case',
      () => paid,
      {},
      sb147,
      'ikke-fundet@id',
    ],
  ])('%s', async (_name, id, range, actor, expected) => {
    const before = await everything();
    const done = await approveRecalculation(at(november6), actor, 'api', id(), range);
    expect(done.ok ? 'ok' : `${done.error.code}@${done.error.field ?? ''}`).toBe(expected);
    expect(await everything()).toEqual(before);
  });
});

describe('the task "Genberegning" and a concurrent grant change', () => {
  it('Beregn genberegning shows the table, Godkend approves, the receipt lists lines, claims and events', async () => {
    const citizen = await paidCitizen();
    await runAndPay('2023-10');
    must(
      await addRegistration(at(november6), sb101, 'api', citizen.cpr, {
        kind: 'barn',
        from: '2023-10-01',
        birthDate: '2023-10-01',
      }),
    );
    const started = must(
      await startTask(at(november6), taskTypes, sb101, 'api', {
        type: 'genberegning',
        cpr: citizen.cpr,
        data: { sag: citizen.caseId },
      }),
    );
    expect(started.steps.map((s) => [s.key, s.name, s.mode, s.skippable])).toEqual([
      ['oplys-genberegning', 'Oplys genberegning', 'manuel', false],
      ['beregn-genberegning', 'Beregn genberegning', 'automatisk', false],
      ['opsummering', 'Opsummering', 'manuel', false],
    ]);
    const malformed = await actOnTask(at(november6), taskTypes, sb101, 'api', started.id, started.version, {
      kind: 'videre',
      step: 'oplys-genberegning',
      input: { fra: '2024-01', begrundelse: 'Barn registreret for sent' },
    });
    expect(malformed.ok ? 'ok' : `${malformed.error.code}@${malformed.error.field ?? ''}`).toMatch(
      /^ugyldig-periode@.*fra$/,
    );
    const { task } = must(
      await actOnTask(at(november6), taskTypes, sb101, 'api', started.id, started.version, {
        kind: 'videre',
        step: 'oplys-genberegning',
        input: { begrundelse: 'Barn registreret for sent' },
      }),
    );
    expect(task.currentStep).toBe('opsummering');
    expect(task.steps.find((s) => s.key === 'beregn-genberegning')?.result).toEqual({
      'august 2023': 'udbetalt 11.944,00 kr., genberegnet 11.944,00 kr., forskel 0,00 kr.: ingen ændring',
      'september 2023': 'udbetalt 11.944,00 kr., genberegnet 11.944,00 kr., forskel 0,00 kr.: ingen ændring',
      'oktober 2023':
        'udbetalt 11.944,00 kr., genberegnet 15.874,00 kr., forskel +3.930,00 kr.: efterbetales ved næste kørsel',
      'I alt': 'udbetalt 35.832,00 kr., genberegnet 39.762,00 kr., forskel +3.930,00 kr.',
    });
    const approved = must(
      await actOnTask(at(november6), taskTypes, sb101, 'api', task.id, task.version, {
        kind: 'videre',
        step: 'opsummering',
      }),
    );
    expect(approved.task.status).toBe('afsluttet');
    expect(approved.effects).toMatchObject({
      kvittering: {
        sag: citizen.caseId,
        forskel: '3930.00',
        efterbetalinger: [{ month: '2023-10', runMonth: '2023-11', amount: '3930.00', was: '0.00' }],
        tilbagebetalingskrav: [],
        nyeOpgaver: [],
        nyeHaendelser: ['genberegning-godkendt'],
      },
    });
    const row = await db
      .selectFrom('recalculations')
      .select('task_id')
      .where('case_id', '=', citizen.caseId)
      .executeTakeFirstOrThrow();
    expect(row.task_id).toBe(task.id);
  });

  it('a start with a bad range is refused naming the field; another municipality may not start it', async () => {
    const citizen = await paidCitizen();
    const bad = await startTask(at(october5), taskTypes, sb101, 'api', {
      type: 'genberegning',
      cpr: citizen.cpr,
      data: { sag: citizen.caseId },
    });
    expect(bad.ok ? 'ok' : `${bad.error.code}@${bad.error.field ?? ''}`).toBe('ingen-udbetaling@data.sag');
    const other = await startTask(at(october5), taskTypes, sb147, 'api', {
      type: 'genberegning',
      cpr: citizen.cpr,
      data: { sag: citizen.caseId },
    });
    // 147 has no relation to the citizen: answered as for a CPR number of no one.
    expect(other.ok ? 'ok' : `${other.error.code}@${other.error.field ?? ''}`).toBe('ikke-fundet@cpr');
    // A case kept by a municipality that acted before (its cases are closed on a move) is not the acting one's.
    const moved = await paidCitizen();
    await db.updateTable('cases').set({ municipality: '147' }).where('id', '=', moved.caseId).execute();
    const notOurs = await startTask(at(october5), taskTypes, sb101, 'api', {
      type: 'genberegning',
      cpr: moved.cpr,
      data: { sag: moved.caseId },
    });
    expect(notOurs.ok ? 'ok' : `${notOurs.error.code}@${notOurs.error.field ?? ''}`).toBe(
      'ikke-handlekommune@data.sag',
    );
  });

  it('approval and ending the grant back in time at once are serialised: whichever comes second sees the first', async () => {
    const citizen = await paidCitizen();
    await runAndPay('2023-10');
    const [recalculated, ended] = await Promise.all([
      approveRecalculation(at(november6), sb101, 'api', citizen.caseId, {}),
      endGrant(at(november6), sb101, 'api', citizen.caseId, undefined, {
        to: '2023-09-30',
        reason: 'Fik arbejde',
      }),
    ]);
    must(recalculated);
    must(ended);
    // Whatever the order, a recalculation now proposes October back (not covered) exactly once.
    must(await approveRecalculation(at('2023-11-07T08:00:00Z'), sb101, 'api', citizen.caseId, {}));
    const claims = (await claimsOf(citizen.caseId)).filter((c) => c.status === 'foreslaaet');
    expect(claims.map((c) => [c.period, c.amount])).toEqual([['2023-10-01', '1194400']]);
  });

  it('registrations that change months paid open one Genberegning task, also when two caseworkers register at once', async () => {
    const citizen = await paidCitizen();
    await runAndPay('2023-10');
    const openTasks = () =>
      db
        .selectFrom('tasks')
        .select(['type', 'status', 'municipality', 'case_id'])
        .where('type', '=', 'genberegning')
        .where('case_id', '=', citizen.caseId)
        .execute();
    // A tax card changes no gross amount: no task.
    must(
      await addRegistration(at(november6), sb101, 'api', citizen.cpr, {
        kind: 'skattekort',
        from: '2023-01-01',
        taxRate: '38',
        monthlyAllowance: '4500.00',
      }),
    );
    expect(await openTasks()).toEqual([]);
    const twins = ['2023-08-20', '2023-09-10'].map((born) =>
      addRegistration(at(november6), sb101, 'api', citizen.cpr, {
        kind: 'barn',
        from: born,
        birthDate: born,
      }),
    );
    for (const registered of await Promise.all(twins)) must(registered);
    expect(await openTasks()).toEqual([
      { type: 'genberegning', status: 'aaben', municipality: '101', case_id: citizen.caseId },
    ]);
  });
});
