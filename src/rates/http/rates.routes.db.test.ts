import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import { importRates, markDemoInstallation } from '../index.ts';

let app: FastifyInstance;
/** A read-only user (the rates are public; a signed-in reader gets the same). */
let reader: AuthHeaders;
const header = 'noegle,beskrivelse,fra,til,beloeb,enhed,hjemmel,kilde,kildetype';

beforeAll(async () => {
  const { db } = await useTestDatabase();
  reader = await asUser(db, '101', { user: 'laeser101', roles: ['laeseadgang'] });
  const deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2026-01-05T09:00:00Z')) };
  await markDemoInstallation(db);
  const imported = await importRates(
    deps,
    { kind: 'system', name: 'test' },
    [
      header,
      'a.b,Første,2024-01-01,2024-12-31,100.00,md,h,k,officiel',
      'a.b,Anden,2025-01-01,2025-12-31,200.50,md,h,k,eksempel',
      'c.d,Tredje,2024-01-01,2025-12-31,3.00,haendelse,h,k,sekundaer',
    ].join('\n'),
    { replace: false },
  );
  if (!imported.ok) throw new Error(imported.error.message);
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
});
afterAll(() => app.close());

describe('GET /api/satser', () => {
  it('lists the rates in force, by key and date, with the example marker', async () => {
    const all = await app.inject({ url: '/api/satser', headers: reader });
    expect(all.statusCode).toBe(200);
    // The national rates are public data: the same answer without credentials.
    const anonymous = await app.inject({ url: '/api/satser' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual(all.json());
    expect(all.json<{ key: string; from: string }[]>().map((r) => `${r.key} ${r.from}`)).toEqual([
      'a.b 2024-01-01',
      'a.b 2025-01-01',
      'c.d 2024-01-01',
    ]);
    const one = await app.inject({ url: '/api/satser?noegle=a.b&dato=2025-03-01', headers: reader });
    expect(one.json()).toEqual([
      {
        key: 'a.b',
        description: 'Anden',
        from: '2025-01-01',
        to: '2025-12-31',
        amount: '200.50',
        unit: 'md',
        reference: 'h',
        source: 'k',
        sourceKind: 'eksempel',
        marker: 'eksempelsats – ikke officiel',
      },
    ]);
    expect((await app.inject({ url: '/api/satser?dato=2026-01-01', headers: reader })).json()).toEqual([]);
  });

  it.each([
    ['noegle=A%20B', 'noegle', 'ugyldigt-input'],
    ['dato=2025-02-30', 'dato', 'ugyldig-dato'],
    ['dato=i%20g%C3%A5r', 'dato', 'ugyldig-dato'],
    [`noegle=${'a'.repeat(81)}`, 'noegle', 'ugyldigt-input'],
  ])('refuses %s as problem+json naming the field', async (query, field, code) => {
    const refused = await app.inject({ url: `/api/satser?${query}`, headers: reader });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ field, code });
  });
});
