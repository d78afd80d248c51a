/**
 * The run's SchedulingTopology, built from the JobPlan (Flink's DefaultExecutionTopology,
 * flink-runtime/.../scheduler/adapter/DefaultExecutionTopology.java): one vertex per subtask in
 * topological order, one result partition per (JobEdge, producer subtask).
 */
import type { JobPlan } from '../graph/types.ts';
import type { SchedulingTopology } from './SchedulingTopology.ts';

/** Id of the result partition that producer task `taskId` writes for JobEdge `edge`. */
export const partitionId = (edge: number, taskId: string) => `${edge}:${taskId}`;

export function buildExecutionTopology(plan: JobPlan): SchedulingTopology {
  const { tasks, channels } = plan.execution;
  return {
    vertices: tasks.map((t) => ({ id: t.id, jobVertex: t.vertex, subtask: t.subtask })),
    partitions: tasks.flatMap((t) =>
      t.outputs.map((out) => ({
        id: partitionId(out.edge, t.id),
        dataSet: `ds-${out.edge}`,
        producer: t.id,
        type: plan.jobGraph.edges[out.edge]!.resultPartitionType,
        consumers: out.channels.map((c) => tasks[channels[c]!.to]!.id),
      })),
    ),
  };
}

/** The producer task id of a partition id made by `partitionId`. */
export const partitionProducer = (partition: string) => partition.slice(partition.indexOf(':') + 1);
