/** Rates (satser): dated amounts with their legal reference and source. */
export { readCsv, type CsvRecord } from './domain/csv.ts';
export {
  exampleRateMarker,
  rateSourceKinds,
  rateUnits,
  type Rate,
  type RateLookup,
  type RateSourceKind,
  type RateUnit,
} from './domain/rate.ts';
export {
  parseRateFile,
  parseRates,
  problemText,
  rateColumns,
  rateKeyProblem,
  type RateFileProblem,
  type RateRow,
} from './domain/parse-rates.ts';
export { rateTable } from './domain/rate-table.ts';
export {
  checkCoverage,
  type CoverageProblem,
  type CoverageRequirement,
  type DayRange,
} from './domain/coverage.ts';
export type { AddedRate, ImportPlan, StoredRate } from './domain/plan-import.ts';
export {
  importRates,
  previewRates,
  type AffectedCase,
  type AffectedCasesFinder,
  type ImportOptions,
  type ImportOutcome,
  type RatePreview,
} from './import-rates.ts';
export { listRates, loadRateLookup } from './load-rate-lookup.ts';
export { isDemoInstallation, markDemoInstallation } from './db/rates.repository.ts';
export { rateJson, type RateJson } from './domain/rate-json.ts';
export { rateRoutes } from './http/rates.routes.ts';
export { ratePages } from './web/rates.pages.ts';
