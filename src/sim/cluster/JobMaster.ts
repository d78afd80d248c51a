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
import { onAcknowledge, onDecline } from '../checkpoint/CheckpointingRuntime.ts';

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
    case 'acknowledgeCheckpoint':
      // An acknowledgement of an older attempt still counts: its snapshot is stored (the coordinator decides).
      return onAcknowledge(ctx, world, m.task, m.id, { ...m.ack, snapshot: null }, emit);
    case 'declineCheckpoint':
      return onDecline(ctx, world, m.task, m.id, m.reason, emit);
    default:
      return;
  }
}

const isTerminalJob = (world: World) => ['FINISHED', 'FAILED', 'CANCELED', 'SUSPENDED'].includes(world.jobStatus);

/**
 * JobMaster.disconnectTaskManager: its slots are released, which fails every execution bound to
 * them — deployed ones and SCHEDULED ones whose group already had a slot there
 * (SharedSlot.release) — and the TaskExecutor is told to disconnect (disconnectJobManager).
 */
export function jobMasterLostTaskManager(ctx: SimContext, world: World, tm: Endpoint, reason: string, emit: Emit): void {
  const jm = world.cluster.jobMaster;
  unmonitorTarget(world, 'jobmaster', tm);
  const onTm = new Set(jm?.pool.filter((s) => s.tm === tm).map((s) => s.allocationId) ?? []);
  const boundGroups = new Set((jm?.essgSlot ?? []).flatMap((a, g) => (a && onTm.has(a) ? [g] : [])));
  releaseTaskManagerSlots(world, tm);
  emit({ type: 'taskmanager.lost', tm, by: 'jobmaster', reason });
  sendRpc(ctx, world, 'jobmaster', tm, { name: 'disconnectJobManager' }, emit);
  world.tasks.forEach((task, i) => {
    if (isTerminal(task.state) || task.state === 'CREATED') return;
    const bound = task.location?.tm === tm || (task.state === 'SCHEDULED' && boundGroups.has(ctx.slotSharing.groupOfTask[i]!));
    if (bound) markFailed(ctx, world, i, reason, emit);
  });
  releaseUnusedSlots(ctx, world, emit);
}
