/**
 * Importing rate files against a real PostgreSQL: all or nothing, a second import of the same file changes
 * nothing, replacing keeps the replaced rows as history, and example rates belong to the demo only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import type { Deps } from '../platform/use-case.ts';
import { importRates, listRates, loadRateLookup, markDemoInstallation, previewRates } from './index.ts';

/**
 * The system owner imports the rates (the policy's action `satser`), for the whole installation: no
 * municipality needed.
 */
const operator: Actor = { kind: 'bruger', userId: 'drift', municipality: null, roles: ['systemansvarlig'] };
const header = 'noegle,beskrivelse,fra,til,beloeb,enhed,hjemmel,kilde,kildetype';
const file = (...rows: string[]) => [header, ...rows].join('\n') + '\n';
const over30 = (from: string, to: string, amount: string, kind = 'officiel') =>
  `kontanthjaelp.over30.forsoerger,Fyldt 30 år og forsørger,${from},${to},${amount},md,"aktivloven § 25, stk. 2",https://bm.dk/satser/,${kind}`;
const satser = fs.readFileSync(path.resolve(import.meta.dirname, '../../data/satser/satser.csv'), 'utf8');
const day = (text: string) => Temporal.PlainDate.from(text);

let db: Db;
let deps: Deps;

async function snapshot(): Promise<unknown[]> {
  return [
    (await sql`select * from rates order by id`.execute(db)).rows,
    (await sql`select * from events where type like 'satser%' order by id`.execute(db)).rows,
  ];
}

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2026-01-05T09:00:00Z')) };
});

describe('importRates', () => {
  it('is the system owner’s: a caseworker, of a municipality or not, imports nothing', async () => {
    const before = await snapshot();
    for (const actor of [
      { ...operator, roles: ['sagsbehandler'] },
      { ...operator, municipality: '101' as MunicipalityCode, roles: ['sagsbehandler'] },
    ] satisfies Actor[]) {
      const refused = await importRates(deps, actor, satser, { replace: false });
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error.code).toBe('ingen-adgang');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('stores nothing from a file with one bad row, and names the row', async () => {
    const before = await snapshot();
    const refused = await importRates(
      deps,
      operator,
      satser.trimEnd() + '\nkontanthjaelp.ny,Ny,2026-01-01,2026-12-31,12.345,md,h,k,officiel\n',
      { replace: false },
    );
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('ugyldige-satser');
    expect(refused.error.message).toContain('linje 171, kolonne beloeb: Beløbet må højst have to decimaler');
    expect(await snapshot()).toEqual(before);
  });

  it('imports data/satser/satser.csv with who, when and the file, and records one event', async () => {
    const done = await importRates(deps, operator, satser, { replace: false });
    expect(done.ok && done.value.written).toBe(true);
    const rows = await sql<{ n: string; by: string; sha: string }>`
      select count(*) as n, min(imported_by) as by, min(file_sha256) as sha from rates`.execute(db);
    expect(rows.rows[0]).toMatchObject({ n: '169', by: 'bruger:drift' });
    expect(rows.rows[0]?.sha).toMatch(/^[0-9a-f]{64}$/);
    const events = await sql<{ data: Record<string, unknown> }>`
      select data from events where type = 'satser-indlaest'`.execute(db);
    expect(events.rows.map((e) => e.data.tilfoejet)).toEqual([169]);
    const lookup = await loadRateLookup(db);
    const rate = lookup('kontanthjaelp.over30.forsoerger', day('2023-06-01'));
    expect(rate.ok && rate.value.amount).toBe(1_587_400);
    const gap = lookup('kontanthjaelp.over30.forsoerger', day('2022-06-01'));
    expect(gap.ok ? 'fundet' : gap.error.message).toBe(
      'Der er ingen sats for kontanthjaelp.over30.forsoerger den 2022-06-01',
    );
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshot();
    const again = await importRates(deps, operator, satser, { replace: false });
    expect(again.ok && again.value).toMatchObject({ written: false, plan: { added: [], superseded: [] } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an overlap with a stored row naming both; with replace keeps the old row as history', async () => {
    const before = await snapshot();
    const text = file(over30('2023-07-01', '2023-12-31', '16000.00'));
    const refused = await importRates(deps, operator, text, { replace: false });
    expect(refused.ok ? '' : refused.error.message).toContain(
      'linje 2, kolonne fra: Perioden 2023-07-01–2023-12-31 for kontanthjaelp.over30.forsoerger overlapper den gemte sats 2023-01-01–2023-12-31 (15.874,00 kr.)',
    );
    expect(await snapshot()).toEqual(before);

    const dry = await importRates(deps, operator, text, { replace: true, dryRun: true });
    expect(dry.ok && dry.value.written).toBe(false);
    expect(await snapshot()).toEqual(before);

    const replaced = await importRates(deps, operator, text, { replace: true });
    expect(replaced.ok && replaced.value.written).toBe(true);
    const history = await sql<{ from: string; to: string; amount: string; superseded: boolean }>`
      select valid_from::text as from, valid_to::text as to, amount, superseded_at is not null as superseded
      from rates where key = 'kontanthjaelp.over30.forsoerger' and valid_from >= '2023-01-01'
        and valid_to <= '2023-12-31' order by id`.execute(db);
    expect(history.rows).toEqual([
      { from: '2023-01-01', to: '2023-12-31', amount: '1587400', superseded: true },
      { from: '2023-07-01', to: '2023-12-31', amount: '1600000', superseded: false },
      { from: '2023-01-01', to: '2023-06-30', amount: '1587400', superseded: false },
    ]);
    const lookup = await loadRateLookup(db);
    const june = lookup('kontanthjaelp.over30.forsoerger', day('2023-06-30'));
    const july = lookup('kontanthjaelp.over30.forsoerger', day('2023-07-01'));
    expect([june.ok && june.value.amount, july.ok && july.value.amount]).toEqual([1_587_400, 1_600_000]);
    const shown = await listRates(db, { key: 'kontanthjaelp.over30.forsoerger', on: day('2023-07-01') });
    expect(shown.map((r) => r.amount)).toEqual([1_600_000]);
  });

  it('previews the replacement without writing', async () => {
    const before = await snapshot();
    const preview = await previewRates(deps, operator, file(over30('2023-07-01', '2023-12-31', '16100.00')));
    expect(preview.ok && preview.value.plan.added.map((a) => a.replaces.map((s) => s.rate.amount))).toEqual([
      [1_600_000],
    ]);
    expect(preview.ok && preview.value.affectedCases).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it('refuses example rates outside the demo, and the lookup refuses to use one', async () => {
    const before = await snapshot();
    const example = file(over30('2026-01-01', '2026-12-31', '17000.00', 'eksempel'));
    const refused = await importRates(deps, operator, example, { replace: false });
    expect(refused.ok ? '' : refused.error.code).toBe('eksempelsats-ikke-tilladt');
    expect(await snapshot()).toEqual(before);

    // The demo may hold them; an installation that stops being the demo may not use them.
    await markDemoInstallation(db);
    const imported = await importRates(deps, operator, example, { replace: false });
    expect(imported.ok && imported.value.written).toBe(true);
    const inDemo = (await loadRateLookup(db))('kontanthjaelp.over30.forsoerger', day('2026-03-01'));
    expect(inDemo.ok && inDemo.value.sourceKind).toBe('eksempel');

    await db.deleteFrom('installation_settings').execute();
    const lookup = await loadRateLookup(db);
    const used = lookup('kontanthjaelp.over30.forsoerger', day('2026-03-01'));
    expect(used.ok ? 'brugt' : used.error.code).toBe('eksempelsats-ikke-tilladt');
    const official = lookup('kontanthjaelp.over30.forsoerger', day('2023-03-01'));
    expect(official.ok).toBe(true);
  });

  it('lets only one of two imports of overlapping rows in at the same time', async () => {
    const a = file(over30('2027-01-01', '2027-12-31', '1.00'));
    const b = file(over30('2027-06-01', '2027-12-31', '2.00'));
    const results = await Promise.all([
      importRates(deps, operator, a, { replace: false }),
      importRates(deps, operator, b, { replace: false }),
    ]);
    expect(results.filter((r) => r.ok).length).toBe(1);
    expect(
      await listRates(db, { key: 'kontanthjaelp.over30.forsoerger', on: day('2027-07-01') }),
    ).toHaveLength(1);
  });
});
