/**
 * The output side of a watermark generator: TimestampsAndWatermarksOperator.WatermarkEmitter
 * (flink-runtime/src/main/java/org/apache/flink/streaming/runtime/operators/TimestampsAndWatermarksOperator.java).
 * It forwards only strictly increasing watermarks and WatermarkStatus changes (reference §1.1).
 */
import type { WatermarkStatus } from '../trace.ts';
import type { WatermarkOutput } from './WatermarkGenerator.ts';
import { LONG_MIN } from '../util/JavaLong.ts';

export type { WatermarkStatus } from '../trace.ts';

/** The emitter's `currentWatermark` (starts at `Long.MIN_VALUE`) and `idle` flag (starts false). */
export interface EmitterState {
  currentWatermark: number;
  idle: boolean;
}

/** Where the emitter writes: the operator's Output (`emitWatermark`, `emitWatermarkStatus`). */
export interface EmitterOutput {
  watermark(ts: number): void;
  status(s: WatermarkStatus): void;
}

/** A fresh emitter: `currentWatermark = Long.MIN_VALUE`, active. */
export function newEmitter(): EmitterState {
  return { currentWatermark: LONG_MIN, idle: false };
}

/**
 * WatermarkEmitter.emitWatermark: drops a watermark ≤ the current one (so `Long.MIN_VALUE` is never
 * forwarded, and a non-advancing watermark does not re-activate an idle output); else records it,
 * marks the output active (ACTIVE only if it was idle), then forwards it.
 */
export function emitWatermark(state: EmitterState, ts: number, out: EmitterOutput): void {
  if (ts <= state.currentWatermark) return; // TimestampsAndWatermarksOperator.java WatermarkEmitter.emitWatermark
  state.currentWatermark = ts;
  markActive(state, out);
  out.watermark(ts);
}

/** WatermarkEmitter.markIdle: emits IDLE once, on the transition. */
export function markIdle(state: EmitterState, out: EmitterOutput): void {
  if (state.idle) return; // TimestampsAndWatermarksOperator.java WatermarkEmitter.markIdle
  state.idle = true;
  out.status('IDLE');
}

/** WatermarkEmitter.markActive: emits ACTIVE once, on the transition. */
export function markActive(state: EmitterState, out: EmitterOutput): void {
  if (!state.idle) return; // TimestampsAndWatermarksOperator.java WatermarkEmitter.markActive
  state.idle = false;
  out.status('ACTIVE');
}

/** The emitter as the WatermarkOutput handed to a generator (`onEvent`, `onPeriodicEmit`). */
export function watermarkOutputOf(state: EmitterState, out: EmitterOutput): WatermarkOutput {
  return {
    emitWatermark: (ts) => emitWatermark(state, ts, out),
    markIdle: () => markIdle(state, out),
    markActive: () => markActive(state, out),
  };
}
