/**
 * Layout and per-frame derivations of the job space-time diagram (`JobSpaceTime.svelte`), pure
 * (no DOM): the vertical room of the lines (gap between subtask lines, the smallest canvas), the
 * arrows of the time window placed on the scale, which barriers carry a B<n> label, and how many
 * in-flight records the subtasks acknowledged as persisted for the shown checkpoint.
 */
import type { TraceEvent } from '../../sim/trace.ts';
import { arrowPath, inWindow, type JobArrow, type JobScale, type Point, type TimeWindow } from './jobSpaceTime.ts';

/** Room above the first line and below the last (for the "now" label and the time ticks). */
export const TOP = 34;
export const BOTTOM = 34;
/** The smallest gap between two subtask lines, and the extra gap between JobVertex groups. */
export const MIN_GAP = 38;
export const GROUP_GAP = 18;

/** The gap between subtask lines filling `room` px of height, clamped to [MIN_GAP, 110]. */
export function laneGapFor(laneCount: number, groups: number, room: number): number {
  const n = Math.max(1, laneCount - 1);
  const fit = (room - TOP - BOTTOM - groups * GROUP_GAP) / n;
  return Math.min(110, Math.max(MIN_GAP, Number.isFinite(fit) ? fit : 60));
}

/** The canvas is never smaller than the lines at their smallest gap: in a small pane, the pane scrolls. */
export function minCanvasHeight(laneCount: number, groups: number): number {
  return TOP + BOTTOM + MIN_GAP * Math.max(0, laneCount - 1) + groups * GROUP_GAP;
}

/** An arrow of the window with its drawn path, its course, its tip, and whether the shown checkpoint persisted it. */
export type PlacedArrow = JobArrow & { d: string; course: string; tip: Point; persisted: boolean };

/** The arrows shown in the window `win` at `now`, placed on `sc`. */
export function placeArrows(
  arrows: readonly JobArrow[], win: TimeWindow, now: number, sc: JobScale, persisted: ReadonlySet<string>,
): PlacedArrow[] {
  return arrows
    .filter((a) => inWindow(a, win, now))
    .map((a) => ({ ...a, ...arrowPath(sc, a), persisted: persisted.has(a.key) }));
}

/** One B<n> label per sender and checkpoint (its barriers leave together): the first of them. */
export function labelledBarriers(arrows: readonly Pick<JobArrow, 'key' | 'kind' | 'from' | 'label'>[]): Set<string> {
  const seen = new Set<string>();
  const out = new Set<string>();
  for (const a of arrows) {
    if (a.kind !== 'barrier') continue;
    const g = `${a.from}|${a.label}`;
    if (!seen.has(g)) out.add(a.key);
    seen.add(g);
  }
  return out;
}

/** The in-flight records the subtasks acknowledged as persisted for the shown checkpoint (so far). */
export function acknowledgedData(trace: readonly TraceEvent[], shown: number | null): number {
  return trace.reduce((n, e) => n + (e.type === 'checkpoint.acknowledged' && e.checkpoint === shown ? e.persistedData : 0), 0);
}
