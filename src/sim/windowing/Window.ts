/**
 * Flink's windows as plain data: a `TimeWindow` [start, end) or the single `GlobalWindow`
 * (flink-runtime/.../streaming/api/windowing/windows/TimeWindow.java, GlobalWindow.java).
 * Bounds use the Long representation of `util/JavaLong.ts`.
 */
import { LONG_MAX } from '../util/JavaLong.ts';

/** `[start, end)` in event or processing time (ms). */
export interface TimeWindow {
  start: number;
  end: number;
}
/** The one window of `GlobalWindows`: every element of a key. */
export interface GlobalWindow {
  global: true;
}
export type Window = TimeWindow | GlobalWindow;

export const GLOBAL_WINDOW: GlobalWindow = { global: true };

export const isGlobal = (w: Window): w is GlobalWindow => 'global' in w;

/** `maxTimestamp()`: `end − 1` for a TimeWindow (TimeWindow.java L85), `Long.MAX_VALUE` for the GlobalWindow. */
export const maxTimestamp = (w: Window): number => (isGlobal(w) ? LONG_MAX : w.end - 1);

/**
 * The window's id, used as the timer and state namespace and in the trace: `[0,5000)` or
 * `GlobalWindow`. Equal windows have equal ids; `parseWindowId` inverts it.
 */
export const windowId = (w: Window): string => (isGlobal(w) ? 'GlobalWindow' : `[${w.start},${w.end})`);

export function parseWindowId(id: string): Window {
  if (id === 'GlobalWindow') return GLOBAL_WINDOW;
  const m = /^\[(-?\d+(?:e\+?\d+)?),(-?\d+(?:e\+?\d+)?)\)$/.exec(id);
  if (!m) throw new Error(`internal: not a window id: ${id}`);
  return { start: Number(m[1]), end: Number(m[2]) };
}
