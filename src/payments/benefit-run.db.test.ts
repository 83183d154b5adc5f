/**
 * The run pays benefits computed by their rules: a kontanthjælp granted after its start month gets a line
 * for every month already run (efterbetaling), each computed with that month's rule and the sourced rates,
 * tax withheld by the registered tax card, and every line explained; a month whose rate nobody sourced is
 * deferred to the next run with the rate named, never paid wrong and never skipped.
 */
import fs from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { addRegistration, createCase, findAffectedCases, grantCase } from '../cases/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn, type Occurrence } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import { importRates, markDemoInstallation, previewRates } from '../rates/index.ts';
import { getPaymentStatements } from './get-payment-statement.ts';
import { runMonthlyPayments } from './monthly-run.ts';

let db: Db;
const at = (instant: string): Deps => ({ db, clock: new SimulatedClock(Temporal.Instant.from(instant)) });
const caseworker: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);

function monthlyRun(month: string): Occurrence {
  const m = Temporal.PlainYearMonth.from(month);
  for (let day = 1; day <= m.daysInMonth; day += 1) {
    const found = occurrencesOn(m.toPlainDate({ day })).find((o) => o.job === 'maanedskoersel');
    if (found !== undefined) return found;
  }
  throw new Error(`no run in ${month}`);
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A person born 5 May 1980 (over 30 in every month here) with a kontanthjælp case under investigation. */
async function applicant(cpr: string, now: string): Promise<string> {
  must(
    await createPerson(at(now), caseworker, 'api', {
      cpr,
      name: `Ansøger ${cpr}`,
      residence: [{ municipality: '101', from: '2015-01-01' }],
    }),
  );
  return must(
    await createCase(at(now), caseworker, 'api', cpr, {
      benefit: 'kontanthjaelp',
      municipality: '101',
      status: 'under-oplysning',
      from: '2015-01-01',
    }),
  ).id;
}

const lines = (cpr: string) =>
  db
    .selectFrom('payment_lines as l')
    .innerJoin('persons as p', 'p.id', 'l.person_id')
    .select(['l.period', 'l.run_month', 'l.status', 'l.gross', 'l.atp', 'l.tax', 'l.net', 'l.explanation'])
    .where('p.cpr', '=', cpr)
    .orderBy('l.period')
    .orderBy('l.run_month')
    .execute();

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const sourced = fs.readFileSync(new URL('../../data/satser/satser.csv', import.meta.url), 'utf8');
  must(await importRates(at('2023-01-02T08:00:00Z'), systemActor('test'), sourced, { replace: false }));
  // ATP for 2023 (ADR 0020) has no sourced rows: the demo's example rows, which only the demo accepts.
  await markDemoInstallation(db);
  const examples = fs.readFileSync(new URL('../../data/satser/eksempel.csv', import.meta.url), 'utf8');
  must(await importRates(at('2023-01-02T08:00:00Z'), systemActor('test'), examples, { replace: false }));
});

describe('a kontanthjælp granted after its start month (sourced 2023 rates)', () => {
  const cpr = '0505805001';

  beforeAll(async () => {
    const now = '2023-10-05T08:00:00Z'; // before the October run (24 Oct): August and September have run
    const caseId = await applicant(cpr, now);
    must(
      await addRegistration(at(now), caseworker, 'api', cpr, {
        kind: 'barn',
        from: '2015-03-01',
        birthDate: '2015-03-01',
      }),
    );
    must(
      await addRegistration(at(now), caseworker, 'api', cpr, {
        kind: 'skattekort',
        from: '2023-01-01',
        taxRate: '38',
        monthlyAllowance: '4500.00',
      }),
    );
    must(
      await grantCase(at(now), caseworker, 'api', caseId, {
        version: 1,
        from: '2023-08-15',
        reason: 'Opfylder betingelserne',
      }),
    );
  });

  it('plans a late line for August and September, paid by the October run, and October’s own', async () => {
    expect((await lines(cpr)).map((l) => [l.period, l.run_month, l.status])).toEqual([
      ['2023-08-01', '2023-10-01', 'planlagt'],
      ['2023-09-01', '2023-10-01', 'planlagt'],
      ['2023-10-01', '2023-10-01', 'planlagt'],
    ]);
  });

  it('the October run computes each month with its rule and rates, withholds tax, and explains it', async () => {
    const october = monthlyRun('2023-10');
    await runMonthlyPayments(at(october.at.toString()), october);
    const computed = (await lines(cpr)).filter((l) => l.period <= '2023-10-01');
    // kontanthjaelp.over30.forsoerger 2023 = 15.874,00 kr. (bm.dk); August from the 15th: 17 of 31 days.
    expect(computed.map((l) => [l.period, l.status, l.gross])).toEqual([
      ['2023-08-01', 'beregnet', String(Math.round((1_587_400 * 17) / 31))],
      ['2023-09-01', 'beregnet', '1587400'],
      ['2023-10-01', 'beregnet', '1587400'],
    ]);
    // ATP (example rows 2023, forsørger): each month reaches its size, August's reduced with the days
    // (15.874,00 × 17/31 = 8.705,10); the citizen's 95,00, August 95,00 × 17/31 = 52,10.
    expect(computed.map((l) => l.atp)).toEqual(['24210', '0', '0']);
    for (const line of computed) {
      // Conserved, and taxed with the card: 38 % of what is left after ATP and the allowance, spread over
      // the lines.
      expect(Number(line.gross)).toBe(Number(line.atp) + Number(line.tax) + Number(line.net));
      const benefit = (line.explanation as { benefit: { lines: { explanation: { rule: string } }[] } })
        .benefit;
      expect(benefit.lines[0]?.explanation.rule).toMatch(/^kontanthjaelp@/);
    }
    const gross = computed.reduce((sum, l) => sum + Number(l.gross), 0);
    const tax = computed.reduce((sum, l) => sum + Number(l.tax), 0);
    expect(tax).toBe(Math.round(((gross - 24_210 - 450_000) * 3800) / 10_000));
  });

  it('the October statement lists the late months and each month’s parts from the rule', async () => {
    const statements = must(
      await getPaymentStatements(at('2023-10-30T08:00:00Z'), caseworker, 'api', cpr, '2023-10', {
        compress: false,
      }),
    );
    const content = statements[0]?.content;
    expect(content?.lines.map((l) => l.period)).toEqual(['2023-08', '2023-09', '2023-10']);
    for (const line of content?.lines ?? []) {
      expect(line.parts.reduce((sum, part) => sum + part.amount, 0)).toBe(line.gross);
    }
    // The month's ATP used the example rows for 2023: the statement says so.
    expect(content?.usesExampleRate).toBe(true);
    expect(content?.atp).toBe(24_210);
    expect(content?.taxCardMissing).toBe(false);
    expect(content?.withheldWithoutCard).toBe(false);
    expect(content && content.gross - content.atp - content.tax).toBe(content?.net);
  });

  it('a rate file’s preview lists the case whose coming payment it changes, and by how much', async () => {
    const header = 'noegle,beskrivelse,fra,til,beloeb,enhed,hjemmel,kilde,kildetype';
    const row =
      'kontanthjaelp.over30.forsoerger,Rettet sats,2023-11-01,2023-12-31,16000.00,md,aktivloven § 25,https://example.org/rettelse,officiel';
    const preview = must(
      await previewRates(
        at('2023-10-30T08:00:00Z'),
        systemActor('test'),
        `${header}\n${row}\n`,
        findAffectedCases,
      ),
    );
    expect(preview.affectedCases?.map((c) => [c.cpr, c.month.toString(), c.before, c.after])).toEqual([
      [cpr, '2023-11', 1_587_400, 1_600_000],
    ]);
  });
});

describe('a month whose rate nobody sourced (kontanthjælp 2022)', () => {
  const cpr = '0505805002';

  it('is not paid wrong and not skipped: the line moves to the next run, and an event names the rate', async () => {
    const now = '2022-11-02T09:00:00Z';
    const caseId = await applicant(cpr, now);
    must(
      await grantCase(at(now), caseworker, 'api', caseId, {
        version: 1,
        from: '2022-11-01',
        reason: 'Opfylder betingelserne',
      }),
    );
    const november = monthlyRun('2022-11');
    const summary = await runMonthlyPayments(at(november.at.toString()), november);
    expect(summary.municipalities).toMatchObject({ '101': { computed: 0, deferred: 1 } });
    // The November line moves to December's run; December's own line is planned at 0 (not computable yet).
    expect((await lines(cpr)).map((l) => [l.period, l.run_month, l.status, l.gross])).toEqual([
      ['2022-11-01', '2022-12-01', 'planlagt', '0'],
      ['2022-12-01', '2022-12-01', 'planlagt', '0'],
    ]);
    const events = await db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('type', '=', 'beregning-udskudt')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ code: 'sats-mangler', period: '2022-11', runMonth: '2022-12' });
    expect(String(events[0]?.data['message'])).toMatch(/kontanthjaelp\..+ mangler for november 2022/);
  });
});
