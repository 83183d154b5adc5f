/** Cases with their grants, standing deductions, and their planned and computed monthly lines. */
export { benefitTaskTypes } from './benefit-tasks.ts';
export {
  addCaseDocument,
  addJournalNote,
  getCaseDocument,
  getCaseJournal,
  type CaseDocumentView,
  type CaseJournal,
  type JournalNoteView,
} from './journal.ts';
export { maxDocumentBytes } from './domain/journal.ts';
export {
  convertHoursRuleData,
  extractCells,
  extractHeader,
  hoursRuleExtract,
  legacyColumns,
  type ExtractRow,
  type LegacyProblem,
} from './hours-rule-conversion.ts';
export { createCase, createDeduction } from './create-case.ts';
export { caseRoutes } from './http/case.routes.ts';
export {
  listPersonCases,
  listPersonDeductions,
  listCaseLines,
  listPersonLines,
  casesDailyRunPart,
  periodDate,
  type CaseRecord,
  type DeductionRecord,
  type LineRecord,
  type LineStatus,
} from './db/case.repository.ts';
export {
  deferLines,
  insertPlannedLines,
  linesDailyRunPart,
  lockPlannedLines,
  readPlannedLines,
  municipalitiesToPay,
  municipalitiesWithPlannedLines,
  payOut,
  planDeductionLine,
  planPaymentLine,
  storeComputedPayments,
  storeSentDeductions,
  type ComputedPaymentLine,
  type PlannedDeductionLine,
  type PlannedPaymentLine,
} from './db/line.repository.ts';
export {
  amountForMonth,
  benefitTypes,
  caseStatuses,
  coversMonth,
  monthsToPlan,
  type MonthToPlan,
  deductionKinds,
  type GrantPeriod,
} from './domain/case.ts';
export type { NewCaseInput, NewDeductionInput } from './domain/decide-new-case.ts';
export type { BenefitType, CaseStatus, DeductionKind } from './domain/case.ts';
export {
  civilStatuses,
  registrationKinds,
  hoursRuleExemptions,
  type HoursRuleExemption,
  type CivilStatus,
  type Registration,
  type RegistrationKind,
  type RegistrationValue,
} from './domain/registration.ts';
export {
  changeGrant,
  endGrant,
  grantCase,
  listCasesWithGrants,
  rejectCase,
  type GrantOutcome,
} from './grants.ts';
export type { Versioned } from './case-lock.ts';
export {
  addRegistration,
  correctRegistration,
  endRegistration,
  listRegistrations,
  parseKnownAt,
  type RegistrationView,
} from './registrations.ts';
export type { CaseView, GrantView } from './case-view.ts';
export type { RegistrationInput } from './domain/decide-registration.ts';
export type { EndGrantInput, GrantInput } from './domain/grant.ts';
export { benefitFamilies, familyOf, isTaxable, type BenefitFamily } from './domain/lifecycle.ts';
export { listStandingRegistrations } from './db/registration.repository.ts';
export {
  loadLineAmounts,
  taxCardOn,
  type CaseMonth,
  type LineAmount,
  type LineAmounts,
  type LineForecast,
  type MonthInputs,
} from './line-amounts.ts';
export { findAffectedCases } from './rate-impact.ts';
export { getCaseDetails, parseKnownAtText, type CaseDetails } from './get-case-details.ts';
export { casePages } from './web/case.pages.ts';
export {
  casePath,
  documentPath,
  letterPath,
  personPath,
  startTaskPath,
  statementPath,
} from './web/case-page.ts';
export { caseFormPages } from './web/case-forms.pages.ts';
export {
  correctRegistrationPath,
  endRegistrationPath,
  newCasePath,
  newDeductionPath,
  newRegistrationPath,
} from './web/form-paths.ts';
export {
  benefitLabels,
  caseStatusLabels,
  familyLabels,
  lineStatusLabels,
  registrationKindLabels,
} from './web/labels.ts';
export { benefitTaskKey } from './domain/benefit-tasks.ts';
export {
  approveRecalculation,
  previewRecalculation,
  type RecalculationOutcome,
  type RecalculationView,
} from './recalculate.ts';
export {
  answerHearing,
  decideRepaymentClaims,
  decideSanctionOnCase,
  startHearing,
  type ClaimDecisionView,
  type SanctionDecisionView,
  type HearingView,
} from './decisions.ts';
export { adverseEffectLabels, adverseEffects, type AdverseEffect } from './domain/decision.ts';
export {
  listPersonSanctions,
  listWaitingSanctions,
  settleSanctions,
  type SanctionRecord,
  type WaitingSanction,
} from './db/sanction.repository.ts';
export { sanctionKindLabels, sanctionKinds, type SanctionKind } from './domain/sanction.ts';
export { sanctionTexts } from './web/labels.ts';
export { deliverLetters, fileDrop, renderLetter, type LetterChannel } from './letters.ts';
export { getLetter, letterPdf, type LetterView } from './letter-view.ts';
export { closeExpiredCases } from './close-expired-cases.ts';
export {
  listPersonJournal,
  listPersonLetters,
  type PersonJournalEntry,
  type PersonLetter,
} from './db/person-papers.repository.ts';
