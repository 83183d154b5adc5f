/**
 * `ydelse sag genberegn SAG [--fra] [--til] [--vis] [--begrundelse]`: the per-month table as a preview that
 * changes nothing, approval that plans the difference for the next run, and bad input refused naming the
 * option. The CLI runs on the real clock: the case is paid for the three months before this one.
 */
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../src/cases/index.ts';
import { localDate, SimulatedClock, type MunicipalityCode } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { markPaid } from './support/paid-months.ts';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';

const thisMonth = localDate(Temporal.Now.instant()).toPlainYearMonth();
const first = thisMonth.subtract({ months: 3 });
const middle = thisMonth.subtract({ months: 2 });
const last = thisMonth.subtract({ months: 1 });
const as101 = ['--bruger', 'sb101', '--bruger-kommune', '101'];
const cpr = '070362-1015';
let db: Db;
let caseId: string;

const state = async () => ({
  lines: await db.selectFrom('payment_lines').selectAll().orderBy('id').execute(),
  recalculations: await db.selectFrom('recalculations').selectAll().execute(),
  claims: await db.selectFrom('repayment_claims').selectAll().execute(),
});

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = 'silent';
  const created = await cli(
    ...as101,
    'person',
    'create',
    '--cpr',
    cpr,
    '--navn',
    'Gert Genberegn',
    '--kommune',
    '101',
    '--fra',
    '2018-01-01',
  );
  expect(created.code).toBe(0);
  // Granted a fixed 9.000,00 kr. a month from three months ago; those months' lines are marked paid, the
  // middle one at 8.000,00 kr. (as if paid under an earlier amount).
  const opened = await createCase(
    { db, clock: new SimulatedClock(Temporal.Now.instant()) },
    { kind: 'bruger', userId: 'sb101', municipality: '101' as MunicipalityCode, roles: ['sagsbehandler'] },
    'api',
    cpr,
    {
      benefit: 'kontanthjaelp',
      municipality: '101',
      status: 'bevilget',
      from: first.toPlainDate({ day: 1 }).toString(),
      monthly: '9000.00',
    },
  );
  if (!opened.ok) throw new Error(opened.error.message);
  caseId = opened.value.id;
  await markPaid(
    db,
    cpr,
    caseId,
    [first, middle, last].map(
      (month) =>
        [month.toPlainDate({ day: 1 }).toString(), month.equals(middle) ? 800_000 : 900_000] as const,
    ),
  );
});

describe('ydelse sag genberegn', () => {
  it('--vis shows paid, recomputed and the difference per month, and changes nothing', async () => {
    const before = await state();
    const shown = await cli(...as101, 'sag', 'genberegn', caseId, '--vis');
    expect(shown.err).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(
      new RegExp(`${first.toString()} +9\\.000,00 kr\\. +9\\.000,00 kr\\. +0,00 kr\\.`),
    );
    expect(shown.out).toMatch(
      new RegExp(`${middle.toString()} +8\\.000,00 kr\\. +9\\.000,00 kr\\. +\\+1\\.000,00 kr\\.`),
    );
    expect(shown.out).toMatch(/I alt +26\.000,00 kr\. +27\.000,00 kr\. +\+1\.000,00 kr\./);
    expect(await state()).toEqual(before);
  });

  it.each<[string[], RegExp, number]>([
    [['--fra', '2024-1'], /Fejl i --fra: Måneden skal skrives ÅÅÅÅ-MM.*\[ugyldig-dato\]/, 2],
    [
      ['--til', thisMonth.add({ months: 2 }).toString()],
      /Fejl i --til: .*ikke kørt endnu.*\[ugyldig-periode\]/,
      3,
    ],
    [['--fra', '2018-01'], /Fejl i --fra: .*før sagens første bevilling.*\[ugyldig-periode\]/, 3],
    [['--version', 'x'], /Fejl i --version/, 2],
  ])('%s is refused naming the option, and changes nothing', async (options, message, code) => {
    const before = await state();
    const refused = await cli(...as101, 'sag', 'genberegn', caseId, ...options);
    expect(refused.err).toMatch(message);
    expect(refused.code).toBe(code);
    expect(await state()).toEqual(before);
  });

  it('an unknown case, and a case of a citizen unrelated to the municipality, are refused alike', async () => {
    const unknown = await cli(...as101, 'sag', 'genberegn', '00000000-0000-4000-8000-000000000000');
    expect(unknown.err).toMatch(/\[ikke-fundet\]/);
    expect(unknown.code).toBe(4);
    const as147 = ['--bruger', 'sb147', '--bruger-kommune', '147'];
    const other = await cli(...as147, 'sag', 'genberegn', caseId);
    expect(other.code).toBe(4);
    expect(other.err).toBe('Fejl i SAG: Sagen findes ikke [ikke-fundet]');
    expect((await cli(...as147, 'sag', 'genberegn', '00000000-0000-4000-8000-000000000000')).err).toBe(
      other.err,
    );
  });

  it('approval plans the difference for the next run and says so', async () => {
    const done = await cli(...as101, 'sag', 'genberegn', caseId, '--begrundelse', 'Forkert beløb udbetalt');
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/Genberegning [0-9a-f-]{36} godkendt/);
    expect(done.out).toMatch(
      new RegExp(`Efterbetaling for ${middle.toString()}: 1\\.000,00 kr\\. ved kørslen for \\d{4}-\\d{2}`),
    );
    expect(done.out).toContain('Hændelser: genberegning-godkendt');
    const line = await db
      .selectFrom('payment_lines')
      .select(['gross', 'status'])
      .where('case_id', '=', caseId)
      .where('period', '=', middle.toPlainDate({ day: 1 }).toString())
      .where('status', '=', 'planlagt')
      .executeTakeFirstOrThrow();
    expect(line).toEqual({ gross: '100000', status: 'planlagt' });
    const again = await cli(...as101, 'sag', 'genberegn', caseId, '--fra', last.toString());
    expect(again.code).toBe(0);
    expect(again.out).not.toContain('Efterbetaling for');
  });
});
