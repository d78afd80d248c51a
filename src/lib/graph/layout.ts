/**
 * Geometry of the graph views, as plain numbers (no DOM): dagre places the boxes left to right like
 * the Flink Web UI (`components/dagre/graph.ts`: rankdir LR, ranksep 150). This module is the entry
 * point the views and tests import; the work is done in:
 *
 * - `layoutTypes.ts`: the boxes, curves and points a layout is made of;
 * - `geometry.ts`: shared measures, text widths, the dagre graph, the view's viewBox;
 * - `streamLayout.ts`: the stream level (operators and stream edges);
 * - `jobLayout.ts`: the job level (vertices and JobEdges) and the execution level (vertices, subtask
 *   rows, one curve per channel);
 * - `inFlight.ts`: where in-flight elements are, derived from their `sentAt`/`arrivesAt` and the
 *   current time, never stored.
 */
import type { JobPlan } from '../../sim/graph/types.ts';
import { layoutExecution, layoutJob } from './jobLayout.ts';
import type { GraphLayout, Level } from './layoutTypes.ts';
import { layoutStream } from './streamLayout.ts';

export type { Box, ChannelGeom, EdgeGeom, GraphLayout, JobEdgeGeom, Level, NodeBox, Point, SubtaskBox, VertexBox } from './layoutTypes.ts';
export { LEVELS } from './layoutTypes.ts';
export { LAYOUT, VIEW_PAD, graphViewBox, textWidth } from './geometry.ts';
export { edgePath, wrapName } from './streamLayout.ts';
export { channelPath, jobEdgeLines, pointOnChannel } from './jobLayout.ts';
export { flightFraction, laneOffset, markerWidth, placeInFlight, recordLabel, recordPosition, type PlacedElement } from './inFlight.ts';

/** The layout of one level of the job's graph. */
export function layoutGraph(plan: JobPlan, level: Level): GraphLayout {
  switch (level) {
    case 'stream':
      return layoutStream(plan);
    case 'job':
      return layoutJob(plan);
    case 'execution':
      return layoutExecution(plan);
  }
}
