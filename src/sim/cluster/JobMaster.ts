/**
 * The JobMaster's RPC endpoint (flink-runtime/.../jobmaster/JobMaster.java): task state updates from
 * TaskExecutors, slot offers, heartbeats, and losing a TaskExecutor (JobMaster.disconnectTaskManager).
 */
import type { World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { Endpoint, RpcInFlight } from './ClusterRuntime.ts';
import type { ExecutionEvent } from '../runtime/ExecutionState.ts';
import { markFailed, transitionExecution } from '../scheduler/DefaultScheduler.ts';
import { onOfferSlots, releaseTaskManagerSlots, releaseUnusedSlots } from '../scheduler/SlotPool.ts';
import { monitorTarget, receiveHeartbeat, unmonitorTarget } from './HeartbeatManager.ts';
import { isTerminal } from '../runtime/ExecutionState.ts';
import { sendRpc } from './Rpc.ts';

/** TaskExecutor-reported state → the JobMaster's execution event (Execution.switchToInitializing, switchToRunning, markFinished, completeCancelling). */
const REPORTED: Partial<Record<string, ExecutionEvent['type']>> = {
  INITIALIZING: 'INITIALIZE',
  RUNNING: 'RUN',
  FINISHED: 'FINISH',
  CANCELED: 'COMPLETE_CANCELLING',
};

export function onJobMasterRpc(ctx: SimContext, world: World, rpc: RpcInFlight, emit: Emit): void {
  const m = rpc.message;
  switch (m.name) {
    case 'updateTaskExecutionState': {
      const task = world.tasks[m.task]!;
      if (task.attempt !== m.attempt) return; // an older attempt: no effect
      if (m.state === 'FAILED') return markFailed(ctx, world, m.task, m.cause ?? 'task failed', emit, m.partition);
      const event = REPORTED[m.state];
      if (event) transitionExecution(ctx, world, m.task, event, emit);
      return;
    }
    case 'offerSlots':
      if (world.cluster.jobMaster && !isTerminalJob(world)) return onOfferSlots(ctx, world, rpc, emit);
      // A finished job rejects the offer: the TaskExecutor frees the slots.
      for (const s of m.slots) sendRpc(ctx, world, 'jobmaster', rpc.from, { name: 'freeSlot', allocationId: s.allocationId }, emit);
      return;
    case 'registerTaskManager':
      // JobMaster.registerTaskManager: from now on the JobMaster monitors it with heartbeats.
      if (world.cluster.jobMaster && !isTerminalJob(world)) monitorTarget(ctx, world, 'jobmaster', rpc.from);
      return;
    case 'heartbeat':
      return receiveHeartbeat(ctx, world, 'jobmaster', rpc.from);
    default:
      return;
  }
}

const isTerminalJob = (world: World) => ['FINISHED', 'FAILED', 'CANCELED', 'SUSPENDED'].includes(world.jobStatus);

/** The JobMaster lost a TaskExecutor: its slots are gone and its executions fail. */
export function jobMasterLostTaskManager(ctx: SimContext, world: World, tm: Endpoint, reason: string, emit: Emit): void {
  unmonitorTarget(world, 'jobmaster', tm);
  releaseTaskManagerSlots(world, tm);
  emit({ type: 'taskmanager.lost', tm, by: 'jobmaster', reason });
  world.tasks.forEach((task, i) => {
    if (task.location?.tm !== tm || isTerminal(task.state) || task.state === 'CREATED') return;
    markFailed(ctx, world, i, `${reason} (${tm})`, emit);
  });
  releaseUnusedSlots(ctx, world, emit);
}
