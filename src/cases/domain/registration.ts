/**
 * Registrations (registreringer): dated facts about a person or a case, each valid from/to and recorded at
 * a time, so a month can be computed as it was known then and as it is known now. A correction never
 * overwrites: it supersedes the row it corrects (`supersededAt`) and adds a new one.
 */
import type { Temporal } from 'temporal-polyfill';
import type { Oere } from '../../kernel/index.ts';

export const registrationKinds = [
  'barn',
  'hjemmeboende',
  'civilstand',
  'arbejdsindtaegt',
  'aegtefaelle-arbejdsindtaegt',
  'boligudgift',
  'boligstoette',
  'skattekort',
  'bevilget-beloeb',
  'tillaeg',
  'apoe-tilbageholdelse',
  'sanktionsvejledning',
  'timeregel-timer',
  'ydelseshistorik',
  'timeregel-undtagelse',
  'timeregel-forlaengelse',
] as const;
export type RegistrationKind = (typeof registrationKinds)[number];

export const civilStatuses = ['enlig', 'gift', 'samlevende'] as const;
export type CivilStatus = (typeof civilStatuses)[number];

/** The value of a registration; person facts have no case, `bevilget-beloeb` belongs to one case. */
/** The kinds that hold one calendar month's income and hours. */
export const monthlyIncomeKinds = ['arbejdsindtaegt', 'aegtefaelle-arbejdsindtaegt'] as const;

export function isMonthlyIncome(kind: RegistrationKind): kind is (typeof monthlyIncomeKinds)[number] {
  return (monthlyIncomeKinds as readonly string[]).includes(kind);
}

export type RegistrationValue =
  /** A child the person supports (forsørger), from moving in or birth to moving out or turning 18. */
  | { readonly kind: 'barn'; readonly birthDate: Temporal.PlainDate }
  /** The person lives with a parent. */
  | { readonly kind: 'hjemmeboende' }
  | { readonly kind: 'civilstand'; readonly status: CivilStatus; readonly spouseOnBenefit: boolean }
  /** Income from work and hours worked in one calendar month (the registration covers that month). */
  | { readonly kind: 'arbejdsindtaegt'; readonly amount: Oere; readonly hours: number }
  /**
   * The spouse's or cohabitant's income from work and hours in one calendar month (aktivloven § 30, stk. 1,
   * and §§ 2 a-b). When the spouse receives help too, the part not already set off in the spouse's own help.
   */
  | { readonly kind: 'aegtefaelle-arbejdsindtaegt'; readonly amount: Oere; readonly hours: number }
  | { readonly kind: 'boligudgift'; readonly monthly: Oere }
  /**
   * The household's boligstøtte (individuel boligstøtte, paid by Udbetaling Danmark) per month and the adults
   * it is shared between: the person's share counts in the benefit cap (aktivloven § 25 b, until 30 Jun 2025).
   */
  | { readonly kind: 'boligstoette'; readonly monthly: Oere; readonly adults: number }
  /** The tax card: withholding rate in hundredths of a percent (3800 = 38 %) and the monthly allowance. */
  | { readonly kind: 'skattekort'; readonly rateBasisPoints: number; readonly monthlyAllowance: Oere }
  /** A needs-based benefit's decided monthly amount and the caseworker's reasons. */
  | { readonly kind: 'bevilget-beloeb'; readonly monthly: Oere; readonly reason: string }
  /**
   * An HTF case's supplement conditions as assessed ("Vurder tillæg og fradrag"): visiteret aktivitetsparat,
   * fritidstillæg; the rule reads them as computeMonth's `conditions`.
   */
  | { readonly kind: 'tillaeg'; readonly activityReady: boolean; readonly leisureSupplement: boolean }
  /**
   * An administration (APØ) case's plan: what the monthly run holds back of the person's payments each
   * month, and what for (the rent to a landlord, an instalment); the municipality pays it on.
   */
  | { readonly kind: 'apoe-tilbageholdelse'; readonly monthly: Oere; readonly purpose: string }
  /**
   * The written guidance on rights and duties regarding availability and sanctions was given on `from`
   * (aktivloven § 35, stk. 1): no sanction of an omission before it.
   */
  | { readonly kind: 'sanktionsvejledning' }
  /**
   * Hours of ordinary, unsubsidised work in one calendar month, as the 225-hour rule counts them (aktivloven
   * § 13 f; the registration covers that month; one per month).
   */
  | { readonly kind: 'timeregel-timer'; readonly hours: number }
  /**
   * Help to self-support (HTF) received outside this system in the period (from another municipality's or
   * the legacy system's benefit history): the 225-hour rule counts its months towards 1 year within 3 years.
   */
  | { readonly kind: 'ydelseshistorik' }
  /** A period the 225-hour rule does not apply to the person, and why ("Forlængelse og undtagelsesperioder"). */
  | { readonly kind: 'timeregel-undtagelse'; readonly exemption: HoursRuleExemption }
  /**
   * A period the 225-hour rule's 12-month window is extended by (aktivloven § 13 f, stk. 12: documented
   * illness, pregnancy, maternity or adoption leave, care of a relative under serviceloven), and why.
   */
  | { readonly kind: 'timeregel-forlaengelse'; readonly ground: string };

/**
 * Why the 225-hour rule does not apply in a period ("Forlængelse og undtagelsesperioder"): work capacity too
 * limited for the ordinary labour market, a rehabilitation plan being prepared, forrevalidering or
 * revalidering (aktivloven § 13 f, stk. 9, and the guidance; docs/decisions/0025-hours-rule.md).
 */
export const hoursRuleExemptions = [
  'begraenset-arbejdsevne',
  'rehabiliteringsplan',
  'forrevalidering',
  'revalidering',
] as const;
export type HoursRuleExemption = (typeof hoursRuleExemptions)[number];

export interface Registration {
  readonly id: string;
  readonly personId: string;
  /** The case a case fact belongs to; null for facts about the person. */
  readonly caseId: string | null;
  /** Both days inclusive; `to` null when open-ended. */
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly value: RegistrationValue;
  readonly recordedAt: Temporal.Instant;
  readonly recordedBy: string;
  /** When a correction replaced this row; null while it stands. */
  readonly supersededAt: Temporal.Instant | null;
}
