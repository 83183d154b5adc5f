/**
 * `ydelse tasks start` and `ydelse tasks handl`: a særlig støtte granted from the command line through the
 * benefit task, and bad input refused naming the option or the part of the handling, changing nothing.
 */
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { addRegistration } from '../src/cases/index.ts';
import { localDate, SimulatedClock, type MunicipalityCode } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';

// The CLI runs on the real clock: dates are relative to today.
const today = localDate(Temporal.Now.instant());
const as101 = ['--bruger', 'sb101', '--bruger-kommune', '101'];
const karen = '070362-1007';
let db: Db;

const counts = async () => ({
  cases: (await db.selectFrom('cases').select('id').execute()).length,
  tasks: (await db.selectFrom('tasks').select(['id', 'version']).execute()).map((t) => t.version),
  grants: (await db.selectFrom('grants').select('id').execute()).length,
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
    karen,
    '--navn',
    'Karen Testesen',
    '--kommune',
    '101',
    '--fra',
    '2018-01-01',
  );
  expect(created.code).toBe(0);
  const card = await addRegistration(
    { db, clock: new SimulatedClock(Temporal.Now.instant()) },
    { kind: 'bruger', userId: 'sb101', municipality: '101' as MunicipalityCode, roles: ['sagsbehandler'] },
    'api',
    karen,
    { kind: 'skattekort', from: '2020-01-01', taxRate: '38', monthlyAllowance: '4500.00' },
  );
  if (!card.ok) throw new Error(card.error.message);
});

const idOf = (out: string): string => /Opgave ([0-9a-f-]{36})/.exec(out)?.[1] ?? '';

describe('ydelse tasks start / handl', () => {
  it('grants a særlig støtte: start, Oplys bevilling, Fastsæt beløb, Godkend with its receipt', async () => {
    const started = await cli(...as101, 'tasks', 'start', 'ydelsesopgave-saerlig-stoette', karen);
    expect(started.err).toBe('');
    expect(started.code).toBe(0);
    expect(started.out).toContain('Ydelsesopgave: særlig støtte');
    expect(started.out).toMatch(/> oplys-bevilling {2}Oplys bevilling {2}aktiv/);
    const id = idOf(started.out);

    const grant = JSON.stringify({
      kind: 'videre',
      step: 'oplys-bevilling',
      input: { from: today.toString(), reason: 'Høje udgifter' },
    });
    const first = await cli(...as101, 'tasks', 'handl', id, grant);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/> fastsaet-beloeb {2}Fastsæt beløb {2}aktiv {2}\(kan ikke springes over\)/);

    const amount = await cli(
      ...as101,
      'tasks',
      'handl',
      id,
      JSON.stringify({
        kind: 'videre',
        step: 'fastsaet-beloeb',
        input: { beloeb: '1200.00', begrundelse: 'Rådighedsbeløb' },
      }),
    );
    expect(amount.code).toBe(0);
    expect(amount.out).toContain('1.200,00 kr.');
    expect(amount.out).toMatch(/> opsummering/);

    const approved = await cli(...as101, 'tasks', 'handl', id, '{"kind":"videre","step":"opsummering"}');
    expect(approved.code).toBe(0);
    expect(approved.out).toContain('afsluttet');
    expect(approved.out).toContain('Kvittering:');
    expect(approved.out).toContain('"status": "bevilget"');
    const cases = await db.selectFrom('cases').select(['status', 'benefit']).execute();
    expect(cases).toEqual([{ status: 'bevilget', benefit: 'saerlig-stoette' }]);
  });

  it('refuses bad input naming the option or the handling’s part, and changes nothing', async () => {
    const started = await cli(...as101, 'tasks', 'start', 'ydelsesopgave-helbredstillaeg', karen);
    const id = idOf(started.out);
    const before = await counts();
    const refused: [string[], RegExp][] = [
      [
        ['tasks', 'start', 'ydelsesopgave-htf', karen, '--ydelse', 'enkeltydelse'],
        /Fejl i --ydelse: .*\[ugyldigt-input\]/,
      ],
      [['tasks', 'start', 'ydelsesopgave-htf', karen, '--sag', 'x'], /Fejl i --sag: .*\[ikke-fundet\]/],
      [['tasks', 'start', 'findes-ikke', karen], /Fejl i TYPE: .*\[ukendt-opgavetype\]/],
      [['tasks', 'handl', id, '{'], /Fejl i HANDLING: Handlingen skal være JSON \[ugyldigt-input\]/],
      [
        [
          'tasks',
          'handl',
          id,
          '{"kind":"videre","step":"oplys-bevilling","input":{"from":"2025-02-30","reason":"x"}}',
        ],
        /Fejl i HANDLING.input.from: .*\[ugyldig-dato\]/,
      ],
      [
        ['tasks', 'handl', id, '{"kind":"spring-over","step":"oplys-bevilling"}'],
        /\[trin-kan-ikke-springes-over\]/,
      ],
      [['tasks', 'handl', id, '{"kind":"videre","step":"opsummering"}', '--version', '99'], /\[konflikt\]/],
    ];
    for (const [args, message] of refused) {
      const result = await cli(...as101, ...args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.err, args.join(' ')).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });
});
