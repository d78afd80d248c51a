/**
 * TaskExecutor (flink-runtime/.../taskexecutor/TaskExecutor.java): a TaskManager process with a
 * table of slots. It registers with the ResourceManager, allocates slots when the SlotManager asks,
 * offers them to the JobMaster, runs the tasks it is sent (Task.java: DEPLOYING → INITIALIZING →
 * RUNNING) and reports every state change back with `updateTaskExecutionState`.
 */
import type { World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { Endpoint, RpcInFlight, TaskManagerRuntime } from './ClusterRuntime.ts';
import type { ExecutionState } from '../runtime/ExecutionState.ts';
import { schedule } from '../runtime/Kernel.ts';
import { sendRpc } from './Rpc.ts';
import { onTaskRunning } from '../runtime/StreamTask.ts';
import { onCheckpointRpc } from '../checkpoint/TaskCheckpointRpc.ts';
import { restoreTaskState } from '../checkpoint/TaskRestore.ts';
import { closeSinks } from '../checkpoint/TransactionalSinks.ts';

/** Launches a TaskManager process; it registers once started (`process.started`). */
export function launchTaskManager(ctx: SimContext, world: World, emit: Emit, id?: Endpoint, startMs = ctx.settings.processStartMs): Endpoint {
  const tms = world.cluster.taskManagers;
  const tmId = id ?? newTaskManagerId(world);
  const tm: TaskManagerRuntime = {
    id: tmId,
    status: 'starting',
    registered: false,
    jobMasterConnected: false,
    slots: Array.from({ length: ctx.settings.slotsPerTaskManager }, () => ({ allocationId: null, tasks: [] })),
  };
  tms.push(tm);
  emit({ type: 'taskmanager.status', tm: tmId, from: null, to: 'starting' });
  schedule(world, startMs, { kind: 'process.started', process: tmId });
  return tmId;
}

/** A fresh TaskManager id: tm-1, tm-2 … */
export const newTaskManagerId = (world: World) => `tm-${world.cluster.nextTaskManager++}` as Endpoint;

export const taskManager = (world: World, id: Endpoint) => world.cluster.taskManagers.find((t) => t.id === id);

export function setTaskManagerStatus(world: World, tm: TaskManagerRuntime, to: TaskManagerRuntime['status'], emit: Emit): void {
  if (tm.status === to) return;
  emit({ type: 'taskmanager.status', tm: tm.id, from: tm.status, to });
  tm.status = to;
}

/** The process is up: it connects to the ResourceManager (TaskExecutorToResourceManagerConnection). */
export function onTaskManagerStarted(ctx: SimContext, world: World, id: Endpoint, emit: Emit): void {
  const tm = taskManager(world, id);
  if (!tm || tm.status !== 'starting') return;
  setTaskManagerStatus(world, tm, 'running', emit);
  sendRpc(ctx, world, tm.id, 'resourcemanager', { name: 'registerTaskExecutor', slots: tm.slots.length }, emit);
}

/** Reports a Task's new state to the JobMaster. */
function report(ctx: SimContext, world: World, tm: Endpoint, task: number, state: ExecutionState, emit: Emit, cause?: string, partition?: string): void {
  const t = world.tasks[task]!;
  const message = { name: 'updateTaskExecutionState' as const, task, attempt: t.attempt, state, ...(cause ? { cause } : {}), ...(partition ? { partition } : {}) };
  sendRpc(ctx, world, tm, 'jobmaster', message, emit);
}

/** The Task ends on its TaskExecutor (finished, failed or cancelled): it leaves its slot and reports. */
export function endLocalTask(
  ctx: SimContext,
  world: World,
  index: number,
  to: 'FINISHED' | 'FAILED' | 'CANCELED',
  emit: Emit,
  cause?: string,
  /** The result partition the task could not read (a PartitionException). */
  partition?: string,
): void {
  const task = world.tasks[index]!;
  const loc = task.location;
  if (!loc || task.local === null || task.local === 'FINISHED' || task.local === 'FAILED' || task.local === 'CANCELED') return;
  task.local = to;
  task.busy = false;
  if (to !== 'FINISHED') closeSinks(ctx, world, index, emit); // StreamTask cleanup: close() aborts the open transaction
  const tm = taskManager(world, loc.tm as Endpoint)!;
  const slot = tm.slots[loc.slot]!;
  slot.tasks = slot.tasks.filter((t) => t !== index);
  report(ctx, world, tm.id, index, to, emit, cause, partition);
}

/** A `task.local` event: the Task's next step on its TaskExecutor. */
export function onLocalStep(ctx: SimContext, world: World, index: number, step: 'INITIALIZE' | 'RUN' | 'CANCELED', emit: Emit): void {
  const task = world.tasks[index]!;
  const tm = task.location?.tm as Endpoint | undefined;
  if (!tm) return;
  if (step === 'INITIALIZE' && task.local === 'DEPLOYING') {
    task.local = 'INITIALIZING';
    report(ctx, world, tm, index, 'INITIALIZING', emit);
    schedule(world, ctx.scenario.deploy.initializingMs, { kind: 'task.local', task: index, attempt: task.attempt, step: 'RUN' });
    restoreTaskState(ctx, world, index, emit); // StreamTask.restore: initializeState of every operator
  } else if (step === 'RUN' && task.local === 'INITIALIZING') {
    task.local = 'RUNNING';
    report(ctx, world, tm, index, 'RUNNING', emit);
    onTaskRunning(ctx, world, index, emit);
  } else if (step === 'CANCELED' && task.local === 'CANCELING') {
    endLocalTask(ctx, world, index, 'CANCELED', emit);
  }
}

/** RPCs a TaskExecutor receives. */
export function onTaskExecutorRpc(ctx: SimContext, world: World, rpc: RpcInFlight, emit: Emit): void {
  const tm = taskManager(world, rpc.to)!;
  const m = rpc.message;
  switch (m.name) {
    case 'registrationSuccess': {
      tm.registered = true;
      const free = tm.slots.flatMap((s, i) => (s.allocationId === null ? [i] : []));
      sendRpc(ctx, world, tm.id, 'resourcemanager', { name: 'sendSlotReport', free }, emit);
      return;
    }
    case 'requestSlot': {
      // TaskExecutor.requestSlot → allocateSlotForJob, then offerSlotsToJobManager.
      const slot = tm.slots[m.slot]!;
      if (slot.allocationId !== null) return;
      slot.allocationId = m.allocationId;
      emit({ type: 'slot.allocated', tm: tm.id, slot: m.slot, allocationId: m.allocationId });
      // The requestSlot RPC's acknowledgement: the SlotManager marks the slot allocated (DefaultSlotStatusSyncer.allocateSlot).
      const rmSlots = world.cluster.resourceManager.slots[tm.id];
      if (rmSlots?.[m.slot] === 'pending') rmSlots[m.slot] = 'allocated';
      if (!tm.jobMasterConnected) {
        tm.jobMasterConnected = true;
        sendRpc(ctx, world, tm.id, 'jobmaster', { name: 'registerTaskManager' }, emit);
      }
      sendRpc(ctx, world, tm.id, 'jobmaster', { name: 'offerSlots', slots: [{ slot: m.slot, allocationId: m.allocationId }] }, emit);
      return;
    }
    case 'submitTask': {
      const task = world.tasks[m.task]!;
      if (task.attempt !== m.attempt) return;
      const slot = tm.slots[m.slot]!;
      slot.tasks.push(m.task);
      task.local = 'DEPLOYING';
      schedule(world, ctx.scenario.deploy.deployingMs, { kind: 'task.local', task: m.task, attempt: m.attempt, step: 'INITIALIZE' });
      return;
    }
    case 'cancelTask': {
      const task = world.tasks[m.task]!;
      if (task.attempt !== m.attempt || task.location?.tm !== tm.id) return;
      if (task.local === 'DEPLOYING' || task.local === 'INITIALIZING' || task.local === 'RUNNING') {
        task.local = 'CANCELING';
        schedule(world, ctx.scenario.deploy.cancelingMs, { kind: 'task.local', task: m.task, attempt: m.attempt, step: 'CANCELED' });
      }
      return;
    }
    case 'freeSlot': {
      const i = tm.slots.findIndex((s) => s.allocationId === m.allocationId);
      if (i >= 0) freeLocalSlot(ctx, world, tm, i, emit);
      return;
    }
    case 'disconnectJobManager':
      // TaskExecutor.disconnectJobManager → closeJob: the job's tasks fail, its slots are freed.
      tm.jobMasterConnected = false;
      tm.slots.forEach((s, i) => {
        if (s.allocationId !== null) freeLocalSlot(ctx, world, tm, i, emit);
      });
      return;
    case 'disconnectResourceManager':
      // The TaskExecutor reconnects and registers again.
      tm.registered = false;
      sendRpc(ctx, world, tm.id, 'resourcemanager', { name: 'registerTaskExecutor', slots: tm.slots.length }, emit);
      return;
    case 'requestHeartbeat':
      sendRpc(ctx, world, tm.id, rpc.from, { name: 'heartbeat' }, emit);
      return;
    case 'triggerCheckpoint':
    case 'notifyCheckpointComplete':
    case 'notifyCheckpointAborted':
      return onCheckpointRpc(ctx, world, m, emit);
    default:
      return;
  }
}

/**
 * TaskSlotTable.freeSlot: tasks still in the slot fail first (failExternally), then the slot is
 * free and the ResourceManager hears of it.
 */
function freeLocalSlot(ctx: SimContext, world: World, tm: TaskManagerRuntime, i: number, emit: Emit): void {
  const slot = tm.slots[i]!;
  const allocationId = slot.allocationId;
  if (allocationId === null) return;
  for (const t of [...slot.tasks]) endLocalTask(ctx, world, t, 'FAILED', emit, `org.apache.flink.util.FlinkException: Slot ${allocationId} is being freed.`);
  tm.slots[i] = { allocationId: null, tasks: [] };
  emit({ type: 'slot.freed', tm: tm.id, slot: i, allocationId });
  sendRpc(ctx, world, tm.id, 'resourcemanager', { name: 'notifySlotAvailable', slot: i }, emit);
}

/** Fault: the process dies. Its tasks stop at once; nobody is told (heartbeats find out). */
export function killTaskManager(world: World, id: Endpoint, emit: Emit): boolean {
  const tm = taskManager(world, id);
  if (!tm || (tm.status !== 'running' && tm.status !== 'starting')) return false;
  setTaskManagerStatus(world, tm, 'killed', emit);
  for (const slot of tm.slots) {
    for (const t of slot.tasks) {
      world.tasks[t]!.local = null;
      world.tasks[t]!.busy = false;
    }
    slot.tasks = [];
  }
  return true;
}
