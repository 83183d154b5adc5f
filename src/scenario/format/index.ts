/** Scenario files: parse and validate the format of `scenarios.md` into a typed model. */
export { parseScenario, formatScenarioError } from './parse-scenario.ts';
export * from './model.ts';
