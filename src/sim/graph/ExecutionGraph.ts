/**
 * JobGraph → parallel tasks and channels: one task per subtask, one FIFO channel per connected
 * producer/consumer pair. Pointwise wiring after
 * flink-runtime/.../executiongraph/VertexInputInfoComputationUtils.java (reference §6.5).
 */
import type { ChannelPlan, ExecutionPlan, JobGraph, TaskPlan } from './types.ts';

/** Consumers fed by producer `k` on a pointwise edge with S producers and T consumers. */
export function pointwiseConsumers(S: number, T: number, k: number): number[] {
  if (S >= T) {
    // consumer i reads producers [i*S/T, (i+1)*S/T - 1]
    for (let i = 0; i < T; i++) {
      if (k >= Math.floor((i * S) / T) && k <= Math.floor(((i + 1) * S) / T) - 1) return [i];
    }
    return [];
  }
  // producer k feeds consumers [ceil(k*T/S), ceil((k+1)*T/S) - 1]
  const start = Math.floor((k * T + S - 1) / S);
  const end = Math.floor(((k + 1) * T + S - 1) / S) - 1;
  return Array.from({ length: end - start + 1 }, (_, j) => start + j);
}

/** Producers read by consumer `i` on a pointwise edge (the inverse of `pointwiseConsumers`). */
export function pointwiseProducers(S: number, T: number, i: number): number[] {
  return Array.from({ length: S }, (_, k) => k).filter((k) => pointwiseConsumers(S, T, k).includes(i));
}

export function taskId(vertex: string, subtask: number): string {
  return `${vertex}/${subtask}`;
}

export function buildExecutionPlan(job: JobGraph): ExecutionPlan {
  const tasks: TaskPlan[] = [];
  const first = new Map<string, number>();
  for (const v of job.vertices) {
    first.set(v.id, tasks.length);
    for (let s = 0; s < v.parallelism; s++) {
      tasks.push({
        index: tasks.length,
        id: taskId(v.id, s),
        vertex: v.id,
        subtask: s,
        parallelism: v.parallelism,
        name: `${v.name} (${s + 1}/${v.parallelism})`,
        operators: v.operators,
        inputs: [],
        outputs: [],
      });
    }
  }
  const channels: ChannelPlan[] = [];
  for (const e of job.edges) {
    const S = job.vertices.find((v) => v.id === e.source)!.parallelism;
    const T = job.vertices.find((v) => v.id === e.target)!.parallelism;
    for (let k = 0; k < S; k++) {
      const from = first.get(e.source)! + k;
      const consumers = e.pattern === 'POINTWISE' ? pointwiseConsumers(S, T, k) : Array.from({ length: T }, (_, i) => i);
      const out: number[] = [];
      for (const c of consumers) {
        const to = first.get(e.target)! + c;
        const ch: ChannelPlan = { index: channels.length, id: `${e.index}:${tasks[from]!.id}->${tasks[to]!.id}`, edge: e.index, from, to };
        channels.push(ch);
        out.push(ch.index);
      }
      tasks[from]!.outputs.push({ edge: e.index, channels: out });
    }
  }
  for (const ch of channels) tasks[ch.to]!.inputs.push(ch.index);
  return { tasks, channels };
}
