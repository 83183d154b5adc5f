/**
 * The task "Genberegning" as the shell runs it (docs/decisions/0018-recalculation.md), and the follow-up
 * that opens one by itself: a registration added, corrected or ended that changes a month already paid
 * leaves the case with a difference, so the case gets a "Genberegning" task in the same transaction (one
 * open at a time per case). Nothing is recalculated without the caseworker's approval.
 */
import { err, fail, ok, type Result } from '../kernel/index.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import { createTasks, listPersonTasks, TaskTypes, type TaskType } from '../tasks/index.ts';
import {
  rangeOf as recalculationRangeOf,
  RECALCULATION_TASK,
  recalculationTaskType,
  type RecalculationFacts,
} from './domain/recalculation-task.ts';
import { uuidPattern } from './case-lock.ts';
import { listPersonCases } from './db/case.repository.ts';
import { findCase } from './db/grant.repository.ts';
import {
  previewInTransaction,
  recalculateInTransaction,
  recalculationOf as recalculationOfCase,
} from './recalculate.ts';
import { entered, onlyActing } from './task-support.ts';

/**
 * "Genberegning": started on a case of the person that has months paid (`data.sag`); the facts are the
 * recalculation of the months entered on "Oplys genberegning" as it would be approved now; Godkend
 * approves it (recalculateInTransaction) and the receipt lists the efterbetalinger, the proposed claims
 * and the events.
 */
export const recalculationTask: TaskType = {
  ...recalculationTaskType,
  mayStart: (context, start) => onlyActing(context, start.personId, start.municipality),
  onStart: async (context, start) => {
    const named = start.data['sag'];
    if (typeof named !== 'string' || !uuidPattern.test(named)) {
      return fail('ugyldigt-input', 'Angiv sagen, der skal genberegnes', 'data.sag');
    }
    const found = await findCase(context.tx, named);
    if (found?.personId !== start.personId) {
      return fail('ikke-fundet', 'Sagen findes ikke hos borgeren', 'data.sag');
    }
    if (found.municipality !== start.municipality) {
      return fail(
        'ikke-handlekommune',
        `Sagen hører til kommune ${found.municipality}; kun den kan genberegne den`,
        'data.sag',
      );
    }
    // A case with no month paid has nothing to recalculate: refused at the start.
    const preview = await previewInTransaction(context, found.id, {});
    if (!preview.ok) return err({ ...preview.error, field: 'data.sag' });
    return ok({ caseId: found.id, data: { sag: found.id } });
  },
  loadFacts: async (context, task) => {
    if (task.caseId === null) return {};
    const recalculationOf = await recalculationOfCase(context, task.caseId);
    if (recalculationOf === undefined) return {};
    const facts: RecalculationFacts = { recalculationOf };
    return { ...facts };
  },
  onComplete: async (context, task) => {
    if (task.caseId === null) return fail('ikke-fundet', 'Opgaven har ingen sag', 'sag');
    const range = recalculationRangeOf(entered(task).inputs);
    const done = await recalculateInTransaction(context, task.caseId, range, task.id);
    if (!done.ok) return done;
    return ok({
      kvittering: {
        sag: done.value.case,
        genberegning: done.value.recalculation,
        fra: done.value.from,
        til: done.value.to,
        forskel: done.value.totals.difference,
        efterbetalinger: done.value.lines,
        tilbagebetalingskrav: done.value.claims,
        nyeOpgaver: [],
        nyeHaendelser: done.value.events,
      },
    });
  },
};

const recalculationRegistry = new TaskTypes([recalculationTask]);

/**
 * After a registration of the person was added, corrected or ended, or a grant changed or ended: each of the
 * person's granted or closed cases whose months already paid now compute to another amount gets a
 * "Genberegning" task of the case's municipality, unless one is open for it already. Returns the new tasks'
 * ids.
 */
export async function openRecalculationTasks(
  context: UseCaseContext,
  personId: string,
): Promise<Result<string[]>> {
  const [cases, tasks] = await Promise.all([
    listPersonCases(context.tx, personId),
    listPersonTasks(context.tx, personId),
  ]);
  const open = new Set(
    tasks.filter((t) => t.type === RECALCULATION_TASK && t.status === 'aaben').map((t) => t.caseId),
  );
  const requests = [];
  for (const record of cases) {
    if (record.status !== 'bevilget' && record.status !== 'afsluttet') continue;
    if (open.has(record.id)) continue;
    const preview = await previewInTransaction(context, record.id, {});
    if (!preview.ok) {
      if (preview.error.code === 'ingen-udbetaling') continue;
      return preview;
    }
    if (!preview.value.recalculation.months.some((m) => m.difference !== null && m.difference !== 0))
      continue;
    requests.push({
      type: RECALCULATION_TASK,
      municipality: record.municipality,
      caseId: record.id,
      data: { sag: record.id },
    });
  }
  if (requests.length === 0) return ok([]);
  return createTasks(context, recalculationRegistry, personId, requests);
}
