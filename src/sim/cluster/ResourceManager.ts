/**
 * ResourceManager with its SlotManager (flink-runtime/.../resourcemanager/ResourceManager.java,
 * slotmanager/FineGrainedSlotManager.java): registers TaskExecutors and their slots, matches the
 * job's declared requirement with free slots (`requestSlot` to the TaskExecutor), and in active
 * mode (YARN) asks for new workers when no slot is free and releases workers that stay idle.
 */
import type { World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { Endpoint, RpcInFlight, SlotManagerSlot } from './ClusterRuntime.ts';
import { configValue } from '../config/Configuration.ts';
import { schedule } from '../runtime/Kernel.ts';
import { sendRpc } from './Rpc.ts';
import { monitorTarget, receiveHeartbeat, unmonitorTarget } from './HeartbeatManager.ts';
import { launchTaskManager, newTaskManagerId, setTaskManagerStatus, taskManager } from './TaskExecutor.ts';

const rmOf = (world: World) => world.cluster.resourceManager;

/** Slots allocated to the job or being allocated. */
const usedSlots = (world: World) =>
  Object.values(rmOf(world).slots).reduce((n, slots) => n + slots.filter((s) => s !== 'free').length, 0);

/**
 * The free slot the SlotManager takes next: the first TaskManager (in registration order) with a
 * free slot, or with cluster.evenly-spread-out-slots the least utilized one
 * (DefaultResourceAllocationStrategy with LeastUtilizationResourceMatchingStrategy).
 */
function nextFreeSlot(ctx: SimContext, world: World): { tm: string; slot: number } | null {
  const evenly = configValue(ctx.scenario.config, 'cluster.evenly-spread-out-slots') === true;
  const used = (slots: SlotManagerSlot[]) => slots.filter((x) => x !== 'free').length / Math.max(1, slots.length);
  let best: { tm: string; slot: number; load: number } | null = null;
  for (const [tm, slots] of Object.entries(rmOf(world).slots)) {
    const slot = slots.indexOf('free');
    if (slot < 0) continue;
    const load = evenly ? used(slots) : 0;
    if (!best || load < best.load) best = { tm, slot, load };
  }
  return best;
}

/**
 * SlotManager.checkResourceRequirements: allocate free slots for the missing requirement; in active
 * mode request workers for what free slots cannot cover.
 */
export function checkResourceRequirements(ctx: SimContext, world: World, emit: Emit): void {
  const rm = rmOf(world);
  if (!rm.jobMasterRegistered) return;
  let missing = rm.required - usedSlots(world);
  for (let next = nextFreeSlot(ctx, world); missing > 0 && next; next = nextFreeSlot(ctx, world)) {
    rm.slots[next.tm]![next.slot] = 'pending';
    missing -= 1;
    const allocationId = `alloc-${world.cluster.nextAllocationId++}`;
    sendRpc(ctx, world, 'resourcemanager', next.tm as Endpoint, { name: 'requestSlot', slot: next.slot, allocationId }, emit);
  }
  if (ctx.settings.mode === 'yarn' && missing > 0) {
    // "Requesting new worker with resource spec …": enough workers for the missing slots, minus those on their way.
    const per = ctx.settings.slotsPerTaskManager;
    const workers = Math.ceil(missing / per) - rm.pendingWorkers;
    for (let i = 0; i < workers; i++) {
      rm.pendingWorkers += 1;
      sendRpc(ctx, world, 'resourcemanager', 'yarn', { name: 'requestContainer' }, emit);
    }
  }
  if (ctx.settings.mode === 'yarn') trackIdleTaskManagers(ctx, world);
}

/** Active mode: a registered TaskManager whose slots are all free is released after resourcemanager.taskmanager-timeout. */
function trackIdleTaskManagers(ctx: SimContext, world: World): void {
  const rm = rmOf(world);
  for (const [tm, slots] of Object.entries(rm.slots)) {
    const idle = slots.every((s) => s === 'free');
    if (!idle) delete rm.idleSince[tm];
    else if (rm.idleSince[tm] === undefined) {
      rm.idleSince[tm] = world.time;
      schedule(world, ctx.settings.taskManagerTimeoutMs, { kind: 'taskmanager.idle', tm: tm as Endpoint, since: world.time });
    }
  }
}

/** A `taskmanager.idle` event: release the worker if it stayed idle all along. */
export function onTaskManagerIdle(ctx: SimContext, world: World, tm: Endpoint, since: number, emit: Emit): void {
  const rm = rmOf(world);
  if (rm.idleSince[tm] !== since || rm.required > usedSlots(world)) return;
  closeTaskManagerConnection(world, tm);
  sendRpc(ctx, world, 'resourcemanager', 'yarn', { name: 'stopContainer', tm }, emit);
}

/** ResourceManager.closeTaskManagerConnection: forget the TaskExecutor and its slots. */
export function closeTaskManagerConnection(world: World, tm: Endpoint): void {
  const rm = rmOf(world);
  delete rm.slots[tm];
  delete rm.idleSince[tm];
  unmonitorTarget(world, 'resourcemanager', tm);
}

/** RPCs the ResourceManager receives. */
export function onResourceManagerRpc(ctx: SimContext, world: World, rpc: RpcInFlight, emit: Emit): void {
  const rm = rmOf(world);
  const m = rpc.message;
  const from = rpc.from;
  switch (m.name) {
    case 'registerJobMaster':
      rm.jobMasterRegistered = true;
      return checkResourceRequirements(ctx, world, emit);
    case 'declareRequiredResources':
      rm.required = m.slots;
      return checkResourceRequirements(ctx, world, emit);
    case 'registerTaskExecutor': {
      monitorTarget(ctx, world, 'resourcemanager', from);
      sendRpc(ctx, world, 'resourcemanager', from, { name: 'registrationSuccess' }, emit);
      return;
    }
    case 'sendSlotReport': {
      const tm = taskManager(world, from);
      if (!tm) return;
      // A requested worker counts as pending until its slots are known.
      if (!rm.known.includes(from)) {
        rm.known.push(from);
        if (ctx.settings.mode === 'yarn' && rm.pendingWorkers > 0) rm.pendingWorkers -= 1;
      }
      rm.slots[from] = tm.slots.map((_s, i) => (m.free.includes(i) ? 'free' : 'allocated'));
      return checkResourceRequirements(ctx, world, emit);
    }
    case 'notifySlotAvailable': {
      const slots = rm.slots[from];
      if (slots) slots[m.slot] = 'free';
      return checkResourceRequirements(ctx, world, emit);
    }
    case 'heartbeat':
      return receiveHeartbeat(ctx, world, 'resourcemanager', from);
    case 'containerAllocated':
      launchTaskManager(ctx, world, emit, m.tm as Endpoint);
      return;
    case 'containerCompleted': {
      // ActiveResourceManager.onWorkerTerminated: forget the worker at once and ask for what is missing.
      const tm = m.tm as Endpoint;
      if (!rm.known.includes(tm) && rm.pendingWorkers > 0) rm.pendingWorkers -= 1;
      if (rm.slots[tm]) emit({ type: 'taskmanager.lost', tm, by: 'resourcemanager', reason: `Worker ${tm} is terminated (its YARN container completed).` });
      closeTaskManagerConnection(world, tm);
      return checkResourceRequirements(ctx, world, emit);
    }
    default:
      return;
  }
}

/** YARN's ResourceManager: allocates containers after a delay, stops them on request. */
export function onYarnRpc(ctx: SimContext, world: World, rpc: RpcInFlight, emit: Emit): void {
  const m = rpc.message;
  if (m.name === 'submitApplication') {
    // The application master container: the JobManager process starts in it.
    schedule(world, ctx.settings.containerAllocationMs + ctx.settings.processStartMs, { kind: 'process.started', process: 'jobmanager' });
  } else if (m.name === 'requestContainer') {
    schedule(world, ctx.settings.containerAllocationMs, { kind: 'container.allocated', tm: newTaskManagerId(world) });
  } else if (m.name === 'stopContainer') {
    const tm = taskManager(world, m.tm as Endpoint);
    if (tm && tm.status === 'running') setTaskManagerStatus(world, tm, 'released', emit);
  }
}
