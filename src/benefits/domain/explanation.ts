/**
 * How a computed amount came about (issue: every krone explained): the rule version, each registration and
 * rate it used, and each intermediate amount, in Danish. Stored with the line it explains, so the case
 * page, the API and the statement show what was decided then, not what a later rule would say.
 */
import type { Oere } from '../../kernel/index.ts';
import type { RateSourceKind, RateUnit } from '../../rates/index.ts';

/** The Danish marker of an example rate (the same text as `exampleRateMarker` in src/rates/). */
export const exampleRateMarker = 'eksempelsats – ikke officiel';

/** A registration the computation read, as it was recorded. */
export interface UsedRegistration {
  readonly id: string;
  readonly kind: string;
  /** ISO dates; `to` null when open-ended. */
  readonly from: string;
  readonly to: string | null;
  readonly recordedAt: string;
  /** A Danish summary of the value (`2 børn`, `trækprocent 38 %, fradrag 4.500,00 kr.`). */
  readonly summary: string;
}

/** A rate the computation used, with where it comes from. */
export interface UsedRate {
  readonly key: string;
  readonly description: string;
  readonly amount: Oere;
  readonly unit: RateUnit;
  /** ISO dates of the rate row's period. */
  readonly from: string;
  readonly to: string;
  readonly reference: string;
  readonly source: string;
  readonly sourceKind: RateSourceKind;
}

/** One intermediate amount: `Grundsats 16.382,00 kr. × 12/31 dage` = 6.341,42 kr. */
export interface ExplanationStep {
  readonly text: string;
  readonly amount: Oere;
}

export interface Explanation {
  /** The rule and its version (`kontanthjaelp@2025-07-01`). */
  readonly rule: string;
  /** ISO dates of the days this explanation covers. */
  readonly from: string;
  readonly to: string;
  readonly registrations: readonly UsedRegistration[];
  readonly rates: readonly UsedRate[];
  readonly steps: readonly ExplanationStep[];
  /** Whether an `eksempel` rate was used: every page and statement then says `exampleRateMarker`. */
  readonly usesExampleRate: boolean;
}
