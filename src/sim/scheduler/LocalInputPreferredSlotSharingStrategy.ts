/**
 * Slot sharing groups → execution slot sharing groups (ESSGs), one physical slot each (reference §7.1).
 * flink-runtime/src/main/java/org/apache/flink/runtime/scheduler/LocalInputPreferredSlotSharingStrategy.java
 * (release-1.20, `ExecutionSlotSharingGroupBuilder`); ESSG: .../scheduler/ExecutionSlotSharingGroup.java.
 */
import type { SchedulingResultPartition, SchedulingTopology, SchedulingVertex } from './SchedulingTopology.ts';

/** One ExecutionSlotSharingGroup: the subtasks that share one slot (at most one per job vertex). */
export interface ExecutionSlotSharingGroup {
  /** `essg-0`, `essg-1` … in creation order. */
  id: string;
  /** The (logical) SlotSharingGroup it belongs to. */
  slotSharingGroup: string;
  /** Execution vertex ids, in the order they were added. */
  vertices: string[];
}

/**
 * `ExecutionSlotSharingGroupBuilder.build`: job vertices in topological order; for each subtask
 * 1. the ESSG of its co-location constraint, 2. an available ESSG of a producer in the same
 * SlotSharingGroup, 3. any available ESSG of its SlotSharingGroup, 4. a new ESSG.
 * Returns the ESSGs in creation order.
 */
export function buildExecutionSlotSharingGroups(
  topology: SchedulingTopology,
  slotSharingGroupOf: (jobVertex: string) => string,
  coLocationGroupOf?: (jobVertex: string) => string | undefined,
): ExecutionSlotSharingGroup[] {
  const created: ExecutionSlotSharingGroup[] = [];
  const groupOfVertex = new Map<string, ExecutionSlotSharingGroup>();
  const constraintToGroup = new Map<string, ExecutionSlotSharingGroup>();
  // availableGroupsForJobVertex: LinkedHashSet per job vertex, in creation order.
  const availableGroups = new Map<string, Set<ExecutionSlotSharingGroup>>();
  // candidateGroupsForConsumedPartitionGroup, computed on first traversal.
  const candidateGroups = new Map<string, Set<ExecutionSlotSharingGroup>>();
  const partitionGroups = consumedPartitionGroups(topology);
  const producerJobVertex = new Map<string, string>();
  const verticesById = new Map(topology.vertices.map((v) => [v.id, v]));
  for (const p of topology.partitions) {
    const producer = verticesById.get(p.producer);
    if (producer) producerJobVertex.set(p.producer, producer.jobVertex);
  }

  // getExecutionVertices: job vertices in first-seen (topological) order.
  const byJobVertex = new Map<string, SchedulingVertex[]>();
  for (const v of topology.vertices) {
    const list = byJobVertex.get(v.jobVertex);
    if (list) list.push(v);
    else byJobVertex.set(v.jobVertex, [v]);
  }
  const jobVerticesOfSsg = new Map<string, string[]>();
  for (const jobVertex of byJobVertex.keys()) {
    const ssg = slotSharingGroupOf(jobVertex);
    jobVerticesOfSsg.set(ssg, [...(jobVerticesOfSsg.get(ssg) ?? []), jobVertex]);
  }
  const constraintOf = (v: SchedulingVertex): string | undefined => {
    const coLocationGroup = coLocationGroupOf?.(v.jobVertex);
    return coLocationGroup === undefined ? undefined : `${coLocationGroup}#${v.subtask}`;
  };
  const isAvailableFor = (group: ExecutionSlotSharingGroup, v: SchedulingVertex) =>
    availableGroups.get(v.jobVertex)?.has(group) ?? false;

  const addVertexToGroup = (v: SchedulingVertex, group: ExecutionSlotSharingGroup) => {
    group.vertices.push(v.id);
    groupOfVertex.set(v.id, group);
    availableGroups.get(v.jobVertex)?.delete(group); // no longer available for this job vertex
  };

  const tryFindProducerGroup = (v: SchedulingVertex): ExecutionSlotSharingGroup | undefined => {
    for (const group of partitionGroups.get(v.id) ?? []) {
      let candidates = candidateGroups.get(group.key);
      if (!candidates) {
        candidates = computeCandidates(v, group.partitions);
        candidateGroups.set(group.key, candidates);
      }
      // Every candidate looked at stops being a candidate, whether it is taken or not.
      for (const candidate of candidates) {
        candidates.delete(candidate);
        if (isAvailableFor(candidate, v)) return candidate;
      }
    }
    return undefined;
  };

  // computeAllCandidateGroupsForConsumedPartitionGroup: the producers' ESSGs, if the first
  // partition's producer job vertex is in the consumer's SlotSharingGroup.
  const computeCandidates = (consumer: SchedulingVertex, partitions: SchedulingResultPartition[]) => {
    const candidates = new Set<ExecutionSlotSharingGroup>();
    const first = partitions[0];
    const firstProducerJobVertex = first && producerJobVertex.get(first.producer);
    if (firstProducerJobVertex === undefined) return candidates;
    if (slotSharingGroupOf(firstProducerJobVertex) !== slotSharingGroupOf(consumer.jobVertex)) return candidates;
    for (const p of partitions) {
      const producerGroup = groupOfVertex.get(p.producer);
      if (!producerGroup) throw new Error(`No execution slot sharing group for producer ${p.producer}`);
      candidates.add(producerGroup);
    }
    return candidates;
  };

  const createGroup = (v: SchedulingVertex): ExecutionSlotSharingGroup => {
    const ssg = slotSharingGroupOf(v.jobVertex);
    const group: ExecutionSlotSharingGroup = { id: `essg-${created.length}`, slotSharingGroup: ssg, vertices: [] };
    created.push(group);
    // A new ESSG is available for every job vertex of its SlotSharingGroup.
    for (const jobVertex of jobVerticesOfSsg.get(ssg) ?? []) {
      const set = availableGroups.get(jobVertex) ?? new Set();
      set.add(group);
      availableGroups.set(jobVertex, set);
    }
    return group;
  };

  for (const executionVertices of byJobVertex.values()) {
    // tryFindOptimalAvailableExecutionSlotSharingGroupFor: co-location, then producer locality.
    const remaining: SchedulingVertex[] = [];
    for (const v of executionVertices) {
      const constraint = constraintOf(v);
      const group = (constraint !== undefined ? constraintToGroup.get(constraint) : undefined) ?? tryFindProducerGroup(v);
      if (group) addVertexToGroup(v, group);
      else remaining.push(v);
    }
    // findAvailableOrCreateNewExecutionSlotSharingGroupFor: first available, else a new one.
    for (const v of remaining) {
      const [firstAvailable] = availableGroups.get(v.jobVertex) ?? [];
      addVertexToGroup(v, firstAvailable ?? createGroup(v));
    }
    // updateConstraintToExecutionSlotSharingGroupMap
    for (const v of executionVertices) {
      const constraint = constraintOf(v);
      const group = groupOfVertex.get(v.id);
      if (constraint !== undefined && group) constraintToGroup.set(constraint, group);
    }
  }
  return created;
}

interface ConsumedPartitionGroup {
  key: string;
  partitions: SchedulingResultPartition[];
}

/**
 * Each vertex's ConsumedPartitionGroups, in the order of their first partition in the topology:
 * the partitions of one data set consumed by exactly the same consumer vertices.
 */
function consumedPartitionGroups(topology: SchedulingTopology): Map<string, ConsumedPartitionGroup[]> {
  const groups = new Map<string, ConsumedPartitionGroup>();
  const ofVertex = new Map<string, ConsumedPartitionGroup[]>();
  for (const p of topology.partitions) {
    const key = JSON.stringify([p.dataSet, [...p.consumers].sort()]);
    const existing = groups.get(key);
    if (existing) {
      existing.partitions.push(p);
      continue;
    }
    const group = { key, partitions: [p] };
    groups.set(key, group);
    for (const consumer of p.consumers) ofVertex.set(consumer, [...(ofVertex.get(consumer) ?? []), group]);
  }
  return ofVertex;
}

/** Σ over slot sharing groups of the max parallelism in the group. */
export function slotsNeeded(jobVertices: { id: string; parallelism: number; slotSharingGroup: string }[]): number {
  const maxPerGroup = new Map<string, number>();
  for (const v of jobVertices) {
    maxPerGroup.set(v.slotSharingGroup, Math.max(maxPerGroup.get(v.slotSharingGroup) ?? 0, v.parallelism));
  }
  let total = 0;
  for (const max of maxPerGroup.values()) total += max;
  return total;
}
