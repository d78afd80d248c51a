/**
 * What the Windows tab shows of one window or process operator in one subtask, as a pure function
 * of the plan and the world: per key, its open windows with their contents (one accumulator, or
 * every buffered element), the trigger's state and the timers; for a process operator, each key's
 * ValueState and timers. Also the subtask's input channels as its StatusWatermarkValve sees them.
 */
import type { Json } from '../../sim/scenario/Scenario.ts';
import type { JobPlan, StreamNode } from '../../sim/graph/types.ts';
import type { World } from '../../sim/world.ts';
import type { WatermarkStatus } from '../../sim/trace.ts';
import type { InternalTimer } from '../../sim/timers/InternalTimerService.ts';
import type { TriggerState } from '../../sim/windowing/Triggers.ts';
import type { BufferedElement } from '../../sim/windowing/Evictors.ts';
import type { Pane } from '../../sim/windowing/WindowContents.ts';
import { canonicalJson, formatValue } from '../../sim/functions/fields.ts';
import { isGlobal, maxTimestamp, parseWindowId, type Window } from '../../sim/windowing/Window.ts';
import { parseWindowSpec, type ResolvedWindowSpec } from '../../sim/windowing/WindowSpec.ts';
import { describeTrigger } from '../../sim/windowing/Triggers.ts';
import { describeEvictor } from '../../sim/windowing/Evictors.ts';
import { assignerClass, isEventTime } from '../../sim/windowing/WindowAssigner.ts';
import { LONG_MIN } from '../../sim/util/JavaLong.ts';
import { holdingChannel } from './timeModel.ts';

/** One open window of a key. */
export interface InspectedWindow {
  /** `[0,5000)` or `GlobalWindow`. */
  id: string;
  window: Window;
  /** The accumulator (AggregateFunction), or null when elements are buffered. */
  acc: Json | null;
  /** The buffered elements (ProcessWindowFunction or an evictor), or null for an accumulator. */
  elements: BufferedElement[] | null;
  /** Values the state holds: 1 for an accumulator, n buffered elements, 0 when the pane is empty. */
  stateSize: number;
  /** The trigger's partitioned state (CountTrigger's count, ContinuousEventTimeTrigger's fireTime). */
  trigger: TriggerState | null;
  /** Event time: the watermark passed its max timestamp, so it is kept only for allowed lateness (late elements fire it again). */
  pastEnd: boolean;
}

/** A window operator's configuration, as Flink's classes name it. */
export interface WindowConfig {
  /** `TumblingEventTimeWindows(5000)`. */
  assigner: string;
  /** `EventTimeTrigger()`. */
  trigger: string;
  evictor: string | null;
  allowedLateness: number;
  lateOutput: string | null;
}

export interface InspectedKey {
  key: Json;
  /** `formatValue(key)`. */
  label: string;
  windows: InspectedWindow[];
  /** The key's timers, in firing order. */
  timers: { event: InternalTimer[]; processing: InternalTimer[] };
  /** Process operators: the key's ValueState (undefined: none). */
  value?: Json;
}

export interface InspectedChannel {
  /** Position among the task's inputs. */
  position: number;
  /** The producer subtask. */
  from: string;
  watermark: number;
  status: WatermarkStatus;
  aligned: boolean;
  /** The minimum over the active aligned channels: the subtask's watermark waits for it. */
  holding: boolean;
}

export interface InspectedOperator {
  operator: string;
  name: string;
  kind: 'window' | 'process';
  task: number;
  taskId: string;
  /** The operator's current watermark (`LONG_MIN`: none yet). */
  watermark: number;
  keys: InspectedKey[];
  /** Input channels (empty for a source task). */
  channels: InspectedChannel[];
  inputIdle: boolean;
  /**
   * Window operators: the contents are every element (a ProcessWindowFunction alone, or an evictor:
   * ListState) rather than one accumulator per window (an AggregateFunction: AggregatingState).
   */
  buffered: boolean;
  /** Window operators: assigner, trigger, evictor, lateness and late-data tag. */
  config: WindowConfig | null;
}

/** A (subtask, operator) pair the tab can show. */
export interface TimeTarget {
  task: number;
  taskId: string;
  operator: string;
  name: string;
}

type Plan = Pick<JobPlan, 'streamGraph' | 'execution'>;

const isTimeOp = (n: StreamNode | undefined) => n?.spec.type === 'window' || n?.spec.type === 'process';

/** Every (subtask, window/process operator) pair, in task order. */
export function timeTargets(plan: Plan): TimeTarget[] {
  const node = new Map(plan.streamGraph.nodes.map((n) => [n.id, n]));
  return plan.execution.tasks.flatMap((t) =>
    t.operators.filter((o) => isTimeOp(node.get(o))).map((o) => ({ task: t.index, taskId: t.id, operator: o, name: node.get(o)!.name })),
  );
}

/** The pair to show: the selected subtask's first window/process operator, else the first pair. */
export function defaultTarget(plan: Plan, selectedTask: string | null): TimeTarget | null {
  const all = timeTargets(plan);
  return all.find((x) => x.taskId === selectedTask) ?? all[0] ?? null;
}

const byLabel = (a: InspectedKey, b: InspectedKey) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** The windows and timers of `target` in `world`. */
export function inspectTime(plan: Plan, world: World, target: TimeTarget): InspectedOperator {
  const node = plan.streamGraph.nodes.find((n) => n.id === target.operator)!;
  const spec: ResolvedWindowSpec | null = node.spec.type === 'window' ? parseWindowSpec(node.spec).spec : null;
  const eventTime = spec !== null && isEventTime(spec.assigner);
  const rt = world.tasks[target.task];
  const opTime = rt?.time?.operators[target.operator];
  const keys = new Map<string, InspectedKey>();
  const keyOf = (key: Json): InspectedKey => {
    const k = canonicalJson(key);
    let out = keys.get(k);
    if (!out) {
      out = { key, label: formatValue(key), windows: [], timers: { event: [], processing: [] } };
      keys.set(k, out);
    }
    return out;
  };

  for (const kw of Object.values(opTime?.windows?.keys ?? {})) {
    const ik = keyOf(kw.key);
    // Sessions: the actual windows are the MergingWindowSet's keys, their contents under the state window.
    const actual: [string, Pane | undefined][] = kw.merging
      ? Object.entries(kw.merging).map(([id, stateId]) => [id, kw.panes[stateId]])
      : Object.entries(kw.panes).map(([id, p]) => [id, p]);
    const ids = new Set(actual.map(([id]) => id));
    // A window with trigger state but empty contents (purged) is still open.
    for (const id of Object.keys(kw.triggers)) if (!ids.has(id)) actual.push([id, undefined]);
    for (const [id, pane] of actual) {
      ik.windows.push({
        id,
        window: pane && !kw.merging ? pane.window : parseWindowId(id),
        acc: pane?.acc ?? null,
        elements: pane?.elements ?? null,
        stateSize: pane ? (pane.elements ? pane.elements.length : 1) : 0,
        trigger: kw.triggers[id] ?? null,
        pastEnd: false,
      });
    }
    ik.windows.sort((a, b) => windowOrder(a.window) - windowOrder(b.window));
    for (const win of ik.windows) win.pastEnd = eventTime && !isGlobal(win.window) && maxTimestamp(win.window) <= (opTime?.watermark ?? LONG_MIN);
  }
  for (const timer of opTime?.timers?.event ?? []) keyOf(timer.key).timers.event.push(timer);
  for (const timer of opTime?.timers?.processing ?? []) keyOf(timer.key).timers.processing.push(timer);
  if (node.spec.type === 'process') for (const entry of Object.values(rt?.keyed[target.operator] ?? {})) keyOf(entry.key).value = entry.value;

  const task = plan.execution.tasks[target.task]!;
  const hold = holdingChannel(rt);
  const channels = (rt?.time?.valve?.channels ?? []).map((c, i): InspectedChannel => {
    const ch = plan.execution.channels[task.inputs[i]!];
    return { position: i, from: ch ? plan.execution.tasks[ch.from]!.id : '?', watermark: c.watermark, status: c.status, aligned: c.aligned, holding: hold === i };
  });
  return {
    operator: target.operator,
    name: node.name,
    kind: node.spec.type === 'window' ? 'window' : 'process',
    task: target.task,
    taskId: target.taskId,
    watermark: opTime?.watermark ?? LONG_MIN,
    keys: [...keys.values()].sort(byLabel),
    channels,
    inputIdle: rt?.time?.valve?.lastOutputStatus === 'IDLE',
    buffered: bufferedNow(keys.values()) ?? (spec !== null && (spec.evictor !== null || spec.function === 'process')),
    config: spec && {
      assigner: assignerText(spec.assigner),
      trigger: describeTrigger(spec.trigger),
      evictor: spec.evictor && describeEvictor(spec.evictor),
      allowedLateness: spec.allowedLateness,
      lateOutput: spec.lateOutput,
    },
  };
}

/** What the panes held now say (null when none holds anything): a count window with a slide buffers through its implied evictor. */
function bufferedNow(keys: Iterable<InspectedKey>): boolean | null {
  for (const k of keys) for (const w of k.windows) if (w.stateSize > 0) return w.elements !== null;
  return null;
}

/** `TumblingEventTimeWindows(5000)`, `SlidingEventTimeWindows(10000, 5000)`, `EventTimeSessionWindows(3000)`, `GlobalWindows`. */
function assignerText(a: ResolvedWindowSpec['assigner']): string {
  const cls = assignerClass(a);
  if (a.type === 'global') return cls;
  if (a.type === 'session') return `${cls}(${a.gap})`;
  return a.type === 'sliding' ? `${cls}(${a.size}, ${a.slide})` : `${cls}(${a.size})`;
}

const windowOrder = (w: Window) => (isGlobal(w) ? Infinity : w.start);
