/** Applies a learner action (a timeline input) to the world. */
import type { TimedAction } from '../actions.ts';
import type { World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { rebaseRate, scheduleSource } from './SourceOperator.ts';
import { tryProcess } from './StreamTask.ts';

/** An `action` event: the learner's action takes effect and is traced as `action.applied`. */
export function applyAction(ctx: SimContext, world: World, timed: TimedAction, emit: Emit): void {
  const { step: _s, time: _t, ...action } = timed;
  emit({ type: 'action.applied', action });
  const tasks = ctx.plan.execution.tasks;
  switch (action.type) {
    case 'setSourceRate':
      tasks.forEach((t, i) => {
        const src = world.tasks[i]!.source;
        if (src && t.operators[0] === action.operator && (action.subtask === undefined || action.subtask === t.subtask)) {
          src.ratePerSec = action.ratePerSec;
          rebaseRate(world, i, true);
          scheduleSource(ctx, world, i);
        }
      });
      return;
    case 'pauseTask':
    case 'resumeTask': {
      const i = tasks.findIndex((t) => t.id === action.task);
      const task = world.tasks[i];
      if (!task) return;
      task.paused = action.type === 'pauseTask';
      if (!task.paused) {
        if (task.source) {
          rebaseRate(world, i); // a rate-limited generator resumes at its rate, without a burst
          scheduleSource(ctx, world, i);
        }
        tryProcess(ctx, world, i);
      }
      return;
    }
  }
}
