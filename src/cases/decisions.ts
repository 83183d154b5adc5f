/**
 * Hearings (partshøringer) and decisions (afgørelser) on a case (docs/decisions/0022-decisions.md): no
 * adverse effect without a recorded decision, and no decision without a hearing whose deadline has passed
 * or that was answered, or a recorded legal exception. The first adverse effect decided this way is the
 * repayment claim a recalculation proposed: only a decision makes it a claim (`besluttet`).
 *
 * Every use case is the acting municipality's, under the person's lock, in one transaction.
 */
import { fail, formatAmount, localDate, ok, type MunicipalityCode, type Result } from '../kernel/index.ts';
import { actorLabel, type Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { lockCase, uuidPattern, type Versioned } from './case-lock.ts';
import {
  findHearingForUpdate,
  insertDecision,
  insertHearing,
  recordAnswer,
} from './db/decision.repository.ts';
import { decideClaims } from './db/recalculation.repository.ts';
import {
  decideAnswer,
  decideDecision,
  decideHearing,
  type AdverseEffect,
  type DecisionInput,
  type Hearing,
  type HearingInput,
} from './domain/decision.ts';

export interface HearingView {
  readonly id: string;
  readonly case: string;
  readonly effect: AdverseEffect;
  readonly intended: string;
  readonly sentOn: string;
  readonly deadline: string;
  readonly answeredOn: string | null;
  readonly answer: string | null;
}

export function hearingView(hearing: Hearing): HearingView {
  return {
    id: hearing.id,
    case: hearing.caseId,
    effect: hearing.effect,
    intended: hearing.intended,
    sentOn: hearing.sentOn.toString(),
    deadline: hearing.deadline.toString(),
    answeredOn: hearing.answeredOn?.toString() ?? null,
    answer: hearing.answer,
  };
}

const today = (context: UseCaseContext) => localDate(context.now);

/** Records a hearing sent on the case: the adverse effect intended, why, and the citizen's deadline. */
export function startHearing(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  input: HearingInput & Versioned,
): Promise<Result<HearingView>> {
  return runUseCase(deps, actor, channel, async (context) => {
    const locked = await lockCase(context, caseId, input.version);
    if (!locked.ok) return locked;
    const { record } = locked.value;
    const decided = decideHearing(input, today(context));
    if (!decided.ok) return decided;
    const owner = { caseId: record.id, personId: record.personId, municipality: record.municipality };
    const id = await insertHearing(context.tx, owner, decided.value, actorLabel(context.actor), context.now);
    context.record({
      type: 'partshoering-sendt',
      personId: record.personId,
      municipality: record.municipality,
      data: {
        case: record.id,
        hearing: id,
        effect: decided.value.effect,
        sentOn: decided.value.sentOn.toString(),
        deadline: decided.value.deadline.toString(),
      },
    });
    return ok(hearingView({ ...decided.value, id, caseId: record.id, answeredOn: null, answer: null }));
  });
}

/** Finds the hearing and locks its case for the acting municipality. */
async function lockHearing(
  context: UseCaseContext,
  hearingId: string,
): Promise<Result<{ hearing: Hearing; personId: string; municipality: MunicipalityCode }>> {
  if (!uuidPattern.test(hearingId)) return fail('ikke-fundet', 'Partshøringen findes ikke', 'hearing');
  const found = await findHearingForUpdate(context.tx, hearingId);
  if (found === undefined) return fail('ikke-fundet', 'Partshøringen findes ikke', 'hearing');
  const locked = await lockCase(context, found.caseId, undefined);
  if (!locked.ok) return locked;
  return ok({
    hearing: found,
    personId: locked.value.record.personId,
    municipality: locked.value.record.municipality,
  });
}

/** Records the citizen's answer to a hearing (once). */
export function answerHearing(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  hearingId: string,
  input: { readonly answeredOn: string; readonly answer: string },
): Promise<Result<HearingView>> {
  return runUseCase(deps, actor, channel, async (context) => {
    const locked = await lockHearing(context, hearingId);
    if (!locked.ok) return locked;
    const { hearing } = locked.value;
    const answer = decideAnswer(hearing, input.answeredOn, input.answer, today(context));
    if (!answer.ok) return answer;
    await recordAnswer(context.tx, hearing.id, answer.value.answeredOn, answer.value.answer);
    context.record({
      type: 'partshoering-besvaret',
      personId: locked.value.personId,
      municipality: locked.value.municipality,
      data: { case: hearing.caseId, hearing: hearing.id, answeredOn: answer.value.answeredOn.toString() },
    });
    return ok(hearingView({ ...hearing, ...answer.value }));
  });
}

export interface ClaimDecisionInput extends Omit<DecisionInput, 'effect'>, Versioned {
  /** The proposed claims of the case the decision makes claims. */
  readonly claims: readonly string[];
}

export interface ClaimDecisionView {
  readonly decision: string;
  readonly case: string;
  readonly decidedOn: string;
  readonly claims: readonly { readonly id: string; readonly month: string; readonly amount: string }[];
  readonly amount: string;
  readonly complaintGuidance: string;
}

/**
 * Decides proposed repayment claims of the case (tilbagebetalingskrav): refused unless each is a proposed
 * claim of this case, and unless a hearing on a repayment claim of this case was answered or ran out (or a
 * legal exception is recorded). Nothing is deducted: collecting a decided claim is not built.
 */
export function decideRepaymentClaims(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  input: ClaimDecisionInput,
): Promise<Result<ClaimDecisionView>> {
  return runUseCase(deps, actor, channel, async (context) => {
    const locked = await lockCase(context, caseId, input.version);
    if (!locked.ok) return locked;
    const { record } = locked.value;
    if (input.claims.length === 0)
      return fail('ugyldigt-input', 'Angiv de krav, afgørelsen gælder', 'claims');
    const badId = input.claims.find((id) => !uuidPattern.test(id));
    if (badId !== undefined) return fail('ikke-fundet', `Kravet ${badId} findes ikke`, 'claims');
    let hearing: Hearing | undefined;
    if (input.hearing !== undefined && input.hearing !== null && input.hearing !== '') {
      if (!uuidPattern.test(input.hearing))
        return fail('ikke-fundet', 'Partshøringen findes ikke', 'hearing');
      hearing = await findHearingForUpdate(context.tx, input.hearing);
      if (hearing?.caseId !== record.id) {
        return fail('ikke-fundet', 'Partshøringen findes ikke på sagen', 'hearing');
      }
    }
    const decided = decideDecision({ ...input, effect: 'tilbagebetalingskrav' }, hearing, today(context));
    if (!decided.ok) return decided;
    const owner = { caseId: record.id, personId: record.personId, municipality: record.municipality };
    const id = await insertDecision(context.tx, owner, decided.value, actorLabel(context.actor), context.now);
    const claims = await decideClaims(context.tx, record.id, input.claims, id);
    if (claims.length !== new Set(input.claims).size) {
      // Rolled back with the decision: every claim named must be a proposed claim of the case.
      return fail('ikke-fundet', 'Et af kravene er ikke et foreslået krav på sagen', 'claims');
    }
    const total = claims.reduce((sum, claim) => sum + claim.amount, 0);
    const basis = decided.value.basis;
    context.record({
      type: 'afgoerelse-truffet',
      personId: record.personId,
      municipality: record.municipality,
      data: {
        case: record.id,
        decision: id,
        effect: decided.value.effect,
        decidedOn: decided.value.decidedOn.toString(),
        hearing: basis.kind === 'partshoering' ? basis.hearing : null,
        exception: basis.kind === 'undtagelse' ? basis.legalBasis : null,
        claims: claims.map((claim) => claim.id),
        amount: formatAmount(total),
      },
    });
    return ok({
      decision: id,
      case: record.id,
      decidedOn: decided.value.decidedOn.toString(),
      claims: claims.map((claim) => ({
        id: claim.id,
        month: claim.period.toString(),
        amount: formatAmount(claim.amount),
      })),
      amount: formatAmount(total),
      complaintGuidance: decided.value.complaintGuidance,
    });
  });
}
