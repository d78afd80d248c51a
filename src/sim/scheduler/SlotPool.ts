/**
 * The JobMaster's slot pool and execution deployer: DeclarativeSlotPoolBridge,
 * SlotSharingExecutionSlotAllocator and DefaultExecutionDeployer
 * (flink-runtime/.../jobmaster/slotpool/, .../scheduler/DefaultExecutionDeployer.java).
 * One physical slot per execution slot sharing group; a bulk of executions deploys when all its
 * slots are there (waitForAllSlotsAndDeploy), or fails after slot.request.timeout.
 */
import type { World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { Endpoint, JobMasterRuntime, PoolSlot, RpcInFlight } from '../cluster/ClusterRuntime.ts';
import { schedule } from '../runtime/Kernel.ts';
import { sendRpc } from '../cluster/Rpc.ts';
import { markFailed, transitionExecution } from './DefaultScheduler.ts';
import { isTerminalJobStatus } from '../runtime/JobStatus.ts';

const jmOf = (world: World) => world.cluster.jobMaster!;
/** States in which an execution holds (or waits for) its slot. */
const HOLDS_SLOT = new Set(['SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING', 'CANCELING']);

/** Flink's NoResourceAvailableException from PhysicalSlotRequestBulkCheckerImpl. */
export const SLOT_TIMEOUT_CAUSE =
  'NoResourceAvailableException: Slot request bulk is not fulfillable! Could not allocate the required slot within slot request timeout';

/**
 * DefaultExecutionDeployer.allocateSlotsAndDeploy: CREATED → SCHEDULED, request one slot per group,
 * deploy when all arrived. The caller declares the new requirement once for all bulks of a call
 * (`declareRequiredResources`), as the slot pool batches its declarations.
 */
export function allocateSlotsAndDeploy(ctx: SimContext, world: World, tasks: number[], emit: Emit): void {
  const jm = jmOf(world);
  const live = tasks.filter((t) => world.tasks[t]!.state === 'CREATED');
  if (live.length === 0) return;
  emit({ type: 'scheduler.bulk', tasks: live.map((t) => ctx.plan.execution.tasks[t]!.id) });
  for (const t of live) transitionExecution(ctx, world, t, 'SCHEDULE', emit);
  const id = jm.nextBulkId++;
  const deadline = world.time + ctx.settings.slotRequestTimeoutMs;
  jm.bulks.push({ id, tasks: live, attempts: live.map((t) => world.tasks[t]!.attempt), deadline });
  schedule(world, ctx.settings.slotRequestTimeoutMs, { kind: 'bulk.timeout', bulk: id });
  for (const t of live) requestSlot(ctx, world, ctx.slotSharing.groupOfTask[t]!, emit);
  deployReadyBulks(ctx, world, emit);
}

/** A physical slot for an execution slot sharing group: its current one, an idle pooled one, or a new request. */
function requestSlot(ctx: SimContext, world: World, group: number, emit: Emit): void {
  const jm = jmOf(world);
  if (jm.essgSlot[group] || jm.requests.includes(group)) return;
  const idle = jm.pool.find((s) => s.essg === null);
  if (idle) assign(ctx, world, idle, group, emit);
  else jm.requests.push(group);
}

function assign(ctx: SimContext, world: World, slot: PoolSlot, group: number, emit: Emit): void {
  slot.essg = group;
  jmOf(world).essgSlot[group] = slot.allocationId;
  const g = ctx.slotSharing.groups[group]!;
  const tasks = g.tasks.map((t) => ctx.plan.execution.tasks[t]!.id);
  emit({ type: 'slot.assigned', tm: slot.tm, slot: slot.slot, allocationId: slot.allocationId, group: g.id, tasks });
}

/** Tells the ResourceManager how many slots the job needs now (slots in use + requests). */
export function declareRequiredResources(ctx: SimContext, world: World, emit: Emit): void {
  const jm = jmOf(world);
  const needed = jm.pool.filter((s) => s.essg !== null).length + jm.requests.length;
  if (needed === jm.declared) return;
  jm.declared = needed;
  sendRpc(ctx, world, 'jobmaster', 'resourcemanager', { name: 'declareRequiredResources', slots: needed }, emit);
}

/** Executions of a bulk that are still waiting for their slot in the attempt the bulk was made for. */
const waiting = (world: World, bulk: JobMasterRuntime['bulks'][number]) =>
  bulk.tasks.filter((t, i) => world.tasks[t]!.attempt === bulk.attempts[i] && world.tasks[t]!.state === 'SCHEDULED');

/** Deploys every bulk whose slots are all assigned: SCHEDULED → DEPLOYING and `submitTask`. */
export function deployReadyBulks(ctx: SimContext, world: World, emit: Emit): void {
  const jm = jmOf(world);
  if (isTerminalJobStatus(world.jobStatus)) return; // a job that is over deploys nothing
  jm.bulks = jm.bulks.filter((bulk) => {
    const tasks = waiting(world, bulk);
    if (tasks.length === 0) return false;
    if (!tasks.every((t) => jm.essgSlot[ctx.slotSharing.groupOfTask[t]!])) return true;
    for (const t of tasks) {
      const slot = jm.pool.find((s) => s.allocationId === jm.essgSlot[ctx.slotSharing.groupOfTask[t]!])!;
      const task = world.tasks[t]!;
      task.location = { tm: slot.tm, slot: slot.slot };
      transitionExecution(ctx, world, t, 'DEPLOY', emit);
      sendRpc(ctx, world, 'jobmaster', slot.tm, { name: 'submitTask', task: t, attempt: task.attempt, slot: slot.slot }, emit);
    }
    return false;
  });
}

/** A `bulk.timeout` event: the bulk's waiting executions fail with NoResourceAvailableException. */
export function onBulkTimeout(ctx: SimContext, world: World, id: number, emit: Emit): void {
  const jm = world.cluster.jobMaster;
  const bulk = jm?.bulks.find((b) => b.id === id);
  if (!jm || !bulk) return;
  // PhysicalSlotRequestBulkCheckerImpl.isSlotRequestBulkFulfillable: in a BATCH job every slot the
  // pool holds will be free again (willBeOccupiedIndefinitely is false), so a bulk that the pool's
  // slots could serve is checked again after another timeout instead of failing.
  if (ctx.plan.streamGraph.runtimeMode === 'BATCH') {
    const groups = new Set(waiting(world, bulk).map((t) => ctx.slotSharing.groupOfTask[t]!));
    if (groups.size > 0 && jm.pool.length >= groups.size) {
      bulk.deadline = world.time + ctx.settings.slotRequestTimeoutMs;
      schedule(world, ctx.settings.slotRequestTimeoutMs, { kind: 'bulk.timeout', bulk: id });
      return;
    }
  }
  jm.bulks = jm.bulks.filter((b) => b !== bulk);
  for (const t of waiting(world, bulk)) markFailed(ctx, world, t, SLOT_TIMEOUT_CAUSE, emit);
}

/** `offerSlots`: the pool accepts the slots and gives them to waiting requests, oldest first. */
export function onOfferSlots(ctx: SimContext, world: World, rpc: RpcInFlight, emit: Emit): void {
  const jm = world.cluster.jobMaster;
  if (rpc.message.name !== 'offerSlots' || !jm) return;
  for (const s of rpc.message.slots) {
    const slot: PoolSlot = { allocationId: s.allocationId, tm: rpc.from, slot: s.slot, essg: null, idleSince: world.time };
    jm.pool.push(slot);
    const group = jm.requests.shift();
    if (group !== undefined) assign(ctx, world, slot, group, emit);
    else {
      // DefaultDeclarativeSlotPool.offerSlots accepts only offers matching an outstanding requirement.
      jm.pool.pop();
      sendRpc(ctx, world, 'jobmaster', rpc.from, { name: 'freeSlot', allocationId: s.allocationId }, emit);
    }
  }
  declareRequiredResources(ctx, world, emit);
  deployReadyBulks(ctx, world, emit);
}

/**
 * After executions ended: a group whose executions all ended gives its slot back to the pool (idle,
 * kept for slot.idle.timeout), requests nobody waits for are dropped, idle slots serve requests.
 */
export function releaseUnusedSlots(ctx: SimContext, world: World, emit: Emit): void {
  const jm = world.cluster.jobMaster;
  if (!jm) return;
  const groups = ctx.slotSharing.groups;
  jm.essgSlot.forEach((allocationId, g) => {
    if (!allocationId || groups[g]!.tasks.some((t) => HOLDS_SLOT.has(world.tasks[t]!.state))) return;
    const slot = jm.pool.find((s) => s.allocationId === allocationId)!;
    jm.essgSlot[g] = null;
    slot.essg = null;
    slot.idleSince = world.time;
    emit({ type: 'slot.released', tm: slot.tm, slot: slot.slot, allocationId, group: groups[g]!.id });
    schedule(world, ctx.settings.slotIdleTimeoutMs, { kind: 'slot.idle', allocationId, since: world.time });
  });
  jm.requests = isTerminalJobStatus(world.jobStatus) ? [] : jm.requests.filter((g) => groups[g]!.tasks.some((t) => world.tasks[t]!.state === 'SCHEDULED'));
  for (const slot of jm.pool) {
    if (slot.essg !== null) continue;
    const group = jm.requests.shift();
    if (group === undefined) break;
    assign(ctx, world, slot, group, emit);
  }
  declareRequiredResources(ctx, world, emit);
  deployReadyBulks(ctx, world, emit);
}

/** A `slot.idle` event: a slot idle for slot.idle.timeout goes back to its TaskExecutor. */
export function onSlotIdle(ctx: SimContext, world: World, allocationId: string, since: number, emit: Emit): void {
  const jm = world.cluster.jobMaster;
  const slot = jm?.pool.find((s) => s.allocationId === allocationId);
  if (!jm || !slot || slot.essg !== null || slot.idleSince !== since) return;
  jm.pool = jm.pool.filter((s) => s !== slot);
  sendRpc(ctx, world, 'jobmaster', slot.tm, { name: 'freeSlot', allocationId }, emit);
}

/** The job is over (or the JobMaster stops): every slot goes back, nothing is requested any more. */
export function releaseAllSlots(ctx: SimContext, world: World, emit: Emit): void {
  const jm = world.cluster.jobMaster;
  if (!jm) return;
  for (const slot of jm.pool) sendRpc(ctx, world, 'jobmaster', slot.tm, { name: 'freeSlot', allocationId: slot.allocationId }, emit);
  jm.pool = [];
  jm.essgSlot = jm.essgSlot.map(() => null);
  jm.requests = [];
  jm.bulks = [];
  if (!world.cluster.leadershipLost) declareRequiredResources(ctx, world, emit);
}

/** JobMaster.disconnectTaskManager: the slots on a lost TaskExecutor are gone. */
export function releaseTaskManagerSlots(world: World, tm: Endpoint): void {
  const jm = world.cluster.jobMaster;
  if (!jm) return;
  const lost = new Set(jm.pool.filter((s) => s.tm === tm).map((s) => s.allocationId));
  jm.pool = jm.pool.filter((s) => s.tm !== tm);
  jm.essgSlot = jm.essgSlot.map((a) => (a && lost.has(a) ? null : a));
}
