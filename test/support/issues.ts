/** Helpers for tests of scenario validation: the issues a scenario raises, and one asserted issue. */
import { expect } from 'vitest';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { ScenarioError } from '../../src/sim/scenario/ScenarioError.ts';

/** The issues `validateScenario` reports (fails the test when it throws something else or accepts the input). */
export function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    validateScenario(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).issues;
  }
  throw new Error('expected a ScenarioError');
}

/** Asserts exactly one issue at `path` whose message contains every word. */
export function expectIssue(input: unknown, path: string, ...words: string[]): void {
  const issues = issuesOf(input);
  const at = issues.filter((i) => i.path === path);
  expect(at, `no issue at ${path}; got:\n${issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`).toHaveLength(1);
  for (const w of words) expect(at[0]!.message).toContain(w);
}
