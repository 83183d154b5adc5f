/** Scenario files: parsing and validating the format, and running them on fresh databases. */
export {
  collectScenarioFiles,
  runScenarioFile,
  runScenarioFiles,
  type ScenarioServer,
} from './run/run-scenarios.ts';
export { textReport, jsonReport } from './run/report.ts';
export type { ScenarioOutcome, ScenarioFailure } from './run/outcome.ts';
export { parseScenario, formatScenarioError } from './format/index.ts';
