/** Applies a learner action (a timeline input) to the world. */
import type { Action, TimedAction } from '../actions.ts';
import type { World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { rebaseRate, scheduleSource } from './SourceOperator.ts';
import { tryProcess } from './StreamTask.ts';
import { endLocalTask, killTaskManager, launchTaskManager } from '../cluster/TaskExecutor.ts';
import { cancelJob, suspendJob } from '../scheduler/DefaultScheduler.ts';
import type { Endpoint } from '../cluster/ClusterRuntime.ts';
import { sendRpc } from '../cluster/Rpc.ts';
import { requestCheckpoint } from '../checkpoint/CheckpointingRuntime.ts';

/** The exception a `failTask` fault throws in the user code. */
export const INJECTED_FAILURE = 'java.lang.RuntimeException: failure injected by Flinkscope';

/** An `action` or `fault` event: the input takes effect and is traced as `action.applied`. */
export function applyAction(ctx: SimContext, world: World, timed: Action | TimedAction, emit: Emit): void {
  const { step: _s, time: _t, at: _a, ...action } = timed as TimedAction & { at?: number };
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
        tryProcess(ctx, world, i, emit);
      }
      return;
    }
    case 'failTask': {
      const i = ctx.taskIndex.get(action.task);
      const task = i === undefined ? undefined : world.tasks[i];
      if (i === undefined || !task) return;
      if (task.local === 'DEPLOYING' || task.local === 'INITIALIZING' || task.local === 'RUNNING') {
        endLocalTask(ctx, world, i, 'FAILED', emit, INJECTED_FAILURE);
      }
      return;
    }
    case 'killTaskManager':
      // On YARN the container's end is reported to the ResourceManager; standalone, only heartbeats tell.
      if (killTaskManager(world, action.taskManager as Endpoint, emit) && ctx.settings.mode === 'yarn') {
        sendRpc(ctx, world, 'yarn', 'resourcemanager', { name: 'containerCompleted', tm: action.taskManager }, emit);
      }
      return;
    case 'addTaskManager':
      launchTaskManager(ctx, world, emit);
      return;
    case 'cancelJob':
      return cancelJob(ctx, world, emit);
    case 'loseLeadership':
      return suspendJob(ctx, world, emit);
    case 'triggerSavepoint':
    case 'stopWithSavepoint':
      // CheckpointCoordinator.triggerSavepoint / triggerSynchronousSavepoint (only while the job runs).
      if (world.jobStatus === 'RUNNING') requestCheckpoint(ctx, world, false, { savepoint: true, synchronous: action.type === 'stopWithSavepoint' }, emit);
      return;
  }
}
