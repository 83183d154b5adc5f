/**
 * Release restarts and closings of open tasks (KY 6.1, "Genstart af åbne opgaver"; the open "Send brev"
 * tasks closed the same way). A restart clears what caseworkers entered on each open task of the given types
 * and its task categories (the case's category is the case's and stays), re-evaluates every step from the
 * start with the facts of now, and lets the task run through by itself when no undring appears.
 *
 * Each task is handled in a transaction of its own that also writes the task's result row, so a run that
 * stops half-way is resumed by running it again (the tasks already done are skipped), and the report is
 * the batch's result rows. A dry run decides the same per task and writes nothing.
 */
import { sql } from 'kysely';
import { checkText, fail, localDate, ok, type Result } from '../kernel/index.ts';
import { actorLabel, type Actor } from '../platform/actor.ts';
import type { Executor } from '../platform/db/database.ts';
import { runUseCase, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { findTask, insertTaskEvents, updateTask, type TaskRecord } from './db/task.repository.ts';
import {
  closeTask,
  currentStepKey,
  openQueries,
  restartTask,
  type Env,
  type TaskEvent,
  type Transition,
} from './domain/engine.ts';
import { applyCompletion } from './task-lifecycle.ts';
import type { TaskType, TaskTypes } from './task-type.ts';
import { findPersonSummary } from '../persons/index.ts';

export const batchKinds = ['genstart', 'luk'] as const;
export type BatchKind = (typeof batchKinds)[number];

export interface BatchRequest {
  readonly kind: BatchKind;
  readonly types: readonly string[];
  /** Required for a closing: why the tasks are cancelled. */
  readonly reason?: string | undefined;
  readonly dryRun: boolean;
}

/** What happened to one task. */
export interface BatchResult {
  readonly taskId: string;
  readonly type: string;
  readonly municipality: string;
  readonly cpr: string;
  /**
   * gennemfoert: ran through to completion; afventer-sagsbehandler: stops at a manual step; undring: stops
   * at an undring; annulleret: closed; fejl: refused (the task is left as it was, with the reason).
   */
  readonly outcome: 'gennemfoert' | 'afventer-sagsbehandler' | 'undring' | 'annulleret' | 'fejl';
  readonly status: string;
  readonly currentStep: string | null;
  /** The open undringer after the restart, `code` separated by `|`. */
  readonly queries: string;
  /** What was cleared: the steps whose input was removed and the categories, `|`-separated. */
  readonly cleared: string;
  readonly message: string | null;
}

export interface BatchSummary {
  /** Null for a dry run. */
  readonly batchId: string | null;
  /** True when this run took up an unfinished batch of the same kind, types (and reason). */
  readonly resumed: boolean;
  /** The tasks this run handled (when resumed: those the earlier attempts left; the report has them all). */
  readonly total: number;
  readonly byOutcome: Readonly<Record<string, number>>;
}

export interface BatchProgress {
  start(total: number): void;
  tick(done: number): void;
  stop(): void;
}

const PAGE = 500;
const CONCURRENCY = 4;

/** Checks the request against the registry before anything is read. */
export function checkBatchRequest(types: TaskTypes, request: BatchRequest): Result<TaskType[]> {
  if (request.types.length === 0) return fail('ugyldigt-input', 'Angiv mindst én opgavetype', 'types');
  const found: TaskType[] = [];
  for (const [i, key] of request.types.entries()) {
    const type = types.get(key, `types.${String(i)}`);
    if (!type.ok) return type;
    found.push(type.value);
  }
  if (request.kind === 'luk' && (request.reason ?? '').trim() === '') {
    return fail('ugyldigt-input', 'Angiv en begrundelse for lukningen', 'reason');
  }
  if (request.reason !== undefined) {
    const reason = checkText(request.reason, 'text', 'reason');
    if (!reason.ok) return reason;
  }
  return ok(found);
}

function outcomeOf(transition: Transition): BatchResult['outcome'] {
  const state = transition.state;
  if (state.status === 'annulleret') return 'annulleret';
  if (state.status !== 'aaben') return 'gennemfoert';
  return openQueries(state).length > 0 ? 'undring' : 'afventer-sagsbehandler';
}

interface Decided {
  readonly transition: Transition;
  readonly events: TaskEvent[];
  readonly cleared: string[];
}

/** The engine's decision for one task. */
async function decideOne(
  context: UseCaseContext,
  type: TaskType,
  task: TaskRecord,
  request: BatchRequest,
): Promise<Result<Decided>> {
  const env: Env = {
    data: task.data,
    facts: (await type.loadFacts?.(context, task)) ?? {},
    today: localDate(context.now),
    by: actorLabel(context.actor),
    at: context.now.toString(),
  };
  const decided =
    request.kind === 'genstart'
      ? restartTask(type, task.state, env)
      : closeTask(type, task.state, 'annuller', request.reason ?? '', env);
  if (!decided.ok) return decided;
  const cleared =
    request.kind === 'genstart'
      ? [
          ...task.state.steps.filter((s) => s.input !== null).map((s) => `trin:${s.key}`),
          ...task.categories.map((c) => `kategori:${c}`),
        ]
      : [];
  const events = [...decided.value.events];
  if (request.kind === 'genstart' && task.categories.length > 0) {
    events.push({ type: 'opgavekategorier-aendret', step: null, data: { from: task.categories, to: [] } });
  }
  return ok({ transition: decided.value, events, cleared });
}

function resultRow(task: TaskRecord, cpr: string, decided: Decided): BatchResult {
  const state = decided.transition.state;
  return {
    taskId: task.id,
    type: task.type,
    municipality: task.municipality,
    cpr,
    outcome: outcomeOf(decided.transition),
    status: state.status,
    currentStep: currentStepKey(state),
    queries: openQueries(state)
      .map((q) => q.code)
      .join('|'),
    cleared: decided.cleared.join('|'),
    message: null,
  };
}

async function cprOf(tx: Executor, personId: string): Promise<string> {
  return (await findPersonSummary(tx, personId))?.cpr ?? '';
}

async function insertResult(tx: Executor, batchId: string, result: BatchResult, at: string): Promise<void> {
  await tx
    .insertInto('task_batch_results')
    .values({
      batch_id: batchId,
      task_id: result.taskId,
      outcome: result.outcome,
      status: result.status,
      current_step: result.currentStep,
      queries: result.queries,
      cleared: result.cleared,
      message: result.message,
      done_at: at,
    })
    .onConflict((c) => c.doNothing())
    .execute();
}

/** Handles one task in a transaction of its own; a refusal is recorded as `fejl` and leaves the task be. */
async function handleOne(
  deps: Deps,
  types: TaskTypes,
  actor: Actor,
  request: BatchRequest,
  batchId: string | null,
  taskId: string,
): Promise<BatchResult | undefined> {
  const done = await runUseCase(
    deps,
    actor,
    'cli',
    'koersel',
    async (context): Promise<Result<BatchResult | undefined>> => {
      const task = await findTask(context.tx, taskId, !request.dryRun);
      // Closed (or gone) since the page was listed: nothing to restart.
      if (task === undefined || task.status !== 'aaben') return ok(undefined);
      const type = types.get(task.type);
      if (!type.ok) return type;
      const decided = await decideOne(context, type.value, task, request);
      const cpr = await cprOf(context.tx, task.personId);
      if (!decided.ok) return decided;
      const result = resultRow(task, cpr, decided.value);
      if (request.dryRun || batchId === null) return ok(result);
      const change = {
        state: decided.value.transition.state,
        ...(request.kind === 'genstart' ? { categories: [] } : {}),
      };
      if ((await updateTask(context.tx, task, change, context.now)) === undefined) {
        return fail('konflikt', 'Opgaven blev ændret under genstarten');
      }
      await insertTaskEvents(context.tx, task.id, decided.value.events, context.now, actorLabel(actor));
      if (decided.value.transition.completed) {
        const effects = await applyCompletion(
          context,
          type.value,
          (await findTask(context.tx, task.id)) as TaskRecord,
        );
        if (!effects.ok) return effects;
      }
      await insertResult(context.tx, batchId, result, context.now.toString());
      return ok(result);
    },
  );
  if (done.ok) return done.value;
  // Refused: the task stays as it was; the refusal is the task's line in the report.
  const task = await findTask(deps.db, taskId);
  if (task === undefined) return undefined;
  const failed: BatchResult = {
    taskId,
    type: task.type,
    municipality: task.municipality,
    cpr: await cprOf(deps.db, task.personId),
    outcome: 'fejl',
    status: task.status,
    currentStep: task.currentStep,
    queries: '',
    cleared: '',
    message: `${done.error.code}: ${done.error.message}`,
  };
  if (!request.dryRun && batchId !== null) {
    await insertResult(deps.db, batchId, failed, deps.clock.now().toString());
  }
  return failed;
}

/** The unfinished batch of the same kind and types to resume, or a new one. */
async function openBatch(
  deps: Deps,
  actor: Actor,
  request: BatchRequest,
): Promise<{ id: string; resumed: boolean }> {
  const types = [...new Set(request.types)].sort();
  const reason = request.kind === 'luk' ? (request.reason ?? '').trim() : null;
  // Only the same batch is resumed: same kind, same types and, for a closing, the same reason (the reason
  // each task is closed with is the batch's).
  const unfinished = await deps.db
    .selectFrom('task_batches')
    .select('id')
    .where('kind', '=', request.kind)
    .where('finished_at', 'is', null)
    .where(sql<boolean>`types = ${types}::text[]`)
    .where(sql<boolean>`reason is not distinct from ${reason}::text`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (unfinished !== undefined) return { id: unfinished.id, resumed: true };
  const created = await deps.db
    .insertInto('task_batches')
    .values({
      kind: request.kind,
      types,
      reason,
      started_by: actorLabel(actor),
      started_at: deps.clock.now().toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: created.id, resumed: false };
}

/** Open tasks of the types not yet handled by the batch, a page after `after` (by id). */
async function nextPage(
  db: Executor,
  types: readonly string[],
  batchId: string | null,
  after: string | null,
): Promise<string[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where('type', 'in', [...types])
    .where('status', '=', 'aaben')
    .$if(after !== null, (q) => q.where('id', '>', after as string))
    .$if(batchId !== null, (q) =>
      q.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('task_batch_results as r')
              .select('r.task_id')
              .where('r.batch_id', '=', batchId as string)
              // Only the results past the cursor can matter; without the bound every page would read all
              // of the batch's results so far.
              .$if(after !== null, (r) => r.where('r.task_id', '>', after as string))
              .whereRef('r.task_id', '=', 'tasks.id'),
          ),
        ),
      ),
    )
    .orderBy('id')
    .limit(PAGE)
    .execute();
  return rows.map((row) => row.id);
}

async function countOpen(db: Executor, types: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('type', 'in', [...types])
    .where('status', '=', 'aaben')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Restarts or closes every open task of the types. `onResult` gets each task's result as it is decided
 * (the dry run's report is written from these); the real run's report is read back with `readBatchReport`.
 */
export async function runTaskBatch(
  deps: Deps,
  types: TaskTypes,
  actor: Actor,
  request: BatchRequest,
  onResult: (result: BatchResult) => void | Promise<void>,
  progress?: BatchProgress,
): Promise<Result<BatchSummary>> {
  const checked = checkBatchRequest(types, request);
  if (!checked.ok) return checked;
  const batch = request.dryRun ? null : await openBatch(deps, actor, request);
  const batchId = batch?.id ?? null;
  const byOutcome: Record<string, number> = {};
  let total = 0;
  progress?.start(await countOpen(deps.db, request.types));
  let after: string | null = null;
  for (;;) {
    const ids = await nextPage(deps.db, request.types, batchId, after);
    if (ids.length === 0) break;
    after = ids[ids.length - 1] as string;
    let next = 0;
    // When one worker fails (the database is gone, `onResult` throws), the others finish the task in hand
    // and take no more, so the run stops where it is: running it again resumes from there.
    let failure: { error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < ids.length) {
        const id = ids[next++] as string;
        try {
          const result = await handleOne(deps, types, actor, request, batchId, id);
          if (result === undefined) continue;
          total += 1;
          byOutcome[result.outcome] = (byOutcome[result.outcome] ?? 0) + 1;
          await onResult(result);
          progress?.tick(total);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (failure !== undefined) {
      progress?.stop();
      throw failure.error;
    }
  }
  progress?.stop();
  if (batchId !== null) {
    await deps.db
      .updateTable('task_batches')
      .set({ finished_at: deps.clock.now().toString() })
      .where('id', '=', batchId)
      .execute();
  }
  return ok({ batchId, resumed: batch?.resumed ?? false, total, byOutcome });
}

/** Every result of a batch (including those of earlier, interrupted attempts), in task order. */
export async function* readBatchReport(db: Executor, batchId: string): AsyncGenerator<BatchResult> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // The page of results first, then their tasks and persons: joined before the limit, PostgreSQL may
    // join every result past the cursor (the results' statistics are those of before the run) and sort
    // them for each page, which made the report of 100,000 tasks take over 20 s.
    const page = db
      .selectFrom('task_batch_results')
      .selectAll()
      .where('batch_id', '=', batchId)
      .where('task_id', '>', after)
      .orderBy('task_id')
      .limit(PAGE)
      .as('r');
    const rows = await db
      .selectFrom(page)
      .innerJoin('tasks as t', 't.id', 'r.task_id')
      .innerJoin('persons as p', 'p.id', 't.person_id')
      .select([
        'r.task_id',
        't.type',
        't.municipality',
        'p.cpr',
        'r.outcome',
        'r.status',
        'r.current_step',
        'r.queries',
        'r.cleared',
        'r.message',
      ])
      .orderBy('r.task_id')
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      yield {
        taskId: row.task_id,
        type: row.type,
        municipality: row.municipality,
        cpr: row.cpr,
        outcome: row.outcome as BatchResult['outcome'],
        status: row.status,
        currentStep: row.current_step,
        queries: row.queries,
        cleared: row.cleared,
        message: row.message,
      };
    }
    after = (rows[rows.length - 1] as { task_id: string }).task_id;
  }
}

const csvHeader = [
  'opgave',
  'type',
  'kommune',
  'cpr',
  'udfald',
  'status',
  'aktuelt_trin',
  'undringer',
  'ryddet',
  'besked',
];

function csvField(value: string | null): string {
  const text = value ?? '';
  return /[";\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The report's header line (semicolon-separated, as Danish spreadsheets expect). */
export const batchCsvHeader = (): string => csvHeader.join(';');

/** One result as a report line. */
export function batchCsvLine(result: BatchResult): string {
  return [
    result.taskId,
    result.type,
    result.municipality,
    result.cpr,
    result.outcome,
    result.status,
    result.currentStep,
    result.queries,
    result.cleared,
    result.message,
  ]
    .map(csvField)
    .join(';');
}
