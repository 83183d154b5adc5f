/**
 * ATP for recipients of hjælp til forsørgelse (docs/decisions/0020-atp-and-tax-without-card.md), pure: for a
 * month of an HTF benefit (the rule kinds `htf-gammel` and `htf-ny`) whose benefit after the income set-off
 * reaches the minimum size (mindstestørrelse) for a person who supports children or not, the citizen pays a
 * third of the ATP contribution, deducted in the month's composition before tax, and the municipality two
 * thirds, shown and not deducted (BEK nr. 1600 af 27/12/2019 § 2, stk. 3-4; aktivloven §§ 79-80).
 *
 * - **The monthly benefit** is the month's computed lines after the set-off of income from work (§ 2,
 *   stk. 4: the benefit after the deductions of aktivloven §§ 30-33), never below zero.
 * - **A part month** (the grant covers some of the month's days): the minimum size is reduced in proportion
 *   to the days covered (§ 2, stk. 3: "Beløbsgrænserne nedsættes forholdsmæssigt ved udbetaling af ydelser
 *   for mindre end en måned"), and so are both shares of the contribution (our rule), half up to whole øre.
 * - **Supports children** (forsørger): a registered child under 18 on the first day of the month the grant
 *   covers, as the supplement conditions are read.
 * - **Rates** are dated rows; one missing is refused with `sats-mangler` naming the key, never paid as 0.
 *   After the reform of 1 Jul 2025 the same keys apply; no source gives their amounts, so until the system
 *   owner loads them such a month is refused (the demo has example rows).
 */
import { Temporal } from 'temporal-polyfill';
import {
  formatDanishAmount,
  formatDanishMonth,
  ok,
  proRata,
  type Oere,
  type Result,
} from '../../kernel/index.ts';
import type { Rate } from '../../rates/index.ts';
import { coveredRange, lookUp, usedRate, type BenefitLine, type MonthInput } from './compute-month.ts';
import { exampleRateMarker, type ExplanationStep, type UsedRate } from './explanation.ts';
import { ageOn } from './htf-categories.ts';
import { atpKeys } from './rate-keys.ts';
import { inForceOn } from './registrations.ts';
import { ruleFor } from './rule-registry.ts';

/** The legal basis of the minimum size, as the explanation names it. */
const minimumBasis = 'BEK nr. 1600 af 27/12/2019 § 2, stk. 3';

/** The month's ATP: the citizen's share (deducted), the municipality's (shown), and how they came about. */
export interface AtpContribution {
  /** The month the contribution is for (`2021-05`); a person pays one contribution a month. */
  readonly period: string;
  readonly citizen: Oere;
  readonly municipality: Oere;
  /** In Danish, with the rates' keys and references: the benefit, the minimum size, each share. */
  readonly steps: readonly ExplanationStep[];
  readonly rates: readonly UsedRate[];
  readonly usesExampleRate: boolean;
}

function rateText(rate: Rate): string {
  const marker = rate.sourceKind === 'eksempel' ? ` (${exampleRateMarker})` : '';
  return `${rate.key}, ${rate.reference}) ${formatDanishAmount(rate.amount)} pr. måned${marker}`;
}

/**
 * The month's ATP for the case, from its computed lines; `ok(null)` when the month is not of an HTF
 * benefit or the grant covers none of it; `sats-mangler` naming the first ATP rate missing.
 */
export function decideAtp(input: MonthInput, lines: readonly BenefitLine[]): Result<AtpContribution | null> {
  const covered = coveredRange(input.grant, input.month);
  if (covered === undefined) return ok(null);
  const kind = ruleFor(input.benefit, covered.first).kind;
  if (kind !== 'htf-gammel' && kind !== 'htf-ny') return ok(null);
  const day = covered.first;
  const children = inForceOn(input.registrations, day).filter(
    (r) =>
      r.value.kind === 'barn' &&
      Temporal.PlainDate.compare(r.value.birthDate, day) <= 0 &&
      ageOn(r.value.birthDate, day) < 18,
  );
  const supporter = children.length > 0;
  const minimumKey = supporter ? atpKeys.minimumSupporter : atpKeys.minimumOther;
  const minimum = lookUp(input.rates, minimumKey, day, input.month, 'md');
  if (!minimum.ok) return minimum;
  const citizenRate = lookUp(input.rates, atpKeys.citizen, day, input.month, 'md');
  if (!citizenRate.ok) return citizenRate;
  const municipalityRate = lookUp(input.rates, atpKeys.municipality, day, input.month, 'md');
  if (!municipalityRate.ok) return municipalityRate;

  const days = covered.first.until(covered.last).days + 1;
  const total = input.month.daysInMonth;
  const whole = days === total;
  const share = (amount: Oere) => (whole ? amount : proRata(amount, days, total));
  const shareText = whole ? '' : ` × ${days}/${total} dage`;
  const benefit = Math.max(
    0,
    lines.reduce((sum, line) => sum + line.amount, 0),
  );
  const threshold = share(minimum.value.amount);
  const reached = benefit >= threshold;
  const who = supporter ? 'forsørger' : 'ikke-forsørger';
  const monthText = formatDanishMonth(input.month);
  const steps: ExplanationStep[] = [
    { text: `ATP for ${monthText}: ydelsen efter fradrag`, amount: benefit },
    {
      text: `Mindstestørrelse for ${who} (${rateText(minimum.value)}${shareText} (${minimumBasis})`,
      amount: threshold,
    },
  ];
  const citizen = reached ? share(citizenRate.value.amount) : 0;
  const municipality = reached ? share(municipalityRate.value.amount) : 0;
  if (reached) {
    steps.push(
      {
        text: `ATP-bidrag, borgerens andel 1/3 (${rateText(citizenRate.value)}${shareText}: trækkes i ydelsen før skat`,
        amount: citizen,
      },
      {
        text: `ATP-bidrag, kommunens andel 2/3 (${rateText(municipalityRate.value)}${shareText}: betales af kommunen, trækkes ikke i ydelsen`,
        amount: municipality,
      },
    );
  } else {
    steps.push({
      text: `Ydelsen er under mindstestørrelsen: der betales ikke ATP-bidrag (${minimumBasis})`,
      amount: 0,
    });
  }
  const rates = [minimum.value, citizenRate.value, municipalityRate.value];
  return ok({
    period: input.month.toString(),
    citizen,
    municipality,
    steps,
    rates: rates.map(usedRate),
    usesExampleRate: rates.some((rate) => rate.sourceKind === 'eksempel'),
  });
}
