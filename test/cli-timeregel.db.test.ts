/**
 * `ydelse timeregel konverter FIL [--proev]` and `ydelse timeregel udtraek --kommune KODE [--fil] [--mappe]`:
 * release 6.1's conversion of the legacy 225-hour data (all or nothing), and the extract of the cases whose
 * bortfaldsdato no longer matches, as CSV and XLSX; the same extract as a preview before the conversion.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { addRegistration, createCase } from '../src/cases/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';

const as101 = ['--bruger', 'sb101', '--bruger-kommune', '101'];
/** The 225-hour rule's conversion and extract are the system owner's (the action `timeregel`). */
const owner101 = ['--bruger', 'drift101', '--bruger-kommune', '101', '--rolle', 'systemansvarlig'];
const sb101 = {
  kind: 'bruger' as const,
  userId: 'sb101',
  municipality: '101' as MunicipalityCode,
  roles: ['sagsbehandler' as const],
};
const header = 'cpr,kommune,overgangsdato,bortfaldsdato,varslet,partshoert,aabent_brev,kmd_fejl';
// A: the rule lowers from the legacy date. B: 225 hours in March 2023, so the rule lowers only from April 2024.
const legacyFile = [
  header,
  '010680-5643,101,2022-01-01,2024-02-01,2023-07-14,,,',
  '020680-5642,101,2022-01-01,2024-02-01,,,varsling,',
].join('\n');
let db: Db;
let dir: string;

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
const counts = async () => ({
  legacy: (await db.selectFrom('hours_rule_legacy').select('id').execute()).length,
  notices: (await db.selectFrom('hours_rule_notices').select('id').execute()).length,
  tasks: (await db.selectFrom('tasks').select('id').where('type', '=', 'send-brev').execute()).length,
});

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = 'silent';
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeregel-'));
  const deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2024-01-02T08:00:00Z')) };
  for (const [cpr, name] of [
    ['010680-5643', 'Tage Timer'],
    ['020680-5642', 'Tove Timer'],
  ] as const) {
    const created = await cli(
      ...as101,
      'person',
      'create',
      '--cpr',
      cpr,
      '--navn',
      name,
      '--kommune',
      '101',
      '--fra',
      '2010-01-01',
    );
    expect(created.code).toBe(0);
    const opened = await createCase(deps, sb101, 'api', cpr, {
      benefit: 'kontanthjaelp',
      municipality: '101',
      status: 'bevilget',
      from: '2023-01-01',
      monthly: '11000.00',
    });
    expect(opened.ok).toBe(true);
    const registered = await addRegistration(deps, sb101, 'api', cpr, {
      kind: 'ydelseshistorik',
      from: '2021-01-01',
      to: '2022-12-31',
    });
    expect(registered.ok).toBe(true);
  }
  const hours = await addRegistration(deps, sb101, 'api', '020680-5642', {
    kind: 'timeregel-timer',
    from: '2023-03-01',
    to: '2023-03-31',
    hours: '225',
  });
  expect(hours.ok).toBe(true);
});

describe('ydelse timeregel', () => {
  it('refuses a file with the wrong header or an unknown citizen, naming the line, and converts nothing', async () => {
    const badHeader = await cli(...owner101, 'timeregel', 'konverter', write('bad.csv', 'cpr,kommune\n'));
    expect(badHeader.code).toBe(2);
    expect(badHeader.err).toContain('Første linje skal være');
    const unknown = await cli(
      ...owner101,
      'timeregel',
      'konverter',
      write('unknown.csv', `${legacyFile}\n030680-5641,101,2022-01-01,2024-02-01,,,,\n`),
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('linje 4, cpr: Borgeren 030680-5641 findes ikke');
    expect(await counts()).toEqual({ legacy: 0, notices: 0, tasks: 0 });
  });

  it('previews the extract before the conversion from the legacy file, as CSV and XLSX', async () => {
    const preview = await cli(
      ...owner101,
      'timeregel',
      'udtraek',
      '--kommune',
      '101',
      '--fil',
      write('legacy.csv', legacyFile),
      '--mappe',
      dir,
    );
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('1 sager med forskellig bortfaldsdato');
    const csv = fs.readFileSync(path.join(dir, 'timeregel-forhaandsvisning-101.csv'), 'utf8');
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFCPR-nummer;Kommune;Bortfaldsdato før konvertering;Bortfaldsdato efter konvertering;Grund;Forklaring',
      '020680-5642;101;2024-02-01;2024-04-01;bortfaldsdato-under-bga;Bortfaldsdato under BGA: den gamle bortfaldsdato ligger før den dato, grundlaget giver nu',
      '',
    ]);
    expect(await counts()).toEqual({ legacy: 0, notices: 0, tasks: 0 });
  });

  it('a trial run converts nothing; the conversion keeps the rows, the notice sent and the open "Send brev"', async () => {
    const trial = await cli(...owner101, 'timeregel', 'konverter', path.join(dir, 'legacy.csv'), '--proev');
    expect(trial.code).toBe(0);
    expect(trial.out).toContain(
      'Prøvekørsel: ville konvertere 2 sager: 1 varslinger, 1 antagne partshøringer',
    );
    expect(await counts()).toEqual({ legacy: 0, notices: 0, tasks: 0 });
    const done = await cli(...owner101, 'timeregel', 'konverter', path.join(dir, 'legacy.csv'));
    expect(done.code).toBe(0);
    expect(await counts()).toEqual({ legacy: 2, notices: 1, tasks: 1 });
    // once is enough: converting the same file again is refused and adds nothing
    const again = await cli(...owner101, 'timeregel', 'konverter', path.join(dir, 'legacy.csv'));
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('allerede konverteret');
    expect(await counts()).toEqual({ legacy: 2, notices: 1, tasks: 1 });
  });

  it('the extract after the conversion lists the same case, in CSV and in an XLSX workbook', async () => {
    const extract = await cli(...owner101, 'timeregel', 'udtraek', '--kommune', '101', '--mappe', dir);
    expect(extract.code).toBe(0);
    const csv = fs.readFileSync(path.join(dir, 'timeregel-udtraek-101.csv'), 'utf8');
    expect(csv).toBe(fs.readFileSync(path.join(dir, 'timeregel-forhaandsvisning-101.csv'), 'utf8'));
    const files = unzipSync(fs.readFileSync(path.join(dir, 'timeregel-udtraek-101.xlsx')));
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array);
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t xml:space="preserve">020680-5642</t></is></c>');
    expect(sheet).toContain('bortfaldsdato-under-bga');
    // each citizen read for the extract is in the access log
    const logged = await db
      .selectFrom('access_log')
      .select('purpose')
      .where('purpose', '=', 'timeregel-udtraek')
      .execute();
    expect(logged.length).toBeGreaterThanOrEqual(2);
  });

  it('is refused to a caseworker, converting nothing', async () => {
    const before = await counts();
    const refused = await cli(...as101, 'timeregel', 'udtraek', '--kommune', '101', '--mappe', dir);
    expect(refused.code).toBe(5);
    expect(refused.err).toContain('[ingen-adgang]');
    expect(await counts()).toEqual(before);
  });

  it("keeps a municipality's system owner to the municipality's own rows and cases", async () => {
    const owner147 = ['--bruger', 'drift147', '--bruger-kommune', '147', '--rolle', 'systemansvarlig'];
    const before = await counts();
    const converted = await cli(...owner147, 'timeregel', 'konverter', write('andres.csv', legacyFile));
    expect(converted.code).not.toBe(0);
    expect(converted.err).toContain('kommune: Kun din egen kommunes rækker (147) kan konverteres');
    expect(await counts()).toEqual(before);
    const extracted = await cli(...owner147, 'timeregel', 'udtraek', '--kommune', '101', '--mappe', dir);
    expect(extracted.code).toBe(5);
    expect(extracted.err).toContain('Fejl i --kommune: Du kan kun udtrække din egen kommunes sager (147)');
  });

  it('an unknown municipality is refused naming the option', async () => {
    const refused = await cli(...owner101, 'timeregel', 'udtraek', '--kommune', '999', '--mappe', dir);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--kommune');
  });
});
