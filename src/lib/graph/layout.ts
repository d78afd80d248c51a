/**
 * Geometry of the graph views, as plain numbers (no DOM): dagre places the boxes left to right like
 * the Flink Web UI (`components/dagre/graph.ts`: rankdir LR, ranksep 150), and this module adds the
 * subtask rows inside job vertices and one curve per channel. Positions of in-flight elements are
 * derived from their `sentAt`/`arrivesAt` and the current time, never stored.
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import { linkHorizontal, line, curveBasis } from 'd3-shape';
import type { ChainRule, JobPlan, PartitionerKind, StreamNode } from '../../sim/graph/types.ts';
import type { OperatorType } from '../../sim/scenario/Scenario.ts';
import type { InFlight, StreamRecord, World } from '../../sim/world.ts';
import { formatValue } from '../../sim/functions/fields.ts';

export type Level = 'stream' | 'job';

export interface Point {
  x: number;
  y: number;
}

/** A box by its top-left corner. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Stream level: one box per StreamNode. */
export interface NodeBox extends Box {
  id: string;
  name: string;
  /** The name wrapped onto one or two lines. */
  lines: string[];
  type: OperatorType;
  parallelism: number;
  keyed: boolean;
  /** The JobVertex (chain) the operator ended up in. */
  vertex: string;
}

/** Stream level: one curve per StreamEdge. */
export interface EdgeGeom {
  index: number;
  source: string;
  target: string;
  partitioner: PartitionerKind;
  chained: boolean;
  rule: ChainRule | null;
  reason: string;
  points: Point[];
  /** Centre of the edge label. */
  label: Point;
}

/** Job level: one row per parallel subtask inside its vertex. */
export interface SubtaskBox extends Box {
  /** Index in `plan.execution.tasks` (and `world.tasks`). */
  task: number;
  /** `count/1`. */
  id: string;
  subtask: number;
  /** Flink's task name: `Keyed Aggregation -> Sink: Print to Std. Out (2/2)`. */
  name: string;
  /** `#2`: the 1-based number of Flink's `(2/2)`. */
  short: string;
}

/** Job level: one box per JobVertex (an operator chain). */
export interface VertexBox extends Box {
  id: string;
  name: string;
  operators: { id: string; name: string; keyed: boolean }[];
  parallelism: number;
  /** Height of the header with the chain's operator names. */
  headerHeight: number;
  subtasks: SubtaskBox[];
}

/** Job level: the label of a JobEdge, between its two vertices. */
export interface JobEdgeGeom {
  index: number;
  source: string;
  target: string;
  partitioner: PartitionerKind;
  label: Point;
}

/** Job level: one channel (producer subtask → consumer subtask) drawn as a horizontal link curve. */
export interface ChannelGeom {
  index: number;
  id: string;
  edge: number;
  from: number;
  to: number;
  /** On the producer subtask box's right edge. */
  start: Point;
  /** On the consumer subtask box's left edge. */
  end: Point;
}

export interface GraphLayout {
  level: Level;
  width: number;
  height: number;
  /** Stream level only (empty at job level). */
  nodes: NodeBox[];
  edges: EdgeGeom[];
  /** Job level only (empty at stream level). */
  vertices: VertexBox[];
  jobEdges: JobEdgeGeom[];
  channels: ChannelGeom[];
  /** All subtask boxes by task index (job level). */
  subtasks: SubtaskBox[];
}

export const LAYOUT = {
  margin: 24,
  /**
   * dagre halves ranksep on graphs with edge labels (labels get ranks of their own), so boxes end
   * up ranksep + label width apart: 40 + ≥ 72 keeps them ~110–130 px apart (the Web UI uses 150
   * without labels; narrower keeps the stream graph legible in a ~900 px panel).
   */
  streamRanksep: 40,
  edgeLabelMinWidth: 72,
  jobRanksep: 170,
  nodesep: 40,
  nodeMinWidth: 120,
  nodeHeight: 62,
  nodeLine: 19,
  /** Names longer than this wrap onto a second line. */
  nodeWrap: 18,
  vertexMinWidth: 250,
  vertexPad: 10,
  operatorLine: 17,
  subtaskHeight: 50,
  subtaskGap: 8,
  edgeLabelHeight: 19,
} as const;

/** Rough text width for layout (no DOM to measure): sans-serif averages ~0.6 em, CJK 1 em. */
export function textWidth(s: string, fontSize: number): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? fontSize : fontSize * 0.6;
  return Math.ceil(w);
}

export function layoutGraph(plan: JobPlan, level: Level): GraphLayout {
  return level === 'stream' ? layoutStream(plan) : layoutJob(plan);
}

function vertexOf(plan: JobPlan): Map<string, string> {
  const m = new Map<string, string>();
  for (const v of plan.jobGraph.vertices) for (const op of v.operators) m.set(op, v.id);
  return m;
}

function newGraph(ranksep: number): Graph {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ranker: 'network-simplex', ranksep, nodesep: LAYOUT.nodesep, marginx: LAYOUT.margin, marginy: LAYOUT.margin });
  g.setDefaultEdgeLabel(() => ({}));
  return g;
}


/** Wraps a long operator name onto two lines: after a `Source:`/`Sink:` prefix, else at a space. */
export function wrapName(name: string, max: number = LAYOUT.nodeWrap): string[] {
  if (name.length <= max) return [name];
  const colon = name.indexOf(': ');
  if (colon > 0 && colon < max) return [name.slice(0, colon + 1), name.slice(colon + 2)];
  const cut = name.lastIndexOf(' ', max);
  return cut > 0 ? [name.slice(0, cut), name.slice(cut + 1)] : [name];
}

function layoutStream(plan: JobPlan): GraphLayout {
  const g = newGraph(LAYOUT.streamRanksep);
  const vertex = vertexOf(plan);
  const lines = new Map(plan.streamGraph.nodes.map((n) => [n.id, wrapName(n.name)]));
  for (const n of plan.streamGraph.nodes) {
    const ls = lines.get(n.id)!;
    g.setNode(n.id, {
      width: Math.max(LAYOUT.nodeMinWidth, ...ls.map((l) => textWidth(l, 15) + 26)),
      height: LAYOUT.nodeHeight + LAYOUT.nodeLine * (ls.length - 1),
    });
  }
  const decision = new Map(plan.jobGraph.chainDecisions.map((d) => [d.edge, d]));
  for (const e of plan.streamGraph.edges) {
    const chained = decision.get(e.index)?.chained ?? false;
    // Label: the partitioner, and "chained" on a second line.
    const width = Math.max(LAYOUT.edgeLabelMinWidth, textWidth(e.partitioner, 13) * 1.15 + 18, chained ? 80 : 0);
    g.setEdge(e.source, e.target, { width, height: LAYOUT.edgeLabelHeight * (chained ? 2 : 1), labelpos: 'c' }, String(e.index));
  }
  dagreLayout(g);
  const nodes: NodeBox[] = plan.streamGraph.nodes.map((n) => {
    const d = g.node(n.id) as { x: number; y: number; width: number; height: number };
    return {
      id: n.id,
      name: n.name,
      lines: lines.get(n.id)!,
      type: n.spec.type,
      parallelism: n.parallelism,
      keyed: n.keyed,
      vertex: vertex.get(n.id) ?? n.id,
      x: d.x - d.width / 2,
      y: d.y - d.height / 2,
      width: d.width,
      height: d.height,
    };
  });
  const edges: EdgeGeom[] = plan.streamGraph.edges.map((e) => {
    const d = g.edge(e.source, e.target, String(e.index)) as { points?: Point[]; x?: number; y?: number };
    const dec = decision.get(e.index);
    const points = (d.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return {
      index: e.index,
      source: e.source,
      target: e.target,
      partitioner: e.partitioner,
      chained: dec?.chained ?? false,
      rule: dec?.rule ?? null,
      reason: dec?.reason ?? '',
      points,
      label: { x: d.x ?? mid.x, y: d.y ?? mid.y },
    };
  });
  const size = g.graph() as { width?: number; height?: number };
  return { level: 'stream', width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges, vertices: [], jobEdges: [], channels: [], subtasks: [] };
}

function layoutJob(plan: JobPlan): GraphLayout {
  const g = newGraph(LAYOUT.jobRanksep);
  const node = new Map<string, StreamNode>(plan.streamGraph.nodes.map((n) => [n.id, n]));
  const P = LAYOUT.vertexPad;
  const dims = new Map<string, { width: number; height: number; header: number }>();
  for (const v of plan.jobGraph.vertices) {
    const names = v.operators.map((id, i) => (i === 0 ? '' : '→ ') + (node.get(id)?.name ?? id));
    const width = Math.max(LAYOUT.vertexMinWidth, ...names.map((s) => textWidth(s, 13) + 2 * P + 16));
    // operator lines + the "parallelism: n" line
    const header = 8 + LAYOUT.operatorLine * (v.operators.length + 1) + 6;
    const height = header + v.parallelism * (LAYOUT.subtaskHeight + LAYOUT.subtaskGap) + P - LAYOUT.subtaskGap;
    dims.set(v.id, { width, height, header });
    g.setNode(v.id, { width, height });
  }
  for (const e of plan.jobGraph.edges) g.setEdge(e.source, e.target, {}, String(e.index));
  dagreLayout(g);

  const tasksOf = new Map<string, typeof plan.execution.tasks>();
  for (const t of plan.execution.tasks) {
    const list = tasksOf.get(t.vertex) ?? [];
    list.push(t);
    tasksOf.set(t.vertex, list);
  }
  const subtasks: SubtaskBox[] = [];
  const vertices: VertexBox[] = plan.jobGraph.vertices.map((v) => {
    const d = g.node(v.id) as { x: number; y: number };
    const dim = dims.get(v.id)!;
    const x = d.x - dim.width / 2;
    const y = d.y - dim.height / 2;
    const boxes = (tasksOf.get(v.id) ?? [])
      .slice()
      .sort((a, b) => a.subtask - b.subtask)
      .map((t, i): SubtaskBox => ({
        task: t.index,
        id: t.id,
        subtask: t.subtask,
        name: t.name,
        short: `#${t.subtask + 1}`,
        x: x + P,
        y: y + dim.header + i * (LAYOUT.subtaskHeight + LAYOUT.subtaskGap),
        width: dim.width - 2 * P,
        height: LAYOUT.subtaskHeight,
      }));
    for (const b of boxes) subtasks[b.task] = b;
    return {
      id: v.id,
      name: v.name,
      operators: v.operators.map((id) => ({ id, name: node.get(id)?.name ?? id, keyed: node.get(id)?.keyed ?? false })),
      parallelism: v.parallelism,
      headerHeight: dim.header,
      subtasks: boxes,
      x,
      y,
      width: dim.width,
      height: dim.height,
    };
  });

  // Spread a subtask's channel ends over the middle of its box so that curves stay apart.
  const outIndex = new Map<number, { k: number; n: number }>();
  const inIndex = new Map<number, { k: number; n: number }>();
  for (const t of plan.execution.tasks) {
    const outs = t.outputs.flatMap((o) => o.channels);
    outs.forEach((c, k) => outIndex.set(c, { k, n: outs.length }));
    t.inputs.forEach((c, k) => inIndex.set(c, { k, n: t.inputs.length }));
  }
  const spread = (b: SubtaskBox, at: { k: number; n: number } | undefined) => {
    const { k, n } = at ?? { k: 0, n: 1 };
    return b.y + b.height * (0.25 + (0.5 * (k + 0.5)) / n);
  };
  const channels: ChannelGeom[] = plan.execution.channels.map((c) => {
    const a = subtasks[c.from]!;
    const b = subtasks[c.to]!;
    return {
      index: c.index,
      id: c.id,
      edge: c.edge,
      from: c.from,
      to: c.to,
      start: { x: a.x + a.width, y: spread(a, outIndex.get(c.index)) },
      end: { x: b.x, y: spread(b, inIndex.get(c.index)) },
    };
  });

  const vbox = new Map(vertices.map((v) => [v.id, v]));
  const jobEdges: JobEdgeGeom[] = plan.jobGraph.edges.map((e) => {
    const s = vbox.get(e.source)!;
    const t = vbox.get(e.target)!;
    return {
      index: e.index,
      source: e.source,
      target: e.target,
      partitioner: e.partitioner,
      label: { x: (s.x + s.width + t.x) / 2, y: Math.min(s.y, t.y) + 14 },
    };
  });
  const size = g.graph() as { width?: number; height?: number };
  return { level: 'job', width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes: [], edges: [], vertices, jobEdges, channels, subtasks };
}

/** Extra room around dagre's box (which has LAYOUT.margin already) for outlines and rings. */
export const VIEW_PAD = 6;

/**
 * The viewBox of a graph view: the whole layout with margins. The view scales it uniformly to its
 * pane (preserveAspectRatio meet), so nothing is ever clipped.
 */
export function graphViewBox(layout: Pick<GraphLayout, 'width' | 'height'>): Box {
  return { x: -VIEW_PAD, y: -VIEW_PAD, width: layout.width + 2 * VIEW_PAD, height: layout.height + 2 * VIEW_PAD };
}

/** SVG path of a stream-level edge through dagre's points. */
export function edgePath(points: Point[]): string {
  return (
    line<Point>()
      .x((p) => p.x)
      .y((p) => p.y)
      .curve(curveBasis)(points) ?? ''
  );
}

/** SVG path of a channel: d3's horizontal link (a cubic Bézier with horizontal tangents). */
export function channelPath(c: ChannelGeom): string {
  return (
    linkHorizontal<{ source: Point; target: Point }, Point>()
      .x((p) => p.x)
      .y((p) => p.y)({ source: c.start, target: c.end }) ?? ''
  );
}

/** The point at parameter u ∈ [0, 1] of the channel curve (the same Bézier `channelPath` draws). */
export function pointOnChannel(c: ChannelGeom, u: number): Point {
  const mx = (c.start.x + c.end.x) / 2;
  const v = 1 - u;
  const b0 = v * v * v;
  const b1 = 3 * v * v * u;
  const b2 = 3 * v * u * u;
  const b3 = u * u * u;
  return {
    x: b0 * c.start.x + (b1 + b2) * mx + b3 * c.end.x,
    y: (b0 + b1) * c.start.y + (b2 + b3) * c.end.y,
  };
}

/** How far along its channel an element is at `time`: (time − sentAt)/(arrivesAt − sentAt), clamped to [0, 1]. */
export function flightFraction(f: Pick<InFlight, 'sentAt' | 'arrivesAt'>, time: number): number {
  const span = f.arrivesAt - f.sentAt;
  if (!(span > 0)) return time >= f.arrivesAt ? 1 : 0;
  return Math.min(1, Math.max(0, (time - f.sentAt) / span));
}

/**
 * Where an in-flight element is at `time`: the point at that fraction of the channel's length
 * (elements move at constant speed along the curve).
 */
export function recordPosition(c: ChannelGeom, f: Pick<InFlight, 'sentAt' | 'arrivesAt'>, time: number): Point {
  const table = arcTable(c);
  return pointOnChannel(c, paramAt(table, flightFraction(f, time) * table[SAMPLES]!));
}

/** Short text on a record's marker: its key, else a tuple's first field, else the value (truncated). */
export function recordLabel(r: StreamRecord): string {
  const v = r.key !== undefined ? r.key : Array.isArray(r.value) && r.value.length > 0 ? r.value[0]! : r.value;
  const s = formatValue(v);
  return s.length > 12 ? s.slice(0, 11) + '…' : s;
}

export interface PlacedElement {
  /** Stable key for keyed each blocks: `r<id>` or `e<channel>`. */
  key: string;
  channel: number;
  kind: 'record' | 'end';
  record: StreamRecord | null;
  /** Text on the marker (`recordLabel`, or `EOP`) and the marker's width. */
  label: string;
  width: number;
  sentAt: number;
  arrivesAt: number;
  /** (time − sentAt)/(arrivesAt − sentAt), clamped. */
  fraction: number;
  /** Where the marker is drawn (on the curve; lane offsets are applied by the view). */
  x: number;
  y: number;
  /**
   * Lane: 0 = on the line. Elements of one channel that would overlap form a train behind the head
   * (FIFO order stays visible); when the train reaches the producer, it continues in another lane.
   */
  lane: number;
}

/** Width of an element's marker at 11 px (pill with 7 px padding, or the EOP bar). */
export function markerWidth(label: string, kind: 'record' | 'end'): number {
  return kind === 'end' ? 24 : textWidth(label, 11) + 14;
}

/** Vertical offset of a lane: 0, +18, −18, +36, −36 … */
export const laneOffset = (lane: number) => (lane === 0 ? 0 : (lane % 2 === 1 ? 1 : -1) * Math.ceil(lane / 2) * 18);

const MAX_LANES = 5;
const SAMPLES = 32;

/** Cumulative arc length of the channel curve at u = i / SAMPLES. */
function arcTable(c: ChannelGeom): number[] {
  const table = [0];
  let prev = c.start;
  for (let i = 1; i <= SAMPLES; i++) {
    const p = pointOnChannel(c, i / SAMPLES);
    table.push(table[i - 1]! + Math.hypot(p.x - prev.x, p.y - prev.y));
    prev = p;
  }
  return table;
}

/** Curve parameter at arc length s (linear between samples). */
function paramAt(table: number[], s: number): number {
  if (s <= 0) return 0;
  for (let i = 1; i <= SAMPLES; i++) {
    if (table[i]! >= s) {
      const a = table[i - 1]!;
      const span = table[i]! - a;
      return (i - 1 + (span > 0 ? (s - a) / span : 0)) / SAMPLES;
    }
  }
  return 1;
}

/** Every in-flight element of the world, placed on its channel at `time` (a function of world and time only). */
export function placeInFlight(layout: GraphLayout, world: World, time: number): PlacedElement[] {
  const out: PlacedElement[] = [];
  for (const c of layout.channels) {
    const rt = world.channels[c.index];
    if (!rt || rt.inFlight.length === 0) continue;
    const table = arcTable(c);
    const length = table[SAMPLES]!;
    // Per lane: the arc position and width of its last (rearmost) marker.
    const lanes: { s: number; w: number }[] = [];
    for (const f of rt.inFlight) {
      const record = f.element.kind === 'record' ? f.element.record : null;
      const label = record ? recordLabel(record) : 'EOP';
      const width = markerWidth(label, f.element.kind);
      const fraction = flightFraction(f, time);
      const natural = fraction * length;
      let lane = -1;
      let s = natural;
      for (let i = 0; i < lanes.length; i++) {
        const l = lanes[i]!;
        const cand = Math.min(natural, l.s - (l.w + width) / 2 - 3);
        if (cand >= 0) {
          lane = i;
          s = cand;
          break;
        }
      }
      if (lane < 0) {
        if (lanes.length < MAX_LANES) lane = lanes.push({ s: natural, w: width }) - 1;
        else lane = 0;
        s = natural;
      }
      lanes[lane] = { s, w: width };
      const p = pointOnChannel(c, paramAt(table, s));
      out.push({
        key: record ? `r${record.id}` : `e${c.index}`,
        channel: c.index,
        kind: f.element.kind,
        record,
        label,
        width,
        sentAt: f.sentAt,
        arrivesAt: f.arrivesAt,
        fraction,
        x: p.x,
        y: p.y,
        lane,
      });
    }
  }
  return out;
}
