/**
 * Savepoints as files: a completed savepoint (or checkpoint) written in a canonical, relocatable form
 * (reference §6.4), and a scenario starting from one (`restore`, like `flink run -s <path>`), possibly at
 * another parallelism: keyed state moves by key group (StateAssignmentOperation), a sink's list state
 * is split round-robin (RoundRobinOperatorStateRepartitioner, SPLIT_DISTRIBUTE), a source keeps its
 * offset (its splits are fixed, so its parallelism must not change).
 */
import type { World } from '../world.ts';
import type { SimContext } from '../runtime/SimContext.ts';
import type { Json } from '../scenario/Scenario.ts';
import type { TaskSnapshot } from './TaskSnapshot.ts';
import { latestCompletedCheckpoint } from './CheckpointCoordinator.ts';
import { repartitionOperatorState } from '../state/RoundRobinOperatorStateRepartitioner.ts';

/** One vertex of a savepoint: its parallelism then, and each old subtask's snapshot. */
export interface SavepointVertex {
  parallelism: number;
  maxParallelism: number;
  operators: string[];
  subtasks: TaskSnapshot[];
}

/** A savepoint file. */
export interface SavepointFile {
  /** The savepoint's (or checkpoint's) id. */
  checkpoint: number;
  savepoint: boolean;
  /** By JobVertex id (the chain head's operator id). */
  vertices: Record<string, SavepointVertex>;
}

/** The latest completed savepoint of a run (else the latest checkpoint), as a file; null when there is none. */
export function savepointFile(ctx: SimContext, world: World): SavepointFile | null {
  const s = world.checkpointing.coordinator;
  const record = s.savepoints.at(-1) ?? latestCompletedCheckpoint(s);
  const stored = record && world.checkpointing.storage[record.id];
  if (!record || !stored) return null;
  const vertices: Record<string, SavepointVertex> = {};
  for (const v of ctx.plan.jobGraph.vertices) {
    const tasks = ctx.plan.execution.tasks.filter((t) => t.vertex === v.id);
    vertices[v.id] = { parallelism: v.parallelism, maxParallelism: v.maxParallelism, operators: v.operators, subtasks: tasks.map((t) => structuredClone(stored[t.id]!)) };
  }
  return { checkpoint: record.id, savepoint: record.props.savepoint, vertices };
}

/**
 * Why a scenario cannot start from `file`, as messages naming the field and the fix (Flink's
 * StateAssignmentOperation checks: the max parallelism must match; every state must find its operator).
 */
export function checkSavepoint(ctx: Pick<SimContext, 'plan' | 'node'>, file: SavepointFile): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (typeof file.checkpoint !== 'number' || typeof file.vertices !== 'object' || file.vertices === null) {
    return [{ path: 'restore', message: 'must be a savepoint file {"checkpoint", "savepoint", "vertices"} as Flinkscope writes it' }];
  }
  for (const [id, sv] of Object.entries(file.vertices)) {
    const v = ctx.plan.jobGraph.vertices.find((x) => x.id === id);
    const path = `restore.vertices[${JSON.stringify(id)}]`;
    if (!v) {
      // Flink: "Failed to rollback to checkpoint/savepoint … Cannot map checkpoint/savepoint state for operator … to the new program"
      issues.push({ path, message: `the savepoint has state for "${id}", which is not a vertex of this job (${ctx.plan.jobGraph.vertices.map((x) => x.id).join(', ')}); keep the operator ids of the job that took it` });
      continue;
    }
    if (sv.subtasks.length !== sv.parallelism) issues.push({ path: `${path}.subtasks`, message: `has ${sv.subtasks.length} snapshots for parallelism ${sv.parallelism}; use the file as written` });
    if (sv.maxParallelism !== v.maxParallelism) {
      issues.push({ path: `${path}.maxParallelism`, message: `The maximum parallelism (${v.maxParallelism}) with which the latest checkpoint of the execution job vertex ${id} was created (${sv.maxParallelism}) does not match; set the operator's maxParallelism to ${sv.maxParallelism}` });
    }
    const isSource = ctx.node.get(id)?.spec.type === 'source';
    if (isSource && sv.parallelism !== v.parallelism) {
      issues.push({ path: `${path}.parallelism`, message: `source "${id}" had parallelism ${sv.parallelism} in the savepoint and has ${v.parallelism} now; Flinkscope's sources read fixed splits, so keep ${sv.parallelism}` });
    }
  }
  return issues;
}

/** The snapshots a subtask of vertex `vertexId` restores from the scenario's savepoint, or null. */
export function savepointParts(ctx: SimContext, vertexId: string): { id: number; parts: TaskSnapshot[] } | null {
  const file = ctx.scenario.restore as SavepointFile | undefined;
  const sv = file?.vertices[vertexId];
  return file && sv ? { id: file.checkpoint, parts: sv.subtasks } : null;
}

/** A sink's list state after a parallelism change: the old subtasks' states split round-robin (SPLIT_DISTRIBUTE). */
export function redistributeSinks(parts: TaskSnapshot[], newParallelism: number, subtask: number): Record<string, Json> {
  const ops = [...new Set(parts.flatMap((p) => Object.keys(p.sinks)))];
  const out: Record<string, Json> = {};
  for (const op of ops) {
    const old = parts.map((p) => ({ [op]: { mode: 'SPLIT_DISTRIBUTE' as const, elements: p.sinks[op] === undefined ? [] : [p.sinks[op]!] } }));
    const mine = repartitionOperatorState(old, newParallelism)[subtask]?.[op]?.elements ?? [];
    if (mine.length > 0) out[op] = mine;
  }
  return out;
}
