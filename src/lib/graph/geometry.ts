/**
 * What the graph layouts share: their measures (`LAYOUT`), text widths without a DOM, the dagre
 * graph both levels start from (rankdir LR, like the Flink Web UI's `components/dagre/graph.ts`),
 * and the viewBox a view scales to its pane.
 */
import { Graph } from '@dagrejs/dagre';
import type { Box, GraphLayout } from './layoutTypes.ts';

/** Measures of the graph levels (px). */
export const LAYOUT = {
  margin: 24,
  /**
   * dagre halves ranksep on graphs with edge labels (labels get ranks of their own), so boxes end
   * up ranksep + label width apart: 40 + ≥ 72 keeps them ~110–130 px apart (the Web UI uses 150
   * without labels; narrower keeps the stream graph legible in a ~900 px panel).
   */
  streamRanksep: 40,
  edgeLabelMinWidth: 72,
  /** Execution level: room for the channels between the vertices (labels are placed above them). */
  jobRanksep: 170,
  /** Job level: dagre places the two-line edge labels, which get ranks of their own (see streamRanksep). */
  jobGraphRanksep: 80,
  jobVertexMinWidth: 180,
  jobEdgeLabelHeight: 36,
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

/** An empty left-to-right dagre graph with the given rank separation. */
export function newGraph(ranksep: number): Graph {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ranker: 'network-simplex', ranksep, nodesep: LAYOUT.nodesep, marginx: LAYOUT.margin, marginy: LAYOUT.margin });
  g.setDefaultEdgeLabel(() => ({}));
  return g;
}

/** Extra room around dagre's box (which has LAYOUT.margin already) for outlines and rings. */
export const VIEW_PAD = 6;

/**
 * The viewBox of a graph view: the whole layout with margins. The view scales it uniformly to its
 * pane (preserveAspectRatio meet), so nothing is ever clipped.
 */
export function graphViewBox(layout: Pick<GraphLayout, 'width' | 'height'> & { level?: GraphLayout['level'] }): Box {
  const legend = layout.level === 'execution' ? LEGEND_HEIGHT : 0;
  return { x: -VIEW_PAD, y: -VIEW_PAD, width: layout.width + 2 * VIEW_PAD, height: layout.height + legend + 2 * VIEW_PAD };
}

/** The execution level's key (backpressure colours, barriers, persisted and replayed records) below the graph. */
export const LEGEND_HEIGHT = 18;
