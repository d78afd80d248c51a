/**
 * Flink's built-in window assigners as plain specs: which windows an element belongs to, whether the
 * assigner works in event time, whether it merges, its default trigger and its constructor checks
 * (flink-streaming-java/.../api/windowing/assigners/*.java). The window stagger is always `ALIGNED` (0).
 */
import { LONG_MIN } from '../util/JavaLong.ts';
import { GLOBAL_WINDOW, type Window } from './Window.ts';
import { FlinkRuntimeException, getWindowStartWithOffset } from './TimeWindow.ts';
import type { TriggerSpec } from './Triggers.ts';

/** Event time (the element's timestamp) or processing time (the operator's clock). */
export type WindowTime = 'event' | 'processing';

/**
 * One window assigner: `Tumbling…TimeWindows.of(size, offset)`, `Sliding…TimeWindows.of(size, slide, offset)`,
 * `…SessionWindows.withGap(gap)`, or `GlobalWindows.create()`. Times in ms.
 */
export type AssignerSpec =
  | { type: 'tumbling'; size: number; offset: number; time: WindowTime }
  | { type: 'sliding'; size: number; slide: number; offset: number; time: WindowTime }
  | { type: 'session'; gap: number; time: WindowTime }
  | { type: 'global' };

/** The Flink class behind a spec: `TumblingEventTimeWindows`, `ProcessingTimeSessionWindows`, `GlobalWindows` … */
export function assignerClass(spec: AssignerSpec): string {
  if (spec.type === 'global') return 'GlobalWindows';
  const t = spec.time === 'event' ? 'EventTime' : 'ProcessingTime';
  if (spec.type === 'session') return `${t}SessionWindows`;
  return `${spec.type === 'tumbling' ? 'Tumbling' : 'Sliding'}${t}Windows`;
}

/**
 * The constructor's check, with Flink's message, or null when the parameters are valid. Note that
 * Flink accepts `slide > size` for sliding windows (hopping windows with gaps between them; elements
 * in a gap belong to no window): SlidingEventTimeWindows.java only checks `abs(offset) < slide && size > 0`.
 */
export function assignerProblem(spec: AssignerSpec): string | null {
  const cls = assignerClass(spec);
  switch (spec.type) {
    case 'tumbling': // TumblingEventTimeWindows.java / TumblingProcessingTimeWindows.java constructor
      return Math.abs(spec.offset) >= spec.size ? `${cls} parameters must satisfy abs(offset) < size` : null;
    case 'sliding': // SlidingEventTimeWindows.java / SlidingProcessingTimeWindows.java constructor
      return Math.abs(spec.offset) >= spec.slide || spec.size <= 0 ? `${cls} parameters must satisfy abs(offset) < slide and size > 0` : null;
    case 'session': // EventTimeSessionWindows.java / ProcessingTimeSessionWindows.java constructor
      return spec.gap <= 0 ? `${cls} parameters must satisfy 0 < size` : null;
    case 'global':
      return null;
  }
}

/** The message Tumbling/SlidingEventTimeWindows throw for an element without timestamp (release-1.20 text). */
export const NO_TIMESTAMP_MESSAGE =
  "Record has Long.MIN_VALUE timestamp (= no timestamp marker). Is the time characteristic set to 'ProcessingTime', " +
  "or did you forget to call 'DataStream.assignTimestampsAndWatermarks(...)'?";

/**
 * `assignWindows(element, timestamp, ctx)`: event-time assigners use the element's `timestamp`
 * (`LONG_MIN` = none), processing-time ones `processingTime`. Sliding windows come in descending
 * start order, as Flink builds them. Throws `FlinkRuntimeException` for an event-time tumbling or
 * sliding assigner and an element without timestamp.
 */
export function assignWindows(spec: AssignerSpec, timestamp: number, processingTime: number): Window[] {
  if (spec.type === 'global') return [GLOBAL_WINDOW]; // GlobalWindows.java#assignWindows
  const ts = spec.time === 'event' ? timestamp : processingTime;
  if (spec.type === 'session') return [{ start: ts, end: ts + spec.gap }]; // EventTimeSessionWindows.java#assignWindows
  // Tumbling/SlidingEventTimeWindows.java: `if (timestamp > Long.MIN_VALUE) … else throw new RuntimeException(…)`
  if (spec.time === 'event' && ts <= LONG_MIN) throw new FlinkRuntimeException('RuntimeException', NO_TIMESTAMP_MESSAGE);
  if (spec.type === 'tumbling') {
    // TumblingEventTimeWindows.java#assignWindows: start = getWindowStartWithOffset(ts, (offset + stagger) % size, size)
    const start = getWindowStartWithOffset(ts, spec.offset % spec.size, spec.size);
    return [{ start, end: start + spec.size }];
  }
  // SlidingEventTimeWindows.java#assignWindows: from the last start down, while start > ts - size.
  const out: Window[] = [];
  const lastStart = getWindowStartWithOffset(ts, spec.offset, spec.slide);
  for (let start = lastStart; start > ts - spec.size; start -= spec.slide) out.push({ start, end: start + spec.size });
  return out;
}

/** `isEventTime()`: true for the event-time assigners; false for processing time and GlobalWindows (GlobalWindows.java#isEventTime). */
export const isEventTime = (spec: AssignerSpec): boolean => spec.type !== 'global' && spec.time === 'event';

/** `instanceof MergingWindowAssigner`: only session windows merge. */
export const isMerging = (spec: AssignerSpec): boolean => spec.type === 'session';

/**
 * `getDefaultTrigger()`: EventTimeTrigger for event-time assigners, ProcessingTimeTrigger for
 * processing-time ones, NeverTrigger for `GlobalWindows.create()` (GlobalWindows.java#getDefaultTrigger).
 */
export function defaultTrigger(spec: AssignerSpec): TriggerSpec {
  if (spec.type === 'global') return { type: 'never' };
  return spec.time === 'event' ? { type: 'eventTime' } : { type: 'processingTime' };
}
