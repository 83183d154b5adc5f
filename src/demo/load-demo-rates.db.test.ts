/** The demo's rates: the installation is marked as the demo, so its example rate file is accepted. */
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock } from '../kernel/index.ts';
import type { Db } from '../platform/db/database.ts';
import { isDemoInstallation, listRates, loadRateLookup } from '../rates/index.ts';
import { demoRateFiles, loadDemoRates } from './index.ts';

let db: Db;
const example = path.resolve(import.meta.dirname, '../../test/fixtures/satser/eksempel.csv');

beforeAll(async () => {
  db = (await useTestDatabase()).db;
});

describe('loadDemoRates', () => {
  it('marks the demo and loads the sourced rates and an example file, once', async () => {
    const deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2026-06-01T07:00:00Z')) };
    expect(await isDemoInstallation(db)).toBe(false);
    const files = [demoRateFiles[0] as string, example, path.join(path.dirname(example), 'findes-ikke.csv')];
    await loadDemoRates(deps, files);
    await loadDemoRates(deps, files);
    expect(await isDemoInstallation(db)).toBe(true);
    expect(await listRates(db, {})).toHaveLength(170);
    const used = (await loadRateLookup(db))(
      'kontanthjaelp.grundsats.test',
      Temporal.PlainDate.from('2026-08-01'),
    );
    expect(used.ok && used.value.sourceKind).toBe('eksempel');
  });
});
