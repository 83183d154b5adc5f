/**
 * The 04:00 run's statements per person (docs/decisions/0008, 0019): a transfer is read in one statement,
 * written in one — built from the contexts' parts — plus the two that close and open the acting period.
 */
import { PostgresQueryCompiler, type KyselyPlugin } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { createCase, createDeduction } from '../cases/index.ts';
import { SimulatedClock, type MunicipalityCode } from '../kernel/index.ts';
import { createPerson, receiveAddressChange } from '../persons/index.ts';
import { type Actor, caseworkerActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { occurrencesOn } from '../platform/jobs/domain/schedule.ts';
import { runDailyMoves } from '../platform/system.ts';
import type { Deps } from '../platform/use-case.ts';

const caseworker: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);
const cpr = '0101801011';

let db: Db;
const at = (instant: string): Deps => ({ db, clock: new SimulatedClock(Temporal.Instant.from(instant)) });

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  const monday = '2025-05-05T07:00:00Z';
  const person = await createPerson(at(monday), caseworker, 'api', {
    cpr,
    name: 'Borger Flytter',
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  if (!person.ok) throw new Error(person.error.message);
  const granted = await createCase(at(monday), caseworker, 'api', cpr, {
    benefit: 'kontanthjaelp',
    municipality: '101',
    status: 'bevilget',
    from: '2025-01-01',
    monthly: '3100.00',
  });
  if (!granted.ok) throw new Error(granted.error.message);
  const deduction = await createDeduction(at(monday), caseworker, 'api', cpr, {
    kind: 'tilbagebetaling',
    municipality: '101',
    monthly: '310.00',
    from: '2025-01-01',
  });
  if (!deduction.ok) throw new Error(deduction.error.message);
  const moved = await receiveAddressChange(at(monday), { kind: 'system', name: 'cpr' }, 'api', {
    sequence: 1,
    cpr,
    municipality: '147',
    date: '2025-05-06',
  });
  if (!moved.ok) throw new Error(moved.error.message);
});

describe("the 04:00 run's statements", () => {
  it('a transfer with a case, a deduction, events and tasks is one read, one write and the acting period', async () => {
    // Every statement the run sends, as PostgreSQL receives its text.
    const compiler = new PostgresQueryCompiler();
    const texts: string[] = [];
    const recording: KyselyPlugin = {
      transformQuery: (args) => {
        texts.push(compiler.compileQuery(args.node, args.queryId).sql);
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const run = occurrencesOn(Temporal.PlainDate.from('2025-05-06')).find((o) => o.job === 'daglig-flytning');
    if (run === undefined) throw new Error('no run');
    const deps: Deps = { db: db.withPlugin(recording), clock: new SimulatedClock(run.at) };
    expect(await runDailyMoves(deps, run)).toMatchObject({ reviewed: 1, transfers: 1, failed: [] });

    // Listing the due persons is per batch of 500, not per person.
    const person = texts.filter((text) => !text.includes('"acting_review_on" <='));
    expect(texts.length - person.length).toBe(2);
    const writes = person.filter((text) => /prepare:acting-run-write-/.test(text));
    expect(writes).toHaveLength(1);
    for (const table of [
      'payment_lines',
      'deduction_lines',
      'cases',
      'grants',
      'deductions',
      'tasks',
      'events',
    ])
      expect(writes[0]).toContain(table);
    // Entering the person's row-level security scope (one prepared statement of settings), the read, the
    // write, and closing and opening the acting period; nothing else for the person.
    expect(person.map((text) => /prepare:([a-z0-9-]+)/.exec(text)?.[1]?.replace(/-[0-9a-f]+$/, ''))).toEqual([
      'enter-scope',
      'acting-run-state',
      'acting-period-close',
      'acting-period-open',
      'acting-run-write',
    ]);
  });
});
