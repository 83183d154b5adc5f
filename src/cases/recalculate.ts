/**
 * Recalculation (genberegning) of a case's months already paid (docs/decisions/0018-recalculation.md):
 * each month is computed again with the registrations as known now and that month's rules and rates, and
 * compared with what it has been given. A preview changes nothing; approval (only the acting municipality,
 * under the person's lock, in one transaction) plans a positive difference as an efterbetaling paid by the
 * next run and records a negative one as a *proposed* repayment claim, never deducted.
 */
import { Temporal } from 'temporal-polyfill';
import { err, fail, formatAmount, ok, type Result } from '../kernel/index.ts';
import { actorLabel, type Actor } from '../platform/actor.ts';
import { nextRunMonth } from '../platform/jobs/domain/schedule.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { replanPaymentLine, setPlannedGross, stopPlannedPaymentLines } from './db/line.repository.ts';
import { findCase, type VersionedCase } from './db/grant.repository.ts';
import {
  firstGrantedMonth,
  insertClaim,
  insertRecalculation,
  loadPaidState,
  supersedeClaims,
  type CasePaidState,
} from './db/recalculation.repository.ts';
import { coversMonth } from './domain/case.ts';
import {
  decideRange,
  effectsOf,
  recalculate,
  type Recalculation,
  type RecalculationRange,
} from './domain/recalculation.ts';
import { lockCase, uuidPattern, type Versioned } from './case-lock.ts';
import { loadLineAmounts, type LineAmounts } from './line-amounts.ts';

/** A month of the recalculation as the API, the CLI and the task show it (amounts in kroner, `1234.56`). */
export interface RecalculatedMonthView {
  readonly month: string;
  /** What the month has been given: computed + pending − claimed. */
  readonly paid: string;
  readonly computed: string;
  readonly pending: string;
  readonly claimed: string;
  readonly recomputed: string | null;
  readonly difference: string | null;
  readonly explanation: Record<string, unknown> | null;
  /** Why the month cannot be computed (a rate missing); null when it can. */
  readonly missing: { readonly code: string; readonly message: string } | null;
}

export interface RecalculationView {
  readonly case: string;
  readonly from: string;
  readonly to: string;
  /** The month whose run pays an efterbetaling. */
  readonly nextRun: string;
  readonly months: readonly RecalculatedMonthView[];
  readonly totals: { readonly paid: string; readonly recomputed: string; readonly difference: string };
  /** Whether every month could be computed (approval is refused with `sats-mangler` otherwise). */
  readonly computable: boolean;
}

/** What approval did: the recalculation row, the efterbetalinger planned and the claims proposed. */
export interface RecalculationOutcome extends RecalculationView {
  readonly recalculation: string;
  readonly lines: readonly {
    readonly month: string;
    readonly runMonth: string;
    readonly amount: string;
    readonly was: string;
  }[];
  readonly claims: readonly { readonly id: string; readonly month: string; readonly amount: string }[];
  readonly events: readonly string[];
}

const kroner = (oere: number | null): string | null => (oere === null ? null : formatAmount(oere));

function view(
  caseId: string,
  range: { from: Temporal.PlainYearMonth; to: Temporal.PlainYearMonth },
  nextRun: Temporal.PlainYearMonth,
  recalculation: Recalculation,
): RecalculationView {
  return {
    case: caseId,
    from: range.from.toString(),
    to: range.to.toString(),
    nextRun: nextRun.toString(),
    months: recalculation.months.map((m) => ({
      month: m.month.toString(),
      paid: formatAmount(m.paid),
      computed: formatAmount(m.computed),
      pending: formatAmount(m.pending),
      claimed: formatAmount(m.claimed),
      recomputed: kroner(m.recomputed),
      difference: kroner(m.difference),
      explanation: m.explanation,
      missing: m.missing === null ? null : { code: m.missing.code, message: m.missing.message },
    })),
    totals: {
      paid: formatAmount(recalculation.totals.paid),
      recomputed: formatAmount(recalculation.totals.recomputed),
      difference: formatAmount(recalculation.totals.difference),
    },
    computable: recalculation.missing.length === 0,
  };
}

interface Computed {
  readonly record: VersionedCase;
  readonly range: { from: Temporal.PlainYearMonth; to: Temporal.PlainYearMonth };
  readonly nextRun: Temporal.PlainYearMonth;
  readonly state: CasePaidState;
  readonly recalculation: Recalculation;
  readonly view: RecalculationView;
}

/** What a recalculation of the case reads, loaded once: the case's paid state, its grants, the rules' inputs. */
interface Loaded {
  readonly record: VersionedCase;
  readonly cpr: string;
  readonly state: CasePaidState;
  readonly firstGranted: Temporal.PlainYearMonth | null;
  readonly nextRun: Temporal.PlainYearMonth;
  readonly monthAmount: LineAmounts;
}

async function load(context: UseCaseContext, record: VersionedCase): Promise<Loaded> {
  const [state, firstGranted, person, inputs] = await Promise.all([
    loadPaidState(context.tx, record.id),
    firstGrantedMonth(context.tx, record.id),
    context.tx
      .selectFrom('persons')
      .select('cpr')
      .where('id', '=', record.personId)
      .executeTakeFirstOrThrow(),
    loadLineAmounts(context.tx, [record.personId]),
  ]);
  return {
    record,
    cpr: person.cpr,
    state,
    firstGranted,
    nextRun: nextRunMonth(context.now),
    monthAmount: inputs.monthAmount,
  };
}

/** Computes the months of the range again, as known now (pure over what was loaded). */
function evaluate(loaded: Loaded, input: RecalculationRange): Result<Computed> {
  const { record, state, nextRun } = loaded;
  const range = decideRange(input, {
    paidMonths: state.positions.map((p) => p.month),
    firstGranted: loaded.firstGranted,
    nextRun,
  });
  if (!range.ok) return range;
  const caseMonth = { ...record, caseId: record.id, cpr: loaded.cpr };
  const inRange = new Set(range.value.months.map((m) => m.toString()));
  const recalculation = recalculate(
    state.positions.filter((p) => inRange.has(p.month.toString())),
    (month) => {
      if (!coversMonth(record, month)) {
        return ok({ gross: 0, explanation: { benefit: null, tekst: 'Bevillingen dækker ikke måneden' } });
      }
      const amount = loaded.monthAmount(caseMonth, month);
      if (amount === undefined) {
        return ok({ gross: 0, explanation: { benefit: null, tekst: 'Ydelsen udbetaler intet månedligt' } });
      }
      return amount;
    },
  );
  const shown = { from: range.value.from, to: range.value.to };
  return ok({
    record,
    range: shown,
    nextRun,
    state,
    recalculation,
    view: view(record.id, shown, nextRun, recalculation),
  });
}

async function compute(
  context: UseCaseContext,
  record: VersionedCase,
  input: RecalculationRange,
): Promise<Result<Computed>> {
  return evaluate(await load(context, record), input);
}

/**
 * The recalculation of the case for any range, as a function over what is loaded now (a task's facts,
 * re-read on every action); undefined when the case does not exist.
 */
export async function recalculationOf(
  context: UseCaseContext,
  caseId: string,
): Promise<((range: RecalculationRange) => Result<Recalculation>) | undefined> {
  const record = await findCase(context.tx, caseId);
  if (record === undefined) return undefined;
  const loaded = await load(context, record);
  return (range) => {
    const computed = evaluate(loaded, range);
    return computed.ok ? ok(computed.value.recalculation) : computed;
  };
}

/** The recalculation as it would be approved now; changes nothing (any caseworker may look). */
export function previewRecalculation(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  input: RecalculationRange,
): Promise<Result<RecalculationView>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    const found = await previewInTransaction(context, caseId, input);
    if (!found.ok) return found;
    if (!(await context.mayRead(found.value.personId, 'genberegning')))
      return fail('ikke-fundet', 'Sagen findes ikke', 'id');
    return ok(found.value.view);
  });
}

/** The preview inside the caller's transaction (the task's facts): the view and the case's person. */
export async function previewInTransaction(
  context: UseCaseContext,
  caseId: string,
  input: RecalculationRange,
): Promise<Result<{ view: RecalculationView; recalculation: Recalculation; personId: string }>> {
  if (!uuidPattern.test(caseId)) return fail('ikke-fundet', 'Sagen findes ikke', 'id');
  const record = await findCase(context.tx, caseId);
  if (record === undefined) return fail('ikke-fundet', 'Sagen findes ikke', 'id');
  const computed = await compute(context, record, input);
  if (!computed.ok) return computed;
  const { view, recalculation } = computed.value;
  return ok({ view, recalculation, personId: record.personId });
}

/** Approves the recalculation: plans the efterbetalinger and proposes the repayment claims. */
export function approveRecalculation(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  input: RecalculationRange & Versioned,
): Promise<Result<RecalculationOutcome>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', (context) =>
    recalculateInTransaction(context, caseId, input, null),
  );
}

/**
 * Approval inside the caller's transaction (the task "Genberegning"'s Godkend): locks the person, computes
 * the months again and writes their effects; a month that cannot be computed refuses it all.
 */
export async function recalculateInTransaction(
  context: UseCaseContext,
  caseId: string,
  input: RecalculationRange & Versioned,
  taskId: string | null,
): Promise<Result<RecalculationOutcome>> {
  const locked = await lockCase(context, caseId, input.version);
  if (!locked.ok) return locked;
  const computed = await compute(context, locked.value.record, input);
  if (!computed.ok) return computed;
  const { record, range, nextRun, state, recalculation } = computed.value;
  const missing = recalculation.missing[0];
  if (missing !== undefined) return err({ ...missing, field: missing.field ?? 'maaneder' });
  const id = await insertRecalculation(context.tx, {
    caseId: record.id,
    personId: record.personId,
    municipality: record.municipality,
    from: range.from,
    to: range.to,
    months: computed.value.view.months,
    reason: input.begrundelse?.trim() || null,
    taskId,
    decidedBy: actorLabel(context.actor),
    now: context.now,
  });
  const owner = { caseId: record.id, personId: record.personId, municipality: record.municipality };
  const lines: RecalculationOutcome['lines'][number][] = [];
  let paidLate = 0;
  let claimed = 0;
  const claims: RecalculationOutcome['claims'][number][] = [];
  const events: string[] = [];
  const sameMonth = (month: Temporal.PlainYearMonth) => (item: { month: Temporal.PlainYearMonth }) =>
    item.month.equals(month);
  for (const effect of effectsOf(recalculation)) {
    const pending = state.pendingLines.filter(sameMonth(effect.month));
    if (effect.pending !== effect.pendingBefore) {
      const [first, ...rest] = pending;
      if (effect.pending > 0 && first !== undefined) {
        await setPlannedGross(context.tx, first.id, effect.pending);
        await stopPlannedPaymentLines(
          context.tx,
          rest.map((l) => l.id),
          context.now,
        );
      } else if (effect.pending > 0) {
        await replanPaymentLine(context.tx, owner, effect.month, effect.pending, nextRun);
      } else {
        await stopPlannedPaymentLines(
          context.tx,
          pending.map((l) => l.id),
          context.now,
        );
      }
      paidLate += effect.pending - effect.pendingBefore;
      lines.push({
        month: effect.month.toString(),
        runMonth: (effect.pending > 0 && first !== undefined ? first.runMonth : nextRun).toString(),
        amount: formatAmount(effect.pending),
        was: formatAmount(effect.pendingBefore),
      });
    }
    if (effect.claim !== effect.claimBefore) {
      const before = state.claims.filter(sameMonth(effect.month));
      await supersedeClaims(
        context.tx,
        before.map((c) => c.id),
        id,
        context.now,
      );
      if (effect.claim > 0) {
        const row = recalculation.months.find((m) => m.month.equals(effect.month));
        const claim = await insertClaim(context.tx, {
          ...owner,
          month: effect.month,
          amount: effect.claim,
          recalculation: id,
          explanation: {
            tekst: 'Forslag til tilbagebetalingskrav: måneden er udbetalt med mere, end den beregnes til nu',
            udbetalt: row?.computed ?? null,
            genberegnet: row?.recomputed ?? null,
            krav: effect.claim,
            genberegning: row?.explanation ?? null,
          },
          now: context.now,
        });
        claimed += effect.claim;
        claims.push({ id: claim, month: effect.month.toString(), amount: formatAmount(effect.claim) });
        context.record({
          type: 'tilbagebetalingskrav-foreslaaet',
          personId: record.personId,
          municipality: record.municipality,
          data: {
            case: record.id,
            claim,
            recalculation: id,
            period: effect.month.toString(),
            amount: formatAmount(effect.claim),
            ...(before[0] === undefined ? {} : { replaces: before[0].id }),
          },
        });
        events.push('tilbagebetalingskrav-foreslaaet');
      }
    }
  }
  context.record({
    type: 'genberegning-godkendt',
    personId: record.personId,
    municipality: record.municipality,
    data: {
      case: record.id,
      recalculation: id,
      from: range.from.toString(),
      to: range.to.toString(),
      months: recalculation.months.length,
      efterbetaling: formatAmount(paidLate),
      tilbagebetaling: formatAmount(claimed),
    },
  });
  events.unshift('genberegning-godkendt');
  return ok({ ...computed.value.view, recalculation: id, lines, claims, events });
}
