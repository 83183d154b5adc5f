/**
 * The pages' server render time on the demo data. Target (caseworker pages): under 100 ms for every main
 * page. The demo's half year of history is played into a fresh database up to Monday 7 December 2026,
 * 09:00; each page is then asked for by a signed-in user through the app (routing, session, access policy,
 * the use cases' reads and access log, the HTML), one request at a time after a warm-up, and timed as the
 * caller sees it. `node bench/pages.ts` runs it alone and writes its section of docs/benchmarks.md.
 */
import os from 'node:os';
import { Temporal } from 'temporal-polyfill';
import { createSession, sessionCookie, type UserRole } from '../src/access/index.ts';
import { seedDemo } from '../src/demo/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../src/kernel/index.ts';
import { createDb } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { routePlugins } from '../src/platform/system.ts';
import { stats, type LatencyStats } from './inbox.ts';
import { writeBenchmarkSection } from './write-section.ts';

const REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 200);
const now = Temporal.Instant.from('2026-12-07T08:00:00Z');

export interface PagesBench {
  readonly persons: number;
  readonly tasks: number;
  readonly pages: readonly (LatencyStats & { readonly bytes: number })[];
}

export async function benchPages(url: string): Promise<PagesBench> {
  const db = createDb(url);
  try {
    await migrateToLatest(db);
    const deps = { db, clock: new SimulatedClock(now) };
    await seedDemo(deps, { onlyIfEmpty: true });
    const app = await buildApp({ deps, logger: false, plugins: routePlugins });
    try {
      const id = async (cpr: string) =>
        (await db.selectFrom('persons').select('id').where('cpr', '=', cpr).executeTakeFirstOrThrow()).id;
      const karen = await id('0703621007');
      const bo = await id('2802671000');
      const task = await db
        .selectFrom('tasks')
        .select('id')
        .where('person_id', '=', karen)
        .executeTakeFirstOrThrow();
      const boCase = await db
        .selectFrom('cases')
        .select('id')
        .where('person_id', '=', bo)
        .where('benefit', '=', 'kontanthjaelp')
        .executeTakeFirstOrThrow();
      const cookie = async (municipality: string, roles: readonly UserRole[]) => {
        const { secret } = await createSession(
          db,
          'web',
          {
            kind: 'bruger',
            userId: `bench${municipality}`,
            municipality: municipality as MunicipalityCode,
            roles,
          },
          { now, lifetimeYears: 1 },
        );
        return `${sessionCookie}=${secret}`;
      };
      const kbh = await cookie('101', ['sagsbehandler']);
      const odense = await cookie('461', ['sagsbehandler']);
      const owner = await cookie('101', ['systemansvarlig']);
      const pages: [string, string, string][] = [
        ['Forside', '/', kbh],
        ['Borgere (København)', '/borgere', kbh],
        ['Borgeroverblik', `/borgere/${karen}`, kbh],
        ['Borgeroverblik with a case paid for months', `/borgere/${bo}`, odense],
        ['Opgaveindbakke', '/opgaver', kbh],
        ['Opgave', `/opgaver/${task.id}`, kbh],
        ['Sag with explanations', `/sager/${boCase.id}`, odense],
        ['Kørsler', '/koersler', owner],
      ];
      const results: (LatencyStats & { bytes: number })[] = [];
      for (const [name, address, session] of pages) {
        const ask = () => app.inject({ url: address, headers: { cookie: session, accept: 'text/html' } });
        let bytes = 0;
        for (let i = 0; i < 20; i++) {
          const warm = await ask();
          if (warm.statusCode !== 200) throw new Error(`${address} svarede ${String(warm.statusCode)}`);
          bytes = warm.rawPayload.length;
        }
        const times: number[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          const start = performance.now();
          await ask();
          times.push(performance.now() - start);
        }
        results.push({ ...stats(name, times), bytes });
      }
      const count = async (table: 'persons' | 'tasks') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return { persons: await count('persons'), tasks: await count('tasks'), pages: results };
    } finally {
      await app.close();
    }
  } finally {
    await db.destroy();
  }
}

const round = (value: number): string => value.toFixed(1);

export function pagesSection(r: PagesBench): string {
  const worst = Math.max(...r.pages.map((p) => p.p99));
  return `## The pages' server render time

Target (caseworker pages): every main page rendered by the server in under 100 ms on the demo data.

Measured ${new Date().toISOString().slice(0, 10)} on ${String(os.cpus().length)} × ${os.cpus()[0]?.model ?? 'unknown CPU'}. Data: the demo (src/demo/seed-demo.ts) with its half year of history played up to 7 December 2026:
${String(r.persons)} citizens, ${String(r.tasks)} tasks, months computed and paid. Each page asked for ${String(REQUESTS)} times by a signed-in
user through the app (session, policy, use cases with their access-log rows, HTML), one at a time after 20
warm-up requests, timed as the caller sees it.

| page | requests | p50 | p95 | p99 | max | HTML |
|---|---|---|---|---|---|---|
${r.pages.map((p) => `| ${p.name} | ${String(p.queries)} | ${round(p.p50)} ms | ${round(p.p95)} ms | ${round(p.p99)} ms | ${round(p.max)} ms | ${Math.round(p.bytes / 1024)} KB |`).join('\n')}

Verdict: ${worst < 100 ? 'meets the target' : '**misses the target**'} (the worst p99 is ${round(worst)} ms).
`;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') throw new Error('Sæt DATABASE_URL til en tom database');
  const result = await benchPages(url);
  writeBenchmarkSection(pagesSection(result));
  process.stdout.write(pagesSection(result));
}
