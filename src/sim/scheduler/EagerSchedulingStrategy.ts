/**
 * EagerSchedulingStrategy (ScheduleMode.EAGER, streaming), legacy: removed in Flink 1.13 by
 * FLINK-20593 (reference §3.3). Deploys every vertex in one bulk; a restart deploys the given set
 * in one bulk. Read from flink-runtime/src/main/java/org/apache/flink/runtime/scheduler/strategy/
 * EagerSchedulingStrategy.java at 774e6a334b05^.
 */
import { prepareTopology, type PreparedTopology } from './PipelinedRegionComputeUtil.ts';
import type { Bulk, SchedulingStrategy } from './SchedulingStrategy.ts';

/** The eager strategy keeps no state. */
export type EagerSchedulingState = Record<string, never>;

/** `createExecutionVertexDeploymentOptionsInTopologicalOrder`: the given ids in topology order, one bulk. */
function inTopologicalOrder(p: PreparedTopology, vertices: Iterable<string>): Bulk[] {
  const wanted = new Set(vertices);
  for (const v of wanted) if (!p.vertexIndex.has(v)) throw new Error(`unknown vertex '${v}'`);
  const bulk = p.topology.vertices.map((v) => v.id).filter((id) => wanted.has(id));
  return bulk.length > 0 ? [bulk] : [];
}

/** Legacy eager scheduling: all at once (label: Flink ≤ 1.12). */
export const EagerSchedulingStrategy: SchedulingStrategy<EagerSchedulingState> = {
  name: 'eager',
  versions: { since: '1.0', removed: '1.13' },
  prepare: (topology) => prepareTopology(topology),
  initialState: () => ({}),
  startScheduling: (p) => inTopologicalOrder(p, p.vertexIndex.keys()),
  restartTasks: (p, _s, vertices) => inTopologicalOrder(p, vertices),
  onExecutionStateChange: () => [],
  onPartitionConsumable: () => [],
};
