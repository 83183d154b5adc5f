/**
 * Months of a case as the runs left them after paying: each month's lines replaced by one paid line of the
 * given gross (net the same). Recalculation tests start from months overpaid this way.
 */
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { SimulatedClock } from '../../src/kernel/index.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { routePlugins } from '../../src/platform/system.ts';
import { asUser } from './sign-in.ts';

export async function markPaid(
  db: Db,
  cpr: string,
  caseId: string,
  months: readonly (readonly [period: string, gross: number])[],
): Promise<void> {
  const person = await db
    .selectFrom('persons')
    .select('id')
    .where('cpr', '=', cpr.replace('-', ''))
    .executeTakeFirstOrThrow();
  for (const [period, gross] of months) {
    await db.deleteFrom('payment_lines').where('case_id', '=', caseId).where('period', '=', period).execute();
    await db
      .insertInto('payment_lines')
      .values({
        case_id: caseId,
        person_id: person.id,
        municipality: '101',
        period,
        run_month: period,
        status: 'udbetalt',
        gross,
        net: gross,
      })
      .execute();
  }
}

/**
 * An app on 5 May 2025 (before the May run) with one citizen of municipality 101 and a case of personligt
 * tillæg at a fixed 5.000,00 kr. a month from February, February-April paid, March 1.000,00 kr. too much.
 */
export async function appWithOverpaidCase(
  db: Db,
  cpr: string,
): Promise<{ app: FastifyInstance; caseId: string; clock: SimulatedClock }> {
  const clock = new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z'));
  const app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
  const headers = await asUser(db, '101');
  const person = await app.inject({
    method: 'POST',
    url: '/api/persons',
    headers,
    payload: { cpr, name: 'Rita Rute', residence: [{ municipality: '101', from: '2015-01-01' }] },
  });
  if (person.statusCode !== 201) throw new Error(person.body);
  const opened = await app.inject({
    method: 'POST',
    url: `/api/persons/${cpr}/cases`,
    headers,
    payload: {
      benefit: 'personligt-tillaeg',
      municipality: '101',
      status: 'bevilget',
      from: '2025-02-01',
      monthly: '5000.00',
    },
  });
  if (opened.statusCode !== 201) throw new Error(opened.body);
  const caseId = opened.json<{ id: string }>().id;
  await markPaid(db, cpr, caseId, [
    ['2025-02-01', 500_000],
    ['2025-03-01', 600_000],
    ['2025-04-01', 500_000],
  ]);
  return { app, caseId, clock };
}
