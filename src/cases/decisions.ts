/**
 * Hearings (partshøringer) and decisions (afgørelser) on a case (docs/decisions/0022-decisions.md): no
 * adverse effect without a recorded decision, and no decision without a hearing whose deadline has passed
 * or that was answered, or a recorded legal exception. The first adverse effect decided this way is the
 * repayment claim a recalculation proposed: only a decision makes it a claim (`besluttet`).
 *
 * Every use case is the acting municipality's, under the person's lock, in one transaction.
 */
import type { Temporal } from 'temporal-polyfill';
import {
  err,
  fail,
  formatAmount,
  inField,
  localDate,
  ok,
  parseDate,
  type MunicipalityCode,
  type Oere,
  type Result,
} from '../kernel/index.ts';
import { loadRateLookup } from '../rates/index.ts';
import { knownAt } from './domain/decide-registration.ts';
import { familyOf } from './domain/lifecycle.ts';
import {
  decideSanction,
  decideTermination,
  sanctionKindLabels,
  type SanctionDecision as DecidedSanction,
  type SanctionInput,
} from './domain/sanction.ts';
import { endInTransaction } from './grants.ts';
import { queueDecisionLetter, queueHearingLetter } from './letters.ts';
import type { BenefitType } from './domain/case.ts';
import { listPersonRegistrations } from './db/registration.repository.ts';
import { insertSanction } from './db/sanction.repository.ts';
import { loadLineAmounts, type CaseMonth } from './line-amounts.ts';
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
  type DecisionDecision,
  type DecisionInput,
  type Hearing,
  type HearingDecision,
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
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const locked = await lockCase(context, caseId, input.version);
    if (!locked.ok) return locked;
    const { record } = locked.value;
    const decided = decideHearing(input, today(context));
    if (!decided.ok) return decided;
    const hearing = await recordHearing(context, record, decided.value);
    return hearing.ok ? ok(hearingView(hearing.value)) : hearing;
  });
}

/** A hearing decided on the case: stored, its letter into the outbox and `partshoering-sendt` recorded. */
export async function recordHearing(
  context: UseCaseContext,
  record: { id: string; personId: string; municipality: MunicipalityCode; benefit: BenefitType },
  decided: HearingDecision,
): Promise<Result<Hearing>> {
  const owner = { caseId: record.id, personId: record.personId, municipality: record.municipality };
  const id = await insertHearing(context.tx, owner, decided, actorLabel(context.actor), context.now);
  const hearing: Hearing = { ...decided, id, caseId: record.id, answeredOn: null, answer: null };
  const letter = await queueHearingLetter(context, record, hearing);
  if (!letter.ok) return letter;
  context.record({
    type: 'partshoering-sendt',
    personId: record.personId,
    municipality: record.municipality,
    data: {
      case: record.id,
      hearing: id,
      effect: decided.effect,
      sentOn: decided.sentOn.toString(),
      deadline: decided.deadline.toString(),
    },
  });
  return ok(hearing);
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
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
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
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const locked = await lockCase(context, caseId, input.version);
    if (!locked.ok) return locked;
    const { record } = locked.value;
    if (input.claims.length === 0)
      return fail('ugyldigt-input', 'Angiv de krav, afgørelsen gælder', 'claims');
    const badId = input.claims.find((id) => !uuidPattern.test(id));
    if (badId !== undefined) return fail('ikke-fundet', `Kravet ${badId} findes ikke`, 'claims');
    const hearing = await hearingOfCase(context, record.id, input.hearing);
    if (!hearing.ok) return hearing;
    const decided = decideDecision(
      { ...input, effect: 'tilbagebetalingskrav' },
      hearing.value,
      today(context),
    );
    if (!decided.ok) return decided;
    const owner = { caseId: record.id, personId: record.personId, municipality: record.municipality };
    const id = await insertDecision(context.tx, owner, decided.value, actorLabel(context.actor), context.now);
    const claims = await decideClaims(context.tx, record.id, input.claims, id);
    if (claims.length !== new Set(input.claims).size) {
      // Rolled back with the decision: every claim named must be a proposed claim of the case.
      return fail('ikke-fundet', 'Et af kravene er ikke et foreslået krav på sagen', 'claims');
    }
    const total = claims.reduce((sum, claim) => sum + claim.amount, 0);
    const recorded = await recordDecision(context, record, id, decided.value, hearing.value, {
      claims: claims.map((claim) => claim.id),
      amount: formatAmount(total),
    });
    if (!recorded.ok) return recorded;
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

export interface SanctionDecisionInput extends Omit<DecisionInput, 'effect'>, SanctionInput, Versioned {}

export interface SanctionDecisionView {
  readonly decision: string;
  /** The sanction to take; null for a termination, which ends the grant instead. */
  readonly sanction: string | null;
  readonly case: string;
  readonly kind: string;
  readonly omissionOn: string;
  readonly month: string;
  readonly amount: string | null;
  readonly lastRunMonth: string | null;
  /** A termination: the grant's last day. */
  readonly endedOn: string | null;
  readonly steps: readonly { readonly text: string; readonly amount: string }[];
  readonly complaintGuidance: string;
}

/**
 * Decides a sanction on an HTF case (docs/decisions/0023-sanctions.md): the sanction rule (written guidance
 * before the omission, 3 whole calendar months, the amount from the omission month's help as computed now
 * and the sourced rates) and the decision rule (a hearing on a sanction of this case answered or run out,
 * or a legal exception) must both hold. The next run takes it from the payment, never more than is left.
 */
export function decideSanctionOnCase(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  input: SanctionDecisionInput,
): Promise<Result<SanctionDecisionView>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const locked = await lockCase(context, caseId, input.version);
    if (!locked.ok) return locked;
    const { record } = locked.value;
    if (familyOf(record.benefit) !== 'htf') {
      return fail('ugyldigt-input', 'Der kan kun sanktioneres i hjælp til forsørgelse (HTF)', 'id');
    }
    const hearing = await hearingOfCase(context, record.id, input.hearing);
    if (!hearing.ok) return hearing;
    const decided = decideDecision({ ...input, effect: 'sanktion' }, hearing.value, today(context));
    if (!decided.ok) return decided;
    if (input.kind === 'ophoer') return terminate(context, record, input, decided.value, hearing.value);
    const omission = parseDate(input.omissionOn);
    const month = omission.ok ? omission.value.toPlainYearMonth() : undefined;
    const monthHelp = month === undefined ? ok(0) : await omissionMonthHelp(context, record, month);
    if (!monthHelp.ok) return inField(monthHelp, 'omissionOn');
    const [registrations, rates] = await Promise.all([
      listPersonRegistrations(context.tx, record.personId),
      loadRateLookup(context.tx),
    ]);
    const sanction = decideSanction(input, {
      registrations: knownAt(registrations, context.now),
      monthHelp: monthHelp.value,
      rates,
      decidedOn: decided.value.decidedOn,
    });
    if (!sanction.ok) return sanction;
    const stored = await storeSanctionDecision(context, record, decided.value, hearing.value, sanction.value);
    if (!stored.ok) return stored;
    const { id, sanctionId, steps } = stored.value;
    return ok({
      decision: id,
      sanction: sanctionId,
      case: record.id,
      kind: sanction.value.kind,
      omissionOn: sanction.value.omissionOn.toString(),
      month: sanction.value.month.toString(),
      amount: formatAmount(sanction.value.amount),
      lastRunMonth: sanction.value.lastRunMonth.toString(),
      endedOn: null,
      steps,
      complaintGuidance: decided.value.complaintGuidance,
    });
  });
}

/** The omission month's help as computed now: what a sanction's amount is measured on (0 when none). */
export async function omissionMonthHelp(
  context: UseCaseContext,
  record: { id: string; personId: string; benefit: BenefitType } & Omit<CaseMonth, 'caseId' | 'cpr'>,
  month: Temporal.PlainYearMonth,
): Promise<Result<Oere>> {
  const [person, inputs] = await Promise.all([
    context.tx
      .selectFrom('persons')
      .select('cpr')
      .where('id', '=', record.personId)
      .executeTakeFirstOrThrow(),
    loadLineAmounts(context.tx, [record.personId]),
  ]);
  const amount = inputs.monthAmount({ ...record, caseId: record.id, cpr: person.cpr }, month);
  if (amount !== undefined && !amount.ok) return err(amount.error);
  return ok(amount?.ok === true ? amount.value.gross : 0);
}

/**
 * A sanction decided on the case stored with its decision (`explanation` adds to the sanction's own), the
 * event, and the decision letter unless another system sent it (a transferred sanction).
 */
export async function storeSanctionDecision(
  context: UseCaseContext,
  record: { id: string; personId: string; municipality: MunicipalityCode; benefit: BenefitType },
  decision: DecisionDecision,
  hearing: Hearing | undefined,
  sanction: DecidedSanction,
  options: { readonly explanation?: Readonly<Record<string, unknown>>; readonly letter?: boolean } = {},
): Promise<Result<{ id: string; sanctionId: string; steps: { text: string; amount: string }[] }>> {
  const owner = { caseId: record.id, personId: record.personId, municipality: record.municipality };
  const id = await insertDecision(context.tx, owner, decision, actorLabel(context.actor), context.now);
  const steps = sanction.steps.map((step) => ({ text: step.text, amount: formatAmount(step.amount) }));
  const sanctionId = await insertSanction(
    context.tx,
    owner,
    id,
    sanction,
    {
      tekst: sanctionKindLabels[sanction.kind],
      trin: steps,
      satser: sanction.rates.map((r) => r.key),
      ...options.explanation,
    },
    context.now,
  );
  const recorded = await recordDecision(
    context,
    record,
    id,
    decision,
    hearing,
    { sanction: sanctionId, amount: formatAmount(sanction.amount) },
    { letter: options.letter ?? true },
  );
  return recorded.ok ? ok({ id, sanctionId, steps }) : recorded;
}

/**
 * Termination (ophør, aktivloven § 40): the decision, then the grant ended the day before the omission in
 * the same transaction ("Afslut bevilling"'s own path: an end back in time opens a recalculation).
 */
async function terminate(
  context: UseCaseContext,
  record: { id: string; personId: string; municipality: MunicipalityCode; benefit: BenefitType },
  input: SanctionDecisionInput,
  decision: DecisionDecision,
  hearing: Hearing | undefined,
): Promise<Result<SanctionDecisionView>> {
  const registrations = await listPersonRegistrations(context.tx, record.personId);
  const termination = decideTermination(input.omissionOn, {
    registrations: knownAt(registrations, context.now),
    decidedOn: decision.decidedOn,
  });
  if (!termination.ok) return termination;
  const owner = { caseId: record.id, personId: record.personId, municipality: record.municipality };
  const id = await insertDecision(context.tx, owner, decision, actorLabel(context.actor), context.now);
  const ended = await endInTransaction(context, record.id, undefined, {
    to: termination.value.lastDay.toString(),
    reason: `Ophør efter sanktion (afgørelse ${id}): ${decision.reasons}`,
    decidedOn: decision.decidedOn.toString(),
  });
  if (!ended.ok) return err({ ...ended.error, field: 'omissionOn' });
  const recorded = await recordDecision(context, record, id, decision, hearing, {
    endedOn: termination.value.lastDay.toString(),
  });
  if (!recorded.ok) return recorded;
  return ok({
    decision: id,
    sanction: null,
    case: record.id,
    kind: 'ophoer',
    omissionOn: termination.value.omissionOn.toString(),
    month: termination.value.omissionOn.toPlainYearMonth().toString(),
    amount: null,
    lastRunMonth: null,
    endedOn: termination.value.lastDay.toString(),
    steps: [],
    complaintGuidance: decision.complaintGuidance,
  });
}

/**
 * What follows a decision recorded on the case: the event `afgoerelse-truffet` with what it made (`extra`),
 * and its letter into the outbox (unless another system sent it: a transferred decision); a letter that
 * cannot be filled refuses the decision.
 */
export async function recordDecision(
  context: UseCaseContext,
  record: { id: string; personId: string; municipality: MunicipalityCode; benefit: BenefitType },
  id: string,
  decision: DecisionDecision,
  hearing: Hearing | undefined,
  extra: {
    claims?: readonly string[];
    sanction?: string;
    amount?: string;
    endedOn?: string;
    from?: string;
    ruleDate?: string;
  },
  options: { readonly letter: boolean } = { letter: true },
): Promise<Result<void>> {
  const basis = decision.basis;
  context.record({
    type: 'afgoerelse-truffet',
    personId: record.personId,
    municipality: record.municipality,
    data: {
      case: record.id,
      decision: id,
      effect: decision.effect,
      decidedOn: decision.decidedOn.toString(),
      hearing: basis.kind === 'partshoering' ? basis.hearing : null,
      exception: basis.kind === 'undtagelse' ? basis.legalBasis : null,
      ...extra,
    },
  });
  if (!options.letter) return ok(undefined);
  const letter = await queueDecisionLetter(context, record, id, decision, hearing);
  return letter.ok ? ok(undefined) : letter;
}

/** The hearing named for a decision, which must be one of the case's; none named: undefined. */
async function hearingOfCase(
  context: UseCaseContext,
  caseId: string,
  id: string | null | undefined,
): Promise<Result<Hearing | undefined>> {
  if (id === undefined || id === null || id === '') return ok(undefined);
  if (!uuidPattern.test(id)) return fail('ikke-fundet', 'Partshøringen findes ikke', 'hearing');
  const hearing = await findHearingForUpdate(context.tx, id);
  if (hearing?.caseId !== caseId) return fail('ikke-fundet', 'Partshøringen findes ikke på sagen', 'hearing');
  return ok(hearing);
}
