/**
 * Arrival order never matters (domain §2 point 1), against PostgreSQL and the 04:00 run: the same CPR
 * messages delivered in any order, some twice, interleaved with the daily runs in any way, give the same
 * residence history and, after the runs, the same acting municipality.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { runDailyMoves } from '../platform/system.ts';
import { atLocalTime, SimulatedClock, type MunicipalityCode, type Residence } from '../kernel/index.ts';
import { type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn } from '../platform/jobs/domain/schedule.ts';
import type { Deps } from '../platform/use-case.ts';
import {
  createPerson,
  findCurrentActing,
  receiveAddressChange,
  residenceHistory,
  residenceOn,
  type MoveMessage,
} from './index.ts';

const cprSystem: Actor = { kind: 'system', name: 'cpr' };
const caseworker: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const d = (text: string) => Temporal.PlainDate.from(text);
let db: Db;
const at = (instant: Temporal.Instant): Deps => ({ db, clock: new SimulatedClock(instant) });
/** 1 December 2025: the citizens are registered in 101, then the messages arrive over the days after. */
const first = d('2025-12-01');
const start = [
  { from: d('2015-01-01'), residence: { kind: 'municipality', municipality: '101' } as Residence },
];

let people = 0;
/** Registers a new citizen living in 101; returns the CPR number and id. */
async function register(): Promise<{ cpr: string; id: string }> {
  people += 1;
  const cpr = `010180${String(people).padStart(4, '0')}`;
  const created = await createPerson(at(atLocalTime(first, 8)), caseworker, 'api', {
    cpr,
    name: `Borger ${cpr}`,
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  if (!created.ok) throw new Error(created.error.message);
  return { cpr, id: created.value.id };
}

const runDay = async (date: Temporal.PlainDate): Promise<void> => {
  const occurrence = occurrencesOn(date).find((o) => o.job === 'daglig-flytning');
  if (occurrence === undefined) throw new Error(`no run on ${date.toString()}`);
  const summary = await runDailyMoves(at(occurrence.at), occurrence);
  expect(summary.failed).toEqual([]);
};

const place = (r: Residence) =>
  r.kind === 'municipality' ? { municipality: r.municipality } : { abroad: r.country };
/** A delivery: on `day` (days after 1 December) at 09:00, the message, its sequence number shifted by `offset`. */
interface Delivery {
  readonly day: number;
  readonly message: MoveMessage;
}

/** Runs the 04:00 runs and deliveries day by day from 1 December up to and including `last`. */
async function simulate(
  deliveries: readonly { cpr: string; offset: number; items: readonly Delivery[] }[],
  last: Temporal.PlainDate,
): Promise<void> {
  for (
    let day = 0, date = first;
    Temporal.PlainDate.compare(date, last) <= 0;
    day += 1, date = date.add({ days: 1 })
  ) {
    await runDay(date);
    for (const { cpr, offset, items } of deliveries) {
      for (const { message } of items.filter((item) => item.day === day)) {
        const received = await receiveAddressChange(at(atLocalTime(date, 9)), cprSystem, 'api', {
          sequence: message.sequence + offset,
          cpr,
          ...place(message.residence),
          date: message.date.toString(),
        });
        expect(received.ok, JSON.stringify(received)).toBe(true);
      }
    }
  }
}

const storedHistory = async (id: string) =>
  (
    await db
      .selectFrom('residences')
      .select(['valid_from', 'municipality', 'country', 'effectuated_at'])
      .where('person_id', '=', id)
      .orderBy('valid_from')
      .execute()
  ).map((r) => ({
    from: r.valid_from,
    place: r.municipality ?? `udlandet:${r.country ?? ''}`,
    effectuated: r.effectuated_at !== null,
  }));

const expectedHistory = (messages: readonly MoveMessage[]) =>
  residenceHistory(start, messages).map((e) => ({
    from: e.from.toString(),
    place: e.residence.kind === 'municipality' ? e.residence.municipality : `udlandet:${e.residence.country}`,
    effectuated: true,
  }));

beforeAll(async () => {
  ({ db } = await useTestDatabase());
});

describe('CPR messages in any order, against PostgreSQL and the 04:00 runs', () => {
  it('the measured case: sequence 3 (851 from 10 Dec) effectuated before sequence 2 (461 from 28 Dec) arrives still moves the citizen to 461', async () => {
    const seq2: MoveMessage = {
      sequence: 2,
      date: d('2025-12-28'),
      residence: { kind: 'municipality', municipality: '461' as MunicipalityCode },
    };
    const seq3: MoveMessage = {
      sequence: 3,
      date: d('2025-12-10'),
      residence: { kind: 'municipality', municipality: '851' as MunicipalityCode },
    };
    const inOrder = await register();
    const reversed = await register();
    await simulate(
      [
        {
          cpr: inOrder.cpr,
          offset: 0,
          items: [
            { day: 0, message: seq2 },
            { day: 0, message: seq3 },
          ],
        },
        // 3 arrives first and is effectuated on 10 Dec; 2 arrives on 11 Dec.
        {
          cpr: reversed.cpr,
          offset: 100,
          items: [
            { day: 0, message: seq3 },
            { day: 10, message: seq2 },
          ],
        },
      ],
      d('2025-12-29'),
    );
    const expected = ['2015-01-01 101', '2025-12-10 851', '2025-12-28 461'];
    for (const person of [inOrder, reversed]) {
      expect((await storedHistory(person.id)).map((e) => `${e.from} ${e.place}`)).toEqual(expected);
      expect(await findCurrentActing(db, person.id)).toBe('461');
    }
  });

  it('every order, duplication and interleaving with the runs gives the same history and acting municipality', async () => {
    const places: Residence[] = [
      { kind: 'municipality', municipality: '101' as MunicipalityCode },
      { kind: 'municipality', municipality: '147' as MunicipalityCode },
      { kind: 'municipality', municipality: '461' as MunicipalityCode },
      { kind: 'abroad', country: 'SE' as never },
    ];
    // Move dates from 22 Nov (late) to 16 Dec, few enough to repeat; deliveries over the first week.
    const messages = fc
      .uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 })
      .chain((sequences) =>
        fc.tuple(
          ...sequences.map((sequence) =>
            fc.record({
              sequence: fc.constant(sequence),
              date: fc.integer({ min: 0, max: 8 }).map((n) => d('2025-11-22').add({ days: n * 3 })),
              residence: fc.constantFrom(...places),
            }),
          ),
        ),
      );
    const deliveries = (set: readonly MoveMessage[]) =>
      fc
        .array(fc.integer({ min: 0, max: set.length - 1 }), { maxLength: 3 })
        .chain((repeats) => {
          const all = [...set, ...repeats.map((i) => set[i] as MoveMessage)];
          return fc.tuple(
            fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
            fc.array(fc.integer({ min: 0, max: 6 }), { minLength: all.length, maxLength: all.length }),
          );
        })
        .map(([order, days]) => {
          const sorted = [...days].sort((a, b) => a - b);
          return order.map((message, i): Delivery => ({ day: sorted[i] ?? 0, message }));
        });
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        messages.chain((set) => fc.tuple(fc.constant(set), deliveries(set), deliveries(set))),
        async ([set, one, other]) => {
          round += 1;
          const a = await register();
          const b = await register();
          await simulate(
            [
              { cpr: a.cpr, offset: round * 1000, items: one },
              { cpr: b.cpr, offset: round * 1000 + 100, items: other },
            ],
            d('2025-12-17'),
          );
          const expected = expectedHistory(set);
          const last = residenceOn(residenceHistory(start, set), d('2025-12-17'));
          const acting = last?.kind === 'municipality' ? last.municipality : null;
          for (const person of [a, b]) {
            expect(await storedHistory(person.id)).toEqual(expected);
            expect(await findCurrentActing(db, person.id)).toBe(acting);
          }
        },
      ),
      { seed: 4612851, numRuns: 30 },
    );
  }, 120_000);
});
