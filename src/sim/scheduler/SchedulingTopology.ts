/**
 * The execution-level topology the scheduler, the failover strategies and the slot sharing
 * strategy work on: plain data, in the spirit of Flink's `SchedulingTopology`
 * (flink-runtime/.../scheduler/strategy/SchedulingTopology.java) and `TestingSchedulingTopology`.
 * Every function over it is pure; the runtime builds one topology per run from the JobPlan.
 */

/** flink-runtime/.../io/network/partition/ResultPartitionType.java */
export type ResultPartitionType =
  | 'PIPELINED'
  | 'PIPELINED_BOUNDED'
  | 'PIPELINED_APPROXIMATE'
  | 'BLOCKING'
  | 'BLOCKING_PERSISTENT'
  | 'HYBRID_FULL'
  | 'HYBRID_SELECTIVE';

/** `ResultPartitionType.mustBePipelinedConsumed()`: PIPELINED and PIPELINED_BOUNDED. */
export const mustBePipelinedConsumed = (t: ResultPartitionType) => t === 'PIPELINED' || t === 'PIPELINED_BOUNDED';
/** `canBePipelinedConsumed()`: every pipelined type and the hybrid ones. */
export const canBePipelinedConsumed = (t: ResultPartitionType) =>
  t === 'PIPELINED' || t === 'PIPELINED_BOUNDED' || t === 'PIPELINED_APPROXIMATE' || t === 'HYBRID_FULL' || t === 'HYBRID_SELECTIVE';
/** `isReconsumable()`: BLOCKING, BLOCKING_PERSISTENT and HYBRID_FULL. */
export const isReconsumable = (t: ResultPartitionType) => t === 'BLOCKING' || t === 'BLOCKING_PERSISTENT' || t === 'HYBRID_FULL';

/** One ExecutionVertex: a subtask of a job vertex. */
export interface SchedulingVertex {
  /** Unique id, e.g. `map/1` (the runtime uses task ids). */
  id: string;
  /** The job vertex it belongs to. */
  jobVertex: string;
  subtask: number;
}

/** One result partition: what one producer subtask writes for one IntermediateDataSet. */
export interface SchedulingResultPartition {
  /** Unique id. */
  id: string;
  /** The IntermediateDataSet (one per JobEdge) it belongs to. */
  dataSet: string;
  /** Producer vertex id. */
  producer: string;
  type: ResultPartitionType;
  /** Consumer vertex ids. */
  consumers: string[];
}

/**
 * Vertices in topological order (the order Flink iterates them), and every result partition.
 * A ConsumedPartitionGroup is derived: the partitions of one data set consumed by exactly the same
 * consumer vertices.
 */
export interface SchedulingTopology {
  vertices: SchedulingVertex[];
  partitions: SchedulingResultPartition[];
}

/** `ResultPartitionState` (1.20): CREATED, or ALL_DATA_PRODUCED once the producer FINISHED. */
export type ResultPartitionState = 'CREATED' | 'ALL_DATA_PRODUCED';
