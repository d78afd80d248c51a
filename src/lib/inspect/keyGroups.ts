/**
 * The key-group view model: how keyBy spreads the keys of a keyed operator over its subtasks.
 * Every number comes from the simulator's own functions (KeyGroupRangeAssignment, javaHashCode,
 * murmurHash), never from a re-implementation, so the view shows exactly what the run did.
 */
import type { JobPlan, StreamNode } from '../../sim/graph/types.ts';
import type { Json } from '../../sim/scenario/Scenario.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { World } from '../../sim/world.ts';
import {
  computeKeyGroupForKeyHash,
  computeKeyGroupRangeForOperatorIndex,
  computeOperatorIndexForKeyGroup,
} from '../../sim/state/KeyGroupRangeAssignment.ts';
import { javaHashCode } from '../../sim/util/javaHashCode.ts';
import { murmurHash } from '../../sim/util/MathUtils.ts';
import { formatValue } from '../../sim/functions/fields.ts';
import { textWidth } from '../graph/layout.ts';

export interface KeyRoute {
  /** Java `hashCode()` of the key. */
  hashCode: number;
  /** `MathUtils.murmurHash(hashCode)`. */
  murmur: number;
  /** murmur % maxParallelism. */
  keyGroup: number;
  /** keyGroup · parallelism / maxParallelism: the 0-based subtask index. */
  subtask: number;
}

export interface KeyRow extends KeyRoute {
  key: Json;
  /** The key as Flink prints it. */
  keyText: string;
  /** The owning task id, e.g. `count/1`. */
  task: string;
  /** The key has keyed state in the world at this step. */
  inState: boolean;
  /** Records with this key sent on HASH edges into the operator so far. */
  sent: number;
}

export interface SubtaskRange {
  /** 0-based subtask index. */
  subtask: number;
  task: string;
  /** Inclusive key-group range (computeKeyGroupRangeForOperatorIndex). */
  start: number;
  end: number;
  /** Distinct keys seen so far that hash into this range. */
  keys: number;
}

export interface KeyGroupModel {
  operator: string;
  name: string;
  vertex: string;
  maxParallelism: number;
  parallelism: number;
  ranges: SubtaskRange[];
  /** Sorted by subtask, then key group, then key. */
  rows: KeyRow[];
}

/** Operators with keyed state (the ones a key-group view makes sense for). */
export function keyedOperators(plan: JobPlan): StreamNode[] {
  return plan.streamGraph.nodes.filter((n) => n.keyed);
}

/** Routes a key the way the simulator does (KeyGroupRangeAssignment.assignKeyToParallelOperator, step by step). */
export function routeKey(key: Json, maxParallelism: number, parallelism: number): KeyRoute {
  const hashCode = javaHashCode(key);
  const keyGroup = computeKeyGroupForKeyHash(hashCode, maxParallelism);
  return {
    hashCode,
    murmur: murmurHash(hashCode),
    keyGroup,
    subtask: computeOperatorIndexForKeyGroup(maxParallelism, parallelism, keyGroup),
  };
}

/**
 * The model for one keyed operator at a step: its subtasks' key-group ranges and every key seen so
 * far, from the world's keyed state and from records sent on HASH edges into its vertex (`trace`
 * should be `timeline.traceUntil(step)`). Returns null for unknown operators.
 */
export function keyGroupModel(plan: JobPlan, world: World, trace: readonly TraceEvent[], operator: string): KeyGroupModel | null {
  const node = plan.streamGraph.nodes.find((n) => n.id === operator);
  const vertex = plan.jobGraph.vertices.find((v) => v.operators.includes(operator));
  if (!node || !vertex) return null;
  const maxP = node.maxParallelism;
  const p = node.parallelism;
  const tasks = plan.execution.tasks.filter((t) => t.vertex === vertex.id).sort((a, b) => a.subtask - b.subtask);
  const taskId = (subtask: number) => tasks[subtask]?.id ?? `${vertex.id}/${subtask}`;

  const seen = new Map<string, { key: Json; inState: boolean; sent: number }>();
  const note = (key: Json) => {
    const id = JSON.stringify(key);
    let e = seen.get(id);
    if (!e) seen.set(id, (e = { key, inState: false, sent: 0 }));
    return e;
  };
  for (const t of tasks) {
    const state = world.tasks[t.index]?.keyed[operator];
    if (state) for (const entry of Object.values(state)) note(entry.key).inState = true;
  }
  const into = new Set(tasks.map((t) => t.id));
  for (const e of trace) {
    if (e.type === 'record.sent' && e.partitioner === 'HASH' && into.has(e.to) && e.record.key !== undefined) {
      note(e.record.key).sent++;
    }
  }

  const rows: KeyRow[] = [...seen.values()].map(({ key, inState, sent }) => {
    const r = routeKey(key, maxP, p);
    return { key, keyText: formatValue(key), ...r, task: taskId(r.subtask), inState, sent };
  });
  rows.sort((a, b) => a.subtask - b.subtask || a.keyGroup - b.keyGroup || (a.keyText < b.keyText ? -1 : a.keyText > b.keyText ? 1 : 0));

  const ranges: SubtaskRange[] = [];
  for (let i = 0; i < p; i++) {
    const { start, end } = computeKeyGroupRangeForOperatorIndex(maxP, p, i);
    ranges.push({ subtask: i, task: taskId(i), start, end, keys: rows.filter((r) => r.subtask === i).length });
  }
  return { operator, name: node.name, vertex: vertex.id, maxParallelism: maxP, parallelism: p, ranges, rows };
}

export interface KeyMarker {
  keyGroup: number;
  /** Centre of the key group on a bar `width` wide. */
  x: number;
  /** Keys of this key group, comma-separated; empty when no label row had room. */
  label: string;
  /** Label row above the bar (0 = top), at most 4 rows. */
  row: number;
}

/** One marker per key group in use, labels packed greedily into up to four rows so they do not overlap. */
export function keyMarkers(model: KeyGroupModel, width: number, fontSize = 11): KeyMarker[] {
  const byGroup = new Map<number, KeyRow[]>();
  for (const r of model.rows) byGroup.set(r.keyGroup, [...(byGroup.get(r.keyGroup) ?? []), r]);
  const rowEnds: number[] = [];
  return [...byGroup.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([keyGroup, rows]) => {
      const x = ((keyGroup + 0.5) / model.maxParallelism) * width;
      const label = rows.map((r) => r.keyText).join(', ');
      const w = textWidth(label, fontSize) + 4;
      let row = rowEnds.findIndex((end) => end < x - w / 2);
      if (row < 0 && rowEnds.length < 4) row = rowEnds.push(0) - 1;
      if (row >= 0) rowEnds[row] = x + w / 2;
      return { keyGroup, x, label: row >= 0 ? label : '', row: Math.max(row, 0) };
    });
}
