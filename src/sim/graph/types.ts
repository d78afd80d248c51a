/**
 * The three graphs Flink builds from a program, as plain data:
 * StreamGraph (one node per operator) → JobGraph (chained operators = JobVertex)
 * → ExecutionGraph (one task per parallel subtask, one channel per producer/consumer pair).
 */
import type { FieldRef, OperatorSpec } from '../scenario/Scenario.ts';

/** Flink's `ChainingStrategy` (flink-streaming-java/.../operators/ChainingStrategy.java). */
export type ChainingStrategy = 'ALWAYS' | 'NEVER' | 'HEAD' | 'HEAD_WITH_SOURCES';

/** A partitioner as Flink's `toString()` names it. */
export type PartitionerKind = 'FORWARD' | 'REBALANCE' | 'RESCALE' | 'SHUFFLE' | 'BROADCAST' | 'GLOBAL' | 'HASH';

/** `DistributionPattern`: pointwise for FORWARD and RESCALE, all-to-all otherwise. */
export type DistributionPattern = 'POINTWISE' | 'ALL_TO_ALL';

/** One operator of the program (Flink's StreamNode), with its resolved parallelism and chaining strategy. */
export interface StreamNode {
  id: string;
  /** Flink's display name (`Source: Words`, `Flat Map`, `Keyed Aggregation`, `Sink: Print to Std. Out`). */
  name: string;
  spec: OperatorSpec;
  parallelism: number;
  /** Max parallelism (number of key groups) used for state and for keyBy into this node. */
  maxParallelism: number;
  chainingStrategy: ChainingStrategy;
  slotSharingGroup: string;
  /** True for operators with keyed state (`sum`, `reduce` …). */
  keyed: boolean;
}

/** A StreamGraph edge: how records go from one operator to the next (Flink's StreamEdge). */
export interface StreamEdge {
  /** Index in `StreamGraph.edges`. */
  index: number;
  source: string;
  target: string;
  partitioner: PartitionerKind;
  /** The key selector, for HASH edges. */
  keyBy?: FieldRef;
  /** 1 or 2: which input of a two-input operator the edge feeds (Flink's StreamEdge.typeNumber); 0 for one-input operators. */
  typeNumber: number;
  /** The side output this edge reads (`getSideOutput(tag)`); main output when absent. */
  outputTag?: string;
  /** True when no partitioner was given and Flink picked one (forward or rebalance). */
  defaulted: boolean;
  /** StreamExchangeMode: UNDEFINED unless the program set `pipelined` or `batch` on the edge. */
  exchangeMode: 'UNDEFINED' | 'PIPELINED' | 'BATCH';
}

/** The program as a graph, before chaining. */
export interface StreamGraph {
  nodes: StreamNode[];
  edges: StreamEdge[];
  chainingEnabled: boolean;
  /** `execution.runtime-mode`: BATCH makes every UNDEFINED exchange BLOCKING and gives each pipelined region its own slot sharing group. */
  runtimeMode: 'STREAMING' | 'BATCH';
}

/** Why an edge was or was not chained: the first rule of `isChainable` (§6.1) that failed. */
export interface ChainDecision {
  edge: number;
  chained: boolean;
  /** Machine-readable rule name, e.g. `partitioner`, `parallelism`, `slotSharingGroup`. */
  rule: ChainRule;
  /** One sentence for learners, e.g. "HASH is not FORWARD: records change subtask". */
  reason: string;
}
export type ChainRule =
  | 'chained'
  | 'multipleInputs'
  | 'chainingDisabled'
  | 'slotSharingGroup'
  | 'upstreamNever'
  | 'downstreamNeverOrHead'
  | 'parallelism'
  | 'partitioner'
  | 'exchangeMode';

/** A chain of operators that runs as one task per subtask (Flink's JobVertex). */
export interface JobVertex {
  /** The chain head's operator id. */
  id: string;
  /** Operator names joined by ` -> `, as Flink names chained tasks. */
  name: string;
  /** Operator ids in chain order (head first). */
  operators: string[];
  parallelism: number;
  maxParallelism: number;
  slotSharingGroup: string;
}

/** A non-chained StreamEdge between two JobVertices, with its distribution pattern (Flink's JobEdge). */
export interface JobEdge {
  index: number;
  source: string;
  target: string;
  /** The StreamEdge this JobEdge comes from. */
  streamEdge: number;
  partitioner: PartitionerKind;
  keyBy?: FieldRef;
  pattern: DistributionPattern;
  /** PIPELINED_BOUNDED for pipelined exchanges, BLOCKING for batch ones (StreamingJobGraphGenerator.getResultPartitionType). */
  resultPartitionType: 'PIPELINED_BOUNDED' | 'BLOCKING';
}

/** The chained graph, in topological order, with the chaining decision of every StreamEdge. */
export interface JobGraph {
  vertices: JobVertex[];
  edges: JobEdge[];
  chainDecisions: ChainDecision[];
}

/** One parallel subtask of a JobVertex. */
export interface TaskPlan {
  /** Index in `ExecutionPlan.tasks`. */
  index: number;
  /** `<vertexId>/<subtask>`, e.g. `source/0`. */
  id: string;
  vertex: string;
  subtask: number;
  parallelism: number;
  /** Flink's task name: `Source: Words -> Flat Map (1/2)`. */
  name: string;
  operators: string[];
  /** Input channel indices, in (job edge, producer subtask) order. */
  inputs: number[];
  /** One entry per outgoing JobEdge: the channels in the partitioner's channel order. */
  outputs: { edge: number; channels: number[] }[];
}

/** A FIFO channel from one producer subtask to one consumer subtask. */
export interface ChannelPlan {
  index: number;
  /** `<edge>:<from task id>-><to task id>`. */
  id: string;
  edge: number;
  from: number;
  to: number;
}

/** Every parallel task and every channel between them. */
export interface ExecutionPlan {
  tasks: TaskPlan[];
  channels: ChannelPlan[];
}

/** Everything derived from a scenario before it runs (never changes during a run). */
export interface JobPlan {
  streamGraph: StreamGraph;
  jobGraph: JobGraph;
  execution: ExecutionPlan;
}
