/** Resolves each lesson step's anchor to a position (step and time) in its scenario's recorded run. */
import type { Json } from '../sim/scenario/Scenario.ts';
import type { CompiledLesson } from './types.ts';

/**
 * What resolving anchors reads of a recorded run: a job run (`Timeline`) or a process run
 * (`ProcessRun`, classic Chandy–Lamport) both offer it.
 */
export interface AnchorRun {
  readonly steps: number;
  readonly trace: readonly { step: number }[];
  stepAtTime(t: number): number;
  timeOfStep(step: number): number;
  traceUntil(step: number): readonly unknown[];
}

export interface StepPosition {
  step: number;
  time: number;
  /** Set when the anchor matches nothing: the lesson is broken (lesson tests fail on it). */
  error?: string;
}

/** Partial deep match: every field of `pattern` equals the one in `value` (objects recursively). */
export function matches(value: unknown, pattern: Json): boolean {
  if (pattern !== null && typeof pattern === 'object' && !Array.isArray(pattern)) {
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([k, p]) => matches((value as Record<string, unknown>)[k], p));
  }
  return JSON.stringify(value) === JSON.stringify(pattern);
}

export function resolveStepPositions(lesson: CompiledLesson, timelines: Record<string, AnchorRun>): StepPosition[] {
  const out: StepPosition[] = [];
  let prevScenario = '';
  let cursor = 0; // trace index after the previous step's anchor, in the same scenario
  for (const s of lesson.steps) {
    const tl = timelines[s.scenario]!;
    if (s.scenario !== prevScenario) cursor = 0;
    prevScenario = s.scenario;
    const at = s.at;
    let step: number;
    let error: string | undefined;
    if ('start' in at) step = 0;
    else if ('end' in at) step = tl.steps;
    else if ('time' in at) step = tl.stepAtTime(at.time);
    else {
      const nth = at.nth ?? 1;
      let seen = 0;
      let found = -1;
      for (let i = cursor; i < tl.trace.length; i++) {
        if (matches(tl.trace[i], at.event) && ++seen === nth) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        step = tl.steps;
        error = `step "${s.id}": no trace event matches ${JSON.stringify(at.event)} (nth ${nth}) after the previous step`;
      } else {
        cursor = found + 1;
        step = Math.max(0, tl.trace[found]!.step - (at.before ? 1 : 0));
      }
      out.push(error ? { step, time: tl.timeOfStep(step), error } : { step, time: tl.timeOfStep(step) });
      continue;
    }
    cursor = Math.max(cursor, tl.traceUntil(step).length);
    out.push({ step, time: tl.timeOfStep(step) });
  }
  return out;
}
