/**
 * Finding a record at a step: where it is now (on a channel, in a task's input queue, waiting for
 * credit in its sender's subpartition, or gone) and
 * where it came from (its source offset and the chain of parent records, from the trace).
 */
import type { JobPlan } from '../../sim/graph/types.ts';
import type { Json } from '../../sim/scenario/Scenario.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import { queuedInOrder, type StreamRecord, type World } from '../../sim/world.ts';

export interface RecordIndex {
  /** Full records, from source.emitted and record.sent. */
  records: Map<number, StreamRecord>;
  /** Which operator (in which task) produced a record; source records: the source operator. */
  producedBy: Map<number, { task: string; operator: string; t: number }>;
  /** Parent of each record produced by a record.processed event. */
  parentOf: Map<number, number>;
  /** Children of a record (the outputs of processing it), per processing operator. */
  childrenOf: Map<number, { task: string; operator: string; outputs: number[]; t: number }[]>;
  /** Values known only from output.emitted (records printed by a chained sink, never sent). */
  printed: Map<number, { value: Json; text: string; task: string }>;
  /** Last sent event of a record (a record is sent once per hop; copies carry new ids). */
  sent: Map<number, { task: string; to: string; channel: string; sentAt: number; arrivesAt: number }>;
}

/** One pass over a trace prefix (`timeline.traceUntil(step)`). */
export function indexTrace(trace: readonly TraceEvent[]): RecordIndex {
  const ix: RecordIndex = {
    records: new Map(),
    producedBy: new Map(),
    parentOf: new Map(),
    childrenOf: new Map(),
    printed: new Map(),
    sent: new Map(),
  };
  for (const e of trace) {
    switch (e.type) {
      case 'source.emitted':
        ix.records.set(e.record.id, e.record);
        ix.producedBy.set(e.record.id, { task: e.task, operator: e.operator, t: e.t });
        break;
      case 'record.sent':
        ix.records.set(e.record.id, e.record);
        ix.sent.set(e.record.id, { task: e.task, to: e.to, channel: e.channel, sentAt: e.sentAt, arrivesAt: e.arrivesAt });
        break;
      case 'record.processed': {
        for (const o of e.outputs) {
          ix.parentOf.set(o, e.record);
          ix.producedBy.set(o, { task: e.task, operator: e.operator, t: e.t });
        }
        const list = ix.childrenOf.get(e.record) ?? [];
        list.push({ task: e.task, operator: e.operator, outputs: e.outputs, t: e.t });
        ix.childrenOf.set(e.record, list);
        break;
      }
      case 'output.emitted':
        ix.printed.set(e.record, { value: e.value, text: e.text, task: e.task });
        break;
      default:
        break;
    }
  }
  return ix;
}

export type RecordLocation =
  | { kind: 'channel'; channel: number; from: string; to: string; sentAt: number; arrivesAt: number }
  | { kind: 'queued'; task: string; channel: number; from: string; arrivedAt: number; position: number; replayed?: true }
  /** In the sender's subpartition, waiting for credit (credit-based flow control); `position` among its queued elements. */
  | { kind: 'waiting'; channel: number; from: string; to: string; position: number }
  | { kind: 'gone' };

/** The record as the world holds it at this step, with its place; null if it is nowhere in the world. */
export function locateRecord(plan: JobPlan, world: World, id: number): { record: StreamRecord; location: RecordLocation } | null {
  const taskId = (i: number) => plan.execution.tasks[i]?.id ?? String(i);
  for (let c = 0; c < world.channels.length; c++) {
    for (const f of world.channels[c]!.inFlight) {
      if (f.element.kind === 'record' && f.element.record.id === id) {
        const ch = plan.execution.channels[c]!;
        return {
          record: f.element.record,
          location: { kind: 'channel', channel: c, from: taskId(ch.from), to: taskId(ch.to), sentAt: f.sentAt, arrivesAt: f.arrivesAt },
        };
      }
    }
  }
  for (let t = 0; t < world.tasks.length; t++) {
    const input = queuedInOrder(world.tasks[t]!);
    for (let k = 0; k < input.length; k++) {
      const q = input[k]!;
      if (q.element.kind === 'record' && q.element.record.id === id) {
        const ch = plan.execution.channels[q.channel];
        return {
          record: q.element.record,
          location: {
            kind: 'queued', task: taskId(t), channel: q.channel, from: ch ? taskId(ch.from) : '?', arrivedAt: q.arrivedAt, position: k,
            ...(q.restored ? { replayed: true as const } : {}),
          },
        };
      }
    }
  }
  for (let c = 0; c < world.channels.length; c++) {
    const queue = world.channels[c]!.outQueue ?? [];
    for (let k = 0; k < queue.length; k++) {
      const e = queue[k]!;
      if (e.kind === 'record' && e.record.id === id) {
        const ch = plan.execution.channels[c]!;
        return { record: e.record, location: { kind: 'waiting', channel: c, from: taskId(ch.from), to: taskId(ch.to), position: k } };
      }
    }
  }
  return null;
}

export interface LineageStep {
  id: number;
  /** The operator that produced this record (the source operator for source records). */
  operator: string | null;
  task: string | null;
}

/**
 * The chain of records that led to `id`, oldest first, ending with `id` itself: follows `parent`
 * (from the record) or the record.processed event that output it.
 */
export function lineage(ix: RecordIndex, id: number): LineageStep[] {
  const chain: LineageStep[] = [];
  const seen = new Set<number>();
  let cur: number | undefined = id;
  while (cur !== undefined && !seen.has(cur)) {
    seen.add(cur);
    const by = ix.producedBy.get(cur);
    chain.push({ id: cur, operator: by?.operator ?? null, task: by?.task ?? null });
    cur = ix.records.get(cur)?.parent ?? ix.parentOf.get(cur);
  }
  return chain.reverse();
}
