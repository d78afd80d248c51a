/**
 * LazyFromSourcesSchedulingStrategy (ScheduleMode.LAZY_FROM_SOURCES, batch), legacy: removed in
 * Flink 1.13 by FLINK-20592 (reference §3.3). Deploys each vertex on its own, once it is CREATED
 * and its InputDependencyConstraint (ANY by default, or ALL) is met. Read from
 * flink-runtime/src/main/java/org/apache/flink/runtime/scheduler/strategy/
 * {LazyFromSourcesSchedulingStrategy,InputDependencyConstraintChecker}.java at 9ba5ab4f4dcb^.
 */
import {
  prepareTopology,
  type InputDependencyConstraint,
  type PrepareOptions,
  type PreparedTopology,
} from './PipelinedRegionComputeUtil.ts';
import type { Bulk, SchedulingStrategy, SchedulingView } from './SchedulingStrategy.ts';
import { canBePipelinedConsumed, type SchedulingResultPartition } from './SchedulingTopology.ts';

export type { InputDependencyConstraint } from './PipelinedRegionComputeUtil.ts';

/**
 * Mutable state: the BLOCKING partitions the checker has marked finished
 * (`SchedulingIntermediateDataSet.producingPartitionIds` is their complement).
 */
export interface LazyFromSourcesSchedulingState {
  finishedPartitions: string[];
}

type State = LazyFromSourcesSchedulingState;

/** The constraint of a vertex: its job vertex's override, else the ExecutionConfig default. */
export function inputDependencyConstraintOf(p: PreparedTopology, vertex: string): InputDependencyConstraint {
  return p.inputDependencyConstraints.get(p.jobVertexOf.get(vertex) ?? '') ?? p.inputDependencyConstraint;
}

const dataSetFinished = (p: PreparedTopology, s: State, dataSet: string) =>
  (p.dataSetPartitions.get(dataSet) ?? []).every((pid) => s.finishedPartitions.includes(pid));

/** `InputDependencyConstraintChecker#partitionConsumable`. */
function partitionConsumable(p: PreparedTopology, s: State, partition: SchedulingResultPartition, view: SchedulingView): boolean {
  // BLOCKING: the whole IntermediateDataSet is marked finished by this strategy
  if (partition.type === 'BLOCKING') return dataSetFinished(p, s, partition.dataSet);
  // other types read getState() == CONSUMABLE; in 1.12 a blocking partition was CONSUMABLE once
  // its whole result had finished (IntermediateResultPartition#isConsumable)
  if (!canBePipelinedConsumed(partition.type)) {
    return (p.dataSetPartitions.get(partition.dataSet) ?? []).every((pid) => view.partitionState(pid) === 'ALL_DATA_PRODUCED');
  }
  return view.isPipelinedConsumable(partition.id);
}

/** `InputDependencyConstraintChecker#check`: vertices without inputs always pass. */
function isInputConstraintSatisfied(p: PreparedTopology, s: State, vertex: string, view: SchedulingView): boolean {
  const inputs = p.consumed.get(vertex) ?? [];
  if (inputs.length === 0) return true;
  const consumable = (partition: SchedulingResultPartition) => partitionConsumable(p, s, partition, view);
  return inputDependencyConstraintOf(p, vertex) === 'ALL' ? inputs.every(consumable) : inputs.some(consumable);
}

/** `allocateSlotsAndDeployExecutionVertices`: topology order, CREATED and input-ready, one bulk each. */
function deployEach(p: PreparedTopology, s: State, vertices: Iterable<string>, view: SchedulingView): Bulk[] {
  const wanted = new Set(vertices);
  for (const v of wanted) if (!p.vertexIndex.has(v)) throw new Error(`unknown vertex '${v}'`);
  return p.topology.vertices
    .map((v) => v.id)
    .filter((id) => wanted.has(id) && view.state(id) === 'CREATED' && isInputConstraintSatisfied(p, s, id, view))
    .map((id) => [id]);
}

/** A lazy strategy whose prepared topology carries `options` (e.g. `{ inputDependencyConstraint: 'ALL' }`). */
export function createLazyFromSourcesSchedulingStrategy(options: PrepareOptions = {}): SchedulingStrategy<State> {
  return {
    name: 'lazy-from-sources',
    versions: { since: '1.0', removed: '1.13' },
    prepare: (topology) => prepareTopology(topology, options),
    initialState: () => ({ finishedPartitions: [] }),

    startScheduling(p, s, view) {
      s.finishedPartitions = []; // addSchedulingResultPartition: every partition starts producing
      return deployEach(p, s, p.vertexIndex.keys(), view);
    },

    restartTasks(p, s, vertices, view) {
      // resetSchedulingResultPartition for every result of the restarted vertices
      const reset = new Set(vertices.flatMap((v) => (p.produced.get(v) ?? []).map((rp) => rp.id)));
      s.finishedPartitions = s.finishedPartitions.filter((pid) => !reset.has(pid));
      return deployEach(p, s, vertices, view);
    },

    onExecutionStateChange(p, s, vertex, newState, view) {
      if (newState !== 'FINISHED') return [];
      const consumers: string[] = [];
      for (const partition of p.produced.get(vertex) ?? []) {
        if (canBePipelinedConsumed(partition.type)) continue; // ResultPartitionType#isBlocking only
        if (!s.finishedPartitions.includes(partition.id)) s.finishedPartitions.push(partition.id);
        if (!dataSetFinished(p, s, partition.dataSet)) continue;
        // the data set is complete: try every consumer of every partition of it
        for (const pid of p.dataSetPartitions.get(partition.dataSet) ?? []) consumers.push(...p.partition.get(pid)!.consumers);
      }
      return deployEach(p, s, consumers, view);
    },

    onPartitionConsumable(p, s, partitionId, view) {
      const partition = p.partition.get(partitionId);
      if (!partition) throw new Error(`unknown partition '${partitionId}'`);
      if (!canBePipelinedConsumed(partition.type)) return [];
      return deployEach(p, s, partition.consumers, view);
    },
  };
}

/** The lazy strategy with Flink's default InputDependencyConstraint ANY. */
export const LazyFromSourcesSchedulingStrategy = createLazyFromSourcesSchedulingStrategy();
