/**
 * A decided 225-hour rule effect in a month, pure (docs/decisions/0025-hours-rule.md): the line that lowers
 * an HTF month from a decision's date (the nedsættelses- or bortfaldsdato, always a 1st) until full help
 * comes back (225 hours, all after that date) or the rule ends (30 Jun 2025). Only an effect recorded with
 * its decision exists, so nothing is lowered without one.
 *
 * - nedsættelse (§ 13 g, stk. 1): by the indexed amount for the help's rate category, per month, for the
 *   days the grant covers; none at SU-level uddannelseshjælp; a year without a sourced amount lowers by 0
 *   and says so (never a guessed amount).
 * - bortfald (§ 13 f, stk. 1-2, § 26): the spouse's help lapses: the line takes what is left of the month.
 */
import { Temporal } from 'temporal-polyfill';
import {
  daysInMonth,
  formatDanishAmount,
  formatDanishDate,
  ok,
  proRata,
  type Oere,
  type Result,
} from '../../kernel/index.ts';
import {
  coveredRange,
  htfFacts,
  lookUp,
  usedRate,
  type BenefitLine,
  type MonthInput,
} from './compute-month.ts';
import type { ExplanationStep, UsedRate } from './explanation.ts';
import { oldSystemComponents } from './htf-categories.ts';
import { hoursRulePeriod, hoursHistory, regainedFrom } from './hours-rule.ts';
import { hoursRuleKeys } from './rate-keys.ts';

/** A decided effect of the rule on a case. */
export interface HoursRuleEffect {
  readonly id: string;
  readonly caseId: string;
  readonly decision: string;
  readonly consequence: 'nedsaettelse' | 'bortfald';
  /** The nedsættelses- or bortfaldsdato: the 1st of a month. */
  readonly from: Temporal.PlainDate;
  readonly decidedOn: Temporal.PlainDate;
}

export const hoursRuleLineCode = 'timeregel';
export const hoursRuleRule = '225-timersreglen@2016-04-01';

/**
 * The reduction's rate key for the help's category (§ 13 g, stk. 1): the adult rates for forsørgere or
 * others (`over30.*` of kontanthjælp) take the higher amount; SU-level uddannelseshjælp (the categories
 * without children, § 23, stk. 2, nr. 1, 2 and 6-9) none; every other, lower category the lower amount.
 */
export function reductionKey(grundydelseKey: string): { key: string | null; text: string } {
  if (/^kontanthjaelp\.over30\./.test(grundydelseKey)) {
    return { key: hoursRuleKeys.adult, text: 'voksensats (aktivloven § 13 g, stk. 1, nr. 1)' };
  }
  if (/^uddannelseshjaelp\.(u25|25_29)\./.test(grundydelseKey)) {
    return {
      key: null,
      text: 'uddannelseshjælp på SU-niveau: nedsættes ikke (aktivloven § 13 g, stk. 1, nr. 2)',
    };
  }
  return { key: hoursRuleKeys.lower, text: 'lavere sats (aktivloven § 13 g, stk. 1, nr. 2)' };
}

/** The effect in force in the month: decided from a 1st not after it, not regained, within the rule. */
export function effectInMonth(
  input: Pick<MonthInput, 'registrations' | 'month'>,
  effects: readonly HoursRuleEffect[],
): HoursRuleEffect | undefined {
  const month = input.month;
  if (Temporal.PlainYearMonth.compare(month, hoursRulePeriod.to.toPlainYearMonth()) > 0) return undefined;
  const history = hoursHistory(input.registrations, [], month.toPlainDate({ day: 1 }));
  const candidates = effects
    .filter((effect) => Temporal.PlainYearMonth.compare(effect.from.toPlainYearMonth(), month) <= 0)
    .toSorted((a, b) => Temporal.PlainDate.compare(a.from, b.from));
  const effect = candidates.at(-1);
  if (effect === undefined) return undefined;
  return regainedFrom(history.hours, effect.from.toPlainYearMonth(), month) === null ? effect : undefined;
}

/**
 * The month's 225-hour rule line, or undefined when no decided effect is in force. `lines` are the month's
 * lines so far (after the set-off of income); the line never takes more than is left.
 */
export function hoursRuleLine(
  input: MonthInput,
  lines: readonly BenefitLine[],
  effects: readonly HoursRuleEffect[],
): Result<BenefitLine | undefined> {
  const effect = effectInMonth(input, effects);
  const covered = coveredRange(input.grant, input.month);
  if (effect === undefined || covered === undefined) return ok(undefined);
  const left = Math.max(
    0,
    lines.reduce((sum, line) => sum + line.amount, 0),
  );
  const explain = input.explain !== false;
  const decided = `Afgørelse efter 225-timersreglen truffet ${formatDanishDate(effect.decidedOn)} med virkning fra ${formatDanishDate(effect.from)}`;
  const line = (amount: Oere, steps: ExplanationStep[], rates: UsedRate[]): BenefitLine => ({
    code: hoursRuleLineCode,
    label:
      effect.consequence === 'bortfald'
        ? 'Bortfald efter 225-timersreglen'
        : 'Nedsættelse efter 225-timersreglen',
    amount: amount === 0 ? 0 : -amount,
    explanation: {
      rule: hoursRuleRule,
      from: covered.first.toString(),
      to: covered.last.toString(),
      registrations: [],
      rates,
      steps: explain ? steps : [],
      usesExampleRate: rates.some((rate) => rate.sourceKind === 'eksempel'),
    },
  });
  if (effect.consequence === 'bortfald') {
    return ok(
      line(
        left,
        [
          { text: `${decided}: hjælpen til ægtefællen bortfalder (aktivloven § 13 f og § 26)`, amount: 0 },
          { text: 'Hjælpen i måneden, der bortfalder', amount: -left },
        ],
        [],
      ),
    );
  }
  const facts = htfFacts(input, covered.first);
  const components = oldSystemComponents(input.benefit, facts.facts, input.birthDate, input.conditions);
  if (!components.ok) return components;
  const grundydelse = components.value.find((component) => component.code === 'grundydelse');
  const category = reductionKey(grundydelse?.key ?? '');
  if (category.key === null) {
    return ok(line(0, [{ text: `${decided}; ${category.text}`, amount: 0 }], []));
  }
  const rate = lookUp(input.rates, category.key, covered.first, input.month, 'md');
  if (!rate.ok) {
    return ok(
      line(
        0,
        [
          {
            text: `${decided}; satsen ${category.key} for ${String(input.month.year)} mangler en kilde, så hjælpen nedsættes ikke`,
            amount: 0,
          },
        ],
        [],
      ),
    );
  }
  const days = covered.first.until(covered.last).days + 1;
  const total = daysInMonth(input.month.year, input.month.month);
  const monthly = proRata(rate.value.amount, days, total);
  const amount = Math.min(monthly, left);
  return ok(
    line(
      amount,
      [
        { text: `${decided}; ${category.text}`, amount: 0 },
        {
          text: `${rate.value.description} (${rate.value.key}, ${rate.value.reference}) ${formatDanishAmount(rate.value.amount)} pr. måned${days === total ? '' : ` × ${String(days)}/${String(total)} dage`}`,
          amount: monthly,
        },
        { text: 'Hjælp tilbage før nedsættelsen', amount: left },
        { text: 'Nedsat, højst hjælpen tilbage', amount: -amount },
      ],
      [usedRate(rate.value)],
    ),
  );
}
