/**
 * The state backend in a running task: how big a snapshot is and how long its synchronous and
 * asynchronous phases take (state/StateBackend.ts holds the cost model), and the bookkeeping of
 * state writes (RocksDB's memtable, the heap's copy-on-write during an async snapshot).
 */
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { World } from '../world.ts';
import type { Json } from '../scenario/Scenario.ts';
import type { TaskSnapshot } from './TaskSnapshot.ts';
import {
  estimateEntryBytes, newBackendState, onAsyncSnapshotDone, onCheckpointAborted, onCheckpointCompleted, onStateWrite,
  snapshot, type BackendState,
} from '../state/StateBackend.ts';
import { canonicalJson } from '../functions/fields.ts';
import { computeKeyGroupRangeForOperatorIndex } from '../state/KeyGroupRangeAssignment.ts';

export { newBackendState, type BackendState };

/** Bytes of one transaction handle in a sink's state (a transactional id and its epoch). */
const TXN_HANDLE_BYTES = 48;

/** Bytes of a snapshot's operator state: every keyed entry, window pane, timer and pending transaction. */
export function snapshotBytes(s: TaskSnapshot): number {
  let bytes = 0;
  for (const entries of Object.values(s.keyed)) for (const e of Object.values(entries)) bytes += estimateEntryBytes(e.key, e.value);
  for (const w of Object.values(s.windows)) {
    for (const k of Object.values(w.keys)) for (const [id, pane] of Object.entries(k.panes)) bytes += estimateEntryBytes([k.key, id], pane as unknown as Json);
  }
  for (const t of Object.values(s.timers)) for (const x of [...t.event, ...t.processing]) bytes += estimateEntryBytes(x.key, [x.namespace, x.timestamp]);
  // A transactional sink's state holds transaction handles (ids), not the records: they wait in the external system.
  for (const v of Object.values(s.sinks)) {
    const st = v as unknown as { pendingTransaction: unknown; pendingCommitTransactions: unknown[] };
    bytes += TXN_HANDLE_BYTES * ((st.pendingTransaction ? 1 : 0) + (st.pendingCommitTransactions?.length ?? 0));
  }
  if (s.sourceOffset !== undefined) bytes += estimateEntryBytes('offset', s.sourceOffset);
  return bytes;
}

/** The cost of snapshotting `s` as checkpoint `id`, in whole milliseconds. */
export function snapshotCost(ctx: SimContext, index: number, b: BackendState, s: TaskSnapshot, id: number) {
  const plan = ctx.plan.execution.tasks[index]!;
  const vertex = ctx.plan.jobGraph.vertices.find((v) => v.id === plan.vertex)!;
  const { start, end } = computeKeyGroupRangeForOperatorIndex(vertex.maxParallelism, plan.parallelism, plan.subtask);
  const c = snapshot(b, ctx.stateBackend, ctx.incrementalCheckpoints, snapshotBytes(s), id, end - start + 1);
  return { syncMs: Math.ceil(c.syncMs), asyncMs: Math.ceil(c.asyncMs), fullSize: c.fullSize, incrementalSize: c.incrementalSize };
}

/** A keyed-state write of operator `opId` for `key` (counts RocksDB memtable bytes and heap copy-on-write copies). */
export function recordStateWrite(ctx: SimContext, world: World, index: number, opId: string, key: Json, value: Json, emit: Emit): void {
  const b = world.tasks[index]!.checkpoint.backend;
  const { cowCopy } = onStateWrite(b, ctx.stateBackend, estimateEntryBytes(key, value), `${opId}:${canonicalJson(key)}`);
  if (cowCopy) emit({ type: 'state.copyOnWrite', task: ctx.plan.execution.tasks[index]!.id, operator: opId, key });
}

export const backendAsyncDone = (world: World, index: number, id: number) => onAsyncSnapshotDone(world.tasks[index]!.checkpoint.backend, id);
export const backendCompleted = (world: World, index: number, id: number) => onCheckpointCompleted(world.tasks[index]!.checkpoint.backend, id);
export const backendAborted = (world: World, index: number, id: number) => onCheckpointAborted(world.tasks[index]!.checkpoint.backend, id);
