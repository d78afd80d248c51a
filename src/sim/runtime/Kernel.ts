/**
 * The discrete-event kernel: pops the next event by (time, seq), advances the clock to it and
 * dispatches it. One call to `step` is one kernel step; every trace event it emits carries that
 * step number and time.
 */
import { heapPop, heapPush } from '../kernel/EventQueue.ts';
import type { KernelEvent } from '../kernel/KernelEvent.ts';
import { seedRng } from '../kernel/Random.ts';
import type { TraceEvent } from '../trace.ts';
import type { TaskRuntime, World } from '../world.ts';
import type { Emit, SimContext, TraceBody } from './SimContext.ts';
import { handleEvent } from './handlers.ts';
import { SimulationError } from '../kernel/errors.ts';

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

/** The world before anything happened: every task CREATED, the job submission queued at t = 0. */
export function createWorld(ctx: SimContext, seed: number): World {
  const tasks: TaskRuntime[] = ctx.plan.execution.tasks.map((t) => {
    const head = ctx.node.get(t.operators[0]!)!.spec;
    const task: TaskRuntime = {
      state: 'CREATED',
      attempt: 0,
      paused: false,
      busy: false,
      inputQueues: t.inputs.map(() => []),
      available: [],
      endedInputs: 0,
      keyed: {},
      partitioners: t.outputs.map(() => 0),
      recordsIn: 0,
      recordsOut: 0,
    };
    if (head.type === 'source') {
      task.source = { offset: 0, ratePerSec: head.generator?.ratePerSec ?? 0, rateSince: { time: 0, offset: 0 }, lastEmitAt: null, scheduled: false, epoch: 0, done: false };
    }
    return task;
  });
  const world: World = {
    time: 0,
    step: 0,
    seq: 0,
    rng: seedRng(seed),
    queue: [],
    nextRecordId: 1,
    jobStatus: 'CREATED',
    tasks,
    channels: ctx.plan.execution.channels.map(() => ({ inFlight: [], lastArrivesAt: 0, sent: 0, delivered: 0 })),
  };
  schedule(world, 0, { kind: 'job.start' });
  return world;
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
