/**
 * KeyedProcessOperator (flink-runtime/.../streaming/api/operators/KeyedProcessOperator.java): runs a
 * built-in KeyedProcessFunction per record and per timer. Its ValueState is the task's keyed state
 * (traced as `state.changed`); outputs of processElement keep the element's timestamp, outputs of
 * an event-time timer carry the timer's time, outputs of a processing-time timer none.
 */
import type { Json, ProcessOperatorSpec } from '../scenario/Scenario.ts';
import type { StreamRecord, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import type { TimeDomain } from '../trace.ts';
import type { InternalTimer } from '../timers/InternalTimerService.ts';
import { PROCESS_FUNCTIONS, type ProcessFunctionContext } from '../functions/processFunctions.ts';
import { currentKey } from '../state/KeyContext.ts';
import { canonicalJson } from '../functions/fields.ts';
import { assignToKeyGroup } from '../state/KeyGroupRangeAssignment.ts';
import { operatorTime, registerOperatorTimer } from './EventTime.ts';
import { forwardAll, type Output } from './OperatorChain.ts';

function context(
  ctx: SimContext, world: World, index: number, opId: string, key: Json, timestamp: number | null, outTimestamp: number | null,
  outputs: Output[], emit: Emit, parent?: StreamRecord,
): ProcessFunctionContext {
  const node = ctx.node.get(opId)!;
  const task = world.tasks[index]!;
  const taskId = ctx.plan.execution.tasks[index]!.id;
  const slot = canonicalJson(key);
  const state = Object.hasOwn(task.keyed, opId) ? task.keyed[opId]! : (task.keyed[opId] = {});
  return {
    key,
    timestamp,
    currentWatermark: operatorTime(world, index, opId).watermark,
    currentProcessingTime: world.time,
    state: Object.hasOwn(state, slot) ? state[slot]!.value : null,
    update(value) {
      const before = Object.hasOwn(state, slot) ? state[slot]!.value : null;
      const keyGroup = assignToKeyGroup(key, node.maxParallelism);
      if (value === null) delete state[slot];
      else state[slot] = { key, keyGroup, value };
      this.state = value;
      emit({ type: 'state.changed', task: taskId, operator: opId, key, keyGroup, from: before, to: value });
    },
    registerTimer: (domain, time) => registerOperatorTimer(ctx, world, index, opId, domain, key, '', time, emit),
    collect(value) {
      const r: StreamRecord = { id: world.nextRecordId++, value, origin: parent?.origin ?? { task: taskId, offset: -1 }, createdAt: world.time };
      if (parent) r.parent = parent.id;
      if (outTimestamp !== null) r.timestamp = outTimestamp;
      outputs.push({ record: r, tag: null });
    },
  };
}

const specOf = (ctx: SimContext, opId: string) => ctx.node.get(opId)!.spec as ProcessOperatorSpec;

export function processKeyedElement(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord, emit: Emit): Output[] {
  const spec = specOf(ctx, opId);
  const { key } = currentKey(ctx.node.get(opId)!, record);
  const outputs: Output[] = [];
  const ts = record.timestamp ?? null;
  PROCESS_FUNCTIONS[spec.fn]!.processElement(spec.args ?? {}, context(ctx, world, index, opId, key, ts, ts, outputs, emit, record), record.value);
  return outputs;
}

export function onKeyedProcessTimer(ctx: SimContext, world: World, index: number, opId: string, domain: TimeDomain, timer: InternalTimer, emit: Emit): void {
  const spec = specOf(ctx, opId);
  const outputs: Output[] = [];
  const outTs = domain === 'event' ? timer.timestamp : null;
  PROCESS_FUNCTIONS[spec.fn]!.onTimer(spec.args ?? {}, context(ctx, world, index, opId, timer.key, timer.timestamp, outTs, outputs, emit), timer.timestamp, domain);
  forwardAll(ctx, world, index, opId, outputs, emit);
}
