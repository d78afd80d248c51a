/**
 * A recorded Chandy–Lamport run with the read API of `src/sim/Timeline.ts`, so the player can scrub
 * it: the whole trace, the time of every step and a keyframe (a cloned world) every `keyframeEvery`
 * steps; `worldAt(step)` restores the nearest keyframe and replays deterministically.
 */
import { SimulationError } from '../kernel/errors.ts';
import { createClWorld, nextClEventTime, stepWorld, type ClWorld } from './ChandyLamport.ts';
import { PROCESS_LIMITS, resolveProcessScenario, type ProcessScenario, type ResolvedProcessScenario } from './ProcessScenario.ts';
import type { ProcessTraceEvent } from './ProcessTrace.ts';
import type { CutCheck } from './ConsistentCut.ts';

export interface ProcessRunOptions {
  /** Seed of the jitter generator (default: the scenario's). */
  seed?: number;
  /** Steps between keyframes (default 64). */
  keyframeEvery?: number;
}

export class ProcessRun {
  readonly scenario: ResolvedProcessScenario;
  readonly seed: number;
  /** Every trace event of the run, in order. */
  readonly trace: ProcessTraceEvent[] = [];
  /**
   * Why recording stopped: nothing is left to happen (`idle`). `incomplete` would mean the queue
   * emptied before the snapshot terminated, which validation rules out.
   */
  stopReason: 'idle' | 'incomplete' = 'idle';

  private readonly every: number;
  /** stepTime[s]: simulated time after step s (stepTime[0] = 0). */
  private readonly stepTime: number[] = [0];
  /** traceEnd[s]: number of trace events emitted up to and including step s. */
  private readonly traceEnd: number[] = [0];
  private readonly keyframes: ClWorld[] = [];
  private cursor: ClWorld;

  private constructor(scenario: ResolvedProcessScenario, seed: number, every: number) {
    this.scenario = scenario;
    this.seed = seed;
    this.every = every;
    this.cursor = createClWorld(scenario, seed);
    this.keyframes.push(structuredClone(this.cursor));
  }

  /**
   * Validates a scenario (throws `ScenarioError`), runs it until nothing is left to happen and
   * records it. Throws `SimulationError` past the scenario's `maxEvents`.
   */
  static record(scenario: ProcessScenario | ResolvedProcessScenario, options: ProcessRunOptions = {}): ProcessRun {
    const resolved = resolveProcessScenario(scenario);
    const every = Math.max(1, Math.floor(options.keyframeEvery ?? 64));
    const run = new ProcessRun(resolved, options.seed ?? resolved.seed, every);
    run.recordAll();
    return run;
  }

  /** Number of steps in the run (the last step's index). */
  get steps(): number {
    return this.stepTime.length - 1;
  }

  /** Simulated time after the last step. */
  get endTime(): number {
    return this.stepTime[this.steps]!;
  }

  /** The checker's verdict when the snapshot completed (null if it did not). */
  get check(): CutCheck | null {
    const done = this.trace.find((e) => e.type === 'snapshot.completed');
    return done?.type === 'snapshot.completed' ? done.check : null;
  }

  /** Simulated time after `step`. */
  timeOfStep(step: number): number {
    return this.stepTime[clamp(step, 0, this.steps)]!;
  }

  /** The last step whose time is ≤ t (0 if none). */
  stepAtTime(t: number): number {
    let lo = 0;
    let hi = this.steps;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.stepTime[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Trace events emitted by steps in (fromStep, toStep]. */
  traceBetween(fromStep: number, toStep: number): ProcessTraceEvent[] {
    const a = this.traceEnd[clamp(fromStep, 0, this.steps)]!;
    const b = this.traceEnd[clamp(toStep, 0, this.steps)]!;
    return this.trace.slice(a, b);
  }

  /** Trace events up to and including `step`. */
  traceUntil(step: number): ProcessTraceEvent[] {
    return this.traceBetween(0, step);
  }

  /**
   * The world after `step`. The returned object is shared with the run: read it, never mutate it
   * (use `structuredClone` to keep it).
   */
  worldAt(step: number): ClWorld {
    const target = clamp(step, 0, this.steps);
    if (target < this.cursor.step || target - this.cursor.step > this.every) {
      this.cursor = structuredClone(this.keyframes[Math.floor(target / this.every)]!);
    }
    while (this.cursor.step < target) {
      if (!stepWorld(this.scenario, this.cursor, null)) break;
    }
    return this.cursor;
  }

  /** The world at simulated time t (after every step with time ≤ t). */
  worldAtTime(t: number): ClWorld {
    return this.worldAt(this.stepAtTime(t));
  }

  private recordAll(): void {
    const world = this.cursor;
    const cap = this.scenario.maxEvents;
    const sink = (e: ProcessTraceEvent) => this.trace.push(e);
    while (nextClEventTime(world) !== null) {
      if (world.step >= cap) {
        throw new SimulationError(
          `the snapshot run passed the event cap (maxEvents = ${cap}) at t = ${world.time} ms; ` +
            `schedule fewer events or raise "maxEvents" (at most ${PROCESS_LIMITS.maxEvents}) in the scenario`,
        );
      }
      stepWorld(this.scenario, world, sink);
      this.stepTime.push(world.time);
      this.traceEnd.push(this.trace.length);
      if (world.step % this.every === 0) this.keyframes.push(structuredClone(world));
    }
    this.stopReason = world.completedStep === null ? 'incomplete' : 'idle';
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(x)));
}
