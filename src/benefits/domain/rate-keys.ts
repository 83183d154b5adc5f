import { Temporal } from 'temporal-polyfill';

/**
 * The rate keys of the payment composition's rules (docs/decisions/0020-atp-and-tax-without-card.md): the ATP
 * of HTF recipients and the withholding of A-tax without a tax card; and of the benefit cap on særlig støtte
 * (docs/decisions/0021-benefit-cap.md); and of the 225-hour rule's reductions. `requiredRateKeys` lists them with the families' own keys, so the
 * coverage check knows them.
 */

/** The ATP rule's keys (BEK nr. 1600 af 27/12/2019; aktivloven §§ 79-80). */
export const atpKeys = {
  citizen: 'atp.kontanthjaelp.borger',
  municipality: 'atp.kontanthjaelp.kommune',
  minimumSupporter: 'atp.kontanthjaelp.mindstestoerrelse.forsoerger',
  minimumOther: 'atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger',
} as const;

/**
 * The 225-hour rule's reductions (aktivloven § 13 g, stk. 1; docs/decisions/0025-hours-rule.md): for the
 * adult rates and for the lower rates, in force with the rule (1 Apr 2016 - 30 Jun 2025).
 */
export const hoursRuleKeys = {
  adult: 'regel225.nedsaettelse.voksensats',
  lower: 'regel225.nedsaettelse.lavere_sats',
} as const;

/** The percentage withheld, without allowance, when no tax card was received (KSL § 48, stk. 8). */
export const noTaxCardKey = 'skat.indeholdelse.uden_skattekort';

/** The days the cap applies: from its effect on 1 Oct 2016 to the day before the reform. */
export const benefitCapPeriod = {
  from: Temporal.PlainDate.from('2016-10-01'),
  to: Temporal.PlainDate.from('2025-06-30'),
} as const;

export type CapFamily =
  | 'gift.forsoerger'
  | 'gift.1barn'
  | 'gift.2plusboern'
  | 'gift.ikkeforsoerger'
  | 'enlig.1barn'
  | 'enlig.2plusboern'
  | 'enlig.ikkeforsoerger';

/**
 * Every key of the cap (aktivloven § 25 b, stk. 1-3, data/satser/satser.csv): stk. 1 has one amount for
 * married forsørgere whatever the number of children. Hjemrejseydelse's cap is not sourced and not listed.
 */
export const benefitCapKeys: readonly string[] = [
  'kontanthjaelpsloft.stk1.gift.forsoerger',
  'kontanthjaelpsloft.stk1.gift.ikkeforsoerger',
  'kontanthjaelpsloft.stk1.enlig.1barn',
  'kontanthjaelpsloft.stk1.enlig.2plusboern',
  'kontanthjaelpsloft.stk1.enlig.ikkeforsoerger',
  ...(['stk2', 'stk3'] as const).flatMap((stk) =>
    (
      [
        'gift.1barn',
        'gift.2plusboern',
        'gift.ikkeforsoerger',
        'enlig.1barn',
        'enlig.2plusboern',
        'enlig.ikkeforsoerger',
      ] as const
    ).map((family) => `kontanthjaelpsloft.${stk}.${family}`),
  ),
];
