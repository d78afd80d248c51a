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
import { canonicalJson, formatValue } from '../functions/fields.ts';
import { currentKey } from '../state/KeyContext.ts';
import { assignTimestamp, onGeneratorEvent } from './TimestampsAndWatermarksOperator.ts';
import { processWindowElement } from './WindowOperatorRuntime.ts';
import { processKeyedElement } from './KeyedProcessOperator.ts';
import { writeToSink } from '../checkpoint/TransactionalSinks.ts';
import { recordStateWrite } from '../checkpoint/StateBackendRuntime.ts';

/** Runs `record` through operator `opId` of task `index` and on through the operators chained after it. */
export function runChain(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord, emit: Emit): void {
  const outputs = applyOperator(ctx, world, index, opId, record, emit);
  if (ctx.node.get(opId)!.spec.type !== 'source') {
    emit({ type: 'record.processed', task: ctx.plan.execution.tasks[index]!.id, operator: opId, record: record.id, outputs: outputs.map((o) => o.record.id) });
  }
  forwardAll(ctx, world, index, opId, outputs, emit);
  // Generators see a record after it was forwarded (TimestampsAndWatermarksOperator.processElement,
  // SourceOutputWithWatermarks.collect), so a punctuated watermark follows the record that caused it.
  if (ctx.node.get(opId)!.spec.type === 'timestamps') onGeneratorEvent(ctx, world, index, opId, outputs[0]!.record, emit);
}

/** Hands each output on, in order, to the edges of its output (main or a side output's tag). */
export function forwardAll(ctx: SimContext, world: World, index: number, opId: string, outputs: Output[], emit: Emit): void {
  for (const out of outputs) forward(ctx, world, index, opId, out.record, emit, out.tag);
}

/**
 * Hands an operator's output on: first to every record writer (network edges), then to the chained
 * operators, as OperatorChain.createOutputCollector orders its outputs (RecordWriterOutputs first).
 * A side-output record goes only to the edges reading that tag, a main record to the others.
 */
function forward(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord, emit: Emit, tag: string | null = null): void {
  const edges = tag === null ? ctx.mainOutEdges.get(opId)! : ctx.outEdges.get(opId)!.filter((e) => e.outputTag === tag);
  const fanOut = { sent: false };
  for (const e of edges) {
    const jobEdge = ctx.jobEdgeOf[e.index]!;
    if (jobEdge >= 0) sendRecord(ctx, world, index, ctx.outputIndex[jobEdge]!, record, emit, fanOut);
  }
  for (const e of edges) if (ctx.jobEdgeOf[e.index]! < 0) runChain(ctx, world, index, e.target, record, emit);
}

/** A new record derived from `parent` (same origin and timestamp). */
export function derive(world: World, parent: StreamRecord, value: Json): StreamRecord {
  const r: StreamRecord = { id: world.nextRecordId++, value, origin: parent.origin, parent: parent.id, createdAt: world.time };
  if (parent.timestamp !== undefined) r.timestamp = parent.timestamp;
  return r;
}

/** Keyed running aggregations (sum, min, max, reduce): BATCH mode emits their final values at the end of input. */
const AGGREGATION_TYPES = new Set(['sum', 'min', 'max', 'reduce']);

/** An operator's output record and the side output it goes to (null: the main output). */
export interface Output {
  record: StreamRecord;
  tag: string | null;
}

const main = (records: StreamRecord[]): Output[] => records.map((record) => ({ record, tag: null }));

function applyOperator(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord, emit: Emit): Output[] {
  const node = ctx.node.get(opId)!;
  const spec = node.spec;
  const taskId = ctx.plan.execution.tasks[index]!.id;
  switch (spec.type) {
    case 'source':
      return main([record]);
    case 'map':
      return main([derive(world, record, applyUserFunction(spec, record.value) as Json)]);
    case 'coMap':
      // CoStreamMap: map1 for input 1, map2 for input 2; both apply `fn` here (identity by default).
      return main([derive(world, record, spec.fn ? (applyUserFunction({ ...spec, type: 'map', fn: spec.fn }, record.value) as Json) : record.value)]);
    case 'flatMap':
      return main((applyUserFunction(spec, record.value) as Json[]).map((v) => derive(world, record, v)));
    case 'filter':
      return main(applyUserFunction(spec, record.value) ? [record] : []);
    case 'timestamps':
      return main([assignTimestamp(ctx, world, index, opId, record)]);
    case 'window':
      return processWindowElement(ctx, world, index, opId, record, emit);
    case 'process':
      return processKeyedElement(ctx, world, index, opId, record, emit);
    case 'sink': {
      // A transactional sink writes into its open transaction; a reader sees it once committed.
      if (!writeToSink(ctx, world, index, opId, record)) return [];
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
      const { key, keyGroup } = currentKey(node, record);
      const keyed = world.tasks[index]!.keyed;
      const state = Object.hasOwn(keyed, opId) ? keyed[opId]! : (keyed[opId] = {});
      const slot = canonicalJson(key);
      const entry = Object.hasOwn(state, slot) ? state[slot] : undefined;
      // The first record of a key is stored as is (Flink's reduce state starts empty).
      const before = entry ? entry.value : null;
      const after = entry ? aggregate(spec, entry.value, record.value) : record.value;
      state[slot] = { key, keyGroup, value: after };
      recordStateWrite(ctx, world, index, opId, key, after, emit);
      emit({ type: 'state.changed', task: taskId, operator: opId, key, keyGroup, from: before, to: after });
      // BATCH mode (ReduceTransformationTranslator.translateForBatchInternal → BatchGroupedReduceOperator):
      // nothing is emitted per record; each key's final value leaves at the end of input (`endOfInput`).
      if (ctx.plan.streamGraph.runtimeMode === 'BATCH') return [];
      return main([derive(world, record, after)]);
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
    // Only keyed aggregations emit at the end; a process function's ValueState is its own business.
    if (!AGGREGATION_TYPES.has(ctx.node.get(opId)!.spec.type)) continue;
    const state = Object.hasOwn(task.keyed, opId) ? task.keyed[opId]! : null;
    if (!state) continue;
    for (const entry of Object.values(state)) {
      const record: StreamRecord = { id: world.nextRecordId++, value: entry.value, key: entry.key, keyGroup: entry.keyGroup, origin: { task: plan.id, offset: -1 }, createdAt: world.time };
      forward(ctx, world, index, opId, record, emit);
    }
  }
}
