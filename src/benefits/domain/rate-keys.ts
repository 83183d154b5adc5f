/**
 * The rate keys of the payment composition's rules (docs/decisions/0020-atp-and-tax-without-card.md): the ATP
 * of HTF recipients and the withholding of A-tax without a tax card. `requiredRateKeys` lists them with
 * the families' own keys, so the coverage check knows them.
 */

/** The ATP rule's keys (BEK nr. 1600 af 27/12/2019; aktivloven §§ 79-80). */
export const atpKeys = {
  citizen: 'atp.kontanthjaelp.borger',
  municipality: 'atp.kontanthjaelp.kommune',
  minimumSupporter: 'atp.kontanthjaelp.mindstestoerrelse.forsoerger',
  minimumOther: 'atp.kontanthjaelp.mindstestoerrelse.ikkeforsoerger',
} as const;

/** The percentage withheld, without allowance, when no tax card was received (KSL § 48, stk. 8). */
export const noTaxCardKey = 'skat.indeholdelse.uden_skattekort';
