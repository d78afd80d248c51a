/**
 * Runs the WindowOperator (windowing/WindowOperator.ts) inside a task: gives it the key's context
 * (the operator's current watermark, the simulated processing time, the keyed timer service) and
 * turns what it emits into records, main output and late-data side output.
 */
import type { Json } from '../scenario/Scenario.ts';
import type { StreamRecord, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import type { TimeDomain } from '../trace.ts';
import type { InternalTimer } from '../timers/InternalTimerService.ts';
import { onTimer, processElement, type WindowContext } from '../windowing/WindowOperator.ts';
import { currentKey } from '../state/KeyContext.ts';
import { deleteOperatorTimer, operatorTime, registerOperatorTimer } from './EventTime.ts';
import { forwardAll, type Output } from './OperatorChain.ts';

function windowContext(ctx: SimContext, world: World, index: number, opId: string, key: Json, outputs: Output[], emit: Emit, parent?: StreamRecord): WindowContext {
  const task = ctx.plan.execution.tasks[index]!.id;
  const record = (value: Json, timestamp: number | null): StreamRecord => {
    const r: StreamRecord = { id: world.nextRecordId++, value, origin: parent?.origin ?? { task, offset: -1 }, createdAt: world.time };
    if (parent) r.parent = parent.id;
    if (timestamp !== null) r.timestamp = timestamp;
    return r;
  };
  return {
    key,
    currentWatermark: operatorTime(world, index, opId).watermark,
    currentProcessingTime: world.time,
    registerTimer: (domain, namespace, time) => registerOperatorTimer(ctx, world, index, opId, domain, key, namespace, time, emit),
    deleteTimer: (domain, namespace, time) => deleteOperatorTimer(ctx, world, index, opId, domain, key, namespace, time, emit),
    emit: (value, timestamp) => outputs.push({ record: record(value, timestamp), tag: null }),
    sideOutput: (tag, _value, timestamp) => {
      // Late data leaves as it came (sideOutput(lateDataOutputTag, element)): same value and timestamp.
      const late = parent ? { ...parent } : record(_value, timestamp);
      outputs.push({ record: late, tag });
    },
    trace: (e) => emit({ ...e, task, operator: opId } as Parameters<Emit>[0]),
  };
}

/** A record reaches the window operator: returns the firings and late records it causes. */
export function processWindowElement(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord, emit: Emit): Output[] {
  const { key } = currentKey(ctx.node.get(opId)!, record);
  const outputs: Output[] = [];
  const wctx = windowContext(ctx, world, index, opId, key, outputs, emit, record);
  processElement(ctx.time.get(opId)!.window!, operatorTime(world, index, opId).windows!, wctx, {
    value: record.value,
    timestamp: record.timestamp ?? null,
    record: record.id,
  });
  return outputs;
}

/** A timer of the window operator fired: trigger, firing and cleanup for that key and window. */
export function onWindowTimer(ctx: SimContext, world: World, index: number, opId: string, domain: TimeDomain, timer: InternalTimer, emit: Emit): void {
  const outputs: Output[] = [];
  const wctx = windowContext(ctx, world, index, opId, timer.key, outputs, emit);
  onTimer(ctx.time.get(opId)!.window!, operatorTime(world, index, opId).windows!, wctx, domain, { timestamp: timer.timestamp, namespace: timer.namespace });
  forwardAll(ctx, world, index, opId, outputs, emit);
}
