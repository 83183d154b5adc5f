/**
 * Decisions (afgørelser) and hearings (partshøringer), pure: no adverse effect without a recorded decision,
 * and no decision without a hearing whose deadline has passed or that was answered, or a recorded legal
 * exception (docs/decisions/0022-decisions.md).
 *
 * - forvaltningsloven § 19, stk. 1: a party is heard on information to their disadvantage before the
 *   decision; § 19, stk. 2 lists when it may be left out (recorded as the exception's legal basis).
 * - forvaltningsloven §§ 22-24: a written decision carries its reasons and the rules it rests on.
 * - forvaltningsloven § 25 and retssikkerhedsloven §§ 66-67: a decision carries complaint guidance; a
 *   complaint goes to the municipality within 4 weeks, which reconsiders and sends it on to Ankestyrelsen.
 */
import { Temporal } from 'temporal-polyfill';
import { checkText, fail, inField, ok, parseDate, type Result } from '../../kernel/index.ts';

/** The adverse effects a decision may carry (issue: a reduction, a lapse, a stop, a sanction, a claim). */
export const adverseEffects = [
  'nedsaettelse',
  'bortfald',
  'stop',
  'sanktion',
  'tilbagebetalingskrav',
] as const;
export type AdverseEffect = (typeof adverseEffects)[number];

export const adverseEffectLabels: Readonly<Record<AdverseEffect, string>> = {
  nedsaettelse: 'Nedsættelse af hjælpen',
  bortfald: 'Bortfald af hjælpen',
  stop: 'Stop af udbetalingen',
  sanktion: 'Sanktion',
  tilbagebetalingskrav: 'Tilbagebetalingskrav',
};

/** (our rule) The least time a citizen is given to answer a hearing: 7 days from the day it is sent. */
export const minimumHearingDays = 7;

/** The complaint guidance every decision letter carries (retssikkerhedsloven §§ 66-67). */
export const complaintGuidance =
  'Du kan klage over afgørelsen. Klagen skal være modtaget i kommunen senest 4 uger efter, at du har ' +
  'modtaget afgørelsen (retssikkerhedslovens § 67, stk. 1). Du kan klage skriftligt eller mundtligt. ' +
  'Kommunen genvurderer afgørelsen, og fastholder den afgørelsen, sendes klagen videre til ' +
  'Ankestyrelsen (retssikkerhedslovens § 66).';

export interface HearingInput {
  readonly effect: string;
  /** What the municipality intends to decide, and on which information, in Danish. */
  readonly intended: string;
  readonly sentOn: string;
  readonly deadline: string;
}

/** A hearing as decided, before it is stored. */
export interface HearingDecision {
  readonly effect: AdverseEffect;
  readonly intended: string;
  readonly sentOn: Temporal.PlainDate;
  readonly deadline: Temporal.PlainDate;
}

/** A stored hearing. */
export interface Hearing extends HearingDecision {
  readonly id: string;
  readonly caseId: string;
  readonly answeredOn: Temporal.PlainDate | null;
  readonly answer: string | null;
}

function effectOf(text: string): Result<AdverseEffect> {
  const effect = adverseEffects.find((candidate) => candidate === text);
  return effect === undefined
    ? fail('ugyldigt-input', `Virkningen skal være en af ${adverseEffects.join(', ')}`, 'effect')
    : ok(effect);
}

function required(text: string, field: string, what: string): Result<string> {
  const checked = checkText(text, 'text', field);
  if (!checked.ok) return checked;
  const trimmed = text.trim();
  return trimmed === '' ? fail('ugyldigt-input', `Angiv ${what}`, field) : ok(trimmed);
}

/**
 * A hearing: the effect intended and why, sent on a day not after today, with a deadline at least
 * `minimumHearingDays` after it.
 */
export function decideHearing(input: HearingInput, today: Temporal.PlainDate): Result<HearingDecision> {
  const effect = effectOf(input.effect);
  if (!effect.ok) return effect;
  const intended = required(
    input.intended,
    'intended',
    'hvad kommunen påtænker at afgøre, og på hvilket grundlag',
  );
  if (!intended.ok) return intended;
  const sentOn = inField(parseDate(input.sentOn), 'sentOn');
  if (!sentOn.ok) return sentOn;
  if (Temporal.PlainDate.compare(sentOn.value, today) > 0) {
    return fail('ugyldig-dato', 'Partshøringen kan ikke være sendt i fremtiden', 'sentOn');
  }
  const deadline = inField(parseDate(input.deadline), 'deadline');
  if (!deadline.ok) return deadline;
  const earliest = sentOn.value.add({ days: minimumHearingDays });
  if (Temporal.PlainDate.compare(deadline.value, earliest) < 0) {
    return fail(
      'for-kort-hoeringsfrist',
      `Fristen skal være mindst ${String(minimumHearingDays)} dage efter, at partshøringen er sendt: tidligst ${earliest.toString()}`,
      'deadline',
    );
  }
  return ok({
    effect: effect.value,
    intended: intended.value,
    sentOn: sentOn.value,
    deadline: deadline.value,
  });
}

/** The citizen's answer to a hearing: on a day from the day it was sent to today, once. */
export function decideAnswer(
  hearing: Hearing,
  answeredOnText: string,
  answerText: string,
  today: Temporal.PlainDate,
): Result<{ answeredOn: Temporal.PlainDate; answer: string }> {
  if (hearing.answeredOn !== null) {
    return fail(
      'allerede-besvaret',
      `Partshøringen er allerede besvaret den ${hearing.answeredOn.toString()}`,
    );
  }
  const answeredOn = inField(parseDate(answeredOnText), 'answeredOn');
  if (!answeredOn.ok) return answeredOn;
  if (
    Temporal.PlainDate.compare(answeredOn.value, hearing.sentOn) < 0 ||
    Temporal.PlainDate.compare(answeredOn.value, today) > 0
  ) {
    return fail(
      'ugyldig-dato',
      `Svaret skal være modtaget mellem ${hearing.sentOn.toString()} og i dag`,
      'answeredOn',
    );
  }
  const answer = required(answerText, 'answer', 'hvad borgeren svarede');
  if (!answer.ok) return answer;
  return ok({ answeredOn: answeredOn.value, answer: answer.value });
}

export interface DecisionInput {
  readonly effect: string;
  /** The reasons (begrundelse), in Danish. */
  readonly reasons: string;
  /** The rules the decision rests on (`aktivloven § 91`). */
  readonly legalBasis: string;
  readonly decidedOn: string;
  /** The hearing it follows; or, without one, the exception below. */
  readonly hearing?: string | null | undefined;
  /** Why no hearing was held: its legal basis (`forvaltningslovens § 19, stk. 2, nr. …`) and the reason. */
  readonly exceptionBasis?: string | null | undefined;
  readonly exceptionReason?: string | null | undefined;
}

/** What a decision rests on: a hearing, or a recorded legal exception. */
export type DecisionBasis =
  | { readonly kind: 'partshoering'; readonly hearing: string }
  | { readonly kind: 'undtagelse'; readonly legalBasis: string; readonly reason: string };

export interface DecisionDecision {
  readonly effect: AdverseEffect;
  readonly reasons: string;
  readonly legalBasis: string;
  readonly decidedOn: Temporal.PlainDate;
  readonly basis: DecisionBasis;
  readonly complaintGuidance: string;
}

/**
 * A decision with an adverse effect: its reasons and legal basis, decided on a day not after today, after
 * a hearing on the same case and effect whose deadline has passed or that was answered, or with a recorded
 * legal exception instead (never both, never neither).
 */
export function decideDecision(
  input: DecisionInput,
  hearing: Hearing | undefined,
  today: Temporal.PlainDate,
): Result<DecisionDecision> {
  const effect = effectOf(input.effect);
  if (!effect.ok) return effect;
  const reasons = required(input.reasons, 'reasons', 'begrundelsen for afgørelsen');
  if (!reasons.ok) return reasons;
  const legalBasis = required(input.legalBasis, 'legalBasis', 'de regler, afgørelsen bygger på');
  if (!legalBasis.ok) return legalBasis;
  const decidedOn = inField(parseDate(input.decidedOn), 'decidedOn');
  if (!decidedOn.ok) return decidedOn;
  if (Temporal.PlainDate.compare(decidedOn.value, today) > 0) {
    return fail('ugyldig-dato', 'En afgørelse kan ikke træffes i fremtiden', 'decidedOn');
  }
  const exceptionGiven =
    (input.exceptionBasis ?? '').trim() !== '' || (input.exceptionReason ?? '').trim() !== '';
  const hearingGiven = (input.hearing ?? '') !== '';
  if (hearingGiven && exceptionGiven) {
    return fail(
      'ugyldigt-input',
      'En afgørelse bygger enten på en partshøring eller på en undtagelse fra partshøring, ikke begge',
      'exceptionBasis',
    );
  }
  const base = {
    effect: effect.value,
    reasons: reasons.value,
    legalBasis: legalBasis.value,
    complaintGuidance,
  };
  if (exceptionGiven) {
    const basis = required(
      input.exceptionBasis ?? '',
      'exceptionBasis',
      'hjemlen for at undlade partshøring',
    );
    if (!basis.ok) return basis;
    const reason = required(input.exceptionReason ?? '', 'exceptionReason', 'hvorfor partshøring undlades');
    if (!reason.ok) return reason;
    return ok({
      ...base,
      decidedOn: decidedOn.value,
      basis: { kind: 'undtagelse', legalBasis: basis.value, reason: reason.value },
    });
  }
  if (!hearingGiven || hearing === undefined) {
    return fail(
      'afgoerelse-uden-partshoering',
      'Afgørelsen kræver en partshøring (forvaltningslovens § 19) eller en undtagelse med hjemmel og begrundelse',
      'hearing',
    );
  }
  if (hearing.effect !== effect.value) {
    return fail(
      'afgoerelse-uden-partshoering',
      `Partshøringen gjaldt ${adverseEffectLabels[hearing.effect].toLowerCase()}, ikke ${adverseEffectLabels[effect.value].toLowerCase()}`,
      'hearing',
    );
  }
  const answeredBefore =
    hearing.answeredOn !== null && Temporal.PlainDate.compare(hearing.answeredOn, decidedOn.value) <= 0;
  if (!answeredBefore && Temporal.PlainDate.compare(decidedOn.value, hearing.deadline) <= 0) {
    return fail(
      'hoeringsfrist-ikke-udloebet',
      `Borgeren har frist til den ${hearing.deadline.toString()} og har ikke svaret: afgørelsen kan tidligst træffes den ${hearing.deadline.add({ days: 1 }).toString()}`,
      'decidedOn',
    );
  }
  return ok({ ...base, decidedOn: decidedOn.value, basis: { kind: 'partshoering', hearing: hearing.id } });
}
