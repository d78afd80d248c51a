/** Dispatches each kernel event to the runtime component that owns it. */
import type { KernelEvent } from '../kernel/KernelEvent.ts';
import type { World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { deliver } from './InputGate.ts';
import { emitNext } from './SourceOperator.ts';
import { processHead, startJob, transitionTask } from './StreamTask.ts';
import { applyAction } from './actions.ts';

/** Applies one kernel event to the world; events of an older execution attempt are dropped. */
export function handleEvent(ctx: SimContext, world: World, event: KernelEvent, emit: Emit): void {
  switch (event.kind) {
    case 'job.start':
      return startJob(ctx, world, emit);
    case 'task.transition':
      if (event.attempt === world.tasks[event.task]!.attempt) transitionTask(ctx, world, event.task, event.event, emit);
      return;
    case 'source.emit':
      return emitNext(ctx, world, event.task, event.epoch, emit);
    case 'channel.deliver':
      return deliver(ctx, world, event.channel, emit);
    case 'task.process':
      if (event.attempt === world.tasks[event.task]!.attempt) processHead(ctx, world, event.task, emit);
      return;
    case 'action':
      return applyAction(ctx, world, event.action, emit);
  }
}
