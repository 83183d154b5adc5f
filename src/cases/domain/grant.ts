/**
 * Grants (bevillinger): a case's granted periods, each with the decision behind it, and the pure decisions
 * on them: granting, changing and ending a grant, and rejecting a case. A change never overwrites: the use
 * case supersedes the standing row and adds the new one (docs/decisions/0014-grants-and-registrations.md).
 */
import { Temporal } from 'temporal-polyfill';
import { checkText, fail, inField, ok, parseDate, type Result } from '../../kernel/index.ts';
import type { CaseStatus, GrantPeriod } from './case.ts';
import { transition, type BenefitFamily } from './lifecycle.ts';

/** A grant row as stored: its period, the decision behind it, and when it was recorded and superseded. */
export interface Grant extends GrantPeriod {
  readonly id: string;
  readonly caseId: string;
  readonly personId: string;
  readonly family: BenefitFamily;
  readonly decidedOn: Temporal.PlainDate;
  readonly decidedBy: string;
  readonly reason: string;
  /** The row this one changed; null for a first grant. */
  readonly replaces: string | null;
  readonly recordedAt: Temporal.Instant;
  readonly supersededAt: Temporal.Instant | null;
  readonly supersededBy: string | null;
}

/** A grant, change or end as decided: the new period and the decision behind it. */
export interface GrantDecision extends GrantPeriod {
  readonly decidedOn: Temporal.PlainDate;
  readonly reason: string;
}

export interface GrantInput {
  readonly from: string;
  readonly to?: string | null | undefined;
  /** The day of the decision, YYYY-MM-DD; today when left out. */
  readonly decidedOn?: string | null | undefined;
  readonly reason: string;
}

export interface EndGrantInput {
  readonly to: string;
  readonly decidedOn?: string | null | undefined;
  readonly reason: string;
}

/** The case as the decisions see it. */
export interface CaseState {
  readonly status: CaseStatus;
  readonly family: BenefitFamily;
}

function parseReason(text: string): Result<string> {
  const checked = checkText(text, 'text', 'reason');
  if (!checked.ok) return checked;
  if (text.trim() === '') return fail('ugyldigt-input', 'Angiv en begrundelse', 'reason');
  return ok(text.trim());
}

function parseDecidedOn(
  text: string | null | undefined,
  today: Temporal.PlainDate,
): Result<Temporal.PlainDate> {
  if (text === undefined || text === null) return ok(today);
  const day = inField(parseDate(text), 'decidedOn');
  if (!day.ok) return day;
  if (Temporal.PlainDate.compare(day.value, today) > 0) {
    return fail('ugyldig-dato', 'Afgørelsesdatoen kan ikke ligge i fremtiden', 'decidedOn');
  }
  return ok(day.value);
}

/** Validates a grant's period and decision from plain input. */
export function parseGrantInput(input: GrantInput, today: Temporal.PlainDate): Result<GrantDecision> {
  const from = inField(parseDate(input.from), 'from');
  if (!from.ok) return from;
  let to: Temporal.PlainDate | null = null;
  if (input.to !== undefined && input.to !== null) {
    const parsed = inField(parseDate(input.to), 'to');
    if (!parsed.ok) return parsed;
    if (Temporal.PlainDate.compare(parsed.value, from.value) < 0) {
      return fail('ugyldig-periode', 'Bevillingen slutter før den begynder', 'to');
    }
    to = parsed.value;
  }
  const decidedOn = parseDecidedOn(input.decidedOn, today);
  if (!decidedOn.ok) return decidedOn;
  const reason = parseReason(input.reason);
  if (!reason.ok) return reason;
  return ok({ from: from.value, to, decidedOn: decidedOn.value, reason: reason.value });
}

/** Whether two periods share a day. */
export function overlaps(a: GrantPeriod, b: GrantPeriod): boolean {
  const aEndsBeforeB = a.to !== null && Temporal.PlainDate.compare(a.to, b.from) < 0;
  const bEndsBeforeA = b.to !== null && Temporal.PlainDate.compare(b.to, a.from) < 0;
  return !aEndsBeforeB && !bEndsBeforeA;
}

const periodText = (period: GrantPeriod): string =>
  `${period.from.toString()} – ${period.to?.toString() ?? 'løbende'}`;

/** Refuses a period that overlaps a standing grant of the family (other than `except`). */
export function checkNoOverlap(
  period: GrantPeriod,
  family: BenefitFamily,
  standing: readonly Grant[],
  except?: string,
): Result<void> {
  const clash = standing.find(
    (grant) =>
      grant.id !== except &&
      grant.family === family &&
      grant.supersededAt === null &&
      overlaps(grant, period),
  );
  if (clash === undefined) return ok(undefined);
  return fail(
    'overlappende-bevilling',
    `Perioden ${periodText(period)} overlapper borgerens bevilling ${periodText(clash)} i samme ydelsesfamilie`,
    'from',
  );
}

/**
 * A new grant on a case: the case must not be closed, and the period must not overlap any standing grant
 * of the same family for the person (on this case or another). The case becomes `bevilget`.
 */
export function decideGrant(
  state: CaseState,
  personGrants: readonly Grant[],
  input: GrantInput,
  today: Temporal.PlainDate,
): Result<{ grant: GrantDecision; status: CaseStatus }> {
  const status = transition(state.status, 'bevil');
  if (!status.ok) return status;
  const grant = parseGrantInput(input, today);
  if (!grant.ok) return grant;
  const free = checkNoOverlap(grant.value, state.family, personGrants);
  if (!free.ok) return free;
  return ok({ grant: grant.value, status: status.value });
}

function standingGrantOf(caseId: string, grants: readonly Grant[], grantId: string): Result<Grant> {
  const grant = grants.find((candidate) => candidate.id === grantId && candidate.caseId === caseId);
  if (grant === undefined) return fail('ikke-fundet', 'Bevillingen findes ikke på sagen', 'grantId');
  if (grant.supersededAt !== null) {
    return fail('konflikt', 'Bevillingen er allerede ændret; se sagen igen og prøv på ny', 'grantId');
  }
  return ok(grant);
}

/** A changed period for a standing grant: the same checks as a new grant, the grant itself excepted. */
export function decideChange(
  state: CaseState & { readonly id: string },
  personGrants: readonly Grant[],
  grantId: string,
  input: GrantInput,
  today: Temporal.PlainDate,
): Result<{ old: Grant; grant: GrantDecision }> {
  const status = transition(state.status, 'aendr');
  if (!status.ok) return status;
  const old = standingGrantOf(state.id, personGrants, grantId);
  if (!old.ok) return old;
  const grant = parseGrantInput(input, today);
  if (!grant.ok) return grant;
  const free = checkNoOverlap(grant.value, state.family, personGrants, old.value.id);
  if (!free.ok) return free;
  return ok({ old: old.value, grant: grant.value });
}

/**
 * Whether a grant is still open on `today`: it has no end, or its last day is today or later. Our rule
 * (docs/decisions/0014): ending the last open grant closes the case (`afsluttet`); a grant ended on a
 * future day keeps the case `bevilget` until then, so the monthly run pays the days up to the end.
 */
export function isOpenOn(grant: GrantPeriod, today: Temporal.PlainDate): boolean {
  return grant.to === null || Temporal.PlainDate.compare(grant.to, today) >= 0;
}

/**
 * Ending a standing grant: its last day is `to` (not before its first day, not after an end it already
 * has; a longer grant is a change). Without a grantId the case's one open-ended grant is meant. The case
 * becomes `afsluttet` when none of its grants is open any more on `today`.
 */
export function decideEnd(
  state: CaseState & { readonly id: string },
  personGrants: readonly Grant[],
  grantId: string | undefined,
  input: EndGrantInput,
  today: Temporal.PlainDate,
): Result<{ old: Grant; grant: GrantDecision; status: CaseStatus }> {
  const allowed = transition(state.status, 'afslut');
  if (!allowed.ok) return allowed;
  let old: Result<Grant>;
  if (grantId === undefined) {
    const open = personGrants.filter(
      (grant) => grant.caseId === state.id && grant.supersededAt === null && grant.to === null,
    );
    old =
      open[0] === undefined
        ? fail('ikke-fundet', 'Sagen har ingen løbende bevilling at afslutte', 'grantId')
        : ok(open[0]);
  } else {
    old = standingGrantOf(state.id, personGrants, grantId);
  }
  if (!old.ok) return old;
  const to = inField(parseDate(input.to), 'to');
  if (!to.ok) return to;
  if (Temporal.PlainDate.compare(to.value, old.value.from) < 0) {
    return fail(
      'ugyldig-periode',
      `Bevillingen kan ikke slutte før den begynder (${old.value.from.toString()})`,
      'to',
    );
  }
  if (old.value.to !== null && Temporal.PlainDate.compare(to.value, old.value.to) > 0) {
    return fail(
      'ugyldig-periode',
      `Bevillingen slutter allerede ${old.value.to.toString()}; en længere bevilling er en ændring`,
      'to',
    );
  }
  const decidedOn = parseDecidedOn(input.decidedOn, today);
  if (!decidedOn.ok) return decidedOn;
  const reason = parseReason(input.reason);
  if (!reason.ok) return reason;
  const grant: GrantDecision = {
    from: old.value.from,
    to: to.value,
    decidedOn: decidedOn.value,
    reason: reason.value,
  };
  const stillOpen = personGrants.some(
    (other) =>
      other.caseId === state.id &&
      other.supersededAt === null &&
      other.id !== old.value.id &&
      isOpenOn(other, today),
  );
  const status: CaseStatus = stillOpen || isOpenOn(grant, today) ? 'bevilget' : 'afsluttet';
  return ok({ old: old.value, grant, status });
}

/** Rejecting a case under investigation, with the reason. */
export function decideReject(
  state: CaseState,
  reason: string,
): Result<{ status: CaseStatus; reason: string }> {
  const status = transition(state.status, 'afvis');
  if (!status.ok) return status;
  const parsed = parseReason(reason);
  if (!parsed.ok) return parsed;
  return ok({ status: status.value, reason: parsed.value });
}

/**
 * The period the case's own columns (`cases.grant_from`, `grant_to`) carry while the monthly run reads
 * them: the first standing grant of the case that is open on `today` (earliest start), else the one
 * that ended last; undefined when the case has no standing grant.
 */
export function casePeriodFromGrants(
  caseId: string,
  grants: readonly Grant[],
  today: Temporal.PlainDate,
): GrantPeriod | undefined {
  const standing = grants
    .filter((grant) => grant.caseId === caseId && grant.supersededAt === null)
    .toSorted((a, b) => Temporal.PlainDate.compare(a.from, b.from));
  const open = standing.find((grant) => isOpenOn(grant, today));
  const chosen = open ?? standing.at(-1);
  return chosen === undefined ? undefined : { from: chosen.from, to: chosen.to };
}

/**
 * Whether a granted case's grants have all run out by `today` (our rule, docs/decisions/0014): a case
 * granted until a day in the future stays `bevilget` until then; on the first day after the last standing
 * grant ends, the 04:00 run closes it. Returns that last day, or undefined while a standing grant is open
 * on `today` or the case has none.
 */
export function expiredOn(
  caseId: string,
  grants: readonly Grant[],
  today: Temporal.PlainDate,
): Temporal.PlainDate | undefined {
  const standing = grants.filter((grant) => grant.caseId === caseId && grant.supersededAt === null);
  if (standing.length === 0 || standing.some((grant) => isOpenOn(grant, today))) return undefined;
  return standing
    .map((grant) => grant.to as Temporal.PlainDate)
    .reduce((last, to) => (Temporal.PlainDate.compare(to, last) > 0 ? to : last));
}
