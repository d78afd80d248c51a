/**
 * Flink's keyed WindowOperator and EvictingWindowOperator
 * (flink-runtime/.../streaming/runtime/operators/windowing/WindowOperator.java, EvictingWindowOperator.java):
 * assigns each element to windows, runs the trigger, fires and purges window contents, merges session
 * windows, drops or side-outputs late elements and cleans windows up at `maxTimestamp + allowedLateness`.
 * The state is plain JSON mutated in place; the caller gives the key's clocks, timers and outputs
 * (`WindowContext`), and calls `onTimer` for each firing timer (namespace = window id).
 */
import type { Json } from '../scenario/Scenario.ts';
import type { TimeDomain } from '../trace.ts';
import { canonicalJson } from '../functions/fields.ts';
import { LONG_MAX, LONG_MIN, addSaturated } from '../util/JavaLong.ts';
import { maxTimestamp, parseWindowId, windowId, type TimeWindow, type Window } from './Window.ts';
import { FlinkRuntimeException, formatWindow } from './TimeWindow.ts';
import { assignWindows, isEventTime, isMerging } from './WindowAssigner.ts';
import * as Trigger from './Triggers.ts';
import { addWindow, getStateWindow, retireWindow, type MergingWindowMapping } from './MergingWindowSet.ts';
import { windowAggregateFunction, type WindowAggregateFunction } from './WindowFunctions.ts';
import { addToPane, emitWindowContents, mergePanes, type Pane, type WindowContext, type WindowElement } from './WindowContents.ts';
import type { ResolvedWindowSpec } from './WindowSpec.ts';

export { stateSize, type Pane, type WindowContext, type WindowElement, type WindowTraceBody } from './WindowContents.ts';

/** The windows of one key. */
export interface KeyWindows {
  key: Json;
  /** Window contents by the id of their STATE window (for sessions, an original window of the merge). */
  panes: Record<string, Pane>;
  /** Trigger state by the id of the ACTUAL window (the trigger context's namespace). */
  triggers: Record<string, Trigger.TriggerState>;
  /** The MergingWindowSet (window id → state window id); sessions only, else null. */
  merging: MergingWindowMapping | null;
}

/** The operator's keyed state: the windows of every key that has any (by `canonicalJson(key)`). */
export interface WindowOperatorState {
  keys: Record<string, KeyWindows>;
}

/** No windows yet. */
export const newWindowOperatorState = (): WindowOperatorState => ({ keys: {} });

/** The per-call view of one key: spec, function, state and the task's context. */
interface Op {
  spec: ResolvedWindowSpec;
  fn: WindowAggregateFunction;
  kw: KeyWindows;
  ctx: WindowContext;
  eventTime: boolean;
}

function open(spec: ResolvedWindowSpec, state: WindowOperatorState, ctx: WindowContext): Op {
  const id = canonicalJson(ctx.key);
  const kw = (state.keys[id] ??= { key: ctx.key, panes: {}, triggers: {}, merging: isMerging(spec.assigner) ? {} : null });
  return { spec, fn: windowAggregateFunction(spec), kw, ctx, eventTime: isEventTime(spec.assigner) };
}

/** Drops empty trigger states, and the key when nothing is left. */
function close(state: WindowOperatorState, op: Op): void {
  const { kw } = op;
  for (const [id, s] of Object.entries(kw.triggers)) if (Object.keys(s).length === 0) delete kw.triggers[id];
  const empty = (o: object | null) => o === null || Object.keys(o).length === 0;
  if (empty(kw.panes) && empty(kw.triggers) && empty(kw.merging)) delete state.keys[canonicalJson(kw.key)];
}

/** WindowOperator.Context: the trigger's view of (key, window), its timers namespaced by the window. */
function triggerContext(op: Op, w: Window): Trigger.TriggerContext {
  const ns = windowId(w);
  const { ctx } = op;
  return {
    currentWatermark: ctx.currentWatermark,
    currentProcessingTime: ctx.currentProcessingTime,
    registerEventTimeTimer: (t) => ctx.registerTimer('event', ns, t),
    deleteEventTimeTimer: (t) => ctx.deleteTimer('event', ns, t),
    registerProcessingTimeTimer: (t) => ctx.registerTimer('processing', ns, t),
    deleteProcessingTimeTimer: (t) => ctx.deleteTimer('processing', ns, t),
    state: (op.kw.triggers[ns] ??= {}),
  };
}

/** WindowOperator.java#cleanupTime: maxTs + allowedLateness (Long.MAX_VALUE on overflow) in event time, else maxTs. */
const cleanupTime = (op: Op, w: Window): number => (op.eventTime ? addSaturated(maxTimestamp(w), op.spec.allowedLateness) : maxTimestamp(w));
/** WindowOperator.java#isWindowLate. */
const isWindowLate = (op: Op, w: Window): boolean => op.eventTime && cleanupTime(op, w) <= op.ctx.currentWatermark;
const cleanupDomain = (op: Op): TimeDomain => (op.eventTime ? 'event' : 'processing');

/** WindowOperator.java#registerCleanupTimer: none for "end of time" (Long.MAX_VALUE). */
function registerCleanupTimer(op: Op, w: Window): void {
  const t = cleanupTime(op, w);
  if (t !== LONG_MAX) op.ctx.registerTimer(cleanupDomain(op), windowId(w), t);
}
/** WindowOperator.java#deleteCleanupTimer. */
function deleteCleanupTimer(op: Op, w: Window): void {
  const t = cleanupTime(op, w);
  if (t !== LONG_MAX) op.ctx.deleteTimer(cleanupDomain(op), windowId(w), t);
}

/** Apply a trigger result: FIRE emits the contents (if any), PURGE clears them. */
function applyResult(op: Op, r: Trigger.TriggerResult, window: Window, stateWindow: Window, late: boolean): void {
  if (r.fire) emitWindowContents(op.spec, op.fn, op.ctx, op.kw.panes, window, stateWindow, { late, purged: r.purge });
  if (r.purge) delete op.kw.panes[windowId(stateWindow)];
}

/** Add the element to `window` (contents under `stateWindow`), run the trigger, fire/purge, register the cleanup timer. */
function addAndTrigger(op: Op, window: Window, stateWindow: Window, e: WindowElement, ts: number): void {
  addToPane(op.spec, op.fn, op.kw.panes, stateWindow, e);
  const r = Trigger.onElement(op.spec.trigger, triggerContext(op, window), window, ts);
  applyResult(op, r, window, stateWindow, r.fire && op.eventTime && maxTimestamp(window) <= op.ctx.currentWatermark);
  registerCleanupTimer(op, window);
}

/** The MergeFunction of WindowOperator.java#processElement (sessions). */
function mergeFunction(op: Op, added: TimeWindow) {
  return (mergeResult: TimeWindow, mergedWindows: TimeWindow[], stateWindowResult: TimeWindow, mergedStateWindows: TimeWindow[]): void => {
    const { ctx, spec } = op;
    if (op.eventTime && addSaturated(maxTimestamp(mergeResult), spec.allowedLateness) <= ctx.currentWatermark) {
      throw new FlinkRuntimeException('UnsupportedOperationException', 'The end timestamp of an event-time window cannot become earlier than the current ' +
        `watermark by merging. Current watermark: ${ctx.currentWatermark} window: ${formatWindow(mergeResult)}`);
    } else if (!op.eventTime && maxTimestamp(mergeResult) <= ctx.currentProcessingTime) {
      throw new FlinkRuntimeException('UnsupportedOperationException', 'The end timestamp of a processing-time window cannot become earlier than the current ' +
        `processing time by merging. Current processing time: ${ctx.currentProcessingTime} window: ${formatWindow(mergeResult)}`);
    }
    const from = [...mergedWindows, added].sort((a, b) => a.start - b.start || a.end - b.end);
    ctx.trace({ type: 'window.merged', key: ctx.key, into: mergeResult, from });
    const mergedStates = mergedWindows.map((m) => op.kw.triggers[windowId(m)] ?? {});
    Trigger.onMerge(spec.trigger, triggerContext(op, mergeResult), mergeResult, mergedStates);
    for (const m of mergedWindows) {
      Trigger.clear(spec.trigger, triggerContext(op, m), m);
      deleteCleanupTimer(op, m);
    }
    mergePanes(op.fn, op.kw.panes, stateWindowResult, mergedStateWindows);
  };
}

/**
 * `processElement(element)`: assign windows (skipping late ones), add, trigger; for sessions merge
 * first. An element that joined no window and is late (`ts + allowedLateness <= watermark`, event
 * time only) goes to the late side output if one is set, else it is dropped (`record.late` either way).
 */
export function processElement(spec: ResolvedWindowSpec, state: WindowOperatorState, ctx: WindowContext, element: WindowElement): void {
  const op = open(spec, state, ctx);
  // StreamRecord.getTimestamp() of a record without timestamp is Long.MIN_VALUE
  const ts = element.timestamp ?? LONG_MIN;
  const windows = assignWindows(spec.assigner, ts, ctx.currentProcessingTime);
  let skipped = true;
  try {
    if (op.kw.merging) {
      for (const w of windows as TimeWindow[]) {
        const actual = addWindow(op.kw.merging, w, mergeFunction(op, w));
        if (isWindowLate(op, actual)) {
          retireWindow(op.kw.merging, actual);
          continue;
        }
        skipped = false;
        const stateWindow = getStateWindow(op.kw.merging, actual);
        if (stateWindow === null) throw new FlinkRuntimeException('IllegalStateException', `Window ${formatWindow(w)} is not in in-flight window set.`);
        ctx.trace({ type: 'window.assigned', key: ctx.key, record: element.record, timestamp: element.timestamp, windows: [actual] });
        addAndTrigger(op, actual, stateWindow, element, ts);
      }
    } else {
      const live = windows.filter((w) => !isWindowLate(op, w));
      if (live.length > 0) {
        skipped = false;
        ctx.trace({ type: 'window.assigned', key: ctx.key, record: element.record, timestamp: element.timestamp, windows: live });
      }
      for (const w of live) addAndTrigger(op, w, w, element, ts);
    }
    // WindowOperator.java#isElementLate: event time only
    if (skipped && op.eventTime && addSaturated(ts, spec.allowedLateness) <= ctx.currentWatermark) {
      ctx.trace({ type: 'record.late', record: element.record, timestamp: ts, sideOutput: spec.lateOutput });
      if (spec.lateOutput !== null) ctx.sideOutput(spec.lateOutput, element.value, element.timestamp);
    }
  } finally {
    close(state, op);
  }
}

/**
 * `onEventTime` / `onProcessingTime(timer)`: the trigger decides on the timer's window (namespace);
 * FIRE emits, PURGE clears; at the window's cleanup time (in the assigner's time domain) all its state
 * is cleared. For sessions, a timer of a window no longer in flight is ignored.
 */
export function onTimer(
  spec: ResolvedWindowSpec,
  state: WindowOperatorState,
  ctx: WindowContext,
  domain: TimeDomain,
  timer: { timestamp: number; namespace: string },
): void {
  const op = open(spec, state, ctx);
  try {
    const window = parseWindowId(timer.namespace);
    let stateWindow: Window = window;
    if (op.kw.merging) {
      const s = getStateWindow(op.kw.merging, window as TimeWindow);
      if (s === null) return; // a stale timer: the trigger did not clean it up
      stateWindow = s;
    }
    const tctx = triggerContext(op, window);
    const r = domain === 'event'
      ? Trigger.onEventTime(spec.trigger, tctx, window, timer.timestamp)
      : Trigger.onProcessingTime(spec.trigger, tctx, window, timer.timestamp);
    applyResult(op, r, window, stateWindow, false);
    const inDomain = domain === 'event' ? op.eventTime : !op.eventTime;
    if (inDomain && timer.timestamp === cleanupTime(op, window)) {
      // WindowOperator.java#clearAllState
      delete op.kw.panes[windowId(stateWindow)];
      Trigger.clear(spec.trigger, tctx, window);
      if (op.kw.merging) retireWindow(op.kw.merging, window as TimeWindow);
      ctx.trace({ type: 'window.cleared', key: ctx.key, window });
    }
  } finally {
    close(state, op);
  }
}
