/**
 * The player: where the playhead is in a recorded run, and the loop that moves it.
 * `step` is the kernel step shown (the world after it); `time` is continuous simulated time and can
 * sit between two steps (in-flight records are drawn at `time`). Invariant:
 *   timeOfStep(step) ≤ time ≤ timeOfStep(step + 1)
 * While playing, a requestAnimationFrame loop maps wall-clock ms × speed to simulated ms; with
 * reduced motion it instead jumps one event (kernel step) per tick. It stops at the end and at
 * breakpoints (the lesson's steps): at the first one it reaches after the position it started from,
 * never at that position itself, so that Play always moves on.
 */
import { prefersReducedMotion } from 'svelte/motion';
import type { Position, Timeline } from '../../sim/Timeline.ts';

/** Speeds of the slider (simulated ms per wall ms), on a roughly logarithmic scale. */
export const SPEEDS = [0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;
/** 0.1×: a 60 ms network hop takes 0.6 s on screen, slow enough to follow a record. */
export const DEFAULT_SPEED_INDEX = SPEEDS.indexOf(0.1);

/** Wall-clock ms between two events in reduced-motion playback at the default speed. */
export const REDUCED_TICK_MS = 700;

/** A position where playback stops, with what its owner put there (e.g. a lesson step, a question). */
export interface Breakpoint extends Position {
  kind?: string;
  /** What to announce when playback stops there. */
  message?: string;
}

/** Why the playhead last moved: announcements differ for user moves and playback. */
export type MoveCause = 'user' | 'play' | 'load';

export interface PlayerHost {
  raf: (cb: (now: number) => void) => number;
  caf: (id: number) => void;
  reducedMotion: () => boolean;
}

const browserHost = (): PlayerHost => ({
  raf: (cb) => requestAnimationFrame(cb),
  caf: (id) => cancelAnimationFrame(id),
  reducedMotion: () => prefersReducedMotion.current,
});

/**
 * What the player reads of a recorded run: a job run (`Timeline`), or any run with the same read
 * API (a classic Chandy–Lamport `ProcessRun`).
 */
export type PlayableRun = Pick<Timeline, 'steps' | 'endTime' | 'timeOfStep' | 'stepAtTime'>;

export class PlayerState<T extends PlayableRun = Timeline> {
  timeline: T = $state.raw() as unknown as T;
  step = $state(0);
  time = $state(0);
  playing = $state(false);
  speedIndex = $state(DEFAULT_SPEED_INDEX);
  readonly speed = $derived(SPEEDS[this.speedIndex]!);
  /** Positions where playback stops (the lesson's steps). */
  breakpoints: Breakpoint[] = $state.raw([]);
  /** What moved the playhead last. */
  cause: MoveCause = $state('load');
  /** Why playback last stopped by itself. */
  stopReason: 'end' | 'breakpoint' | null = $state(null);
  /** The breakpoint playback last stopped at. */
  stoppedAt: Breakpoint | null = $state.raw(null);

  /** Called when playback stops at a breakpoint. */
  onbreakpoint: ((bp: Breakpoint) => void) | null = null;
  /**
   * Called when Play is pressed, before playback starts; returning true means the owner handled the
   * press (a lesson shows its next step when that step begins right here) and playback stays paused.
   */
  onplay: (() => boolean) | null = null;

  private host: PlayerHost;
  private rafId = 0;
  private lastWall: number | null = null;
  private acc = 0;

  constructor(timeline: T, host: Partial<PlayerHost> = {}) {
    this.timeline = timeline;
    this.host = { ...browserHost(), ...host };
  }

  get steps(): number {
    return this.timeline.steps;
  }

  get endTime(): number {
    return this.timeline.endTime;
  }

  get atEnd(): boolean {
    return this.step >= this.timeline.steps && this.time >= this.timeline.endTime;
  }

  /** The playhead as a position (time rounded down to a whole ms, as links and forks store it). */
  get position(): Position {
    return { step: this.step, time: Math.floor(this.time) };
  }

  /** Swaps the run (after a fork or for another scenario) and puts the playhead at `at`. */
  setTimeline(timeline: T, at: Position = { step: 0, time: 0 }): void {
    this.timeline = timeline;
    this.seek(at, 'load');
  }

  play(): void {
    if (this.playing) return;
    if (this.atEnd) this.seek({ step: 0, time: 0 }, 'user');
    else if (this.onplay?.()) return;
    this.playing = true;
    this.stopReason = null;
    this.stoppedAt = null;
    this.lastWall = null;
    this.acc = 0;
    this.rafId = this.host.raf(this.frame);
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.host.caf(this.rafId);
    this.lastWall = null;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  stepForward(): void {
    this.pause();
    if (this.step >= this.timeline.steps) {
      this.seek({ step: this.timeline.steps, time: this.timeline.endTime }, 'user');
      return;
    }
    const s = this.step + 1;
    this.seek({ step: s, time: this.timeline.timeOfStep(s) }, 'user');
  }

  stepBack(): void {
    this.pause();
    const s = Math.max(0, this.step - 1);
    this.seek({ step: s, time: this.timeline.timeOfStep(s) }, 'user');
  }

  restart(): void {
    this.pause();
    this.seek({ step: 0, time: 0 }, 'user');
  }

  toEnd(): void {
    this.pause();
    this.seek({ step: this.timeline.steps, time: this.timeline.endTime }, 'user');
  }

  /** Moves to simulated time `t` (the last step at or before it). */
  seekTime(t: number, cause: MoveCause = 'user'): void {
    const time = clamp(t, 0, this.timeline.endTime);
    this.step = this.timeline.stepAtTime(time);
    this.time = time;
    this.cause = cause;
  }

  /** Moves to a kernel step, at its time. */
  seekStep(s: number, cause: MoveCause = 'user'): void {
    const step = clamp(Math.floor(s), 0, this.timeline.steps);
    this.seek({ step, time: this.timeline.timeOfStep(step) }, cause);
  }

  /** Moves to an exact position (step and time), clamped to the invariant. */
  seek(at: Position, cause: MoveCause = 'user'): void {
    const tl = this.timeline;
    const step = clamp(Math.floor(at.step), 0, tl.steps);
    const lo = tl.timeOfStep(step);
    const hi = step < tl.steps ? tl.timeOfStep(step + 1) : tl.endTime;
    this.step = step;
    this.time = clamp(at.time, lo, hi);
    this.cause = cause;
  }

  setSpeedIndex(i: number): void {
    this.speedIndex = clamp(Math.round(i), 0, SPEEDS.length - 1);
  }

  slower(): void {
    this.setSpeedIndex(this.speedIndex - 1);
  }

  faster(): void {
    this.setSpeedIndex(this.speedIndex + 1);
  }

  /** Stops the loop for good (component teardown). */
  destroy(): void {
    this.pause();
    this.onbreakpoint = null;
    this.onplay = null;
  }

  private frame = (now: number): void => {
    if (!this.playing) return;
    // Cap the frame delta: a background tab must not jump the run forward.
    const dt = this.lastWall === null ? 0 : Math.min(now - this.lastWall, 100);
    this.lastWall = now;
    if (this.host.reducedMotion()) {
      this.acc += dt;
      const tick = clamp((REDUCED_TICK_MS * SPEEDS[DEFAULT_SPEED_INDEX]!) / this.speed, 30, 3000);
      if (this.acc >= tick) {
        this.acc = 0;
        const s = Math.min(this.step + 1, this.timeline.steps);
        this.advanceTo(s, this.timeline.timeOfStep(s));
      }
    } else {
      const t = Math.min(this.time + dt * this.speed, this.timeline.endTime);
      this.advanceTo(this.timeline.stepAtTime(t), t);
    }
    if (this.playing) this.rafId = this.host.raf(this.frame);
  };

  /**
   * Playback move to (step, time), stopping at the end and at the first breakpoint reached: one
   * after the playhead (so never the one it starts on) and at or before (step, time).
   */
  private advanceTo(step: number, time: number): void {
    const from = { step: this.step, time: this.time };
    const to = { step, time };
    const bp = this.breakpoints.filter((b) => before(from, b) && !before(to, b)).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0))[0];
    if (bp) {
      this.seek(bp, 'play');
      this.playing = false;
      this.stopReason = 'breakpoint';
      this.stoppedAt = bp;
      this.onbreakpoint?.(bp);
      return;
    }
    this.step = step;
    this.time = time;
    this.cause = 'play';
    if (step >= this.timeline.steps && time >= this.timeline.endTime) {
      this.playing = false;
      this.stopReason = 'end';
    }
  }
}

/** Whether position a comes before position b (by kernel step, then time). */
function before(a: Position, b: Position): boolean {
  return a.step < b.step || (a.step === b.step && a.time < b.time);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
