/**
 * The person overview (personoverblik): the citizen, who acts and has acted, cases, deductions, monthly
 * lines, tasks and events — one access-logged read, used by the API, the CLI, the pages and scenarios.
 */
import { Temporal } from 'temporal-polyfill';
import {
  inField,
  ok,
  parseCpr,
  type MunicipalityCode,
  type Result,
  personNotFound,
} from '../kernel/index.ts';
import {
  listPersonCases,
  listPersonDeductions,
  listPersonLines,
  type CaseRecord,
  type DeductionRecord,
  type LineRecord,
  listPersonSanctions,
  listPersonLetters,
  listPersonJournal,
  type SanctionRecord,
  type PersonLetter,
  type PersonJournalEntry,
} from '../cases/index.ts';
import { listManualPeriods, type ManualPeriodRecord } from './db/manual-period.repository.ts';
import {
  findActingAt,
  findPersonByCpr,
  listActingPeriods,
  type ActingPeriod,
  type Person,
} from '../persons/index.ts';
import { listPersonTasks, type TaskRecord } from '../tasks/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';

export interface OverviewEvent {
  readonly type: string;
  readonly occurredAt: Temporal.Instant;
  readonly municipality: string | null;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The financing municipality recorded for a past part of a back-dated manual registration. */
export interface FinancingPeriod {
  readonly municipality: MunicipalityCode;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate;
  readonly reason: string;
}

export interface PersonOverview {
  readonly person: Person;
  readonly actingNow: MunicipalityCode | null;
  readonly actingHistory: readonly ActingPeriod[];
  readonly financing: readonly FinancingPeriod[];
  /** Every manual period: planned (approved, not yet in force), in force, ended or undone. */
  readonly manualPeriods: readonly ManualPeriodRecord[];
  readonly cases: readonly CaseRecord[];
  readonly deductions: readonly DeductionRecord[];
  readonly lines: readonly LineRecord[];
  readonly tasks: readonly TaskRecord[];
  /** The sanctions decided on the person's cases, by omission (the sanctions tab). */
  readonly sanctions: readonly SanctionRecord[];
  readonly events: readonly OverviewEvent[];
  /** The letters of every case, the newest first. */
  readonly letters: readonly PersonLetter[];
  /** The journal notes and documents of every case, the newest first. */
  readonly journal: readonly PersonJournalEntry[];
}

/** Reads the overview of the citizen with the CPR number as it stands now. */
export function getPersonOverview(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  purpose: string,
): Promise<Result<PersonOverview>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined || !(await context.mayRead(person.id, purpose))) return personNotFound();
    const [
      acting,
      history,
      financing,
      cases,
      deductions,
      lines,
      tasks,
      events,
      sanctions,
      manual,
      letters,
      journal,
    ] = await Promise.all([
      findActingAt(context.tx, person.id, context.now),
      listActingPeriods(context.tx, person.id),
      context.tx
        .selectFrom('financing_periods')
        .select(['municipality', 'valid_from', 'valid_to', 'reason'])
        .where('person_id', '=', person.id)
        .orderBy('valid_from')
        .execute(),
      listPersonCases(context.tx, person.id),
      listPersonDeductions(context.tx, person.id),
      listPersonLines(context.tx, person.id),
      listPersonTasks(context.tx, person.id),
      context.tx
        .selectFrom('events')
        .select(['type', 'occurred_at', 'municipality', 'actor', 'data'])
        .where('person_id', '=', person.id)
        .orderBy('id')
        .execute(),
      listPersonSanctions(context.tx, person.id),
      listManualPeriods(context.tx, person.id),
      listPersonLetters(context.tx, person.id),
      listPersonJournal(context.tx, person.id),
    ]);
    return ok({
      person,
      actingNow: acting ?? null,
      actingHistory: history,
      financing: financing.map((row) => ({
        municipality: row.municipality as MunicipalityCode,
        from: Temporal.PlainDate.from(row.valid_from),
        to: Temporal.PlainDate.from(row.valid_to),
        reason: row.reason,
      })),
      manualPeriods: manual,
      cases,
      deductions,
      lines,
      tasks,
      sanctions,
      events: events.map((e) => ({
        type: e.type,
        occurredAt: toInstant(e.occurred_at),
        municipality: e.municipality,
        actor: e.actor,
        data: e.data,
      })),
      letters,
      journal,
    });
  });
}

function toInstant(value: Date): Temporal.Instant {
  return Temporal.Instant.fromEpochMilliseconds(value.getTime());
}
