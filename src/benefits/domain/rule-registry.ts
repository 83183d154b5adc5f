/**
 * The benefit rules by date (docs/decisions/0013-benefit-rules-as-dated-code.md): each family has rule
 * versions with a validity period, one after the other with no gap and no overlap, the first open at its
 * start and the last open at its end, so `ruleFor` finds exactly one version for any day. A version is a
 * kind of computation (src/benefits/domain/compute-month.ts) and where it comes from; amounts are never
 * here but in the rates.
 */
import { Temporal } from 'temporal-polyfill';
import type { BenefitType } from '../../cases/index.ts';

/**
 * - `htf-gammel`: kontanthjælp, uddannelseshjælp or hjemrejseydelse by the rate categories of aktivloven
 *   §§ 22-25 in their wording before 1 Jul 2025.
 * - `htf-ny`: the one kontanthjælp of the reform from 1 Jul 2025 (aktivloven §§ 16-20): a rate and its
 *   supplements.
 * - `ophaevet`: the benefit no longer exists; computing a day of it is refused.
 * - `behovsbestemt`: the caseworker's decided monthly amount (`bevilget-beloeb`) with its reasons.
 * - `administration`: pays nothing itself (APØ holds back from the other benefits).
 */
export const ruleKinds = ['htf-gammel', 'htf-ny', 'ophaevet', 'behovsbestemt', 'administration'] as const;
export type RuleKind = (typeof ruleKinds)[number];

export interface RuleVersion {
  readonly benefit: BenefitType;
  /** The rule and its version as an explanation names it (`kontanthjaelp@2025-07-01`). */
  readonly id: string;
  readonly kind: RuleKind;
  /** Both days inclusive; null is open (since always, until further notice). */
  readonly from: Temporal.PlainDate | null;
  readonly to: Temporal.PlainDate | null;
  /** The legal basis in Danish, as an explanation shows it. */
  readonly reference: string;
}

/** The first day of the kontanthjælp reform (L 1 2024-25, LBK nr. 1004 af 30/06/2025). */
export const reformDate = Temporal.PlainDate.from('2025-07-01');
const lastOldDay = reformDate.subtract({ days: 1 });

const oldWording = 'lov om aktiv socialpolitik §§ 22-25 (ordlyd før 1. juli 2025)';
const newWording = 'lov om aktiv socialpolitik §§ 16-20 (kontanthjælpsreformen, LBK nr. 1004 af 30/06/2025)';

function needsBased(benefit: BenefitType, reference: string): RuleVersion {
  return { benefit, id: `${benefit}@behovsbestemt`, kind: 'behovsbestemt', from: null, to: null, reference };
}

/** Every rule version of every family, in order of family and date. */
export const ruleVersions: readonly RuleVersion[] = [
  {
    benefit: 'kontanthjaelp',
    id: 'kontanthjaelp@til-2025-06-30',
    kind: 'htf-gammel',
    from: null,
    to: lastOldDay,
    reference: `${oldWording}, § 25`,
  },
  {
    benefit: 'kontanthjaelp',
    id: 'kontanthjaelp@2025-07-01',
    kind: 'htf-ny',
    from: reformDate,
    to: null,
    reference: newWording,
  },
  {
    benefit: 'uddannelseshjaelp',
    id: 'uddannelseshjaelp@til-2025-06-30',
    kind: 'htf-gammel',
    from: null,
    to: lastOldDay,
    reference: `${oldWording}, §§ 23-24`,
  },
  {
    benefit: 'uddannelseshjaelp',
    id: 'uddannelseshjaelp@ophaevet-2025-07-01',
    kind: 'ophaevet',
    from: reformDate,
    to: null,
    reference: newWording,
  },
  {
    benefit: 'hjemrejseydelse',
    id: 'hjemrejseydelse@til-2025-06-30',
    kind: 'htf-gammel',
    from: null,
    to: lastOldDay,
    reference: `${oldWording}, § 22`,
  },
  {
    benefit: 'hjemrejseydelse',
    id: 'hjemrejseydelse@ophaevet-2025-07-01',
    kind: 'ophaevet',
    from: reformDate,
    to: null,
    reference: newWording,
  },
  needsBased('saerlig-stoette', 'særlig støtte efter bevilling (lov om aktiv socialpolitik § 34)'),
  needsBased('enkeltydelse', 'enkeltydelse efter bevilling (lov om aktiv socialpolitik §§ 81-85)'),
  needsBased('anden-ydelse', 'anden ydelse efter bevilling'),
  needsBased('personligt-tillaeg', 'personligt tillæg efter bevilling (lov om social pension § 14)'),
  needsBased('helbredstillaeg', 'helbredstillæg efter bevilling (lov om social pension § 14 a)'),
  {
    benefit: 'administration',
    id: 'administration@udbetaler-intet',
    kind: 'administration',
    from: null,
    to: null,
    reference: 'administration af borgerens økonomi (APØ) udbetaler ikke selv et beløb',
  },
];

/** Whether the version is in force on the date. */
export function isInForce(version: RuleVersion, date: Temporal.PlainDate): boolean {
  return (
    (version.from === null || Temporal.PlainDate.compare(version.from, date) <= 0) &&
    (version.to === null || Temporal.PlainDate.compare(version.to, date) >= 0)
  );
}

/** The family's versions in date order. */
export function versionsOf(benefit: BenefitType): RuleVersion[] {
  return ruleVersions.filter((version) => version.benefit === benefit);
}

/**
 * The version of the family's rule in force on the date. The registry covers every day of every family
 * (a test checks it), so a missing version is a bug and is thrown.
 */
export function ruleFor(benefit: BenefitType, date: Temporal.PlainDate): RuleVersion {
  const version = ruleVersions.find(
    (candidate) => candidate.benefit === benefit && isInForce(candidate, date),
  );
  if (version === undefined) throw new Error(`No rule version of ${benefit} on ${date.toString()}`);
  return version;
}
