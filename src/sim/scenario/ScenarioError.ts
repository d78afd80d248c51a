/**
 * The error `validateScenario` and `parseScenarioJson` throw: every problem found in a scenario,
 * each naming where it is (a JSON path such as `operators[2].parallelism`) and how to fix it.
 */

/** One problem in a scenario. */
export interface ScenarioIssue {
  /** JSON path of the offending value (`operators[2].parallelism`, `(root)`), or `line 3, column 5` for JSON syntax errors. */
  path: string;
  /** What is wrong and how to fix it, e.g. `must be 1..maxParallelism (128), got 0`. */
  message: string;
}

/** A scenario that cannot run; `message` lists the issues, one per line as `path: message`. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  readonly issues: ScenarioIssue[];

  constructor(issues: ScenarioIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    this.issues = issues;
  }
}
