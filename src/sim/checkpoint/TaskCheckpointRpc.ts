/**
 * Checkpoint RPCs on a TaskExecutor (TaskExecutor.triggerCheckpoint / confirmCheckpoint /
 * abortCheckpoint → Task.triggerCheckpointBarrier / notifyCheckpointComplete / notifyCheckpointAborted).
 */
import type { BarrierOptions, World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { Endpoint, RpcMessage } from '../cluster/ClusterRuntime.ts';
import { sendRpc } from '../cluster/Rpc.ts';
import { onCheckpointAbortedNotification, triggerCheckpoint } from './SubtaskCheckpointCoordinator.ts';
import { commitSinks } from './TransactionalSinks.ts';
import { backendAborted, backendCompleted } from './StateBackendRuntime.ts';
import { finishTask } from '../runtime/StreamTask.ts';
import { scheduleSource } from '../runtime/SourceOperator.ts';

type CheckpointRpc = Extract<RpcMessage, { name: 'triggerCheckpoint' | 'notifyCheckpointComplete' | 'notifyCheckpointAborted' }>;

export function onCheckpointRpc(ctx: SimContext, world: World, m: CheckpointRpc, emit: Emit): void {
  const task = world.tasks[m.task]!;
  if (task.attempt !== m.attempt || !task.location) return; // a newer attempt runs there now: nothing to do
  switch (m.name) {
    case 'triggerCheckpoint': {
      if (task.local !== 'RUNNING') {
        // Task.triggerCheckpointBarrier on a task that is not running: declined, not counted as a failure.
        sendRpc(ctx, world, task.location.tm as Endpoint, 'jobmaster', { name: 'declineCheckpoint', task: m.task, attempt: m.attempt, id: m.id, reason: 'CHECKPOINT_DECLINED_TASK_NOT_READY' }, emit);
        return;
      }
      const c = ctx.checkpoint;
      // CheckpointOptions.forConfig: savepoints are always aligned; unaligned with timeout 0 starts unaligned.
      const type: BarrierOptions['type'] = c.mode === 'AT_LEAST_ONCE' ? 'atLeastOnce' : !c.unaligned || m.savepoint ? 'aligned' : c.alignedTimeoutMs === 0 ? 'unaligned' : 'aligned';
      const options: BarrierOptions = type === 'aligned' && c.unaligned && !m.savepoint ? { type, alignedTimeoutMs: c.alignedTimeoutMs } : { type, ...(m.savepoint ? { savepoint: true } : {}) };
      // Stop with savepoint: the source emits nothing after the savepoint's barrier (SourceStreamTask stops).
      if (m.synchronous && task.source) task.source.stopping = m.id;
      triggerCheckpoint(ctx, world, m.task, { id: m.id, timestamp: m.timestamp, options }, type === 'unaligned', emit);
      return;
    }
    case 'notifyCheckpointComplete':
      if (task.local !== 'RUNNING' && task.local !== 'FINISHED') return;
      backendCompleted(world, m.task, m.id);
      commitSinks(ctx, world, m.task, m.id, emit);
      // The synchronous savepoint completed: the stopped source finishes without draining (no MAX watermark).
      if (task.source?.stopping === m.id && task.local === 'RUNNING') {
        task.source.done = true;
        finishTask(ctx, world, m.task, emit, false);
      }
      return;
    case 'notifyCheckpointAborted':
      if (task.local !== 'RUNNING') return;
      backendAborted(world, m.task, m.id);
      onCheckpointAbortedNotification(ctx, world, m.task, m.id, emit);
      // A failed stop-with-savepoint lets the job go on.
      if (task.source?.stopping === m.id) {
        delete task.source.stopping;
        scheduleSource(ctx, world, m.task);
      }
      return;
  }
}
