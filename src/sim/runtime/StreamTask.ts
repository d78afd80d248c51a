/**
 * A task's data processing on its TaskExecutor (Flink's StreamTask mailbox loop): once the Task
 * runs, it reads its input queue one element at a time (one record per `costMs`), sources emit, and
 * at the end of input it finishes. A restart replaces the task's runtime with a fresh attempt.
 */
import type { ChannelRuntime, TaskRuntime, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { schedule } from './Kernel.ts';
import { PARTITIONERS } from '../partitioner/StreamPartitioner.ts';
import { endOfInput, runChain } from './OperatorChain.ts';
import { broadcastEnd, flushBlocking } from './RecordWriter.ts';
import { rebaseRate, scheduleSource } from './SourceOperator.ts';
import { unreachable } from '../kernel/errors.ts';
import { peekNext, pollNext } from './InputGate.ts';
import { endLocalTask } from '../cluster/TaskExecutor.ts';
import { partitionId } from '../scheduler/ExecutionTopology.ts';
import { emitGenerated, newTaskTime, processInputStatus, processInputWatermark, startPeriodicWatermarks } from './EventTime.ts';
import { LONG_MAX } from '../util/JavaLong.ts';
import { endBusy, isOutputAvailable, markBackPressured, newTaskMetrics, startBusy } from '../network/BackPressure.ts';
import { exclusiveSlots, onBufferConsumed } from '../network/RemoteInputChannel.ts';
import { newTaskCheckpointState, onBarrier, onCancelMarker, onEndOfPartition, runDueAlignmentTimeout } from '../checkpoint/SubtaskCheckpointCoordinator.ts';
import { replayChannelState } from '../checkpoint/TaskRestore.ts';
import { finishSinks } from '../checkpoint/TransactionalSinks.ts';

/** A fresh runtime for a task's attempt `attempt` (sources keep their rate and epoch counter). */
export function newTaskRuntime(ctx: SimContext, index: number, attempt: number, previous?: TaskRuntime): TaskRuntime {
  const t = ctx.plan.execution.tasks[index]!;
  const head = ctx.node.get(t.operators[0]!)!.spec;
  const task: TaskRuntime = {
    state: 'CREATED',
    local: null,
    location: null,
    attempt,
    paused: previous?.paused ?? false,
    busy: false,
    inputQueues: t.inputs.map(() => []),
    available: [],
    endedInputs: 0,
    keyed: {},
    partitioners: t.outputs.map(() => 0),
    producedOutputs: [],
    recordsIn: 0,
    recordsOut: 0,
    time: newTaskTime(ctx, index),
    inputBuffers: t.inputs.map(() => ({ floating: 0, backlog: 0, consumed: 0, queued: 0 })),
    floatingFree: [0, 1].map(() => ctx.network.floatingBuffersPerGate * ctx.network.recordsPerBuffer),
    metrics: newTaskMetrics(),
    checkpoint: newTaskCheckpointState(ctx, index),
    sinks: {},
  };
  if (head.type === 'source') {
    task.source = {
      offset: 0,
      ratePerSec: previous?.source?.ratePerSec ?? head.generator?.ratePerSec ?? 0,
      rateSince: { time: 0, offset: 0 },
      lastEmitAt: null,
      scheduled: false,
      epoch: (previous?.source?.epoch ?? -1) + 1,
      done: false,
    };
  }
  return task;
}

/**
 * ExecutionVertex.resetForNewExecution: a new attempt in CREATED. Without checkpoints nothing is
 * restored: keyed state starts empty and sources read from the beginning. Channels into and out of
 * the task are reset; a blocking input keeps its finished data for the new attempt to read again.
 */
export function resetTask(ctx: SimContext, world: World, index: number): void {
  const previous = world.tasks[index]!;
  world.tasks[index] = newTaskRuntime(ctx, index, previous.attempt + 1, previous);
  const plan = ctx.plan.execution.tasks[index]!;
  for (const c of plan.inputs) resetChannel(ctx, world, c, false);
  for (const out of plan.outputs) for (const c of out.channels) resetChannel(ctx, world, c, true);
}

/** A channel as a new consumer attempt requests it: nothing in flight, the exclusive buffers as credit. */
export function newChannelRuntime(ctx: SimContext): ChannelRuntime {
  return {
    epoch: 0, stored: [], flushed: false, outQueue: [], backlog: 0, credit: exclusiveSlots(ctx), inFlight: [], priority: [],
    lastArrivesAt: 0, sent: 0, delivered: 0,
  };
}

function resetChannel(ctx: SimContext, world: World, channel: number, producerRestarts: boolean): void {
  const ch = world.channels[channel]!;
  ch.epoch += 1;
  ch.inFlight = [];
  ch.priority = [];
  ch.outQueue = [];
  ch.backlog = 0;
  ch.credit = exclusiveSlots(ctx);
  ch.lastArrivesAt = world.time;
  ch.flushed = false;
  if (producerRestarts) ch.stored = [];
}

/** The Task reached RUNNING on its TaskExecutor: record writers are set up and work begins. */
export function onTaskRunning(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const plan = ctx.plan.execution.tasks[index]!;
  const task = world.tasks[index]!;
  plan.outputs.forEach((out, o) => {
    const edge = ctx.plan.jobGraph.edges[out.edge]!;
    task.partitioners[o] = PARTITIONERS[edge.partitioner].setup({ channels: out.channels.length, rng: world.rng, maxParallelism: 0 });
  });
  // A BLOCKING input whose producer's TaskManager is gone cannot be read (the data was on it).
  for (const c of plan.inputs) {
    if (!ctx.blocking[c]) continue;
    const producer = ctx.plan.execution.tasks[ctx.plan.execution.channels[c]!.from]!;
    const tm = world.tasks[producer.index]!.location?.tm;
    const alive = tm && world.cluster.taskManagers.some((t) => t.id === tm && t.status === 'running');
    if (world.tasks[producer.index]!.state === 'FINISHED' && !alive) {
      const partition = partitionId(ctx.plan.execution.channels[c]!.edge, producer.id);
      endLocalTask(ctx, world, index, 'FAILED', emit, `PartitionNotFoundException: Partition ${partition} not found.`, partition);
      return;
    }
  }
  for (const c of plan.inputs) flushBlocking(ctx, world, c, emit);
  replayChannelState(ctx, world, index, emit);
  startPeriodicWatermarks(ctx, world, index);
  if (task.source) {
    rebaseRate(world, index);
    scheduleSource(ctx, world, index);
  } else tryProcess(ctx, world, index, emit);
}

/**
 * Starts processing the head of the input queue, unless the task is busy, paused or not running.
 * A task whose output has no free buffer waits (back-pressured); a priority event is still read.
 */
export function tryProcess(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const task = world.tasks[index]!;
  const head = peekNext(task);
  if (!head || task.busy || task.paused || task.local !== 'RUNNING') return;
  if (head.priority !== true && !isOutputAvailable(ctx, world, index)) {
    markBackPressured(ctx, world, index, emit);
    return;
  }
  task.busy = true;
  const cost = head.element.kind === 'record' ? ctx.chainCost[index]! : 0;
  if (cost > 0) startBusy(task, world.time);
  schedule(world, cost, { kind: 'task.process', task: index, attempt: task.attempt });
}

/** A `task.process` event: the task finished its next input element (a record through the chain, or an end of partition). */
export function processHead(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const task = world.tasks[index]!;
  task.busy = false;
  endBusy(task, world.time);
  if (task.paused || task.local !== 'RUNNING') return;
  const head = pollNext(task);
  if (!head) return;
  const element = head.element;
  const pos = ctx.inputPosition[head.channel]!;
  switch (element.kind) {
    case 'record':
      task.recordsIn += 1;
      if (!head.restored) onBufferConsumed(ctx, world, head.channel);
      runChain(ctx, world, index, ctx.plan.execution.tasks[index]!.operators[0]!, element.record, emit);
      break;
    case 'barrier':
      onBarrier(ctx, world, index, pos, element.barrier, head.overtaken ?? [], emit);
      break;
    case 'cancel':
      onCancelMarker(ctx, world, index, pos, element.id, emit);
      break;
    case 'watermark':
      processInputWatermark(ctx, world, index, head.channel, element.timestamp, emit);
      break;
    case 'status':
      processInputStatus(ctx, world, index, head.channel, element.status, emit);
      break;
    case 'end':
      task.endedInputs += 1;
      onEndOfPartition(ctx, world, index, pos, emit);
      // Every input delivered end-of-partition and, FIFO, everything before it was processed.
      if (task.endedInputs === ctx.plan.execution.tasks[index]!.inputs.length) {
        finishTask(ctx, world, index, emit, element.stop !== true);
        return;
      }
      break;
    default:
      unreachable(element);
  }
  // Between two records the mailbox runs a timer that fired meanwhile (the alignment timeout).
  runDueAlignmentTimeout(ctx, world, index, emit);
  tryProcess(ctx, world, index, emit);
}

/**
 * End of input: a source emits the end-of-event-time watermark (Watermark.MAX_WATERMARK,
 * SourceOperatorStreamTask; not when stopped with a savepoint without draining), then end-of-partition goes out on every output channel and the Task is
 * FINISHED. Pending processing-time timers are dropped (the timer service is quiesced).
 */
export function finishTask(ctx: SimContext, world: World, index: number, emit: Emit, drain = true): void {
  const head = ctx.plan.execution.tasks[index]!.operators[0]!;
  if (world.tasks[index]!.source && drain) emitGenerated(ctx, world, index, head, LONG_MAX, emit);
  endOfInput(ctx, world, index, emit);
  // Stop with savepoint without draining does not call finish(): the sink's open transaction is aborted on close.
  if (drain) finishSinks(ctx, world, index, emit);
  broadcastEnd(ctx, world, index, emit, !drain);
  endLocalTask(ctx, world, index, 'FINISHED', emit);
}
