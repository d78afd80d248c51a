/**
 * A recorded Chandy–Lamport run with the read API of `src/sim/Timeline.ts`, so the player can scrub
 * it: the whole trace, the time of every step and a keyframe (a cloned world) every `keyframeEvery`
 * steps; `worldAt(step)` restores the nearest keyframe and replays deterministically.
 */
import { RecordedSteps, clamp } from '../kernel/RecordedSteps.ts';
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

export class ProcessRun extends RecordedSteps<ProcessTraceEvent> {
  readonly scenario: ResolvedProcessScenario;
  readonly seed: number;
  /**
   * Why recording stopped: nothing is left to happen (`idle`). `incomplete` would mean the queue
   * emptied before the snapshot terminated, which validation rules out.
   */
  stopReason: 'idle' | 'incomplete' = 'idle';

  private readonly every: number;
  private readonly keyframes: ClWorld[] = [];
  private cursor: ClWorld;

  private constructor(scenario: ResolvedProcessScenario, seed: number, every: number) {
    super();
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

  /** The checker's verdict when the snapshot completed (null if it did not). */
  get check(): CutCheck | null {
    const done = this.trace.find((e) => e.type === 'snapshot.completed');
    return done?.type === 'snapshot.completed' ? done.check : null;
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
      this.endStep(world.time);
      if (world.step % this.every === 0) this.keyframes.push(structuredClone(world));
    }
    this.stopReason = world.completedStep === null ? 'incomplete' : 'idle';
  }
}
