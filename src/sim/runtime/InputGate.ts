/** Channel delivery: the head of a FIFO channel reaches its consumer's input queue (Flink's InputGate). */
import type { World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { tryProcess } from './StreamTask.ts';

export function deliver(ctx: SimContext, world: World, channel: number, emit: Emit): void {
  const ch = world.channels[channel]!;
  const plan = ctx.plan.execution.channels[channel]!;
  const inFlight = ch.inFlight.shift();
  if (!inFlight) return;
  ch.delivered += 1;
  const task = world.tasks[plan.to]!;
  const from = ctx.plan.execution.tasks[plan.from]!.id;
  const to = ctx.plan.execution.tasks[plan.to]!.id;
  if (inFlight.element.kind === 'record') {
    task.recordsIn += 1;
    emit({ type: 'record.received', task: to, from, channel: plan.id, record: inFlight.element.record.id });
  } else {
    emit({ type: 'end.received', task: to, from, channel: plan.id });
  }
  task.input.push({ channel, element: inFlight.element, arrivedAt: world.time });
  tryProcess(ctx, world, plan.to);
}
