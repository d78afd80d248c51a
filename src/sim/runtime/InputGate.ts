/** Channel delivery: the head of a FIFO channel reaches its consumer's input queue (Flink's InputGate). */
import type { World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { tryProcess } from './StreamTask.ts';
import { SimulationError, unreachable } from '../kernel/errors.ts';

export function deliver(ctx: SimContext, world: World, channel: number, emit: Emit): void {
  const ch = world.channels[channel]!;
  const plan = ctx.plan.execution.channels[channel]!;
  const inFlight = ch.inFlight.shift();
  if (!inFlight) throw new SimulationError(`internal: delivery on empty channel ${plan.id} at t = ${world.time}`);
  ch.delivered += 1;
  const task = world.tasks[plan.to]!;
  const from = ctx.plan.execution.tasks[plan.from]!.id;
  const to = ctx.plan.execution.tasks[plan.to]!.id;
  const element = inFlight.element;
  switch (element.kind) {
    case 'record':
      task.recordsIn += 1;
      emit({ type: 'record.received', task: to, from, channel: plan.id, record: element.record.id });
      break;
    case 'end':
      emit({ type: 'end.received', task: to, from, channel: plan.id });
      break;
    default:
      unreachable(element);
  }
  task.input.push({ channel, element: inFlight.element, arrivedAt: world.time });
  tryProcess(ctx, world, plan.to);
}
