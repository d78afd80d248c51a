/**
 * What the event-time views share, as pure functions of the plan and the world: whether a job has
 * event time at all, which operators the views may show, a subtask's watermark and idleness as
 * Flink's Web UI reports them ("Low Watermark", "No Watermark"), and which input channel holds a
 * subtask's watermark back.
 */
import type { JobPlan, StreamNode } from '../../sim/graph/types.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { TaskRuntime, World } from '../../sim/world.ts';
import { LONG_MAX, LONG_MIN, shortLong } from '../../sim/util/JavaLong.ts';

/** The watermark colour of every event-time mark (the Web UI has none of its own): Ant Design magenta-7, 6:1 on white. */
export const WATERMARK_COLOR = '#c41d7f';
/** Late records and late firings: Ant Design volcano-7. */
export const LATE_COLOR = '#ad2102';

type Plan = Pick<JobPlan, 'streamGraph'>;

const eventTimeNode = (n: StreamNode): boolean =>
  (n.spec.type === 'source' && n.spec.watermarks !== undefined) || n.spec.type === 'timestamps' || n.spec.type === 'window' || n.spec.type === 'process';

/** The job has event-time content: a watermark strategy (source or `timestamps`), a window or a process operator. */
export const hasEventTime = (plan: Plan): boolean => plan.streamGraph.nodes.some(eventTimeNode);

/** Window and process operators, in program order (what the Windows tab can show). */
export const keyedTimeOperators = (plan: Plan): StreamNode[] =>
  plan.streamGraph.nodes.filter((n) => n.spec.type === 'window' || n.spec.type === 'process');

/**
 * Operators the plot can show, in program order: every operator with a watermark in the trace
 * (advanced or emitted), plus window and process operators and watermark generators.
 */
export function plottableOperators(plan: Plan, trace: readonly TraceEvent[]): StreamNode[] {
  const seen = new Set<string>();
  for (const e of trace) if (e.type === 'watermark.advanced' || e.type === 'watermark.emitted') seen.add(e.operator);
  return plan.streamGraph.nodes.filter((n) => seen.has(n.id) || eventTimeNode(n));
}

/**
 * The operator the plot shows by default: the first window operator, else the first process
 * operator, else the last operator with a watermark in the trace, else the first source.
 */
export function defaultPlotOperator(plan: Plan, trace: readonly TraceEvent[]): string | null {
  const nodes = plan.streamGraph.nodes;
  const pick = nodes.find((n) => n.spec.type === 'window') ?? nodes.find((n) => n.spec.type === 'process');
  if (pick) return pick.id;
  const seen = new Set<string>();
  for (const e of trace) if (e.type === 'watermark.advanced' || e.type === 'watermark.emitted') seen.add(e.operator);
  const withWm = nodes.filter((n) => seen.has(n.id) && n.spec.type !== 'sink');
  return withWm.at(-1)?.id ?? nodes.filter((n) => seen.has(n.id)).at(-1)?.id ?? nodes[0]?.id ?? null;
}

/** A subtask's watermark as the graph shows it. */
export interface SubtaskWatermark {
  /** Long representation: `LONG_MIN` = none yet, `LONG_MAX` = end of input. */
  watermark: number;
  /** The task's input (its valve), or a source's generator output, is IDLE. */
  idle: boolean;
}

/**
 * A subtask's current watermark: for a task with inputs, what its StatusWatermarkValve last emitted
 * (`lastOutputWatermark`, IDLE when `lastOutputStatus` is); for a source task, the watermark of the
 * last chained operator that generates watermarks (the source, or a chained `timestamps` operator),
 * idle when its emitter is. `operators` are the task's chained operators, head first.
 */
export function subtaskWatermark(operators: readonly string[], task: TaskRuntime | undefined): SubtaskWatermark | null {
  const time = task?.time;
  if (!time) return null;
  if (time.valve) return { watermark: time.valve.lastOutputWatermark, idle: time.valve.lastOutputStatus === 'IDLE' };
  const gen = [...operators].reverse().find((id) => time.operators[id]?.emitter);
  const op = time.operators[gen ?? operators[0] ?? ''];
  if (!op) return null;
  return { watermark: op.watermark, idle: op.emitter?.idle ?? false };
}

/**
 * A job vertex's low watermark (the Web UI's node card): the minimum over its subtasks, leaving out
 * idle ones unless every subtask is idle.
 */
export function vertexWatermark(operators: readonly string[], tasks: readonly (TaskRuntime | undefined)[]): SubtaskWatermark | null {
  const all = tasks.map((t) => subtaskWatermark(operators, t)).filter((x): x is SubtaskWatermark => x !== null);
  if (all.length === 0) return null;
  const active = all.filter((x) => !x.idle);
  const pool = active.length ? active : all;
  return { watermark: Math.min(...pool.map((x) => x.watermark)), idle: active.length === 0 };
}

/** The world runs a job with event-time state (a generator, or timers): the graph then shows watermarks. */
export function worldHasEventTime(world: Pick<World, 'tasks'>): boolean {
  return world.tasks.some((t) => t.time && Object.values(t.time.operators).some((o) => o.generator !== undefined || o.timers !== undefined));
}

/**
 * The input channel (position in the task's inputs) whose watermark holds the subtask back: the
 * minimum over the active, aligned channels, when the valve is active, has more than one such
 * channel and they do not all agree. Null otherwise.
 */
export function holdingChannel(task: TaskRuntime | undefined): number | null {
  const valve = task?.time?.valve;
  if (!valve || valve.lastOutputStatus !== 'ACTIVE') return null;
  let min: number | null = null;
  let at = -1;
  let count = 0;
  let max = LONG_MIN;
  valve.channels.forEach((c, i) => {
    if (c.status !== 'ACTIVE' || !c.aligned) return;
    count++;
    max = Math.max(max, c.watermark);
    if (min === null || c.watermark < min) {
      min = c.watermark;
      at = i;
    }
  });
  return count > 1 && min !== null && min < max ? at : null;
}

/** A watermark for a label: `No Watermark` (Long.MIN_VALUE, as the Web UI says), `+∞`, or the number. */
export function watermarkText(wm: number, noWatermark: string): string {
  return wm === LONG_MIN ? noWatermark : shortLong(wm);
}

/** Long.MIN_VALUE and Long.MAX_VALUE are never plotted. */
export const isFiniteLong = (n: number): boolean => n !== LONG_MIN && n !== LONG_MAX && Number.isFinite(n);
