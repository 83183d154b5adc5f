/**
 * No adverse effect without a decision, over random histories and random timings (issue: decisions,
 * sanctions): hearings sent and answered on random days, sanction decisions tried on random days with a
 * hearing, an exception or neither, written guidance given before or after the omission, and the monthly
 * runs between them. Whatever happened, every krone a run took as a sanction was taken by a sanction whose
 * decision was recorded before the run computed the line, and every recorded decision rests on a hearing
 * answered or run out by its day, or on a legal exception, and respects guidance and the 3-month limit.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import {
  addRegistration,
  answerHearing,
  createCase,
  decideSanctionOnCase,
  startHearing,
} from '../cases/index.ts';
import { SimulatedClock, formatCpr, type Cpr, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import { type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import { runMonthlyPayments } from './monthly-run.ts';

const sb101: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
let db: Db;
/** 09:00 Danish summer time on the day. */
const on = (day: Temporal.PlainDate): Deps => ({
  db,
  clock: new SimulatedClock(Temporal.Instant.from(`${day.toString()}T07:00:00Z`)),
});
const may = (day: number) => Temporal.PlainDate.from({ year: 2025, month: 5, day });

let nextCpr = 0;
/** A fresh valid-looking CPR number per history (born 1 May 1980; the sequence varies). */
function freshCpr(): string {
  nextCpr += 1;
  return formatCpr(`010580${String(4000 + nextCpr).padStart(4, '0')}` as Cpr);
}

interface History {
  readonly guidanceDay: number;
  readonly omissionDay: number;
  readonly hearing: { sent: number; extra: number; answer: number | null } | null;
  readonly decisionDay: number;
  readonly exception: boolean;
  readonly kind: 'fradrag-dage' | 'nedsaettelse-sats';
  readonly days: number;
}

const history: fc.Arbitrary<History> = fc.record({
  guidanceDay: fc.integer({ min: 1, max: 20 }),
  omissionDay: fc.integer({ min: 2, max: 20 }),
  hearing: fc.option(
    fc.record({
      sent: fc.integer({ min: 2, max: 20 }),
      extra: fc.integer({ min: 0, max: 10 }),
      answer: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
    }),
    { nil: null },
  ),
  decisionDay: fc.integer({ min: 2, max: 60 }),
  exception: fc.boolean(),
  kind: fc.constantFrom('fradrag-dage' as const, 'nedsaettelse-sats' as const),
  days: fc.integer({ min: 1, max: 5 }),
});

/** Runs one history's steps in the order of their days, the May and June runs among them. */
async function live(h: History): Promise<void> {
  const cpr = freshCpr();
  const created = await createPerson(on(may(1)), sb101, 'api', {
    cpr,
    name: 'Borger Tilfældig',
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  if (!created.ok) throw new Error(created.error.message);
  const opened = await createCase(on(may(1)), sb101, 'api', cpr, {
    benefit: 'kontanthjaelp',
    municipality: '101',
    status: 'bevilget',
    from: '2025-05-01',
    monthly: '3100.00',
  });
  if (!opened.ok) throw new Error(opened.error.message);
  const caseId = opened.value.id;
  const steps: { day: Temporal.PlainDate; order: number; act: () => Promise<unknown> }[] = [];
  const step = (day: Temporal.PlainDate, order: number, act: () => Promise<unknown>) =>
    steps.push({ day, order, act });
  step(may(h.guidanceDay), 0, () =>
    addRegistration(on(may(h.guidanceDay)), sb101, 'api', cpr, {
      kind: 'sanktionsvejledning',
      from: may(h.guidanceDay).toString(),
    }),
  );
  let hearingId: string | null = null;
  if (h.hearing !== null) {
    const sent = may(h.hearing.sent);
    const deadline = sent.add({ days: 7 + h.hearing.extra });
    step(sent, 1, async () => {
      const heard = await startHearing(on(sent), sb101, 'api', caseId, {
        effect: 'sanktion',
        intended: 'Sanktion',
        sentOn: sent.toString(),
        deadline: deadline.toString(),
      });
      if (heard.ok) hearingId = heard.value.id;
    });
    const answer = h.hearing.answer;
    if (answer !== null) {
      const day = sent.add({ days: answer });
      step(day, 2, () =>
        hearingId === null
          ? Promise.resolve()
          : answerHearing(on(day), sb101, 'api', hearingId, { answeredOn: day.toString(), answer: 'Svar' }),
      );
    }
  }
  const decidedOn = may(1).add({ days: h.decisionDay - 1 });
  step(decidedOn, 3, () =>
    decideSanctionOnCase(on(decidedOn), sb101, 'api', caseId, {
      kind: h.kind,
      omissionOn: may(h.omissionDay).toString(),
      days: h.kind === 'fradrag-dage' ? String(h.days) : null,
      reasons: 'Udeblev',
      legalBasis: 'aktivloven § 36',
      decidedOn: decidedOn.toString(),
      hearing: hearingId,
      ...(h.exception ? { exceptionBasis: 'fvl § 19, stk. 2', exceptionReason: 'Kunne ikke kontaktes' } : {}),
    }),
  );
  for (const runDay of [Temporal.PlainDate.from('2025-05-22'), Temporal.PlainDate.from('2025-06-24')]) {
    const occurrence = occurrencesOn(runDay).find((o) => o.job === 'maanedskoersel');
    if (occurrence === undefined) throw new Error(`no run on ${runDay.toString()}`);
    step(runDay, 9, () =>
      runMonthlyPayments(
        { db, clock: new SimulatedClock(Temporal.Instant.from(`${runDay.toString()}T17:00:00Z`)) },
        occurrence,
        '101' as MunicipalityCode,
      ),
    );
  }
  steps.sort((a, b) => Temporal.PlainDate.compare(a.day, b.day) || a.order - b.order);
  // The hearing's id is only known once it is sent: later steps read it when they run.
  for (const s of steps) await s.act();
}

beforeAll(async () => {
  ({ db } = await useTestDatabase());
});

describe('no adverse effect without a decision', () => {
  it('holds over random histories and timings of hearings, decisions, guidance and runs', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        await live(h);
        // Every krone taken as a sanction was taken by a sanction decided before the line was computed.
        const untaken = await sql<{ n: string }>`
          select count(*) as n from payment_lines l
          where l.sanctions > 0 and l.sanctions <> coalesce((
            select sum(s.taken) from sanctions s join decisions d on d.id = s.decision_id
            where s.person_id = l.person_id and s.status = 'gennemfoert' and s.taken_in = l.run_month
              and d.recorded_at < l.computed_at), 0)`.execute(db);
        expect(untaken.rows[0]?.n).toBe('0');
        // Every decision rests on a hearing answered or run out by its day, or on an exception.
        const unfounded = await sql<{ n: string }>`
          select count(*) as n from decisions d left join hearings h on h.id = d.hearing_id
          where not ((d.exception_basis is not null and d.exception_reason is not null and d.hearing_id is null)
            or (h.id is not null and h.effect = d.effect
              and (d.decided_on > h.deadline or (h.answered_on is not null and h.answered_on <= d.decided_on))))`.execute(
          db,
        );
        expect(unfounded.rows[0]?.n).toBe('0');
        // Every sanction had guidance on record before its omission, and was decided within its limit.
        const unguided = await sql<{ n: string }>`
          select count(*) as n from sanctions s join decisions d on d.id = s.decision_id
          where date_trunc('month', d.decided_on) > s.last_run_month
            or not exists (select 1 from registrations r where r.person_id = s.person_id
              and r.kind = 'sanktionsvejledning' and r.valid_from <= s.omission_on)`.execute(db);
        expect(unguided.rows[0]?.n).toBe('0');
      }),
      { numRuns: 12 },
    );
  });
});
