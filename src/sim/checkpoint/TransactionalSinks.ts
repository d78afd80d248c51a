/**
 * Sinks and what lies beyond them. A transactional sink runs Flink's TwoPhaseCommitSinkFunction
 * (sink/TwoPhaseCommitSinkFunction.ts) against an external system kept in the world: records go into
 * the open transaction, the snapshot pre-commits it, `notifyCheckpointComplete` commits it, a restore
 * recovers-and-commits pre-committed transactions and aborts the open one. A reader with
 * `read_committed` sees only committed records. Every sink also counts what it delivered per source
 * record, so duplicates after a recovery can be counted.
 */
import type { StreamRecord, World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { Json } from '../scenario/Scenario.ts';
import {
  initializeState, invoke, newTwoPhaseCommitState, notifyCheckpointComplete, snapshotState, close, finish,
  type TwoPhaseCommitState, type TwoPhaseEffect, type TwoPhaseSnapshot,
} from '../sink/TwoPhaseCommitSinkFunction.ts';
import { newExternalSystem } from '../sink/TwoPhaseCommitSinkFunction.ts';

/** A record as a transactional sink writes it: the value and the source record it derives from. */
export interface SinkRecord {
  value: Json;
  origin: string;
}

const originOf = (r: StreamRecord) => `${r.origin.task}@${r.origin.offset}`;

const isTransactional = (ctx: SimContext, opId: string) => {
  const spec = ctx.node.get(opId)!.spec;
  return spec.type === 'sink' && spec.transactional === true;
};

function traceEffects(ctx: SimContext, index: number, opId: string, effects: TwoPhaseEffect[], emit: Emit): void {
  for (const e of effects) {
    emit({ type: 'sink.transaction', task: ctx.plan.execution.tasks[index]!.id, operator: opId, action: e.type, txn: e.txn, checkpoint: e.checkpointId, records: e.records, outcome: e.outcome });
  }
}

/**
 * What a sink delivered: deliveries in all, those beyond the first per source record, and which
 * source records (a bitset of offsets per source subtask: compact, as worlds are cloned often).
 */
export interface Deliveries {
  total: number;
  duplicates: number;
  seen: Record<string, number[]>;
}

/** Counts a delivery of the source record `origin` (`task@offset`) by sink `opId` (written at once, or committed). */
function countDelivery(world: World, opId: string, origin: string): void {
  const d = (world.checkpointing.delivered[opId] ??= { total: 0, duplicates: 0, seen: {} });
  const at = origin.lastIndexOf('@');
  const offset = Number(origin.slice(at + 1));
  const bits = (d.seen[origin.slice(0, at)] ??= []);
  const word = offset >> 5;
  const mask = 1 << (offset & 31);
  while (bits.length <= word) bits.push(0);
  d.total += 1;
  if (bits[word]! & mask) d.duplicates += 1;
  else bits[word] = bits[word]! | mask;
}

/** The source records (`task@offset`) sink `opId` delivered at least once. */
export function deliveredOrigins(world: World, opId: string): string[] {
  const out: string[] = [];
  for (const [task, bits] of Object.entries(world.checkpointing.delivered[opId]?.seen ?? {})) {
    bits.forEach((w, i) => {
      for (let b = 0; b < 32; b++) if (w & (1 << b)) out.push(`${task}@${i * 32 + b}`);
    });
  }
  return out;
}

/** Deliveries of sink `opId` in all. */
export const deliveredTotal = (world: World, opId: string) => world.checkpointing.delivered[opId]?.total ?? 0;

/**
 * A record reaches sink `opId`: a plain sink delivers it now (returns true: the caller prints it);
 * a transactional one appends it to the open transaction (returns false).
 */
export function writeToSink(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord): boolean {
  if (!isTransactional(ctx, opId)) {
    countDelivery(world, opId, originOf(record));
    return true;
  }
  invoke(world.tasks[index]!.sinks[opId] as TwoPhaseCommitState, { value: record.value, origin: originOf(record) } satisfies SinkRecord as unknown as Json);
  return false;
}

/** The task starts (or restarts): each transactional sink initializes from its restored state and begins a transaction. */
export function initializeSinks(ctx: SimContext, world: World, index: number, restored: Record<string, Json> | null, emit: Emit): void {
  const plan = ctx.plan.execution.tasks[index]!;
  for (const opId of plan.operators) {
    if (!isTransactional(ctx, opId)) continue;
    const s = newTwoPhaseCommitState(plan.subtask);
    world.tasks[index]!.sinks[opId] = s as unknown as Json;
    const ext = (world.checkpointing.external[opId] ??= newExternalSystem());
    const before = ext.committed.length;
    const effects = initializeState(s, (restored?.[opId] as unknown as TwoPhaseSnapshot | undefined) ?? null, ext);
    for (const c of ext.committed.slice(before)) for (const r of c.records) countDelivery(world, opId, (r as unknown as SinkRecord).origin);
    traceEffects(ctx, index, opId, effects, emit);
  }
}

/** The synchronous snapshot: each transactional sink pre-commits its transaction. Returns the sinks' snapshot state. */
export function snapshotSinks(ctx: SimContext, world: World, index: number, checkpointId: number, emit: Emit): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const opId of ctx.plan.execution.tasks[index]!.operators) {
    if (!isTransactional(ctx, opId)) continue;
    const effects: TwoPhaseEffect[] = [];
    out[opId] = snapshotState(world.tasks[index]!.sinks[opId] as TwoPhaseCommitState, checkpointId, world.checkpointing.external[opId]!, effects) as unknown as Json;
    traceEffects(ctx, index, opId, effects, emit);
  }
  return out;
}

/** notifyCheckpointComplete: commit the transactions of every checkpoint up to `checkpointId`. */
export function commitSinks(ctx: SimContext, world: World, index: number, checkpointId: number, emit: Emit): void {
  for (const opId of ctx.plan.execution.tasks[index]!.operators) {
    if (!isTransactional(ctx, opId)) continue;
    const ext = world.checkpointing.external[opId]!;
    const before = ext.committed.length;
    const effects = notifyCheckpointComplete(world.tasks[index]!.sinks[opId] as TwoPhaseCommitState, checkpointId, ext);
    for (const c of ext.committed.slice(before)) for (const r of c.records) countDelivery(world, opId, (r as unknown as SinkRecord).origin);
    traceEffects(ctx, index, opId, effects, emit);
  }
}

/** The task fails or is cancelled: its open transaction is aborted (close()). */
export function closeSinks(ctx: SimContext, world: World, index: number, emit: Emit): void {
  for (const opId of ctx.plan.execution.tasks[index]!.operators) {
    const s = world.tasks[index]!.sinks[opId];
    if (!isTransactional(ctx, opId) || !s) continue;
    traceEffects(ctx, index, opId, close(s as TwoPhaseCommitState, world.checkpointing.external[opId]!), emit);
  }
}

/** Deliveries of sink `opId` beyond the first per source record (duplicates a downstream reader saw). */
export function duplicatesOf(world: World, opId: string): number {
  return world.checkpointing.delivered[opId]?.duplicates ?? 0;
}

/**
 * End of input: each transactional sink finishes and its last transaction is committed. (Flink ≥ 1.15
 * does this with a final checkpoint the finishing tasks wait for, FLIP-147; here it happens at once.)
 */
export function finishSinks(ctx: SimContext, world: World, index: number, emit: Emit): void {
  for (const opId of ctx.plan.execution.tasks[index]!.operators) {
    const s = world.tasks[index]!.sinks[opId] as TwoPhaseCommitState | undefined;
    if (!isTransactional(ctx, opId) || !s) continue;
    finish(s);
    const ext = world.checkpointing.external[opId]!;
    const effects: TwoPhaseEffect[] = [];
    snapshotState(s, END_OF_INPUT, ext, effects);
    const before = ext.committed.length;
    effects.push(...notifyCheckpointComplete(s, END_OF_INPUT, ext));
    for (const c of ext.committed.slice(before)) for (const r of c.records) countDelivery(world, opId, (r as unknown as SinkRecord).origin);
    traceEffects(ctx, index, opId, effects.map((e) => (e.checkpointId === END_OF_INPUT ? { ...e, checkpointId: null } : e)), emit);
  }
}

/** The pseudo checkpoint id of the end-of-input commit (larger than any real one). */
const END_OF_INPUT = Number.MAX_SAFE_INTEGER;
