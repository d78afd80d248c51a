/**
 * Flink's `MergingWindowSet` (flink-runtime/.../streaming/runtime/operators/windowing/MergingWindowSet.java):
 * the in-flight windows of one key of a merging (session) assigner, each mapped to its "state window" —
 * the original window whose namespace holds the merged contents, so state never moves on a merge.
 * The set is a plain record `windowId → stateWindowId`, mutated in place (`persist()` is a no-op here).
 */
import { parseWindowId, windowId, type TimeWindow } from './Window.ts';
import { FlinkRuntimeException, formatWindow, mergeWindows, sameWindow } from './TimeWindow.ts';

/** `mapping`: window id → id of its state window. */
export type MergingWindowMapping = Record<string, string>;

/**
 * `MergeFunction.merge(mergeResult, mergedWindows, stateWindowResult, mergedStateWindows)`: the
 * in-flight `mergedWindows` (never the newly added window) became `mergeResult`, whose state lives in
 * `stateWindowResult`; the contents of `mergedStateWindows` must be merged into it.
 */
export type MergeFunction = (mergeResult: TimeWindow, mergedWindows: TimeWindow[], stateWindowResult: TimeWindow, mergedStateWindows: TimeWindow[]) => void;

/** A new, empty set. */
export const newMergingWindowSet = (): MergingWindowMapping => ({});

/** `getStateWindow(window)`: the state window of an in-flight window, or null. */
export function getStateWindow(mapping: MergingWindowMapping, window: TimeWindow): TimeWindow | null {
  const s = mapping[windowId(window)];
  return s === undefined ? null : (parseWindowId(s) as TimeWindow);
}

/** `retireWindow(window)`: forget an in-flight window; throws IllegalStateException when it is not in the set. */
export function retireWindow(mapping: MergingWindowMapping, window: TimeWindow): void {
  const id = windowId(window);
  if (!(id in mapping)) throw new FlinkRuntimeException('IllegalStateException', `Window ${formatWindow(window)} is not in in-flight window set.`);
  delete mapping[id];
}

/**
 * `addWindow(newWindow, mergeFunction)`: adds a window, merging it with the in-flight windows it
 * intersects, and returns the window it now belongs to (the merge result, or itself).
 *
 * Flink picks the merge result's state window as the state window of "any" merged window (a HashSet's
 * first). Here it is deterministically the first of the merged windows (without the new one, which
 * has no state) in the order `mergeWindows` reports them: ascending start, then end.
 */
export function addWindow(mapping: MergingWindowMapping, newWindow: TimeWindow, mergeFunction: MergeFunction): TimeWindow {
  const windows = [...Object.keys(mapping).map((id) => parseWindowId(id) as TimeWindow), newWindow];
  const merges: [TimeWindow, TimeWindow[]][] = [];
  mergeWindows(windows, (mergedWindows, mergeResult) => merges.push([mergeResult, mergedWindows]));

  let resultWindow = newWindow;
  let mergedNewWindow = false;
  for (const [mergeResult, group] of merges) {
    // MergingWindowSet.java#addWindow: if the new window is in the merged windows, its result is ours.
    const mergedWindows = group.filter((w) => !sameWindow(w, newWindow));
    if (mergedWindows.length !== group.length) {
      mergedNewWindow = true;
      resultWindow = mergeResult;
    }
    // "pick any of the merged windows and choose that window's state window"
    const stateWindowId = mapping[windowId(mergedWindows[0]!)]!;
    // the state windows being merged: removed from the mapping, minus the chosen one
    const mergedStateWindowIds: string[] = [];
    for (const w of mergedWindows) {
      const id = windowId(w);
      if (id in mapping) {
        mergedStateWindowIds.push(mapping[id]!);
        delete mapping[id];
      }
    }
    mapping[windowId(mergeResult)] = stateWindowId;
    const at = mergedStateWindowIds.indexOf(stateWindowId);
    if (at >= 0) mergedStateWindowIds.splice(at, 1);
    // don't merge the new window into itself: it lay inside one in-flight window that did not grow
    if (!(mergedWindows.length === 1 && sameWindow(mergedWindows[0]!, mergeResult))) {
      const toWindow = (id: string) => parseWindowId(id) as TimeWindow;
      mergeFunction(mergeResult, mergedWindows, toWindow(stateWindowId), mergedStateWindowIds.map(toWindow));
    }
  }
  // no merge: the new window is its own state window
  if (merges.length === 0 || (sameWindow(resultWindow, newWindow) && !mergedNewWindow)) {
    mapping[windowId(newWindow)] = windowId(newWindow);
  }
  return resultWindow;
}
