/**
 * The benefit tasks against PostgreSQL: a task started from the person creates (or chooses) the case under
 * investigation, runs its automatic steps, stops at the steps a caseworker must do, and "Godkend" grants the
 * case and plans its lines (efterbetaling included) in the task's transaction; every refusal changes
 * nothing.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { formatDanishAmount, SimulatedClock, type MunicipalityCode, type Result } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { taskTypes } from '../platform/system.ts';
import type { Deps } from '../platform/use-case.ts';
import { importRates, markDemoInstallation } from '../rates/index.ts';
import { actOnTask, startTask, type ActionOutcome, type TaskAction, type TaskView } from '../tasks/index.ts';
import { addRegistration, createCase, grantCase } from './index.ts';

let db: Db;
const at = (instant: string): Deps => ({ db, clock: new SimulatedClock(Temporal.Instant.from(instant)) });
const sb101: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const sb147: Actor = caseworkerActor('sb147', '147' as MunicipalityCode);
/** Before the October 2023 run (24 Oct): August and September have run. */
const october5 = '2023-10-05T08:00:00Z';

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

let serial = 0;
/** A citizen of 101 born 5 May 1980 (over 30 in 2023), with a child and, unless told, a tax card. */
async function citizen(options: { taxCard?: boolean; now?: string } = {}): Promise<string> {
  serial += 1;
  const now = options.now ?? october5;
  const cpr = `050580${String(5000 + serial)}`;
  must(
    await createPerson(at(now), sb101, 'api', {
      cpr,
      name: `Ansøger ${String(serial)}`,
      residence: [{ municipality: '101', from: '2015-01-01' }],
    }),
  );
  must(
    await addRegistration(at(now), sb101, 'api', cpr, {
      kind: 'barn',
      from: '2015-03-01',
      birthDate: '2015-03-01',
    }),
  );
  if (options.taxCard !== false) {
    must(
      await addRegistration(at(now), sb101, 'api', cpr, {
        kind: 'skattekort',
        from: '2023-01-01',
        taxRate: '38',
        monthlyAllowance: '4500.00',
      }),
    );
  }
  return cpr;
}

const start = (cpr: string, type: string, data: Record<string, unknown> = {}, now = october5) =>
  startTask(at(now), taskTypes, sb101, 'api', { type, cpr, data });

async function act(task: TaskView, action: TaskAction, now = october5): Promise<Result<ActionOutcome>> {
  return actOnTask(at(now), taskTypes, sb101, 'api', task.id, task.version, action);
}

async function step(task: TaskView, key: string, input?: unknown, now = october5): Promise<ActionOutcome> {
  return must(await act(task, { kind: 'videre', step: key, input }, now));
}

const tables = [
  'cases',
  'grants',
  'registrations',
  'payment_lines',
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

const caseOf = (id: string) =>
  db
    .selectFrom('cases')
    .select(['status', 'benefit', 'grant_from', 'grant_to'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const linesOf = (caseId: string) =>
  db
    .selectFrom('payment_lines')
    .select(['period', 'run_month', 'status', 'gross'])
    .where('case_id', '=', caseId)
    .orderBy('period')
    .execute();

const stepOf = (task: TaskView, key: string) => task.steps.find((s) => s.key === key);

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

describe('Ydelsesopgave: hjælp til forsørgelse (kontanthjælp, sourced 2023 rates)', () => {
  it('start → Oplys bevilling → Vurder tillæg og fradrag → Beregn ydelse → Godkend: the case is granted, late months planned', async () => {
    const cpr = await citizen();
    let task = must(await start(cpr, 'ydelsesopgave-htf'));
    expect(task).toMatchObject({
      typeName: 'Ydelsesopgave: hjælp til forsørgelse',
      currentStep: 'oplys-bevilling',
    });
    expect(task.steps.map((s) => [s.key, s.name, s.mode, s.skippable])).toEqual([
      ['oplys-bevilling', 'Oplys bevilling', 'manuel', false],
      ['kontroller-oplysninger', 'Kontrollér oplysninger', 'automatisk', true],
      ['vurder-tillaeg-og-fradrag', 'Vurder tillæg og fradrag', 'manuel', false],
      ['beregn-ydelse', 'Beregn ydelse', 'automatisk', true],
      ['opsummering', 'Opsummering', 'manuel', false],
    ]);
    const caseId = task.caseId as string;
    expect(task.data).toEqual({ sag: caseId, ydelse: 'kontanthjaelp' });
    expect(await caseOf(caseId)).toMatchObject({ status: 'under-oplysning', benefit: 'kontanthjaelp' });

    task = (await step(task, 'oplys-bevilling', { from: '2023-08-15', reason: 'Opfylder betingelserne' }))
      .task;
    // Rates and the tax card are there: "Kontrollér oplysninger" raises nothing and runs through.
    expect(stepOf(task, 'kontroller-oplysninger')?.status).toBe('gennemfoert');
    expect(task.queries).toEqual([]);
    expect(task.currentStep).toBe('vurder-tillaeg-og-fradrag');

    task = (await step(task, 'vurder-tillaeg-og-fradrag', { aktivitetsparat: false, fritidstillaeg: false }))
      .task;
    expect(task.currentStep).toBe('opsummering');
    // kontanthjaelp.over30.forsoerger 2023 = 15.874,00 kr.; August from the 15th: 17 of 31 days.
    const august = Math.round((1_587_400 * 17) / 31);
    expect(stepOf(task, 'beregn-ydelse')?.result).toEqual({
      'august 2023': formatDanishAmount(august),
      'september 2023': '15.874,00 kr.',
      'oktober 2023': '15.874,00 kr.',
    });

    const approved = await step(task, 'opsummering');
    expect(approved.task.status).toBe('afsluttet');
    const grant = await db
      .selectFrom('grants')
      .select(['id', 'valid_from', 'valid_to', 'reason'])
      .where('case_id', '=', caseId)
      .execute();
    expect(grant).toHaveLength(1);
    expect(approved.effects).toEqual({
      kvittering: {
        sag: caseId,
        status: 'bevilget',
        bevilling: { id: grant[0]?.id, from: '2023-08-15', to: null, reason: 'Opfylder betingelserne' },
        planlagteLinjer: ['2023-08', '2023-09', '2023-10'],
        tillaeg: { aktivitetsparat: false, fritidstillaeg: false },
        nyeOpgaver: [],
        nyeHaendelser: ['registrering-tilfoejet', 'sag-bevilget'],
      },
    });
    expect(await caseOf(caseId)).toMatchObject({
      status: 'bevilget',
      grant_from: '2023-08-15',
      grant_to: null,
    });
    expect((await linesOf(caseId)).map((l) => [l.period, l.run_month, l.status, l.gross])).toEqual([
      ['2023-08-01', '2023-10-01', 'planlagt', String(august)],
      ['2023-09-01', '2023-10-01', 'planlagt', '1587400'],
      ['2023-10-01', '2023-10-01', 'planlagt', '1587400'],
    ]);
    const receipt = await db
      .selectFrom('task_events')
      .select('data')
      .where('task_id', '=', task.id)
      .where('type', '=', 'opgave-virkning')
      .execute();
    expect(receipt.map((r) => r.data)).toEqual([approved.effects]);
  });

  it('"Vurder tillæg og fradrag" can never be skipped, "Godkend" waits for it, and closing by hand is refused; nothing changes', async () => {
    const cpr = await citizen();
    let task = must(await start(cpr, 'ydelsesopgave-htf'));
    task = (await step(task, 'oplys-bevilling', { from: '2023-09-01', reason: 'Opfylder betingelserne' }))
      .task;
    expect(task.currentStep).toBe('vurder-tillaeg-og-fradrag');
    const before = await everything();
    expect(await act(task, { kind: 'spring-over', step: 'vurder-tillaeg-og-fradrag' })).toMatchObject({
      ok: false,
      error: { code: 'trin-kan-ikke-springes-over' },
    });
    expect(await act(task, { kind: 'videre', step: 'opsummering' })).toMatchObject({
      ok: false,
      error: { code: 'trin-ude-af-raekkefoelge' },
    });
    expect(await act(task, { kind: 'afslut', reason: 'Færdig' })).toMatchObject({
      ok: false,
      error: { code: 'trin-mangler' },
    });
    expect(
      await act(task, {
        kind: 'videre',
        step: 'vurder-tillaeg-og-fradrag',
        input: { aktivitetsparat: 'ja' },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'ugyldigt-input', field: 'input.aktivitetsparat' },
    });
    expect(await everything()).toEqual(before);
    expect(await caseOf(task.caseId as string)).toMatchObject({ status: 'under-oplysning' });
  });

  it('a grant refused at "Godkend" (an overlapping grant appeared meanwhile) rolls the whole approval back', async () => {
    const cpr = await citizen();
    let task = must(await start(cpr, 'ydelsesopgave-htf'));
    task = (await step(task, 'oplys-bevilling', { from: '2023-09-01', reason: 'Opfylder betingelserne' }))
      .task;
    task = (await step(task, 'vurder-tillaeg-og-fradrag', { aktivitetsparat: false, fritidstillaeg: false }))
      .task;
    // Another kontanthjælp case of the person is granted over the same months in between.
    const other = must(
      await createCase(at(october5), sb101, 'api', cpr, {
        benefit: 'kontanthjaelp',
        municipality: '101',
        status: 'under-oplysning',
        from: '2023-09-01',
      }),
    ).id;
    must(await grantCase(at(october5), sb101, 'api', other, { from: '2023-09-01', reason: 'Anden sag' }));
    const before = await everything();
    expect(await act(task, { kind: 'videre', step: 'opsummering' })).toMatchObject({
      ok: false,
      error: { code: 'overlappende-bevilling' },
    });
    expect(await everything()).toEqual(before);
  });

  it('a month whose rate nobody sourced raises a mandatory undring that cannot be dismissed', async () => {
    // 2027: neither the sourced file nor the example file has the year's rates.
    const now = '2027-01-05T08:00:00Z';
    const cpr = await citizen({ now });
    let task = must(await start(cpr, 'ydelsesopgave-htf', {}, now));
    task = (
      await step(task, 'oplys-bevilling', { from: '2027-01-01', reason: 'Opfylder betingelserne' }, now)
    ).task;
    expect(task.currentStep).toBe('kontroller-oplysninger');
    expect(task.queries).toMatchObject([
      {
        id: 'kontroller-oplysninger:sats-mangler',
        mandatory: true,
        status: 'aaben',
        text: expect.stringContaining('mangler') as string,
      },
    ]);
    expect(
      await act(
        task,
        { kind: 'afvis-undring', query: 'kontroller-oplysninger:sats-mangler', note: 'Ligegyldigt' },
        now,
      ),
    ).toMatchObject({ ok: false, error: { code: 'obligatorisk-undring' } });
    expect(await act(task, { kind: 'videre', step: 'kontroller-oplysninger' }, now)).toMatchObject({
      ok: false,
      error: { code: 'aaben-undring' },
    });
  });

  it('chooses the person’s one case under investigation of the family instead of creating another', async () => {
    const cpr = await citizen();
    const existing = must(
      await createCase(at(october5), sb101, 'api', cpr, {
        benefit: 'uddannelseshjaelp',
        municipality: '101',
        status: 'under-oplysning',
        from: '2023-10-01',
      }),
    ).id;
    const task = must(await start(cpr, 'ydelsesopgave-htf'));
    expect(task.caseId).toBe(existing);
    expect(task.data).toEqual({ sag: existing, ydelse: 'uddannelseshjaelp' });
    expect(
      await db
        .selectFrom('cases')
        .innerJoin('persons', 'persons.id', 'cases.person_id')
        .where('persons.cpr', '=', cpr)
        .select('cases.id')
        .execute(),
    ).toHaveLength(1);
  });

  it('only the acting municipality starts it, and a refused start creates neither case nor task', async () => {
    const cpr = await citizen();
    const before = await everything();
    // 147 has no relation to the citizen: answered as for a CPR number of no one.
    const byOther = (who: string) =>
      startTask(at(october5), taskTypes, sb147, 'api', { type: 'ydelsesopgave-htf', cpr: who, data: {} });
    const unrelated = await byOther(cpr);
    expect(unrelated).toMatchObject({ ok: false, error: { code: 'ikke-fundet', field: 'cpr' } });
    expect(unrelated).toEqual(await byOther('0101800000'));
    expect(await start(cpr, 'ydelsesopgave-htf', { ydelse: 'saerlig-stoette' })).toMatchObject({
      ok: false,
      error: { code: 'ugyldigt-input', field: 'data.ydelse' },
    });
    expect(await everything()).toEqual(before);
  });
});

describe('the supplement assessment reaches the rule the run computes with', () => {
  /** A citizen of 25-29 without children (born 5 May 1995), living on their own, with a tax card. */
  async function young(): Promise<string> {
    serial += 1;
    const cpr = `0505951${String(100 + serial)}`;
    must(
      await createPerson(at(october5), sb101, 'api', {
        cpr,
        name: `Ung ${String(serial)}`,
        residence: [{ municipality: '101', from: '2015-01-01' }],
      }),
    );
    must(
      await addRegistration(at(october5), sb101, 'api', cpr, {
        kind: 'skattekort',
        from: '2023-01-01',
        taxRate: '38',
        monthlyAllowance: '4500.00',
      }),
    );
    return cpr;
  }

  async function grantedWith(aktivitetsparat: boolean) {
    let task = must(await start(await young(), 'ydelsesopgave-htf'));
    task = (await step(task, 'oplys-bevilling', { from: '2023-10-01', reason: 'Opfylder betingelserne' }))
      .task;
    task = (await step(task, 'vurder-tillaeg-og-fradrag', { aktivitetsparat, fritidstillaeg: false })).task;
    const shown = stepOf(task, 'beregn-ydelse')?.result?.['oktober 2023'];
    await step(task, 'opsummering');
    const caseId = task.caseId as string;
    const registered = await db
      .selectFrom('registrations')
      .select(['kind', 'valid_from', 'valid_to', 'value'])
      .where('case_id', '=', caseId)
      .execute();
    return { shown, lines: await linesOf(caseId), registered };
  }

  it('aktivitetsparat: a tillaeg registration for the grant, and the planned line pays the aktivitetstillæg Beregn ydelse showed', async () => {
    const ready = await grantedWith(true);
    const not = await grantedWith(false);
    expect(ready.registered).toEqual([
      {
        kind: 'tillaeg',
        valid_from: '2023-10-01',
        valid_to: null,
        value: { kind: 'tillaeg', activityReady: true, leisureSupplement: false },
      },
    ]);
    const gross = (lines: { gross: string | number }[]) => Number(lines[0]?.gross);
    expect(formatDanishAmount(gross(ready.lines))).toBe(ready.shown);
    expect(formatDanishAmount(gross(not.lines))).toBe(not.shown);
    // kontanthjaelp.aktivitetstillaeg.25_29.udeboende is sourced for 2023: the supplement is paid on top.
    expect(gross(ready.lines)).toBeGreaterThan(gross(not.lines));
  });
});

describe('needs-based families', () => {
  it('særlig støtte: "Fastsæt beløb" becomes a bevilget-beloeb registration on approval, and the lines pay it', async () => {
    const cpr = await citizen({ taxCard: false });
    let task = must(await start(cpr, 'ydelsesopgave-saerlig-stoette'));
    expect(task.steps.map((s) => s.key)).toEqual([
      'oplys-bevilling',
      'kontroller-oplysninger',
      'fastsaet-beloeb',
      'beregn-ydelse',
      'opsummering',
    ]);
    task = (
      await step(task, 'oplys-bevilling', {
        from: '2023-10-01',
        to: '2023-12-31',
        reason: 'Høje boligudgifter',
      })
    ).task;
    // No tax card: an undring that is not mandatory stops the automatic step.
    expect(task.currentStep).toBe('kontroller-oplysninger');
    expect(task.queries).toMatchObject([
      { id: 'kontroller-oplysninger:skattekort-mangler', mandatory: false },
    ]);
    task = must(
      await act(task, {
        kind: 'afvis-undring',
        query: 'kontroller-oplysninger:skattekort-mangler',
        note: 'Skattekort kommer',
      }),
    ).task;
    task = (await step(task, 'kontroller-oplysninger')).task;
    expect(task.currentStep).toBe('fastsaet-beloeb');
    expect(
      await act(task, {
        kind: 'videre',
        step: 'fastsaet-beloeb',
        input: { beloeb: '-5.00', begrundelse: 'x' },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'ugyldigt-beloeb', field: 'input.beloeb' },
    });
    task = (
      await step(task, 'fastsaet-beloeb', { beloeb: '1500.00', begrundelse: 'Rådighedsbeløb under grænsen' })
    ).task;
    expect(stepOf(task, 'beregn-ydelse')?.result).toEqual({
      'oktober 2023': '1.500,00 kr.',
      'november 2023': '1.500,00 kr.',
      'december 2023': '1.500,00 kr.',
    });
    expect(
      await db.selectFrom('registrations').where('case_id', '=', task.caseId).select('id').execute(),
    ).toEqual([]);
    const approved = await step(task, 'opsummering');
    expect(approved.effects).toMatchObject({
      kvittering: {
        status: 'bevilget',
        planlagteLinjer: ['2023-10'],
        bevilgetBeloeb: { beloeb: '1500.00' },
        nyeHaendelser: ['registrering-tilfoejet', 'sag-bevilget'],
      },
    });
    const registrations = await db
      .selectFrom('registrations')
      .select(['kind', 'valid_from', 'valid_to', 'reason'])
      .where('case_id', '=', task.caseId)
      .execute();
    expect(registrations).toEqual([
      {
        kind: 'bevilget-beloeb',
        valid_from: '2023-10-01',
        valid_to: '2023-12-31',
        reason: 'Rådighedsbeløb under grænsen',
      },
    ]);
    expect((await linesOf(task.caseId as string)).map((l) => [l.period, l.gross])).toEqual([
      ['2023-10-01', '150000'],
    ]);
  });

  it('enkeltydelse approved without its invoice records that a recalculation follows', async () => {
    const cpr = await citizen();
    let task = must(await start(cpr, 'ydelsesopgave-enkeltydelse'));
    task = (
      await step(task, 'oplys-bevilling', { from: '2023-10-01', to: '2023-10-31', reason: 'Tandbehandling' })
    ).task;
    task = (await step(task, 'fastsaet-beloeb', { beloeb: '2400.00', begrundelse: 'Overslag fra tandlæge' }))
      .task;
    expect(task.currentStep).toBe('afvent-dokumentation');
    task = must(await act(task, { kind: 'spring-over', step: 'afvent-dokumentation' })).task;
    const approved = await step(task, 'opsummering');
    expect(approved.effects).toMatchObject({ kvittering: { status: 'bevilget', genberegningFoelger: true } });
  });
});

describe('Afslut bevilling', () => {
  it('ends the granted case’s grant through endGrant, and refuses an end before the grant’s start without changing anything', async () => {
    const cpr = await citizen();
    let benefit = must(await start(cpr, 'ydelsesopgave-htf'));
    benefit = (
      await step(benefit, 'oplys-bevilling', { from: '2023-08-15', reason: 'Opfylder betingelserne' })
    ).task;
    benefit = (
      await step(benefit, 'vurder-tillaeg-og-fradrag', { aktivitetsparat: false, fritidstillaeg: false })
    ).task;
    await step(benefit, 'opsummering');
    const caseId = benefit.caseId as string;

    expect(await start(cpr, 'afslut-bevilling')).toMatchObject({ ok: false, error: { field: 'data.sag' } });
    let task = must(await start(cpr, 'afslut-bevilling', { sag: caseId }));
    expect(task.steps.map((s) => [s.key, s.skippable])).toEqual([
      ['oplys-afslutning', false],
      ['opsummering', false],
    ]);
    task = (await step(task, 'oplys-afslutning', { to: '2023-08-01', reason: 'Fejl' })).task;
    const before = await everything();
    expect(await act(task, { kind: 'videre', step: 'opsummering' })).toMatchObject({
      ok: false,
      error: { code: 'ugyldig-periode' },
    });
    expect(await everything()).toEqual(before);
    task = must(await act(task, { kind: 'tilbage', step: 'oplys-afslutning' })).task;
    task = (await step(task, 'oplys-afslutning', { to: '2023-09-30', reason: 'I arbejde' })).task;
    const ended = await step(task, 'opsummering');
    expect(ended.effects).toMatchObject({
      kvittering: {
        sag: caseId,
        status: 'afsluttet',
        stoppedeLinjer: 1,
        nyeHaendelser: ['bevilling-afsluttet', 'sag-afsluttet'],
      },
    });
    expect(await caseOf(caseId)).toMatchObject({ status: 'afsluttet', grant_to: '2023-09-30' });
    expect((await linesOf(caseId)).map((l) => [l.period, l.status])).toEqual([
      ['2023-08-01', 'planlagt'],
      ['2023-09-01', 'planlagt'],
      ['2023-10-01', 'stoppet'],
    ]);
  });
});
