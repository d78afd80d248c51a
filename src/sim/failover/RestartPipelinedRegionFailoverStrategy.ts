/**
 * `region` failover (reference §4): restart the failed task's pipelined region, the producer
 * regions of unavailable inputs, and every downstream consumer region, transitively.
 * flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/failover/RestartPipelinedRegionFailoverStrategy.java
 */
import {
  isReconsumable,
  type SchedulingResultPartition,
  type SchedulingTopology,
} from '../scheduler/SchedulingTopology.ts';
import type { FailoverView, FailureCause } from './FailoverStrategy.ts';

/**
 * `RegionFailoverResultPartitionAvailabilityChecker.isAvailable`: not the partition named by the
 * PartitionException, tracked by the partition tracker, and re-consumable or PIPELINED_APPROXIMATE.
 */
export function isPartitionAvailable(
  partition: SchedulingResultPartition,
  cause: FailureCause,
  view: FailoverView,
): boolean {
  return (
    partition.id !== cause.failedPartition && // markResultPartitionFailed(PartitionException.getPartitionId())
    (view.isPartitionTracked?.(partition.id) ?? true) && // resultPartitionAvailabilityChecker.isAvailable
    (isReconsumable(partition.type) || partition.type === 'PIPELINED_APPROXIMATE') // isResultPartitionIsReConsumableOrPipelinedApproximate
  );
}

/**
 * `RestartPipelinedRegionFailoverStrategy.getTasksNeedingRestart`: the vertices of all involved
 * regions whose state is not CREATED, in topological order.
 */
export function regionTasksNeedingRestart(
  topology: SchedulingTopology,
  regions: string[][],
  failedVertex: string,
  cause: FailureCause,
  view: FailoverView,
): string[] {
  const regionOf = new Map<string, number>();
  regions.forEach((region, index) => region.forEach((v) => regionOf.set(v, index)));
  const regionIndexOf = (vertex: string): number => {
    const index = regionOf.get(vertex);
    // getTasksNeedingRestart: "Can not find the failover region for task " + executionVertexId
    if (index === undefined) throw new Error(`Can not find the failover region for task ${vertex}`);
    return index;
  };

  const consumed = new Map<string, SchedulingResultPartition[]>();
  const produced = new Map<string, SchedulingResultPartition[]>();
  for (const p of topology.partitions) {
    push(produced, p.producer, p);
    for (const c of p.consumers) push(consumed, c, p);
  }

  // getRegionsToRestart: BFS over regions starting with the failed one.
  const failedRegion = regionIndexOf(failedVertex);
  const visited = new Set<number>([failedRegion]);
  const queue: number[] = [failedRegion];
  const visitedConsumedPartitions = new Set<string>();
  const visitedProducedPartitions = new Set<string>();
  const visit = (region: number) => {
    if (!visited.has(region)) {
      visited.add(region);
      queue.push(region);
    }
  };
  for (let head = 0; head < queue.length; head++) {
    const region = regions[queue[head]!] ?? [];
    for (const vertex of region) {
      // "if a needed input result partition is not available, its producer region is involved"
      for (const p of consumed.get(vertex) ?? []) {
        if (visitedConsumedPartitions.has(p.id)) continue;
        visitedConsumedPartitions.add(p.id);
        if (!isPartitionAvailable(p, cause, view)) visit(regionIndexOf(p.producer));
      }
    }
    for (const vertex of region) {
      // "all consumer regions of an involved region should be involved"
      for (const p of produced.get(vertex) ?? []) {
        if (visitedProducedPartitions.has(p.id)) continue;
        visitedProducedPartitions.add(p.id);
        for (const consumer of p.consumers) visit(regionIndexOf(consumer));
      }
    }
  }

  const involved = new Set<string>();
  for (const index of visited) for (const v of regions[index] ?? []) involved.add(v);
  // 1.20: "we do not need to restart tasks which are already in the initial state" (state != CREATED).
  return topology.vertices.map((v) => v.id).filter((id) => involved.has(id) && view.state(id) !== 'CREATED');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
