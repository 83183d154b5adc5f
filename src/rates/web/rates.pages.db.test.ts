/** GET /satser, the rates page: the rows with amount, period, reference, source and kind, filtered. */
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { webSession, type WebSession } from '../../../test/support/web-session.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import { importRates, markDemoInstallation } from '../index.ts';

let app: FastifyInstance;
/** A read-only user signed in to the pages: the rates are for every reader. */
let signedIn: WebSession;
const header = 'noegle,beskrivelse,fra,til,beloeb,enhed,hjemmel,kilde,kildetype';
const marker = 'eksempelsats – ikke officiel';

beforeAll(async () => {
  const { db } = await useTestDatabase();
  const deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2026-01-05T09:00:00Z')) };
  await markDemoInstallation(db);
  const imported = await importRates(
    deps,
    { kind: 'system', name: 'test' },
    [
      header,
      'kontanthjaelp.over30.forsoerger,"Fyldt 30 år, forsørger",2023-01-01,2023-12-31,15874.00,md,"aktivloven § 25, stk. 2, nr. 1",https://bm.dk/satser/satser-for-2023/kontanthjaelp/,officiel',
      'kontanthjaelp.fradrag.pr_time,Pr. arbejdstime,2022-01-01,2022-12-31,28.66,time,"aktivloven § 30, stk. 2",https://www.odense.dk/regler (gengivet),sekundaer',
      'kontanthjaelp.ny.grundsats,Grundsats,2026-01-01,2026-12-31,7207.00,md,aktivloven kap. 4,"Eksempel til demo – ikke officiel sats: <b>antaget</b>",eksempel',
      'sanktion.sats1,Sanktion,2023-01-01,2023-12-31,200.00,haendelse,"aktivloven § 35, stk. 4",ft.dk svar,officiel',
    ].join('\n'),
    { replace: false },
  );
  if (!imported.ok) throw new Error(imported.error.message);
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
  signedIn = await webSession(db, deps.clock.now(), { user: 'laeser101', roles: ['laeseadgang'] });
});
afterAll(() => app.close());

const get = (url: string) => app.inject({ url, headers: { accept: 'text/html', ...signedIn.headers } });

/** The table's body rows as text, cells joined by " | ", whitespace collapsed and tags dropped. */
function rows(body: string): string[] {
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '';
  return [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) =>
    [...(match[1] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)]
      .map((cell) =>
        (cell[1] ?? '')
          .replace(/<br \/>/g, ' ')
          .replace(/<[^>]+>/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .join(' | '),
  );
}

describe('GET /satser', () => {
  it('lists every standing rate with amount and unit, period, reference, source and kind', async () => {
    const response = await get('/satser');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<title>Satser – OpenYdelse</title>');
    expect(response.body).toContain('<h1>Satser</h1>');
    expect(response.body).toContain('<h2 id="satser-tabel">4 satser</h2>');
    expect(rows(response.body)).toEqual([
      'kontanthjaelp.fradrag.pr_time Pr. arbejdstime | 2022-01-01 – 2022-12-31 | 28,66 kr. pr. arbejdstime | aktivloven § 30, stk. 2 | https://www.odense.dk/regler (gengivet) | Sekundær kilde',
      `kontanthjaelp.ny.grundsats Grundsats | 2026-01-01 – 2026-12-31 | 7.207,00 kr. pr. måned | aktivloven kap. 4 | Eksempel til demo – ikke officiel sats: &lt;b&gt;antaget&lt;/b&gt; | ${marker}`,
      'kontanthjaelp.over30.forsoerger Fyldt 30 år, forsørger | 2023-01-01 – 2023-12-31 | 15.874,00 kr. pr. måned | aktivloven § 25, stk. 2, nr. 1 | https://bm.dk/satser/satser-for-2023/kontanthjaelp/ | Officiel',
      'sanktion.sats1 Sanktion | 2023-01-01 – 2023-12-31 | 200,00 kr. pr. hændelse | aktivloven § 35, stk. 4 | ft.dk svar | Officiel',
    ]);
    expect(response.body).toContain(
      '<a href="https://bm.dk/satser/satser-for-2023/kontanthjaelp/">https://bm.dk/satser/satser-for-2023/kontanthjaelp/</a>',
    );
    expect(response.body).toContain(`<span class="badge badge-warning">${marker}</span>`);
    expect(response.body).toMatch(/class="alert alert-info"[\s\S]*1 af satserne her er en eksempelsats:/);
    expect(response.body).not.toContain('<b>antaget</b>');
  });

  it('is linked from the navigation of every page', async () => {
    const front = await get('/');
    expect(front.body).toContain('<a href="/satser" class="nav-link"><span>Satser</span></a>');
  });

  it('filters by the beginning of the key and by date, keeping the values in the form', async () => {
    const byKey = await get('/satser?noegle=kontanthjaelp.');
    expect(rows(byKey.body).map((row) => row.split(' ')[0])).toEqual([
      'kontanthjaelp.fradrag.pr_time',
      'kontanthjaelp.ny.grundsats',
      'kontanthjaelp.over30.forsoerger',
    ]);
    expect(byKey.body).toContain('value="kontanthjaelp."');
    expect(byKey.body).toContain('3 satser efter filteret');

    const byDate = await get('/satser?dato=2023-06-30');
    expect(rows(byDate.body).map((row) => row.split(' ')[0])).toEqual([
      'kontanthjaelp.over30.forsoerger',
      'sanktion.sats1',
    ]);
    expect(byDate.body).not.toContain(marker);

    const both = await get('/satser?noegle=kontanthjaelp.ny&dato=2026-03-01');
    expect(rows(both.body).map((row) => row.split(' ')[0])).toEqual(['kontanthjaelp.ny.grundsats']);
    expect(both.body).toContain('1 sats efter filteret');

    const none = await get('/satser?noegle=atp');
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('Ingen satser passer til filteret.');
    expect(none.body).toContain('<a class="ml-4" href="/satser">Vis alle satser</a>');
  });

  it.each([
    ['/satser?noegle=Kontanth%C3%A6lp', '"Nøglen begynder med" (noegle)', 'må kun have små bogstaver'],
    [`/satser?noegle=${'a'.repeat(81)}`, '"Nøglen begynder med" (noegle)', 'højst 80 tegn'],
    ['/satser?dato=1.1.2026', '"Gælder den" (dato)', 'ÅÅÅÅ-MM-DD'],
    ['/satser?dato=2026-02-30', '"Gælder den" (dato)', 'Datoen 2026-02-30 findes ikke'],
    ['/satser?noegle=atp&dato=2026-13-01', '"Gælder den" (dato)', 'findes ikke'],
  ])('%s is the bad-request page naming the field', async (url, field, text) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<h1>Forespørgslen kunne ikke behandles</h1>');
    expect(response.body).toContain(`Feltet ${field.replace(/"/g, '&quot;')}`);
    expect(response.body).toContain(text);
    expect(response.body).not.toContain('satser-tabel');
  });

  it('takes the first of a repeated parameter and ignores unknown ones', async () => {
    const response = await get('/satser?noegle=sanktion&noegle=Æ&foo=bar');
    expect(response.statusCode).toBe(200);
    expect(rows(response.body).map((row) => row.split(' ')[0])).toEqual(['sanktion.sats1']);
  });
});
