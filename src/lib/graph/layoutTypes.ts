/**
 * The data a graph layout is made of, as plain numbers (no DOM): boxes and curves of the stream
 * level (one box per StreamNode), of the job level (one box per JobVertex, one curve per JobEdge)
 * and of the execution level (vertices with a row per subtask, and one curve per channel).
 * `streamLayout.ts` and `jobLayout.ts` produce them; the views draw them.
 */
import type { PartitionerKind } from '../../sim/graph/types.ts';
import type { OperatorType } from '../../sim/scenario/Scenario.ts';

/**
 * Which graph is drawn: the StreamGraph (operators), the JobGraph (chains as job vertices, JobEdges
 * with their partitioner and result partition type) or the ExecutionGraph (each chain's parallel
 * subtasks, and one channel per producer/consumer pair).
 */
export type Level = 'stream' | 'job' | 'execution';
export const LEVELS: readonly Level[] = ['stream', 'job', 'execution'];

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

/** Execution level: one row per parallel subtask inside its vertex. */
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

/** Job and execution levels: one box per JobVertex (an operator chain); subtask rows at the execution level only. */
export interface VertexBox extends Box {
  id: string;
  name: string;
  operators: { id: string; name: string; keyed: boolean }[];
  parallelism: number;
  /** Height of the header with the chain's operator names. */
  headerHeight: number;
  /** Execution level only (empty at the job level). */
  subtasks: SubtaskBox[];
}

/**
 * Job and execution levels: a JobEdge's label (partitioner, and the result partition type it
 * produces); at the job level also its curve, through dagre's points.
 */
export interface JobEdgeGeom {
  index: number;
  source: string;
  target: string;
  partitioner: PartitionerKind;
  resultPartitionType: 'PIPELINED_BOUNDED' | 'BLOCKING';
  /** BLOCKING result: the consumer reads it once the producer has finished (drawn dashed). */
  blocking: boolean;
  /** Centre of the label. */
  label: Point;
  /** Size of the label's box. */
  labelWidth: number;
  labelHeight: number;
  /** Job level: the edge's curve (empty at the execution level, where channels are drawn instead). */
  points: Point[];
}

/** Execution level: one channel (producer subtask → consumer subtask) drawn as a horizontal link curve. */
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
  /** The channel's JobEdge produces a BLOCKING result (drawn dashed). */
  blocking: boolean;
}

/**
 * A laid-out graph: the stream level fills `nodes` and `edges`; the job level `vertices` and
 * `jobEdges`; the execution level `vertices` (with subtasks), `jobEdges` (labels only), `channels`
 * and `subtasks`.
 */
export interface GraphLayout {
  level: Level;
  width: number;
  height: number;
  /** Stream level only (empty at job level). */
  nodes: NodeBox[];
  edges: EdgeGeom[];
  /** Job and execution levels (empty at the stream level). */
  vertices: VertexBox[];
  jobEdges: JobEdgeGeom[];
  /** Execution level only. */
  channels: ChannelGeom[];
  /** All subtask boxes by task index (execution level only). */
  subtasks: SubtaskBox[];
}
