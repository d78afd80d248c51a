/**
 * Opening a lesson link: validate and record the lesson's scenarios, resolve each lesson step's
 * position, and turn the link's step / t / k / seed / actions into the exact frame to show.
 * Pure (no DOM): the result says what to show, or which parameter is wrong.
 */
import type { CompiledLesson } from '../../lesson/types.ts';
import type { Position, Timeline } from '../../sim/Timeline.ts';
import { resolveStepPositions, type StepPosition } from '../../lesson/anchors.ts';
import { checkKernelStep, checkTime, type LessonRoute, type RouteError } from '../router.ts';
import { recordRun, resolveScenario, RunError } from '../runs.ts';

export interface PreparedLesson {
  lesson: CompiledLesson;
  /** The seed given in the link (kept in links made from this page), if any. */
  seedOverride?: number;
  /** Original runs, by scenario name. */
  originals: Record<string, Timeline>;
  /** Positions of the lesson steps in the original runs. */
  positions: StepPosition[];
  /** Lesson step to show, 0-based. */
  index: number;
  scenario: string;
  /** The run of that step's scenario, with the link's actions. */
  current: Timeline;
  at: Position;
}

export type PrepareResult =
  | { ok: true; prepared: PreparedLesson }
  | { ok: false; routeError: RouteError }
  | { ok: false; runError: RunError };

/** Positions of the lesson steps with `current` standing in for its scenario's original run. */
export function positionsWith(p: Pick<PreparedLesson, 'lesson' | 'originals' | 'positions'>, scenario: string, current: Timeline): StepPosition[] {
  if (p.originals[scenario] === current) return p.positions;
  let forked: StepPosition[];
  try {
    forked = resolveStepPositions(p.lesson, { ...p.originals, [scenario]: current });
  } catch {
    forked = p.positions;
  }
  // An anchor the forked run no longer has (the event never happens now): keep the original
  // position, moved onto the forked run, rather than calling the lesson broken.
  return forked.map((pos, i) => {
    const orig = p.positions[i]!;
    if (!pos.error || orig.error || p.lesson.steps[i]!.scenario !== scenario) return pos;
    const step = Math.min(orig.step, current.steps);
    return { step, time: current.timeOfStep(step) };
  });
}

export function prepareLesson(lesson: CompiledLesson, route: LessonRoute): PrepareResult {
  const index = (route.step ?? 1) - 1;
  if (index < 0 || index >= lesson.steps.length) {
    return { ok: false, routeError: { code: 'stepRange', param: 'step', value: String(route.step), max: lesson.steps.length } };
  }
  const seed = route.seed ?? lesson.seed;
  const originals: Record<string, Timeline> = {};
  const scenario = lesson.steps[index]!.scenario;
  let current: Timeline;
  try {
    for (const [name, sc] of Object.entries(lesson.scenarios)) {
      originals[name] = recordRun(resolveScenario(sc, `lesson ${lesson.id}, scenario ${name}`), seed).original;
    }
    const actions = route.actions ?? [];
    current = actions.length ? recordRun(originals[scenario]!.scenario, seed, actions).current : originals[scenario]!;
  } catch (e) {
    if (e instanceof RunError) {
      // An action that names a task the scenario does not have is a bad `actions` parameter.
      if (/^actions\[/.test(e.message)) return { ok: false, routeError: { code: 'actions', param: 'actions', value: '…', detail: e.message } };
      return { ok: false, runError: e };
    }
    throw e;
  }
  const positions = resolveStepPositions(lesson, originals);
  const prepared: PreparedLesson = { lesson, originals, positions, index, scenario, current, at: { step: 0, time: 0 } };
  if (route.seed !== undefined) prepared.seedOverride = route.seed;
  const pos = positionsWith(prepared, scenario, current)[index]!;

  let at: Position = { step: pos.step, time: pos.time };
  if (route.t !== undefined) {
    const tErr = checkTime(route.t, current.endTime);
    if (tErr) return { ok: false, routeError: tErr };
    if (route.k !== undefined) {
      const kErr = checkKernelStep(route.k, route.t, current.steps, (s) => current.timeOfStep(s));
      if (kErr) return { ok: false, routeError: kErr };
      at = { step: route.k, time: route.t };
    } else if (route.t !== pos.time) {
      at = { step: current.stepAtTime(route.t), time: route.t };
    }
  } else if (route.k !== undefined) {
    const kErr = checkKernelStep(route.k, current.timeOfStep(route.k), current.steps, (s) => current.timeOfStep(s));
    if (kErr) return { ok: false, routeError: kErr };
    at = { step: route.k, time: current.timeOfStep(route.k) };
  }
  prepared.at = at;
  return { ok: true, prepared };
}

/**
 * The `k` parameter a link needs so that (t, k) lands on `at`: none when the time alone gives the
 * step, or when `at` is the lesson step's own position.
 */
export function kernelStepParam(tl: Timeline, at: Position, lessonPos: Position | undefined): number | undefined {
  // Without k, a link whose t is the lesson step's own time opens at the lesson step's position.
  if (lessonPos && at.time === lessonPos.time) return at.step === lessonPos.step ? undefined : at.step;
  return tl.stepAtTime(at.time) === at.step ? undefined : at.step;
}
