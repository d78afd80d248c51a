/**
 * Layouts of the chained graphs:
 * - the job level (JobGraph): one box per JobVertex (an operator chain) with its operators' names and
 *   parallelism, and one curve per JobEdge labelled with its partitioner and the result partition
 *   type it produces (BLOCKING edges are drawn dashed);
 * - the execution level (ExecutionGraph): the same boxes with a row per parallel subtask below the
 *   names, a label per JobEdge, and one curve per channel (producer subtask → consumer subtask), its
 *   ends spread over the middle of the subtask boxes.
 */
import { layout as dagreLayout } from '@dagrejs/dagre';
import { linkHorizontal } from 'd3-shape';
import type { JobEdge, JobPlan, StreamNode } from '../../sim/graph/types.ts';
import { LAYOUT, newGraph, textWidth } from './geometry.ts';
import type { ChannelGeom, GraphLayout, JobEdgeGeom, Point, SubtaskBox, VertexBox } from './layoutTypes.ts';

/** The lines of a JobEdge's label: its partitioner, then its result partition type. */
export function jobEdgeLines(e: Pick<JobEdge, 'partitioner' | 'resultPartitionType'>): [string, string] {
  return [e.partitioner, e.resultPartitionType];
}

/** Size of a JobEdge's label box (bold upper case runs ~15 % wider than textWidth's average). */
function labelSize(e: JobEdge, twoLines: boolean): { width: number; height: number } {
  const [a, b] = jobEdgeLines(e);
  if (!twoLines) return { width: Math.max(72, Math.ceil(textWidth(a, 12) * 1.15) + 16), height: 20 };
  const w = Math.max(textWidth(a, 12) * 1.15, textWidth(b, 11) * 1.1);
  return { width: Math.max(LAYOUT.edgeLabelMinWidth, Math.ceil(w) + 16), height: LAYOUT.jobEdgeLabelHeight };
}

/** The job level: vertices without subtasks, and the JobEdges between them (dagre routes and labels them). */
export function layoutJob(plan: JobPlan): GraphLayout {
  return layoutChains(plan, false);
}

/** The execution level: vertices left to right, placed by dagre, with their subtasks and channels. */
export function layoutExecution(plan: JobPlan): GraphLayout {
  return layoutChains(plan, true);
}

function layoutChains(plan: JobPlan, withSubtasks: boolean): GraphLayout {
  const g = newGraph(withSubtasks ? LAYOUT.jobRanksep : LAYOUT.jobGraphRanksep);
  const node = new Map<string, StreamNode>(plan.streamGraph.nodes.map((n) => [n.id, n]));
  const P = LAYOUT.vertexPad;
  const dims = new Map<string, { width: number; height: number; header: number }>();
  for (const v of plan.jobGraph.vertices) {
    const names = v.operators.map((id, i) => (i === 0 ? '' : '→ ') + (node.get(id)?.name ?? id));
    const width = Math.max(withSubtasks ? LAYOUT.vertexMinWidth : LAYOUT.jobVertexMinWidth, ...names.map((s) => textWidth(s, 13) + 2 * P + 16));
    // operator lines + the "parallelism: n" line
    const header = 8 + LAYOUT.operatorLine * (v.operators.length + 1) + 6;
    const height = withSubtasks ? header + v.parallelism * (LAYOUT.subtaskHeight + LAYOUT.subtaskGap) + P - LAYOUT.subtaskGap : header + 4;
    dims.set(v.id, { width, height, header });
    g.setNode(v.id, { width, height });
  }
  for (const e of plan.jobGraph.edges) {
    // The job level lets dagre place the labels (they get ranks of their own); the execution level
    // puts them above the channels itself.
    g.setEdge(e.source, e.target, withSubtasks ? {} : { ...labelSize(e, true), labelpos: 'c' }, String(e.index));
  }
  dagreLayout(g);

  const tasksOf = new Map<string, typeof plan.execution.tasks>();
  if (withSubtasks) {
    for (const t of plan.execution.tasks) {
      const list = tasksOf.get(t.vertex) ?? [];
      list.push(t);
      tasksOf.set(t.vertex, list);
    }
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

  const blockingEdge = new Set(plan.jobGraph.edges.filter((e) => e.resultPartitionType === 'BLOCKING').map((e) => e.index));
  const channels: ChannelGeom[] = [];
  if (withSubtasks) {
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
    for (const c of plan.execution.channels) {
      const a = subtasks[c.from]!;
      const b = subtasks[c.to]!;
      channels.push({
        index: c.index,
        id: c.id,
        edge: c.edge,
        from: c.from,
        to: c.to,
        start: { x: a.x + a.width, y: spread(a, outIndex.get(c.index)) },
        end: { x: b.x, y: spread(b, inIndex.get(c.index)) },
        blocking: blockingEdge.has(c.edge),
      });
    }
  }

  const vbox = new Map(vertices.map((v) => [v.id, v]));
  const jobEdges: JobEdgeGeom[] = plan.jobGraph.edges.map((e) => {
    const s = vbox.get(e.source)!;
    const t = vbox.get(e.target)!;
    const size = labelSize(e, !withSubtasks || blockingEdge.has(e.index));
    const common = {
      index: e.index,
      source: e.source,
      target: e.target,
      partitioner: e.partitioner,
      resultPartitionType: e.resultPartitionType,
      blocking: blockingEdge.has(e.index),
      labelWidth: size.width,
      labelHeight: size.height,
    };
    if (withSubtasks) {
      return { ...common, label: { x: (s.x + s.width + t.x) / 2, y: Math.min(s.y, t.y) + 4 + size.height / 2 }, points: [] };
    }
    const d = g.edge(e.source, e.target, String(e.index)) as { points?: Point[]; x?: number; y?: number };
    const points = (d.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return { ...common, label: { x: d.x ?? mid.x, y: d.y ?? mid.y }, points };
  });
  const size = g.graph() as { width?: number; height?: number };
  return {
    level: withSubtasks ? 'execution' : 'job',
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    nodes: [],
    edges: [],
    vertices,
    jobEdges,
    channels,
    subtasks,
  };
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
