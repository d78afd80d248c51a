/**
 * The timeline: a recorded run that can be viewed at any step or time, forward or backward, and
 * forked. It keeps the whole trace, the time of every step and a keyframe (a cloned world) every
 * `keyframeEvery` steps — fewer when worlds are big: past a memory budget every other keyframe is
 * dropped and the interval doubles; `worldAt(step)` restores the nearest keyframe and replays deterministically.
 * A fork applies a learner action at a point, drops the future and records it again; the action is
 * kept as an input, so `Timeline.record(scenario, { seed, actions })` reproduces the fork exactly.
 */
import { ACTION_TYPES } from './actions.ts';
import { isTerminalJobStatus } from './runtime/JobStatus.ts';
import type { Action, TimedAction } from './actions.ts';
import type { ResolvedScenario } from './scenario/Scenario.ts';
import type { JobPlan } from './graph/types.ts';
import type { TraceEvent } from './trace.ts';
import type { World } from './world.ts';
import { createContext, type SimContext } from './runtime/SimContext.ts';
import { createWorld, isQuiescent, nextEventTime, scheduleAt, step } from './runtime/Kernel.ts';
import { LIMITS } from './scenario/schema.ts';

const MAX_EVENTS_LIMIT = LIMITS.maxEvents;
import { SimulationError } from './kernel/errors.ts';
import { RecordedSteps, clamp } from './kernel/RecordedSteps.ts';

export interface RecordOptions {
  /** Seed of the run's random generator (default: the scenario's). */
  seed?: number;
  /** Learner actions to apply, each at its step. */
  actions?: TimedAction[];
  /** Steps between keyframes (default 256). */
  keyframeEvery?: number;
}

/** A position in a run. */
export interface Position {
  step: number;
  time: number;
}

export class Timeline extends RecordedSteps<TraceEvent> {
  readonly scenario: ResolvedScenario;
  readonly seed: number;
  readonly actions: readonly TimedAction[];
  readonly plan: JobPlan;
  /** Why the recording stopped: the job ended, the queue emptied, or `until` was reached. */
  /**
   * Why recording stopped: the job `finished`, or ended otherwise (`terminal`: FAILED, CANCELED or
   * SUSPENDED), nothing more can happen (`idle`, e.g. behind a paused subtask), or `until` was reached.
   */
  stopReason: 'finished' | 'terminal' | 'idle' | 'until' = 'idle';

  private readonly ctx: SimContext;
  private readonly every: number;
  /** Steps between keyframes now: `every`, doubled each time the keyframes outgrow the budget. */
  private interval: number;
  /** The step of each keyframe, and the estimated size (JSON characters) of each. */
  private readonly keyframeSteps: number[] = [0];
  private readonly keyframeSizes: number[] = [0];
  /** The size of the last keyframe measured (re-measured every few keyframes). */
  private sizeEstimate = 0;
  private readonly keyframes: World[] = [];
  private cursor: World;

  private constructor(scenario: ResolvedScenario, seed: number, actions: TimedAction[], every: number, ctx?: SimContext) {
    super();
    this.scenario = scenario;
    this.seed = seed;
    this.actions = [...actions].sort((a, b) => a.step - b.step);
    this.every = every;
    this.interval = every;
    this.ctx = ctx ?? createContext(scenario);
    this.plan = this.ctx.plan;
    this.cursor = createWorld(this.ctx, seed);
    this.keyframes.push(structuredClone(this.cursor));
  }

  /** Runs a scenario to its end (or `until`) and records it. Throws SimulationError past `maxEvents`. */
  static record(scenario: ResolvedScenario, options: RecordOptions = {}): Timeline {
    const tl = new Timeline(scenario, options.seed ?? scenario.seed, options.actions ?? [], options.keyframeEvery ?? 256);
    tl.recordFrom(tl.cursor);
    return tl;
  }

  /**
   * The world after `step`. The returned object is shared with the timeline: read it, never mutate
   * it (use `structuredClone` to keep it).
   */
  worldAt(step: number): World {
    const target = clamp(step, 0, this.steps);
    const k = this.keyframeBefore(target);
    if (target < this.cursor.step || this.cursor.step < this.keyframeSteps[k]!) this.cursor = structuredClone(this.keyframes[k]!);
    this.advance(this.cursor, target, null);
    return this.cursor;
  }

  /** The world at simulated time t (after every step with time ≤ t). */
  worldAtTime(t: number): World {
    return this.worldAt(this.stepAtTime(t));
  }

  /**
   * A new timeline: this run up to `at`, then `action`, then a fresh future. `at.time` must lie
   * between the time of `at.step` and that of the next step.
   */
  fork(action: Action, at: Position): Timeline {
    if (!Number.isFinite(at.time) || !Number.isFinite(at.step)) {
      throw new SimulationError(`fork: the position must be finite numbers, got step ${at.step}, time ${at.time}`);
    }
    const stepIndex = clamp(at.step, 0, this.steps);
    // Simulated time is integer milliseconds; a playhead between two events is floored. Before the
    // end of the run it cannot pass the next step (which would reorder the past).
    let time = Math.max(Math.floor(at.time), this.timeOfStep(stepIndex));
    if (stepIndex < this.steps) time = Math.min(time, this.timeOfStep(stepIndex + 1));
    validateAction(this.ctx, action);
    const timed: TimedAction = { ...action, step: stepIndex, time };
    const actions = [...this.actions.filter((a) => a.step <= stepIndex), timed];
    const next = new Timeline(this.scenario, this.seed, actions, this.every, this.ctx);
    // Reuse everything up to the fork point: it is identical by determinism.
    const kept = this.keyframeBefore(stepIndex) + 1;
    replace(next.keyframes, this.keyframes, kept);
    replace(next.keyframeSteps, this.keyframeSteps, kept);
    replace(next.keyframeSizes, this.keyframeSizes, kept);
    next.interval = this.interval;
    next.sizeEstimate = this.sizeEstimate;
    replace(next.stepTime, this.stepTime, stepIndex + 1);
    replace(next.traceEnd, this.traceEnd, stepIndex + 1);
    replace(next.trace, this.trace, this.traceEnd[stepIndex]!);
    const world = structuredClone(this.worldAt(stepIndex));
    next.recordFrom(world);
    return next;
  }

  /** Index of the last keyframe at or before `step`. */
  private keyframeBefore(step: number): number {
    let lo = 0;
    let hi = this.keyframeSteps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.keyframeSteps[mid]! <= step) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Keeps a clone of `world`. Its size is measured every eighth keyframe (the cost of a clone grows
   * with it); when all keyframes together pass the budget, every other one is dropped and the
   * interval doubles, so memory stays bounded and a seek replays at most `interval` steps.
   */
  private addKeyframe(world: World): void {
    if (this.keyframes.length % 8 === 1 || this.sizeEstimate === 0) this.sizeEstimate = JSON.stringify(world).length;
    this.keyframes.push(structuredClone(world));
    this.keyframeSteps.push(world.step);
    this.keyframeSizes.push(this.sizeEstimate);
    let total = 0;
    for (const s of this.keyframeSizes) total += s;
    if (total <= KEYFRAME_BUDGET || this.keyframes.length < 4) return;
    const keep = (_x: unknown, i: number) => i % 2 === 0;
    const [frames, steps, sizes] = [this.keyframes.filter(keep), this.keyframeSteps.filter(keep), this.keyframeSizes.filter(keep)];
    replace(this.keyframes, frames, frames.length);
    replace(this.keyframeSteps, steps, steps.length);
    replace(this.keyframeSizes, sizes, sizes.length);
    this.interval *= 2;
  }

  /** Replays `world` forward to `target` without recording (actions are injected as in the recording). */
  private advance(world: World, target: number, sink: ((e: TraceEvent) => void) | null): void {
    while (world.step < target) {
      this.inject(world);
      if (!step(this.ctx, world, sink)) break;
    }
  }

  /**
   * Queues the actions pinned to the world's current step. Keyframes are taken before this, so a
   * replay from a keyframe at step s injects the actions of step s itself.
   */
  private inject(world: World): void {
    for (const [i, a] of this.actions.entries()) {
      if (a.step !== world.step) continue;
      if (a.time < world.time) {
        throw new SimulationError(`actions[${i}].time: ${a.time} ms is before step ${a.step} (t = ${world.time} ms); an action cannot act in the past`);
      }
      scheduleAt(world, a.time, { kind: 'action', action: a });
    }
  }

  /** Records from `world` (at the end of what is recorded so far) to the end of the run. */
  private recordFrom(world: World): void {
    const until = this.scenario.until;
    const cap = this.scenario.maxEvents;
    const sink = (e: TraceEvent) => this.trace.push(e);
    for (;;) {
      if (world.step === this.steps) this.inject(world);
      const next = nextEventTime(world);
      if (next === null || (isQuiescent(this.ctx, world) && this.actions.every((a) => a.step <= world.step))) {
        this.stopReason = world.jobStatus === 'FINISHED' ? 'finished' : isTerminalJobStatus(world.jobStatus) ? 'terminal' : 'idle';
        break;
      }
      if (until !== null && next > until) {
        this.stopReason = 'until';
        break;
      }
      if (world.step >= cap) {
        throw new SimulationError(
          `the run passed the event cap (maxEvents = ${cap}) at t = ${world.time} ms; ` +
            `set a smaller "until" or raise "maxEvents" (at most ${MAX_EVENTS_LIMIT}) in the scenario`,
        );
      }
      step(this.ctx, world, sink);
      this.endStep(world.time);
      if (world.step - this.keyframeSteps.at(-1)! >= this.interval) this.addKeyframe(world);
    }
    const late = this.actions.findIndex((a) => a.step > world.step);
    if (late >= 0) {
      throw new SimulationError(`actions[${late}].step: ${this.actions[late]!.step} is past the end of the run (${world.step} steps); act at a step of the run`);
    }
    this.cursor = world;
  }
}

/** Keyframes may hold about this many JSON characters in all (a few hundred MB of objects) before they thin out. */
const KEYFRAME_BUDGET = 48_000_000;

/** dst := src[0 … n) without spreading (spreads overflow the stack on long runs). */
function replace<T>(dst: T[], src: readonly T[], n: number): void {
  dst.length = 0;
  for (let i = 0; i < n; i++) dst.push(src[i]!);
}


/** Throws a SimulationError naming the field when an action refers to something that does not exist. */
export function validateAction(ctx: SimContext, action: Action): void {
  const tasks = ctx.plan.execution.tasks;
  switch (action.type) {
    case 'setSourceRate': {
      const node = ctx.node.get(action.operator);
      if (!node || node.spec.type !== 'source' || !node.spec.generator) {
        const gens = ctx.plan.streamGraph.nodes.filter((n) => n.spec.type === 'source' && n.spec.generator).map((n) => n.id);
        throw new SimulationError(`action.operator: "${action.operator}" is not a generator source; use one of: ${gens.join(', ') || '(none)'}`);
      }
      if (!(action.ratePerSec > 0 && action.ratePerSec <= LIMITS.ratePerSec)) {
        throw new SimulationError(`action.ratePerSec: must be in (0, ${LIMITS.ratePerSec}] records/s, got ${action.ratePerSec}`);
      }
      const p = node.parallelism;
      if (action.subtask !== undefined && !(Number.isInteger(action.subtask) && action.subtask >= 0 && action.subtask < p)) {
        throw new SimulationError(`action.subtask: must be 0..${p - 1} (the source's parallelism is ${p}), got ${action.subtask}`);
      }
      return;
    }
    case 'pauseTask':
    case 'resumeTask':
    case 'failTask':
      if (!tasks.some((t) => t.id === action.task)) {
        throw new SimulationError(`action.task: no task "${action.task}"; tasks are ${tasks.map((t) => t.id).join(', ')}`);
      }
      return;
    case 'killTaskManager':
      if (!/^tm-[1-9]\d*$/.test(action.taskManager)) throw new SimulationError(`action.taskManager: must be a TaskManager id such as "tm-1", got "${action.taskManager}"`);
      return;
    case 'addTaskManager':
    case 'cancelJob':
    case 'loseLeadership':
    case 'triggerSavepoint':
    case 'stopWithSavepoint':
      return;
    default:
      throw new SimulationError(`action.type: unknown action "${(action as { type: string }).type}"; use ${ACTION_TYPES.join(', ')}`);
  }
}
