/**
 * The common shape of the scheduling strategies (flink-runtime/.../scheduler/strategy/
 * SchedulingStrategy.java): pure functions that read the world through a `SchedulingView`, mutate
 * their own JSON state and return the bulks to deploy now. The caller applies every bulk
 * (vertices → SCHEDULED) before it calls the strategy again, as Flink's
 * `SchedulerOperations.allocateSlotsAndDeploy` does synchronously.
 */
import type { ExecutionState } from '../runtime/ExecutionState.ts';
import { EagerSchedulingStrategy } from './EagerSchedulingStrategy.ts';
import { LazyFromSourcesSchedulingStrategy } from './LazyFromSourcesSchedulingStrategy.ts';
import { PipelinedRegionSchedulingStrategy } from './PipelinedRegionSchedulingStrategy.ts';
import type { PreparedTopology } from './PipelinedRegionComputeUtil.ts';
import type { ResultPartitionState, SchedulingTopology } from './SchedulingTopology.ts';

export type { PreparedTopology } from './PipelinedRegionComputeUtil.ts';

export type SchedulingStrategyName = 'pipelined-region' | 'eager' | 'lazy-from-sources';

/** What a strategy reads of the world (never writes). */
export interface SchedulingView {
  state(vertex: string): ExecutionState;
  /** 1.20 semantics: ALL_DATA_PRODUCED once the producer subtask FINISHED. */
  partitionState(partition: string): ResultPartitionState;
  /** Legacy lazy strategy (1.12): a PIPELINED partition is consumable once it has produced data. */
  isPipelinedConsumable(partition: string): boolean;
}

/** A bulk = one allocateSlotsAndDeploy call: vertex ids in topological order. */
export type Bulk = string[];

/** One scheduling strategy; `S` is its mutable, JSON-serializable state. */
export interface SchedulingStrategy<S> {
  name: SchedulingStrategyName;
  /** Flink versions, for labels: e.g. { since: '1.12', removed: null } or { since: '1.0', removed: '1.13' }. */
  versions: { since: string; removed: string | null };
  /** Precompute static data (regions, consumer maps …) from the topology; never serialized. */
  prepare(topology: SchedulingTopology): PreparedTopology;
  /** Mutable strategy state: plain JSON data (it lives in the serializable world). */
  initialState(prepared: PreparedTopology): S;
  startScheduling(p: PreparedTopology, state: S, view: SchedulingView): Bulk[];
  restartTasks(p: PreparedTopology, state: S, vertices: string[], view: SchedulingView): Bulk[];
  onExecutionStateChange(p: PreparedTopology, state: S, vertex: string, newState: ExecutionState, view: SchedulingView): Bulk[];
  onPartitionConsumable(p: PreparedTopology, state: S, partition: string, view: SchedulingView): Bulk[];
}

/** Every strategy by name; the legacy ones use their defaults (lazy: InputDependencyConstraint ANY). */
export const SCHEDULING_STRATEGIES: Record<SchedulingStrategyName, SchedulingStrategy<any>> = {
  'pipelined-region': PipelinedRegionSchedulingStrategy,
  eager: EagerSchedulingStrategy,
  'lazy-from-sources': LazyFromSourcesSchedulingStrategy,
};
