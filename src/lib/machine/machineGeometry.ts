/**
 * The drawn state machine as plain data (no DOM): the types `layoutMachine` returns, the drawing's
 * measures (`MACHINE_LAYOUT`), and the rectangle, polyline and SVG-path helpers the layout, bus
 * routing and label placement share.
 */
import { line, curveBasis } from 'd3-shape';

/** A point in the drawing's coordinates (px). */
export interface Point {
  x: number;
  y: number;
}

/** A box by its top-left corner. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One drawn state, a box by its top-left corner. */
export interface StateGeom extends Rect {
  id: string;
  final: boolean;
  initial: boolean;
  /** Drawn faded (declared but not used, say). */
  faded: boolean;
  /** A second, smaller line under the name (a note), or null. */
  note: string | null;
}

/**
 * One drawn edge. Transitions between the same two states share one edge (`route: 'dagre'`), except
 * those drawn on a bus (`route: 'bus'`): one edge per (pair, bus).
 */
export interface EdgeGeom {
  /** Unique: `source→target`, or `source→target@bus` on a bus. */
  key: string;
  source: string;
  target: string;
  /** The events of the transitions this edge draws, in declaration order. */
  events: string[];
  /** Their labels (`SCHEDULE`, `after 100 ms`, `RUN [guard]`), one per transition. */
  labels: string[];
  /** The labels as drawn: short ones share a line (`packLabels`). */
  lines: string[];
  route: 'dagre' | 'bus';
  /** The bus's key when `route` is 'bus'. */
  bus: string | null;
  /** From or to a faded state. */
  faded: boolean;
  /** One of several unlabelled edges with the same event into the same state (drawn light). */
  bundled: boolean;
  /** Its label is always drawn (else only while highlighted; bus edges: the bus draws it). */
  labelled: boolean;
  /** The polyline (dagre's points, or the bus route's corners). */
  points: Point[];
  /** SVG path. */
  path: string;
  /** Centre and size of its label. */
  label: Point;
  labelWidth: number;
  labelHeight: number;
}

/**
 * One event into one state from several states, drawn as a bus: a stub from each source joins one
 * line into the target, labelled once. Dots mark where stubs join (lines that cross have none).
 */
export interface BusGeom {
  key: string;
  target: string;
  event: string;
  /** The label (one line). */
  text: string;
  sources: string[];
  junctions: Point[];
  label: Point;
  labelWidth: number;
  labelHeight: number;
}

/** Everything `layoutMachine` draws, in one coordinate system. */
export interface MachineLayout {
  /** The drawing's box (a viewBox): everything drawn, with a margin. */
  x: number;
  y: number;
  width: number;
  height: number;
  states: StateGeom[];
  edges: EdgeGeom[];
  buses: BusGeom[];
  /** The initial pseudo-state (a dot) and its arrow into the initial state, or null. */
  start: { dot: Point; path: string } | null;
  /** `options.footnote`, placed under the drawing (baseline at y). */
  footnote: { x: number; y: number; text: string } | null;
}

/** What to leave out, fade or annotate in a drawing (part of `machineLayout`'s cache key). */
export interface MachineLayoutOptions {
  /** States left out of the drawing, with every transition from or to them. */
  omit?: readonly string[];
  /** States drawn faded, with their transitions. */
  faded?: readonly string[];
  /** A short second line per state. */
  notes?: Readonly<Record<string, string>>;
  /** A line of text under the drawing (say, which states are left out). */
  footnote?: string;
}

/** Measures of the drawing (px): font sizes, state boxes, dagre spacing, bus lines. */
export const MACHINE_LAYOUT = {
  margin: 6,
  nameSize: 12,
  noteSize: 10,
  labelSize: 10.5,
  labelLine: 13,
  padX: 9,
  stateHeight: 28,
  noteHeight: 12,
  minStateWidth: 56,
  ranksep: 24,
  nodesep: 16,
  edgesep: 8,
  startRadius: 5,
  footnoteSize: 11,
  startGap: 18,
  /** Bus lines: spacing of stubs and of lines entering one state, corner radius. */
  busGap: 8,
  /** Spacing of parallel bus lines: room for a label on a line between its neighbours. */
  laneGap: 19,
  corner: 5,
} as const;

/** Area of the intersection of two boxes (0 when apart). */
export const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** Whether two boxes overlap. */
export const hits = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A segment as a thin rectangle (for hit tests). */
export function segRect(a: Point, b: Point, half = 1): Rect {
  return { x: Math.min(a.x, b.x) - half, y: Math.min(a.y, b.y) - half, width: Math.abs(a.x - b.x) + 2 * half, height: Math.abs(a.y - b.y) + 2 * half };
}

/** Length of a polyline. */
export function polyLength(points: Point[]): number {
  let s = 0;
  for (let i = 1; i < points.length; i++) s += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  return s;
}

/** The point at fraction u of a polyline's length. */
export function pointAlong(points: Point[], u: number): Point {
  if (points.length === 0) return { x: 0, y: 0 };
  const total = polyLength(points);
  let left = Math.min(1, Math.max(0, u)) * total;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const d = Math.hypot(b.x - a.x, b.y - a.y);
    if (d >= left && d > 0) return { x: a.x + ((b.x - a.x) * left) / d, y: a.y + ((b.y - a.y) * left) / d };
    left -= d;
  }
  return { ...points[points.length - 1]! };
}

/** The polyline without repeated points. */
export function dedupe(points: Point[]): Point[] {
  return points.filter((p, i) => i === 0 || Math.hypot(p.x - points[i - 1]!.x, p.y - points[i - 1]!.y) > 0.01);
}

/** SVG path through dagre's points (a B-spline, like the stream graph's edges). */
export function machineEdgePath(points: Point[]): string {
  return (
    line<Point>()
      .x((p) => p.x)
      .y((p) => p.y)
      .curve(curveBasis)(points) ?? ''
  );
}

/** SVG path of an orthogonal polyline with rounded corners (radius r). */
export function roundedPath(points: Point[], r: number = MACHINE_LAYOUT.corner): string {
  if (points.length === 0) return '';
  const f = (n: number) => Math.round(n * 100) / 100;
  let d = `M${f(points[0]!.x)},${f(points[0]!.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const c = points[i + 1]!;
    const d1 = Math.hypot(b.x - a.x, b.y - a.y);
    const d2 = Math.hypot(c.x - b.x, c.y - b.y);
    const k = Math.min(r, d1 / 2, d2 / 2);
    if (k <= 0) {
      d += `L${f(b.x)},${f(b.y)}`;
      continue;
    }
    const p = { x: b.x - ((b.x - a.x) / d1) * k, y: b.y - ((b.y - a.y) / d1) * k };
    const q = { x: b.x + ((c.x - b.x) / d2) * k, y: b.y + ((c.y - b.y) / d2) * k };
    d += `L${f(p.x)},${f(p.y)}Q${f(b.x)},${f(b.y)} ${f(q.x)},${f(q.y)}`;
  }
  const last = points[points.length - 1]!;
  return d + `L${f(last.x)},${f(last.y)}`;
}
