/**
 * Where the labels of a machine drawing go: placed greedily, each at the cheapest of a few spots
 * along its line (on it, beside it, clear of the states next to it), where it overlaps no state,
 * bus junction or label placed before it, crosses few bus lines and sticks out of dagre's box as
 * little as possible.
 */
import type { Pair } from './machineBundles.ts';
import { busPolyline, type BusRoute } from './machineBusRoutes.ts';
import { MACHINE_LAYOUT, overlap, pointAlong, segRect, type BusGeom, type Point, type Rect, type StateGeom } from './machineGeometry.ts';
import { capsWidth, packLabels } from './machineText.ts';

/** The events of a pair that are on no bus, drawn as one dagre-routed curve. */
export interface Curve {
  pair: Pair;
  events: string[];
  labels: string[];
  points: Point[];
  length: number;
}

/** Centre and size of a placed label. */
export interface LabelSpot {
  at: Point;
  width: number;
  height: number;
}

/** The placed labels, and the bus polylines they avoid. */
export interface PlacedLabels {
  /** One per routed bus, in route order, with its label. */
  buses: BusGeom[];
  /** The polyline of each bus stub, by `pairKey@busKey`. */
  busPoints: Map<string, Point[]>;
  /** The label of each curve, by its pair's key. */
  curveLabel: Map<string, LabelSpot>;
}

/**
 * Places every label: the buses' first (on the line after its last junction), then the curves
 * whose label is always drawn, then the others (drawn only while highlighted: they may overlap the
 * rest); among curves, those into final states last and shorter ones first.
 */
export function placeLabels(
  geoms: StateGeom[],
  routes: BusRoute[],
  curves: Curve[],
  curveLabelled: (c: Curve) => boolean,
  finals: ReadonlySet<string>,
): PlacedLabels {
  const L = MACHINE_LAYOUT;
  // Obstacles for labels: states, bus lines and junctions.
  const stateRects: Rect[] = geoms.map((s) => ({ x: s.x - 3, y: s.y - 3, width: s.width + 6, height: s.height + 6 }));
  const lines: (Rect & { bus: string })[] = [];
  const busPoints = new Map<string, Point[]>();
  const buses: BusGeom[] = [];
  for (const r of routes) {
    for (const st of r.stubs) {
      const pts = busPolyline(r, st);
      for (let i = 1; i < pts.length; i++) lines.push({ ...segRect(pts[i - 1]!, pts[i]!, 2), bus: r.bus.key });
      busPoints.set(`${st.pair.key}@${r.bus.key}`, pts);
    }
  }
  // Where stubs join a line, and its corners: a label there would hide how the lines connect.
  const joints: Rect[] = routes.flatMap((r) => r.stubs.map((st) => ({ x: st.corner.x - 5, y: st.corner.y - 5, width: 10, height: 10 })));
  const placed: Rect[] = [];
  // dagre's box: labels that stick out of it make the drawing larger (and smaller once fitted).
  const core = geoms.reduce(
    (r, s) => ({ x0: Math.min(r.x0, s.x), y0: Math.min(r.y0, s.y), x1: Math.max(r.x1, s.x + s.width), y1: Math.max(r.y1, s.y + s.height) }),
    { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity },
  );
  for (const l of lines) {
    core.y0 = Math.min(core.y0, l.y);
    core.y1 = Math.max(core.y1, l.y + l.height);
  }
  /** How far a label sticks out of dagre's box: sideways costs most (the drawing is fitted to its width). */
  const outside = (r: Rect) =>
    (Math.max(0, core.x0 - r.x) + Math.max(0, r.x + r.width - core.x1)) * r.height +
    0.1 * (Math.max(0, core.y0 - r.y) + Math.max(0, r.y + r.height - core.y1)) * r.width;
  /** Best spot for a label along `points`; `own` is the bus it labels (its lines are no obstacle). */
  const place = (points: Point[], texts: string[], keep: boolean, fractions: number[], own: string | null = null) => {
    const width = Math.max(...texts.map((l) => capsWidth(l, L.labelSize))) + 8;
    const height = texts.length * L.labelLine + 3;
    let best: { at: Point; cost: number } | null = null;
    // On the line, then just above or below it, then clear of the states beside it.
    const offsets = [0, -(height / 2 + 3), height / 2 + 3, -(height / 2 + L.stateHeight / 2 + 5), height / 2 + L.stateHeight / 2 + 5];
    const shifts = [0, width / 3, -width / 3];
    fractions.forEach((u, rank) => {
      const m = pointAlong(points, u);
      offsets.forEach((dy, k) => {
        shifts.forEach((dx, j) => {
          // A label beside its line may slide along it (never off the line's end).
          if (k === 0 && j > 0) return;
          const at = { x: m.x + dx, y: m.y + dy };
          const r = { x: at.x - width / 2, y: at.y - height / 2, width, height };
          let cost = 0;
          for (const o of stateRects) cost += overlap(r, o) * 20;
          for (const o of joints) cost += overlap(r, o) * 20;
          for (const o of placed) cost += overlap(r, o) * 20;
          for (const o of lines) if (o.bus !== own) cost += overlap(r, o) * 0.5;
          cost += outside(r) * 0.3;
          cost += rank * 3 + (k === 0 ? 0 : k <= 2 ? 4 : 30) + (j === 0 ? 0 : 6);
          if (!best || cost < best.cost) best = { at, cost };
        });
      });
    });
    const at = best!.at;
    if (keep) placed.push({ x: at.x - width / 2, y: at.y - height / 2, width, height });
    return { at, width, height };
  };

  // Bus labels: on the line after its last junction (before it turns towards the target).
  for (const r of routes) {
    const xs = r.stubs.map((s) => s.corner.x);
    const xj = Math.max(...xs);
    const xTurn = r.mode === 'left' ? r.entry.x : r.xd;
    const stretch = [{ x: xj, y: r.y }, { x: xTurn, y: r.y }];
    const whole = [{ x: Math.min(...xs), y: r.y }, { x: xTurn, y: r.y }];
    const width = capsWidth(r.bus.text, L.labelSize) + 8;
    const fits = xTurn - xj > width + 6;
    const lp = fits
      ? place(stretch, [r.bus.text], true, [0.5, 0.65, 0.35], r.bus.key)
      : place(whole, [r.bus.text], true, [0.9, 0.75, 0.6, 0.5, 0.3], r.bus.key);
    const junctions = r.stubs.filter((s) => s.corner.x > Math.min(...xs) + 0.5).map((s) => s.corner);
    buses.push({ key: r.bus.key, target: r.bus.target, event: r.bus.event, text: r.bus.text, sources: r.bus.members.map((m) => m.source), junctions, label: lp.at, labelWidth: lp.width, labelHeight: lp.height });
  }
  const byImportance = (a: Curve, b: Curve) => Number(finals.has(a.pair.target)) - Number(finals.has(b.pair.target)) || a.length - b.length;
  const curveLabel = new Map<string, LabelSpot>();
  const U = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];
  for (const c of curves.filter(curveLabelled).sort(byImportance)) curveLabel.set(c.pair.key, place(c.points, packLabels(c.labels), true, U));
  for (const c of curves.filter((x) => !curveLabelled(x)).sort(byImportance)) curveLabel.set(c.pair.key, place(c.points, packLabels(c.labels), false, U));
  return { buses, busPoints, curveLabel };
}
