/**
 * Timestamp assignment and the watermark generator's per-record step, in a source
 * (SourceOutputWithWatermarks.collect) or in an `assignTimestampsAndWatermarks` operator
 * (flink-runtime/.../streaming/runtime/operators/TimestampsAndWatermarksOperator.java): assign the
 * timestamp, forward the record first, then call `generator.onEvent`.
 */
import type { StreamRecord, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { onEvent, ingestionTimestamp } from '../eventtime/WatermarkGenerator.ts';
import { getField, formatValue } from '../functions/fields.ts';
import { SimulationError } from '../kernel/errors.ts';
import { LONG_MIN } from '../util/JavaLong.ts';
import { generatorOutput, operatorTime } from './EventTime.ts';

/**
 * The record with the timestamp the operator's strategy assigns: from `timestampField`, the
 * ingestion clock, or the one the record carries (RecordTimestampAssigner). Operators without a
 * strategy return the record unchanged.
 */
export function assignTimestamp(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord): StreamRecord {
  const strategy = ctx.time.get(opId)?.strategy;
  if (!strategy) return record;
  let timestamp = record.timestamp;
  if (strategy.generator.kind === 'ingestionTime') {
    timestamp = ingestionTimestamp(operatorTime(world, index, opId).generator!, world.time);
  } else if (strategy.timestampField !== null) {
    const ts = getField(record.value, strategy.timestampField);
    if (typeof ts !== 'number' || !Number.isSafeInteger(ts)) {
      throw new SimulationError(
        `operator "${opId}": the timestamp field ${JSON.stringify(strategy.timestampField)} of record ${formatValue(record.value)} is ${formatValue(ts)}, ` +
          'not an integer (ms); point timestampField at a field holding the event time in ms',
      );
    }
    timestamp = ts;
  }
  if (timestamp === record.timestamp) return record;
  const out: StreamRecord = { ...record };
  if (timestamp === undefined) delete out.timestamp;
  else out.timestamp = timestamp;
  return out;
}

/** `generator.onEvent` for a record that has been forwarded (a record without a timestamp counts as Long.MIN_VALUE). */
export function onGeneratorEvent(ctx: SimContext, world: World, index: number, opId: string, record: StreamRecord, emit: Emit): void {
  const strategy = ctx.time.get(opId)?.strategy;
  if (!strategy) return;
  const op = operatorTime(world, index, opId);
  const punctual = ctx.plan.streamGraph.runtimeMode === 'BATCH' ? null : generatorOutput(ctx, world, index, opId, emit);
  // BATCH: watermarks other than the end of input are not emitted, so the generator's output is muted.
  const out = punctual ?? { emitWatermark: () => {}, markIdle: () => {}, markActive: () => {} };
  onEvent(strategy, op.generator!, record.timestamp ?? LONG_MIN, record.value, world.time, out);
}
