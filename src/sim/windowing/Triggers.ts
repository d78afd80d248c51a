/**
 * Flink's built-in window triggers as plain specs (flink-streaming-java/.../api/windowing/triggers/*.java,
 * GlobalWindows.java#NeverTrigger/#EndOfStreamTrigger). A trigger's per-(key, window) state — the
 * count of CountTrigger, the fire time of ContinuousEventTimeTrigger — lives in `TriggerContext.state`,
 * which the caller keeps under the window's id. Each function mutates the context and returns what to do.
 */
import { addSaturated } from '../util/JavaLong.ts';
import { maxTimestamp, type Window } from './Window.ts';

/** One trigger: `EventTimeTrigger.create()`, `CountTrigger.of(count)`, `PurgingTrigger.of(nested)` … */
export type TriggerSpec =
  | { type: 'eventTime' }
  | { type: 'processingTime' }
  | { type: 'count'; count: number }
  | { type: 'continuousEventTime'; interval: number }
  | { type: 'never' }
  | { type: 'endOfStream' }
  | { type: 'purging'; nested: TriggerSpec };

/** The partitioned state of a trigger for one (key, window): CountTrigger's `count`, ContinuousEventTimeTrigger's `fireTime`. */
export interface TriggerState {
  count?: number;
  fireTime?: number;
}

/** `Trigger.TriggerContext` for one (key, window): clocks, timers (namespace = the window) and the trigger state. */
export interface TriggerContext {
  currentWatermark: number;
  currentProcessingTime: number;
  registerEventTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  registerProcessingTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
  /** The trigger's state for this (key, window); absent fields are "null" state. */
  state: TriggerState;
}

/** `TriggerResult`: FIRE evaluates the window, PURGE clears its contents (TriggerResult.java). */
export interface TriggerResult {
  fire: boolean;
  purge: boolean;
}
/** `TriggerResult.CONTINUE`. */
export const CONTINUE: TriggerResult = { fire: false, purge: false };
/** `TriggerResult.FIRE`. */
export const FIRE: TriggerResult = { fire: true, purge: false };
/** `TriggerResult.FIRE_AND_PURGE`. */
export const FIRE_AND_PURGE: TriggerResult = { fire: true, purge: true };

/** `toString()` of the trigger, as Flink prints it: `PurgingTrigger(CountTrigger(4))`. */
export function describeTrigger(spec: TriggerSpec): string {
  switch (spec.type) {
    case 'eventTime': return 'EventTimeTrigger()';
    case 'processingTime': return 'ProcessingTimeTrigger()';
    case 'count': return `CountTrigger(${spec.count})`;
    case 'continuousEventTime': return `ContinuousEventTimeTrigger(${spec.interval})`;
    case 'never': return 'NeverTrigger';
    case 'endOfStream': return 'EndOfStreamTrigger';
    case 'purging': return `PurgingTrigger(${describeTrigger(spec.nested)})`;
  }
}

/** `canMerge()`: NeverTrigger and EndOfStreamTrigger keep Trigger's default (false); PurgingTrigger delegates. */
export function canMerge(spec: TriggerSpec): boolean {
  if (spec.type === 'purging') return canMerge(spec.nested);
  return spec.type !== 'never' && spec.type !== 'endOfStream';
}

/** PurgingTrigger.java: any result that fires becomes FIRE_AND_PURGE. */
const purging = (r: TriggerResult): TriggerResult => (r.fire ? FIRE_AND_PURGE : r);

/** ContinuousEventTimeTrigger.java#registerNextFireTimestamp: min(time + interval, maxTs), added to the min-state. */
function registerNextFireTimestamp(time: number, interval: number, window: Window, ctx: TriggerContext): void {
  const next = Math.min(addSaturated(time, interval), maxTimestamp(window));
  ctx.state.fireTime = ctx.state.fireTime === undefined ? next : Math.min(ctx.state.fireTime, next);
  ctx.registerEventTimeTimer(next);
}

/** `onElement(element, timestamp, window, ctx)`; `timestamp` is the element's (`LONG_MIN` when it has none). */
export function onElement(spec: TriggerSpec, ctx: TriggerContext, window: Window, timestamp: number): TriggerResult {
  const maxTs = maxTimestamp(window);
  switch (spec.type) {
    case 'eventTime': // EventTimeTrigger.java#onElement: a window the watermark passed fires at once, without a timer
      if (maxTs <= ctx.currentWatermark) return FIRE;
      ctx.registerEventTimeTimer(maxTs);
      return CONTINUE;
    case 'processingTime': // ProcessingTimeTrigger.java#onElement
      ctx.registerProcessingTimeTimer(maxTs);
      return CONTINUE;
    case 'count': // CountTrigger.java#onElement: count += 1; at maxCount clear and FIRE
      ctx.state.count = (ctx.state.count ?? 0) + 1;
      if (ctx.state.count >= spec.count) {
        delete ctx.state.count;
        return FIRE;
      }
      return CONTINUE;
    case 'continuousEventTime': // ContinuousEventTimeTrigger.java#onElement
      if (maxTs <= ctx.currentWatermark) return FIRE;
      ctx.registerEventTimeTimer(maxTs);
      if (ctx.state.fireTime === undefined) registerNextFireTimestamp(timestamp - (timestamp % spec.interval), spec.interval, window, ctx);
      return CONTINUE;
    case 'never': // GlobalWindows.java#NeverTrigger
      return CONTINUE;
    case 'endOfStream': // GlobalWindows.java#EndOfStreamTrigger#onElement: a timer at Long.MAX_VALUE
      ctx.registerEventTimeTimer(maxTs);
      return CONTINUE;
    case 'purging': // PurgingTrigger.java#onElement
      return purging(onElement(spec.nested, ctx, window, timestamp));
  }
}

/** `onEventTime(time, window, ctx)`: an event-time timer of this (key, window) fired. */
export function onEventTime(spec: TriggerSpec, ctx: TriggerContext, window: Window, time: number): TriggerResult {
  const maxTs = maxTimestamp(window);
  switch (spec.type) {
    case 'eventTime': // EventTimeTrigger.java#onEventTime
    case 'endOfStream': // GlobalWindows.java#EndOfStreamTrigger#onEventTime
      return time === maxTs ? FIRE : CONTINUE;
    case 'continuousEventTime': // ContinuousEventTimeTrigger.java#onEventTime
      if (time === maxTs) return FIRE;
      if (ctx.state.fireTime !== undefined && ctx.state.fireTime === time) {
        delete ctx.state.fireTime;
        registerNextFireTimestamp(time, spec.interval, window, ctx);
        return FIRE;
      }
      return CONTINUE;
    case 'purging':
      return purging(onEventTime(spec.nested, ctx, window, time));
    default: // ProcessingTimeTrigger, CountTrigger, NeverTrigger: CONTINUE
      return CONTINUE;
  }
}

/** `onProcessingTime(time, window, ctx)`: only ProcessingTimeTrigger fires (ProcessingTimeTrigger.java#onProcessingTime). */
export function onProcessingTime(spec: TriggerSpec, ctx: TriggerContext, window: Window, time: number): TriggerResult {
  if (spec.type === 'purging') return purging(onProcessingTime(spec.nested, ctx, window, time));
  return spec.type === 'processingTime' ? FIRE : CONTINUE;
}

/**
 * `ReducingState.mergeNamespaces` for one field: fold the sources (removing them, as `removeAndGetOld`),
 * then fold the result into the target (AbstractHeapMergingState.java#mergeNamespaces).
 */
function mergeField(target: TriggerState, sources: TriggerState[], field: keyof TriggerState, f: (a: number, b: number) => number): void {
  let merged: number | undefined;
  for (const s of sources) {
    const v = s[field];
    delete s[field];
    if (v !== undefined) merged = merged === undefined ? v : f(merged, v);
  }
  if (merged !== undefined) target[field] = target[field] === undefined ? merged : f(target[field], merged);
}

/**
 * `onMerge(window, ctx)`: `window` is the merge result, `ctx.state` its state, `mergedStates` the
 * states of the windows merged into it (their merged fields are removed, as Flink's merge removes them).
 */
export function onMerge(spec: TriggerSpec, ctx: TriggerContext, window: Window, mergedStates: TriggerState[]): void {
  const maxTs = maxTimestamp(window);
  switch (spec.type) {
    case 'eventTime': // EventTimeTrigger.java#onMerge: only a window still ahead of the watermark (else onElement fires)
      if (maxTs > ctx.currentWatermark) ctx.registerEventTimeTimer(maxTs);
      return;
    case 'processingTime': // ProcessingTimeTrigger.java#onMerge
      if (maxTs > ctx.currentProcessingTime) ctx.registerProcessingTimeTimer(maxTs);
      return;
    case 'count': // CountTrigger.java#onMerge: mergePartitionedState(count) — counts add up
      mergeField(ctx.state, mergedStates, 'count', (a, b) => a + b);
      return;
    case 'continuousEventTime': // ContinuousEventTimeTrigger.java#onMerge: min fire time, re-registered
      mergeField(ctx.state, mergedStates, 'fireTime', Math.min);
      if (ctx.state.fireTime !== undefined) ctx.registerEventTimeTimer(ctx.state.fireTime);
      return;
    case 'purging': // PurgingTrigger.java#onMerge delegates
      onMerge(spec.nested, ctx, window, mergedStates);
      return;
    default: // NeverTrigger / EndOfStreamTrigger: nothing
      return;
  }
}

/** `clear(window, ctx)`: delete the trigger's timers and state for this (key, window). */
export function clear(spec: TriggerSpec, ctx: TriggerContext, window: Window): void {
  switch (spec.type) {
    case 'eventTime': // EventTimeTrigger.java#clear
      ctx.deleteEventTimeTimer(maxTimestamp(window));
      return;
    case 'processingTime': // ProcessingTimeTrigger.java#clear
      ctx.deleteProcessingTimeTimer(maxTimestamp(window));
      return;
    case 'count': // CountTrigger.java#clear
      delete ctx.state.count;
      return;
    case 'continuousEventTime': // ContinuousEventTimeTrigger.java#clear: the fire-time timer only, not the maxTs one
      if (ctx.state.fireTime !== undefined) {
        ctx.deleteEventTimeTimer(ctx.state.fireTime);
        delete ctx.state.fireTime;
      }
      return;
    case 'purging':
      clear(spec.nested, ctx, window);
      return;
    default:
      return;
  }
}
