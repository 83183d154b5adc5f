/** Scenario files: parse and validate the format of docs/scenarios.md into a typed model. */
export { parseScenario, formatScenarioError } from './parse-scenario.ts';
export * from './model.ts';
