/** What running one scenario file gives: passed, or the first failure with expected and actual. */
export interface ScenarioFailure {
  /** 1-based line of the step, setup item or expectation that failed. */
  readonly line: number;
  /** What failed, e.g. `steps[3].expect.events[1]`. */
  readonly what: string;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface ScenarioOutcome {
  readonly file: string;
  readonly title: string | null;
  readonly passed: boolean;
  /** The first failure; a format error lists every problem in `formatErrors`. */
  readonly failure?: ScenarioFailure;
  readonly formatErrors?: readonly string[];
  readonly durationMs: number;
}

/** Thrown inside a run to stop at the first failure; caught by the runner and never escapes it. */
export class ScenarioFailed extends Error {
  readonly failure: ScenarioFailure;
  constructor(failure: ScenarioFailure) {
    super(failure.message);
    this.failure = failure;
  }
}
