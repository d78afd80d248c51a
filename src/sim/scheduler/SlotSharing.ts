/**
 * The run's slot sharing: which subtasks share one physical slot. Job vertices keep their slot
 * sharing group, except that in BATCH mode vertices in the default group get one group per logical
 * pipelined region (StreamingJobGraphGenerator.setSlotSharing with
 * allVerticesInSameSlotSharingGroupByDefault = false, set by StreamGraphGenerator.configureStreamGraphBatch).
 */
import type { JobPlan } from '../graph/types.ts';
import { DEFAULT_SLOT_SHARING_GROUP } from '../graph/StreamGraph.ts';
import { computeLogicalPipelinedRegions } from './PipelinedRegionComputeUtil.ts';
import { buildExecutionSlotSharingGroups, slotsNeeded } from './LocalInputPreferredSlotSharingStrategy.ts';
import type { SchedulingTopology } from './SchedulingTopology.ts';

export interface SlotSharingPlan {
  /** Slot sharing group of each job vertex, after the BATCH-mode region split. */
  groupOf: Record<string, string>;
  /** Execution slot sharing groups in creation order: each needs one physical slot. */
  groups: { id: string; slotSharingGroup: string; tasks: number[] }[];
  /** Index into `groups` for each task. */
  groupOfTask: number[];
  /** Slots the job needs at once when every region runs: Σ over groups of the group's max parallelism. */
  slotsNeeded: number;
}

export function executionSlotSharingGroups(plan: JobPlan, topology: SchedulingTopology): SlotSharingPlan {
  const { vertices, edges } = plan.jobGraph;
  const groupOf: Record<string, string> = {};
  for (const v of vertices) groupOf[v.id] = v.slotSharingGroup;
  if (plan.streamGraph.runtimeMode === 'BATCH') {
    const regions = computeLogicalPipelinedRegions(
      vertices.map((v) => v.id),
      edges.map((e) => ({ source: e.source, target: e.target, type: e.resultPartitionType })),
    );
    regions.forEach((region, i) => {
      for (const id of region) if (groupOf[id] === DEFAULT_SLOT_SHARING_GROUP) groupOf[id] = `region-${i}`;
    });
  }
  const essgs = buildExecutionSlotSharingGroups(topology, (jv) => groupOf[jv]!);
  const index = new Map(plan.execution.tasks.map((t) => [t.id, t.index]));
  const groups = essgs.map((g) => ({ id: g.id, slotSharingGroup: g.slotSharingGroup, tasks: g.vertices.map((v) => index.get(v)!) }));
  const groupOfTask: number[] = plan.execution.tasks.map(() => -1);
  groups.forEach((g, i) => g.tasks.forEach((t) => (groupOfTask[t] = i)));
  return {
    groupOf,
    groups,
    groupOfTask,
    slotsNeeded: slotsNeeded(vertices.map((v) => ({ id: v.id, parallelism: v.parallelism, slotSharingGroup: groupOf[v.id]! }))),
  };
}
