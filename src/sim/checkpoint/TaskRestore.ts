/**
 * A new attempt starts from the latest completed checkpoint (reference §6.1): while INITIALIZING it
 * restores its operators' state (keyed state, windows and timers of its key groups, the source offset,
 * the sink's transactions); once RUNNING it first replays the in-flight data an unaligned checkpoint
 * stored, then reads new input. Without a checkpoint a source starts from the beginning, or with
 * `restartFrom: latest` from now on (what it skips is lost).
 */
import type { Queued, World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import { assignSnapshot } from './TaskSnapshot.ts';
import { checkpointToRestore } from './CheckpointingRuntime.ts';
import { initializeSinks } from './TransactionalSinks.ts';
import { snapshotBytes } from './StateBackendRuntime.ts';
import { restoredBackendState } from '../state/StateBackend.ts';
import { scheduleAt } from '../runtime/Kernel.ts';
import { enqueue } from '../network/PipelinedSubpartition.ts';
import { redistributeSinks, savepointParts } from './Savepoint.ts';
import { computeKeyGroupRangeForOperatorIndex } from '../state/KeyGroupRangeAssignment.ts';

/** The key groups subtask `index` owns: [first, last]. */
function keyGroupRangeOf(ctx: SimContext, index: number): [number, number] {
  const plan = ctx.plan.execution.tasks[index]!;
  const vertex = ctx.plan.jobGraph.vertices.find((v) => v.id === plan.vertex)!;
  const r = computeKeyGroupRangeForOperatorIndex(vertex.maxParallelism, plan.parallelism, plan.subtask);
  return [r.start, r.end];
}

/** StreamTask.restore: initializeState of every operator of the chain. */
export function restoreTaskState(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const task = world.tasks[index]!;
  const plan = ctx.plan.execution.tasks[index]!;
  // A restart restores the latest completed checkpoint; before there is one (and at the start) the
  // savepoint the job was started from, if any.
  const restore = (task.attempt > 0 ? checkpointToRestore(ctx, world, index) : null) ?? savepointParts(ctx, plan.vertex);
  if (!restore) {
    initializeSinks(ctx, world, index, null, emit);
    skipToLatest(ctx, world, index, emit);
    return;
  }
  const s = assignSnapshot(ctx, index, restore.parts);
  const rescaled = restore.parts.length !== plan.parallelism;
  if (rescaled) s.sinks = redistributeSinks(restore.parts.filter((p) => p !== undefined), plan.parallelism, plan.subtask);
  task.keyed = s.keyed;
  for (const [op, w] of Object.entries(s.windows)) task.time.operators[op]!.windows = w;
  for (const [op, t] of Object.entries(s.timers)) {
    task.time.operators[op]!.timers = t;
    for (const timer of t.processing) {
      scheduleAt(world, Math.max(world.time, timer.timestamp + 1), { kind: 'timer.processing', task: index, attempt: task.attempt, operator: op, time: timer.timestamp });
    }
  }
  if (task.source && s.sourceOffset !== undefined) task.source.offset = s.sourceOffset;
  task.checkpoint.backend = restoredBackendState(ctx.stateBackend, snapshotBytes(s), restore.id);
  task.checkpoint.lastCheckpointId = restore.id;
  task.restoredChannelState = { input: s.inputChannelState, output: s.outputChannelState };
  initializeSinks(ctx, world, index, Object.keys(s.sinks).length > 0 ? s.sinks : null, emit);
  const keyedState = restore.parts.some((p) => p && Object.keys(p.keyed).length + Object.keys(p.windows).length + Object.keys(p.timers).length > 0);
  if (rescaled && keyedState) emit({ type: 'state.redistributed', task: plan.id, checkpoint: restore.id, from: restore.parts.length, to: plan.parallelism, keyGroups: keyGroupRangeOf(ctx, index) });
  emit({
    type: 'checkpoint.restored', task: plan.id, checkpoint: restore.id,
    ...(s.sourceOffset !== undefined ? { sourceOffset: s.sourceOffset } : {}),
    keys: Object.values(s.keyed).reduce((n, m) => n + Object.keys(m).length, 0),
    inFlight: [...s.inputChannelState, ...s.outputChannelState].reduce((n, e) => n + e.records.length, 0),
  });
}

/** `restartFrom: latest`: a restarted source without a checkpoint skips the events that arrived before now. */
function skipToLatest(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const task = world.tasks[index]!;
  const spec = ctx.node.get(ctx.plan.execution.tasks[index]!.operators[0]!)!.spec;
  const events = ctx.sourceEvents[index];
  if (!task.source || task.attempt === 0 || spec.type !== 'source' || spec.restartFrom !== 'latest' || !events) return;
  let offset = 0;
  while (offset < events.length && events[offset]!.at < world.time) offset++;
  const skipped = events.slice(0, offset).filter((e) => e.value !== undefined).length;
  task.source.offset = offset;
  world.checkpointing.lost += skipped;
  emit({ type: 'source.skipped', task: ctx.plan.execution.tasks[index]!.id, offset, records: skipped });
}

/** Once RUNNING: restored input channel state is read first, restored output channel state is sent first. */
export function replayChannelState(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const task = world.tasks[index]!;
  const state = task.restoredChannelState;
  if (!state) return;
  delete task.restoredChannelState;
  for (const { channel, records } of state.output) for (const record of records) enqueue(ctx, world, channel, { kind: 'record', record }, emit);
  for (const { channel, records } of state.input) {
    const pos = ctx.inputPosition[channel]!;
    const restored: Queued[] = records.map((record) => ({ channel, element: { kind: 'record', record }, arrivedAt: world.time, restored: true }));
    task.inputQueues[pos]!.unshift(...restored);
    if (restored.length > 0 && !task.available.includes(pos)) task.available.push(pos);
  }
}
