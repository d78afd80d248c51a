/**
 * Channel delivery: the head of a FIFO channel reaches its consumer's input queue (Flink's InputGate).
 * A priority event (an unaligned barrier) jumps ahead of the queued data of its channel. A channel
 * blocked by barrier alignment keeps its data queued (CheckpointedInputGate).
 */
import type { Queued, TaskRuntime, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { tryProcess } from './StreamTask.ts';
import { SimulationError, unreachable } from '../kernel/errors.ts';
import { onBufferReceived } from '../network/RemoteInputChannel.ts';
import { isInputBlocked, onRecordArrived } from '../checkpoint/SubtaskCheckpointCoordinator.ts';

/** A `channel.deliver` event: the channel's head element (or its first priority event) joins the consumer's queue for that channel. */
export function deliver(ctx: SimContext, world: World, channel: number, epoch: number, priority: boolean, emit: Emit): void {
  const ch = world.channels[channel]!;
  if (epoch !== ch.epoch) return; // the channel was reset by a restart since
  const plan = ctx.plan.execution.channels[channel]!;
  const inFlight = priority ? ch.priority.shift() : ch.inFlight.shift();
  if (!inFlight) throw new SimulationError(`internal: delivery on empty channel ${plan.id} at t = ${world.time}`);
  ch.delivered += 1;
  const task = world.tasks[plan.to]!;
  if (task.location && task.local === null) return; // its TaskManager is gone: the data is lost
  const from = ctx.plan.execution.tasks[plan.from]!.id;
  const to = ctx.plan.execution.tasks[plan.to]!.id;
  const element = inFlight.element;
  const base = { task: to, from, channel: plan.id };
  switch (element.kind) {
    case 'record':
      emit({ type: 'record.received', ...base, record: element.record.id });
      break;
    case 'end':
      emit({ type: 'end.received', ...base });
      break;
    case 'watermark':
      emit({ type: 'watermark.received', ...base, watermark: element.timestamp });
      break;
    case 'status':
      emit({ type: 'watermark.received', ...base, status: element.status });
      break;
    case 'barrier':
      emit({ type: 'barrier.received', ...base, checkpoint: element.barrier.id, unaligned: element.barrier.options.type === 'unaligned' });
      break;
    case 'cancel':
      emit({ type: 'barrier.received', ...base, checkpoint: element.id, cancel: true });
      break;
    default:
      unreachable(element);
  }
  const pos = ctx.inputPosition[channel]!;
  const queue = task.inputQueues[pos]!;
  const queued: Queued = { channel, element, arrivedAt: world.time };
  if (priority) {
    queued.priority = true;
    queued.overtaken = queue.flatMap((q) => (q.element.kind === 'record' ? [q.element.record] : []));
    queue.unshift(queued);
    task.available = [pos, ...task.available.filter((p) => p !== pos)];
  } else {
    queue.push(queued);
    if (queue.length === 1) task.available.push(pos);
  }
  if (element.kind === 'record') {
    onRecordArrived(ctx, world, plan.to, pos, element.record, emit);
    if (inFlight.backlog !== undefined) onBufferReceived(ctx, world, channel, inFlight.backlog);
  }
  tryProcess(ctx, world, plan.to, emit);
}

/** The input position the task reads next: the first channel with data that is not blocked. */
function nextPosition(task: TaskRuntime): number {
  return task.available.findIndex((pos) => !isInputBlocked(task, pos) || task.inputQueues[pos]![0]?.priority === true);
}

/** The next element the task will read: the head of the first unblocked channel with data. */
export function peekNext(task: TaskRuntime): Queued | undefined {
  const i = nextPosition(task);
  return i < 0 ? undefined : task.inputQueues[task.available[i]!]![0];
}

/** Takes the next element; its channel goes to the back of the line if it has more. */
export function pollNext(task: TaskRuntime): Queued | undefined {
  const i = nextPosition(task);
  if (i < 0) return undefined;
  const [pos] = task.available.splice(i, 1) as [number];
  const queue = task.inputQueues[pos]!;
  const head = queue.shift();
  if (queue.length > 0) task.available.push(pos);
  return head;
}
