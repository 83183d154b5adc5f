import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock } from '../kernel/index.ts';
import { type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Deps } from '../platform/use-case.ts';
import { createPerson, getPerson } from './index.ts';

const caseworker: Actor = caseworkerActor('sb101', '101' as never);
let deps: Deps;

beforeAll(async () => {
  const { db } = await useTestDatabase();
  deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
});

const count = async (table: 'persons' | 'events' | 'access_log' | 'residences') =>
  Number(
    (
      await deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('persons against PostgreSQL', () => {
  it('creates a citizen with histories and the event borger-oprettet in the same transaction', async () => {
    const result = await createPerson(deps, caseworker, 'api', {
      cpr: '1507711021',
      name: 'Jens Prøvesen',
      residence: [
        { municipality: '147', from: '2004-06-01' },
        { municipality: '101', from: '2010-03-01' },
      ],
      civilStatus: 'gift',
      spouse: '230860-1010',
      healthCard: true,
      institutionStays: [{ from: '2024-09-01', to: null }],
      administration: [{ municipality: '101', from: '2023-01-01', to: '2025-12-31' }],
    });
    expect(result.ok).toBe(true);
    const event = await deps.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'borger-oprettet')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ municipality: '101', actor: 'bruger:sb101@101' });
    expect(event.occurred_at.toISOString()).toBe('2025-05-05T07:00:00.000Z');
  });

  it('reads the citizen back as it was written, and logs who read it and why', async () => {
    const before = await count('access_log');
    const result = await getPerson(deps, caseworker, 'cli', '150771-1021', 'klage');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.residence.map((r) => [r.from.toString(), r.residence])).toEqual([
      ['2004-06-01', { kind: 'municipality', municipality: '147' }],
      ['2010-03-01', { kind: 'municipality', municipality: '101' }],
    ]);
    expect(result.value.institutionStays[0]?.to).toBeNull();
    expect(result.value.administration[0]?.to?.toString()).toBe('2025-12-31');
    expect(result.value.spouse).toBe('2308601010');
    expect(await count('access_log')).toBe(before + 1);
    const row = await deps.db
      .selectFrom('access_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actor: 'bruger:sb101@101',
      actor_municipality: '101',
      purpose: 'klage',
      channel: 'cli',
    });
  });

  it('refuses a CPR number that is already registered and changes nothing', async () => {
    const before = await Promise.all([count('persons'), count('events'), count('residences')]);
    const result = await createPerson(deps, caseworker, 'api', {
      cpr: '150771-1021',
      name: 'Dobbelt',
      residence: [{ municipality: '101', from: '2010-01-01' }],
    });
    expect(result.ok ? undefined : result.error.code).toBe('person-findes');
    expect(await Promise.all([count('persons'), count('events'), count('residences')])).toEqual(before);
  });

  it('reading an unknown citizen is refused and logs nothing', async () => {
    const before = await count('access_log');
    const result = await getPerson(deps, caseworker, 'api', '010101-0000', 'kontrol');
    expect(result.ok ? undefined : result.error.code).toBe('ikke-fundet');
    expect(await count('access_log')).toBe(before);
  });
});
