/**
 * Hearings and decisions on the API (docs/decisions/0022-decisions.md): a proposed repayment claim becomes
 * a claim only through a decision, after a hearing answered or run out, or with a legal exception; every
 * refusal is problem+json naming the field and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithOverpaidCase } from '../../../test/support/paid-months.ts';
import { asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import type { Db } from '../../platform/db/database.ts';

let app: FastifyInstance;
let db: Db;
let as101: AuthHeaders;
let as147: AuthHeaders;
const cpr = '070362-1023';
let caseId: string;

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;
const post = (url: string, payload: object, headers: Record<string, string> = as101): Promise<Inject> =>
  app.inject({ method: 'POST', url, headers, payload });

async function everything(): Promise<unknown> {
  const rows = await sql`select
      (select count(*) from payment_lines) as lines, (select sum(gross) from payment_lines) as gross,
      (select count(*) from recalculations) as recalculations,
      (select count(*) from repayment_claims) as claims, (select count(*) from events) as events,
      (select count(*) from hearings) as hearings, (select count(*) from hearings where answered_on is not null) as answered,
      (select count(*) from decisions) as decisions,
      (select count(*) from repayment_claims where status = 'besluttet') as decided`.execute(db);
  return rows.rows[0];
}

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  as101 = await asUser(db, '101');
  as147 = await asUser(db, '147');
  // 5 May 2025, before the May run: a fixed 5.000,00 kr. a month from February, February-April paid,
  // March 1.000,00 kr. too much.
  ({ app, caseId } = await appWithOverpaidCase(db, cpr));
});
afterAll(() => app.close());

let claimId: string;
let hearingId: string;

const reasons = {
  reasons: 'Du fik 1.000,00 kr. for meget i marts 2025',
  legalBasis: 'aktivloven § 91',
  decidedOn: '2025-05-05',
};

describe('a proposed repayment claim, heard and decided', () => {
  beforeAll(async () => {
    const approved = await post(`/api/cases/${caseId}/recalculate`, { begrundelse: 'Fejl i marts' });
    expect(approved.statusCode).toBe(201);
    claimId = approved.json<{ claims: { id: string }[] }>().claims[0]!.id;
  });

  it.each<[string, string, object, '101' | '147', number, string, string | undefined]>([
    [
      'a decision without a hearing',
      'decisions/repayment-claims',
      { ...reasons },
      '101',
      422,
      'afgoerelse-uden-partshoering',
      'hearing',
    ],
    [
      'a hearing with a deadline under 7 days',
      'hearings',
      {
        effect: 'tilbagebetalingskrav',
        intended: 'Krav på 1.000,00 kr.',
        sentOn: '2025-05-05',
        deadline: '2025-05-11',
      },
      '101',
      422,
      'for-kort-hoeringsfrist',
      'deadline',
    ],
    [
      'a hearing sent tomorrow',
      'hearings',
      { effect: 'tilbagebetalingskrav', intended: 'Krav', sentOn: '2025-05-06', deadline: '2025-05-20' },
      '101',
      400,
      'ugyldig-dato',
      'sentOn',
    ],
    [
      'a hearing by a municipality with no relation to the citizen (as an unknown case)',
      'hearings',
      { effect: 'tilbagebetalingskrav', intended: 'Krav', sentOn: '2025-05-05', deadline: '2025-05-12' },
      '147',
      404,
      'ikke-fundet',
      'id',
    ],
    [
      'an effect that is not adverse',
      'hearings',
      { effect: 'bevilling', intended: 'Krav', sentOn: '2025-05-05', deadline: '2025-05-12' },
      '101',
      400,
      'ugyldigt-input',
      undefined,
    ],
  ])(
    '%s is problem+json naming the field, and changes nothing',
    async (_name, path, body, headers, status, code, field) => {
      const before = await everything();
      const payload = path.startsWith('decisions') ? { ...body, claims: [claimId] } : body;
      const refused = await post(`/api/cases/${caseId}/${path}`, payload, headers === '101' ? as101 : as147);
      expect(refused.statusCode).toBe(status);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code, ...(field === undefined ? {} : { field }) });
      expect(await everything()).toEqual(before);
    },
  );

  it('a hearing, then a decision before its deadline without an answer is refused', async () => {
    const heard = await post(`/api/cases/${caseId}/hearings`, {
      effect: 'tilbagebetalingskrav',
      intended: 'Kommunen påtænker at kræve 1.000,00 kr. tilbage for marts 2025',
      sentOn: '2025-05-05',
      deadline: '2025-05-12',
    });
    expect(heard.statusCode).toBe(201);
    hearingId = heard.json<{ id: string }>().id;
    const before = await everything();
    const early = await post(`/api/cases/${caseId}/decisions/repayment-claims`, {
      ...reasons,
      claims: [claimId],
      hearing: hearingId,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'hoeringsfrist-ikke-udloebet', field: 'decidedOn' });
    expect(await everything()).toEqual(before);
  });

  it('the answer is recorded once', async () => {
    const answered = await post(`/api/hearings/${hearingId}/answer`, {
      answeredOn: '2025-05-05',
      answer: 'Jeg er enig i beløbet',
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ answeredOn: '2025-05-05', answer: 'Jeg er enig i beløbet' });
    const before = await everything();
    const again = await post(`/api/hearings/${hearingId}/answer`, {
      answeredOn: '2025-05-05',
      answer: 'Igen',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'allerede-besvaret' });
    expect(await everything()).toEqual(before);
  });

  it('a decision naming a claim that is not a proposed claim of the case is refused as a whole', async () => {
    const before = await everything();
    const refused = await post(`/api/cases/${caseId}/decisions/repayment-claims`, {
      ...reasons,
      claims: [claimId, '00000000-0000-4000-8000-000000000000'],
      hearing: hearingId,
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'ikke-fundet', field: 'claims' });
    expect(await everything()).toEqual(before);
  });

  it('after the answer, the decision makes the claim a claim, with complaint guidance and an event', async () => {
    const decided = await post(`/api/cases/${caseId}/decisions/repayment-claims`, {
      ...reasons,
      claims: [claimId],
      hearing: hearingId,
    });
    expect(decided.statusCode).toBe(201);
    expect(decided.json()).toMatchObject({
      case: caseId,
      decidedOn: '2025-05-05',
      claims: [{ id: claimId, month: '2025-03', amount: '1000.00' }],
      amount: '1000.00',
    });
    expect(decided.json<{ complaintGuidance: string }>().complaintGuidance).toContain('4 uger');
    const claim = await db
      .selectFrom('repayment_claims')
      .select(['status', 'decision_id'])
      .where('id', '=', claimId)
      .executeTakeFirstOrThrow();
    expect(claim).toEqual({
      status: 'besluttet',
      decision_id: decided.json<{ decision: string }>().decision,
    });
    const events = await db
      .selectFrom('events')
      .select('type')
      .where('type', '=', 'afgoerelse-truffet')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('a decided claim counts as given: recalculating again finds no difference, and proposes nothing', async () => {
    const shown = await post(`/api/cases/${caseId}/recalculate?dryRun=true`, {});
    expect(shown.json()).toMatchObject({ totals: { difference: '0.00' } });
  });

  it('the same claim cannot be decided twice', async () => {
    const before = await everything();
    const again = await post(`/api/cases/${caseId}/decisions/repayment-claims`, {
      ...reasons,
      claims: [claimId],
      hearing: hearingId,
    });
    expect(again.statusCode).toBe(404);
    expect(await everything()).toEqual(before);
  });

  it('the database refuses a decided claim without a decision, and a decision without hearing or exception', async () => {
    await expect(
      sql`update repayment_claims set status = 'besluttet', decision_id = null where id = ${claimId}`.execute(
        db,
      ),
    ).rejects.toThrow(/repayment_claims_decided/);
    const person = await db
      .selectFrom('cases')
      .select(['person_id'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    await expect(
      sql`insert into decisions (case_id, person_id, municipality, effect, reasons, legal_basis, complaint_guidance,
            decided_on, decided_by, recorded_at)
          values (${caseId}, ${person.person_id}, '101', 'tilbagebetalingskrav', 'x', 'y', 'z', '2025-05-05', 't', now())`.execute(
        db,
      ),
    ).rejects.toThrow(/decisions_basis/);
  });
});
