/**
 * PipelinedRegionSchedulingStrategy, Flink 1.20 (reference §3.2): one bulk per pipelined region,
 * a region is scheduled once its external blocking inputs are fully produced; hybrid consumers are
 * co-scheduled with their producers. Read from
 * flink-runtime/src/main/java/org/apache/flink/runtime/scheduler/strategy/PipelinedRegionSchedulingStrategy.java.
 */
import type { ExecutionState } from '../runtime/ExecutionState.ts';
import { prepareTopology, type PreparedTopology } from './PipelinedRegionComputeUtil.ts';
import type { Bulk, SchedulingStrategy, SchedulingView } from './SchedulingStrategy.ts';
import { canBePipelinedConsumed } from './SchedulingTopology.ts';

/** Mutable state: the `scheduledRegions` set, as sorted region indices. */
export interface PipelinedRegionSchedulingState {
  scheduledRegions: number[];
}

const isScheduled = (s: PipelinedRegionSchedulingState, r: number) => s.scheduledRegions.includes(r);
const producerRegion = (p: PreparedTopology, partition: string) => p.regionOf.get(p.partition.get(partition)!.producer)!;
/** `isExternalConsumedPartition`: the partition's producer is outside region `r`. */
const isExternal = (p: PreparedTopology, partition: string, r: number) => producerRegion(p, partition) !== r;
/** `isExternalConsumedPartitionGroup`: judged by the group's first partition. */
const isExternalGroup = (p: PreparedTopology, gid: number, r: number) => isExternal(p, p.groups[gid]!.partitions[0]!, r);

/** Is one consumed partition ready: hybrid → producer region (being) scheduled; blocking → all data produced. */
function partitionReady(p: PreparedTopology, s: PipelinedRegionSchedulingState, gid: number, partition: string, toSchedule: Set<number>, view: SchedulingView): boolean {
  if (canBePipelinedConsumed(p.groups[gid]!.type)) {
    const pr = producerRegion(p, partition);
    return toSchedule.has(pr) || isScheduled(s, pr);
  }
  return view.partitionState(partition) === 'ALL_DATA_PRODUCED';
}

/** `areRegionInputsAllConsumable`: external groups wholly, cross-region groups by their external partitions. */
function areRegionInputsAllConsumable(p: PreparedTopology, s: PipelinedRegionSchedulingState, r: number, cache: Map<number, boolean>, toSchedule: Set<number>, view: SchedulingView): boolean {
  for (const gid of p.regionNonPipelinedInputs[r]!) {
    const partitions = p.groups[gid]!.partitions;
    if (p.crossRegionGroups.has(gid)) {
      // isDownstreamOfCrossRegionConsumedPartitionSchedulable
      if (!partitions.every((pid) => !isExternal(p, pid, r) || partitionReady(p, s, gid, pid, toSchedule, view))) return false;
    } else if (isExternalGroup(p, gid, r)) {
      // isDownstreamConsumedPartitionGroupSchedulable, cached per round (consumableStatusCache)
      let ready = cache.get(gid);
      if (ready === undefined) {
        ready = partitions.every((pid) => partitionReady(p, s, gid, pid, toSchedule, view));
        cache.set(gid, ready);
      }
      if (!ready) return false;
    }
    // a group produced inside the region does not block it
  }
  return true;
}

/** `addSchedulableAndGetNextRegions`: one round; returns the consumer regions of newly added hybrid producers. */
function addSchedulableAndGetNextRegions(p: PreparedTopology, s: PipelinedRegionSchedulingState, current: number[], toSchedule: Set<number>, view: SchedulingView): number[] {
  const next = new Set<number>();
  const cache = new Map<number, boolean>();
  const visited = new Set<number>();
  for (const r of current) {
    if (toSchedule.has(r) || isScheduled(s, r) || !areRegionInputsAllConsumable(p, s, r, cache, toSchedule, view)) continue;
    toSchedule.add(r);
    for (const gid of p.regionProducedGroups[r]!) {
      if (!canBePipelinedConsumed(p.groups[gid]!.type) || visited.has(gid)) continue;
      visited.add(gid);
      for (const cr of p.groupConsumerRegions[gid]!) next.add(cr);
    }
  }
  return [...next].sort((a, b) => a - b);
}

/** `maybeScheduleRegions`: collect every schedulable region, then deploy them in topological order. */
function maybeScheduleRegions(p: PreparedTopology, s: PipelinedRegionSchedulingState, regions: Iterable<number>, view: SchedulingView): Bulk[] {
  const toSchedule = new Set<number>();
  // Java iterates a HashSet; the outcome does not depend on the order, we use topological order.
  let next = [...new Set(regions)].sort((a, b) => a - b);
  while (next.length > 0) next = addSchedulableAndGetNextRegions(p, s, next, toSchedule, view);
  const sorted = [...toSchedule].sort((a, b) => a - b); // region index = topological rank
  for (const r of sorted) {
    // scheduleRegion's checkState
    if (!p.regions[r]!.every((v) => view.state(v) === 'CREATED')) {
      throw new Error('BUG: trying to schedule a region which is not in CREATED state');
    }
  }
  s.scheduledRegions = [...s.scheduledRegions, ...sorted].sort((a, b) => a - b);
  return sorted.map((r) => [...p.regions[r]!]);
}

function regionOfVertex(p: PreparedTopology, vertex: string): number {
  const r = p.regionOf.get(vertex);
  if (r === undefined) throw new Error(`unknown vertex '${vertex}'`);
  return r;
}

/** The default strategy of Flink's DefaultScheduler since 1.12 (the only one since 1.13). */
export const PipelinedRegionSchedulingStrategy: SchedulingStrategy<PipelinedRegionSchedulingState> = {
  name: 'pipelined-region',
  versions: { since: '1.12', removed: null },
  prepare: (topology) => prepareTopology(topology),
  initialState: () => ({ scheduledRegions: [] }),

  startScheduling(p, s, view) {
    // isSourceRegion: no cross-region or external non-pipelined input group
    const sources = p.regions
      .map((_, r) => r)
      .filter((r) => p.regionNonPipelinedInputs[r]!.every((gid) => !p.crossRegionGroups.has(gid) && !isExternalGroup(p, gid, r)));
    return maybeScheduleRegions(p, s, sources, view);
  },

  restartTasks(p, s, vertices, view) {
    const regions = new Set(vertices.map((v) => regionOfVertex(p, v)));
    s.scheduledRegions = s.scheduledRegions.filter((r) => !regions.has(r));
    return maybeScheduleRegions(p, s, regions, view);
  },

  onExecutionStateChange(p, s, vertex, newState: ExecutionState, view) {
    if (newState !== 'FINISHED') return [];
    regionOfVertex(p, vertex);
    // getBlockingDownstreamRegionsOfVertex: blocking results, groups cross-region or all partitions finished
    const regions = new Set<number>();
    for (const partition of p.produced.get(vertex) ?? []) {
      if (canBePipelinedConsumed(partition.type)) continue;
      for (const gid of p.groupsOfPartition.get(partition.id) ?? []) {
        const g = p.groups[gid]!;
        if (p.crossRegionGroups.has(gid) || g.partitions.every((pid) => view.partitionState(pid) === 'ALL_DATA_PRODUCED')) {
          for (const r of p.groupConsumerRegions[gid]!) regions.add(r);
        }
      }
    }
    return maybeScheduleRegions(p, s, regions, view);
  },

  onPartitionConsumable: () => [],
};
