/**
 * The amount of a case's month, as the run and the planning decide it: a case with a fixed monthly amount
 * (registered or converted with one) is paid that amount for the days its grant covers; any other case is
 * computed by its family's rule (src/benefits/) from the person's registrations as known now and the rates
 * in force for the month. Either way the line gets its explanation.
 *
 * A line for a month that runs have already computed (an efterbetaling after a recalculation,
 * docs/decisions/0018-recalculation.md) pays the difference: the month as computed now minus what the runs
 * computed for it before, never less than 0 (an overpayment is a repayment claim, proposed by a
 * recalculation, never deducted).
 */
import { Temporal } from 'temporal-polyfill';
import {
  computeMonth,
  decideAtp,
  decideBenefitCap,
  hoursRuleLine,
  inForceOn,
  noTaxCardOn,
  type AtpContribution,
  type BenefitLine,
  type HoursRuleEffect,
  type HtfConditions,
  type MonthInput,
  type NoTaxCard,
} from '../benefits/index.ts';
import { computedOfLateMonths, lateKey } from './db/recalculation.repository.ts';
import { listCappingHelpCases, listGrantedAdministrations } from './db/case.repository.ts';
import { holdbackOn, type GrantedAdministration, type Holdback } from './domain/administration.ts';
import { listStandingRegistrations } from './db/registration.repository.ts';
import { listHoursRuleEffects } from './db/hours-rule.repository.ts';
import { amountForMonth, type BenefitType } from './domain/case.ts';
import type { Registration } from './domain/registration.ts';
import { formatDanishAmount, monthBounds, ok, parseCpr, type Oere, type Result } from '../kernel/index.ts';
import { loadRateLookup, type RateLookup } from '../rates/index.ts';
import type { Executor } from '../platform/db/database.ts';

/** What the amount of a case's month depends on, besides registrations and rates. */
export interface CaseMonth {
  readonly caseId: string;
  readonly personId: string;
  readonly cpr: string;
  readonly benefit: BenefitType;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  /** A fixed monthly amount; null when the family's rule computes it. */
  readonly monthly: Oere | null;
}

export interface LineAmount {
  readonly gross: Oere;
  readonly explanation: Record<string, unknown>;
  /**
   * The month's ATP the HTF rule decided (ADR 0020); absent for a fixed amount, for a family without ATP and
   * for an efterbetaling's difference (the month's ATP was decided when the month was first paid).
   */
  readonly atp?: AtpContribution | null;
}

/** The month's amount, a refusal naming what is missing, or undefined when the case pays nothing monthly. */
export type LineAmounts = (
  line: CaseMonth,
  month: Temporal.PlainYearMonth,
  what?: WhatIf,
) => Result<LineAmount> | undefined;

/**
 * What a benefit task computes before it is approved: the supplement conditions it assessed ("Vurder
 * tillæg og fradrag"; absent = not met) and registrations it will record on approval (a decided amount).
 */
export interface WhatIf {
  readonly conditions?: HtfConditions | undefined;
  readonly proposed?: readonly Registration[] | undefined;
}

function fixedAmount(line: CaseMonth & { monthly: Oere }, month: Temporal.PlainYearMonth): LineAmount {
  const gross = amountForMonth(line.monthly, line, month);
  return {
    gross,
    explanation: {
      benefit: {
        rule: 'fastsat-beloeb',
        steps: [
          { text: 'Fastsat månedligt beløb', amount: line.monthly },
          {
            text:
              gross === line.monthly
                ? 'Hele måneden er bevilget'
                : `Bevilget en del af måneden: ${formatDanishAmount(line.monthly)} × dage bevilget / dage i måneden`,
            amount: gross,
          },
        ],
      },
    },
  };
}

function ruleAmount(lines: readonly BenefitLine[], atp: AtpContribution | null = null): LineAmount {
  const gross = Math.max(
    0,
    lines.reduce((sum, line) => sum + line.amount, 0),
  );
  return {
    gross,
    explanation: {
      benefit: {
        lines: lines.map((line) => ({
          code: line.code,
          label: line.label,
          amount: line.amount,
          explanation: line.explanation,
        })),
        // The gross's own rates; the ATP's example rows are marked in `atp` (the line's reading joins them).
        usesExampleRate: lines.some((line) => line.explanation.usesExampleRate),
      },
      ...(atp === null ? {} : { atp }),
    },
    atp,
  };
}

/**
 * The HTF supplement conditions of the case's month: its `tillaeg` registration in force on the first day
 * of the month the grant covers (docs/decisions/0017-benefit-tasks.md); none registered: not met.
 */
function conditionsIn(
  registrations: readonly Registration[],
  line: CaseMonth,
  month: Temporal.PlainYearMonth,
): HtfConditions {
  const { first } = monthBounds(month);
  const day = Temporal.PlainDate.compare(line.from, first) > 0 ? line.from : first;
  // Of several in force, the latest start, then the latest recorded (as the rules read any fact).
  const found = inForceOn(registrations, day)
    .filter((r) => r.caseId === line.caseId && r.value.kind === 'tillaeg')
    .toSorted(
      (a, b) =>
        Temporal.PlainDate.compare(a.from, b.from) || Temporal.Instant.compare(a.recordedAt, b.recordedAt),
    )
    .at(-1)?.value;
  return found?.kind === 'tillaeg'
    ? { activityReady: found.activityReady, leisureSupplement: found.leisureSupplement }
    : {};
}

/** The tax card a person's registrations have in force on the day; null when none is registered. */
export function taxCardOn(
  registrations: readonly Registration[],
  on: Temporal.PlainDate,
): { readonly rateBasisPoints: number; readonly monthlyAllowance: Oere } | null {
  const card = registrations
    .filter(
      (r) =>
        r.value.kind === 'skattekort' &&
        Temporal.PlainDate.compare(r.from, on) <= 0 &&
        (r.to === null || Temporal.PlainDate.compare(on, r.to) <= 0),
    )
    .at(-1)?.value;
  return card?.kind === 'skattekort'
    ? { rateBasisPoints: card.rateBasisPoints, monthlyAllowance: card.monthlyAllowance }
    : null;
}

/**

 * A planned line's forecast: the month's gross as known now, without its explanation (the run computes the
 * month again, explained); a refusal naming what is missing, or undefined when the case pays nothing monthly.
 */
export type LineForecast = (line: CaseMonth, month: Temporal.PlainYearMonth) => Result<Oere> | undefined;

/**
 * What the persons' months depend on, loaded once: the amount a line of a case's month pays, the month's
 * whole amount, its forecast, and their tax cards.
 */
export interface MonthInputs {
  /** What a line of the month pays now: the whole month, or the difference when runs computed it before. */
  readonly amount: LineAmounts;
  /** The month's whole amount as known now (what a recalculation compares with what was paid). */
  readonly monthAmount: LineAmounts;
  readonly forecast: LineForecast;
  readonly taxCard: (personId: string, on: Temporal.PlainDate) => ReturnType<typeof taxCardOn>;
  /** The withholding without a tax card on the payout day of the run month (ADR 0020), or `sats-mangler`. */
  readonly noTaxCard: (payday: Temporal.PlainDate, runMonth: Temporal.PlainYearMonth) => Result<NoTaxCard>;
  /** What the person's granted administration (APØ) holds back on the payout day. */
  readonly holdback: (personId: string, payday: Temporal.PlainDate) => Holdback;
}

/**
 * Loads what the persons' months depend on (rates, registrations as known now, and what runs computed for
 * months that have an efterbetaling planned).
 */
export async function loadLineAmounts(tx: Executor, personIds: readonly string[]): Promise<MonthInputs> {
  const [rates, registrations, computedBefore, helpCases, administrations, hoursRuleEffects] =
    await Promise.all([
      loadRateLookup(tx),
      listStandingRegistrations(tx, personIds),
      computedOfLateMonths(tx, personIds),
      listCappingHelpCases(tx, personIds),
      listGrantedAdministrations(tx, personIds),
      listHoursRuleEffects(tx, personIds),
    ]);
  return monthInputs(rates, registrations, computedBefore, helpCases, administrations, hoursRuleEffects);
}

/** A line of a month that runs have computed before pays the difference (never less than 0). */
function difference(whole: LineAmount, before: Oere): LineAmount {
  const gross = Math.max(0, whole.gross - before);
  return {
    gross,
    atp: null,
    explanation: {
      ...whole.explanation,
      genberegning: {
        text:
          whole.gross >= before
            ? 'Efterbetaling: forskellen ved genberegning (genberegnet − tidligere beregnet)'
            : 'Måneden er beregnet højere før end nu: intet at efterbetale; overbetalingen er et forslag til tilbagebetalingskrav',
        genberegnet: whole.gross,
        tidligereBeregnet: before,
        forskel: whole.gross - before,
        amount: gross,
      },
    },
  };
}

/**
 * The calculator over given rates and the persons' registrations; `computedBefore` (by `lateKey`) is what
 * runs computed for a case's month that has an efterbetaling planned; `helpCases` are the persons' granted
 * HTF cases, which cap their særlig støtte until 30 Jun 2025 (docs/decisions/0021-benefit-cap.md);
 * `administrations` their granted APØ cases, whose plans hold back of the payout; `hoursRuleEffects` (by
 * case) the reductions and lapses decisions made under the 225-hour rule (docs/decisions/0025-hours-rule.md).
 */
export function monthInputs(
  rates: RateLookup,
  registrations: ReadonlyMap<string, readonly Registration[]>,
  computedBefore: ReadonlyMap<string, Oere> = new Map(),
  helpCases: ReadonlyMap<string, readonly CaseMonth[]> = new Map(),
  administrations: ReadonlyMap<string, readonly GrantedAdministration[]> = new Map(),
  hoursRuleEffects: ReadonlyMap<string, readonly HoursRuleEffect[]> = new Map(),
): MonthInputs {
  const taxCard = (personId: string, on: Temporal.PlainDate) =>
    taxCardOn(registrations.get(personId) ?? [], on);
  const inputOf = (
    line: CaseMonth,
    month: Temporal.PlainYearMonth,
    what: WhatIf | undefined,
    explain: boolean,
  ): Result<MonthInput> => {
    const cpr = parseCpr(line.cpr);
    if (!cpr.ok) return cpr;
    const own: Registration[] = [
      ...(registrations.get(line.personId) ?? []).filter(
        (r) => r.caseId === null || r.caseId === line.caseId,
      ),
      ...(what?.proposed ?? []),
    ];
    return ok({
      benefit: line.benefit,
      birthDate: cpr.value.birthDate,
      grant: line,
      month,
      registrations: own,
      rates,
      conditions: what?.conditions ?? conditionsIn(own, line, month),
      explain,
    });
  };
  const compute = (
    line: CaseMonth,
    month: Temporal.PlainYearMonth,
    what: WhatIf | undefined,
    explain: boolean,
  ): Result<BenefitLine[]> => {
    const input = inputOf(line, month, what, explain);
    return input.ok ? linesOf(input.value, line) : input;
  };
  /**
   * The month's lines; an HTF month with a decided 225-hour rule effect lowered by it; særlig støtte's with
   * the benefit cap's line when the person has HTF in its period.
   */
  const linesOf = (input: MonthInput, line: CaseMonth): Result<BenefitLine[]> => {
    const computed = computeMonth(input);
    const effects = hoursRuleEffects.get(line.caseId);
    if (computed.ok && effects !== undefined && computed.value.length > 0) {
      const lowered = hoursRuleLine(input, computed.value, effects);
      if (!lowered.ok) return lowered;
      return ok(lowered.value === undefined ? computed.value : [...computed.value, lowered.value]);
    }
    if (!computed.ok || line.benefit !== 'saerlig-stoette' || computed.value.length === 0) return computed;
    const month = input.month;
    const help: (MonthInput & { fixed: Oere | null })[] = [];
    for (const helpCase of helpCases.get(line.personId) ?? []) {
      const helpInput = inputOf(helpCase, month, undefined, false);
      if (!helpInput.ok) return helpInput;
      help.push({ ...helpInput.value, fixed: helpCase.monthly });
    }
    const cap = decideBenefitCap({ support: input, help });
    if (!cap.ok) return cap;
    return ok(cap.value === undefined ? computed.value : [...computed.value, cap.value]);
  };
  const monthAmount: LineAmounts = (line, month, what) => {
    if (line.monthly !== null) return ok(fixedAmount({ ...line, monthly: line.monthly }, month));
    const input = inputOf(line, month, what, true);
    if (!input.ok) return input;
    const computed = linesOf(input.value, line);
    if (!computed.ok) return computed;
    if (computed.value.length === 0) return undefined;
    // ATP of an HTF month, from the month's lines after the set-off; a missing ATP rate refuses the month.
    const atp = decideAtp(input.value, computed.value);
    if (!atp.ok) return atp;
    return ok(ruleAmount(computed.value, atp.value));
  };
  const amount: LineAmounts = (line, month, what) => {
    const whole = monthAmount(line, month, what);
    const before = computedBefore.get(lateKey(line.caseId, month));
    if (before === undefined || whole === undefined || !whole.ok) return whole;
    return ok(difference(whole.value, before));
  };
  const forecast: LineForecast = (line, month) => {
    if (line.monthly !== null) return ok(amountForMonth(line.monthly, line, month));
    const computed = compute(line, month, undefined, false);
    if (!computed.ok) return computed;
    return computed.value.length === 0 ? undefined : ok(ruleAmount(computed.value).gross);
  };
  const noTaxCard = (payday: Temporal.PlainDate, runMonth: Temporal.PlainYearMonth) =>
    noTaxCardOn(rates, payday, runMonth);
  const holdback = (personId: string, payday: Temporal.PlainDate) =>
    holdbackOn(registrations.get(personId) ?? [], administrations.get(personId) ?? [], payday);
  return { amount, monthAmount, forecast, taxCard, noTaxCard, holdback };
}
