/**
 * The discrete-event kernel: pops the next event by (time, seq), advances the clock to it and
 * dispatches it. One call to `step` is one kernel step; every trace event it emits carries that
 * step number and time.
 */
import { heapPop, heapPush } from '../kernel/EventQueue.ts';
import type { KernelEvent } from '../kernel/KernelEvent.ts';
import { seedRng } from '../kernel/Random.ts';
import type { TraceEvent } from '../trace.ts';
import type { World } from '../world.ts';
import { newChannelRuntime, newTaskRuntime } from './StreamTask.ts';
import { newCheckpointingState } from '../checkpoint/CheckpointingRuntime.ts';
import { isTerminalJobStatus } from './JobStatus.ts';
import type { Emit, SimContext, TraceBody } from './SimContext.ts';
import { handleEvent } from './handlers.ts';
import { SimulationError } from '../kernel/errors.ts';
import { periodicIsNoop, processingTimerIsNoop } from './EventTime.ts';

/** Queue `event` to happen `delay` ms from now (an integer ≥ 0). */
export function schedule(world: World, delay: number, event: KernelEvent): void {
  scheduleAt(world, world.time + delay, event);
}

/** Queue `event` at an absolute time: an integer, never earlier than now (time never runs backwards). */
export function scheduleAt(world: World, time: number, event: KernelEvent): void {
  if (!Number.isInteger(time) || time < world.time) {
    throw new SimulationError(`internal: ${event.kind} scheduled at t = ${time} while the clock is at ${world.time} ms`);
  }
  heapPush(world.queue, { time, seq: world.seq++, event });
}

/** The world before anything happened: every task CREATED, the job INITIALIZING, the cluster start queued at t = 0. */
export function createWorld(ctx: SimContext, seed: number): World {
  const world: World = {
    time: 0,
    step: 0,
    seq: 0,
    rng: seedRng(seed),
    queue: [],
    nextRecordId: 1,
    jobStatus: 'INITIALIZING',
    tasks: ctx.plan.execution.tasks.map((t) => newTaskRuntime(ctx, t.index, 0)),
    channels: ctx.plan.execution.channels.map(() => newChannelRuntime(ctx)),
    cluster: {
      jobManagerUp: false,
      jobSubmitted: false,
      taskManagers: [],
      resourceManager: { slots: {}, required: 0, jobMasterRegistered: false, pendingWorkers: 0, known: [], heartbeats: {}, idleSince: {} },
      jobMaster: null,
      rpcs: [],
      nextRpcId: 1,
      nextAllocationId: 1,
      nextTaskManager: 1,
      leadershipLost: false,
    },
    checkpointing: newCheckpointingState(),
  };
  schedule(world, 0, { kind: 'cluster.start' });
  for (const fault of ctx.scenario.faults) scheduleAt(world, fault.at, { kind: 'fault', action: fault });
  return world;
}

/**
 * Nothing can change any more but heartbeats succeeding forever: only heartbeat events are pending,
 * no RPC is in flight, and every monitored TaskManager is alive (a dead one would be found lost).
 * A run ends here, like a run whose queue is empty (e.g. a job stuck behind a paused subtask).
 */
export function isQuiescent(ctx: SimContext, world: World): boolean {
  if (world.cluster.rpcs.length > 0) return false;
  if (!world.queue.every((q) => isBackground(ctx, world, q.event))) return false;
  const alive = new Set(world.cluster.taskManagers.filter((t) => t.status === 'running').map((t) => t.id as string));
  const monitored = [...Object.keys(world.cluster.resourceManager.heartbeats), ...Object.keys(world.cluster.jobMaster?.heartbeats ?? {})];
  return monitored.every((tm) => alive.has(tm));
}

/** Heartbeats, and timers that will find nothing to do (their bulk, restart or idle slot is gone). */
function isBackground(ctx: SimContext, world: World, e: KernelEvent): boolean {
  const jm = world.cluster.jobMaster;
  switch (e.kind) {
    case 'heartbeat.tick':
    case 'heartbeat.check':
      return true;
    case 'bulk.timeout':
      return isTerminalJobStatus(world.jobStatus) || !jm?.bulks.some((b) => b.id === e.bulk);
    case 'restart.delay':
      return !jm?.restarts.some((r) => r.id === e.restart) || world.jobStatus === 'SUSPENDED';
    case 'slot.idle':
      return !jm?.pool.some((s) => s.allocationId === e.allocationId && s.essg === null && s.idleSince === e.since);
    // Events of an older attempt, a superseded source timing or a reset channel are dropped on arrival.
    case 'source.emit': {
      const t = world.tasks[e.task]!;
      return e.epoch !== t.source?.epoch || t.local !== 'RUNNING' || t.paused;
    }
    case 'task.local':
    case 'task.process':
      return e.attempt !== world.tasks[e.task]!.attempt;
    case 'channel.deliver':
    case 'channel.credit':
      return e.epoch !== world.channels[e.channel]!.epoch;
    // Checkpoint timers that find nothing to do: a stale periodic trigger, a checkpoint no longer pending.
    case 'checkpoint.trigger':
      return e.epoch !== world.checkpointing.triggerEpoch || isTerminalJobStatus(world.jobStatus);
    case 'checkpoint.timeout':
      return !world.checkpointing.coordinator.pending.some((p) => p.id === e.id);
    case 'checkpoint.sync':
    case 'checkpoint.async':
    case 'checkpoint.alignmentTimeout':
    case 'checkpoint.outputTimeout':
      return e.attempt !== world.tasks[e.task]!.attempt;
    // A periodic watermark that would change nothing, and a processing-time timer with nothing due.
    case 'watermark.periodic':
      return e.attempt !== world.tasks[e.task]!.attempt || periodicIsNoop(ctx, world, e.task, e.operator);
    case 'timer.processing':
      return processingTimerIsNoop(world, e.task, e.operator, e.attempt, e.time);
    default:
      return false;
  }
}

/** Time of the next pending event, or null when nothing is pending. */
export const nextEventTime = (world: World): number | null => world.queue[0]?.time ?? null;

/**
 * Processes one event. Returns false (and changes nothing) when the queue is empty.
 * `sink` receives the trace events of this step, or nothing when null (replays).
 */
export function step(ctx: SimContext, world: World, sink: ((e: TraceEvent) => void) | null): boolean {
  const next = heapPop(world.queue);
  if (!next) return false;
  world.time = next.time;
  world.step += 1;
  const emit: Emit = sink ? (body: TraceBody) => sink({ step: world.step, t: world.time, ...body } as TraceEvent) : () => {};
  handleEvent(ctx, world, next.event, emit);
  return true;
}
