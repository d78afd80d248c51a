/**
 * Flink's WatermarkGenerator implementations as plain state + functions (reference §1.1, §1.2):
 * BoundedOutOfOrdernessWatermarks, AscendingTimestampsWatermarks (`monotonous`), a punctuated
 * generator, NoWatermarksGenerator, ingestion time (IngestionTimeAssigner + ascending watermarks)
 * and the WatermarksWithIdleness wrapper with its IdlenessTimer
 * (flink-core/src/main/java/org/apache/flink/api/common/eventtime/).
 * Clocks are passed in as `now` (ms): the input-activity clock for idleness, the processing clock
 * for ingestion time. Watermarks use the Long representation of `util/JavaLong.ts`.
 */
import type { FieldRef, Json } from '../scenario/Scenario.ts';
import { getField } from '../functions/fields.ts';
import { LONG_MIN } from '../util/JavaLong.ts';

/**
 * The base generator of a WatermarkStrategy. `maxOutOfOrderness` is the bound B in ms. `punctuated`
 * emits from `onEvent` (the docs' "Writing a Punctuated WatermarkGenerator"): on every record when
 * `marker` is null, else only on records whose field `marker` (tuple position or POJO field) is truthy.
 */
export type WatermarkStrategySpec =
  | { kind: 'boundedOutOfOrderness'; maxOutOfOrderness: number }
  | { kind: 'monotonous' }
  | { kind: 'punctuated'; maxOutOfOrderness: number; marker: FieldRef | null }
  | { kind: 'ingestionTime' }
  | { kind: 'noWatermarks' };

/** A WatermarkStrategy: the base generator, wrapped by `withIdleness(idlenessMs)` unless null. */
export interface ResolvedWatermarkStrategy {
  generator: WatermarkStrategySpec;
  idlenessMs: number | null;
}

/** WatermarksWithIdleness.IdlenessTimer; `startOfInactivity` null where Flink uses its 0 ("no timer") sentinel. */
export interface IdlenessTimerState {
  counter: number;
  lastCounter: number;
  startOfInactivity: number | null;
  timeoutMs: number;
}

/**
 * A generator's state.
 * - `maxTimestamp`: the largest timestamp seen; null = no event yet. Flink starts it at
 *   `Long.MIN_VALUE + B + 1` so that the first periodic watermark is exactly `Long.MIN_VALUE`; a double
 *   cannot hold −2^63 + B + 1, so null stands for it. With safe-integer timestamps `max(MIN + B + 1, ts)`
 *   is always `ts`, and `onPeriodicEmit` emits exactly `LONG_MIN` while it is null: the two agree.
 * - `idleness`, `isIdleNow`: the WatermarksWithIdleness wrapper (null when the strategy has no idleness).
 * - `lastIngestion`: IngestionTimeAssigner's `maxTimestamp` (a Java field, so it starts at 0).
 */
export interface GeneratorState {
  maxTimestamp: number | null;
  idleness: IdlenessTimerState | null;
  isIdleNow: boolean;
  lastIngestion: number;
}

/** Flink's WatermarkOutput, as the generator sees it. */
export interface WatermarkOutput {
  emitWatermark(ts: number): void;
  markIdle(): void;
  markActive(): void;
}

/**
 * A fresh IdlenessTimer. Throws Flink's IllegalArgumentException message for a timeout ≤ 0
 * (WatermarksWithIdleness.java constructor, WatermarkStrategy.withIdleness).
 */
export function newIdlenessTimer(timeoutMs: number): IdlenessTimerState {
  if (!(timeoutMs > 0)) throw new Error('idleTimeout must be greater than zero'); // WatermarksWithIdleness.java checkArgument
  return { counter: 0, lastCounter: 0, startOfInactivity: null, timeoutMs };
}

/** IdlenessTimer.activity(): `counter++`. */
export function activity(t: IdlenessTimerState): void {
  t.counter++;
}

/**
 * IdlenessTimer.checkIfIdle(): activity since the last probe resets the timer; the first probe
 * without activity starts it; later probes report idle once strictly more than the timeout passed.
 */
export function checkIfIdle(t: IdlenessTimerState, now: number): boolean {
  if (t.counter !== t.lastCounter) {
    t.lastCounter = t.counter; // WatermarksWithIdleness.java IdlenessTimer.checkIfIdle: activity, reset
    t.startOfInactivity = null;
    return false;
  }
  if (t.startOfInactivity === null) {
    t.startOfInactivity = now; // WatermarksWithIdleness.java IdlenessTimer.checkIfIdle: first quiet probe starts the timer
    return false;
  }
  return now - t.startOfInactivity > t.timeoutMs; // WatermarksWithIdleness.java IdlenessTimer.checkIfIdle: strictly greater
}

/** The out-of-orderness bound B: 0 for monotonous and ingestion time (AscendingTimestampsWatermarks.java), none for noWatermarks. */
export function outOfOrderness(g: WatermarkStrategySpec): number {
  return g.kind === 'boundedOutOfOrderness' || g.kind === 'punctuated' ? g.maxOutOfOrderness : 0;
}

/**
 * The state of a freshly created generator. Throws Flink's IllegalArgumentException messages for a
 * negative bound (BoundedOutOfOrdernessWatermarks.java) or an idle timeout ≤ 0.
 */
export function newGeneratorState(strategy: ResolvedWatermarkStrategy): GeneratorState {
  const g = strategy.generator;
  if ((g.kind === 'boundedOutOfOrderness' || g.kind === 'punctuated') && !(g.maxOutOfOrderness >= 0)) {
    throw new Error('maxOutOfOrderness cannot be negative'); // BoundedOutOfOrdernessWatermarks.java checkArgument
  }
  const idleness = strategy.idlenessMs === null ? null : newIdlenessTimer(strategy.idlenessMs);
  return { maxTimestamp: null, idleness, isIdleNow: false, lastIngestion: 0 };
}

/**
 * IngestionTimeAssigner.extractTimestamp: the processing time `now`, never below the previous one
 * ("make sure timestamps are monotonously increasing, even when the system clock re-syncs").
 */
export function ingestionTimestamp(state: GeneratorState, now: number): number {
  const ts = Math.max(now, state.lastIngestion); // flink-core/.../eventtime/IngestionTimeAssigner.java
  state.lastIngestion = ts;
  return ts;
}

/** The watermark the bounded generator would emit now: `maxTimestamp − B − 1`, `LONG_MIN` before any event. */
function boundedWatermark(g: WatermarkStrategySpec, state: GeneratorState): number {
  return state.maxTimestamp === null ? LONG_MIN : state.maxTimestamp - outOfOrderness(g) - 1; // BoundedOutOfOrdernessWatermarks.java L69
}

const truthy = (v: Json): boolean => Boolean(v);

/**
 * WatermarkGenerator.onEvent, after the record (timestamp `timestamp`, already assigned) was forwarded.
 * Periodic generators only track the max; `punctuated` emits right away. Under idleness the wrapper then
 * records activity (WatermarksWithIdleness.onEvent). The clock (`_now`) is not read: idleness counts events.
 */
export function onEvent(
  strategy: ResolvedWatermarkStrategy,
  state: GeneratorState,
  timestamp: number,
  value: Json,
  _now: number,
  out: WatermarkOutput,
): void {
  const g = strategy.generator;
  if (g.kind !== 'noWatermarks') {
    // BoundedOutOfOrdernessWatermarks.java L57: maxTimestamp = max(maxTimestamp, ts)
    state.maxTimestamp = state.maxTimestamp === null ? timestamp : Math.max(state.maxTimestamp, timestamp);
  }
  if (g.kind === 'punctuated' && (g.marker === null || truthy(getField(value, g.marker)))) {
    out.emitWatermark(boundedWatermark(g, state)); // docs generating_watermarks.md "Writing a Punctuated WatermarkGenerator"
  }
  if (state.idleness) {
    activity(state.idleness); // WatermarksWithIdleness.java onEvent: base first, then timer.activity()
    state.isIdleNow = false;
  }
}

/**
 * WatermarkGenerator.onPeriodicEmit (every `pipeline.auto-watermark-interval`). Under idleness
 * (WatermarksWithIdleness.onPeriodicEmit): once idle, mark the output idle once and skip the base;
 * otherwise the base emits `max − B − 1` (punctuated and noWatermarks emit nothing periodically).
 */
export function onPeriodicEmit(strategy: ResolvedWatermarkStrategy, state: GeneratorState, now: number, out: WatermarkOutput): void {
  if (state.idleness && checkIfIdle(state.idleness, now)) {
    if (!state.isIdleNow) {
      out.markIdle(); // WatermarksWithIdleness.java onPeriodicEmit: markIdle once, base not called
      state.isIdleNow = true;
    }
    return;
  }
  const g = strategy.generator;
  if (g.kind === 'punctuated' || g.kind === 'noWatermarks') return; // NoWatermarksGenerator.java: emits nothing
  out.emitWatermark(boundedWatermark(g, state)); // BoundedOutOfOrdernessWatermarks.java onPeriodicEmit
}
