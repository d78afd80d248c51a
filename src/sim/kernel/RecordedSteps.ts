/**
 * What a recorded run keeps per step, and how it is looked up: the trace, the simulated time after
 * each step and where each step's trace events end. Shared by the job Timeline and the Chandy–Lamport
 * ProcessRun, so the player reads both the same way.
 */
export abstract class RecordedSteps<E> {
  /** Every trace event of the run, in order. */
  readonly trace: E[] = [];
  /** stepTime[s]: simulated time after step s (stepTime[0] = 0). */
  protected readonly stepTime: number[] = [0];
  /** traceEnd[s]: number of trace events emitted up to and including step s. */
  protected readonly traceEnd: number[] = [0];

  /** Number of steps in the run (the last step's index). */
  get steps(): number {
    return this.stepTime.length - 1;
  }

  /** Simulated time after the last step. */
  get endTime(): number {
    return this.stepTime[this.steps]!;
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
  traceBetween(fromStep: number, toStep: number): E[] {
    const a = this.traceEnd[clamp(fromStep, 0, this.steps)]!;
    const b = this.traceEnd[clamp(toStep, 0, this.steps)]!;
    return this.trace.slice(a, b);
  }

  /** Trace events up to and including `step`. */
  traceUntil(step: number): E[] {
    return this.traceBetween(0, step);
  }

  /** Records the end of a step: its time and how far the trace got. */
  protected endStep(time: number): void {
    this.stepTime.push(time);
    this.traceEnd.push(this.trace.length);
  }
}

/** x clamped to [lo, hi] and floored. */
export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(x)));
}
