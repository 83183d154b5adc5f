/**
 * The benefit cap (kontanthjælpsloftet, aktivloven § 25 b, in force 1 Oct 2016 to 30 Jun 2025, abolished by
 * the reform), pure. For a person on HTF it caps the help after income set-off plus særlig støtte (§ 34) plus
 * the person's share of the household's boligstøtte: the cap never reduces the help itself; særlig støtte is
 * reduced first, then boligstøtte (by Udbetaling Danmark, which the municipality tells the cap). Sources:
 * elov.dk/aktivloven/25b (stk. 1-3), borger.dk "Boligstøtte – særligt for dig, der modtager kontanthjælp"
 * (særlig støtte first, then boligstøtte), behandlosordentligt.dk (the household's boligstøtte shared by its
 * adults). Decisions where they are silent: docs/decisions/0021-benefit-cap.md.
 */
import { Temporal } from 'temporal-polyfill';
import type { BenefitType, Registration } from '../../cases/index.ts';
import { daysInMonth, formatDanishAmount, ok, proRata, type Oere, type Result } from '../../kernel/index.ts';
import {
  computeMonth,
  coveredRange,
  htfFacts,
  lookUp,
  usedRate,
  type BenefitLine,
  type MonthInput,
} from './compute-month.ts';
import { benefitCapPeriod, type CapFamily } from './rate-keys.ts';
import { exampleRateMarker, type ExplanationStep } from './explanation.ts';
import type { HtfFacts } from './htf-categories.ts';
import { formatDanishDate, inForceOn, latest, usedRegistration } from './registrations.ts';

/** The rule version an explanation names. */
export const benefitCapRule = 'kontanthjaelpsloft@2016-10-01';

/** The line that reduces særlig støtte; its amount is 0 or negative. */
export const benefitCapCode = 'kontanthjaelpsloft';

const stkText = {
  stk1: 'hjælp svarende til § 25, stk. 2 (fyldt 30 år)',
  stk2: 'kontanthjælp under 30 år (§ 25, stk. 3)',
  stk3: 'uddannelseshjælp (§§ 23-24)',
} as const;

/**
 * The cap's key for the person's help on a day: stk. 1 for kontanthjælp from 30 (the § 25, stk. 2 amounts),
 * stk. 2 for kontanthjælp under 30, stk. 3 for uddannelseshjælp; then married or cohabiting, and the children
 * supported (none, 1, 2 or more). Hjemrejseydelse's cap is not sourced: its key names it and is never found.
 */
export function capKey(benefit: BenefitType, facts: HtfFacts): { key: string; text: string } {
  const couple = facts.civilStatus !== 'enlig';
  const children = facts.children === 0 ? 'ikkeforsoerger' : facts.children === 1 ? '1barn' : '2plusboern';
  const family: CapFamily =
    couple && benefit === 'kontanthjaelp' && facts.age >= 30
      ? facts.children === 0
        ? 'gift.ikkeforsoerger'
        : 'gift.forsoerger'
      : `${couple ? 'gift' : 'enlig'}.${children}`;
  const familyText = `${couple ? 'gift/samlevende' : 'enlig'}, ${facts.children === 0 ? 'ikke forsørger' : facts.children === 1 ? 'forsørger, 1 barn' : 'forsørger, 2 eller flere børn'}`;
  if (benefit === 'hjemrejseydelse') {
    return { key: `kontanthjaelpsloft.hjemrejseydelse.${family}`, text: `hjemrejseydelse, ${familyText}` };
  }
  const stk = benefit === 'uddannelseshjaelp' ? 'stk3' : facts.age >= 30 ? 'stk1' : 'stk2';
  return { key: `kontanthjaelpsloft.${stk}.${family}`, text: `${stkText[stk]}, ${familyText}` };
}

interface Range {
  readonly first: Temporal.PlainDate;
  readonly last: Temporal.PlainDate;
}

function clip(range: Range | undefined, to: Range): Range | undefined {
  if (range === undefined) return undefined;
  const first = Temporal.PlainDate.compare(range.first, to.first) > 0 ? range.first : to.first;
  const last = Temporal.PlainDate.compare(range.last, to.last) < 0 ? range.last : to.last;
  return Temporal.PlainDate.compare(first, last) <= 0 ? { first, last } : undefined;
}

const sum = (lines: readonly BenefitLine[]): Oere => lines.reduce((total, line) => total + line.amount, 0);

export interface BenefitCapInput {
  /** The særlig støtte case's month (its grant, its decided amounts, the person's registrations, the rates). */
  readonly support: MonthInput;
  /**
   * The person's granted HTF cases' months (their grants and registrations; same month and rates); `fixed`
   * is a case's fixed monthly amount (registered or converted with one), paid pro rata instead of the rule.
   */
  readonly help: readonly (MonthInput & { readonly fixed?: Oere | null })[];
}

/**
 * The benefit cap's line on a month of særlig støtte, or undefined when the cap does not apply (no HTF on a
 * day of the month within the cap's period, or no særlig støtte on those days). The cap, the help, the
 * særlig støtte and the boligstøtte share all count the same days: those from the first to the last day of
 * the month the person has HTF, within the cap's period. The cap key's facts are those of the first such
 * day. A missing cap rate refuses the month (`sats-mangler`).
 */
export function decideBenefitCap(input: BenefitCapInput): Result<BenefitLine | undefined> {
  const { support } = input;
  const month = support.month;
  const period = { first: benefitCapPeriod.from, last: benefitCapPeriod.to };
  let days: Range | undefined;
  let help = 0;
  let first: { input: MonthInput; day: Temporal.PlainDate } | undefined;
  for (const helpInput of input.help) {
    const covered = clip(coveredRange(helpInput.grant, month), period);
    if (covered === undefined) continue;
    if (helpInput.fixed === undefined || helpInput.fixed === null) {
      const lines = computeMonth({
        ...helpInput,
        grant: { from: covered.first, to: covered.last },
        explain: false,
      });
      if (!lines.ok) return lines;
      help += Math.max(0, sum(lines.value));
    } else {
      const covering = covered.first.until(covered.last).days + 1;
      help += proRata(helpInput.fixed, covering, daysInMonth(month.year, month.month));
    }
    if (first === undefined || Temporal.PlainDate.compare(covered.first, first.day) < 0) {
      first = { input: helpInput, day: covered.first };
    }
    days =
      days === undefined
        ? covered
        : {
            first: Temporal.PlainDate.compare(covered.first, days.first) < 0 ? covered.first : days.first,
            last: Temporal.PlainDate.compare(covered.last, days.last) > 0 ? covered.last : days.last,
          };
  }
  if (days === undefined || first === undefined) return ok(undefined);
  const supportDays = clip(coveredRange(support.grant, month), days);
  if (supportDays === undefined) return ok(undefined);
  const supportLines = computeMonth({
    ...support,
    grant: { from: supportDays.first, to: supportDays.last },
    explain: false,
  });
  if (!supportLines.ok) return supportLines;
  const supportAmount = Math.max(0, sum(supportLines.value));

  const facts = htfFacts(first.input, first.day);
  const placement = capKey(first.input.benefit, facts.facts);
  const rate = lookUp(support.rates, placement.key, first.day, month, 'md');
  if (!rate.ok) return rate;
  const count = days.first.until(days.last).days + 1;
  const total = daysInMonth(month.year, month.month);
  const share = (amount: Oere) => proRata(amount, count, total);
  const cap = share(rate.value.amount);

  const housingRegistration = latest(
    inForceOn(support.registrations, first.day).filter(
      (registration) => registration.value.kind === 'boligstoette',
    ),
  );
  const housingValue =
    housingRegistration?.value.kind === 'boligstoette' ? housingRegistration.value : undefined;
  const housing =
    housingValue === undefined ? 0 : share(proRata(housingValue.monthly, 1, housingValue.adults));

  const together = help + supportAmount + housing;
  const over = Math.max(0, together - cap);
  const reduced = Math.min(over, supportAmount);
  const housingReduced = Math.min(over - reduced, housing);
  const explain = support.explain !== false;
  const shareText = count === total ? '' : `, × ${String(count)}/${String(total)} dage`;
  const periodText = days.first.equals(days.last)
    ? formatDanishDate(days.first)
    : `${formatDanishDate(days.first)}-${formatDanishDate(days.last)}`;
  const marker = rate.value.sourceKind === 'eksempel' ? ` (${exampleRateMarker})` : '';
  const steps: ExplanationStep[] = !explain
    ? []
    : [
        {
          text: `Kontanthjælpsloft ${periodText} [${facts.text}]: ${placement.text}: ${rate.value.description} (${rate.value.key}, ${rate.value.reference}) ${formatDanishAmount(rate.value.amount)} pr. måned${shareText}${marker}`,
          amount: cap,
        },
        { text: 'Hjælp efter §§ 22-25 efter fradrag for indtægter', amount: help },
        { text: 'Særlig støtte efter § 34 i de samme dage', amount: supportAmount },
        {
          text:
            housingValue === undefined
              ? 'Boligstøtte: ingen registreret'
              : `Boligstøtte: husstandens ${formatDanishAmount(housingValue.monthly)} pr. måned delt mellem ${String(housingValue.adults)} ${housingValue.adults === 1 ? 'voksen' : 'voksne'}${shareText}`,
          amount: housing,
        },
        { text: 'Samlet hjælp', amount: together },
        { text: 'Over loftet (ikke under 0)', amount: over },
        { text: 'Særlig støtte nedsættes først (aktivloven § 25 b)', amount: -reduced },
        {
          text: 'Resten nedsætter Udbetaling Danmark i boligstøtten (udbetales ikke herfra)',
          amount: housingReduced,
        },
      ];
  const used: Registration[] = explain
    ? [...facts.used, ...(housingRegistration === undefined ? [] : [housingRegistration])]
    : [];
  return ok({
    code: benefitCapCode,
    label: 'Nedsættelse efter kontanthjælpsloftet',
    amount: reduced === 0 ? 0 : -reduced,
    explanation: {
      rule: benefitCapRule,
      from: days.first.toString(),
      to: days.last.toString(),
      registrations: used.map(usedRegistration),
      rates: [usedRate(rate.value)],
      steps,
      usesExampleRate: rate.value.sourceKind === 'eksempel',
    },
  });
}
