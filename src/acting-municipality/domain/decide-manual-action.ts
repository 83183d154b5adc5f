/**
 * "Bestem handlekommune manuelt" (KP 5.4.0 §3.3, domain §2.4): opret, rediger, stands, fortryd. Only the
 * current acting municipality may act; an agreement (rsl §9 stk. 9) needs the other municipality's agreement
 * and the citizen's consent; every change takes effect in the next 04:00 run; a back-dated registration
 * records the financing municipality for its past part and never rewrites payments already run.
 */
import { Temporal } from 'temporal-polyfill';
import {
  fail,
  inField,
  ok,
  parseDate,
  parseMunicipalityCode,
  type MunicipalityCode,
  type Result,
} from '../../kernel/index.ts';
import { manualActingReasons, type ManualActingReason, type ManualPeriod } from './acting-rule.ts';

export const manualActions = ['opret', 'rediger', 'stands', 'fortryd'] as const;
export type ManualAction = (typeof manualActions)[number];

/** Plain input from the API, the CLI and scenario files. */
export interface ManualActionInput {
  readonly action: string;
  readonly municipality?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | null | undefined;
  readonly reason?: string | undefined;
  readonly agreement?: boolean | undefined;
  readonly consent?: boolean | undefined;
}

export interface ManualActionState {
  readonly actorMunicipality: MunicipalityCode | null;
  readonly currentActing: MunicipalityCode | null;
  readonly open: ManualPeriod | undefined;
  /** The date of the next 04:00 run, when any change takes effect. */
  readonly nextRun: Temporal.PlainDate;
}

export interface PeriodFields {
  readonly municipality: MunicipalityCode;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly reason: ManualActingReason;
  readonly agreement: boolean;
  readonly consent: boolean;
}

/** The events a manual action records; they share one data shape (`ManualDecisionData`). */
export type ManualEventType =
  | 'manuel-handlekommune-registreret'
  | 'manuel-handlekommune-aendret'
  | 'manuel-handlekommune-standset'
  | 'manuel-handlekommune-fortrudt';

export type ManualDecision =
  | {
      readonly kind: 'opret';
      readonly period: PeriodFields;
      readonly financing: { readonly from: Temporal.PlainDate; readonly to: Temporal.PlainDate } | null;
      readonly review: Temporal.PlainDate;
      readonly event: ManualEventType;
    }
  | {
      readonly kind: 'rediger' | 'stands';
      readonly id: string;
      readonly period: PeriodFields;
      readonly review: Temporal.PlainDate;
      readonly event: ManualEventType;
    }
  | {
      readonly kind: 'fortryd';
      readonly id: string;
      readonly review: Temporal.PlainDate;
      readonly event: ManualEventType;
    };

const later = (a: Temporal.PlainDate, b: Temporal.PlainDate): Temporal.PlainDate =>
  Temporal.PlainDate.compare(a, b) >= 0 ? a : b;

function parseReason(value: string | undefined): Result<ManualActingReason> {
  const found = manualActingReasons.find((reason) => reason === value);
  return found === undefined
    ? fail('ugyldigt-input', `Årsagen skal være en af: ${manualActingReasons.join(', ')}`, 'reason')
    : ok(found);
}

function parseOptionalDate(
  value: string | null | undefined,
  field: string,
): Result<Temporal.PlainDate | null> {
  if (value === undefined || value === null) return ok(null);
  return inField(parseDate(value), field);
}

/** Checks the fields a period must satisfy whatever the action. */
function validatePeriod(period: PeriodFields): Result<PeriodFields> {
  if (period.to !== null && Temporal.PlainDate.compare(period.to, period.from) < 0) {
    return fail('ugyldig-periode', 'Perioden slutter før den begynder', 'to');
  }
  // rsl §9 stk. 9: an agreement with a former acting municipality needs that agreement and the consent.
  if (period.reason === 'aftale-med-samtykke' && !(period.agreement && period.consent)) {
    return fail(
      'samtykke-mangler',
      'En handlekommuneaftale kræver både aftale med den anden kommune og borgerens samtykke',
      period.agreement ? 'consent' : 'agreement',
    );
  }
  return ok(period);
}

function decideCreate(state: ManualActionState, input: ManualActionInput): Result<ManualDecision> {
  if (state.open !== undefined) {
    return fail(
      'manuel-periode-findes',
      'Borgeren har allerede en aktuel eller kommende manuel handlekommune; rediger eller stands den',
      'action',
    );
  }
  const municipality = inField(parseMunicipalityCode(input.municipality ?? ''), 'municipality');
  if (!municipality.ok) return municipality;
  const from = inField(parseDate(input.from ?? ''), 'from');
  if (!from.ok) return from;
  const to = parseOptionalDate(input.to, 'to');
  if (!to.ok) return to;
  const reason = parseReason(input.reason);
  if (!reason.ok) return reason;
  const period = validatePeriod({
    municipality: municipality.value,
    from: from.value,
    to: to.value,
    reason: reason.value,
    agreement: input.agreement ?? false,
    consent: input.consent ?? false,
  });
  if (!period.ok) return period;
  const pastEnd = state.nextRun.subtract({ days: 1 });
  const backDated = Temporal.PlainDate.compare(period.value.from, pastEnd) <= 0;
  const financingTo =
    period.value.to !== null && Temporal.PlainDate.compare(period.value.to, pastEnd) < 0
      ? period.value.to
      : pastEnd;
  return ok({
    kind: 'opret',
    period: period.value,
    financing: backDated ? { from: period.value.from, to: financingTo } : null,
    review: later(period.value.from, state.nextRun),
    event: 'manuel-handlekommune-registreret',
  });
}

function decideEdit(
  open: ManualPeriod,
  state: ManualActionState,
  input: ManualActionInput,
): Result<ManualDecision> {
  const municipality =
    input.municipality === undefined
      ? ok(open.municipality)
      : inField(parseMunicipalityCode(input.municipality), 'municipality');
  if (!municipality.ok) return municipality;
  const from = input.from === undefined ? ok(open.from) : inField(parseDate(input.from), 'from');
  if (!from.ok) return from;
  const to = input.to === undefined ? ok(open.to) : parseOptionalDate(input.to, 'to');
  if (!to.ok) return to;
  const reason = input.reason === undefined ? ok(open.reason) : parseReason(input.reason);
  if (!reason.ok) return reason;
  // An edit changes only what it names: the registered agreement and consent stay unless given anew.
  const period = validatePeriod({
    municipality: municipality.value,
    from: from.value,
    to: to.value,
    reason: reason.value,
    agreement: input.agreement ?? open.agreement ?? false,
    consent: input.consent ?? open.consent ?? false,
  });
  if (!period.ok) return period;
  const earliest = state.nextRun.subtract({ days: 1 });
  if (open.started && period.value.to !== null && Temporal.PlainDate.compare(period.value.to, earliest) < 0) {
    return fail(
      'ugyldig-periode',
      `En periode der er trådt i kraft kan tidligst slutte ${earliest.toString()}`,
      'to',
    );
  }
  return ok({
    kind: 'rediger',
    id: open.id,
    period: period.value,
    review: state.nextRun,
    event: 'manuel-handlekommune-aendret',
  });
}

function decideStop(
  open: ManualPeriod,
  state: ManualActionState,
  input: ManualActionInput,
): Result<ManualDecision> {
  const to = inField(parseDate(input.to ?? ''), 'to');
  if (!to.ok) return to;
  // The last day is at the earliest the day before the next 04:00 run, and never before the first day (a
  // coming period that should never hold is undone with fortryd).
  const earliest = later(open.from, state.nextRun.subtract({ days: 1 }));
  if (Temporal.PlainDate.compare(to.value, earliest) < 0) {
    const hint =
      Temporal.PlainDate.compare(to.value, open.from) < 0
        ? '; brug fortryd for at fjerne en kommende periode'
        : '';
    return fail(
      'ugyldig-periode',
      `Den manuelle handlekommune kan tidligst standses med sidste dag ${earliest.toString()}${hint}`,
      'to',
    );
  }
  if (open.to !== null && Temporal.PlainDate.compare(to.value, open.to) > 0) {
    return fail(
      'ugyldig-periode',
      'At standse kan kun gøre perioden kortere; brug rediger for at forlænge den',
      'to',
    );
  }
  return ok({
    kind: 'stands',
    id: open.id,
    period: { ...open, agreement: true, consent: true, to: to.value },
    review: later(to.value.add({ days: 1 }), state.nextRun),
    event: 'manuel-handlekommune-standset',
  });
}

/** Decides a manual acting-municipality action for the current acting municipality. */
export function decideManualAction(
  state: ManualActionState,
  input: ManualActionInput,
): Result<ManualDecision> {
  const action = manualActions.find((candidate) => candidate === input.action);
  if (action === undefined)
    return fail('ugyldigt-input', `Handlingen skal være en af: ${manualActions.join(', ')}`, 'action');
  const open = state.open;
  // Until the duty has passed, the registering municipality can undo; after, it is told so (not just that
  // it no longer acts).
  if (
    action === 'fortryd' &&
    open !== undefined &&
    open.started &&
    open.municipality !== open.registeredBy &&
    (state.actorMunicipality === open.registeredBy || state.actorMunicipality === state.currentActing)
  ) {
    return fail(
      'allerede-overdraget',
      `Handleansvaret er allerede overdraget til ${open.municipality}; det kan ikke fortrydes`,
    );
  }
  if (state.actorMunicipality === null || state.actorMunicipality !== state.currentActing) {
    return fail(
      'ikke-handlekommune',
      `Kun den aktuelle handlekommune (${state.currentActing ?? 'ingen'}) kan bestemme handlekommune manuelt`,
    );
  }
  if (action === 'opret') return decideCreate(state, input);
  if (open === undefined)
    return fail(
      'ingen-manuel-periode',
      'Borgeren har ingen aktuel eller kommende manuel handlekommune',
      'action',
    );
  switch (action) {
    case 'rediger':
      return decideEdit(open, state, input);
    case 'stands':
      return decideStop(open, state, input);
    case 'fortryd':
      return ok({
        kind: 'fortryd',
        id: open.id,
        review: state.nextRun,
        event: 'manuel-handlekommune-fortrudt',
      });
  }
}
