/** Helpers for runtime tests: record a scenario given as JSON and read the trace and the world. */
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import type { TraceEvent, TraceOf, TraceEventType } from '../../src/sim/trace.ts';

export const record = (scenario: object, seed = 1) => Timeline.record(validateScenario({ version: 1, ...scenario }), { seed });

export const events = <T extends TraceEventType>(tl: Timeline, type: T): TraceOf<T>[] =>
  tl.trace.filter((e): e is TraceOf<T> => e.type === type);

/** The job's statuses in order, starting with INITIALIZING. */
export const jobStatuses = (tl: Timeline) => ['INITIALIZING', ...events(tl, 'job.status').map((e) => e.to)];

/** A subtask's states in order (every attempt), starting with CREATED. */
export const taskStates = (tl: Timeline, task: string) => ['CREATED', ...events(tl, 'task.state').filter((e) => e.task === task).map((e) => e.to)];

export const stateAt = (tl: Timeline, task: string, step: number) =>
  tl.worldAt(step).tasks[tl.plan.execution.tasks.findIndex((t) => t.id === task)]!.state;

/** The first event matching, or an error naming what is missing. */
export function first<T extends TraceEventType>(tl: Timeline, type: T, pred: (e: TraceOf<T>) => boolean = () => true): TraceOf<T> {
  const e = events(tl, type).find(pred);
  if (!e) throw new Error(`no ${type} event matches`);
  return e;
}

/** A source that emits `count` values at `everyMs` from `startMs` (bounded, so the job can finish). */
export function source(id: string, parallelism: number, count = 3, everyMs = 100, startMs = 200) {
  const events = [];
  for (let s = 0; s < parallelism; s++) for (let i = 0; i < count; i++) events.push({ at: startMs + i * everyMs, subtask: s, value: i });
  return { id, type: 'source', parallelism, events };
}

export const rpcCount = (tl: Timeline, name: string, fromStep = 0) =>
  tl.trace.filter((e: TraceEvent) => e.type === 'rpc.sent' && e.message.name === name && e.step > fromStep).length;
