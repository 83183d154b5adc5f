/**
 * The task "Overflyt sanktion" as the shell runs it (domain §6; docs/decisions/0023-sanctions.md): started
 * on the person's granted HTF case by the acting municipality; Godkend records the legacy system's decision
 * as a decision with effect `sanktion` resting on a recorded legal exception, computes and stores the
 * sanction exactly as a sanction decided here (`decideSanctionOnCase`), so the next monthly run takes it,
 * queues the decision letter, and opens "Genberegning" on the case when it has months paid — all in the
 * task's transaction. A refusal (no written guidance before the omission, past the 3 whole calendar months,
 * no help in the month, a missing rate) rolls everything back and names the field of "Oplys sanktion".
 */
import { Temporal } from 'temporal-polyfill';
import {
  err,
  fail,
  formatAmount,
  inField,
  localDate,
  ok,
  type DomainError,
  type Err,
  type Result,
} from '../kernel/index.ts';
import { nextRunMonth } from '../platform/jobs/domain/schedule.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import { loadRateLookup } from '../rates/index.ts';
import { createTasks, listPersonTasks, TaskTypes, type TaskRecord, type TaskType } from '../tasks/index.ts';
import { lockCase } from './case-lock.ts';
import type { VersionedCase } from './db/grant.repository.ts';
import { listPersonRegistrations } from './db/registration.repository.ts';
import { omissionMonthHelp, storeSanctionDecision } from './decisions.ts';
import { knownAt } from './domain/decide-registration.ts';
import { decideDecision } from './domain/decision.ts';
import { familyOf } from './domain/lifecycle.ts';
import { RECALCULATION_TASK } from './domain/recalculation-task.ts';
import { decideSanction } from './domain/sanction.ts';
import {
  TRANSFER_SANCTION_STEP,
  transferDecisionInput,
  transferField,
  transferOf,
  transferSanctionInput,
  transferSanctionTaskType,
  type TransferredSanction,
} from './domain/transfer-sanction-task.ts';
import { previewInTransaction } from './recalculate.ts';
import { recalculationTask } from './recalculation-task.ts';
import { entered, grantedHtfCase, onlyActing } from './task-support.ts';

const grantedHtf =
  'En sanktion overflyttes til en bevilget sag om hjælp til forsørgelse (kontanthjælp, uddannelseshjælp, hjemrejseydelse)';

/** The case the task is started on: the person's granted HTF case of the starting municipality. */
const grantedHtfCaseOf: NonNullable<TaskType['onStart']> = (context, start) =>
  grantedHtfCase(context, start, 'En sanktion overflyttes til');

/**
 * The day the 3 whole calendar months are measured to: the run that takes the sanction is the next one,
 * this month's until it has started (today), else next month's (its 1st).
 */
function runDayOf(now: Temporal.Instant): Temporal.PlainDate {
  const today = localDate(now);
  const run = nextRunMonth(now);
  return Temporal.PlainYearMonth.compare(run, today.toPlainYearMonth()) > 0
    ? run.toPlainDate({ day: 1 })
    : today;
}

/** A refusal of the decision or sanction rules, naming the field of "Oplys sanktion". */
const renamed = (error: DomainError): Err<DomainError> =>
  err(error.field === undefined ? error : { ...error, field: transferField(error.field) });

const recalculationTypes = new TaskTypes([recalculationTask]);

/**
 * "Genberegning" on the case after the transfer (domain §6), as openRecalculationTasks decides: only a case
 * with months paid has anything to recalculate, and one open at a time per case. Returns the new tasks and,
 * when none was made, why.
 */
async function followingRecalculation(
  context: UseCaseContext,
  record: VersionedCase,
): Promise<Result<{ tasks: string[]; note: string | null }>> {
  const open = (await listPersonTasks(context.tx, record.personId)).find(
    (task) => task.type === RECALCULATION_TASK && task.status === 'aaben' && task.caseId === record.id,
  );
  if (open !== undefined) {
    return ok({ tasks: [], note: `Sagen har allerede en åben genberegningsopgave (${open.id})` });
  }
  const preview = await previewInTransaction(context, record.id, {});
  if (!preview.ok) {
    if (preview.error.code !== 'ingen-udbetaling') return preview;
    return ok({
      tasks: [],
      note: 'Sagen har ingen udbetalte måneder; der er ikke oprettet en genberegningsopgave',
    });
  }
  const created = await createTasks(context, recalculationTypes, record.personId, [
    {
      type: RECALCULATION_TASK,
      municipality: record.municipality,
      caseId: record.id,
      data: { sag: record.id },
    },
  ]);
  return created.ok ? ok({ tasks: created.value, note: null }) : created;
}

/** Godkend: the decision, the sanction, the letter and the recalculation task, in the task's transaction. */
async function transfer(
  context: UseCaseContext,
  task: TaskRecord,
): Promise<Result<Readonly<Record<string, unknown>>>> {
  if (task.caseId === null) return fail('ikke-fundet', 'Opgaven har ingen sag', 'sag');
  const today = localDate(context.now);
  const checked = transferOf(entered(task).inputs[TRANSFER_SANCTION_STEP] ?? {}, today);
  if (!checked.ok) return checked;
  const given: TransferredSanction = checked.value;
  const locked = await lockCase(context, task.caseId, undefined);
  if (!locked.ok) return err({ ...locked.error, field: 'sag' });
  const { record } = locked.value;
  if (familyOf(record.benefit) !== 'htf' || record.status !== 'bevilget') {
    return fail('ugyldig-sagsstatus', `${grantedHtf}; sagen er ${record.status}`, 'sag');
  }
  const decided = decideDecision(transferDecisionInput(given), undefined, today);
  if (!decided.ok) return renamed(decided.error);
  const help = await omissionMonthHelp(context, record, given.omissionOn.toPlainYearMonth());
  if (!help.ok) return inField(help, 'haendelse');
  const [registrations, rates] = await Promise.all([
    listPersonRegistrations(context.tx, record.personId),
    loadRateLookup(context.tx),
  ]);
  const sanction = decideSanction(transferSanctionInput(given), {
    registrations: knownAt(registrations, context.now),
    monthHelp: help.value,
    rates,
    decidedOn: runDayOf(context.now),
  });
  if (!sanction.ok) return renamed(sanction.error);
  const legacy = { afgjort: given.decidedOn.toString(), reference: given.reference };
  // The legacy system sent the decision's letter: the transfer records the decision, it sends none.
  const stored = await storeSanctionDecision(context, record, decided.value, undefined, sanction.value, {
    explanation: { overfoert: legacy },
    letter: false,
  });
  if (!stored.ok) return stored;
  const { id, sanctionId, steps } = stored.value;
  const recalculation = await followingRecalculation(context, record);
  if (!recalculation.ok) return recalculation;
  return ok({
    kvittering: {
      sag: record.id,
      afgoerelse: id,
      sanktion: sanctionId,
      art: sanction.value.kind,
      haendelse: sanction.value.omissionOn.toString(),
      maaned: sanction.value.month.toString(),
      beloeb: formatAmount(sanction.value.amount),
      senestKoersel: sanction.value.lastRunMonth.toString(),
      trin: steps,
      tidligereSystem: legacy,
      undtagelse: decided.value.basis.kind === 'undtagelse' ? decided.value.basis.legalBasis : null,
      ...(recalculation.value.note === null ? {} : { genberegning: recalculation.value.note }),
      nyeOpgaver: recalculation.value.tasks,
      nyeHaendelser: ['afgoerelse-truffet'],
    },
  });
}

/** "Overflyt sanktion": only the acting municipality starts it, on the person's granted HTF case. */
export const transferSanctionTask: TaskType = {
  ...transferSanctionTaskType,
  mayStart: (context, start) => onlyActing(context, start.personId, start.municipality),
  onStart: grantedHtfCaseOf,
  onComplete: transfer,
};
