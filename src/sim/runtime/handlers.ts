/** Dispatches each kernel event to the runtime component that owns it. */
import type { KernelEvent } from '../kernel/KernelEvent.ts';
import type { World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import type { Endpoint, RpcInFlight } from '../cluster/ClusterRuntime.ts';
import { deliver } from './InputGate.ts';
import { emitNext } from './SourceOperator.ts';
import { processHead } from './StreamTask.ts';
import { applyAction } from './actions.ts';
import { sendRpc, takeRpc } from '../cluster/Rpc.ts';
import { onDispatcherRpc, onProcessStarted, startCluster } from '../cluster/Dispatcher.ts';
import { endLocalTask, onLocalStep, onTaskExecutorRpc } from '../cluster/TaskExecutor.ts';
import { FlinkRuntimeException } from '../windowing/TimeWindow.ts';
import { closeTaskManagerConnection, checkResourceRequirements, onResourceManagerRpc, onTaskManagerIdle, onYarnRpc } from '../cluster/ResourceManager.ts';
import { jobMasterLostTaskManager, onJobMasterRpc } from '../cluster/JobMaster.ts';
import { isTimedOut, onHeartbeatTick, reportHeartbeatRpcFailure } from '../cluster/HeartbeatManager.ts';
import type { HeartbeatSender } from '../kernel/KernelEvent.ts';
import { markFailed, onRestartDelay, startScheduling, transitionExecution } from '../scheduler/DefaultScheduler.ts';
import { onBulkTimeout, onSlotIdle } from '../scheduler/SlotPool.ts';
import { isTerminalJobStatus } from './JobStatus.ts';
import { onPeriodicWatermark, onProcessingTimer } from './EventTime.ts';
import { onCreditArrived } from '../network/RemoteInputChannel.ts';
import { onPeriodicTrigger, onTimeout } from '../checkpoint/CheckpointingRuntime.ts';
import { onAlignmentTimer, onAsyncDone, onSyncDone } from '../checkpoint/SubtaskCheckpointCoordinator.ts';
import { onOutputTimeout } from '../checkpoint/AlignedBarrierTimeout.ts';

/** Applies one kernel event to the world; events of an older execution attempt are dropped. */
export function handleEvent(ctx: SimContext, world: World, event: KernelEvent, emit: Emit): void {
  switch (event.kind) {
    case 'cluster.start':
      return startCluster(ctx, world, emit);
    case 'rpc.deliver': {
      const taken = takeRpc(world, event.id, emit);
      if (!taken) return;
      return taken.delivered ? routeRpc(ctx, world, taken.rpc, emit) : rpcFailed(ctx, world, taken.rpc, emit);
    }
    case 'jobmaster.start':
      return startScheduling(ctx, world, emit);
    case 'process.started':
      return onProcessStarted(ctx, world, event.process, emit);
    case 'container.allocated':
      return sendRpc(ctx, world, 'yarn', 'resourcemanager', { name: 'containerAllocated', tm: event.tm }, emit);
    case 'task.local':
      if (event.attempt === world.tasks[event.task]!.attempt) onLocalStep(ctx, world, event.task, event.step, emit);
      return;
    case 'source.emit':
      return inTask(ctx, world, event.task, emit, () => emitNext(ctx, world, event.task, event.epoch, emit));
    case 'channel.deliver':
      return deliver(ctx, world, event.channel, event.epoch, event.priority === true, emit);
    case 'channel.credit':
      return onCreditArrived(ctx, world, event.channel, event.epoch, event.credits, emit);
    case 'checkpoint.trigger':
      return onPeriodicTrigger(ctx, world, event.epoch, emit);
    case 'checkpoint.timeout':
      return onTimeout(ctx, world, event.id, emit);
    case 'checkpoint.sync':
      if (event.attempt === world.tasks[event.task]!.attempt) inTask(ctx, world, event.task, emit, () => onSyncDone(ctx, world, event.task, event.id, emit));
      return;
    case 'checkpoint.async':
      if (event.attempt === world.tasks[event.task]!.attempt) onAsyncDone(ctx, world, event.task, event.id, emit);
      return;
    case 'checkpoint.outputTimeout':
      if (event.attempt === world.tasks[event.task]!.attempt) onOutputTimeout(ctx, world, event.task, event.id, event.channel, emit);
      return;
    case 'checkpoint.alignmentTimeout':
      if (event.attempt === world.tasks[event.task]!.attempt) inTask(ctx, world, event.task, emit, () => onAlignmentTimer(ctx, world, event.task, event.id, emit));
      return;
    case 'task.process':
      if (event.attempt === world.tasks[event.task]!.attempt) inTask(ctx, world, event.task, emit, () => processHead(ctx, world, event.task, emit));
      return;
    case 'heartbeat.tick':
      return onHeartbeatTick(ctx, world, event.sender, senderActive(world, event.sender), emit);
    case 'heartbeat.check':
      // A stopped heartbeat manager (the job is over) no longer declares targets lost.
      if (senderActive(world, event.sender) && isTimedOut(world, event.sender, event.tm, event.epoch)) {
        // JobMaster/ResourceManager heartbeat listeners (TaskManagerHeartbeatListener.notifyHeartbeatTimeout).
        targetLost(ctx, world, event.sender, event.tm, `java.util.concurrent.TimeoutException: The heartbeat of TaskManager with id ${event.tm} timed out.`, emit);
      }
      return;
    case 'bulk.timeout':
      return onBulkTimeout(ctx, world, event.bulk, emit);
    case 'restart.delay':
      return onRestartDelay(ctx, world, event.restart, emit);
    case 'slot.idle':
      return onSlotIdle(ctx, world, event.allocationId, event.since, emit);
    case 'taskmanager.idle':
      return onTaskManagerIdle(ctx, world, event.tm, event.since, emit);
    case 'watermark.periodic':
      return inTask(ctx, world, event.task, emit, () => onPeriodicWatermark(ctx, world, event.task, event.operator, event.attempt, emit));
    case 'timer.processing':
      return inTask(ctx, world, event.task, emit, () => onProcessingTimer(ctx, world, event.task, event.operator, event.attempt, event.time, emit));
    case 'action':
      return applyAction(ctx, world, event.action, emit);
    case 'fault':
      return applyAction(ctx, world, event.action, emit);
  }
}

/**
 * Runs a task's work. An exception Flink's own operator code throws there (a record without a
 * timestamp in an event-time window, a merge into a window already cleaned up) fails the task, as
 * Task.doRun does; the scheduler then handles the failure (restart or job FAILED).
 */
function inTask(ctx: SimContext, world: World, index: number, emit: Emit, run: () => void): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof FlinkRuntimeException)) throw e;
    endLocalTask(ctx, world, index, 'FAILED', emit, `java.lang.${e.javaClass}: ${e.message}`);
  }
}

/** Heartbeat senders stop when the job is over (JobMaster) or the whole cluster is idle after it (ResourceManager). */
function senderActive(world: World, sender: HeartbeatSender): boolean {
  if (sender === 'jobmaster') return !isTerminalJobStatus(world.jobStatus) && !world.cluster.leadershipLost;
  return !isTerminalJobStatus(world.jobStatus);
}

function routeRpc(ctx: SimContext, world: World, rpc: RpcInFlight, emit: Emit): void {
  switch (rpc.to) {
    case 'dispatcher':
      return onDispatcherRpc(ctx, world, emit);
    case 'jobmaster':
      return onJobMasterRpc(ctx, world, rpc, emit);
    case 'resourcemanager':
      return onResourceManagerRpc(ctx, world, rpc, emit);
    case 'yarn':
      return onYarnRpc(ctx, world, rpc, emit);
    case 'client':
      return;
    default:
      return onTaskExecutorRpc(ctx, world, rpc, emit);
  }
}

/** The receiver was gone when an RPC arrived; the sender reacts as to a failed RPC. */
function rpcFailed(ctx: SimContext, world: World, rpc: RpcInFlight, emit: Emit): void {
  const m = rpc.message;
  if (m.name === 'requestHeartbeat' && (rpc.from === 'resourcemanager' || rpc.from === 'jobmaster')) {
    if (reportHeartbeatRpcFailure(ctx, world, rpc.from, rpc.to)) {
      // notifyTargetUnreachable
      const exception = rpc.from === 'jobmaster' ? 'org.apache.flink.runtime.jobmaster.JobMasterException' : 'org.apache.flink.runtime.resourcemanager.exceptions.ResourceManagerException';
      targetLost(ctx, world, rpc.from, rpc.to, `${exception}: TaskManager with id ${rpc.to} is no longer reachable.`, emit);
    }
  } else if (m.name === 'submitTask' && world.tasks[m.task]!.attempt === m.attempt) {
    // Execution.deploy: the submitTask RPC failed.
    markFailed(ctx, world, m.task, `org.apache.flink.runtime.rpc.exceptions.RecipientUnreachableException: Could not send message [submitTask] to ${rpc.to}: the TaskExecutor is gone.`, emit);
  } else if (m.name === 'cancelTask' && world.tasks[m.task]!.attempt === m.attempt) {
    // Execution.sendCancelRpcCall failed: fail() while CANCELING ends in CANCELED.
    transitionExecution(ctx, world, m.task, 'FAIL', emit);
  }
}

/** A heartbeat target was lost (timeout or unreachable). */
function targetLost(ctx: SimContext, world: World, sender: HeartbeatSender, tm: Endpoint, reason: string, emit: Emit): void {
  if (sender === 'jobmaster') return jobMasterLostTaskManager(ctx, world, tm, reason, emit);
  closeTaskManagerConnection(world, tm);
  emit({ type: 'taskmanager.lost', tm, by: 'resourcemanager', reason });
  // ResourceManager.closeTaskManagerConnection → TaskExecutorGateway.disconnectResourceManager.
  sendRpc(ctx, world, 'resourcemanager', tm, { name: 'disconnectResourceManager' }, emit);
  checkResourceRequirements(ctx, world, emit);
}
