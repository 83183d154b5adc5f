/**
 * The 04:00 run's write stores what `decideDailyRun` decided and nothing more: for random grants and
 * deductions around a transfer — some starting after it, some ended before it — the rows after the run are
 * exactly the rows before with the decision applied, and the events and tasks stored are the decided ones.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { createCase, createDeduction } from '../cases/index.ts';
import { atLocalTime, SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson, receiveAddressChange } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import { runDailyMoves } from '../platform/system.ts';
import { lockRunState } from './db/run-state.repository.ts';
import { decideDailyRun, type DailyRunDecision } from './domain/decide-daily-run.ts';

const A = '101';
const B = '147';
const caseworker: Actor = {
  kind: 'bruger',
  userId: 'sb101',
  municipality: A as MunicipalityCode,
  roles: ['sagsbehandler'],
};
const cprSystem: Actor = { kind: 'system', name: 'cpr' };
const firstRun = Temporal.PlainDate.from('2025-06-02');

let db: Db;
const at = (instant: Temporal.Instant): Deps => ({ db, clock: new SimulatedClock(instant) });

interface Item {
  readonly kind: 'case' | 'deduction';
  /** Days from the transfer to the first day; positive starts after the transfer. */
  readonly from: number;
  /** Days from the first to the last day, or open-ended. */
  readonly length: number | null;
}

const anyItem: fc.Arbitrary<Item> = fc.record({
  kind: fc.constantFrom('case' as const, 'deduction' as const),
  from: fc.integer({ min: -90, max: 60 }),
  length: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
});

interface Stored {
  readonly status?: string;
  readonly from: string;
  readonly to: string | null;
  readonly endedReason: string | null;
}

/** Every case and deduction of the person as stored, by id. */
async function storedItems(personId: string): Promise<Map<string, Stored>> {
  const cases = await db
    .selectFrom('cases')
    .select(['id', 'status', 'grant_from', 'grant_to', 'closed_reason'])
    .where('person_id', '=', personId)
    .execute();
  const deductions = await db
    .selectFrom('deductions')
    .select(['id', 'valid_from', 'valid_to', 'ended_reason'])
    .where('person_id', '=', personId)
    .execute();
  return new Map<string, Stored>([
    ...cases.map(
      (c) =>
        [
          c.id,
          { status: c.status, from: c.grant_from, to: c.grant_to, endedReason: c.closed_reason },
        ] as const,
    ),
    ...deductions.map(
      (x) => [x.id, { from: x.valid_from, to: x.valid_to, endedReason: x.ended_reason }] as const,
    ),
  ]);
}

/** The rows before with the decision applied: the only change the run may make to them. */
function applied(before: Map<string, Stored>, decision: DailyRunDecision): Map<string, Stored> {
  const after = new Map(before);
  for (const closed of decision.closeCases) {
    after.set(closed.id, {
      ...before.get(closed.id),
      from: before.get(closed.id)?.from ?? '',
      status: 'afsluttet',
      to: closed.grantTo?.toString() ?? null,
      endedReason: 'handleansvar overdraget',
    });
  }
  for (const ended of decision.endDeductions) {
    after.set(ended.id, {
      from: before.get(ended.id)?.from ?? '',
      to: ended.to?.toString() ?? null,
      endedReason: 'handleansvar overdraget',
    });
  }
  return after;
}

let serial = 0;

beforeAll(async () => {
  ({ db } = await useTestDatabase());
});

describe('the 04:00 run stores what the domain decided', () => {
  it('for random grants and deductions around a transfer, the stored ends, events and tasks are the decided ones', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.array(anyItem, { minLength: 1, maxLength: 4 }),
        async (runOffset, items) => {
          serial += 1;
          const cpr = `0101${String(7000 + serial).padStart(6, '0')}`.slice(0, 10);
          const date = firstRun.add({ days: runOffset });
          // Everything is registered three weeks before the transfer (CPR announces a move at most 28 days ahead).
          const monday = atLocalTime(date.subtract({ days: 21 }), 9);
          const person = await createPerson(at(monday), caseworker, 'api', {
            cpr,
            name: `Borger ${cpr}`,
            residence: [{ municipality: A, from: '2015-01-01' }],
          });
          if (!person.ok) throw new Error(person.error.message);
          const personId = person.value.id;
          // One benefit family per case: grants of one family for a person may not overlap.
          const families = [
            'kontanthjaelp',
            'saerlig-stoette',
            'personligt-tillaeg',
            'helbredstillaeg',
          ] as const;
          for (const [index, item] of items.entries()) {
            const from = date.add({ days: item.from });
            const period = {
              municipality: A,
              from: from.toString(),
              to: item.length === null ? null : from.add({ days: item.length }).toString(),
              monthly: '1000.00',
            };
            const created =
              item.kind === 'case'
                ? await createCase(at(monday), caseworker, 'api', cpr, {
                    ...period,
                    benefit: families[index] ?? 'kontanthjaelp',
                    status: 'bevilget',
                  })
                : await createDeduction(at(monday), caseworker, 'api', cpr, {
                    ...period,
                    kind: 'tilbagebetaling',
                  });
            if (!created.ok) throw new Error(created.error.message);
          }
          const moved = await receiveAddressChange(at(monday), cprSystem, 'api', {
            sequence: serial,
            cpr,
            municipality: B,
            date: date.toString(),
          });
          if (!moved.ok) throw new Error(moved.error.message);

          // The decision on the state the run will read, taken just before it.
          const locked = await db.transaction().execute((tx) => lockRunState(tx, personId, date));
          if (locked === undefined) throw new Error('person gone');
          const decision = decideDailyRun(locked.state, date);
          expect(decision.transfer).toMatchObject({ from: A, to: B });
          const before = await storedItems(personId);

          const occurrence = occurrencesOn(date).find((o) => o.job === 'daglig-flytning');
          if (occurrence === undefined) throw new Error(`no daily run on ${date.toString()}`);
          const summary = await runDailyMoves(at(occurrence.at), occurrence);
          expect(summary).toMatchObject({ reviewed: 1, transfers: 1, failed: [] });

          // The events and tasks it stored are the decided ones, in order.
          const events = await db
            .selectFrom('events')
            .select(['type', 'municipality', 'data'])
            .where('person_id', '=', personId)
            .where('actor', '=', 'system:daglig-flytning')
            .orderBy('id')
            .execute();
          expect(events).toEqual(
            decision.events.map((e) => ({ type: e.type, municipality: e.municipality, data: e.data })),
          );
          const byTypeAndPlace = (x: { type: string; municipality: string }) => `${x.type} ${x.municipality}`;
          const sorted = (rows: { type: string; municipality: string }[]) => rows.map(byTypeAndPlace).sort();
          const tasks = await db
            .selectFrom('tasks')
            .select(['type', 'municipality'])
            .where('person_id', '=', personId)
            .execute();
          expect(sorted(tasks)).toEqual(sorted([...decision.tasks]));
          const after = await storedItems(personId);
          expect(after).toEqual(applied(before, decision));
          // And what is stored makes sense: no grant or deduction ends before it starts.
          for (const item of after.values()) if (item.to !== null) expect(item.to >= item.from).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});
