/**
 * The JobMaster's checkpointing in the running simulation: the pure CheckpointCoordinator
 * (CheckpointCoordinator.ts) decides, this file carries its commands out as RPCs and kernel
 * events, and restores a restarted task from the latest completed checkpoint.
 * The coordinator runs while the job is RUNNING (CheckpointCoordinatorDeActivator): leaving
 * RUNNING stops it and aborts pending checkpoints; RUNNING again restarts it.
 */
import type { World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { Endpoint } from '../cluster/ClusterRuntime.ts';
import {
  abortPendingCheckpoints, createCoordinator, latestCompletedCheckpoint, onCheckpointTimeout, receiveAcknowledge, receiveDecline,
  startCheckpointScheduler, stopCheckpointScheduler, triggerCheckpoint, triggerFailedBeforePlan, type CheckpointProps, type CoordinatorCommand,
  type CoordinatorState, type SubtaskAck,
} from './CheckpointCoordinator.ts';
import type { ExternalSystem } from '../sink/TwoPhaseCommitSinkFunction.ts';
import type { TaskSnapshot } from './TaskSnapshot.ts';
import type { Deliveries } from './TransactionalSinks.ts';
import { scheduleAt } from '../runtime/Kernel.ts';
import { sendRpc } from '../cluster/Rpc.ts';
import { nextInt } from '../kernel/Random.ts';
import { handleTaskFailure } from '../scheduler/DefaultScheduler.ts';

/** Checkpointing in the world: the coordinator, checkpoint storage, and the world outside the job. */
export interface CheckpointingState {
  coordinator: CoordinatorState;
  /** Bumped with every (re)scheduled periodic trigger; older `checkpoint.trigger` events are stale. */
  triggerEpoch: number;
  /** Checkpoint storage: each task's snapshot per checkpoint id (dropped when the checkpoint is subsumed or aborted). */
  storage: Record<string, Record<string, TaskSnapshot>>;
  /** The external system behind each transactional sink (it survives failures). */
  external: Record<string, ExternalSystem>;
  /** Per sink operator: what reached a reader, per source record (TransactionalSinks.Deliveries). */
  delivered: Record<string, Deliveries>;
  /** Source records a restarted source skipped (`restartFrom: latest` without a checkpoint): lost. */
  lost: number;
}

export function newCheckpointingState(): CheckpointingState {
  return { coordinator: createCoordinator(), triggerEpoch: 0, storage: {}, external: {}, delivered: {}, lost: 0 };
}

const sourceTasks = (ctx: SimContext) => ctx.plan.execution.tasks.filter((t) => ctx.node.get(t.operators[0]!)!.spec.type === 'source').map((t) => t.id);
const allTasks = (ctx: SimContext) => ctx.plan.execution.tasks.map((t) => t.id);

/** The job became RUNNING: the periodic trigger starts after a random delay in [min-pause, interval] (getRandomInitDelay). */
export function startCoordinator(ctx: SimContext, world: World, emit: Emit): void {
  const cfg = ctx.checkpoint;
  if (!cfg.enabled) return;
  const delay = cfg.minPauseMs + nextInt(world.rng, cfg.intervalMs - Math.min(cfg.minPauseMs, cfg.intervalMs) + 1);
  execute(ctx, world, startCheckpointScheduler(world.checkpointing.coordinator, cfg, world.time, delay), emit);
}

/** The job left RUNNING (failover, cancel, failure): no more triggers; pending checkpoints are aborted. */
export function stopCoordinator(ctx: SimContext, world: World, emit: Emit): void {
  if (!ctx.checkpoint.enabled) return;
  world.checkpointing.triggerEpoch += 1;
  execute(ctx, world, stopCheckpointScheduler(world.checkpointing.coordinator, ctx.checkpoint, world.time), emit);
}

/** A `checkpoint.trigger` event: the periodic trigger fires. */
export function onPeriodicTrigger(ctx: SimContext, world: World, epoch: number, emit: Emit): void {
  if (epoch !== world.checkpointing.triggerEpoch || world.jobStatus !== 'RUNNING') return;
  requestCheckpoint(ctx, world, true, { savepoint: false, synchronous: false }, emit);
}

/** A checkpoint (or savepoint) request. Flink first checks that every task runs (DefaultCheckpointPlanCalculator). */
export function requestCheckpoint(ctx: SimContext, world: World, periodic: boolean, props: CheckpointProps, emit: Emit): void {
  const s = world.checkpointing.coordinator;
  const args = { periodic, props, sources: sourceTasks(ctx), allTasks: allTasks(ctx) };
  const notRunning = world.tasks.findIndex((t) => t.state !== 'RUNNING');
  if (notRunning >= 0) {
    // CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING: not counted; the periodic trigger goes on.
    const cmds = triggerFailedBeforePlan(s, ctx.checkpoint, world.time, periodic);
    emit({ type: 'checkpoint.rejected', reason: 'NOT_ALL_REQUIRED_TASKS_RUNNING', task: ctx.plan.execution.tasks[notRunning]!.id });
    execute(ctx, world, cmds, emit);
    return;
  }
  execute(ctx, world, triggerCheckpoint(s, ctx.checkpoint, world.time, args), emit);
}

/** The coordinator's commands, carried out in order. */
function execute(ctx: SimContext, world: World, cmds: CoordinatorCommand[], emit: Emit): void {
  const cp = world.checkpointing;
  for (const c of cmds) {
    switch (c.type) {
      case 'triggerTasks':
        emit({ type: 'checkpoint.triggered', checkpoint: c.id, savepoint: c.props.savepoint, tasks: c.tasks.length });
        for (const id of c.tasks) toTask(ctx, world, id, (index, attempt) => ({ name: 'triggerCheckpoint', task: index, attempt, id: c.id, timestamp: c.timestamp, savepoint: c.props.savepoint, synchronous: c.props.synchronous }), emit);
        break;
      case 'scheduleTimeout':
        scheduleAt(world, Math.max(world.time, c.at), { kind: 'checkpoint.timeout', id: c.id });
        break;
      case 'scheduleTrigger':
        cp.triggerEpoch += 1;
        scheduleAt(world, Math.max(world.time, c.at), { kind: 'checkpoint.trigger', epoch: cp.triggerEpoch });
        break;
      case 'completed': {
        const record = cp.coordinator.completed.find((x) => x.id === c.id) ?? cp.coordinator.savepoints.find((x) => x.id === c.id);
        emit({ type: 'checkpoint.completed', checkpoint: c.id, savepoint: record?.props.savepoint ?? false });
        pruneStorage(world);
        break;
      }
      case 'notifyComplete':
        for (const id of c.tasks) toTask(ctx, world, id, (index, attempt) => ({ name: 'notifyCheckpointComplete', task: index, attempt, id: c.id }), emit);
        break;
      case 'notifyAborted':
        for (const id of c.tasks) toTask(ctx, world, id, (index, attempt) => ({ name: 'notifyCheckpointAborted', task: index, attempt, id: c.id }), emit);
        break;
      case 'aborted':
        emit({ type: 'checkpoint.aborted', checkpoint: c.id, reason: c.reason });
        pruneStorage(world);
        break;
      case 'triggerRejected':
        emit({ type: 'checkpoint.rejected', reason: c.reason });
        break;
      case 'failJob':
        // FailJobCallback.failJob → failGlobal: a global failover through the restart strategy (DefaultExecutionGraph.enableCheckpointing).
        handleTaskFailure(ctx, world, null, `org.apache.flink.util.FlinkRuntimeException: ${c.reason}`, emit);
        break;
    }
  }
}

/** Sends an RPC to the TaskExecutor running task `id` (none when it is not deployed). */
function toTask(ctx: SimContext, world: World, id: string, message: (index: number, attempt: number) => Parameters<typeof sendRpc>[4], emit: Emit): void {
  const index = ctx.taskIndex.get(id)!;
  const task = world.tasks[index]!;
  if (!task.location) return;
  sendRpc(ctx, world, 'jobmaster', task.location.tm as Endpoint, message(index, task.attempt), emit);
}

/** Storage keeps what recovery may still use: retained checkpoints, savepoints and pending ones. */
function pruneStorage(world: World): void {
  const s = world.checkpointing.coordinator;
  const keep = new Set([...s.pending, ...s.completed, ...s.savepoints].map((c) => String(c.id)));
  for (const id of Object.keys(world.checkpointing.storage)) if (!keep.has(id)) delete world.checkpointing.storage[id];
}

/** acknowledgeCheckpoint reached the JobMaster. */
export function onAcknowledge(ctx: SimContext, world: World, index: number, id: number, ack: SubtaskAck, emit: Emit): void {
  const task = ctx.plan.execution.tasks[index]!.id;
  const { commands } = receiveAcknowledge(world.checkpointing.coordinator, ctx.checkpoint, world.time, id, task, ack);
  execute(ctx, world, commands, emit);
}

/** declineCheckpoint reached the JobMaster. */
export function onDecline(ctx: SimContext, world: World, index: number, id: number, reason: string, emit: Emit): void {
  const task = ctx.plan.execution.tasks[index]!.id;
  execute(ctx, world, receiveDecline(world.checkpointing.coordinator, ctx.checkpoint, world.time, id, task, reason), emit);
}

/** A `checkpoint.timeout` event (CheckpointCanceller). */
export function onTimeout(ctx: SimContext, world: World, id: number, emit: Emit): void {
  execute(ctx, world, onCheckpointTimeout(world.checkpointing.coordinator, ctx.checkpoint, world.time, id), emit);
}

/** Pending checkpoints are aborted when tasks fail (the job restarts or fails). */
export function abortAll(ctx: SimContext, world: World, reason: string, emit: Emit): void {
  if (!ctx.checkpoint.enabled) return;
  execute(ctx, world, abortPendingCheckpoints(world.checkpointing.coordinator, ctx.checkpoint, world.time, reason), emit);
}

/** What a restarted task restores: the snapshots of its vertex in the latest completed checkpoint, or null. */
export function checkpointToRestore(ctx: SimContext, world: World, index: number): { id: number; parts: (TaskSnapshot | undefined)[] } | null {
  const latest = latestCompletedCheckpoint(world.checkpointing.coordinator);
  if (!latest) return null;
  const stored = world.checkpointing.storage[latest.id];
  if (!stored) return null;
  const plan = ctx.plan.execution.tasks[index]!;
  const parts = ctx.plan.execution.tasks.filter((t) => t.vertex === plan.vertex).map((t) => stored[t.id]);
  return { id: latest.id, parts };
}
