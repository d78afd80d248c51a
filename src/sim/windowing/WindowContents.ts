/**
 * A window's contents ("window-contents" state) and how it is emitted. Per (key, state window) the
 * contents are either an accumulator (AggregatingState: incremental `aggregate`, `aggregate+process`)
 * or every element buffered (ListState: a `process` function alone, or any function with an evictor,
 * as EvictingWindowOperator keeps `StreamRecord`s). A missing pane is Flink's "null" contents.
 * WindowOperator.java#emitWindowContents, EvictingWindowOperator.java#emitWindowContents.
 */
import type { Json } from '../scenario/Scenario.ts';
import type { TraceEvent, TimeDomain } from '../trace.ts';
import { maxTimestamp, windowId, type Window } from './Window.ts';
import { evictAfter, evictBefore, type BufferedElement } from './Evictors.ts';
import { foldValues, windowOutput, type WindowAggregateFunction } from './WindowFunctions.ts';
import type { ResolvedWindowSpec } from './WindowSpec.ts';

/** An element reaching the window operator: value, timestamp (null = none) and the simulator's record id. */
export type WindowElement = BufferedElement;

/** The contents of one state window of one key. */
export interface Pane {
  /** The state window (the namespace the contents live under). */
  window: Window;
  /** The accumulator (incremental aggregation); null when the elements are buffered instead. */
  acc: Json | null;
  /** Every element, in arrival order (process function or evictor); null for an accumulator. */
  elements: BufferedElement[] | null;
}

type WindowTraceType = 'window.assigned' | 'window.merged' | 'window.fired' | 'window.evicted' | 'window.cleared' | 'record.late';
type Body<E> = E extends unknown ? Omit<E, 'task' | 'operator' | 'step' | 't'> : never;
/** A window trace event without `task`, `operator`, `step`, `t` (the caller adds them). */
export type WindowTraceBody = Body<Extract<TraceEvent, { type: WindowTraceType }>>;

/**
 * What the window operator sees of its task for one key: clocks, the keyed timer service (namespace =
 * window id), its outputs and the trace. For a timer, the context is the timer's key's.
 */
export interface WindowContext {
  key: Json;
  currentWatermark: number;
  currentProcessingTime: number;
  /** Register a timer (a duplicate of an existing (time, key, namespace) timer changes nothing). */
  registerTimer(domain: TimeDomain, namespace: string, time: number): void;
  deleteTimer(domain: TimeDomain, namespace: string, time: number): void;
  /** A result record, with its timestamp (the window's maxTimestamp). */
  emit(value: Json, timestamp: number): void;
  /** Late data to the side output `tag`, as it came (value and original timestamp). */
  sideOutput(tag: string, value: Json, timestamp: number | null): void;
  trace(e: WindowTraceBody): void;
}

/** Whether the contents are a buffer of elements (ListState) rather than an accumulator. */
export const isBuffered = (spec: ResolvedWindowSpec): boolean => spec.evictor !== null || spec.function === 'process';

/** How many values the state holds: 1 for an accumulator, n buffered elements, 0 for none. */
export function stateSize(pane: Pane | undefined): number {
  if (!pane) return 0;
  return pane.elements ? pane.elements.length : 1;
}

/** `windowState.add(element)` under `stateWindow`: append to the buffer, or `acc = add(value, acc ?? createAccumulator())`. */
export function addToPane(spec: ResolvedWindowSpec, fn: WindowAggregateFunction, panes: Record<string, Pane>, stateWindow: Window, e: WindowElement): void {
  const id = windowId(stateWindow);
  if (isBuffered(spec)) {
    const pane = (panes[id] ??= { window: stateWindow, acc: null, elements: [] });
    pane.elements!.push({ value: e.value, timestamp: e.timestamp, record: e.record });
    return;
  }
  const pane = panes[id];
  if (pane) pane.acc = fn.add(e.value, pane.acc);
  else panes[id] = { window: stateWindow, acc: fn.add(e.value, fn.createAccumulator()), elements: null };
}

/**
 * `mergeNamespaces(target, sources)`: remove the sources' contents, fold them (list: concatenation;
 * accumulator: `merge`), then fold that into the target's (AbstractHeapMergingState.java#mergeNamespaces).
 */
export function mergePanes(fn: WindowAggregateFunction, panes: Record<string, Pane>, target: Window, sources: Window[]): void {
  let merged: Pane | null = null;
  for (const s of sources) {
    const pane = panes[windowId(s)];
    delete panes[windowId(s)];
    if (!pane) continue;
    if (merged === null) merged = { window: target, acc: pane.acc, elements: pane.elements };
    else if (merged.elements) merged.elements = [...merged.elements, ...pane.elements!];
    else merged.acc = fn.merge(merged.acc, pane.acc);
  }
  if (merged === null) return;
  const t = panes[windowId(target)];
  if (!t) panes[windowId(target)] = merged;
  else if (t.elements) t.elements = [...t.elements, ...merged.elements!];
  else t.acc = fn.merge(t.acc, merged.acc);
}

/**
 * Runs the window function on the contents of `stateWindow` for the (actual) `window` and emits the
 * result with timestamp `window.maxTimestamp()`. With an evictor: evictBefore, the function on what
 * remains, evictAfter, and the buffer keeps what remains (eviction is persistent). Flink calls the
 * function even when evictBefore left nothing (an empty Iterable); the built-in functions here emit
 * nothing then (WindowedStream.sum would emit null).
 */
export function emitWindowContents(
  spec: ResolvedWindowSpec,
  fn: WindowAggregateFunction,
  ctx: WindowContext,
  panes: Record<string, Pane>,
  window: Window,
  stateWindow: Window,
  flags: { late: boolean; purged: boolean },
): void {
  const id = windowId(stateWindow);
  const pane = panes[id];
  if (!pane) return; // `if (contents != null)`: FIRE on empty contents does not call the function
  const stateSizeBefore = stateSize(pane);
  const fire = (acc: Json | null) => {
    if (acc === null) return;
    const result = windowOutput(spec, fn, ctx.key, window, acc);
    const timestamp = maxTimestamp(window);
    ctx.emit(result, timestamp);
    ctx.trace({ type: 'window.fired', key: ctx.key, window, result, timestamp, late: flags.late, stateSize: stateSizeBefore, purged: flags.purged });
  };
  if (!spec.evictor) {
    fire(pane.elements ? foldValues(fn, pane.elements.map((e) => e.value)) : pane.acc);
    return;
  }
  const elements = pane.elements!;
  const before = evictBefore(spec.evictor, elements);
  if (before > 0) ctx.trace({ type: 'window.evicted', key: ctx.key, window, count: before });
  fire(foldValues(fn, elements.map((e) => e.value)));
  const after = evictAfter(spec.evictor, elements);
  if (after > 0) ctx.trace({ type: 'window.evicted', key: ctx.key, window, count: after });
  // windowState.clear(); add every remaining record — nothing left is "null" contents
  if (elements.length === 0) delete panes[id];
}
