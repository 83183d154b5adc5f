/** Benefits (ydelser): the rules that compute each family's monthly amount, and their explanations. */
export type { Explanation, ExplanationStep, UsedRate, UsedRegistration } from './domain/explanation.ts';
export {
  explanationTextLines,
  instantText,
  readLineExplanation,
  ruleText,
  type ExplainedAmount,
  type ExplainedPart,
  type LineExplanation,
} from './domain/line-explanation.ts';
export {
  isInForce,
  reformDate,
  ruleFor,
  ruleKinds,
  ruleVersions,
  versionsOf,
  type RuleKind,
  type RuleVersion,
} from './domain/rule-registry.ts';
export {
  computeMonth,
  monthSegments,
  requiredRateKeys,
  type BenefitLine,
  type MonthInput,
  type Segment,
  type SegmentPart,
} from './domain/compute-month.ts';
export {
  checkRuleCoverage,
  monthsBetween,
  rateRequirements,
  ruleFamilies,
  type RuleCoverageProblem,
} from './domain/coverage.ts';
export { hourlyDisregardKey, type HtfConditions } from './domain/htf-categories.ts';
export { exemptionLabels, inForceOn, knownAt, latest, summarize } from './domain/registrations.ts';
export { decideAtp, type AtpContribution } from './domain/atp.ts';
export { decideBenefitCap, type BenefitCapInput } from './domain/benefit-cap.ts';
export { noTaxCardOn, type NoTaxCard } from './domain/no-tax-card.ts';
export {
  assessMonth,
  checkHoursRegistration,
  firstConsequence,
  hoursHistory,
  hoursRegistrationMonths,
  hoursRulePeriod,
  hoursWindow,
  regainedFrom,
  requiredHours,
  suspensions,
  type HoursAssessment,
  type HoursHistory,
  type HoursRuleConsequence,
} from './domain/hours-rule.ts';
export {
  compareLegacy,
  extractReasonLabels,
  extractReasons,
  type ExtractReason,
  type LegacyComparison,
  type LegacyHoursRule,
} from './domain/hours-rule-extract.ts';
export {
  effectInMonth,
  hoursRuleLine,
  hoursRuleLineCode,
  reductionKey,
  type HoursRuleEffect,
} from './domain/hours-rule-line.ts';
export { atpKeys, hoursRuleKeys, noTaxCardKey } from './domain/rate-keys.ts';
