/**
 * Opening a lesson whose scenarios are process scenarios (classic Chandy–Lamport): record each
 * scenario's `ProcessRun`, resolve the lesson steps' anchors on their traces, and turn the link's
 * step / t / k into the frame to show. Pure (no DOM). A process lesson has no learner actions
 * (nothing to fork); a link's `seed` reseeds the channels' jitter.
 */
import type { CompiledLesson } from '../../lesson/types.ts';
import type { Position } from '../../sim/Timeline.ts';
import { resolveStepPositions, type StepPosition } from '../../lesson/anchors.ts';
import { ProcessRun } from '../../sim/snapshot/ProcessRun.ts';
import { ScenarioError } from '../../sim/scenario/ScenarioError.ts';
import { checkKernelStep, checkTime, type LessonRoute, type RouteError } from '../router.ts';
import { RunError } from '../runs.ts';

/** Whether a lesson's steps use process scenarios (its page shows the space-time diagram). */
export const isProcessLesson = (lesson: CompiledLesson): boolean =>
  !!lesson.processScenarios && lesson.steps.every((s) => lesson.processScenarios![s.scenario] !== undefined);

export interface PreparedProcessLesson {
  lesson: CompiledLesson;
  seedOverride?: number;
  runs: Record<string, ProcessRun>;
  positions: StepPosition[];
  /** Lesson step to show, 0-based. */
  index: number;
  scenario: string;
  at: Position;
}

export type PrepareProcessResult =
  | { ok: true; prepared: PreparedProcessLesson }
  | { ok: false; routeError: RouteError }
  | { ok: false; runError: RunError };

/** Records every process scenario of the lesson (seeded by the link, else the lesson, else the scenario). */
export function recordProcessRuns(lesson: CompiledLesson, seed?: number): Record<string, ProcessRun> {
  const runs: Record<string, ProcessRun> = {};
  for (const [name, sc] of Object.entries(lesson.processScenarios ?? {})) {
    try {
      runs[name] = ProcessRun.record(sc, seed === undefined ? {} : { seed });
    } catch (e) {
      if (e instanceof ScenarioError) throw new RunError(`lesson ${lesson.id}, scenario ${name}: the scenario is not valid`, e.issues.map((i) => `${i.path}: ${i.message}`));
      throw new RunError(e instanceof Error ? e.message : String(e));
    }
  }
  return runs;
}

export function prepareProcessLesson(lesson: CompiledLesson, route: LessonRoute): PrepareProcessResult {
  const index = (route.step ?? 1) - 1;
  if (index < 0 || index >= lesson.steps.length) {
    return { ok: false, routeError: { code: 'stepRange', param: 'step', value: String(route.step), max: lesson.steps.length } };
  }
  const seed = route.seed ?? lesson.seed;
  let runs: Record<string, ProcessRun>;
  try {
    runs = recordProcessRuns(lesson, seed);
  } catch (e) {
    if (e instanceof RunError) return { ok: false, runError: e };
    throw e;
  }
  const positions = resolveStepPositions(lesson, runs);
  const scenario = lesson.steps[index]!.scenario;
  const run = runs[scenario]!;
  const pos = positions[index]!;
  let at: Position = { step: pos.step, time: pos.time };
  if (route.t !== undefined) {
    const tErr = checkTime(route.t, run.endTime);
    if (tErr) return { ok: false, routeError: tErr };
    if (route.k !== undefined) {
      const kErr = checkKernelStep(route.k, route.t, run.steps, (s) => run.timeOfStep(s));
      if (kErr) return { ok: false, routeError: kErr };
      at = { step: route.k, time: route.t };
    } else if (route.t !== pos.time) {
      at = { step: run.stepAtTime(route.t), time: route.t };
    }
  } else if (route.k !== undefined) {
    const kErr = checkKernelStep(route.k, run.timeOfStep(route.k), run.steps, (s) => run.timeOfStep(s));
    if (kErr) return { ok: false, routeError: kErr };
    at = { step: route.k, time: run.timeOfStep(route.k) };
  }
  const prepared: PreparedProcessLesson = { lesson, runs, positions, index, scenario, at };
  if (route.seed !== undefined) prepared.seedOverride = route.seed;
  return { ok: true, prepared };
}

/** The `k` a link needs so that (t, k) lands on `at` (as `kernelStepParam` of job lessons). */
export function processKernelStepParam(run: Pick<ProcessRun, 'stepAtTime'>, at: Position, lessonPos: Position | undefined): number | undefined {
  if (lessonPos && at.time === lessonPos.time) return at.step === lessonPos.step ? undefined : at.step;
  return run.stepAtTime(at.time) === at.step ? undefined : at.step;
}
