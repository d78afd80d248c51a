/**
 * A task's side of checkpointing (Flink's SubtaskCheckpointCoordinatorImpl with the task's
 * CheckpointBarrierHandler). Sources are triggered by the JobMaster's RPC; other tasks when their
 * barrier handler says so. Then, atomically with respect to records (reference §5.3): the barrier
 * goes downstream (a priority event when unaligned, overtaking queued data, which becomes output
 * channel state), the operators' state is snapshotted synchronously (the task stops for `syncMs`),
 * the asynchronous part is written (`asyncMs`) and, once an unaligned checkpoint's input channel
 * state is complete too, the task acknowledges to the JobMaster.
 */
import type { CheckpointBarrier, StreamElement, StreamRecord, World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import {
  abortFromTask, createBarrierHandler, isBlocked, isPersisting, onAlignmentTimeout, processBarrier,
  processCancellationBarrier, processEndOfPartition, type BarrierAction, type BarrierHandlerState,
} from './barriers/BarrierHandler.ts';
import { captureSnapshot, type ChannelStateEntry, type TaskSnapshot } from './TaskSnapshot.ts';
import { enqueue, isData, sendPriority } from '../network/PipelinedSubpartition.ts';
import { scheduleAt } from '../runtime/Kernel.ts';
import { tryProcess } from '../runtime/StreamTask.ts';
import { scheduleSource } from '../runtime/SourceOperator.ts';
import { sendRpc } from '../cluster/Rpc.ts';
import type { Endpoint } from '../cluster/ClusterRuntime.ts';
import { snapshotSinks } from './TransactionalSinks.ts';
import { watchQueuedBarriers } from './AlignedBarrierTimeout.ts';
import { backendAsyncDone, snapshotCost, type BackendState, newBackendState } from './StateBackendRuntime.ts';

/** One checkpoint a task is taking, from its trigger until its acknowledgement. */
export interface SubtaskCheckpoint {
  id: number;
  barrier: CheckpointBarrier;
  unaligned: boolean;
  /** When the task took the snapshot, and the first barrier's arrival (start delay, alignment). */
  triggeredAt: number;
  firstBarrierAt: number;
  syncMs: number;
  asyncMs: number;
  stateSize: number;
  incrementalSize: number;
  syncDone: boolean;
  asyncDone: boolean;
  /** Input positions whose channel state is still being recorded. */
  persisting: number[];
  /** Output channels where this checkpoint's timeoutable barrier still waits in the queue (AlignedBarrierTimeout). */
  pendingOutputs: number[];
  snapshot: TaskSnapshot;
}

/** The task's checkpointing state (plain data). */
export interface TaskCheckpointState {
  /** Null for a source (no inputs). */
  handler: BarrierHandlerState | null;
  /** SubtaskCheckpointCoordinatorImpl.lastCheckpointId: older triggers are dropped. */
  lastCheckpointId: number;
  /** First barrier arrival per checkpoint id being aligned. */
  firstBarrierAt: Record<string, number>;
  running: SubtaskCheckpoint[];
  /** Checkpoints aborted before this task triggered them (abortedCheckpointIds). */
  aborted: number[];
  /** Blocked input positions, mirrored from the handler for the views. */
  blocked: number[];
  /** Records the priority barrier being handled overtook in its input queue, by input position (cleared after it). */
  overtaken: Record<string, StreamRecord[]>;
  /** The state backend's files and counters. */
  backend: BackendState;
  /** An alignment timer that fired while the task was busy: it runs when the task is free. */
  timeoutDue?: number;
}

const taskId = (ctx: SimContext, index: number) => ctx.plan.execution.tasks[index]!.id;

export function newTaskCheckpointState(ctx: SimContext, index: number): TaskCheckpointState {
  const inputs = ctx.plan.execution.tasks[index]!.inputs.length;
  const c = ctx.checkpoint;
  const mode = c.mode === 'AT_LEAST_ONCE' ? 'atLeastOnce' : c.unaligned ? 'exactlyOnceUnalignedEnabled' : 'exactlyOnce';
  return {
    handler: inputs > 0 && c.enabled ? createBarrierHandler(mode, inputs, { checkpointsAfterTasksFinish: c.afterTasksFinish }) : null,
    lastCheckpointId: -1,
    firstBarrierAt: {},
    running: [],
    aborted: [],
    blocked: [],
    overtaken: {},
    backend: newBackendState(),
  };
}

/** Whether barrier alignment blocks input position `pos`. */
export const isInputBlocked = (task: World['tasks'][number], pos: number) => task.checkpoint.blocked.includes(pos);

/**
 * A record arrived on input position `pos`: an unaligned checkpoint recording that channel keeps it,
 * until the channel's barrier arrived (ChannelStatePersister stops at the barrier's receipt, even
 * before the task reads it: what follows it was stored by the sender as output channel state).
 */
export function onRecordArrived(ctx: SimContext, world: World, index: number, pos: number, record: StreamRecord, _emit: Emit): void {
  const task = world.tasks[index]!;
  const cp = task.checkpoint;
  if (!cp.handler) return;
  const id = isPersisting(cp.handler, pos);
  if (id === null || task.inputQueues[pos]!.some((q) => q.element.kind === 'barrier' && q.element.barrier.id === id)) return;
  const running = cp.running.find((r) => r.id === id);
  if (running) channelEntry(running.snapshot.inputChannelState, ctx.plan.execution.tasks[index]!.inputs[pos]!).records.push(record);
}

const asQueued = (record: StreamRecord) => ({ element: { kind: 'record', record } as StreamElement });

function channelEntry(list: ChannelStateEntry[], channel: number): ChannelStateEntry {
  let e = list.find((x) => x.channel === channel);
  if (!e) list.push((e = { channel, records: [] }));
  return e;
}

/**
 * The task read a barrier from input position `pos`. A priority barrier carries the data it overtook
 * in the input queue: an unaligned checkpoint stores it as input channel state.
 */
export function onBarrier(ctx: SimContext, world: World, index: number, pos: number, barrier: CheckpointBarrier, overtaken: StreamRecord[], emit: Emit): void {
  const cp = world.tasks[index]!.checkpoint;
  if (!cp.handler) return;
  cp.firstBarrierAt[barrier.id] ??= world.time;
  cp.overtaken = { [pos]: overtaken };
  run(ctx, world, index, processBarrier(cp.handler, barrier, pos, world.time), emit);
  cp.overtaken = {};
}

/** The task read a CancelCheckpointMarker from input position `pos`. */
export function onCancelMarker(ctx: SimContext, world: World, index: number, pos: number, id: number, emit: Emit): void {
  const cp = world.tasks[index]!.checkpoint;
  if (cp.handler) run(ctx, world, index, processCancellationBarrier(cp.handler, id, pos), emit);
}

/** Input position `pos` delivered end of partition. */
export function onEndOfPartition(ctx: SimContext, world: World, index: number, pos: number, emit: Emit): void {
  const cp = world.tasks[index]!.checkpoint;
  if (cp.handler) run(ctx, world, index, processEndOfPartition(cp.handler, pos, world.time), emit);
}

/**
 * The alignment timer of checkpoint `id` fired. The mailbox runs it between two records: a task busy
 * with a record (or a synchronous snapshot) runs it as soon as that is done (`runDueAlignmentTimeout`).
 */
export function onAlignmentTimer(ctx: SimContext, world: World, index: number, id: number, emit: Emit): void {
  const task = world.tasks[index]!;
  if (!task.checkpoint.handler || task.local !== 'RUNNING') return;
  if (task.busy) {
    task.checkpoint.timeoutDue = id;
    return;
  }
  run(ctx, world, index, onAlignmentTimeout(task.checkpoint.handler, id, world.time), emit);
  tryProcess(ctx, world, index, emit);
}

/** Runs an alignment timeout that fired while the task was busy; call when the task is free again. */
export function runDueAlignmentTimeout(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const cp = world.tasks[index]!.checkpoint;
  if (cp.timeoutDue === undefined || !cp.handler) return;
  const id = cp.timeoutDue;
  delete cp.timeoutDue;
  run(ctx, world, index, onAlignmentTimeout(cp.handler, id, world.time), emit);
}

/**
 * Executes the handler's actions in order, except that recording input channel state starts right
 * after the snapshot it belongs to is taken (Flink starts it just before; no record is processed between).
 */
function run(ctx: SimContext, world: World, index: number, given: BarrierAction[], emit: Emit): void {
  const trigger = given.findIndex((a) => a.type === 'trigger');
  const actions = trigger < 0 ? given : [
    ...given.slice(0, trigger + 1).filter((a) => a.type !== 'persistStart'),
    ...given.filter((a) => a.type === 'persistStart'),
    ...given.slice(trigger + 1).filter((a) => a.type !== 'persistStart'),
  ];
  const task = world.tasks[index]!;
  const cp = task.checkpoint;
  const plan = ctx.plan.execution.tasks[index]!;
  for (const a of actions) {
    switch (a.type) {
      case 'block':
      case 'resume':
      case 'unblockAll': {
        const before = cp.blocked;
        cp.blocked = plan.inputs.map((_c, p) => p).filter((p) => isBlocked(cp.handler!, p));
        const changed = before.length !== cp.blocked.length || before.some((p) => !cp.blocked.includes(p));
        if (changed) emit({ type: 'checkpoint.alignment', task: plan.id, blocked: cp.blocked.map((p) => ctx.plan.execution.channels[plan.inputs[p]!]!.id) });
        break;
      }
      case 'trigger':
        triggerCheckpoint(ctx, world, index, a.barrier, a.unaligned, emit);
        break;
      case 'abort':
        abortOnTask(ctx, world, index, a.id, a.reason, emit);
        break;
      case 'persistStart':
        startPersisting(ctx, world, index, a.id, a.channels);
        break;
      case 'persistStop': {
        const r = cp.running.find((x) => x.id === a.id);
        if (r) {
          r.persisting = r.persisting.filter((p) => p !== a.channel);
          maybeAcknowledge(ctx, world, index, r, emit);
        }
        break;
      }
      case 'alignmentTimer':
        scheduleAt(world, world.time + a.delayMs, { kind: 'checkpoint.alignmentTimeout', task: index, attempt: task.attempt, id: a.id });
        break;
      case 'stopped':
        break;
    }
  }
}

/**
 * Unaligned: input channel state starts with what is queued at the task. For a channel whose barrier
 * already arrived that is the data the priority barrier overtook; a barrier still queued behind data
 * (a switch from aligned after the timeout) is moved ahead of it.
 */
function startPersisting(ctx: SimContext, world: World, index: number, id: number, positions: number[]): void {
  const task = world.tasks[index]!;
  const r = task.checkpoint.running.find((x) => x.id === id);
  const plan = ctx.plan.execution.tasks[index]!;
  plan.inputs.forEach((channel, pos) => {
    const queue = task.inputQueues[pos]!;
    const barrierAt = queue.findIndex((q) => q.element.kind === 'barrier' && q.element.barrier.id === id);
    const recording = positions.includes(pos);
    // Data before this checkpoint's barrier (or all of it, when the barrier has not arrived) is state.
    // Before the barrier: data queued ahead of it, and the data a priority barrier overtook.
    const before = barrierAt >= 0 ? [...queue.slice(0, barrierAt), ...(queue[barrierAt]!.overtaken ?? []).map(asQueued)] : recording ? queue : [];
    if (barrierAt > 0) {
      const [b] = queue.splice(barrierAt, 1);
      queue.unshift({ ...b!, priority: true });
      task.available = [pos, ...task.available.filter((p) => p !== pos)];
    }
    const records = before.filter((q) => isData(q.element)).map((q) => (q.element as { record: StreamRecord }).record);
    records.unshift(...(task.checkpoint.overtaken[pos] ?? []));
    if (r && records.length > 0) channelEntry(r.snapshot.inputChannelState, channel).records.push(...records);
  });
  if (r) r.persisting = positions.filter((p) => !task.inputQueues[p]!.some((q) => q.element.kind === 'barrier' && q.element.barrier.id === id));
}

/** The task's snapshot steps (SubtaskCheckpointCoordinatorImpl.checkpointState). */
export function triggerCheckpoint(ctx: SimContext, world: World, index: number, barrier: CheckpointBarrier, unaligned: boolean, emit: Emit): void {
  const task = world.tasks[index]!;
  const cp = task.checkpoint;
  const plan = ctx.plan.execution.tasks[index]!;
  // Step 0: an older or repeated checkpoint is dropped; one aborted already only sends the cancel marker on.
  if (cp.lastCheckpointId >= barrier.id) return;
  cp.lastCheckpointId = barrier.id;
  if (cp.aborted.includes(barrier.id)) {
    broadcast(ctx, world, index, { kind: 'cancel', id: barrier.id }, false, emit);
    return;
  }
  const forwarded: CheckpointBarrier = unaligned ? { ...barrier, options: { ...barrier.options, type: 'unaligned' } } : barrier;
  const snapshot = captureSnapshot(ctx, world, index);
  // Step 2: the barrier goes downstream before the state is snapshotted; no record is processed in between.
  const overtaken = broadcast(ctx, world, index, { kind: 'barrier', barrier: forwarded }, unaligned, emit);
  snapshot.outputChannelState = overtaken;
  snapshot.sinks = snapshotSinks(ctx, world, index, barrier.id, emit);
  const cost = snapshotCost(ctx, index, task.checkpoint.backend, snapshot, barrier.id);
  const r: SubtaskCheckpoint = {
    id: barrier.id, barrier, unaligned, triggeredAt: world.time, firstBarrierAt: cp.firstBarrierAt[barrier.id] ?? world.time,
    syncMs: cost.syncMs, asyncMs: cost.asyncMs, stateSize: cost.fullSize, incrementalSize: cost.incrementalSize,
    syncDone: false, asyncDone: false, persisting: [], pendingOutputs: [], snapshot,
  };
  cp.running.push(r);
  if (!unaligned) watchQueuedBarriers(ctx, world, index, r, forwarded);
  delete cp.firstBarrierAt[barrier.id];
  emit({
    type: 'checkpoint.snapshot', task: plan.id, checkpoint: barrier.id, unaligned, stateSize: cost.fullSize,
    syncMs: cost.syncMs, asyncMs: cost.asyncMs, outputChannelState: overtaken.reduce((n, e) => n + e.records.length, 0),
  });
  // The synchronous part holds the task: it processes nothing until it is done.
  task.busy = true;
  scheduleAt(world, world.time + cost.syncMs, { kind: 'checkpoint.sync', task: index, attempt: task.attempt, id: barrier.id });
}

/** Sends an event on every output channel; a priority one overtakes queued data, which is returned. */
function broadcast(ctx: SimContext, world: World, index: number, element: StreamElement, priority: boolean, emit: Emit): ChannelStateEntry[] {
  const state: ChannelStateEntry[] = [];
  for (const out of ctx.plan.execution.tasks[index]!.outputs) {
    for (const channel of out.channels) {
      if (ctx.blocking[channel]) continue; // BLOCKING results are not part of a streaming checkpoint
      if (!priority) enqueue(ctx, world, channel, element, emit);
      else {
        const records = sendPriority(ctx, world, channel, element, emit).map((e) => (e as { record: StreamRecord }).record);
        if (records.length > 0) state.push({ channel, records });
      }
    }
  }
  return state;
}

/** A `checkpoint.sync` event: the task goes on; the asynchronous part starts. */
export function onSyncDone(ctx: SimContext, world: World, index: number, id: number, emit: Emit): void {
  const task = world.tasks[index]!;
  const r = task.checkpoint.running.find((x) => x.id === id);
  task.busy = false;
  runDueAlignmentTimeout(ctx, world, index, emit);
  if (r) {
    r.syncDone = true;
    scheduleAt(world, world.time + r.asyncMs, { kind: 'checkpoint.async', task: index, attempt: task.attempt, id });
  }
  if (task.source) scheduleSource(ctx, world, index);
  else tryProcess(ctx, world, index, emit);
}

/** A `checkpoint.async` event: the state is written to checkpoint storage. */
export function onAsyncDone(ctx: SimContext, world: World, index: number, id: number, emit: Emit): void {
  const r = world.tasks[index]!.checkpoint.running.find((x) => x.id === id);
  if (!r) return;
  r.asyncDone = true;
  backendAsyncDone(world, index, id);
  maybeAcknowledge(ctx, world, index, r, emit);
}

/** Acknowledges once the state is written and every input channel's state is recorded. */
export function maybeAcknowledge(ctx: SimContext, world: World, index: number, r: SubtaskCheckpoint, emit: Emit): void {
  if (!r.asyncDone || r.persisting.length > 0 || r.pendingOutputs.length > 0) return;
  const task = world.tasks[index]!;
  task.checkpoint.running = task.checkpoint.running.filter((x) => x !== r);
  const id = taskId(ctx, index);
  // The state handles go to checkpoint storage; the acknowledgement carries their size and the metrics.
  (world.checkpointing.storage[r.id] ??= {})[id] = r.snapshot;
  const persistedData = [...r.snapshot.inputChannelState, ...r.snapshot.outputChannelState].reduce((n, e) => n + e.records.length, 0);
  const ack = {
    ackAt: world.time, stateSize: r.stateSize, incrementalSize: r.incrementalSize, persistedData,
    syncMs: r.syncMs, asyncMs: r.asyncMs, alignmentMs: r.triggeredAt - r.firstBarrierAt,
    startDelayMs: Math.max(0, r.firstBarrierAt - r.barrier.timestamp), unaligned: r.unaligned,
  };
  emit({ type: 'checkpoint.acknowledged', task: id, checkpoint: r.id, ...ack });
  sendRpc(ctx, world, task.location!.tm as Endpoint, 'jobmaster', { name: 'acknowledgeCheckpoint', task: index, attempt: task.attempt, id: r.id, ack }, emit);
}

/** abortCheckpointOnBarrier: decline to the JobMaster and send a cancel marker downstream. */
function abortOnTask(ctx: SimContext, world: World, index: number, id: number, reason: string, emit: Emit): void {
  const task = world.tasks[index]!;
  const cp = task.checkpoint;
  if (!cp.aborted.includes(id)) cp.aborted.push(id);
  cp.running = cp.running.filter((r) => r.id !== id);
  delete cp.firstBarrierAt[id];
  if (cp.lastCheckpointId < id) cp.lastCheckpointId = id;
  emit({ type: 'checkpoint.declined', task: taskId(ctx, index), checkpoint: id, reason });
  broadcast(ctx, world, index, { kind: 'cancel', id }, false, emit);
  sendRpc(ctx, world, task.location!.tm as Endpoint, 'jobmaster', { name: 'declineCheckpoint', task: index, attempt: task.attempt, id, reason }, emit);
}

/** notifyCheckpointAborted from the JobMaster: stop working on it (a later barrier is ignored). */
export function onCheckpointAbortedNotification(ctx: SimContext, world: World, index: number, id: number, emit: Emit): void {
  const cp = world.tasks[index]!.checkpoint;
  if (!cp.aborted.includes(id)) cp.aborted.push(id);
  cp.running = cp.running.filter((r) => r.id !== id);
  // The JobMaster already knows: only the handler's unblocking runs, no second decline.
  if (cp.handler) run(ctx, world, index, abortFromTask(cp.handler, id, 'CHECKPOINT_DECLINED').filter((a) => a.type !== 'abort'), emit);
}
