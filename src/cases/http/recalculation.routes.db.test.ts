/**
 * POST /api/cases/{id}/recalculate: `?dryRun=true` answers the per-month table and changes nothing;
 * without it the acting municipality approves (201 with the lines and claims); bad input is problem+json
 * naming the field, and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithOverpaidCase } from '../../../test/support/paid-months.ts';
import { asService, asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import type { Db } from '../../platform/db/database.ts';

let app: FastifyInstance;
let db: Db;
let as101: AuthHeaders;
/** 147 is the citizen's residence municipality since today; 101 acts until the daily run. */
let as147: AuthHeaders;
/** 751 has no relation to the citizen. */
let as751: AuthHeaders;
const cpr = '070362-1023';
let caseId: string;

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;
const post = (url: string, payload: object, headers: Record<string, string> = as101): Promise<Inject> =>
  app.inject({ method: 'POST', url, headers, payload });

async function everything(): Promise<unknown> {
  const rows = await sql`select
      (select count(*) from payment_lines) as lines, (select sum(gross) from payment_lines) as gross,
      (select count(*) from recalculations) as recalculations,
      (select count(*) from repayment_claims) as claims, (select count(*) from events) as events`.execute(db);
  return rows.rows[0];
}

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  as101 = await asUser(db, '101');
  as147 = await asUser(db, '147');
  // 5 May 2025, before the May run: a fixed 5.000,00 kr. a month from February, February-April paid,
  // March 1.000,00 kr. too much.
  ({ app, caseId } = await appWithOverpaidCase(db, cpr));
  as751 = await asUser(db, '751');
  const moved = await app.inject({
    method: 'POST',
    url: '/api/cpr/address-changes',
    headers: await asService(db, 'cpr', ['cpr-integration']),
    payload: {
      messages: [{ sequence: 1, cpr: cpr.replace('-', ''), municipality: '147', date: '2025-05-05' }],
    },
  });
  expect(moved.json<{ counts: Record<string, number> }>().counts.behandlet).toBe(1);
});
afterAll(() => app.close());

describe('POST /api/cases/{id}/recalculate', () => {
  it('?dryRun=true answers the table, for any caseworker of a related municipality, and changes nothing', async () => {
    const before = await everything();
    const unrelated = await post(`/api/cases/${caseId}/recalculate?dryRun=true`, {}, as751);
    expect(unrelated.statusCode).toBe(404);
    expect(unrelated.json()).toMatchObject({ code: 'ikke-fundet', field: 'id' });
    const shown = await post(`/api/cases/${caseId}/recalculate?dryRun=true`, {}, as147);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({
      case: caseId,
      from: '2025-02',
      to: '2025-04',
      nextRun: '2025-05',
      computable: true,
      totals: { paid: '16000.00', recomputed: '15000.00', difference: '-1000.00' },
    });
    expect(
      shown.json<{ months: { month: string; difference: string }[] }>().months.map((m) => m.difference),
    ).toEqual(['0.00', '-1000.00', '0.00']);
    expect(await everything()).toEqual(before);
  });

  it.each<[string, string, object, '101' | '147' | '751', number, string, string | undefined]>([
    ['a malformed month', '', { fra: '2025-3' }, '101', 400, 'ugyldig-dato', 'fra'],
    ['a month not run yet', '', { til: '2025-05' }, '101', 422, 'ugyldig-periode', 'til'],
    ['an unknown field', '', { from: '2025-03' }, '101', 400, 'ugyldigt-input', undefined],
    ['a related municipality that does not act', '', {}, '147', 403, 'ikke-handlekommune', undefined],
    ['a municipality with no relation to the citizen', '', {}, '751', 404, 'ikke-fundet', 'id'],
    ['a stale version', '', { version: 99 }, '101', 409, 'konflikt', 'version'],
    ['an unknown case', '00000000-0000-4000-8000-000000000000', {}, '101', 404, 'ikke-fundet', 'id'],
  ])(
    '%s is problem+json naming the field, and changes nothing',
    async (_name, id, body, headers, status, code, field) => {
      const before = await everything();
      const as = { '101': as101, '147': as147, '751': as751 }[headers];
      const refused = await post(`/api/cases/${id === '' ? caseId : id}/recalculate`, body, as);
      expect(refused.statusCode).toBe(status);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = refused.json<{ code: string; field?: string }>();
      expect(problem.code).toBe(code);
      if (field !== undefined) expect(problem.field).toBe(field);
      expect(await everything()).toEqual(before);
    },
  );

  it('approval proposes the claim, never deducted, and answers 201 with it', async () => {
    const done = await post(`/api/cases/${caseId}/recalculate`, {
      begrundelse: 'For meget udbetalt i marts',
    });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({
      lines: [],
      claims: [{ month: '2025-03', amount: '1000.00' }],
      events: ['genberegning-godkendt', 'tilbagebetalingskrav-foreslaaet'],
    });
    const may = await db
      .selectFrom('payment_lines')
      .select(['gross', 'status'])
      .where('case_id', '=', caseId)
      .where('period', '=', '2025-05-01')
      .execute();
    expect(may).toEqual([{ gross: '500000', status: 'planlagt' }]);
    const again = await post(`/api/cases/${caseId}/recalculate?dryRun=true`, {});
    expect(again.json<{ totals: { difference: string } }>().totals.difference).toBe('0.00');
  });
});
