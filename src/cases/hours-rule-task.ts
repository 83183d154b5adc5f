/**
 * The task "225-timersreglen" as the shell runs it (docs/decisions/0025-hours-rule.md): its facts (the
 * person's history as known now, the case's notice and hearing), what passing "Send varsling" and "Send
 * partshøring" sends (the notice and the hearing with their letters, in the action's transaction), and what
 * Godkend does: the decision, its letter, and the effect the month computation lowers the help by.
 */
import { Temporal } from 'temporal-polyfill';
import { assessMonth, firstConsequence, hoursHistory, hoursRulePeriod } from '../benefits/index.ts';
import { err, fail, formatDanishDate, localDate, ok, type Result } from '../kernel/index.ts';
import { actorLabel } from '../platform/actor.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import type { TaskRecord, TaskType } from '../tasks/index.ts';
import { lockCase } from './case-lock.ts';
import { insertDecision, listHearingsSince } from './db/decision.repository.ts';
import { findCase } from './db/grant.repository.ts';
import { insertEffect, insertNotice, listHelpGrants, listNotices } from './db/hours-rule.repository.ts';
import { listPersonRegistrations } from './db/registration.repository.ts';
import { recordDecision, recordHearing } from './decisions.ts';
import { decideHearing } from './domain/decision.ts';
import { knownAt } from './domain/decide-registration.ts';
import {
  decideHoursRuleDecision,
  decideNotice,
  exemptionsTaskType,
  hoursRuleTaskType,
  intendedText,
  periodRegistration,
  sendLetterTaskType,
  type HoursRuleFacts,
} from './domain/hours-rule-task.ts';
import { registerInTransaction } from './registrations.ts';
import { queueNoticeLetter } from './letters.ts';
import { entered, grantedHtfCase, onlyActing } from './task-support.ts';

/** The case a task is about: one of the person's, HTF, granted, of the task's municipality. */
async function caseOf(context: UseCaseContext, task: Pick<TaskRecord, 'caseId'>) {
  if (task.caseId === null) return fail('ikke-fundet', 'Opgaven har ingen sag', 'sag');
  const found = await findCase(context.tx, task.caseId);
  return found === undefined ? fail('ikke-fundet', 'Sagen findes ikke', 'sag') : ok(found);
}

/**
 * The task's case locked for a change: the person's lock every change to a case takes, and the task's
 * municipality checked as the one acting for the person now.
 */
async function lockedCaseOf(context: UseCaseContext, task: Pick<TaskRecord, 'caseId'>) {
  if (task.caseId === null) return fail('ikke-fundet', 'Opgaven har ingen sag', 'sag');
  const locked = await lockCase(context, task.caseId, undefined);
  return locked.ok ? ok(locked.value.record) : err({ ...locked.error, field: locked.error.field ?? 'sag' });
}

/** The person's history as known now; help projected as granted to the rule's end. */
export async function loadHoursRuleFacts(
  context: UseCaseContext,
  record: { readonly id: string; readonly personId: string },
): Promise<HoursRuleFacts> {
  const caseId = record.id;
  const [registrations, grants, notices] = await Promise.all([
    listPersonRegistrations(context.tx, record.personId),
    listHelpGrants(context.tx, record.personId),
    listNotices(context.tx, caseId),
  ]);
  const own = knownAt(registrations, context.now).filter((r) => r.caseId === null || r.caseId === caseId);
  const notice = notices[0] ?? null;
  const hearing =
    notice === null
      ? null
      : ((await listHearingsSince(context.tx, caseId, ['nedsaettelse', 'bortfald'], notice.recordedAt))[0] ??
        null);
  const history = hoursHistory(own, grants, hoursRulePeriod.to);
  return {
    rule: {
      assess: (month) => assessMonth(history, month),
      first: (from, to) => firstConsequence(history, from, to),
      end: hoursRulePeriod.to,
    },
    notice,
    hearing,
  };
}

async function factsOfTask(context: UseCaseContext, task: TaskRecord): Promise<Result<HoursRuleFacts>> {
  const found = await caseOf(context, task);
  if (!found.ok) return found;
  return ok(await loadHoursRuleFacts(context, found.value));
}

/**
 * Sends the 225-hour rule's notice (`varsling`: the day in `sendt`) or hearing (`partshoering`: `sendt` and
 * `frist`, not before the notice) on the task's case, with its letter, in the action's transaction.
 */
async function sendLetter(
  context: UseCaseContext,
  task: TaskRecord,
  letter: 'varsling' | 'partshoering',
  input: Readonly<Record<string, unknown>>,
): Promise<Result<void>> {
  const found = await lockedCaseOf(context, task);
  if (!found.ok) return found;
  const record = found.value;
  const facts = await loadHoursRuleFacts(context, record);
  const today = localDate(context.now);
  const owner = { caseId: record.id, personId: record.personId, municipality: record.municipality };
  if (letter === 'varsling') {
    const notice = decideNotice(facts.rule, input['sendt'], today);
    if (!notice.ok) return notice;
    const consequence = notice.value.assessment.consequence === 'bortfald' ? 'bortfald' : 'nedsaettelse';
    const value = { sentOn: notice.value.sentOn, ruleDate: notice.value.ruleDate, consequence } as const;
    const id = await insertNotice(context.tx, owner, value, actorLabel(context.actor), context.now);
    const queued = await queueNoticeLetter(context, record, {
      id,
      ...value,
      situation: notice.value.assessment.reasons.join('. ') + '.',
    });
    if (!queued.ok) return queued;
    context.record({
      type: 'varsling-sendt',
      personId: record.personId,
      municipality: record.municipality,
      data: {
        case: record.id,
        notice: id,
        sentOn: value.sentOn.toString(),
        ruleDate: value.ruleDate.toString(),
        consequence,
      },
    });
    return ok(undefined);
  }
  const notice = facts.notice;
  if (notice === null) return fail('trin-mangler', 'Der er ikke sendt en varsling', 'sendt');
  const hearing = decideHearing(
    {
      effect: notice.consequence,
      intended: intendedText(notice),
      sentOn: typeof input['sendt'] === 'string' ? input['sendt'] : '',
      deadline: typeof input['frist'] === 'string' ? input['frist'] : '',
    },
    today,
  );
  if (!hearing.ok) {
    return err({ ...hearing.error, field: hearing.error.field === 'deadline' ? 'frist' : 'sendt' });
  }
  if (Temporal.PlainDate.compare(hearing.value.sentOn, notice.sentOn) < 0) {
    return fail(
      'ugyldig-dato',
      `Partshøringen kan ikke sendes før varslingen (${formatDanishDate(notice.sentOn)})`,
      'sendt',
    );
  }
  const recorded = await recordHearing(context, record, hearing.value);
  return recorded.ok ? ok(undefined) : recorded;
}

/** The case a task of the 225-hour rule is started on: the person's granted HTF case of the municipality. */
const htfCaseOf = (context: UseCaseContext, start: Parameters<typeof grantedHtfCase>[1]) =>
  grantedHtfCase(context, start, '225-timersreglen gælder');

export const hoursRuleTask: TaskType = {
  ...hoursRuleTaskType,
  mayStart: (context, start) => onlyActing(context, start.personId, start.municipality),
  onStart: async (context, start) => {
    const chosen = await htfCaseOf(context, start);
    if (!chosen.ok) return chosen;
    if (chosen.value.record.monthly !== null) {
      return fail(
        'ugyldigt-input',
        'Sagen udbetaler et fastsat månedligt beløb; 225-timersreglen nedsætter kun hjælp, som reglerne beregner',
        'data.sag',
      );
    }
    return chosen;
  },
  loadFacts: async (context, task) => {
    const facts = await factsOfTask(context, task);
    return facts.ok ? { ...facts.value } : {};
  },
  onStep: async (context, task, step, input) => {
    if (step === 'send-varsling') return sendLetter(context, task, 'varsling', input);
    if (step === 'send-partshoering') return sendLetter(context, task, 'partshoering', input);
    return ok(undefined);
  },
  onComplete: async (context, task) => {
    const found = await lockedCaseOf(context, task);
    if (!found.ok) return found;
    const record = found.value;
    const facts = await loadHoursRuleFacts(context, record);
    const input = entered(task).inputs['traef-afgoerelse'] ?? {};
    const decided = decideHoursRuleDecision(input, facts, localDate(context.now));
    if (!decided.ok) return decided;
    const { decision, from, postponed, assessment } = decided.value;
    const notice = facts.notice;
    const hearing = facts.hearing ?? undefined;
    if (notice === null) return fail('trin-mangler', 'Der er ikke sendt en varsling', 'sag');
    const decidedBefore = await context.tx
      .selectFrom('hours_rule_effects')
      .select('decision_id')
      .where('notice_id', '=', notice.id)
      .executeTakeFirst();
    if (decidedBefore !== undefined) {
      return fail(
        'konflikt',
        `Varslingen er allerede afgjort (afgørelse ${decidedBefore.decision_id}); send en ny varsling for en ny afgørelse`,
        'sag',
      );
    }
    const owner = { caseId: record.id, personId: record.personId, municipality: record.municipality };
    const id = await insertDecision(context.tx, owner, decision, actorLabel(context.actor), context.now);
    const consequence = decision.effect === 'bortfald' ? 'bortfald' : 'nedsaettelse';
    const effect = await insertEffect(
      context.tx,
      owner,
      {
        decision: id,
        notice: notice.id,
        consequence,
        ruleDate: notice.ruleDate,
        from,
        decidedOn: decision.decidedOn,
      },
      context.now,
    );
    const recorded = await recordDecision(context, record, id, decision, hearing, {
      from: from.toString(),
      ruleDate: notice.ruleDate.toString(),
    });
    if (!recorded.ok) return recorded;
    return ok({
      kvittering: {
        sag: record.id,
        afgoerelse: id,
        virkning: effect,
        konsekvens: consequence,
        fra: from.toString(),
        udskudt: postponed,
        varsletDato: notice.ruleDate.toString(),
        begrundelse: assessment.reasons,
        nyeOpgaver: [],
      },
    });
  },
};

/** "Forlængelse og undtagelsesperioder": Godkend registers the period on the person (as the acting municipality). */
export const exemptionsTask: TaskType = {
  ...exemptionsTaskType,
  mayStart: (context, start) => onlyActing(context, start.personId, start.municipality),
  onStart: htfCaseOf,
  onComplete: async (context, task) => {
    const registration = periodRegistration(entered(task).inputs['oplys-periode'] ?? {});
    if (!registration.ok) return registration;
    const registered = await registerInTransaction(context, task.personId, registration.value);
    if (!registered.ok) return registered;
    return ok({ kvittering: { sag: task.caseId, registrering: registered.value, nyeOpgaver: [] } });
  },
};

/** "Send brev" (conversion): passing the step sends the notice or hearing its data names. */
export const sendLetterTask: TaskType = {
  ...sendLetterTaskType,
  onStep: (context, task, step, input) => {
    const letter = task.data['brev'];
    if (step !== 'send-brev' || (letter !== 'varsling' && letter !== 'partshoering')) {
      return Promise.resolve(ok(undefined));
    }
    return sendLetter(context, task, letter, input);
  },
  onComplete: (_context, task) =>
    Promise.resolve(ok({ kvittering: { sag: task.caseId, brev: task.data['brev'], nyeOpgaver: [] } })),
};
