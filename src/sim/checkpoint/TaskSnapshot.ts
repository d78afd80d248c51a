/**
 * What a subtask's checkpoint holds, and how a new attempt gets it back: source offsets (operator
 * list state), keyed state, window contents and timers per key group, the transactional sink's
 * transactions, and for unaligned checkpoints the in-flight data (channel state). Watermarks are
 * not part of it: a restored task starts at Long.MIN_VALUE (reference §6.1).
 * After flink-runtime/.../runtime/checkpoint/TaskStateSnapshot.java and StateAssignmentOperation.java.
 */
import type { KeyedEntry, StreamRecord, World } from '../world.ts';
import type { SimContext } from '../runtime/SimContext.ts';
import type { WindowOperatorState } from '../windowing/WindowOperator.ts';
import type { TimerServiceState } from '../timers/InternalTimerService.ts';
import type { Json } from '../scenario/Scenario.ts';
import { assignToKeyGroup, computeKeyGroupRangeForOperatorIndex } from '../state/KeyGroupRangeAssignment.ts';
import { LONG_MIN } from '../util/JavaLong.ts';

/** In-flight records of one channel stored by an unaligned checkpoint. */
export interface ChannelStateEntry {
  /** Channel index in the execution plan. */
  channel: number;
  records: StreamRecord[];
}

/** One subtask's part of a checkpoint (its state handles, Flink's OperatorSubtaskState per operator). */
export interface TaskSnapshot {
  /** Source subtasks: the offset to resume reading from. */
  sourceOffset?: number;
  /** Keyed state per operator id. */
  keyed: Record<string, Record<string, KeyedEntry>>;
  /** Window contents per window operator id. */
  windows: Record<string, WindowOperatorState>;
  /** Timers per operator id (their current watermark is not kept). */
  timers: Record<string, TimerServiceState>;
  /** Transactional sinks: the state TwoPhaseCommitSinkFunction.snapshotState returned, per operator id. */
  sinks: Record<string, Json>;
  /** Unaligned: records that had arrived but were not processed (input channel state). */
  inputChannelState: ChannelStateEntry[];
  /** Unaligned: records the barrier overtook in the output subpartitions (output channel state). */
  outputChannelState: ChannelStateEntry[];
}

/** The synchronous snapshot of a task's operator state (no channel state yet). */
export function captureSnapshot(ctx: SimContext, world: World, index: number): TaskSnapshot {
  const task = world.tasks[index]!;
  const windows: Record<string, WindowOperatorState> = {};
  const timers: Record<string, TimerServiceState> = {};
  for (const [op, t] of Object.entries(task.time.operators)) {
    if (t.windows) windows[op] = structuredClone(t.windows);
    if (t.timers) timers[op] = { ...structuredClone(t.timers), currentWatermark: LONG_MIN };
  }
  const snapshot: TaskSnapshot = {
    keyed: structuredClone(task.keyed),
    windows,
    timers,
    sinks: structuredClone(task.sinks),
    inputChannelState: [],
    outputChannelState: [],
  };
  if (task.source) snapshot.sourceOffset = task.source.offset;
  return snapshot;
}

/** Number of state entries a snapshot holds (keys, window panes, timers, transaction records). */
export function snapshotEntries(s: TaskSnapshot): number {
  let n = 0;
  for (const m of Object.values(s.keyed)) n += Object.keys(m).length;
  for (const w of Object.values(s.windows)) for (const k of Object.values(w.keys)) n += Object.keys(k.panes).length;
  for (const t of Object.values(s.timers)) n += t.event.length + t.processing.length;
  return n + (s.sourceOffset === undefined ? 0 : 1);
}

/**
 * The state a new attempt of subtask `index` starts from, out of the snapshots of every subtask of
 * its vertex in one checkpoint: keyed state, windows and timers of the key groups it owns
 * (StateAssignmentOperation: key groups move, so this also rescales), its own source offset and
 * sink transactions, and its own channel state.
 */
export function assignSnapshot(ctx: SimContext, index: number, parts: (TaskSnapshot | undefined)[]): TaskSnapshot {
  const plan = ctx.plan.execution.tasks[index]!;
  const vertex = ctx.plan.jobGraph.vertices.find((v) => v.id === plan.vertex)!;
  const { start: lo, end: hi } = computeKeyGroupRangeForOperatorIndex(vertex.maxParallelism, plan.parallelism, plan.subtask);
  const mine = (key: Json) => {
    const kg = assignToKeyGroup(key, vertex.maxParallelism);
    return kg >= lo && kg <= hi;
  };
  const out: TaskSnapshot = { keyed: {}, windows: {}, timers: {}, sinks: {}, inputChannelState: [], outputChannelState: [] };
  for (const part of parts) {
    if (!part) continue;
    for (const [op, entries] of Object.entries(part.keyed)) {
      for (const [slot, e] of Object.entries(entries)) if (mine(e.key)) (out.keyed[op] ??= {})[slot] = structuredClone(e);
    }
    for (const [op, w] of Object.entries(part.windows)) {
      const target = (out.windows[op] ??= { keys: {} });
      for (const [slot, k] of Object.entries(w.keys)) if (mine(k.key)) target.keys[slot] = structuredClone(k);
    }
    for (const [op, t] of Object.entries(part.timers)) {
      const target = (out.timers[op] ??= { currentWatermark: LONG_MIN, event: [], processing: [] });
      target.event.push(...structuredClone(t.event.filter((x) => mine(x.key))));
      target.processing.push(...structuredClone(t.processing.filter((x) => mine(x.key))));
    }
  }
  for (const t of Object.values(out.timers)) {
    const order = (a: { timestamp: number }, b: { timestamp: number }) => a.timestamp - b.timestamp;
    t.event.sort(order);
    t.processing.sort(order);
  }
  const own = parts[plan.subtask];
  if (own && parts.length === plan.parallelism) {
    if (own.sourceOffset !== undefined) out.sourceOffset = own.sourceOffset;
    out.sinks = structuredClone(own.sinks);
    out.inputChannelState = structuredClone(own.inputChannelState);
    out.outputChannelState = structuredClone(own.outputChannelState);
  }
  return out;
}
