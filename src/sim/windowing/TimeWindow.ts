/**
 * The static rules of Flink's `TimeWindow` (flink-streaming-java/.../api/windowing/windows/TimeWindow.java):
 * `intersects`, `cover`, `getWindowStartWithOffset` and `mergeWindows`, plus Java's `toString` for
 * messages and the runtime exceptions the windowing code throws with Flink's own text.
 */
import { SimulationError } from '../kernel/errors.ts';
import { isGlobal, windowId, type TimeWindow, type Window } from './Window.ts';

/**
 * A Java exception Flink's windowing code throws at runtime (an element without timestamp, a merge
 * into the past …). `javaClass` names the Java class; the message is Flink's.
 */
export class FlinkRuntimeException extends SimulationError {
  readonly javaClass: 'RuntimeException' | 'UnsupportedOperationException' | 'IllegalStateException';
  constructor(javaClass: FlinkRuntimeException['javaClass'], message: string) {
    super(message);
    this.name = 'FlinkRuntimeException';
    this.javaClass = javaClass;
  }
}

/** `new TimeWindow(start, end)`. */
export const timeWindow = (start: number, end: number): TimeWindow => ({ start, end });

/** Window equality (`TimeWindow.equals`, `GlobalWindow.equals`). */
export const sameWindow = (a: Window, b: Window): boolean => windowId(a) === windowId(b);

/** `toString()`: `TimeWindow{start=0, end=5000}` / `GlobalWindow`, as Flink's messages print windows. */
export const formatWindow = (w: Window): string => (isGlobal(w) ? 'GlobalWindow' : `TimeWindow{start=${w.start}, end=${w.end}}`);

/** `intersects`: touching windows such as [0,3) and [3,6) intersect (TimeWindow.java#intersects). */
export const intersects = (a: TimeWindow, b: TimeWindow): boolean => a.start <= b.end && a.end >= b.start;

/** `cover`: the smallest window containing both (TimeWindow.java#cover). */
export const cover = (a: TimeWindow, b: TimeWindow): TimeWindow => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

/**
 * `getWindowStartWithOffset(ts, offset, size)` with Java's `%` (the sign of the dividend, as JS's `%`):
 * the start of the window of `size` shifted by `offset` that contains `ts` (TimeWindow.java#getWindowStartWithOffset).
 */
export function getWindowStartWithOffset(timestamp: number, offset: number, windowSize: number): number {
  const remainder = (timestamp - offset) % windowSize;
  return remainder < 0 ? timestamp - (remainder + windowSize) : timestamp - remainder;
}

/**
 * `TimeWindow.mergeWindows(windows, callback)`: sort by start, sweep, and report each group of
 * intersecting windows with its cover — only groups of more than one window (TimeWindow.java#mergeWindows).
 * A group is a set in Flink (a `HashSet`): identical windows count once. Java's sort is stable on the
 * start only; here ties are broken by the end so the order never depends on the input order, and a
 * group lists its windows in that sorted order.
 */
export function mergeWindows(windows: readonly TimeWindow[], callback: (mergedWindows: TimeWindow[], mergeResult: TimeWindow) => void): void {
  const sorted = [...windows].sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: { cover: TimeWindow; members: TimeWindow[] }[] = [];
  let current: { cover: TimeWindow; members: TimeWindow[] } | null = null;
  for (const candidate of sorted) {
    if (current !== null && intersects(current.cover, candidate)) {
      current.cover = cover(current.cover, candidate);
      if (!current.members.some((m) => sameWindow(m, candidate))) current.members.push(candidate);
    } else {
      if (current !== null) groups.push(current);
      current = { cover: candidate, members: [candidate] };
    }
  }
  if (current !== null) groups.push(current);
  for (const g of groups) if (g.members.length > 1) callback(g.members, g.cover);
}
