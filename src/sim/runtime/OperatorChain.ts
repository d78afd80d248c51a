/**
 * Runs a record through a task's chained operators, depth-first, as Flink's OperatorChain does:
 * each operator's outputs go straight into the next chained operator, or to a record writer when
 * the edge leaves the chain.
 */
import type { Json } from '../scenario/Scenario.ts';
import type { StreamRecord, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { sendRecord } from './RecordWriter.ts';
import { applyUserFunction, aggregate } from './operators.ts';
import { canonicalJson, formatValue, getField } from '../functions/fields.ts';
import { assignToKeyGroup } from '../state/KeyGroupRangeAssignment.ts';

/** Runs `record` through operator `opId` of task `index` and on through the operators chained after it. */
export function runChain(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord, emit: Emit): void {
  const outputs = applyOperator(ctx, world, index, opId, record, emit);
  if (ctx.node.get(opId)!.spec.type !== 'source') {
    emit({ type: 'record.processed', task: ctx.plan.execution.tasks[index]!.id, operator: opId, record: record.id, outputs: outputs.map((r) => r.id) });
  }
  for (const out of outputs) forward(ctx, world, index, opId, out, emit);
}

/**
 * Hands an operator's output on: first to every record writer (network edges), then to the chained
 * operators, as OperatorChain.createOutputCollector orders its outputs (RecordWriterOutputs first).
 */
function forward(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord, emit: Emit): void {
  const edges = ctx.outEdges.get(opId)!;
  const fanOut = { sent: false };
  for (const e of edges) {
    const jobEdge = ctx.jobEdgeOf[e.index]!;
    if (jobEdge >= 0) sendRecord(ctx, world, index, ctx.outputIndex[jobEdge]!, record, emit, fanOut);
  }
  for (const e of edges) if (ctx.jobEdgeOf[e.index]! < 0) runChain(ctx, world, index, e.target, record, emit);
}

/** A new record derived from `parent` (same origin and timestamp). */
function derive(world: World, parent: StreamRecord, value: Json): StreamRecord {
  const r: StreamRecord = { id: world.nextRecordId++, value, origin: parent.origin, parent: parent.id, createdAt: world.time };
  if (parent.timestamp !== undefined) r.timestamp = parent.timestamp;
  return r;
}

function applyOperator(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord, emit: Emit): StreamRecord[] {
  const node = ctx.node.get(opId)!;
  const spec = node.spec;
  const taskId = ctx.plan.execution.tasks[index]!.id;
  switch (spec.type) {
    case 'source':
      return [record];
    case 'map':
      return [derive(world, record, applyUserFunction(spec, record.value) as Json)];
    case 'flatMap':
      return (applyUserFunction(spec, record.value) as Json[]).map((v) => derive(world, record, v));
    case 'filter':
      return applyUserFunction(spec, record.value) ? [record] : [];
    case 'sink': {
      // PrintSinkOutputWriter: prefix "identifier:" and "subtask+1" when parallelism > 1, then "> ".
      const p = ctx.plan.execution.tasks[index]!;
      let prefix = spec.identifier ?? '';
      if (p.parallelism > 1) prefix += (prefix ? ':' : '') + (p.subtask + 1);
      if (prefix) prefix += '> ';
      emit({ type: 'output.emitted', task: taskId, operator: opId, record: record.id, value: record.value, text: prefix + formatValue(record.value) });
      return [];
    }
    default: {
      // Keyed state: one entry per key, in the key group the key hashes to.
      const key = record.key !== undefined ? record.key : getField(record.value, spec.keyBy ?? '$');
      const keyGroup = record.keyGroup ?? assignToKeyGroup(key, node.maxParallelism);
      const keyed = world.tasks[index]!.keyed;
      const state = Object.hasOwn(keyed, opId) ? keyed[opId]! : (keyed[opId] = {});
      const slot = canonicalJson(key);
      const entry = Object.hasOwn(state, slot) ? state[slot] : undefined;
      // The first record of a key is stored as is (Flink's reduce state starts empty).
      const before = entry ? entry.value : null;
      const after = entry ? aggregate(spec, entry.value, record.value) : record.value;
      state[slot] = { key, keyGroup, value: after };
      emit({ type: 'state.changed', task: taskId, operator: opId, key, keyGroup, from: before, to: after });
      // BATCH mode (ReduceTransformationTranslator.translateForBatchInternal → BatchGroupedReduceOperator):
      // nothing is emitted per record; each key's final value leaves at the end of input (`endOfInput`).
      if (ctx.plan.streamGraph.runtimeMode === 'BATCH') return [];
      return [derive(world, record, after)];
    }
  }
}

/**
 * End of input in BATCH mode: every keyed aggregation of the task emits its final value per key,
 * in the order the keys first arrived, and the values run on through the chain. (Flink sorts a
 * batch job's keyed input by serialized key, so its key order can differ.)
 */
export function endOfInput(ctx: SimContext, world: World, index: number, emit: Emit): void {
  if (ctx.plan.streamGraph.runtimeMode !== 'BATCH') return;
  const task = world.tasks[index]!;
  const plan = ctx.plan.execution.tasks[index]!;
  for (const opId of plan.operators) {
    const state = Object.hasOwn(task.keyed, opId) ? task.keyed[opId]! : null;
    if (!state) continue;
    for (const entry of Object.values(state)) {
      const record: StreamRecord = { id: world.nextRecordId++, value: entry.value, key: entry.key, keyGroup: entry.keyGroup, origin: { task: plan.id, offset: -1 }, createdAt: world.time };
      forward(ctx, world, index, opId, record, emit);
    }
  }
}
