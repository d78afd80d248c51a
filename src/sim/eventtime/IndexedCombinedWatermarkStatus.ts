/**
 * Combining the watermarks of an operator's N inputs (reference §1.4): IndexedCombinedWatermarkStatus
 * over CombinedWatermarkStatus (flink-core/src/main/java/org/apache/flink/api/common/eventtime/), driven
 * as AbstractStreamOperator.processWatermark1/2 and processWatermarkStatus1/2 do
 * (flink-runtime/.../streaming/api/operators/AbstractStreamOperator.java L685–720).
 * The combined watermark is the min over the non-idle inputs; it only advances.
 */
import type { WatermarkStatus } from '../trace.ts';
import { LONG_MIN } from '../util/JavaLong.ts';

/** CombinedWatermarkStatus.PartialWatermark: one input's watermark (starts `Long.MIN_VALUE`) and idleness (starts false). */
export interface PartialWatermark {
  watermark: number;
  idle: boolean;
}

/** The combined status of N inputs: the partials, the combined watermark (starts `Long.MIN_VALUE`) and idleness (starts false). */
export interface CombinedWatermarkState {
  partials: PartialWatermark[];
  combinedWatermark: number;
  idle: boolean;
}

/** Where the operator's reactions go: `watermark(wm)` stands for AbstractStreamOperator.processWatermark (fire timers, then forward). */
export interface CombinedOutput {
  watermark(wm: number): void;
  status(s: WatermarkStatus): void;
}

/** IndexedCombinedWatermarkStatus.forInputsCount(n). */
export function newCombinedWatermarkStatus(n: number): CombinedWatermarkState {
  const partials = Array.from({ length: n }, (): PartialWatermark => ({ watermark: LONG_MIN, idle: false }));
  return { partials, combinedWatermark: LONG_MIN, idle: false };
}

function partialOf(state: CombinedWatermarkState, i: number): PartialWatermark {
  const p = state.partials[i];
  if (!p) throw new Error(`internal: no input ${i} in a combined watermark status of ${state.partials.length}`);
  return p;
}

/**
 * CombinedWatermarkStatus.updateCombinedWatermark: min over the non-idle partials; idle when all are.
 * True when the combined watermark advanced.
 */
function updateCombinedWatermark(state: CombinedWatermarkState): boolean {
  if (state.partials.length === 0) return false; // CombinedWatermarkStatus.java updateCombinedWatermark: no outputs, no watermark
  let min: number | null = null;
  for (const p of state.partials) if (!p.idle && (min === null || p.watermark < min)) min = p.watermark;
  state.idle = min === null; // CombinedWatermarkStatus.java L66: idle = all partials idle
  if (min !== null && min > state.combinedWatermark) {
    state.combinedWatermark = min;
    return true;
  }
  return false;
}

/**
 * IndexedCombinedWatermarkStatus.updateWatermark(i, wm): the input becomes non-idle and keeps the max
 * of its watermarks (PartialWatermark.setWatermark). True when the combined watermark advanced.
 */
export function setWatermark(state: CombinedWatermarkState, i: number, wm: number): boolean {
  const p = partialOf(state, i);
  p.idle = false; // CombinedWatermarkStatus.java PartialWatermark.setWatermark: clears idleness
  p.watermark = Math.max(p.watermark, wm);
  return updateCombinedWatermark(state);
}

/** IndexedCombinedWatermarkStatus.updateStatus(i, idle). True when the combined watermark advanced. */
export function setIdle(state: CombinedWatermarkState, i: number, idle: boolean): boolean {
  partialOf(state, i).idle = idle; // CombinedWatermarkStatus.java PartialWatermark.setIdle
  return updateCombinedWatermark(state);
}

/** AbstractStreamOperator.processWatermark(mark, index): process the combined watermark when it advanced. */
export function processWatermark(state: CombinedWatermarkState, i: number, wm: number, out: CombinedOutput): void {
  if (setWatermark(state, i, wm)) out.watermark(state.combinedWatermark); // AbstractStreamOperator.java processWatermark(mark, index)
}

/**
 * AbstractStreamOperator.processWatermarkStatus(status, index): an input going idle may advance the
 * combined watermark (processed first); the status is forwarded only when the combined idleness changed.
 */
export function processWatermarkStatus(state: CombinedWatermarkState, i: number, status: WatermarkStatus, out: CombinedOutput): void {
  const wasIdle = state.idle;
  if (setIdle(state, i, status === 'IDLE')) out.watermark(state.combinedWatermark); // AbstractStreamOperator.java processWatermarkStatus
  if (wasIdle !== state.idle) out.status(status); // AbstractStreamOperator.java processWatermarkStatus: emit on change only
}
