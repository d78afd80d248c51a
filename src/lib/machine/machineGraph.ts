/**
 * A state machine as a drawable graph, as plain data (no DOM): `readMachine` reads the states and
 * transitions of any xstate v5 machine from its definition (`machine.root.states`, each state node's
 * `transitions` map and `always` list), and `layoutMachine` places them left to right with dagre.
 *
 * Only top-level states are drawn. A transition declared on a nested state is drawn from its
 * top-level ancestor, and one that targets a nested state goes to that target's top-level ancestor;
 * transitions that stay inside one top-level state, and targetless ones (actions only), change
 * nothing at this level and are left out. Several transitions between the same two states are drawn
 * as one edge that lists every event, in declaration order.
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import { line, curveBasis } from 'd3-shape';
import type { AnyStateMachine } from 'xstate';

/** One top-level state of a machine. */
export interface MachineState {
  /** The state's key (its value in the snapshot: `RUNNING`). */
  id: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  final: boolean;
  initial: boolean;
  /** Document order (0-based among the drawn states). */
  order: number;
  description?: string;
}

/** One transition of the definition, between top-level states. */
export interface MachineTransition {
  source: string;
  target: string;
  /** The event type (`SCHEDULE`), `xstate.after.…` for delayed and `''` for eventless transitions. */
  event: string;
  kind: 'event' | 'after' | 'always';
  /** What the view writes: the event, `after 100 ms`, `always`; with ` [guard]` when guarded. */
  label: string;
  guard?: string;
}

export interface MachineModel {
  id: string;
  initial: string | null;
  states: MachineState[];
  transitions: MachineTransition[];
}

function guardName(g: unknown): string | undefined {
  if (g === undefined || g === null) return undefined;
  if (typeof g === 'string') return g;
  if (typeof g === 'function') return g.name || 'guard';
  if (typeof g === 'object' && 'type' in g && typeof (g as { type: unknown }).type === 'string') return (g as { type: string }).type;
  return 'guard';
}

function delayLabel(d: unknown): string {
  if (typeof d === 'number') return `after ${d} ms`;
  if (typeof d === 'string') return /^\d+$/.test(d) ? `after ${d} ms` : `after ${d}`;
  return 'after …';
}

interface NodeLike {
  key: string;
  type: MachineState['type'];
  path: string[];
  description?: string;
  states: Record<string, NodeLike>;
  transitions: Map<string, readonly TransitionLike[]>;
  always?: readonly TransitionLike[];
}
interface TransitionLike {
  target?: readonly { path: string[] }[] | undefined;
  guard?: unknown;
  eventType: string;
  delay?: unknown;
}

/** The top-level states and their transitions, from the machine's definition. */
export function readMachine(machine: AnyStateMachine): MachineModel {
  const root = machine.root as unknown as NodeLike;
  const keys = Object.keys(root.states);
  const initialTarget = (machine.root.initial?.target ?? [])[0] as { path: string[] } | undefined;
  const initial = initialTarget?.path[0] ?? null;
  const states: MachineState[] = keys.map((key, order) => {
    const n = root.states[key]!;
    return {
      id: key,
      type: n.type,
      final: n.type === 'final',
      initial: key === initial,
      order,
      ...(n.description ? { description: n.description } : {}),
    };
  });
  const transitions: MachineTransition[] = [];
  const visit = (top: string, n: NodeLike) => {
    const add = (t: TransitionLike, kind: MachineTransition['kind']) => {
      for (const target of t.target ?? []) {
        const to = target.path[0];
        if (to === undefined) continue;
        // Inside one top-level state (from or into a nested state): invisible at this level.
        if (to === top && (n.path.length > 1 || target.path.length > 1)) continue;
        const guard = guardName(t.guard);
        const base = kind === 'always' ? 'always' : kind === 'after' ? delayLabel(t.delay) : t.eventType;
        transitions.push({
          source: top,
          target: to,
          event: t.eventType,
          kind,
          label: guard ? `${base} [${guard}]` : base,
          ...(guard ? { guard } : {}),
        });
      }
    };
    for (const [event, list] of n.transitions) {
      const kind = event.startsWith('xstate.after.') ? 'after' : 'event';
      for (const t of list) add(t, kind);
    }
    for (const t of n.always ?? []) add(t, 'always');
    for (const child of Object.values(n.states)) visit(top, child);
  };
  for (const key of keys) visit(key, root.states[key]!);
  return { id: machine.id, initial, states, transitions };
}

// ---------------------------------------------------------------------------------------------------
// Layout

export interface Point {
  x: number;
  y: number;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

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

/** Advance widths (1/1000 em) of Helvetica/Arial, which most sans-serif UI fonts are close to. */
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const W_REGULAR = [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611];
const W_BOLD = [722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611];

/**
 * Width of a label in px, from Helvetica's widths (+8 % for other platforms' fonts): state and
 * event names are upper case, where a flat 0.6 em average is far off (I vs W).
 */
export function capsWidth(s: string, size: number, bold = false): number {
  let w = 0;
  for (const ch of s) {
    const u = UPPER.indexOf(ch);
    const c = ch.charCodeAt(0);
    if (u >= 0) w += (bold ? W_BOLD : W_REGULAR)[u]! / 1000;
    else if (c > 0x2e80) w += 1;
    else if (ch === ' ') w += 0.278;
    else if (ch === '_') w += 0.556;
    else if (/[0-9]/.test(ch)) w += 0.556;
    else if (/[ijlft.,:;!|'[\]()]/.test(ch)) w += 0.3;
    else if (/[mw]/.test(ch)) w += 0.85;
    else w += 0.54;
  }
  return Math.ceil(w * size * 1.08);
}

const cache = new WeakMap<AnyStateMachine, Map<string, MachineLayout>>();

/** `layoutMachine(readMachine(machine), options)`, computed once per machine and options. */
export function machineLayout(machine: AnyStateMachine, options: MachineLayoutOptions = {}): MachineLayout {
  const key = JSON.stringify([options.omit ?? [], options.faded ?? [], options.notes ?? {}, options.footnote ?? '']);
  let m = cache.get(machine);
  if (!m) cache.set(machine, (m = new Map()));
  let l = m.get(key);
  if (!l) m.set(key, (l = layoutMachine(readMachine(machine), options)));
  return l;
}

const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

const hits = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A segment as a thin rectangle (for hit tests). */
function segRect(a: Point, b: Point, half = 1): Rect {
  return { x: Math.min(a.x, b.x) - half, y: Math.min(a.y, b.y) - half, width: Math.abs(a.x - b.x) + 2 * half, height: Math.abs(a.y - b.y) + 2 * half };
}

function polyLength(points: Point[]): number {
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

/**
 * Label lines of an edge: its labels joined with ", " while a line stays within the longest
 * label's width (at least 90 px), so that several short events share a line.
 */
export function packLabels(labels: readonly string[], size: number = MACHINE_LAYOUT.labelSize): string[] {
  const max = Math.max(90, ...labels.map((l) => capsWidth(l, size)));
  const lines: string[] = [];
  for (const l of labels) {
    const last = lines[lines.length - 1];
    if (last !== undefined && capsWidth(`${last}, ${l}`, size) <= max) lines[lines.length - 1] = `${last}, ${l}`;
    else lines.push(l);
  }
  return lines;
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

interface Pair {
  key: string;
  source: string;
  target: string;
  events: string[];
  labels: string[];
  faded: boolean;
}

interface Bus {
  key: string;
  target: string;
  event: string;
  text: string;
  /** Pairs, in declaration order of their sources. */
  members: Pair[];
}

interface BusRoute {
  bus: Bus;
  /**
   * 'left': the line runs along the target's middle into its left side; 'above'/'below': it runs
   * in a lane above or below the states in the way, goes down (up) just left of the target's
   * column and enters its left side.
   */
  mode: 'left' | 'above' | 'below';
  /** y of the line the stubs join. */
  y: number;
  /** x where a lane turns towards the target (lanes only). */
  xd: number;
  /** Where the line enters the target (its left side). */
  entry: Point;
  stubs: { pair: Pair; exit: Point; corner: Point; side: 'top' | 'bottom' | 'right' }[];
}

/** The corners of a bus route from one stub into the target. */
function busPolyline(r: BusRoute, st: BusRoute['stubs'][number]): Point[] {
  const pts = [st.exit, st.corner];
  if (r.mode !== 'left') pts.push({ x: r.xd, y: r.y }, { x: r.xd, y: r.entry.y });
  pts.push(r.entry);
  return dedupe(pts);
}

/**
 * Places the states left to right (dagre, rankdir LR).
 *
 * Less clutter, same transitions: when one event leads into the same state from several states
 * (FAIL → FAILED from five; ≥ 2 sources into a final state, else ≥ 3), the transitions are drawn
 * as a bus, labelled once, instead of as separate labelled curves. A bus that would cross a state
 * falls back to separate curves (one labelled, the others light and unlabelled). Every other pair of
 * states gets one dagre-routed edge listing all its events; labels are placed greedily where they
 * overlap no state, bus line or other label.
 */
export function layoutMachine(model: MachineModel, options: MachineLayoutOptions = {}): MachineLayout {
  const L = MACHINE_LAYOUT;
  const omit = new Set(options.omit ?? []);
  const fadedSet = new Set(options.faded ?? []);
  const states = model.states.filter((s) => !omit.has(s.id));
  const shown = new Set(states.map((s) => s.id));
  const finals = new Set(states.filter((s) => s.final).map((s) => s.id));
  const orderOf = new Map(states.map((s, i) => [s.id, i]));

  // One pair per (source, target), labels in declaration order.
  const pairs = new Map<string, Pair>();
  for (const t of model.transitions) {
    if (!shown.has(t.source) || !shown.has(t.target)) continue;
    const k = `${t.source}→${t.target}`;
    let p = pairs.get(k);
    if (!p) pairs.set(k, (p = { key: k, source: t.source, target: t.target, events: [], labels: [], faded: fadedSet.has(t.source) || fadedSet.has(t.target) }));
    if (!p.labels.includes(t.label)) {
      p.events.push(t.event);
      p.labels.push(t.label);
    }
  }

  // Bus candidates: (label, target) from enough sources, no faded pairs, no self-loops.
  const candidates = new Map<string, Bus>();
  for (const p of pairs.values()) {
    if (p.faded || p.source === p.target) continue;
    p.labels.forEach((text, i) => {
      const k = `${text}→${p.target}`;
      let b = candidates.get(k);
      if (!b) candidates.set(k, (b = { key: k, target: p.target, event: p.events[i]!, text, members: [] }));
      b.members.push(p);
    });
  }
  const isBundle = (b: Bus) => b.members.length >= (finals.has(b.target) ? 2 : 3);
  /** Bundles whose transitions have a separate curve (the bus failed): one representative labels them. */
  const fallback: Bus[] = [];
  let active = [...candidates.values()].filter(isBundle);
  // A pair with events on no bus keeps its curve and lists all its events there (no bus stub next to it).
  const settle = () => {
    let changed = true;
    while (changed) {
      changed = false;
      const onBus = new Map<string, Set<string>>();
      for (const b of active) for (const m of b.members) (onBus.get(m.key) ?? onBus.set(m.key, new Set()).get(m.key)!).add(b.text);
      for (const b of active) {
        const keep = b.members.filter((m) => m.labels.every((l) => onBus.get(m.key)?.has(l)));
        if (keep.length !== b.members.length) {
          b.members = keep;
          changed = true;
        }
      }
      const before = active.length;
      active = active.filter((b) => b.members.length >= 2);
      if (active.length !== before) changed = true;
    }
  };
  settle();

  let g!: Graph;
  let geoms: StateGeom[] = [];
  let routes: BusRoute[] = [];
  for (let pass = 0; pass <= candidates.size; pass++) {
    const onBus = new Map<string, Set<string>>();
    for (const b of active) for (const m of b.members) (onBus.get(m.key) ?? onBus.set(m.key, new Set()).get(m.key)!).add(b.text);
    g = new Graph({ multigraph: true });
    g.setGraph({ rankdir: 'LR', ranksep: L.ranksep, nodesep: L.nodesep, edgesep: L.edgesep, marginx: 0, marginy: 0 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const s of states) {
      const note = options.notes?.[s.id] ?? null;
      const width = Math.max(L.minStateWidth, capsWidth(s.id, L.nameSize, true) + 2 * L.padX, note ? capsWidth(note, L.noteSize) + 2 * L.padX : 0);
      g.setNode(s.id, { width, height: L.stateHeight + (note ? L.noteHeight : 0) });
    }
    const hasIn = new Set<string>();
    for (const p of pairs.values()) {
      if (p.labels.every((l) => onBus.get(p.key)?.has(l))) continue;
      // Edges between two non-final states carry the lifecycle: weigh them to keep them straight.
      const main = !finals.has(p.target) && !p.faded;
      g.setEdge(p.source, p.target, { weight: main ? 8 : 1, minlen: 1 }, p.key);
      hasIn.add(p.target);
    }
    // A bus target needs an edge for dagre to rank it: its last-declared source's (not drawn).
    for (const b of active) {
      if (hasIn.has(b.target)) continue;
      const m = b.members.reduce((x, y) => ((orderOf.get(y.source) ?? 0) > (orderOf.get(x.source) ?? 0) ? y : x));
      g.setEdge(m.source, b.target, { weight: 1, minlen: 1 }, `${m.key}#layout`);
      hasIn.add(b.target);
    }
    dagreLayout(g);
    geoms = states.map((s) => {
      const d = g.node(s.id) as { x: number; y: number; width: number; height: number };
      return { id: s.id, final: s.final, initial: s.initial, faded: fadedSet.has(s.id), note: options.notes?.[s.id] ?? null, x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height };
    });
    const result = routeBuses(active, geoms);
    routes = result.routes;
    if (result.failed.length === 0) break;
    for (const b of result.failed) fallback.push(b);
    active = active.filter((b) => !result.failed.includes(b));
    settle();
  }
  const box = new Map(geoms.map((s) => [s.id, s]));
  const onBus = new Map<string, Set<string>>();
  for (const r of routes) for (const m of r.bus.members) (onBus.get(m.key) ?? onBus.set(m.key, new Set()).get(m.key)!).add(r.bus.text);

  // Curves (dagre) for every pair with an event on no bus.
  interface Curve {
    pair: Pair;
    events: string[];
    labels: string[];
    points: Point[];
    length: number;
  }
  const curves: Curve[] = [];
  for (const p of pairs.values()) {
    const idx = p.labels.map((l, i) => i).filter((i) => !onBus.get(p.key)?.has(p.labels[i]!));
    if (idx.length === 0) continue;
    const d = g.edge(p.source, p.target, p.key) as { points?: Point[] } | undefined;
    const points = (d?.points ?? []).map((q) => ({ x: q.x, y: q.y }));
    curves.push({ pair: p, events: idx.map((i) => p.events[i]!), labels: idx.map((i) => p.labels[i]!), points, length: polyLength(points) });
  }
  // Fallback bundles: the shortest curve carries the label; the other curves whose labels are all
  // in such bundles are drawn light and unlabelled.
  const fbRep = new Set<string>();
  const fbText = new Map<string, Set<string>>();
  for (const b of fallback) {
    const members = curves.filter((c) => c.pair.target === b.target && c.labels.includes(b.text));
    if (members.length < 2) continue;
    fbRep.add(members.reduce((x, y) => (y.length < x.length ? y : x)).pair.key);
    for (const c of members) (fbText.get(c.pair.key) ?? fbText.set(c.pair.key, new Set()).get(c.pair.key)!).add(b.text);
  }
  const curveLabelled = (c: Curve) => fbRep.has(c.pair.key) || c.labels.some((l) => !fbText.get(c.pair.key)?.has(l));

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
  const curveLabel = new Map<string, { at: Point; width: number; height: number }>();
  const U = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];
  for (const c of curves.filter(curveLabelled).sort(byImportance)) curveLabel.set(c.pair.key, place(c.points, packLabels(c.labels), true, U));
  for (const c of curves.filter((x) => !curveLabelled(x)).sort(byImportance)) curveLabel.set(c.pair.key, place(c.points, packLabels(c.labels), false, U));

  const edges: EdgeGeom[] = [];
  for (const c of curves) {
    const lp = curveLabel.get(c.pair.key)!;
    const labelled = curveLabelled(c);
    edges.push({
      key: c.pair.key,
      source: c.pair.source,
      target: c.pair.target,
      events: c.events,
      labels: c.labels,
      lines: packLabels(c.labels),
      route: 'dagre',
      bus: null,
      faded: c.pair.faded,
      bundled: !c.pair.faded && !labelled,
      labelled,
      points: c.points,
      path: machineEdgePath(c.points),
      label: lp.at,
      labelWidth: lp.width,
      labelHeight: lp.height,
    });
  }
  for (const r of routes) {
    const bg = buses.find((b) => b.key === r.bus.key)!;
    for (const s of r.stubs) {
      const points = busPoints.get(`${s.pair.key}@${r.bus.key}`)!;
      edges.push({
        key: `${s.pair.key}@${r.bus.key}`,
        source: s.pair.source,
        target: s.pair.target,
        events: [r.bus.event],
        labels: [r.bus.text],
        lines: [r.bus.text],
        route: 'bus',
        bus: r.bus.key,
        faded: false,
        bundled: false,
        labelled: false,
        points,
        path: roundedPath(points),
        label: bg.label,
        labelWidth: bg.labelWidth,
        labelHeight: bg.labelHeight,
      });
    }
  }

  // The initial pseudo-state: a dot left of the initial state.
  let start: MachineLayout['start'] = null;
  const init = model.initial !== null ? box.get(model.initial) : undefined;
  if (init) {
    const y = init.y + Math.min(init.height, L.stateHeight) / 2;
    const dot = { x: init.x - L.startGap - L.startRadius, y };
    start = { dot, path: `M${dot.x + L.startRadius},${y}L${init.x},${y}` };
  }

  // Bounds of everything drawn, with the margin.
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const grow = (r: Rect) => {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  };
  for (const s of geoms) grow({ x: s.x - 4, y: s.y - 4, width: s.width + 8, height: s.height + 8 });
  for (const e of edges) {
    for (const p of e.points) grow({ x: p.x - 3, y: p.y - 3, width: 6, height: 6 });
    if (e.labelWidth > 0) grow({ x: e.label.x - e.labelWidth / 2, y: e.label.y - e.labelHeight / 2, width: e.labelWidth, height: e.labelHeight });
  }
  if (start) grow({ x: start.dot.x - L.startRadius, y: start.dot.y - L.startRadius, width: 2 * L.startRadius, height: 2 * L.startRadius });
  let footnote: MachineLayout['footnote'] = null;
  if (options.footnote && Number.isFinite(x0)) {
    footnote = { x: x0, y: y1 + L.footnoteSize + 4, text: options.footnote };
    grow({ x: x0, y: y1, width: capsWidth(options.footnote, L.footnoteSize), height: L.footnoteSize + 7 });
  }
  if (!Number.isFinite(x0)) return { x: 0, y: 0, width: 0, height: 0, states: geoms, edges, buses, start, footnote };
  return {
    x: Math.floor(x0 - L.margin),
    y: Math.floor(y0 - L.margin),
    width: Math.ceil(x1 - x0 + 2 * L.margin),
    height: Math.ceil(y1 - y0 + 2 * L.margin),
    states: geoms,
    edges,
    buses,
    start,
    footnote,
  };
}

function dedupe(points: Point[]): Point[] {
  return points.filter((p, i) => i === 0 || Math.hypot(p.x - points[i - 1]!.x, p.y - points[i - 1]!.y) > 0.01);
}

/**
 * Routes buses around the placed states. Per bus, in order of preference: along the target's middle
 * into its left side; else in a lane above (or below) every state in the way, down (up) just left
 * of the target's column, into its left side. Stubs leave a source from its top or bottom (spread
 * out so that they do not run on top of each other), or from its right side when the line passes
 * through it. A bus whose every route crosses a state (or runs along another bus) fails.
 */
function routeBuses(buses: Bus[], geoms: StateGeom[]): { routes: BusRoute[]; failed: Bus[] } {
  const L = MACHINE_LAYOUT;
  const box = new Map(geoms.map((s) => [s.id, s]));
  const cy = (s: StateGeom) => s.y + Math.min(s.height, L.stateHeight) / 2;
  const cx = (s: StateGeom) => s.x + s.width / 2;
  const routes: BusRoute[] = [];
  const failed: Bus[] = [];
  const taken: { y: number; x0: number; x1: number }[] = [];
  const inflate = (s: StateGeom): Rect => ({ x: s.x - 2, y: s.y - 2, width: s.width + 4, height: s.height + 4 });
  const clear = (r: Rect, except: ReadonlySet<string>) => geoms.every((s) => except.has(s.id) || !hits(r, inflate(s)));
  const free = (y: number, x0: number, x1: number) => taken.every((t) => Math.abs(t.y - y) >= L.laneGap - 0.5 || t.x1 < x0 || x1 < t.x0);
  /** Left edge of the column of states the target is in. */
  const colLeft = (t: StateGeom) => Math.min(...geoms.filter((s) => s.x < t.x + t.width && t.x < s.x + s.width).map((s) => s.x));

  // Where lines enter a target's left side: buses with higher sources higher.
  const into = new Map<string, Bus[]>();
  for (const b of buses) (into.get(b.target) ?? into.set(b.target, []).get(b.target)!).push(b);
  const meanY = (b: Bus) => b.members.reduce((s, m) => s + cy(box.get(m.source)!), 0) / b.members.length;
  const entryOffset = new Map<Bus, number>();
  for (const list of into.values()) {
    list.sort((a, b) => meanY(a) - meanY(b));
    list.forEach((b, j) => entryOffset.set(b, (j - (list.length - 1) / 2) * L.busGap));
  }
  const lanesInto = new Map<string, number>();
  // Wide buses first: they are the hardest to route.
  const order = [...buses].sort((a, b) => b.members.length - a.members.length);

  const stubsAt = (bus: Bus, y: number): BusRoute['stubs'] =>
    bus.members.map((pair) => {
      const s = box.get(pair.source)!;
      if (s.y - 2 > y) return { pair, exit: { x: cx(s), y: s.y }, corner: { x: cx(s), y }, side: 'top' as const };
      if (s.y + s.height + 2 < y) return { pair, exit: { x: cx(s), y: s.y + s.height }, corner: { x: cx(s), y }, side: 'bottom' as const };
      return { pair, exit: { x: s.x + s.width, y }, corner: { x: s.x + s.width, y }, side: 'right' as const };
    });

  const valid = (r: BusRoute): boolean => {
    const t = box.get(r.bus.target)!;
    const xTurn = r.mode === 'left' ? r.entry.x : r.xd;
    if (r.stubs.some((st) => st.corner.x > xTurn - 10)) return false;
    const xMin = Math.min(...r.stubs.map((st) => st.corner.x));
    if (!free(r.y, xMin, xTurn)) return false;
    // The line passes no state but the target it enters and the leftmost source it leaves to the right.
    const leftmost = r.stubs.find((st) => st.side === 'right' && st.corner.x <= xMin + 0.5)?.pair.source;
    const except = new Set([t.id, ...(leftmost ? [leftmost] : [])]);
    if (!clear(segRect({ x: xMin + 0.5, y: r.y }, { x: xTurn - 0.5, y: r.y }, 1), except)) return false;
    if (r.mode !== 'left') {
      if (!clear(segRect({ x: r.xd, y: r.y }, { x: r.xd, y: r.entry.y }, 1), new Set())) return false;
      if (!clear(segRect({ x: r.xd, y: r.entry.y }, { x: r.entry.x - 0.5, y: r.entry.y }, 1), new Set([t.id]))) return false;
    }
    return r.stubs.every((st) => st.side === 'right' || clear(segRect(st.exit, st.corner, 1), new Set([st.pair.source])));
  };

  for (const bus of order) {
    const t = box.get(bus.target)!;
    const entryY = cy(t) + (entryOffset.get(bus) ?? 0);
    const entry = { x: t.x, y: entryY };
    let done: BusRoute | null = null;
    const left: BusRoute = { bus, mode: 'left', y: entryY, xd: t.x, entry, stubs: stubsAt(bus, entryY) };
    if (valid(left)) done = left;
    for (const mode of ['above', 'below'] as const) {
      if (done) break;
      const xd = colLeft(t) - 7 - (lanesInto.get(t.id) ?? 0) * L.busGap;
      const xMin = Math.min(...bus.members.map((m) => cx(box.get(m.source)!)));
      const inRange = geoms.filter((s) => s.x + s.width >= xMin - 1 && s.x <= xd + 1);
      if (inRange.length === 0) continue;
      let y = mode === 'above' ? Math.min(...inRange.map((s) => s.y)) - L.busGap - 4 : Math.max(...inRange.map((s) => s.y + s.height)) + L.busGap + 4;
      while (!free(y, xMin, xd)) y += mode === 'above' ? -L.laneGap : L.laneGap;
      const r: BusRoute = { bus, mode, y, xd, entry, stubs: stubsAt(bus, y) };
      if (valid(r)) done = r;
    }
    if (!done) {
      failed.push(bus);
      continue;
    }
    if (done.mode !== 'left') lanesInto.set(t.id, (lanesInto.get(t.id) ?? 0) + 1);
    routes.push(done);
    taken.push({ y: done.y, x0: Math.min(...done.stubs.map((s) => s.corner.x)), x1: done.mode === 'left' ? done.entry.x : done.xd });
  }

  // Lanes into one target: the outermost lane turns rightmost, so that lanes do not cross.
  for (const id of lanesInto.keys()) {
    for (const mode of ['above', 'below'] as const) {
      const list = routes.filter((r) => r.bus.target === id && r.mode === mode);
      const slots = list.map((r) => r.xd).sort((a, b) => b - a);
      const outerFirst = [...list].sort((a, b) => (mode === 'above' ? a.y - b.y : b.y - a.y));
      const before = list.map((r) => r.xd);
      outerFirst.forEach((r, j) => (r.xd = slots[j]!));
      if (!list.every(valid)) list.forEach((r, j) => (r.xd = before[j]!));
    }
  }

  // Spread the stubs leaving one side of a source: the one going farthest leftmost, so that lines
  // do not cross near the source.
  const bySide = new Map<string, { r: BusRoute; st: BusRoute['stubs'][number] }[]>();
  for (const r of routes) {
    for (const st of r.stubs) {
      if (st.side === 'right') continue;
      const k = `${st.pair.source}|${st.side}`;
      (bySide.get(k) ?? bySide.set(k, []).get(k)!).push({ r, st });
    }
  }
  for (const list of bySide.values()) {
    const s = box.get(list[0]!.st.pair.source)!;
    const up = list[0]!.st.side === 'top';
    list.sort((a, b) => (up ? a.r.y - b.r.y : b.r.y - a.r.y));
    const n = list.length;
    const gap = Math.min(L.busGap + 1, (s.width - 16) / Math.max(1, n - 1));
    list.forEach(({ st }, i) => {
      const x = cx(s) + (i - (n - 1) / 2) * gap;
      st.exit = { x, y: st.exit.y };
      st.corner = { x, y: st.corner.y };
    });
  }
  return { routes, failed };
}

/** The edges drawn for the transition `from → to` (a curve, or stubs on buses). */
export function edgesFor(layout: MachineLayout, from: string, to: string): EdgeGeom[] {
  return layout.edges.filter((e) => e.source === from && e.target === to);
}

/** Relative luminance of a `#rrggbb` colour (WCAG 2). */
export function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever contrasts more with the background `hex`. */
export function textOn(hex: string): '#141414' | '#ffffff' {
  const l = luminance(hex);
  const black = (l + 0.05) / (luminance('#141414') + 0.05);
  const white = 1.05 / (l + 0.05);
  return black >= white ? '#141414' : '#ffffff';
}
