/** Hearings and decisions on a case (docs/decisions/0022-decisions.md). */
import { Temporal } from 'temporal-polyfill';
import type { Executor } from '../../platform/db/database.ts';
import type { AdverseEffect, DecisionDecision, Hearing, HearingDecision } from '../domain/decision.ts';

const date = (value: string): Temporal.PlainDate => Temporal.PlainDate.from(value);

interface Owner {
  readonly caseId: string;
  readonly personId: string;
  readonly municipality: string;
}

export async function insertHearing(
  tx: Executor,
  owner: Owner,
  hearing: HearingDecision,
  recordedBy: string,
  now: Temporal.Instant,
): Promise<string> {
  const { id } = await tx
    .insertInto('hearings')
    .values({
      case_id: owner.caseId,
      person_id: owner.personId,
      municipality: owner.municipality,
      effect: hearing.effect,
      intended: hearing.intended,
      sent_on: hearing.sentOn.toString(),
      deadline: hearing.deadline.toString(),
      recorded_by: recordedBy,
      recorded_at: now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

type HearingRow = {
  id: string;
  case_id: string;
  effect: string;
  intended: string;
  sent_on: string;
  deadline: string;
  answered_on: string | null;
  answer: string | null;
};

function hearingOf(row: HearingRow): Hearing {
  return {
    id: row.id,
    caseId: row.case_id,
    effect: row.effect as AdverseEffect,
    intended: row.intended,
    sentOn: date(row.sent_on),
    deadline: date(row.deadline),
    answeredOn: row.answered_on === null ? null : date(row.answered_on),
    answer: row.answer,
  };
}

const hearingColumns = [
  'id',
  'case_id',
  'effect',
  'intended',
  'sent_on',
  'deadline',
  'answered_on',
  'answer',
] as const;

/** The hearing, locked for the caller's transaction. */
export async function findHearingForUpdate(tx: Executor, id: string): Promise<Hearing | undefined> {
  const row = await tx
    .selectFrom('hearings')
    .select(hearingColumns)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row === undefined ? undefined : hearingOf(row);
}

export async function recordAnswer(
  tx: Executor,
  id: string,
  answeredOn: Temporal.PlainDate,
  answer: string,
): Promise<void> {
  await tx
    .updateTable('hearings')
    .set({ answered_on: answeredOn.toString(), answer })
    .where('id', '=', id)
    .where('answered_on', 'is', null)
    .executeTakeFirstOrThrow();
}

export async function listHearings(tx: Executor, caseId: string): Promise<Hearing[]> {
  const rows = await tx
    .selectFrom('hearings')
    .select(hearingColumns)
    .where('case_id', '=', caseId)
    .orderBy('sent_on')
    .orderBy('recorded_at')
    .execute();
  return rows.map(hearingOf);
}

/**
 * The case's hearings on one of the effects recorded at or after the instant, the newest first (the 225-hour
 * rule's hearing after its notice).
 */
export async function listHearingsSince(
  tx: Executor,
  caseId: string,
  effects: readonly AdverseEffect[],
  since: Temporal.Instant,
): Promise<Hearing[]> {
  const rows = await tx
    .selectFrom('hearings')
    .select(hearingColumns)
    .where('case_id', '=', caseId)
    .where('effect', 'in', [...effects])
    .where('recorded_at', '>=', new Date(since.epochMilliseconds))
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(hearingOf);
}

export async function insertDecision(
  tx: Executor,
  owner: Owner,
  decision: DecisionDecision,
  decidedBy: string,
  now: Temporal.Instant,
): Promise<string> {
  const basis = decision.basis;
  const { id } = await tx
    .insertInto('decisions')
    .values({
      case_id: owner.caseId,
      person_id: owner.personId,
      municipality: owner.municipality,
      effect: decision.effect,
      reasons: decision.reasons,
      legal_basis: decision.legalBasis,
      complaint_guidance: decision.complaintGuidance,
      decided_on: decision.decidedOn.toString(),
      hearing_id: basis.kind === 'partshoering' ? basis.hearing : null,
      exception_basis: basis.kind === 'undtagelse' ? basis.legalBasis : null,
      exception_reason: basis.kind === 'undtagelse' ? basis.reason : null,
      decided_by: decidedBy,
      recorded_at: now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A stored decision as the case shows it. */
export interface DecisionRecord extends DecisionDecision {
  readonly id: string;
  readonly decidedBy: string;
}

export async function listDecisions(tx: Executor, caseId: string): Promise<DecisionRecord[]> {
  const rows = await tx
    .selectFrom('decisions')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('decided_on')
    .orderBy('recorded_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    effect: row.effect as AdverseEffect,
    reasons: row.reasons,
    legalBasis: row.legal_basis,
    complaintGuidance: row.complaint_guidance,
    decidedOn: date(row.decided_on),
    decidedBy: row.decided_by,
    basis:
      row.hearing_id !== null
        ? { kind: 'partshoering', hearing: row.hearing_id }
        : { kind: 'undtagelse', legalBasis: row.exception_basis ?? '', reason: row.exception_reason ?? '' },
  }));
}
