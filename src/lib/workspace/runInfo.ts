/**
 * Things the views derive from a whole recorded run, computed once per timeline and cached:
 * the describe context (record values), the sink's printed lines, and the scrub-bar markers.
 */
import type { Timeline } from '../../sim/Timeline.ts';
import type { TraceOf } from '../../sim/trace.ts';
import { describeContext, type DescribeContext } from '../describe.ts';

export interface OutputLine {
  step: number;
  t: number;
  task: string;
  text: string;
}

export type Marker =
  | { kind: 'job'; step: number; t: number; to: string }
  | { kind: 'task'; step: number; t: number; to: string; n: number }
  | { kind: 'output'; step: number; t: number; text: string };

interface RunInfo {
  describe: DescribeContext;
  outputs: OutputLine[];
  markers: Marker[];
}

const cache = new WeakMap<Timeline, RunInfo>();

/** At most this many task-state markers (a long run with restarts would otherwise bury the bar). */
const MAX_TASK_MARKERS = 40;

export function runInfo(tl: Timeline): RunInfo {
  let info = cache.get(tl);
  if (!info) {
    info = {
      describe: describeContext(tl.plan, tl.trace),
      outputs: tl.trace
        .filter((e): e is TraceOf<'output.emitted'> => e.type === 'output.emitted')
        .map((e) => ({ step: e.step, t: e.t, task: e.task, text: e.text })),
      markers: buildMarkers(tl),
    };
    cache.set(tl, info);
  }
  return info;
}

function buildMarkers(tl: Timeline): Marker[] {
  const out: Marker[] = [];
  const taskGroups = new Map<string, Marker & { kind: 'task' }>();
  let firstOutput = false;
  for (const e of tl.trace) {
    if (e.type === 'job.status') out.push({ kind: 'job', step: e.step, t: e.t, to: e.to });
    else if (e.type === 'task.state') {
      const key = `${e.t}:${e.to}`;
      const g = taskGroups.get(key);
      if (g) g.n++;
      else if (taskGroups.size < MAX_TASK_MARKERS) {
        const m = { kind: 'task' as const, step: e.step, t: e.t, to: e.to, n: 1 };
        taskGroups.set(key, m);
        out.push(m);
      }
    } else if (e.type === 'output.emitted' && !firstOutput) {
      firstOutput = true;
      out.push({ kind: 'output', step: e.step, t: e.t, text: e.text });
    }
  }
  return out;
}

/** The lines printed up to and including `step`. */
export function outputsUntil(tl: Timeline, step: number): OutputLine[] {
  const lines = runInfo(tl).outputs;
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.step <= step) lo = mid + 1;
    else hi = mid;
  }
  return lines.slice(0, lo);
}
