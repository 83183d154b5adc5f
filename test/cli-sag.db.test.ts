import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../src/cases/index.ts';
import { localDate, SimulatedClock, type MunicipalityCode } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';

// The CLI runs on the real clock: dates are relative to today.
const today = localDate(Temporal.Now.instant());
const as101 = ['--bruger', 'sb101', '--bruger-kommune', '101'];
const karen = '070362-1007';
let db: Db;
let caseId: string;

async function rowCounts(): Promise<unknown> {
  const count = async (table: 'cases' | 'grants' | 'registrations' | 'events') =>
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  return {
    cases: await count('cases'),
    grants: await count('grants'),
    registrations: await count('registrations'),
    events: await count('events'),
  };
}

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
  const opened = await createCase(
    { db, clock: new SimulatedClock(Temporal.Now.instant()) },
    { kind: 'bruger', userId: 'sb101', municipality: '101' as MunicipalityCode, roles: ['sagsbehandler'] },
    'api',
    karen,
    { benefit: 'kontanthjaelp', municipality: '101', status: 'under-oplysning', from: today.toString() },
  );
  if (!opened.ok) throw new Error(opened.error.message);
  caseId = opened.value.id;
});

describe('ydelse sag', () => {
  it('refuses bad input naming the option, and changes nothing', async () => {
    const before = await rowCounts();
    const cases: [string[], RegExp, number][] = [
      [
        [
          'sag',
          'bevil',
          caseId,
          '--fra',
          today.toString(),
          '--til',
          today.subtract({ days: 1 }).toString(),
          '--begrundelse',
          'x',
        ],
        /Fejl i --til: .*\[ugyldig-periode\]/,
        3,
      ],
      [
        ['sag', 'bevil', caseId, '--fra', '2025-02-30', '--begrundelse', 'x'],
        /Fejl i --fra: .*\[ugyldig-dato\]/,
        2,
      ],
      [['sag', 'bevil', caseId, '--fra', today.toString()], /Fejl i --begrundelse: .*\[ugyldigt-input\]/, 2],
      [
        ['sag', 'bevil', caseId, '--fra', today.toString(), '--begrundelse', 'x', '--version', 'en'],
        /Fejl i --version: .*\[ugyldigt-input\]/,
        2,
      ],
      [
        ['sag', 'bevil', caseId, '--fra', today.toString(), '--begrundelse', 'x', '--version', '7'],
        /Fejl i --version: .*\[konflikt\]/,
        3,
      ],
      [
        ['sag', 'bevil', 'ikke-en-sag', '--fra', today.toString(), '--begrundelse', 'x'],
        /Fejl i SAG: .*\[ikke-fundet\]/,
        4,
      ],
      [
        ['sag', 'afslut', caseId, '--til', today.toString(), '--begrundelse', 'x'],
        /\[ugyldig-sagsstatus\]/,
        3,
      ],
    ];
    for (const [args, message, exit] of cases) {
      const result = await cli(...as101, ...args);
      expect(result.err).toMatch(message);
      expect(result.code).toBe(exit);
    }
    const other = await cli(
      '--bruger',
      'sb147',
      '--bruger-kommune',
      '147',
      'sag',
      'bevil',
      caseId,
      '--fra',
      today.toString(),
      '--begrundelse',
      'x',
    );
    // 147 has no relation to Karen: her case is unknown to it.
    expect(other.code).toBe(4);
    expect(other.err).toBe('Fejl i SAG: Sagen findes ikke [ikke-fundet]');
    expect(await rowCounts()).toEqual(before);
  });

  it('grants, shows and ends a case', async () => {
    const granted = await cli(
      ...as101,
      'sag',
      'bevil',
      caseId,
      '--fra',
      today.toString(),
      '--begrundelse',
      'Betingelserne er opfyldt',
      '--version',
      '1',
    );
    expect(granted.err).toBe('');
    expect(granted.code).toBe(0);
    expect(granted.out).toMatch(/bevilget/);

    const shown = await cli(...as101, 'sag', 'vis', karen);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`${caseId}  kontanthjaelp  bevilget  kommune 101  version 2`);
    expect(shown.out).toContain(`${today.toString()} – løbende`);
    expect(shown.out).toContain('Begrundelse: Betingelserne er opfyldt');

    const early = await cli(
      ...as101,
      'sag',
      'afslut',
      caseId,
      '--til',
      today.subtract({ days: 1 }).toString(),
      '--begrundelse',
      'x',
    );
    expect(early.err).toMatch(/Fejl i --til: .*\[ugyldig-periode\]/);

    const ended = await cli(
      ...as101,
      'sag',
      'afslut',
      caseId,
      '--til',
      today.add({ days: 30 }).toString(),
      '--begrundelse',
      'I arbejde',
    );
    expect(ended.code).toBe(0);
    const json = JSON.parse((await cli(...as101, 'sag', 'vis', karen, '--json')).out) as {
      cases: { grants: { to: string | null; supersededAt: string | null }[] }[];
    };
    expect(json.cases[0]?.grants.map((g) => [g.to, g.supersededAt === null])).toEqual([
      [null, false],
      [today.add({ days: 30 }).toString(), true],
    ]);
  });

  it('changes a grant by its id', async () => {
    const json = JSON.parse((await cli(...as101, 'sag', 'vis', karen, '--json')).out) as {
      cases: { id: string; grants: { id: string; supersededAt: string | null }[] }[];
    };
    const standing = json.cases[0]?.grants.find((g) => g.supersededAt === null)?.id ?? '';
    const changed = await cli(
      ...as101,
      'sag',
      'aendr',
      caseId,
      standing,
      '--fra',
      today.toString(),
      '--til',
      today.add({ days: 60 }).toString(),
      '--begrundelse',
      'Forlænget',
    );
    expect(changed.err).toBe('');
    expect(changed.out).toContain(`${today.toString()} – ${today.add({ days: 60 }).toString()}`);
    const gone = await cli(
      ...as101,
      'sag',
      'aendr',
      caseId,
      standing,
      '--fra',
      today.toString(),
      '--begrundelse',
      'x',
    );
    expect(gone.err).toMatch(/Fejl i --bevilling: .*\[konflikt\]/);
  });

  it('rejects a case under investigation', async () => {
    const opened = await createCase(
      { db, clock: new SimulatedClock(Temporal.Now.instant()) },
      { kind: 'bruger', userId: 'sb101', municipality: '101' as MunicipalityCode, roles: ['sagsbehandler'] },
      'api',
      karen,
      { benefit: 'enkeltydelse', municipality: '101', status: 'under-oplysning', from: today.toString() },
    );
    if (!opened.ok) throw new Error(opened.error.message);
    const rejected = await cli(
      ...as101,
      'sag',
      'afvis',
      opened.value.id,
      '--begrundelse',
      'Ingen dokumentation',
    );
    expect(rejected.code).toBe(0);
    expect(rejected.out).toContain('enkeltydelse  afvist');
  });
});

describe('ydelse registrering', () => {
  it('adds and shows registrations, as known now and before', async () => {
    const before = Temporal.Now.instant().subtract({ seconds: 1 }).toString();
    const added = await cli(
      ...as101,
      'registrering',
      'tilfoej',
      karen,
      '--art',
      'skattekort',
      '--fra',
      '2025-01-01',
      '--skatteprocent',
      '38,5',
      '--fradrag',
      '4200.00',
    );
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    const shown = await cli(...as101, 'registrering', 'vis', karen);
    expect(shown.out).toMatch(
      /skattekort {2}2025-01-01 – løbende {2}taxRate=38\.50 monthlyAllowance=4200\.00/,
    );
    const earlier = await cli(...as101, 'registrering', 'vis', karen, '--kendt-pr', before);
    expect(earlier.out).toMatch(/registreringer kendt pr\. .*: ingen/);
  });

  it('corrects and ends a registration; a second correction of the old row is a conflict', async () => {
    const added = await cli(
      ...as101,
      'registrering',
      'tilfoej',
      karen,
      '--art',
      'boligudgift',
      '--fra',
      '2025-01-01',
      '--maanedligt',
      '6500.00',
    );
    const id = /Registrering (\S+) tilføjet/.exec(added.out)?.[1] ?? '';
    const corrected = await cli(
      ...as101,
      'registrering',
      'ret',
      id,
      '--art',
      'boligudgift',
      '--fra',
      '2025-01-01',
      '--maanedligt',
      '6800.00',
      '--begrundelse',
      'Ny husleje',
    );
    expect(corrected.code).toBe(0);
    const newId = /Registrering (\S+) rettet/.exec(corrected.out)?.[1] ?? '';
    const again = await cli(
      ...as101,
      'registrering',
      'ret',
      id,
      '--art',
      'boligudgift',
      '--fra',
      '2025-01-01',
      '--maanedligt',
      '7000.00',
      '--begrundelse',
      'x',
    );
    expect(again.err).toMatch(/Fejl i REGISTRERING: .*\[konflikt\]/);
    const early = await cli(
      ...as101,
      'registrering',
      'afslut',
      newId,
      '--til',
      '2024-12-31',
      '--begrundelse',
      'x',
    );
    expect(early.err).toMatch(/Fejl i --til: .*\[ugyldig-periode\]/);
    const ended = await cli(
      ...as101,
      'registrering',
      'afslut',
      newId,
      '--til',
      '2025-06-30',
      '--begrundelse',
      'Fraflyttet',
    );
    expect(ended.code).toBe(0);
    expect(ended.out).toMatch(/boligudgift {2}2025-01-01 – 2025-06-30 {2}monthly=6800\.00/);
  });

  it('refuses bad input naming the option, and changes nothing', async () => {
    const before = await rowCounts();
    const cases: [string[], RegExp][] = [
      [
        [
          'tilfoej',
          karen,
          '--art',
          'skattekort',
          '--fra',
          '2025-01-01',
          '--skatteprocent',
          '101',
          '--fradrag',
          '0.00',
        ],
        /Fejl i --skatteprocent: .*\[ugyldig-skatteprocent\]/,
      ],
      [
        [
          'tilfoej',
          karen,
          '--art',
          'boligudgift',
          '--fra',
          '2025-02-01',
          '--til',
          '2025-01-31',
          '--maanedligt',
          '1.00',
        ],
        /Fejl i --til: .*\[ugyldig-periode\]/,
      ],
      [
        ['tilfoej', karen, '--art', 'boligudgift', '--fra', '2025-02-01', '--maanedligt', '1.000,00'],
        /Fejl i --maanedligt: .*\[ugyldigt-beloeb\]/,
      ],
      [
        [
          'tilfoej',
          karen,
          '--art',
          'arbejdsindtaegt',
          '--fra',
          '2025-02-01',
          '--til',
          '2025-02-28',
          '--beloeb',
          '1.00',
          '--timer',
          '800',
        ],
        /Fejl i --timer: .*\[ugyldigt-input\]/,
      ],
      [['tilfoej', karen, '--art', 'loen', '--fra', '2025-02-01'], /Fejl i --art: .*\[ugyldigt-input\]/],
      [['tilfoej', '0101', '--art', 'hjemmeboende', '--fra', '2025-02-01'], /Fejl i CPR: .*\[ugyldigt-cpr\]/],
      [['vis', karen, '--kendt-pr', 'igår'], /Fejl i --kendt-pr: .*\[ugyldigt-tidspunkt\]/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...as101, 'registrering', ...args);
      expect(result.err).toMatch(message);
      expect(result.code).toBeGreaterThan(0);
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe('ydelse sag partshoering, partshoering-svar, afgoer-krav', () => {
  it('records a hearing and its answer, and refuses bad input naming the option', async () => {
    const sent = today.toString();
    const hear = (deadline: Temporal.PlainDate) =>
      cli(
        ...as101,
        'sag',
        'partshoering',
        caseId,
        '--virkning',
        'tilbagebetalingskrav',
        '--paataenkt',
        'Krav for en måned',
        '--sendt',
        sent,
        '--frist',
        deadline.toString(),
      );
    const short = await hear(today.add({ days: 6 }));
    expect(short.code).not.toBe(0);
    expect(short.err).toContain('--frist');
    const heard = await hear(today.add({ days: 14 }));
    expect(heard.code).toBe(0);
    const id = /Partshøring (\S+) registreret/.exec(heard.out)?.[1] ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const answered = await cli(
      ...as101,
      'sag',
      'partshoering-svar',
      id,
      '--modtaget',
      sent,
      '--svar',
      'Enig',
    );
    expect(answered.code).toBe(0);
    const twice = await cli(...as101, 'sag', 'partshoering-svar', id, '--modtaget', sent, '--svar', 'Igen');
    expect(twice.code).not.toBe(0);
    expect(twice.err).toContain('allerede besvaret');
    const noClaims = await cli(
      ...as101,
      'sag',
      'afgoer-krav',
      caseId,
      '--begrundelse',
      'For meget udbetalt',
      '--hjemmel',
      'aktivloven § 91',
      '--dato',
      sent,
      '--partshoering',
      id,
    );
    expect(noClaims.code).not.toBe(0);
    expect(noClaims.err).toContain('--krav');
  });
});

describe('ydelse breve send', () => {
  it('asks for the folder, then drops the waiting letters there once', async () => {
    const missing = await cli(...as101, 'breve', 'send');
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('--mappe');
    const folder = mkdtempSync(path.join(tmpdir(), 'ydelse-cli-breve-'));
    const sent = await cli(...as101, 'breve', 'send', '--mappe', folder);
    expect(sent.code).toBe(0);
    const files = readdirSync(folder).filter((name) => name.endsWith('.pdf'));
    expect(files.length).toBeGreaterThan(0);
    expect(sent.out).toContain(`${String(files.length)} breve sendt`);
    const again = await cli(...as101, 'breve', 'send', '--mappe', folder);
    expect(again.out).toContain('0 breve sendt');
    expect(readdirSync(folder).filter((name) => name.endsWith('.pdf'))).toHaveLength(files.length);
  });
});
