/**
 * Registrations (registreringer): adding a dated fact about a person or a case, correcting it (the
 * standing row is superseded and the corrected one added, in one transaction) and ending it (a correction
 * that sets its last day); reading them as known now or at an earlier instant. Only the acting
 * municipality records facts; a correction of a row someone else corrected first is `konflikt`. A change
 * that makes a month already paid compute to another amount opens a "Genberegning" task on the case
 * (./recalculation-task.ts), in the same transaction.
 */
import { Temporal } from 'temporal-polyfill';
import {
  fail,
  formatAmount,
  formatCpr,
  inField,
  ok,
  parseCpr,
  parseLocalDateTime,
  quoted,
  type Result,
  notActingOrUnknown,
  personNotFound,
} from '../kernel/index.ts';
import { checkHoursRegistration } from '../benefits/index.ts';
import { findCurrentActing, findPersonByCpr, lockPerson, type Person } from '../persons/index.ts';
import { actorLabel, type Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { findCase } from './db/grant.repository.ts';
import {
  findRegistration,
  insertRegistration,
  listPersonRegistrations,
  supersedeRegistration,
  type RegistrationRecord,
} from './db/registration.repository.ts';
import {
  decideEndRegistration,
  decideRegistration,
  knownAt,
  type CaseContext,
  type RegistrationInput,
} from './domain/decide-registration.ts';
import type { RegistrationKind, RegistrationValue } from './domain/registration.ts';
import { uuidPattern } from './case-lock.ts';
import { openRecalculationTasks } from './recalculation-task.ts';

export interface RegistrationView {
  readonly id: string;
  readonly kind: RegistrationKind;
  readonly case: string | null;
  readonly from: string;
  readonly to: string | null;
  /** The value in the fields the input names: amounts in kroner (`1234.56`), the tax rate in percent. */
  readonly value: Readonly<Record<string, string | number | boolean>>;
  readonly reason: string | null;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly supersededAt: string | null;
  readonly supersededBy: string | null;
}

const percent = (basisPoints: number): string =>
  `${String(Math.trunc(basisPoints / 100))}.${String(basisPoints % 100).padStart(2, '0')}`;

function valueView(value: RegistrationValue): Record<string, string | number | boolean> {
  switch (value.kind) {
    case 'barn':
      return { birthDate: value.birthDate.toString() };
    case 'hjemmeboende':
    case 'sanktionsvejledning':
      return {};
    case 'civilstand':
      return { civilStatus: value.status, spouseOnBenefit: value.spouseOnBenefit };
    case 'arbejdsindtaegt':
    case 'aegtefaelle-arbejdsindtaegt':
      return { amount: formatAmount(value.amount), hours: value.hours };
    case 'boligudgift':
      return { monthly: formatAmount(value.monthly) };
    case 'boligstoette':
      return { monthly: formatAmount(value.monthly), adults: value.adults };
    case 'skattekort':
      return {
        taxRate: percent(value.rateBasisPoints),
        monthlyAllowance: formatAmount(value.monthlyAllowance),
      };
    case 'bevilget-beloeb':
      return { monthly: formatAmount(value.monthly), reason: value.reason };
    case 'apoe-tilbageholdelse':
      return { monthly: formatAmount(value.monthly), reason: value.purpose };
    case 'tillaeg':
      return { activityReady: value.activityReady, leisureSupplement: value.leisureSupplement };
    case 'timeregel-timer':
      return { hours: value.hours };
    case 'ydelseshistorik':
      return {};
    case 'timeregel-undtagelse':
      return { exemption: value.exemption };
    case 'timeregel-forlaengelse':
      return { reason: value.ground };
  }
}

export function registrationView(row: RegistrationRecord): RegistrationView {
  return {
    id: row.id,
    kind: row.value.kind,
    case: row.caseId,
    from: row.from.toString(),
    to: row.to?.toString() ?? null,
    value: valueView(row.value),
    reason: row.reason,
    recordedAt: row.recordedAt.toString(),
    recordedBy: row.recordedBy,
    supersededAt: row.supersededAt?.toString() ?? null,
    supersededBy: row.supersededBy,
  };
}

/** Only the municipality that acts for the person now records facts about them. */
async function checkActing(context: UseCaseContext, personId: string): Promise<Result<void>> {
  const acting = await findCurrentActing(context.tx, personId);
  const actorMunicipality = context.actor.kind === 'bruger' ? context.actor.municipality : acting;
  if (acting === null || actorMunicipality !== acting) {
    return fail(
      'ikke-handlekommune',
      `Kun handlekommunen (${acting ?? 'ingen'}) kan registrere oplysninger om borgeren`,
    );
  }
  return ok(undefined);
}

/**
 * The person the CPR number names, read under the read policy (and logged with `purpose`); a person who
 * does not exist or whom the user may not see is `refusal`.
 */
async function personByCpr(
  context: UseCaseContext,
  cprInput: string,
  purpose: string,
  refusal: () => Result<never>,
): Promise<Result<Person>> {
  const cpr = inField(parseCpr(cprInput), 'cpr');
  if (!cpr.ok) return cpr;
  const person = await findPersonByCpr(context.tx, cpr.value.cpr);
  if (person === undefined || !(await context.mayRead(person.id, purpose))) return refusal();
  return ok(person);
}

/** The case a `bevilget-beloeb` names: one of the person's, and not closed. */
async function caseContextOf(
  context: UseCaseContext,
  personId: string,
  caseId: string | null | undefined,
): Promise<Result<CaseContext | undefined>> {
  if (caseId === undefined || caseId === null) return ok(undefined);
  if (!uuidPattern.test(caseId)) return fail('ikke-fundet', 'Sagen findes ikke', 'case');
  const found = await findCase(context.tx, caseId);
  if (found?.personId !== personId) return fail('ikke-fundet', 'Sagen findes ikke hos borgeren', 'case');
  if (found.status === 'afsluttet' || found.status === 'afvist') {
    return fail('sagen-er-lukket', `Sagen er ${found.status} og kan ikke få nye registreringer`, 'case');
  }
  return ok({ benefit: found.benefit });
}

/** The 225-hour rule's checks of a registration against the person's standing ones (less `replacing`). */
async function checkAgainstStanding(
  context: UseCaseContext,
  personId: string,
  decided: { readonly from: Temporal.PlainDate; readonly value: RegistrationValue },
  replacing: string | null,
): Promise<Result<void>> {
  if (!decided.value.kind.startsWith('timeregel-')) return ok(undefined);
  const standing = knownAt(await listPersonRegistrations(context.tx, personId), context.now);
  return checkHoursRegistration(
    decided,
    standing.filter((row) => row.id !== replacing),
  );
}

/** Adds a registration for the person. */
export function addRegistration(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  input: RegistrationInput,
): Promise<Result<RegistrationView>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const person = await personByCpr(context, cprInput, 'sagsbehandling', () =>
      notActingOrUnknown('registrere oplysninger om borgeren'),
    );
    if (!person.ok) return person;
    return registerInTransaction(context, person.value.id, input);
  });
}

/**
 * Adds a registration for a known person inside the caller's transaction (a benefit task's approval
 * records the decided amount this way): the person is locked and the caller must act for them.
 */
export async function registerInTransaction(
  context: UseCaseContext,
  personId: string,
  input: RegistrationInput,
): Promise<Result<RegistrationView>> {
  await lockPerson(context.tx, personId);
  const acting = await checkActing(context, personId);
  if (!acting.ok) return acting;
  const caseContext = await caseContextOf(context, personId, input.case);
  if (!caseContext.ok) return caseContext;
  const decided = decideRegistration(input, caseContext.value);
  if (!decided.ok) return decided;
  const rule = await checkAgainstStanding(context, personId, decided.value, null);
  if (!rule.ok) return rule;
  const id = await insertRegistration(
    context.tx,
    personId,
    decided.value,
    actorLabel(context.actor),
    context.now,
  );
  context.record({
    type: 'registrering-tilfoejet',
    personId,
    municipality: context.actor.kind === 'bruger' ? context.actor.municipality : null,
    data: {
      registration: id,
      kind: decided.value.kind,
      from: decided.value.from.toString(),
      to: decided.value.to?.toString() ?? null,
    },
  });
  const followUp = await openRecalculationTasks(context, personId);
  if (!followUp.ok) return followUp;
  const row = await findRegistration(context.tx, id);
  if (row === undefined) throw new Error(`Registration ${id} vanished`);
  return ok(registrationView(row));
}

/** The standing row to correct, its person locked and the caller acting for them. */
async function standingRow(context: UseCaseContext, id: string): Promise<Result<RegistrationRecord>> {
  if (!uuidPattern.test(id)) return fail('ikke-fundet', 'Registreringen findes ikke', 'id');
  const found = await findRegistration(context.tx, id);
  if (found === undefined) return fail('ikke-fundet', 'Registreringen findes ikke', 'id');
  await lockPerson(context.tx, found.personId);
  const row = (await findRegistration(context.tx, id)) ?? found;
  const acting = await checkActing(context, row.personId);
  if (!acting.ok) return acting;
  if (row.supersededAt !== null) {
    return fail(
      'konflikt',
      'Registreringen er allerede rettet; se de gældende registreringer og prøv på ny',
      'id',
    );
  }
  return ok(row);
}

async function replace(
  context: UseCaseContext,
  old: RegistrationRecord,
  decided: Parameters<typeof insertRegistration>[2],
  ended: boolean,
): Promise<Result<RegistrationView>> {
  const by = actorLabel(context.actor);
  await supersedeRegistration(context.tx, old.id, by, context.now);
  const id = await insertRegistration(context.tx, old.personId, decided, by, context.now);
  context.record({
    type: 'registrering-rettet',
    personId: old.personId,
    municipality: context.actor.kind === 'bruger' ? context.actor.municipality : null,
    data: {
      registration: id,
      replaces: old.id,
      kind: decided.kind,
      from: decided.from.toString(),
      to: decided.to?.toString() ?? null,
      reason: decided.reason,
      ...(ended ? { ended: true } : {}),
    },
  });
  const followUp = await openRecalculationTasks(context, old.personId);
  if (!followUp.ok) return followUp;
  const row = await findRegistration(context.tx, id);
  if (row === undefined) throw new Error(`Registration ${id} vanished`);
  return ok(registrationView(row));
}

/** Corrects a standing registration: the same kind, a new value or period, and a reason. */
export function correctRegistration(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  id: string,
  input: RegistrationInput,
): Promise<Result<RegistrationView>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const old = await standingRow(context, id);
    if (!old.ok) return old;
    if (input.kind !== old.value.value.kind) {
      return fail(
        'ugyldigt-input',
        `En rettelse har samme art som registreringen (${old.value.value.kind}), ikke ${quoted(input.kind)}`,
        'kind',
      );
    }
    if (input.reason === undefined || input.reason === null || input.reason.trim() === '') {
      return fail('ugyldigt-input', 'En rettelse skal have en begrundelse', 'reason');
    }
    const caseContext = await caseContextOf(context, old.value.personId, input.case);
    if (!caseContext.ok) return caseContext;
    const decided = decideRegistration(input, caseContext.value);
    if (!decided.ok) return decided;
    const rule = await checkAgainstStanding(context, old.value.personId, decided.value, old.value.id);
    if (!rule.ok) return rule;
    return replace(context, old.value, decided.value, false);
  });
}

/** Ends a standing registration on `to`, as a correction. */
export function endRegistration(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  id: string,
  input: { readonly to: string; readonly reason: string },
): Promise<Result<RegistrationView>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const old = await standingRow(context, id);
    if (!old.ok) return old;
    const decided = decideEndRegistration(old.value, input.to, input.reason);
    if (!decided.ok) return decided;
    const row = old.value;
    const decision = {
      kind: row.value.kind,
      from: row.from,
      to: decided.value.to,
      caseId: row.caseId,
      value: row.value,
      reason: decided.value.reason,
    };
    return replace(context, row, decision, true);
  });
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * An instant as a caseworker gives it: ISO 8601 with zone (`2025-05-05T07:00:00Z`) or Danish local time
 * (`2025-05-05T09:00`).
 */
export function parseKnownAt(text: string): Result<Temporal.Instant> {
  if (isoInstant.test(text)) {
    try {
      const instant = Temporal.Instant.from(text);
      const year = instant.toZonedDateTimeISO('UTC').year;
      if (year >= 1900 && year <= 2200) return ok(instant);
    } catch {
      // Refused below, like any other text.
    }
    return fail('ugyldigt-tidspunkt', `Tidspunktet ${quoted(text)} findes ikke`);
  }
  return parseLocalDateTime(text);
}

/**
 * The person's registrations as known now (those standing), or as known at `knownAtText`; the access is
 * logged.
 */
export function listRegistrations(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  knownAtText?: string,
  purpose = 'sagsbehandling',
): Promise<Result<{ cpr: string; knownAt: string; registrations: RegistrationView[] }>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    const person = await personByCpr(context, cprInput, purpose, personNotFound);
    if (!person.ok) return person;
    let instant = context.now;
    if (knownAtText !== undefined) {
      const parsed = inField(parseKnownAt(knownAtText), 'kendtPr');
      if (!parsed.ok) return parsed;
      instant = parsed.value;
    }
    const rows = knownAt(await listPersonRegistrations(context.tx, person.value.id), instant);
    return ok({
      cpr: formatCpr(person.value.cpr),
      knownAt: instant.toString(),
      registrations: rows.map(registrationView),
    });
  });
}
