import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';
import { cli } from './support/cli.ts';
import { useTestDatabase } from './support/test-db.ts';

// The CLI runs on the real clock: dates are relative to today.
const today = localDate(Temporal.Now.instant());
const inAMonth = today.add({ days: 30 }).toString();
const as101 = ['--bruger', 'sb101', '--bruger-kommune', '101'];
/** The error queue is the system owner's (or support's). */
const owner = ['--bruger', 'drift101', '--bruger-kommune', '101', '--rolle', 'systemansvarlig'];
const karen = '070362-1007';
const ole = '280880-1001';
let folder: string;
let db: Db;

/** The refused lines as stored, oldest first. */
const queued = () =>
  db.selectFrom('cpr_messages').select(['id', 'raw']).where('status', '=', 'afvist').orderBy('id').execute();

beforeAll(async () => {
  const database = await useTestDatabase();
  db = database.db;
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = 'silent';
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-cpr-'));
  for (const args of [
    ['--cpr', karen, '--navn', 'Karen Testesen', '--kommune', '101', '--fra', '2018-01-01'],
    [
      '--cpr',
      ole,
      '--navn',
      'Ole Uden Abonnement',
      '--kommune',
      '101',
      '--fra',
      '2018-01-01',
      '--no-cpr-abonnement',
    ],
  ]) {
    expect((await cli(...as101, 'person', 'create', ...args)).code).toBe(0);
  }
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

function file(name: string, lines: readonly string[]): string {
  const target = path.join(folder, name);
  fs.writeFileSync(target, `${lines.join('\n')}\n`);
  return target;
}

describe('ydelse cpr import', () => {
  const move = JSON.stringify({
    sequence: 1,
    cpr: '0703621007',
    municipality: '147',
    date: today.toString(),
  });

  it('receives each line on its own, reports refused lines by number and exits 1', async () => {
    const messages = file('beskeder.jsonl', [
      move,
      '{"sequence": 2, "cpr": ',
      JSON.stringify({ sequence: 3, cpr: '0703621007', municipality: '999', date: today.toString() }),
      '',
      move,
      JSON.stringify({ sequence: 4, cpr: '0101800000', municipality: '101', date: today.toString() }),
      '[1, 2]',
      JSON.stringify({ sequence: '5', cpr: '0703621007', municipality: '101', date: today.toString() }),
    ]);
    const result = await cli('cpr', 'import', messages);
    expect(result.code).toBe(1);
    expect(result.out).toBe('1 behandlet, 1 allerede modtaget, 0 overhalet, 5 afvist');
    expect(result.err.split('\n')).toEqual([
      expect.stringMatching(/^linje 2: Fejl: Linjen er ikke gyldig JSON \(.+\) \[ugyldigt-input\]$/),
      'linje 3: Fejl i municipality: Kommunekode 999 findes ikke [ukendt-kommune]',
      'linje 6: Fejl i cpr: Borgeren 010180-0000 findes ikke [ikke-fundet]',
      expect.stringMatching(/^linje 7: Fejl: Beskeden skal være ét JSON-objekt/),
      'linje 8: Fejl i sequence: Skal være et tal [ugyldigt-input]',
    ]);
  });

  it('exits 0 when nothing is refused, and names a missing file', async () => {
    const again = await cli('cpr', 'import', file('igen.jsonl', [move]));
    expect(again).toMatchObject({ code: 0, out: '0 behandlet, 1 allerede modtaget, 0 overhalet, 0 afvist' });
    const missing = await cli('cpr', 'import', path.join(folder, 'findes-ikke.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Fejl i FILE: Filen findes ikke');
  });

  it('reports progress every 1000 messages when stderr is not a terminal', async () => {
    const many = Array.from({ length: 1000 }, () => move);
    const result = await cli('cpr', 'import', file('mange.jsonl', many));
    expect(result).toMatchObject({ code: 0, err: '1000 beskeder læst' });
    expect(result.out).toBe('0 behandlet, 1000 allerede modtaget, 0 overhalet, 0 afvist');
  });
});

describe('ydelse cpr errors', () => {
  it('prints every refused line the municipality may see, newest first, with the message as received', async () => {
    const result = await cli(...owner, 'cpr', 'errors');
    expect(result.code).toBe(0);
    // A municipality's user sees the lines naming the municipality or a citizen related to it (Karen); the
    // lines naming no one ("[1, 2]", the broken JSON) stay in the queue, but not in 101's view.
    const lines = result.out.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/sekvens -1 {2}0703621007 {2}\[ugyldigt-input\] sequence: Skal være et tal$/);
    expect(lines[1]).toContain('"sequence":"5"');
    expect(lines[2]).toMatch(
      /^#\d+ {2}\d{4}-\d\d-\d\dT\d\d:\d\d {2}sekvens 4 {2}0101800000 {2}\[ikke-fundet\] cpr: Borgeren/,
    );
    expect(lines[3]).toContain('"municipality":"101"');
    expect(lines[4]).toMatch(
      /sekvens 3 {2}0703621007 {2}\[ukendt-kommune\] municipality: Kommunekode 999 findes ikke$/,
    );
    expect(lines[5]).toContain('"municipality":"999"');
    expect(await queued()).toHaveLength(5);
  });

  it('is refused to a caseworker', async () => {
    const result = await cli(...as101, 'cpr', 'errors');
    expect(result.code).toBe(5);
    expect(result.err).toContain('ingen-adgang');
    expect(result.out).toBe('');
  });

  it('pages with --limit and --efter, and names a bad --limit', async () => {
    const first = await cli(...owner, 'cpr', 'errors', '--limit', '2');
    const next = /--efter (\d+)$/.exec(first.out)?.[1];
    expect(next).toBeDefined();
    const second = await cli(...owner, 'cpr', 'errors', '--limit', '2', '--efter', next ?? '');
    expect(second.out).toContain('sekvens 3');
    expect(second.out).not.toContain('Flere');
    const bad = await cli(...owner, 'cpr', 'errors', '--limit', 'mange');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Fejl i --limit');
  });
});

describe('ydelse cpr import of poison lines', () => {
  // The queue as stored (whoever may see each line).
  const queueSize = async () => (await queued()).length;

  it('refuses a NUL or lone surrogate in any field by itself, goes on, and queues each line once', async () => {
    const line = (sequence: number, fields: Record<string, unknown> = {}) =>
      JSON.stringify({ sequence, cpr: '0703621007', municipality: '147', date: today.toString(), ...fields });
    const poison = file('gift.jsonl', [
      line(50, { cpr: '070362\u00001007' }),
      line(51, { municipality: '\u0000147' }),
      line(52, { date: `${today.toString()}\u0000` }),
      line(53, { cpr: '\ud800' }),
      line(54, { municipality: '14\udfff' }),
      '{"sequence": 55, "cpr": "0703621007", "municipality": "147", "date": "\u0000"}',
      `{"sequence": 56, "cpr": "07036210\u000007"}`,
      line(57, { ekstra: true }),
      line(58, { date: today.add({ days: 1 }).toString() }),
    ]);
    const before = await queueSize();
    const result = await cli('cpr', 'import', poison);
    expect(result.code).toBe(1);
    expect(result.out).toBe('1 behandlet, 0 allerede modtaget, 0 overhalet, 8 afvist');
    expect(result.err.split('\n')).toHaveLength(8);
    expect(await queueSize()).toBe(before + 8);
    const raw = (await queued())
      .slice(-8)
      .map((e) => e.raw)
      .join('\n');
    expect(raw).toContain('"cpr":"070362\\u00001007"');
    expect(raw).toContain('"cpr":"\\ud800"');
    expect(raw).toContain('"cpr": "07036210\\u000007"');

    const again = await cli('cpr', 'import', poison);
    expect(again.out).toBe('0 behandlet, 1 allerede modtaget, 0 overhalet, 8 afvist');
    expect(await queueSize()).toBe(before + 8);
  });
});

describe('ydelse handlekommune', () => {
  const create = ['--kommune', '147', '--fra', inAMonth, '--aarsag', 'aftale-med-samtykke', '--aftale'];

  it('needs the user’s municipality', async () => {
    const result = await cli('handlekommune', 'opret', karen, ...create, '--samtykke');
    expect(result.code).toBe(5);
    expect(result.err).toContain('Fejl i --bruger-kommune');
  });

  it('refuses an agreement without consent, naming the option', async () => {
    const result = await cli(...as101, 'handlekommune', 'opret', karen, ...create);
    expect(result.code).toBe(3);
    expect(result.err).toBe(
      'Fejl i --samtykke: En handlekommuneaftale kræver både aftale med den anden kommune og borgerens samtykke [samtykke-mangler]',
    );
  });

  it('refuses a municipality that does not act, naming --bruger-kommune', async () => {
    const result = await cli(
      '--bruger',
      'sb147',
      '--bruger-kommune',
      '147',
      'handlekommune',
      'opret',
      karen,
      ...create,
      '--samtykke',
    );
    expect(result.code).toBe(5);
    expect(result.err).toMatch(
      /^Fejl i --bruger-kommune: Kun den aktuelle handlekommune \(101\).*\[ikke-handlekommune\]$/,
    );
  });

  it('registers a manual acting municipality for the acting one', async () => {
    const result = await cli(...as101, 'handlekommune', 'opret', karen, ...create, '--samtykke');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      new RegExp(
        `^Manuel handlekommune oprettet \\(periode [0-9a-f-]+\\); virkning ved kørslen kl\\. 04:00 den ${inAMonth}$`,
      ),
    );
    const stop = await cli(...as101, 'handlekommune', 'stands', karen, '--til', '2000-01-01');
    expect(stop.code).toBe(3);
    expect(stop.err).toContain('Fejl i --til');
  });
});

describe('ydelse person move-out and show', () => {
  it('registers a move out for a citizen without CPR subscription', async () => {
    const result = await cli(
      ...as101,
      'person',
      'move-out',
      ole,
      '--kommune',
      '147',
      '--dato',
      today.toString(),
    );
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^Fraflytning registreret; kørslen kl\. 04:00 den \d{4}-\d\d-\d\d effektuerer den$/,
    );
    const refused = await cli(
      ...as101,
      'person',
      'move-out',
      karen,
      '--kommune',
      '999',
      '--dato',
      today.toString(),
    );
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('Fejl i --kommune: Kommunekode 999 findes ikke');
  });

  it('shows the acting municipality now and its history, cases, lines and open tasks', async () => {
    const result = await cli(...as101, 'person', 'show', karen);
    expect(result.code).toBe(0);
    expect(result.out).toContain('070362-1007  Karen Testesen');
    expect(result.out).toContain('  Handlekommune nu: 101 København');
    expect(result.out).toMatch(
      / {2}Handlekommunehistorik:\n {4}\d{4}-\d\d-\d\d \d\d:\d\d – nu {2}101 København \(bopael\)/,
    );
    for (const heading of [
      'Sager: ingen',
      'Træk: ingen',
      'Udbetalingslinjer: ingen',
      'Træklinjer: ingen',
      'Åbne opgaver: ingen',
    ]) {
      expect(result.out).toContain(`  ${heading}`);
    }
    const json = await cli(...as101, 'person', 'show', karen, '--json');
    expect(JSON.parse(json.out)).toMatchObject({
      cpr: karen,
      actingNow: { municipality: '101' },
      actingHistory: [{ municipality: '101', reason: 'bopael', to: null }],
      tasks: [{ type: 'bestem-handlekommune-manuelt', status: 'afsluttet' }],
    });
  });
});
