/**
 * Opening runs: resolve the scenario of a shared run (inline or a lesson's, by reference), check
 * learner actions against it, and record the original and the forked timelines. Errors are
 * `RunError`s whose message (and `issues`) name what is wrong and how to fix it.
 */
import type { CompiledLesson } from '../lesson/types.ts';
import type { ResolvedScenario } from '../sim/scenario/Scenario.ts';
import type { TimedAction } from '../sim/actions.ts';
import { parseSharedRun, type SharedRun } from '../sim/share.ts';
import { Timeline, validateAction } from '../sim/Timeline.ts';
import { createContext } from '../sim/runtime/SimContext.ts';
import { validateScenario } from '../sim/scenario/validate.ts';
import { ScenarioError } from '../sim/scenario/ScenarioError.ts';

export class RunError extends Error {
  readonly issues: string[];
  constructor(message: string, issues: string[] = []) {
    super(message);
    this.name = 'RunError';
    this.issues = issues;
  }
}

/** Validates a scenario; a ScenarioError becomes a RunError listing `path: message` per issue. */
export function resolveScenario(input: unknown, where = 'scenario'): ResolvedScenario {
  try {
    return validateScenario(input);
  } catch (e) {
    if (e instanceof ScenarioError) {
      throw new RunError(`${where}: the scenario is not valid`, e.issues.map((i) => `${i.path}: ${i.message}`));
    }
    throw e;
  }
}

/**
 * What opening a run needs of a lesson: a `CompiledLesson`, or its summary from `virtual:lessons`
 * (so that runs open, and run files are checked, without loading the lesson).
 */
export type { LessonRef } from '../lesson/types.ts';
import type { LessonRef } from '../lesson/types.ts';

export interface ResolvedRun {
  scenario: ResolvedScenario;
  lesson?: LessonRef;
  /** Scenario name inside the lesson. */
  scenarioName?: string;
}

export function resolveSharedRun(run: SharedRun, lessons: readonly LessonRef[]): ResolvedRun {
  if (run.lesson) {
    const lesson = lessons.find((l) => l.id === run.lesson!.id);
    if (!lesson) {
      throw new RunError(`lesson.id: no lesson "${run.lesson.id}" in this Flinkscope; lessons: ${lessons.map((l) => l.id).join(', ') || '(none)'}`);
    }
    const sc = lesson.scenarios[run.lesson.scenario];
    if (sc === undefined) {
      throw new RunError(`lesson.scenario: lesson "${lesson.id}" has no scenario "${run.lesson.scenario}"; use one of: ${Object.keys(lesson.scenarios).join(', ')}`);
    }
    return { scenario: resolveScenario(sc, `lesson ${lesson.id}, scenario ${run.lesson.scenario}`), lesson, scenarioName: run.lesson.scenario };
  }
  return { scenario: resolveScenario(run.scenario) };
}

/** Throws a RunError naming the first action that refers to something the scenario does not have. */
export function checkActions(scenario: ResolvedScenario, actions: readonly TimedAction[], param = 'actions'): void {
  if (actions.length === 0) return;
  const ctx = createContext(scenario);
  actions.forEach((a, i) => {
    try {
      validateAction(ctx, a);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new RunError(`${param}[${i}]: ${msg.replace(/^action\./, '')}`);
    }
  });
}

export interface RecordedRun {
  original: Timeline;
  current: Timeline;
}

/** Records the run without and (when there are actions) with the learner's actions. */
export function recordRun(scenario: ResolvedScenario, seed: number | undefined, actions: readonly TimedAction[] = []): RecordedRun {
  const opts = seed === undefined ? {} : { seed };
  try {
    const original = Timeline.record(scenario, opts);
    if (actions.length === 0) return { original, current: original };
    checkActions(scenario, actions);
    return { original, current: Timeline.record(scenario, { ...opts, actions: [...actions] }) };
  } catch (e) {
    if (e instanceof RunError) throw e;
    throw new RunError(e instanceof Error ? e.message : String(e));
  }
}

/** Reads an imported file's text as a SharedRun and checks it can be opened. */
export function parseImportedRun(text: string, lessons: readonly LessonRef[]): SharedRun {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new RunError('the file is not JSON; choose a file saved with Export');
  }
  let run: SharedRun;
  try {
    run = parseSharedRun(json);
  } catch (e) {
    throw new RunError(e instanceof Error ? e.message : String(e));
  }
  const { scenario } = resolveSharedRun(run, lessons);
  checkActions(scenario, run.actions);
  return run;
}

