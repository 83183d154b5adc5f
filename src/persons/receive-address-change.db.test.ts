import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import type { Deps } from '../platform/use-case.ts';
import { createPerson, receiveAddressChange, type AddressChangeInput } from './index.ts';

const cprSystem: Actor = { kind: 'system', name: 'cpr' };
const caseworker: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);

let db: Db;
const at = (instant: string): Deps => ({ db, clock: new SimulatedClock(Temporal.Instant.from(instant)) });
/** 5 May 2025, 09:00 Danish summer time. */
const monday = '2025-05-05T07:00:00Z';
const receive = (input: AddressChangeInput, now = monday) =>
  receiveAddressChange(at(now), cprSystem, 'api', input);

const cpr = '0303803001';
let personId: string;

/** Everything a message could change, row by row. */
async function everything(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of ['persons', 'residences', 'acting_periods', 'events', 'cpr_messages']) {
    result[table] = (await sql`select * from ${sql.table(table)} order by id`.execute(db)).rows;
  }
  return result;
}
const withoutQueue = ({ cpr_messages: _queue, ...rest }: Record<string, unknown[]>) => rest;

const messages = () =>
  db.selectFrom('cpr_messages').select(['sequence', 'cpr', 'status', 'error_code']).orderBy('id').execute();
const pending = () =>
  db
    .selectFrom('residences')
    .select(['valid_from', 'municipality', 'country', 'effectuated_at', 'source'])
    .where('person_id', '=', personId)
    .where('effectuated_at', 'is', null)
    .orderBy('valid_from')
    .execute();
const reviewOn = async () =>
  (
    await db
      .selectFrom('persons')
      .select('acting_review_on')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow()
  ).acting_review_on;

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const created = await createPerson(at(monday), caseworker, 'api', {
    cpr,
    name: 'Flemming Flyttesen',
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  if (!created.ok) throw new Error(created.error.message);
  personId = created.value.id;
});

describe('receiving CPR address changes against PostgreSQL', () => {
  it('plans a move for its date: a pending residence, the review date and fraflytning-planlagt', async () => {
    const result = await receive({ sequence: 100, cpr, municipality: '0147', date: '2025-05-20' });
    expect(result).toEqual({ ok: true, value: { status: 'behandlet', expectedDate: '2025-05-20' } });
    expect(await pending()).toEqual([
      { valid_from: '2025-05-20', municipality: '147', country: null, effectuated_at: null, source: 'cpr' },
    ]);
    expect(await reviewOn()).toBe('2025-05-20');
    const event = await db
      .selectFrom('events')
      .select(['type', 'municipality', 'data'])
      .where('person_id', '=', personId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      type: 'fraflytning-planlagt',
      municipality: '101',
      data: { expectedDate: '2025-05-20', moveDate: '2025-05-20', to: '147', sequence: 100 },
    });
    expect(await messages()).toEqual([{ sequence: '100', cpr, status: 'behandlet', error_code: null }]);
  });

  it('the same sequence number with the same content is allerede-modtaget and changes nothing', async () => {
    const before = await everything();
    // The code written with a leading zero or without is the same content.
    const again = await receive(
      { sequence: 100, cpr: '030380-3001', municipality: '147', date: '2025-05-20' },
      '2025-05-05T08:00:00Z',
    );
    expect(again).toEqual({ ok: true, value: { status: 'allerede-modtaget', expectedDate: null } });
    expect(await everything()).toEqual(before);
  });

  it('the same sequence number with other content is sekvens-konflikt, lands in the error queue, and changes nothing else', async () => {
    const before = await everything();
    const conflict = await receive({ sequence: 100, cpr, municipality: '147', date: '2025-05-21' });
    expect(conflict.ok ? undefined : conflict.error).toMatchObject({
      code: 'sekvens-konflikt',
      field: 'sequence',
    });
    const after = await everything();
    expect(withoutQueue(after)).toEqual(withoutQueue(before));
    expect(after.cpr_messages).toHaveLength((before.cpr_messages ?? []).length + 1);
    expect((await messages()).at(-1)).toEqual({
      sequence: '100',
      cpr,
      status: 'afvist',
      error_code: 'sekvens-konflikt',
    });
  });

  it('an older message with another date still adds its date: arrival order never matters', async () => {
    const late = await receive({ sequence: 99, cpr, municipality: '151', date: '2025-05-15' });
    expect(late).toEqual({ ok: true, value: { status: 'behandlet', expectedDate: '2025-05-15' } });
    expect((await pending()).map((r) => [r.valid_from, r.municipality])).toEqual([
      ['2025-05-15', '151'],
      ['2025-05-20', '147'],
    ]);
    expect((await messages()).at(-1)).toEqual({ sequence: '99', cpr, status: 'behandlet', error_code: null });
    expect(await reviewOn()).toBe('2025-05-15');
  });

  it('an older message for a date a newer one decided is kept as overhalet and changes nothing', async () => {
    const before = await everything();
    const late = await receive({ sequence: 98, cpr, municipality: '153', date: '2025-05-20' });
    expect(late).toEqual({ ok: true, value: { status: 'overhalet', expectedDate: null } });
    const after = await everything();
    expect(withoutQueue(after)).toEqual(withoutQueue(before));
    expect((await messages()).at(-1)).toEqual({ sequence: '98', cpr, status: 'overhalet', error_code: null });
  });

  it('an overhalet message received again is allerede-modtaget', async () => {
    const before = await everything();
    const again = await receive({ sequence: 98, cpr, municipality: '153', date: '2025-05-20' });
    expect(again).toEqual({ ok: true, value: { status: 'allerede-modtaget', expectedDate: null } });
    expect(await everything()).toEqual(before);
  });

  it('an unknown citizen is ikke-fundet in the error queue and nothing else changes', async () => {
    const before = await everything();
    const unknown = await receive({
      sequence: 200,
      cpr: '0404804001',
      municipality: '147',
      date: '2025-05-20',
    });
    expect(unknown.ok ? undefined : unknown.error).toMatchObject({ code: 'ikke-fundet', field: 'cpr' });
    const after = await everything();
    expect(withoutQueue(after)).toEqual(withoutQueue(before));
    expect((await messages()).at(-1)).toEqual({
      sequence: '200',
      cpr: '0404804001',
      status: 'afvist',
      error_code: 'ikke-fundet',
    });
  });

  it('a refused sequence number may be used again by a message that is taken in', async () => {
    const retried = await receive({ sequence: 200, cpr, municipality: '153', date: '2025-05-25' });
    expect(retried).toEqual({ ok: true, value: { status: 'behandlet', expectedDate: '2025-05-25' } });
    expect((await pending()).map((r) => [r.valid_from, r.municipality])).toEqual([
      ['2025-05-15', '151'],
      ['2025-05-20', '147'],
      ['2025-05-25', '153'],
    ]);
    expect(await reviewOn()).toBe('2025-05-15');
  });

  it.each<[string, AddressChangeInput, string]>([
    [
      'more than 28 days ahead',
      { sequence: 300, cpr, municipality: '147', date: '2025-06-03' },
      'ugyldig-dato',
    ],
    [
      'both a municipality and a country',
      { sequence: 301, cpr, municipality: '147', abroad: 'SE', date: '2025-05-20' },
      'ugyldigt-input',
    ],
    [
      'a negative sequence number',
      { sequence: -5, cpr, municipality: '147', date: '2025-05-20' },
      'ugyldigt-input',
    ],
  ])(
    'a message %s is refused into the error queue and changes nothing else',
    async (_name, input, errorCode) => {
      const before = await everything();
      const refused = await receive(input);
      expect(refused.ok ? undefined : refused.error.code).toBe(errorCode);
      const after = await everything();
      expect(withoutQueue(after)).toEqual(withoutQueue(before));
      expect((await messages()).at(-1)).toMatchObject({ status: 'afvist', error_code: errorCode });
    },
  );

  it('a late message is expected at the next 04:00 run, and before 04:00 on the move date by that day’s run', async () => {
    const late = await receive({ sequence: 400, cpr, municipality: '147', date: '2025-05-01' });
    expect(late.ok && late.value.expectedDate).toBe('2025-05-06');
    expect(await reviewOn()).toBe('2025-05-06');
    const early = await receive(
      { sequence: 401, cpr, municipality: '147', date: '2025-05-27' },
      '2025-05-27T01:30:00Z',
    );
    expect(early.ok && early.value.expectedDate).toBe('2025-05-27');
  });
});
