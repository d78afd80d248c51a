/**
 * `full` failover: every vertex restarts, whatever failed and whatever its state.
 * flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/failover/RestartAllFailoverStrategy.java
 */
import type { SchedulingTopology } from '../scheduler/SchedulingTopology.ts';

/** `RestartAllFailoverStrategy.getTasksNeedingRestart`: all vertices, in topological order. */
export function restartAllTasksNeedingRestart(topology: SchedulingTopology): string[] {
  // RestartAllFailoverStrategy.java: topology.getVertices() mapped to ids; no state filter.
  return topology.vertices.map((v) => v.id);
}
