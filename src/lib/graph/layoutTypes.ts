/**
 * The data a graph layout is made of, as plain numbers (no DOM): boxes and curves of the stream
 * level (one box per StreamNode) and of the job level (vertices with a row per subtask, and one
 * curve per channel). `streamLayout.ts` and `jobLayout.ts` produce them; the views draw them.
 */
import type { PartitionerKind } from '../../sim/graph/types.ts';
import type { OperatorType } from '../../sim/scenario/Scenario.ts';

/** Which graph is drawn: the StreamGraph (operators) or the JobGraph (chains and their subtasks). */
export type Level = 'stream' | 'job';

/** A point in the layout's coordinates (px). */
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

/** Stream level: one curve per StreamEdge (with its partitioner; chaining is the job level's). */
export interface EdgeGeom {
  index: number;
  source: string;
  target: string;
  partitioner: PartitionerKind;
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

/** A laid-out graph: the stream level fills `nodes` and `edges`, the job level the rest. */
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
