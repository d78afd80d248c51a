/**
 * The drawing of the event-time × processing-time plot (Akidau, "Streaming 102"): across,
 * processing time (the run's simulated clock); up, event time. The axes are a pure function of the
 * whole trace (they stay put while the player moves), the marks of `plotData` (trace up to the
 * step, now): scrubbing back recomputes exactly what a fresh run to that step shows.
 *
 * - Dots at (arrival, timestamp); late records keep their place and are flagged, those sent to a
 *   side output also sit in a lane under the axis.
 * - Watermarks as step lines up to now; Long.MAX_VALUE (end of input) is clamped to the top and
 *   labelled, Long.MIN_VALUE never drawn.
 * - Panes from their first element to now (or their cleanup), a line at each firing; processing-time
 *   windows are columns [start, end) across instead. Panes a session merge replaced end at the merge
 *   (`merged`: drawn as a faint dotted outline).
 */
import type { Json } from '../../sim/scenario/Scenario.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import { formatValue } from '../../sim/functions/fields.ts';
import { isGlobal } from '../../sim/windowing/Window.ts';
import { LONG_MAX } from '../../sim/util/JavaLong.ts';
import { isFiniteLong } from './timeModel.ts';
import { plotData, type Plan, type PlotData, type PlotDot, type PlotPane } from './plotData.ts';

export * from './plotData.ts';

/** Axis ranges: processing time [x0, x1], event time [y0, y1] (ms). */
export interface PlotDomain {
  x: [number, number];
  y: [number, number];
}

/**
 * The axes for operator `op` over the whole run (`fullTrace`), so that they stay put while the
 * player moves: every timestamp, finite watermark and time-window bound of the operator, padded.
 */
export function plotDomain(plan: Plan, fullTrace: readonly TraceEvent[], op: string, endTime: number): PlotDomain {
  const all = plotData(plan, fullTrace, Infinity, op);
  const ys: number[] = [];
  const xs: number[] = [];
  for (const d of all.dots) {
    ys.push(d.ts);
    xs.push(d.t);
  }
  for (const l of all.lines) {
    for (const p of l.points) {
      xs.push(p.t);
      if (isFiniteLong(p.wm)) ys.push(p.wm);
    }
  }
  for (const p of all.panes) {
    xs.push(p.openedAt, ...p.firings.map((f) => f.t));
    if (p.clearedAt !== null) xs.push(p.clearedAt);
    if (p.mergedAt !== null) xs.push(p.mergedAt);
    if (!isGlobal(p.window)) {
      const bounds = all.windowTime === 'event' ? ys : xs;
      if (isFiniteLong(p.window.start)) bounds.push(p.window.start);
      if (isFiniteLong(p.window.end)) bounds.push(p.window.end);
    }
  }
  const x = padded(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : Math.max(1, endTime), 0.04);
  // Room past the last event for the labels that sit right of it ("late: dropped", a result).
  x[1] += (x[1] - x[0]) * X_END_ROOM;
  const y = padded(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1000, 0.06);
  return { x: [Math.max(0, x[0]), x[1]], y };
}

function padded(lo: number, hi: number, f: number): [number, number] {
  if (hi - lo < 1) return [lo - 500, hi + 500];
  const pad = (hi - lo) * f;
  return [lo - pad, hi + pad];
}

/** Share of the processing-time axis added past the last event, so that labels right of it stay readable. */
export const X_END_ROOM = 0.08;

/** About `count` ticks in [lo, hi] at a 1-2-5 step. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo) || count < 1) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/** Pixel sizes of the drawing: margins (the bottom one holds the tick labels and the axis title), the side-output lane under the tick labels. */
export const PLOT = { left: 58, right: 16, top: 14, bottom: 34, ticks: 20, lane: 26, laneGap: 6, dot: 4, late: 5, labelMax: 14 };

export interface PlotGeometry {
  width: number;
  height: number;
  /** The plotting area. */
  area: { x: number; y: number; width: number; height: number };
  /** The side-output lane under the tick labels (null when no record went to a side output yet). */
  lane: { y: number; height: number } | null;
  /** Where the x axis's title goes (under the lane, if any). */
  xTitleY: number;
  xTicks: { v: number; x: number }[];
  yTicks: { v: number; y: number }[];
  nowX: number;
  /**
   * `laneX`: the marker in the side-output lane; `laneLabel`: room for its value beside it.
   * `label`: the dot's label (its timestamp; a late record's word), placed right of it, or left
   * near the right edge or when the right would overlap another label; null when neither side is free.
   */
  dots: (PlotDot & { x: number; y: number; laneX: number | null; laneLabel: boolean; label: PlotLabel | null })[];
  /** Per input channel of a plotted subtask with several: a thin dashed step line and its label (the producing subtask). */
  channelLines: { task: string; from: string; d: string; last: number; label: PlotLabel | null }[];
  /** Event-time timers: a tick at the right edge of the area at their time; `fired` filled, pending hollow. */
  timers: { time: number; y: number; fired: boolean; key: Json; namespace: string; task: string }[];
  lines: { tasks: string[]; d: string; last: number | null; end: { x: number; y: number }; endOfInput: boolean }[];
  /** One label per distinct current watermark (lines that end at the same value share it), stacked apart. */
  wmLabels: { tasks: string[]; last: number; endOfInput: boolean; x: number; y: number }[];
  panes: (PlotPane & {
    /** `fired`: at least once; `open`: drawn dashed (never fired, or holding elements since its last firing); `merged`: replaced by a session merge (a faint outline up to it). */
    x: number; y: number; width: number; height: number; fired: boolean; open: boolean; merged: boolean;
    /** Unique among the panes (window id, and merge time for a merged-away one). */
    uid: string;
    labels: { x: number; y: number; text: string; late: boolean; anchor: 'start' | 'end' }[];
    lateMarks: { x: number; y: number }[];
    /** Where each firing happened: a line across the pane. */
    fireXs: number[];
  })[];
}

/** A text label: at (x, y) (baseline), anchored at its start or end. */
export interface PlotLabel {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'end';
}

/** Options of `layoutPlot`: the words of a late record's label (default `late`). */
export interface PlotLayoutOptions {
  lateLabel?: (d: PlotDot) => string;
}

/** About the width of `text` at `size` px (digits and Latin letters; CJK counts double). */
export function textWidth(text: string, size: number): number {
  let n = 0;
  for (const ch of text) n += ch.charCodeAt(0) > 0x2e80 ? 1.8 : 1;
  return n * size * 0.6;
}

interface Box { x0: number; y0: number; x1: number; y1: number }
const boxOf = (l: PlotLabel, size: number): Box => {
  const w = textWidth(l.text, size);
  const x0 = l.anchor === 'start' ? l.x : l.x - w;
  return { x0, y0: l.y - size * 0.85, x1: x0 + w, y1: l.y + size * 0.2 };
};
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A result or value as a short label: `(a,3)`, cut at 14 characters. */
export function shortValue(v: Json | undefined): string {
  if (v === undefined) return '?';
  const s = formatValue(v);
  return s.length > PLOT.labelMax ? s.slice(0, PLOT.labelMax - 1) + '…' : s;
}

/** Places `data` in a `width` × `height` drawing over `domain`. */
export function layoutPlot(data: PlotData, domain: PlotDomain, width: number, height: number, options: PlotLayoutOptions = {}): PlotGeometry {
  const hasLane = data.dots.some((d) => d.late?.sideOutput != null);
  const laneH = hasLane ? PLOT.lane + PLOT.laneGap : 0;
  const xTitleY = height - 4;
  const area = { x: PLOT.left, y: PLOT.top, width: Math.max(40, width - PLOT.left - PLOT.right), height: Math.max(40, height - PLOT.top - PLOT.bottom - laneH) };
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  const sx = (t: number) => area.x + ((clamp(t, x0, x1) - x0) / (x1 - x0 || 1)) * area.width;
  const top = area.y;
  const bottom = area.y + area.height;
  /** Event time up; values beyond the axis (Long sentinels included) sit on its edge. */
  const sy = (ts: number) => (ts >= y1 ? top : ts <= y0 ? bottom : bottom - ((ts - y0) / (y1 - y0 || 1)) * area.height);
  const lane = hasLane ? { y: bottom + PLOT.ticks, height: PLOT.lane } : null;
  const nowX = sx(data.now);

  const right = area.x + area.width;
  const dots = data.dots.map((d) => ({ ...d, x: sx(d.t), y: sy(d.ts), laneX: d.late?.sideOutput != null ? sx(d.t) : null, laneLabel: false, label: null as PlotLabel | null }));
  // A lane marker's label needs the room up to the next marker (about 6 px per character at 9 px).
  const inLane = dots.filter((d) => d.laneX !== null).sort((a, b) => a.laneX! - b.laneX!);
  inLane.forEach((d, i) => {
    const next = inLane[i + 1];
    d.laneLabel = !next || next.laneX! - d.laneX! >= 10 + shortValue(d.value).length * 5.5;
  });

  const stepPath = (points: { t: number; wm: number }[]) => {
    let d = '';
    points.forEach((p, i) => {
      const x = sx(p.t);
      const y = sy(p.wm);
      d += i === 0 ? `M${r(x)},${r(y)}` : `H${r(x)}V${r(y)}`;
    });
    const last = points.at(-1)!;
    const endX = Math.max(sx(last.t), nowX);
    return { d: d + `H${r(endX)}`, endX, last };
  };
  const lines = data.lines.map((l) => {
    const { d, endX, last } = stepPath(l.points);
    return { tasks: l.tasks, d, last: last.wm, end: { x: endX, y: sy(last.wm) }, endOfInput: last.wm === LONG_MAX };
  });

  // Lines that end at the same watermark share one label; labels keep 11 px apart.
  const wmLabels: PlotGeometry['wmLabels'] = [];
  for (const l of lines) {
    const same = wmLabels.find((x) => x.last === l.last);
    if (same) {
      same.tasks.push(...l.tasks);
      same.x = Math.max(same.x, l.end.x);
    } else wmLabels.push({ tasks: [...l.tasks], last: l.last!, endOfInput: l.endOfInput, x: l.end.x, y: l.endOfInput ? top + 10 : l.end.y - 4 });
  }
  wmLabels.sort((a, b) => a.y - b.y);
  for (let i = 1; i < wmLabels.length; i++) wmLabels[i]!.y = Math.max(wmLabels[i]!.y, wmLabels[i - 1]!.y + 11);

  // Channel watermarks: one line per producing subtask when every plotted subtask got the same
  // watermarks from it (a broadcast), else one per channel; labelled right of their end like the
  // subtask's own, all labels stacked 11 px apart.
  const groups = new Map<string, typeof data.channels>();
  for (const c of data.channels) if (c.points.length > 0) groups.set(c.from, [...(groups.get(c.from) ?? []), c]);
  const shown: { c: (typeof data.channels)[number]; text: string }[] = [];
  for (const [from, cs] of groups) {
    const same = cs.every((c) => c.points.length === cs[0]!.points.length && c.points.every((p, i) => p.wm === cs[0]!.points[i]!.wm));
    if (same) shown.push({ c: cs[0]!, text: from });
    else for (const c of cs) shown.push({ c, text: `${from} → ${c.task}` });
  }
  const channelLines = shown.map(({ c, text }) => {
    const { d, endX, last } = stepPath(c.points);
    const flip = endX + 8 + textWidth(text, 9) > width;
    const label: PlotLabel = { x: flip ? endX - 4 : endX + 4, y: last.wm === LONG_MAX ? top + 10 : sy(last.wm) - 4, text, anchor: flip ? 'end' : 'start' };
    return { task: c.task, from: c.from, d, last: last.wm, label: last.wm === LONG_MAX ? null : label };
  });
  // One stack for the subtask's labels and the channels' (theirs first at equal heights).
  const stack: { y: number; set: (y: number) => void }[] = [
    ...wmLabels.map((l) => ({ y: l.y, set: (y: number) => (l.y = y) })),
    ...channelLines.flatMap((c) => (c.label ? [{ y: c.label.y + 0.5, set: (y: number) => (c.label!.y = y) }] : [])),
  ].sort((a, b) => a.y - b.y);
  for (let i = 1; i < stack.length; i++) stack[i]!.y = Math.max(stack[i]!.y, stack[i - 1]!.y + 11);
  for (const x of stack) x.set(x.y);

  const panes = data.panes.map((p) => {
    const w = p.window;
    const across = data.windowTime === 'processing' && !isGlobal(w);
    const yTop = isGlobal(w) || across ? top : sy(w.end);
    const yBottom = isGlobal(w) || across ? bottom : sy(w.start);
    // Processing-time windows span their bounds across (up to now while open); event-time ones their life.
    const xa = across ? sx(w.start) : sx(p.openedAt);
    const merged = p.mergedAt !== null;
    const xb = Math.max(xa + 3, across ? sx(Math.min(w.end, p.mergedAt ?? data.now)) : sx(p.mergedAt ?? p.clearedAt ?? data.now));
    const fired = p.firings.length > 0;
    // One label per firing, stacked from the pane's top edge down, as many as fit.
    const fit = Math.max(1, Math.floor((yBottom - yTop - 2) / 11));
    const labels = p.firings.slice(-fit).map((f, i) => {
      const text = shortValue(f.result);
      // Near the right edge, the label goes left of its firing line.
      const flip = sx(f.t) + 3 + textWidth(text, 10) > right;
      return { x: flip ? sx(f.t) - 3 : sx(f.t) + 3, y: yTop + 10 + i * 11, text, late: f.late, anchor: flip ? ('end' as const) : ('start' as const) };
    });
    const lateMarks = p.firings.filter((f) => f.late).map((f) => ({ x: sx(f.t), y: yTop }));
    const fireXs = p.firings.map((f) => sx(f.t));
    const uid = merged ? `${p.id}|${p.mergedAt}` : p.id;
    return { ...p, x: xa, y: yTop, width: xb - xa, height: Math.max(2, yBottom - yTop), fired, open: !merged && (!fired || p.pending), merged, uid, labels, lateMarks, fireXs };
  });

  // Labels of dots: late ones first, then the others, each right of its mark, else left, else none;
  // never over a result, a late-firing mark, a watermark label or another label.
  const taken: Box[] = [];
  for (const l of wmLabels) {
    const w = textWidth(l.endOfInput ? '↑ W = +∞: end of input' : `W(${l.last}) #1`, 10) + 4;
    const flip = l.x + 8 + w > width;
    taken.push({ x0: flip ? l.x - 4 - w : l.x + 4, y0: l.y - 9, x1: flip ? l.x - 4 : l.x + 4 + w, y1: l.y + 2 });
  }
  for (const c of channelLines) if (c.label) taken.push(boxOf(c.label, 9));
  for (const p of panes) {
    for (const l of p.labels) taken.push(boxOf(l, 10));
    for (const m of p.lateMarks) taken.push({ x0: m.x - 6, y0: m.y - 6, x1: m.x + 6, y1: m.y + 6 });
  }
  for (const d of dots) taken.push({ x0: d.x - 3, y0: d.y - 3, x1: d.x + 3, y1: d.y + 3 });
  const place = (d: (typeof dots)[number], text: string, size: number, y: number, must: boolean) => {
    const r0: PlotLabel = { x: d.x + 7, y, text, anchor: 'start' };
    const l0: PlotLabel = { x: d.x - 7, y, text, anchor: 'end' };
    const fitsRight = r0.x + textWidth(text, size) <= right;
    const fitsLeft = l0.x - textWidth(text, size) >= area.x;
    const candidates = fitsRight ? [r0, l0] : [l0, r0];
    for (const c of candidates) {
      if (c === r0 && !fitsRight && fitsLeft) continue;
      const b = boxOf(c, size);
      if (!taken.some((t) => overlaps(t, b))) {
        taken.push(b);
        return c;
      }
    }
    if (!must) return null;
    const c = candidates[0]!;
    taken.push(boxOf(c, size));
    return c;
  };
  const lateLabel = options.lateLabel ?? (() => 'late');
  for (const d of dots) if (d.late) d.label = place(d, lateLabel(d), 9, d.y + 4, true);
  if (dots.length <= 40) for (const d of dots) if (!d.late) d.label = place(d, String(d.ts), 9, d.y - 4, false);

  const timers = data.timers.map((tm) => ({ time: tm.time, y: sy(tm.time), fired: tm.firedAt !== null, key: tm.key, namespace: tm.namespace, task: tm.task }));

  const xTicks = niceTicks(x0, x1, Math.max(2, Math.floor(area.width / 90))).map((v) => ({ v, x: sx(v) }));
  const yTicks = niceTicks(y0, y1, Math.max(2, Math.floor(area.height / 40))).map((v) => ({ v, y: sy(v) }));
  return { width, height, area, lane, xTitleY, xTicks, yTicks, nowX, dots, lines, wmLabels, panes, channelLines, timers };
}

const r = (v: number) => Math.round(v * 10) / 10;

