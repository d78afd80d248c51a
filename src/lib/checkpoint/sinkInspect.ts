/**
 * What each sink of the job delivered, for the Checkpoints tab's sink output, as a pure function of
 * the plan, the world at the current step and the trace up to it: the transactions of a
 * two-phase-commit sink and what a `read_committed` reader sees, or the records a plain sink wrote,
 * each traced back to its source record, with deliveries, duplicates and losses counted.
 */
import type { JobPlan } from '../../sim/graph/types.ts';
import type { Json } from '../../sim/scenario/Scenario.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { World } from '../../sim/world.ts';
import type { TwoPhaseCommitState } from '../../sim/sink/TwoPhaseCommitSinkFunction.ts';
import type { CheckpointConfig } from '../../sim/checkpoint/CheckpointConfig.ts';
import { formatValue } from '../../sim/functions/fields.ts';

type Plan = Pick<JobPlan, 'streamGraph' | 'execution'>;

/** A transaction of a two-phase-commit sink, in the order it began. */
export interface TransactionRow {
  txn: string;
  task: string;
  status: 'open' | 'preCommitted' | 'committed' | 'aborted';
  /** The checkpoint whose snapshot pre-committed it (null: open, or committed at end of input). */
  checkpoint: number | null;
  records: number;
  /** A commit after recovery (`recoverAndCommit`) or a repeated one (alreadyCommitted). */
  recovered: boolean;
  failed: boolean;
}

/** A record a reader of the sink's output sees. */
export interface DeliveredRecord {
  text: string;
  /** The source record it derives from (`src/0@3`). */
  origin: string | null;
  /** Not the first delivery of its source record. */
  duplicate: boolean;
  /** Committed by this transaction (transactional sinks). */
  txn?: string;
}

export interface SinkView {
  operator: string;
  name: string;
  transactional: boolean;
  /** What this sink guarantees with this configuration. */
  guarantee: 'exactly-once' | 'at-least-once' | 'none';
  transactions: TransactionRow[];
  /** What a `read_committed` reader sees (transactional) or what was written (plain), in order. */
  records: DeliveredRecord[];
  delivered: number;
  duplicates: number;
  /** Source records skipped by a restarted source without a checkpoint (the same for every sink). */
  lost: number;
}

/** Walks a record's parents to the source record it derives from (`task@offset`). */
function originFinder(trace: readonly TraceEvent[]): (record: number) => string | null {
  const origin = new Map<number, string>();
  const parent = new Map<number, number>();
  for (const e of trace) {
    if (e.type === 'source.emitted' || e.type === 'record.sent') origin.set(e.record.id, `${e.record.origin.task}@${e.record.origin.offset}`);
    else if (e.type === 'record.processed') for (const o of e.outputs) parent.set(o, e.record);
  }
  return (id) => {
    let cur: number | undefined = id;
    for (let guard = 0; cur !== undefined && guard < 1000; guard++) {
      const o = origin.get(cur);
      if (o !== undefined) return o;
      cur = parent.get(cur);
    }
    return null;
  };
}

function transactions(plan: Plan, world: World, trace: readonly TraceEvent[], op: string): TransactionRow[] {
  const rows = new Map<string, TransactionRow>();
  for (const e of trace) {
    if (e.type !== 'sink.transaction' || e.operator !== op) continue;
    let row = rows.get(e.txn);
    if (!row) {
      row = { txn: e.txn, task: e.task, status: 'open', checkpoint: null, records: 0, recovered: false, failed: false };
      rows.set(e.txn, row);
    }
    if (e.outcome === 'failed') {
      row.failed = true;
      continue;
    }
    row.records = e.records;
    switch (e.action) {
      case 'begin':
        row.status = 'open';
        break;
      case 'preCommit':
        row.status = 'preCommitted';
        row.checkpoint = e.checkpoint;
        break;
      case 'commit':
      case 'recoverAndCommit':
        row.status = 'committed';
        if (e.checkpoint !== null) row.checkpoint = e.checkpoint;
        if (e.action === 'recoverAndCommit') row.recovered = true;
        break;
      case 'abort':
      case 'recoverAndAbort':
        row.status = 'aborted';
        break;
    }
  }
  // An open transaction's records so far are in its subtask's sink state.
  for (const t of plan.execution.tasks) {
    const s = world.tasks[t.index]?.sinks[op] as unknown as TwoPhaseCommitState | undefined;
    const cur = s?.current;
    const row = cur ? rows.get(cur.id) : undefined;
    if (cur && row && row.status === 'open') row.records = cur.records.length;
  }
  return [...rows.values()];
}

function sinkView(plan: Plan, world: World, trace: readonly TraceEvent[], cfg: CheckpointConfig, op: string, origin: (r: number) => string | null): SinkView {
  const node = plan.streamGraph.nodes.find((n) => n.id === op)!;
  const transactional = node.spec.type === 'sink' && node.spec.transactional === true;
  const seen = new Map<string, number>();
  const mark = (text: string, o: string | null, txn?: string): DeliveredRecord => {
    const n = o === null ? 0 : (seen.get(o) ?? 0);
    if (o !== null) seen.set(o, n + 1);
    return { text, origin: o, duplicate: n > 0, ...(txn !== undefined ? { txn } : {}) };
  };
  const records: DeliveredRecord[] = [];
  if (transactional) {
    for (const c of world.checkpointing.external[op]?.committed ?? []) {
      for (const r of c.records) {
        const rec = r as { value?: Json; origin?: string };
        records.push(mark(formatValue(rec.value ?? null), rec.origin ?? null, c.txn));
      }
    }
  } else {
    for (const e of trace) if (e.type === 'output.emitted' && e.operator === op) records.push(mark(e.text, origin(e.record)));
  }
  const d = world.checkpointing.delivered[op];
  return {
    operator: op,
    name: node.name,
    transactional,
    guarantee: !cfg.enabled ? 'none' : transactional && cfg.mode === 'EXACTLY_ONCE' ? 'exactly-once' : 'at-least-once',
    transactions: transactional ? transactions(plan, world, trace, op) : [],
    records,
    delivered: d?.total ?? 0,
    duplicates: d?.duplicates ?? 0,
    lost: world.checkpointing.lost,
  };
}

/** Every sink of the job, in the stream graph's order. */
export function sinkViews(plan: Plan, world: World, trace: readonly TraceEvent[], cfg: CheckpointConfig): SinkView[] {
  const origin = originFinder(trace);
  return plan.streamGraph.nodes.filter((n) => n.spec.type === 'sink').map((n) => sinkView(plan, world, trace, cfg, n.id, origin));
}
