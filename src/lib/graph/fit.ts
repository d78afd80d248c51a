/**
 * Sizing of drawings stacked in one pane (the job graph above the task lifecycle): each drawing is
 * scaled uniformly (an SVG viewBox with preserveAspectRatio meet), to the pane's width, capped, and
 * all of them shrunk together when the pane is too short. Pure numbers, no DOM.
 */

export interface FitItem {
  /** The drawing's natural size (viewBox units = CSS px at scale 1). */
  width: number;
  height: number;
  /** Height that does not scale (a caption), in CSS px. */
  extra?: number;
  /** Largest scale (how far a small drawing may grow). */
  max: number;
  /** Smallest scale before the pane scrolls instead. */
  min: number;
}

export interface FitResult {
  scales: number[];
  /** Height of each item's box: scale × height + extra (the first item also gets any spare height). */
  heights: number[];
  /** True when the items do not fit even at their smallest scales: the pane scrolls. */
  overflow: boolean;
}

/**
 * Scales for items stacked vertically in a `width` × `height` box with `gap` between them.
 * - Each item's natural scale fits the width: min(width / item.width, max).
 * - If the stack is too tall, scales above a common cap c are lowered to c (the largest drawings
 *   give way first), with c as large as fits, but no item below its `min`.
 * - If even the minimums do not fit, the first item (the main drawing) keeps the largest scale with
 *   which it fits the pane together with the other items' fixed heights, the others take their
 *   minimum, and the pane scrolls.
 * With `height` = Infinity (a page that scrolls), every item takes its natural scale.
 */
export function fitStack(items: readonly FitItem[], width: number, height: number, gap = 0): FitResult {
  const n = items.length;
  if (n === 0) return { scales: [], heights: [], overflow: false };
  const natural = items.map((it) => (it.width > 0 && it.height > 0 && width > 0 ? Math.min(width / it.width, it.max) : 0));
  const floor = items.map((it, i) => Math.min(it.min, natural[i]!));
  const fixed = items.reduce((s, it) => s + (it.extra ?? 0), 0) + gap * (n - 1);
  const budget = height - fixed;
  const need = (scales: number[]) => scales.reduce((s, k, i) => s + k * items[i]!.height, 0);
  const capped = (c: number) => natural.map((k, i) => Math.max(floor[i]!, Math.min(k, c)));

  let scales: number[];
  let overflow = false;
  if (need(natural) <= budget) scales = natural;
  else if (need(floor) <= budget) {
    let lo = 0;
    let hi = Math.max(...natural);
    for (let k = 0; k < 40; k++) {
      const mid = (lo + hi) / 2;
      if (need(capped(mid)) <= budget) lo = mid;
      else hi = mid;
    }
    scales = capped(lo);
  } else {
    overflow = true;
    // The first item fits the pane with every caption; the other drawings scroll into view.
    const first = items[0]!;
    const k0 = first.height > 0 ? Math.max(0, Math.min(natural[0]!, budget / first.height)) : 0;
    scales = [k0, ...floor.slice(1)];
  }
  const heights = scales.map((k, i) => k * items[i]!.height + (items[i]!.extra ?? 0));
  if (!overflow && Number.isFinite(height)) {
    const spare = height - fixed - need(scales);
    if (spare > 0) heights[0] = heights[0]! + spare;
  }
  return { scales, heights, overflow };
}
