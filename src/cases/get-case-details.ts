/**
 * One case as the case page (sagsside) shows it: the case and its person, every grant row (standing and
 * superseded), the registrations that decide its amounts (the person's and the case's own) as known now
 * or at an earlier instant, its payment lines with their stored explanations, and its recalculations with
 * the repayment claims they proposed. One access-logged read
 * (purpose `sagsside`), as the person overview's.
 */
import { Temporal } from 'temporal-polyfill';
import {
  fail,
  inField,
  ok,
  parseDate,
  ZONE,
  type Cpr,
  type MunicipalityCode,
  type Result,
} from '../kernel/index.ts';
import { findCurrentActing, findPersonSummary } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { listCaseEvents, type CaseEvent } from './db/case-events.repository.ts';
import { listCaseLines, type LineRecord } from './db/case.repository.ts';
import { findCase, listPersonGrants, type VersionedCase } from './db/grant.repository.ts';
import { listDecisions, listHearings, type DecisionRecord } from './db/decision.repository.ts';
import { listSanctions, type SanctionRecord } from './db/sanction.repository.ts';
import { listLetters, type LetterRecord } from './letters.ts';
import { journalOf, type CaseJournal } from './journal.ts';
import type { Hearing } from './domain/decision.ts';
import {
  listClaims,
  listRecalculations,
  type ClaimRecord,
  type RecalculationRecord,
} from './db/recalculation.repository.ts';
import { listPersonRegistrations, type RegistrationRecord } from './db/registration.repository.ts';
import { knownAt } from './domain/decide-registration.ts';
import type { Grant } from './domain/grant.ts';
import { registrationKinds } from './domain/registration.ts';
import { uuidPattern } from './case-lock.ts';
import { parseKnownAt } from './registrations.ts';

export interface CaseDetails {
  readonly case: VersionedCase;
  readonly person: { readonly id: string; readonly cpr: Cpr; readonly name: string };
  /** The municipality acting for the person now; null abroad. */
  readonly actingNow: MunicipalityCode | null;
  /** Every grant row of the case, in the order recorded. */
  readonly grants: readonly Grant[];
  /** The person's registrations and the case's own as known at `knownAt`, by kind and start. */
  readonly registrations: readonly RegistrationRecord[];
  /** The instant the registrations are shown as known at; null: now. */
  readonly knownAt: Temporal.Instant | null;
  /** The case's payment lines, by period and run. */
  readonly lines: readonly LineRecord[];
  /** The approved recalculations, newest first. */
  readonly recalculations: readonly RecalculationRecord[];
  /** The repayment claims the recalculations proposed, oldest first (none is collected without a decision). */
  readonly claims: readonly ClaimRecord[];
  /** The hearings (partshøringer) on the case, oldest first. */
  readonly hearings: readonly Hearing[];
  /** The decisions (afgørelser) on the case, oldest first. */
  readonly decisions: readonly DecisionRecord[];
  /** The sanctions decided on the case, by omission. */
  readonly sanctions: readonly SanctionRecord[];
  /** The letters of the case's hearings and decisions, oldest first, and whether they are sent. */
  readonly letters: readonly LetterRecord[];
  /** The case's journal notes and documents, the newest first. */
  readonly journal: CaseJournal;
  /** What happened to the case (created, granted, changed, recalculated, deferred, closed), oldest first. */
  readonly events: readonly CaseEvent[];
}

const dayPattern = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/**
 * "Known at" as a caseworker gives it: a day (`05.05.2025` or `2025-05-05`: as known at the end of that
 * day, Danish time), or an instant (`2025-05-05T09:00` Danish time, or ISO 8601 with a zone).
 */
export function parseKnownAtText(text: string): Result<Temporal.Instant> {
  const trimmed = text.trim();
  const day = dayPattern.exec(trimmed);
  const iso =
    day === null
      ? trimmed
      : `${day[3] ?? ''}-${(day[2] ?? '').padStart(2, '0')}-${(day[1] ?? '').padStart(2, '0')}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const date = parseDate(iso);
    if (!date.ok) return date;
    const nextMidnight = date.value.add({ days: 1 }).toZonedDateTime(ZONE).toInstant();
    return ok(nextMidnight.subtract({ nanoseconds: 1 }));
  }
  return parseKnownAt(trimmed);
}

/** The case page's data; `knownAtText` (the page's `kendtPr`) shows the registrations as known then. */
export function getCaseDetails(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  knownAtText?: string,
): Promise<Result<CaseDetails>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    if (!uuidPattern.test(caseId)) return fail('ikke-fundet', 'Sagen findes ikke', 'id');
    let instant: Temporal.Instant | null = null;
    if (knownAtText !== undefined && knownAtText.trim() !== '') {
      const parsed = inField(parseKnownAtText(knownAtText), 'kendtPr');
      if (!parsed.ok) return parsed;
      instant = parsed.value;
    }
    const record = await findCase(context.tx, caseId);
    if (record === undefined) return fail('ikke-fundet', 'Sagen findes ikke', 'id');
    const person = await findPersonSummary(context.tx, record.personId);
    if (person === undefined || !(await context.mayRead(record.personId, 'sagsside'))) {
      return fail('ikke-fundet', 'Sagen findes ikke', 'id');
    }
    const [
      acting,
      grants,
      registrations,
      lines,
      recalculations,
      claims,
      events,
      hearings,
      decisions,
      sanctions,
      letters,
      journal,
    ] = await Promise.all([
      findCurrentActing(context.tx, record.personId),
      listPersonGrants(context.tx, record.personId),
      listPersonRegistrations(context.tx, record.personId),
      listCaseLines(context.tx, record.id),
      listRecalculations(context.tx, record.id),
      listClaims(context.tx, record.id),
      listCaseEvents(context.tx, record.personId, record.id),
      listHearings(context.tx, record.id),
      listDecisions(context.tx, record.id),
      listSanctions(context.tx, record.id),
      listLetters(context.tx, record.id),
      journalOf(context, record.id),
    ]);
    const relevant = knownAt(registrations, instant ?? context.now).filter(
      (row) => row.caseId === null || row.caseId === record.id,
    );
    return ok({
      case: record,
      person: { id: record.personId, cpr: person.cpr, name: person.name },
      actingNow: acting ?? null,
      grants: grants.filter((grant) => grant.caseId === record.id),
      registrations: relevant.toSorted(
        (a, b) =>
          registrationKinds.indexOf(a.value.kind) - registrationKinds.indexOf(b.value.kind) ||
          Temporal.PlainDate.compare(a.from, b.from) ||
          Temporal.Instant.compare(a.recordedAt, b.recordedAt),
      ),
      knownAt: instant,
      lines,
      recalculations,
      claims,
      events,
      hearings,
      decisions,
      sanctions,
      letters,
      journal,
    });
  });
}
