/**
 * Recalculation (genberegning, domain §4; docs/decisions/0018-recalculation.md): a case's months already
 * paid are computed again with the registrations as known now and each month's own rules and rates, and
 * compared with what the month has already been given. Pure: the shell loads what was paid and supplies
 * the month's computation.
 *
 * A month's position is what its lines computed (paid out, or computed by a run and awaiting payout), plus
 * an efterbetaling still planned for it, minus a repayment claim already proposed for it. So a second
 * recalculation with nothing changed finds a difference of 0, whether the first one's efterbetaling has
 * been paid yet or not, and whether its claim has been decided yet or not.
 */
import { Temporal } from 'temporal-polyfill';
import { fail, ok, parseYearMonth, type DomainError, type Oere, type Result } from '../../kernel/index.ts';
import { inField } from '../../kernel/index.ts';

/** What a month already paid has been given, by kind. */
export interface MonthPosition {
  readonly month: Temporal.PlainYearMonth;
  /** The gross of the month's lines computed by a run (paid out or awaiting payout), every one summed. */
  readonly computed: Oere;
  /** The forecast gross of the month's efterbetaling still planned (a run has not taken it yet). */
  readonly pending: Oere;
  /** The amount of the month's repayment claim already proposed and not yet decided. */
  readonly claimed: Oere;
  /**
   * The amount of the month's repayment claims a decision made (docs/decisions/0022-decisions.md); absent: 0.
   * A recalculation never replaces them: lowering one takes a new decision.
   */
  readonly decided?: Oere;
}

/** The month as computed now, with its explanation. */
export interface MonthComputed {
  readonly gross: Oere;
  readonly explanation: Record<string, unknown>;
}

/** One row of the recalculation's table. */
export interface RecalculatedMonth extends MonthPosition {
  /** What the month has been given: computed + pending − claimed − decided. */
  readonly paid: Oere;
  /** The month as computed now; null when it cannot be (a rate missing). */
  readonly recomputed: Oere | null;
  /** recomputed − paid; null when the month cannot be computed. */
  readonly difference: Oere | null;
  readonly explanation: Record<string, unknown> | null;
  /** Why the month cannot be computed (`sats-mangler` naming the rate and month); null when it can. */
  readonly missing: DomainError | null;
}

export interface Recalculation {
  readonly months: readonly RecalculatedMonth[];
  /** Over the months that could be computed. */
  readonly totals: { readonly paid: Oere; readonly recomputed: Oere; readonly difference: Oere };
  /** The months that cannot be computed, each with the rule's refusal. */
  readonly missing: readonly DomainError[];
}

/** Recomputes every month and compares it with what it has been given. */
export function recalculate(
  positions: readonly MonthPosition[],
  recompute: (month: Temporal.PlainYearMonth) => Result<MonthComputed>,
): Recalculation {
  const months = positions
    .toSorted((a, b) => Temporal.PlainYearMonth.compare(a.month, b.month))
    .map((position): RecalculatedMonth => {
      const paid = position.computed + position.pending - position.claimed - (position.decided ?? 0);
      const computed = recompute(position.month);
      if (!computed.ok) {
        return {
          ...position,
          paid,
          recomputed: null,
          difference: null,
          explanation: null,
          missing: computed.error,
        };
      }
      return {
        ...position,
        paid,
        recomputed: computed.value.gross,
        difference: computed.value.gross - paid,
        explanation: computed.value.explanation,
        missing: null,
      };
    });
  const computable = months.filter((m) => m.missing === null);
  const sum = (pick: (m: RecalculatedMonth) => Oere) => computable.reduce((total, m) => total + pick(m), 0);
  return {
    months,
    totals: {
      paid: sum((m) => m.paid),
      recomputed: sum((m) => m.recomputed ?? 0),
      difference: sum((m) => m.difference ?? 0),
    },
    missing: months.flatMap((m) => (m.missing === null ? [] : [m.missing])),
  };
}

/**
 * What approving a month's difference does (our rule): the month ends up given exactly what it computes to
 * now. What it computes to beyond what the runs computed is its efterbetaling (planned for the next run;
 * an efterbetaling already planned is set to it); what the runs computed beyond it is its proposed
 * repayment claim (a claim already proposed is replaced by it). A month whose difference is 0 is left as
 * it is. Nothing is ever deducted: a claim waits for a decision.
 */
export interface MonthEffect {
  readonly month: Temporal.PlainYearMonth;
  readonly difference: Oere;
  /** The month's efterbetaling after approval (0: none), and before. */
  readonly pending: Oere;
  readonly pendingBefore: Oere;
  /** The month's proposed claim after approval (0: none), and before. */
  readonly claim: Oere;
  readonly claimBefore: Oere;
}

/** The effects of the recalculation's computable months with a difference. */
export function effectsOf(recalculation: Recalculation): MonthEffect[] {
  return recalculation.months.flatMap((m) => {
    if (m.recomputed === null || m.difference === null || m.difference === 0) return [];
    const beyond = m.recomputed - m.computed;
    return [
      {
        month: m.month,
        difference: m.difference,
        pending: Math.max(0, beyond),
        pendingBefore: m.pending,
        // A decided claim stands; only what the month owes beyond it is proposed.
        claim: Math.max(0, -beyond - (m.decided ?? 0)),
        claimBefore: m.claimed,
      },
    ];
  });
}

/** The months a recalculation covers, as asked for (`YYYY-MM`; absent: every month already paid). */
export interface RecalculationRange {
  readonly fra?: string | null | undefined;
  readonly til?: string | null | undefined;
  /** Why the case is recalculated (recorded on approval). */
  readonly begrundelse?: string | null | undefined;
}

/**
 * The months to recalculate: the months already paid (a line paid out) within the range asked for. The
 * range may not start before the case's first grant, nor reach a month whose run has not passed
 * (`nextRun` and later): those are computed by their own run. A case never paid has nothing to
 * recalculate (`ingen-udbetaling`), and neither has a range without a month paid.
 */
export function decideRange(
  range: RecalculationRange,
  facts: {
    readonly paidMonths: readonly Temporal.PlainYearMonth[];
    readonly firstGranted: Temporal.PlainYearMonth | null;
    readonly nextRun: Temporal.PlainYearMonth;
  },
): Result<{ from: Temporal.PlainYearMonth; to: Temporal.PlainYearMonth; months: Temporal.PlainYearMonth[] }> {
  const parse = (text: string | null | undefined, field: string) =>
    text === undefined || text === null || text === '' ? ok(undefined) : inField(parseYearMonth(text), field);
  const from = parse(range.fra, 'fra');
  if (!from.ok) return from;
  const to = parse(range.til, 'til');
  if (!to.ok) return to;
  const paid = facts.paidMonths.toSorted((a, b) => Temporal.PlainYearMonth.compare(a, b));
  const first = paid[0];
  const last = paid.at(-1);
  if (first === undefined || last === undefined) {
    return fail('ingen-udbetaling', 'Sagen har ingen udbetalte måneder at genberegne');
  }
  const start = from.value ?? first;
  const end = to.value ?? last;
  const before = (a: Temporal.PlainYearMonth, b: Temporal.PlainYearMonth) =>
    Temporal.PlainYearMonth.compare(a, b) < 0;
  for (const [month, field] of [
    [start, 'fra'],
    [end, 'til'],
  ] as const) {
    if (!before(month, facts.nextRun)) {
      return fail(
        'ugyldig-periode',
        `${month.toString()} er ikke kørt endnu; kun måneder, hvis kørsel er gået, kan genberegnes ` +
          `(den næste kørsel er for ${facts.nextRun.toString()})`,
        field,
      );
    }
    if (facts.firstGranted !== null && before(month, facts.firstGranted)) {
      return fail(
        'ugyldig-periode',
        `${month.toString()} ligger før sagens første bevilling (${facts.firstGranted.toString()})`,
        field,
      );
    }
  }
  if (before(end, start)) {
    return fail(
      'ugyldig-periode',
      `Til-måneden ${end.toString()} ligger før fra-måneden ${start.toString()}`,
      'til',
    );
  }
  const months = paid.filter((m) => !before(m, start) && !before(end, m));
  if (months.length === 0) {
    return fail(
      'ingen-udbetaling',
      `Sagen har ingen udbetalte måneder fra ${start.toString()} til ${end.toString()}`,
      range.fra === undefined || range.fra === null ? 'til' : 'fra',
    );
  }
  return ok({ from: start, to: end, months });
}
