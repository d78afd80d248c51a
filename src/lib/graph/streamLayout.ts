/**
 * Stream-level layout: one box per StreamNode (operator), its name wrapped onto one or two lines,
 * and one curve per StreamEdge labelled with its partitioner. Chaining is not part of the
 * StreamGraph (the JobGraph generator decides it later), so the stream level does not show it.
 */
import { layout as dagreLayout } from '@dagrejs/dagre';
import { line, curveBasis } from 'd3-shape';
import type { JobPlan } from '../../sim/graph/types.ts';
import { LAYOUT, newGraph, textWidth } from './geometry.ts';
import type { EdgeGeom, GraphLayout, NodeBox, Point } from './layoutTypes.ts';

/** The JobVertex (chain) of each operator. */
function vertexOf(plan: JobPlan): Map<string, string> {
  const m = new Map<string, string>();
  for (const v of plan.jobGraph.vertices) for (const op of v.operators) m.set(op, v.id);
  return m;
}

/** Wraps a long operator name onto two lines: after a `Source:`/`Sink:` prefix, else at a space. */
export function wrapName(name: string, max: number = LAYOUT.nodeWrap): string[] {
  if (name.length <= max) return [name];
  const colon = name.indexOf(': ');
  if (colon > 0 && colon < max) return [name.slice(0, colon + 1), name.slice(colon + 2)];
  const cut = name.lastIndexOf(' ', max);
  return cut > 0 ? [name.slice(0, cut), name.slice(cut + 1)] : [name];
}

/** The stream level: operators left to right, placed by dagre. */
export function layoutStream(plan: JobPlan): GraphLayout {
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
  for (const e of plan.streamGraph.edges) {
    // Label: the partitioner.
    const width = Math.max(LAYOUT.edgeLabelMinWidth, textWidth(e.partitioner, 13) * 1.15 + 18);
    g.setEdge(e.source, e.target, { width, height: LAYOUT.edgeLabelHeight, labelpos: 'c' }, String(e.index));
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
    const points = (d.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return {
      index: e.index,
      source: e.source,
      target: e.target,
      partitioner: e.partitioner,
      points,
      label: { x: d.x ?? mid.x, y: d.y ?? mid.y },
    };
  });
  const size = g.graph() as { width?: number; height?: number };
  return { level: 'stream', width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges, vertices: [], jobEdges: [], channels: [], subtasks: [] };
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
