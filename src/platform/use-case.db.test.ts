import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { fail, ok, SimulatedClock } from '../kernel/index.ts';
import { systemActor } from './actor.ts';
import { runUseCase, type Deps } from './use-case.ts';

let deps: Deps;
beforeAll(async () => {
  const { db } = await useTestDatabase();
  deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
});

const insertPerson = (tx: Deps['db'], cpr: string) =>
  tx
    .insertInto('persons')
    .values({
      cpr,
      name: 'X',
      civil_status: 'ugift',
      spouse_cpr: null,
      cpr_subscription: true,
      health_card: false,
      created_at: '2025-05-05T07:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
const counts = async () =>
  Promise.all(
    (['persons', 'events', 'access_log'] as const).map(async (table) =>
      Number(
        (
          await deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ),
  );

describe('the use-case transaction', () => {
  it('writes the change, its events and its access rows together', async () => {
    const result = await runUseCase(deps, systemActor('test'), 'job', 'opret-borger', async (context) => {
      const { id } = await insertPerson(context.tx, '0101011111');
      context.record({ type: 'borger-oprettet', personId: id, municipality: null, data: { name: 'Prøve' } });
      context.logAccess({ personId: id, purpose: 'test' });
      return ok(id);
    });
    expect(result.ok).toBe(true);
    expect(await counts()).toEqual([1, 1, 1]);
  });

  it('a refusal after writes rolls them back with the events', async () => {
    const before = await counts();
    const result = await runUseCase(deps, systemActor('test'), 'job', 'opret-borger', async (context) => {
      const { id } = await insertPerson(context.tx, '0101012222');
      context.record({ type: 'borger-oprettet', personId: id, municipality: null, data: { name: 'Prøve' } });
      return fail('konflikt', 'afvist efter skrivning');
    });
    expect(result).toEqual({ ok: false, error: { code: 'konflikt', message: 'afvist efter skrivning' } });
    expect(await counts()).toEqual(before);
  });

  it('a crash after writes rolls them back and is thrown, not returned', async () => {
    const before = await counts();
    await expect(
      runUseCase(deps, systemActor('test'), 'job', 'opret-borger', async (context) => {
        await insertPerson(context.tx, '0101013333');
        await insertPerson(context.tx, '0101013333');
        return ok(undefined);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await counts()).toEqual(before);
  });
});
