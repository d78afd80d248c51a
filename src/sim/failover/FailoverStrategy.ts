/**
 * Failover strategies: which tasks restart when one task fails (reference §4).
 * Interface after flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/failover/FailoverStrategy.java;
 * the strategy is chosen by `jobmanager.execution.failover-strategy`
 * (flink-core/src/main/java/org/apache/flink/configuration/JobManagerOptions.java, default `region`).
 */
import type { ExecutionState } from '../runtime/ExecutionState.ts';
import type { SchedulingTopology } from '../scheduler/SchedulingTopology.ts';
import { restartAllTasksNeedingRestart } from './RestartAllFailoverStrategy.ts';
import { regionTasksNeedingRestart } from './RestartPipelinedRegionFailoverStrategy.ts';

/** `jobmanager.execution.failover-strategy`: `region` (default) or `full`. */
export type FailoverStrategyName = 'region' | 'full';

/** The default of `jobmanager.execution.failover-strategy` (JobManagerOptions.EXECUTION_FAILOVER_STRATEGY). */
export const DEFAULT_FAILOVER_STRATEGY: FailoverStrategyName = 'region';

/** What the failover strategy may ask about the running job. */
export interface FailoverView {
  /** Current ExecutionState of a vertex (its current execution attempt). */
  state(vertex: string): ExecutionState;
  /** Partition tracker: the partition exists (default true when omitted). */
  isPartitionTracked?(partition: string): boolean;
}

/** What caused the failure: a PartitionException names the partition that became unavailable. */
export interface FailureCause {
  failedPartition?: string;
}

/**
 * `RestartAllFailoverStrategy` / `RestartPipelinedRegionFailoverStrategy.getTasksNeedingRestart`;
 * result in topological order. `regions` are the execution-level pipelined regions.
 * Throws when the region strategy finds no region for `failedVertex` (as Flink does).
 */
export function getTasksNeedingRestart(
  strategy: FailoverStrategyName,
  topology: SchedulingTopology,
  regions: string[][],
  failedVertex: string,
  cause: FailureCause,
  view: FailoverView,
): string[] {
  switch (strategy) {
    case 'full':
      return restartAllTasksNeedingRestart(topology);
    case 'region':
      return regionTasksNeedingRestart(topology, regions, failedVertex, cause, view);
  }
}
