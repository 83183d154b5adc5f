/** The runner's report: one line per scenario and the closing `N passed, N failed`, or JSON. */
import type { ScenarioOutcome } from './outcome.ts';

/** The human-readable report, line by line. */
export function textReport(outcomes: readonly ScenarioOutcome[]): string[] {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const title = outcome.title ?? '(ugyldig fil)';
    if (outcome.passed) {
      lines.push(`ok    ${title}  [${outcome.file}]`);
      continue;
    }
    const failure = outcome.failure;
    lines.push(`FAIL  ${title}  [${outcome.file}${failure === undefined ? '' : `:${failure.line}`}]`);
    for (const error of outcome.formatErrors ?? []) lines.push(`      ${error}`);
    if (failure !== undefined) {
      lines.push(`      ${failure.what}: ${failure.message}`);
      if (failure.expected !== undefined) lines.push(`      forventet: ${failure.expected}`);
      if (failure.actual !== undefined) lines.push(`      faktisk:   ${failure.actual}`);
    }
  }
  const passed = outcomes.filter((o) => o.passed).length;
  lines.push(`${passed} passed, ${outcomes.length - passed} failed`);
  return lines;
}

/** The machine-readable report. */
export function jsonReport(outcomes: readonly ScenarioOutcome[]): string {
  const passed = outcomes.filter((o) => o.passed).length;
  return JSON.stringify({ passed, failed: outcomes.length - passed, scenarios: outcomes }, null, 2);
}
