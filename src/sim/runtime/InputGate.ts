/** Channel delivery: the head of a FIFO channel reaches its consumer's input queue (Flink's InputGate). */
import type { Queued, TaskRuntime, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { tryProcess } from './StreamTask.ts';
import { SimulationError, unreachable } from '../kernel/errors.ts';

/** A `channel.deliver` event: the channel's head element joins the consumer's queue for that channel. */
export function deliver(ctx: SimContext, world: World, channel: number, epoch: number, emit: Emit): void {
  const ch = world.channels[channel]!;
  if (epoch !== ch.epoch) return; // the channel was reset by a restart since
  const plan = ctx.plan.execution.channels[channel]!;
  const inFlight = ch.inFlight.shift();
  if (!inFlight) throw new SimulationError(`internal: delivery on empty channel ${plan.id} at t = ${world.time}`);
  ch.delivered += 1;
  const task = world.tasks[plan.to]!;
  if (task.location && task.local === null) return; // its TaskManager is gone: the data is lost
  const from = ctx.plan.execution.tasks[plan.from]!.id;
  const to = ctx.plan.execution.tasks[plan.to]!.id;
  const element = inFlight.element;
  switch (element.kind) {
    case 'record':
      emit({ type: 'record.received', task: to, from, channel: plan.id, record: element.record.id });
      break;
    case 'end':
      emit({ type: 'end.received', task: to, from, channel: plan.id });
      break;
    case 'watermark':
      emit({ type: 'watermark.received', task: to, from, channel: plan.id, watermark: element.timestamp });
      break;
    case 'status':
      emit({ type: 'watermark.received', task: to, from, channel: plan.id, status: element.status });
      break;
    default:
      unreachable(element);
  }
  const pos = ctx.inputPosition[channel]!;
  const queue = task.inputQueues[pos]!;
  queue.push({ channel, element: inFlight.element, arrivedAt: world.time });
  if (queue.length === 1) task.available.push(pos);
  tryProcess(ctx, world, plan.to);
}

/** The next element the task will read: the head of the first channel with data. */
export function peekNext(task: TaskRuntime): Queued | undefined {
  const pos = task.available[0];
  return pos === undefined ? undefined : task.inputQueues[pos]![0];
}

/** Takes the next element; its channel goes to the back of the line if it has more. */
export function pollNext(task: TaskRuntime): Queued | undefined {
  const pos = task.available.shift();
  if (pos === undefined) return undefined;
  const queue = task.inputQueues[pos]!;
  const head = queue.shift();
  if (queue.length > 0) task.available.push(pos);
  return head;
}
