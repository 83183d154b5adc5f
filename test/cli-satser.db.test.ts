import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/platform/db/database.ts';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';

const header = 'noegle,beskrivelse,fra,til,beloeb,enhed,hjemmel,kilde,kildetype';
const row = (key: string, from: string, to: string, amount: string, kind = 'officiel') =>
  `${key},Beskrivelse,${from},${to},${amount},md,"aktivloven § 25, stk. 2",https://bm.dk/satser/,${kind}`;

let db: Db;
let folder: string;
function write(name: string, ...rows: string[]): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, [header, ...rows].join('\r\n') + '\r\n');
  return file;
}
const count = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from rates`.execute(db)).rows[0]?.n);

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = 'silent';
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-satser-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** The national rates are imported by the system owner (the action `satser`); anyone reads them. */
const owner = ['--rolle', 'systemansvarlig'];

describe('ydelse satser', () => {
  it('refuses a caseworker’s import, storing nothing', async () => {
    const file = write('sagsbehandler.csv', row('a.b', '2024-01-01', '2024-12-31', '100.00'));
    const refused = await cli('satser', 'import', file);
    expect(refused.code).toBe(5);
    expect(refused.err).toContain('[ingen-adgang]');
    expect(await count()).toBe(0);
  });

  it('refuses a bad file naming every line and column, and stores nothing', async () => {
    const file = write(
      'ugyldig.csv',
      row('a.b', '2024-01-01', '2024-12-31', '1.000'),
      row('A', '2024-01-01', '2024-13-01', '1.00'),
    );
    const refused = await cli(...owner, 'satser', 'import', file);
    expect(refused.code).toBe(3);
    expect(refused.err.split('\n')).toEqual([
      expect.stringMatching(/^linje 2, kolonne beloeb: Beløbet må højst have to decimaler/),
      expect.stringMatching(/^linje 3, kolonne noegle: Nøglen "A" må kun have/),
      'linje 3, kolonne til: Datoen 2024-13-01 findes ikke',
      'Fejl i FIL: Satsfilen har 3 fejl; intet er indlæst [ugyldige-satser]',
    ]);
    expect(await count()).toBe(0);
    const missing = await cli(...owner, 'satser', 'import', path.join(folder, 'findes-ikke.csv'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Fejl i FIL: Filen findes ikke');
  });

  it('imports, as a dry run first; a second import changes nothing', async () => {
    const file = write(
      'satser.csv',
      row('a.b', '2024-01-01', '2024-12-31', '100.00'),
      row('a.c', '2024-01-01', '2024-12-31', '50.00'),
    );
    const dry = await cli(...owner, 'satser', 'import', file, '--toerloeb');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('a.b\n  ny: 2024-01-01–2024-12-31 100,00 kr. (linje 2)');
    expect(dry.out).toContain('Tørløb, intet er gemt: 2 satser tilføjes, 0 erstattes, 0 findes allerede');
    expect(await count()).toBe(0);
    const done = await cli('--bruger', 'drift', '--rolle', 'systemansvarlig', 'satser', 'import', file);
    expect(done.code).toBe(0);
    expect(done.out).toContain('Indlæst: 2 satser tilføjes, 0 erstattes, 0 findes allerede');
    expect(await count()).toBe(2);
    const again = await cli(...owner, 'satser', 'import', file);
    expect(again.out).toBe('Intet ændret: alle 2 satser findes allerede');
    expect(await count()).toBe(2);
  });

  it('previews and replaces an overlapping rate, keeping the old one as history', async () => {
    const file = write('ny.csv', row('a.b', '2024-07-01', '2024-12-31', '110.00'));
    const refused = await cli(...owner, 'satser', 'import', file);
    expect(refused.code).toBe(3);
    expect(refused.err).toContain('overlapper den gemte sats 2024-01-01–2024-12-31 (100,00 kr.)');
    const preview = await cli(...owner, 'satser', 'preview', file);
    expect(preview.code).toBe(0);
    expect(preview.out.split('\n')).toEqual([
      'a.b',
      '  erstatter 2024-01-01–2024-12-31 100,00 kr. → 110,00 kr. fra 2024-07-01 til 2024-12-31 (linje 2)',
      '  beholdes: 2024-01-01–2024-06-30 100,00 kr.',
      'Med --erstat: 1 satser tilføjes, 1 erstattes, 0 findes allerede',
      'Ingen sags kommende udbetaling ændres',
    ]);
    expect(await count()).toBe(2);
    const replaced = await cli(...owner, 'satser', 'import', file, '--erstat');
    expect(replaced.code).toBe(0);
    expect(await count()).toBe(4);
  });

  it('shows the rates in force as a table or JSON, by key and date', async () => {
    const table = await cli('satser', 'vis', '--noegle', 'a.b');
    expect(table.out.split('\n')).toEqual([
      'nøgle  fra         til              beløb  enhed  kildetype',
      'a.b    2024-01-01  2024-06-30  100,00 kr.  md     officiel',
      'a.b    2024-07-01  2024-12-31  110,00 kr.  md     officiel',
    ]);
    const json = await cli('satser', 'vis', '--noegle', 'a.b', '--dato', '2024-08-01', '--json');
    expect(JSON.parse(json.out)).toEqual([
      {
        key: 'a.b',
        description: 'Beskrivelse',
        from: '2024-07-01',
        to: '2024-12-31',
        amount: '110.00',
        unit: 'md',
        reference: 'aktivloven § 25, stk. 2',
        source: 'https://bm.dk/satser/',
        sourceKind: 'officiel',
        marker: null,
      },
    ]);
    expect((await cli('satser', 'vis', '--dato', '2030-01-01')).out).toBe('Ingen satser');
    const badDate = await cli('satser', 'vis', '--dato', '1.1.2024');
    expect(badDate.code).toBe(2);
    expect(badDate.err).toMatch(/^Fejl i --dato: Datoen skal skrives ÅÅÅÅ-MM-DD/);
    const badKey = await cli('satser', 'vis', '--noegle', 'A B');
    expect(badKey.code).toBe(2);
    expect(badKey.err).toContain('Fejl i --noegle');
  });

  it('refuses example rates outside the demo', async () => {
    const file = write('eksempel.csv', row('a.d', '2026-01-01', '2026-12-31', '1.00', 'eksempel'));
    const refused = await cli(...owner, 'satser', 'import', file);
    expect(refused.code).toBe(3);
    expect(refused.err).toBe(
      'Fejl i FIL: Filen har eksempelsatser (kildetype eksempel) i linje 2; de kan kun indlæses i demoen [eksempelsats-ikke-tilladt]',
    );
    expect(await count()).toBe(4);
  });
});
