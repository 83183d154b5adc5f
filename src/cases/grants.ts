/**
 * Granting a case, changing and ending a grant, rejecting a case, and reading a person's cases with their
 * grants. Each change locks the person first (as create-person locks per CPR), so two caseworkers granting
 * overlapping periods at once are serialised and the second sees the first's grant
 * (docs/decisions/0014-grants-and-registrations.md). A change never overwrites a grant: the standing row
 * is superseded and a new one added. While the monthly run reads `cases.grant_from/grant_to`, every
 * change writes them from the case's standing grants (`casePeriodFromGrants`).
 */
import { planGrantLines } from './plan-grant-lines.ts';
import { formatCpr, inField, localDate, ok, parseCpr, type Result, personNotFound } from '../kernel/index.ts';
import { findPersonByCpr } from '../persons/index.ts';
import { actorLabel, type Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { lockCase, type Versioned } from './case-lock.ts';
import { openRecalculationTasks } from './recalculation-task.ts';
import { caseView, type CaseView } from './case-view.ts';
import { listPersonCases } from './db/case.repository.ts';
import {
  findCase,
  insertGrant,
  listPersonGrants,
  supersedeGrant,
  updateCase,
  type VersionedCase,
} from './db/grant.repository.ts';
import {
  casePeriodFromGrants,
  decideChange,
  decideEnd,
  decideGrant,
  decideReject,
  type EndGrantInput,
  type GrantInput,
} from './domain/grant.ts';
import { familyOf, type BenefitFamily } from './domain/lifecycle.ts';

export interface GrantOutcome {
  readonly case: CaseView;
  /** The new grant row. */
  readonly grant: string;
}

async function outcome(context: UseCaseContext, caseId: string, grant: string): Promise<GrantOutcome> {
  const record = await findCase(context.tx, caseId);
  if (record === undefined) throw new Error(`Case ${caseId} vanished`);
  return { case: caseView(record, await listPersonGrants(context.tx, record.personId)), grant };
}

/** Writes the case's status and grant columns from its grants as they now stand. */
async function syncCase(
  context: UseCaseContext,
  record: VersionedCase,
  status: VersionedCase['status'],
  closedReason?: string,
): Promise<void> {
  const grants = await listPersonGrants(context.tx, record.personId);
  await updateCase(context.tx, record.id, {
    status,
    period: casePeriodFromGrants(record.id, grants, localDate(context.now)),
    ...(closedReason === undefined ? {} : { closedReason }),
  });
}

/** Grants the case a period (`under-oplysning` or `bevilget` → `bevilget`). */
export function grantCase(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  input: GrantInput & Versioned,
): Promise<Result<GrantOutcome>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const granted = await grantInTransaction(context, caseId, input);
    return granted.ok ? ok(granted.value.outcome) : granted;
  });
}

/** What a grant or an end did to the case's payment lines (months as YYYY-MM). */
export interface LinesPlanned {
  readonly planned: readonly string[];
  readonly stopped: number;
}

/**
 * Grants the case inside the caller's transaction (a benefit task's approval): the same checks and writes
 * as grantCase, and the lines it planned.
 */
export async function grantInTransaction(
  context: UseCaseContext,
  caseId: string,
  input: GrantInput & Versioned,
): Promise<Result<{ outcome: GrantOutcome; lines: LinesPlanned }>> {
  const locked = await lockCase(context, caseId, input.version);
  if (!locked.ok) return locked;
  const { record, grants } = locked.value;
  const family = familyOf(record.benefit);
  const decided = decideGrant({ status: record.status, family }, grants, input, localDate(context.now));
  if (!decided.ok) return decided;
  const owner = { caseId: record.id, personId: record.personId, family };
  const grant = await insertGrant(
    context.tx,
    owner,
    decided.value.grant,
    actorLabel(context.actor),
    context.now,
  );
  await syncCase(context, record, decided.value.status);
  const lines = await planGrantLines(context, record.id);
  context.record({
    type: 'sag-bevilget',
    personId: record.personId,
    municipality: record.municipality,
    data: {
      case: record.id,
      grant,
      from: decided.value.grant.from.toString(),
      to: decided.value.grant.to?.toString() ?? null,
      reason: decided.value.grant.reason,
    },
  });
  return ok({ outcome: await outcome(context, record.id, grant), lines });
}

/** Changes a standing grant's period: the old row is superseded, the new one carries the reason. */
export function changeGrant(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  grantId: string,
  input: GrantInput & Versioned,
): Promise<Result<GrantOutcome>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const locked = await lockCase(context, caseId, input.version);
    if (!locked.ok) return locked;
    const { record, grants } = locked.value;
    const family = familyOf(record.benefit);
    const decided = decideChange(
      { id: record.id, status: record.status, family },
      grants,
      grantId,
      input,
      localDate(context.now),
    );
    if (!decided.ok) return decided;
    const grant = await replaceGrant(context, record, family, decided.value.old.id, decided.value.grant);
    await syncCase(context, record, record.status);
    await planGrantLines(context, record.id);
    context.record({
      type: 'bevilling-aendret',
      personId: record.personId,
      municipality: record.municipality,
      data: {
        case: record.id,
        grant,
        replaces: decided.value.old.id,
        from: decided.value.grant.from.toString(),
        to: decided.value.grant.to?.toString() ?? null,
        reason: decided.value.grant.reason,
      },
    });
    // A change that no longer covers a month paid (or covers it otherwise) leaves a difference to recalculate.
    const followUp = await openRecalculationTasks(context, record.personId);
    if (!followUp.ok) return followUp;
    return ok(await outcome(context, record.id, grant));
  });
}

/** Supersedes a grant row by a new one that replaces it (a change or an end); returns the new row's id. */
async function replaceGrant(
  context: UseCaseContext,
  record: VersionedCase,
  family: BenefitFamily,
  oldId: string,
  grant: Parameters<typeof insertGrant>[2],
): Promise<string> {
  const by = actorLabel(context.actor);
  await supersedeGrant(context.tx, oldId, by, context.now);
  const owner = { caseId: record.id, personId: record.personId, family };
  return insertGrant(context.tx, owner, grant, by, context.now, oldId);
}

/**
 * Ends a grant on `to` (without a grant id: the case's open-ended one). When no grant of the case is open
 * any more, the case is `afsluttet` with the reason.
 */
export function endGrant(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  grantId: string | undefined,
  input: EndGrantInput & Versioned,
): Promise<Result<GrantOutcome>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const ended = await endInTransaction(context, caseId, grantId, input);
    return ended.ok ? ok(ended.value.outcome) : ended;
  });
}

/** Ends a grant inside the caller's transaction (the task "Afslut bevilling"): as endGrant does. */
export async function endInTransaction(
  context: UseCaseContext,
  caseId: string,
  grantId: string | undefined,
  input: EndGrantInput & Versioned,
): Promise<Result<{ outcome: GrantOutcome; lines: LinesPlanned; recalculationTasks: readonly string[] }>> {
  const locked = await lockCase(context, caseId, input.version);
  if (!locked.ok) return locked;
  const { record, grants } = locked.value;
  const family = familyOf(record.benefit);
  const decided = decideEnd(
    { id: record.id, status: record.status, family },
    grants,
    grantId,
    input,
    localDate(context.now),
  );
  if (!decided.ok) return decided;
  const grant = await replaceGrant(context, record, family, decided.value.old.id, decided.value.grant);
  const closed = decided.value.status === 'afsluttet';
  await syncCase(context, record, decided.value.status, closed ? decided.value.grant.reason : undefined);
  const lines = await planGrantLines(context, record.id);
  context.record({
    type: 'bevilling-afsluttet',
    personId: record.personId,
    municipality: record.municipality,
    data: {
      case: record.id,
      grant,
      replaces: decided.value.old.id,
      to: decided.value.grant.to?.toString() ?? null,
      reason: decided.value.grant.reason,
    },
  });
  if (closed) {
    context.record({
      type: 'sag-afsluttet',
      personId: record.personId,
      municipality: record.municipality,
      data: { case: record.id, reason: decided.value.grant.reason },
    });
  }
  // An end back in time leaves months paid that the grant no longer covers: a "Genberegning" task.
  const followUp = await openRecalculationTasks(context, record.personId);
  if (!followUp.ok) return followUp;
  return ok({
    outcome: await outcome(context, record.id, grant),
    lines,
    recalculationTasks: followUp.value,
  });
}

/** Rejects a case under investigation (`afvist`) with the reason. */
export function rejectCase(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  input: { readonly reason: string } & Versioned,
): Promise<Result<CaseView>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const locked = await lockCase(context, caseId, input.version);
    if (!locked.ok) return locked;
    const { record, grants } = locked.value;
    const decided = decideReject({ status: record.status, family: familyOf(record.benefit) }, input.reason);
    if (!decided.ok) return decided;
    await updateCase(context.tx, record.id, {
      status: decided.value.status,
      closedReason: decided.value.reason,
    });
    context.record({
      type: 'sag-afvist',
      personId: record.personId,
      municipality: record.municipality,
      data: { case: record.id, reason: decided.value.reason },
    });
    const fresh = (await findCase(context.tx, record.id)) ?? record;
    return ok(caseView(fresh, grants));
  });
}

/** The person's cases with every grant row (the access is logged). */
export function listCasesWithGrants(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  purpose = 'sagsbehandling',
): Promise<Result<{ cpr: string; cases: CaseView[] }>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined || !(await context.mayRead(person.id, purpose))) return personNotFound();
    const [cases, grants] = await Promise.all([
      listPersonCases(context.tx, person.id),
      listPersonGrants(context.tx, person.id),
    ]);
    const versions = await context.tx
      .selectFrom('cases')
      .select(['id', 'version'])
      .where('person_id', '=', person.id)
      .execute();
    const versionOf = new Map(versions.map((row) => [row.id, row.version]));
    return ok({
      cpr: formatCpr(cpr.value.cpr),
      cases: cases.map((record) => caseView({ ...record, version: versionOf.get(record.id) ?? 1 }, grants)),
    });
  });
}
