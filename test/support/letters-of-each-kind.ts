/**
 * A case with one letter of each kind, made through the use cases as the scenario
 * scenarios/timeregel/varsling-partshoering-afgoerelse-nedsaettelse.yaml makes them: Tage Timer's
 * kontanthjælp from 1 March 2021 with 40 hours of work in January 2020 only, and the 225-hour task taken
 * through "Send varsling" (15 March 2021), "Send partshøring" (20 August, deadline 3 September) and the
 * decision (6 September, Godkend), each at 09:00 Danish time. The varsling is delivered at 10:30 the day it
 * is sent, so it is `sendt`; the partshøring and the afgørelse wait in the outbox.
 */
import fs from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import {
  addRegistration,
  createCase,
  deliverLetters,
  grantCase,
  type LetterChannel,
} from '../../src/cases/index.ts';
import type { LetterKind } from '../../src/cases/domain/letter.ts';
import { SimulatedClock, ZONE, type MunicipalityCode } from '../../src/kernel/index.ts';
import { createPerson } from '../../src/persons/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../../src/platform/actor.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { taskTypes } from '../../src/platform/system.ts';
import type { Deps } from '../../src/platform/use-case.ts';
import { importRates } from '../../src/rates/index.ts';
import { actOnTask, startTask } from '../../src/tasks/index.ts';

export interface LettersOfEachKind {
  readonly caseId: string;
  readonly cpr: string;
  readonly name: string;
  /** The letter's id by kind. */
  readonly letters: Readonly<Record<LetterKind, string>>;
}

export const letterCitizen = { cpr: '0106805643', name: 'Tage Timer' } as const;

const sb101: Actor = caseworkerActor('sb101', '101' as MunicipalityCode);

/** A channel that takes every letter and keeps nothing (the tests only need a letter marked `sendt`). */
const nowhere: LetterChannel = { name: 'test', deliver: () => Promise.resolve() };

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Makes the case and its three letters in `db`, each step at 09:00 Danish time on its day. */
export async function createLettersOfEachKind(db: Db): Promise<LettersOfEachKind> {
  const at = (day: string, time: string) =>
    Temporal.PlainDate.from(day).toZonedDateTime({ timeZone: ZONE, plainTime: time }).toInstant();
  const on = (day: string): Deps => ({ db, clock: new SimulatedClock(at(day, '09:00')) });
  const sourced = fs.readFileSync(new URL('../../data/satser/satser.csv', import.meta.url), 'utf8');
  must(await importRates(on('2021-01-02'), systemActor('test'), sourced, { replace: false }));
  const start = on('2021-03-01');
  const { cpr, name } = letterCitizen;
  must(
    await createPerson(start, sb101, 'api', {
      cpr,
      name,
      residence: [{ municipality: '101', from: '2010-01-01' }],
    }),
  );
  const caseId = must(
    await createCase(start, sb101, 'api', cpr, {
      benefit: 'kontanthjaelp',
      municipality: '101',
      status: 'under-oplysning',
      from: '2021-03-01',
    }),
  ).id;
  for (const registration of [
    { kind: 'skattekort', from: '2021-01-01', taxRate: '38', monthlyAllowance: '4500.00' },
    { kind: 'ydelseshistorik', from: '2019-01-01', to: '2021-02-28' },
    { kind: 'timeregel-timer', from: '2020-01-01', to: '2020-01-31', hours: '40' },
  ] as const) {
    must(await addRegistration(start, sb101, 'api', cpr, registration));
  }
  must(
    await grantCase(start, sb101, 'api', caseId, { from: '2021-03-01', reason: 'Opfylder betingelserne' }),
  );

  const task = must(
    await startTask(on('2021-03-15'), taskTypes, sb101, 'api', {
      type: 'timeregel',
      cpr,
      data: { sag: caseId },
    }),
  );
  const act = async (day: string, step: string, input?: Record<string, unknown>) =>
    must(
      await actOnTask(on(day), taskTypes, sb101, 'api', task.id, undefined, {
        kind: 'videre',
        step,
        ...(input === undefined ? {} : { input }),
      }),
    );
  await act('2021-03-15', 'send-varsling', { sendt: '2021-03-15' });
  const delivered = must(
    await deliverLetters(
      { db, clock: new SimulatedClock(at('2021-03-15', '10:30')) },
      systemActor('test'),
      nowhere,
    ),
  );
  if (delivered.delivered !== 1)
    throw new Error(`expected the varsling delivered, got ${delivered.delivered}`);
  await act('2021-08-20', 'send-partshoering', { sendt: '2021-08-20', frist: '2021-09-03' });
  await act('2021-09-06', 'traef-afgoerelse', {
    truffet: '2021-09-06',
    begrundelse: 'Du har ikke haft 225 timers arbejde inden for de seneste 12 måneder.',
  });
  await act('2021-09-06', 'opsummering');

  const rows = await db
    .selectFrom('letters')
    .select(['id', 'kind'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
  const byKind = (kind: LetterKind): string => {
    const found = rows.filter((row) => row.kind === kind);
    if (found.length !== 1 || found[0] === undefined) {
      throw new Error(`expected one ${kind} letter, found ${found.length}`);
    }
    return found[0].id;
  };
  return {
    caseId,
    cpr,
    name,
    letters: {
      varsling: byKind('varsling'),
      partshoering: byKind('partshoering'),
      afgoerelse: byKind('afgoerelse'),
    },
  };
}
