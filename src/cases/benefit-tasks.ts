/**
 * The benefit tasks as the shell runs them (docs/decisions/0017-benefit-tasks.md): starting one chooses the
 * person's case under investigation of the family, or creates it; the rules read the person's registrations
 * and the rates as known now; approving ("Godkend" on "Opsummering") records a decided amount, grants the
 * case and plans its lines in the task's transaction, and returns the receipt ("Kvittering").
 */
import { fail, formatAmount, localDate, ok, type Result } from '../kernel/index.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import type { TaskRecord, TaskType } from '../tasks/index.ts';
import { insertCase, listPersonCases } from './db/case.repository.ts';
import { findCase } from './db/grant.repository.ts';
import {
  benefitFor,
  benefitTaskType,
  conditionsOf,
  decidedOf,
  endGrantTaskType,
  grantInputOf,
  recalculationFollows,
  textOf,
  type BenefitTaskFacts,
  type Proposal,
} from './domain/benefit-tasks.ts';
import { benefitFamilies, familyOf, type BenefitFamily } from './domain/lifecycle.ts';
import type { Registration } from './domain/registration.ts';
import { uuidPattern } from './case-lock.ts';
import { endInTransaction, grantInTransaction } from './grants.ts';
import { loadLineAmounts } from './line-amounts.ts';
import { recalculationTask } from './recalculation-task.ts';
import { exemptionsTask, hoursRuleTask, sendLetterTask } from './hours-rule-task.ts';
import { registerInTransaction } from './registrations.ts';
import { transferSanctionTask } from './transfer-sanction-task.ts';
import { entered, onlyActing } from './task-support.ts';

/** The case the task is about: the one named, or the family's one under investigation, or a new one. */
async function chooseCase(
  context: UseCaseContext,
  family: BenefitFamily,
  start: { personId: string; municipality: string; data: Readonly<Record<string, unknown>> },
): Promise<Result<{ caseId: string; data: Record<string, unknown> }>> {
  const named = start.data['sag'];
  if (named !== undefined && named !== null) {
    if (typeof named !== 'string' || !uuidPattern.test(named)) {
      return fail('ikke-fundet', 'Sagen findes ikke', 'data.sag');
    }
    const found = await findCase(context.tx, named);
    if (found?.personId !== start.personId || familyOf(found.benefit) !== family) {
      return fail('ikke-fundet', 'Sagen findes ikke hos borgeren i denne ydelsesfamilie', 'data.sag');
    }
    if (found.status !== 'under-oplysning') {
      return fail(
        'ugyldig-sagsstatus',
        `Sagen er ${found.status}; kun en sag under oplysning bevilges`,
        'data.sag',
      );
    }
    return ok({ caseId: found.id, data: { sag: found.id, ydelse: found.benefit } });
  }
  const open = (await listPersonCases(context.tx, start.personId)).filter(
    (record) => familyOf(record.benefit) === family && record.status === 'under-oplysning',
  );
  if (open.length > 1) {
    return fail(
      'ugyldigt-input',
      `Borgeren har ${String(open.length)} sager under oplysning i ydelsesfamilien; angiv hvilken`,
      'data.sag',
    );
  }
  if (open[0] !== undefined) {
    return ok({ caseId: open[0].id, data: { sag: open[0].id, ydelse: open[0].benefit } });
  }
  const benefit = benefitFor(family, start.data['ydelse']);
  if (!benefit.ok) return benefit;
  const today = localDate(context.now);
  const municipality = start.municipality as Parameters<typeof insertCase>[2]['municipality'];
  const caseId = await insertCase(
    context.tx,
    start.personId,
    {
      benefit: benefit.value,
      status: 'under-oplysning',
      municipality,
      from: today,
      to: null,
      monthly: null,
      category: null,
    },
    context.now,
  );
  context.record({
    type: 'sag-oprettet',
    personId: start.personId,
    municipality,
    data: { case: caseId, benefit: benefit.value, status: 'under-oplysning' },
  });
  return ok({ caseId, data: { sag: caseId, ydelse: benefit.value } });
}

/** The facts the rules read: the case's months as computed from registrations and rates as known now. */
async function loadFacts(context: UseCaseContext, task: TaskRecord): Promise<Record<string, unknown>> {
  if (task.caseId === null) return {};
  const record = await findCase(context.tx, task.caseId);
  if (record === undefined) return {};
  const person = await context.tx
    .selectFrom('persons')
    .select('cpr')
    .where('id', '=', record.personId)
    .executeTakeFirstOrThrow();
  const inputs = await loadLineAmounts(context.tx, [record.personId]);
  const facts: BenefitTaskFacts = {
    amountOf: (grant, month, proposal: Proposal) => {
      const proposed: Registration[] =
        proposal.decided === undefined
          ? []
          : [
              {
                id: 'forslag',
                personId: record.personId,
                caseId: record.id,
                from: grant.from,
                to: grant.to,
                value: { kind: 'bevilget-beloeb', ...proposal.decided },
                recordedAt: context.now,
                recordedBy: 'forslag',
                supersededAt: null,
              },
            ];
      const amount = inputs.amount(
        {
          caseId: record.id,
          personId: record.personId,
          cpr: person.cpr,
          benefit: record.benefit,
          ...grant,
          monthly: null,
        },
        month,
        { conditions: proposal.conditions, proposed },
      );
      if (amount === undefined || !amount.ok) return amount;
      const benefit = amount.value.explanation['benefit'] as { usesExampleRate?: boolean } | undefined;
      return ok({ gross: amount.value.gross, usesExampleRate: benefit?.usesExampleRate === true });
    },
    hasTaxCard: (day) => inputs.taxCard(record.personId, day) !== null,
  };
  return { ...facts };
}

/** "Godkend": records a decided amount, grants the case and plans its lines; returns the receipt. */
async function approve(
  context: UseCaseContext,
  task: TaskRecord,
): Promise<Result<Readonly<Record<string, unknown>>>> {
  if (task.caseId === null) return fail('ikke-fundet', 'Opgaven har ingen sag', 'sag');
  const { inputs, skipped } = entered(task);
  const grant = grantInputOf(inputs);
  const events: string[] = [];
  const decided = decidedOf(inputs);
  let registration: string | null = null;
  if (decided !== undefined) {
    const registered = await registerInTransaction(context, task.personId, {
      kind: 'bevilget-beloeb',
      case: task.caseId,
      from: grant.from,
      to: grant.to,
      monthly: formatAmount(decided.monthly),
      reason: decided.reason,
    });
    if (!registered.ok) return registered;
    registration = registered.value.id;
    events.push('registrering-tilfoejet');
  }
  const conditions = conditionsOf(inputs);
  if (conditions !== undefined) {
    // The assessment is a dated case fact the run reads (computeMonth's conditions), for the grant's period.
    const registered = await registerInTransaction(context, task.personId, {
      kind: 'tillaeg',
      case: task.caseId,
      from: grant.from,
      to: grant.to,
      activityReady: conditions.activityReady ?? false,
      leisureSupplement: conditions.leisureSupplement ?? false,
      reason: 'Vurder tillæg og fradrag',
    });
    if (!registered.ok) return registered;
    events.push('registrering-tilfoejet');
  }
  const granted = await grantInTransaction(context, task.caseId, grant);
  if (!granted.ok) return granted;
  events.push('sag-bevilget');
  const recalculation = recalculationFollows(skipped);
  return ok({
    kvittering: {
      sag: granted.value.outcome.case.id,
      status: granted.value.outcome.case.status,
      bevilling: { id: granted.value.outcome.grant, from: grant.from, to: grant.to, reason: grant.reason },
      planlagteLinjer: granted.value.lines.planned,
      ...(conditions === undefined
        ? {}
        : {
            tillaeg: {
              aktivitetsparat: conditions.activityReady,
              fritidstillaeg: conditions.leisureSupplement,
            },
          }),
      ...(decided === undefined
        ? {}
        : { bevilgetBeloeb: { beloeb: formatAmount(decided.monthly), registrering: registration } }),
      ...(recalculation ? { genberegningFoelger: true } : {}),
      nyeOpgaver: [],
      nyeHaendelser: events,
    },
  });
}

function familyTask(family: BenefitFamily): TaskType {
  return {
    ...benefitTaskType(family),
    loadFacts,
    mayStart: (context, start) => onlyActing(context, start.personId, start.municipality),
    onStart: (context, start) => chooseCase(context, family, start),
    onComplete: approve,
  };
}

/** "Afslut bevilling": started on a granted case; completing it ends the grant (endGrant). */
const endGrantTask: TaskType = {
  ...endGrantTaskType,
  mayStart: (context, start) => onlyActing(context, start.personId, start.municipality),
  onStart: async (context, start) => {
    const named = start.data['sag'];
    if (typeof named !== 'string' || !uuidPattern.test(named)) {
      return fail('ugyldigt-input', 'Angiv sagen, hvis bevilling afsluttes', 'data.sag');
    }
    const found = await findCase(context.tx, named);
    if (found?.personId !== start.personId)
      return fail('ikke-fundet', 'Sagen findes ikke hos borgeren', 'data.sag');
    if (found.status !== 'bevilget') {
      return fail(
        'ugyldig-sagsstatus',
        `Sagen er ${found.status}; kun en bevilget sag kan afsluttes`,
        'data.sag',
      );
    }
    return ok({ caseId: found.id, data: { sag: found.id } });
  },
  onComplete: async (context, task) => {
    if (task.caseId === null) return fail('ikke-fundet', 'Opgaven har ingen sag', 'sag');
    const input = entered(task).inputs['oplys-afslutning'] ?? {};
    const ended = await endInTransaction(context, task.caseId, undefined, {
      to: textOf(input['to']),
      reason: textOf(input['reason']),
    });
    if (!ended.ok) return ended;
    const closed = ended.value.outcome.case.status === 'afsluttet';
    return ok({
      kvittering: {
        sag: ended.value.outcome.case.id,
        status: ended.value.outcome.case.status,
        bevilling: { id: ended.value.outcome.grant, to: input['to'] },
        stoppedeLinjer: ended.value.lines.stopped,
        nyeOpgaver: ended.value.recalculationTasks,
        nyeHaendelser: closed ? ['bevilling-afsluttet', 'sag-afsluttet'] : ['bevilling-afsluttet'],
      },
    });
  },
};

/** The benefit task types, for the registry the composition root builds. */
export const benefitTaskTypes: readonly TaskType[] = [
  ...benefitFamilies.map(familyTask),
  endGrantTask,
  recalculationTask,
  hoursRuleTask,
  exemptionsTask,
  sendLetterTask,
  transferSanctionTask,
];
