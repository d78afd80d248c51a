/**
 * Flink's built-in evictors (flink-streaming-java/.../api/windowing/evictors/CountEvictor.java,
 * TimeEvictor.java). An evictor runs on a window's buffered elements when it fires: `evictBefore`
 * before the window function, `evictAfter` after it (`doEvictAfter` picks which one acts). Eviction
 * removes elements from the buffer in place and is persistent (EvictingWindowOperator#emitWindowContents).
 */
import type { Json } from '../scenario/Scenario.ts';
import { FlinkRuntimeException } from './TimeWindow.ts';

/** `CountEvictor.of(max, doEvictAfter)` / `TimeEvictor.of(size, doEvictAfter)` (size in ms). */
export type EvictorSpec = { type: 'count'; max: number; after: boolean } | { type: 'time'; size: number; after: boolean };

/** One buffered element of a window: the value, its timestamp (null = none) and the simulator's record id. */
export interface BufferedElement {
  value: Json;
  timestamp: number | null;
  record: number;
}

/** `toString()`-like label: `CountEvictor(4)`, `TimeEvictor(2000, after)`. */
export function describeEvictor(spec: EvictorSpec): string {
  const n = spec.type === 'count' ? spec.max : spec.size;
  return `${spec.type === 'count' ? 'CountEvictor' : 'TimeEvictor'}(${n}${spec.after ? ', after' : ''})`;
}

/** `TimestampedValue.getTimestamp()` for an element without timestamp. */
const NO_TIMESTAMP =
  "Record has no timestamp. Is the time characteristic set to 'ProcessingTime', or did you forget to call " +
  "'DataStream.assignTimestampsAndWatermarks(...)'?";

/** The shared `evict(elements, size, ctx)`; returns how many elements it removed. */
function evict(spec: EvictorSpec, elements: BufferedElement[]): number {
  if (spec.type === 'count') {
    // CountEvictor.java#evict: if size > maxCount, remove the first size - maxCount elements.
    if (elements.length <= spec.max) return 0;
    const n = elements.length - Math.max(0, spec.max);
    elements.splice(0, n);
    return n;
  }
  // TimeEvictor.java#evict: nothing when the first element has no timestamp (hasTimestamp).
  if (elements.length === 0 || elements[0]!.timestamp === null) return 0;
  const stamp = (e: BufferedElement): number => {
    if (e.timestamp === null) throw new FlinkRuntimeException('IllegalStateException', NO_TIMESTAMP);
    return e.timestamp;
  };
  // TimeEvictor.java#getMaxTimestamp, then remove every element with ts <= max - windowSize.
  const cutoff = elements.reduce((m, e) => Math.max(m, stamp(e)), -Infinity) - spec.size;
  const before = elements.length;
  const kept = elements.filter((e) => stamp(e) > cutoff);
  elements.splice(0, elements.length, ...kept);
  return before - kept.length;
}

/** `evictBefore(elements, size, window, ctx)`: acts unless the evictor was built with `doEvictAfter`. */
export function evictBefore(spec: EvictorSpec, elements: BufferedElement[]): number {
  return spec.after ? 0 : evict(spec, elements);
}

/** `evictAfter(elements, size, window, ctx)`: acts only with `doEvictAfter`. */
export function evictAfter(spec: EvictorSpec, elements: BufferedElement[]): number {
  return spec.after ? evict(spec, elements) : 0;
}
