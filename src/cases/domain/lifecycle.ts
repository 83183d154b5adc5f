/**
 * A case's life (domain §4): `under-oplysning` → `bevilget` → `afsluttet`, or `afvist` from
 * `under-oplysning`. A closed case (`afsluttet`, `afvist`) takes no further grant or change. Each benefit
 * belongs to a family: the HTF benefits (kontanthjælp, and until 30 Jun 2025 uddannelseshjælp and
 * hjemrejseydelse) are one family, every other benefit is its own.
 */
import { fail, ok, type Result } from '../../kernel/index.ts';
import type { BenefitType, CaseStatus } from './case.ts';

export const benefitFamilies = [
  'htf',
  'saerlig-stoette',
  'administration',
  'enkeltydelse',
  'anden-ydelse',
  'personligt-tillaeg',
  'helbredstillaeg',
] as const;
export type BenefitFamily = (typeof benefitFamilies)[number];

/** The family a benefit belongs to. */
export function familyOf(benefit: BenefitType): BenefitFamily {
  return benefit === 'kontanthjaelp' || benefit === 'uddannelseshjaelp' || benefit === 'hjemrejseydelse'
    ? 'htf'
    : benefit;
}

/**
 * The needs-based families, whose monthly amount the caseworker decides (a `bevilget-beloeb`
 * registration): SÆS, EY, AY and the municipal pension supplements.
 */
export const needsBasedFamilies: readonly BenefitFamily[] = [
  'saerlig-stoette',
  'enkeltydelse',
  'anden-ydelse',
  'personligt-tillaeg',
  'helbredstillaeg',
];

export function isNeedsBased(benefit: BenefitType): boolean {
  return needsBasedFamilies.includes(familyOf(benefit));
}

/** What a caseworker does to a case's status. */
/**
 * The benefits paid free of tax, so the monthly run withholds no A-tax of them, with a tax card or without:
 * - personligt tillæg ("Et personligt tillæg er skattefrit", Styrelsen for Arbejdsmarked og Rekruttering,
 *   star.dk, Ydelser › Pension › Tillæg til pension › Personligt tillæg);
 * - særlig støtte ("Støtten ydes som et skattefrit beløb", bekendtgørelse om særlig støtte efter § 34 i lov
 *   om aktiv socialpolitik § 5, stk. 1, BEK nr. 1975 af 11/12/2020, elov.dk).
 * Others are taxable until a source says otherwise (helbredstillæg and most enkeltydelser are believed
 * tax-free; not sourced here yet).
 */
export const taxFreeBenefits: ReadonlySet<BenefitType> = new Set<BenefitType>([
  'personligt-tillaeg',
  'saerlig-stoette',
]);

/** Whether A-tax is withheld of the benefit. */
export function isTaxable(benefit: BenefitType): boolean {
  return !taxFreeBenefits.has(benefit);
}

export type CaseTransition = 'bevil' | 'aendr' | 'afslut' | 'afvis';

const statusText: Readonly<Record<CaseStatus, string>> = {
  'under-oplysning': 'under oplysning',
  bevilget: 'bevilget',
  afsluttet: 'afsluttet',
  afvist: 'afvist',
};

/**
 * The status after the transition, or the refusal: a closed case is `sagen-er-lukket`; a grant can only be
 * changed or ended on a granted case and a case only rejected while under investigation
 * (`ugyldig-sagsstatus`).
 */
export function transition(status: CaseStatus, action: CaseTransition): Result<CaseStatus> {
  if (status === 'afsluttet' || status === 'afvist') {
    return fail('sagen-er-lukket', `Sagen er ${statusText[status]} og kan ikke ændres`);
  }
  switch (action) {
    case 'bevil':
      return ok('bevilget');
    case 'aendr':
    case 'afslut':
      return status === 'bevilget'
        ? ok(action === 'afslut' ? 'afsluttet' : 'bevilget')
        : fail('ugyldig-sagsstatus', `Sagen er ${statusText[status]}: der er ingen bevilling at ændre`);
    case 'afvis':
      return status === 'under-oplysning'
        ? ok('afvist')
        : fail('ugyldig-sagsstatus', 'Kun en sag under oplysning kan afvises; en bevilget sag afsluttes');
  }
}
