/**
 * `ydelse sag notat|dokument|journal`: a note and a document on a case from the command line, refusals naming
 * the option, and the journal read back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../src/cases/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';

const as101 = ['--bruger', 'sb101', '--bruger-kommune', '101'];
const as147 = ['--bruger', 'sb147', '--bruger-kommune', '147'];
let db: Db;
let caseId: string;
let dir: string;

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = 'silent';
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  const cpr = '070362-1058';
  expect(
    (
      await cli(
        ...as101,
        'person',
        'create',
        '--cpr',
        cpr,
        '--navn',
        'Jens Journal',
        '--kommune',
        '101',
        '--fra',
        '2010-01-01',
      )
    ).code,
  ).toBe(0);
  const opened = await createCase(
    { db, clock: new SimulatedClock(Temporal.Now.instant()) },
    { kind: 'bruger', userId: 'sb101', municipality: '101' as MunicipalityCode, roles: ['sagsbehandler'] },
    'api',
    cpr,
    {
      benefit: 'kontanthjaelp',
      municipality: '101',
      status: 'bevilget',
      from: '2024-01-01',
      monthly: '9000.00',
    },
  );
  if (!opened.ok) throw new Error(opened.error.message);
  caseId = opened.value.id;
});

describe('ydelse sag notat|dokument|journal', () => {
  it('writes a note, adds a document and reads the journal back', async () => {
    const note = await cli(
      ...as101,
      'sag',
      'notat',
      caseId,
      '--titel',
      'Samtale',
      '--tekst',
      'Borgeren ringede',
    );
    expect(note).toMatchObject({ code: 0 });
    expect(note.out).toMatch(/^Journalnotat [0-9a-f-]{36} skrevet: Samtale$/);
    const file = path.join(dir, 'lønseddel.pdf');
    fs.writeFileSync(file, '%PDF-1.4\n%%EOF\n');
    const document = await cli(...as101, 'sag', 'dokument', caseId, file);
    expect(document.code).toBe(0);
    expect(document.out).toContain('lønseddel.pdf (application/pdf, 15 byte)');
    const journal = await cli(...as101, 'sag', 'journal', caseId, '--json');
    expect(journal.code).toBe(0);
    const parsed = JSON.parse(journal.out) as { notes: { title: string }[]; documents: { name: string }[] };
    expect(parsed.notes.map((n) => n.title)).toEqual(['Samtale']);
    expect(parsed.documents.map((d) => d.name)).toEqual(['lønseddel.pdf']);
  });

  it.each([
    ['no title', ['sag', 'notat', 'SAG', '--tekst', 'x'], as101, 2, '--titel'],
    [
      'a municipality with no relation to the citizen (as an unknown case)',
      ['sag', 'notat', 'SAG', '--titel', 'a', '--tekst', 'x'],
      as147,
      4,
      'SAG',
    ],
    ['a missing file', ['sag', 'dokument', 'SAG', '/findes/ikke.pdf'], as101, 2, 'FIL'],
  ] as const)(
    '%s is refused naming the option, and changes nothing',
    async (_name, args, who, code, option) => {
      const before = await db.selectFrom('journal_notes').select('id').execute();
      const refused = await cli(...who, ...args.map((a) => (a === 'SAG' ? caseId : a)));
      expect(refused.code).toBe(code);
      expect(refused.err).toContain(`Fejl i ${option}`);
      expect(await db.selectFrom('journal_notes').select('id').execute()).toEqual(before);
    },
  );
});
