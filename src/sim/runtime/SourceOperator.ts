/**
 * Sources: each source subtask reads its split, explicit events at their `at` times or a seeded
 * generator at `ratePerSec`, and pushes every record through its chain. A bounded source that has
 * emitted everything ends its partitions and finishes.
 */
import type { StreamRecord, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { scheduleAt } from './Kernel.ts';
import { hashInt } from '../kernel/Random.ts';
import { runChain } from './OperatorChain.ts';
import { finishTask } from './StreamTask.ts';
import type { SourceOperatorSpec } from '../scenario/Scenario.ts';
import { assignTimestamp, onGeneratorEvent } from './TimestampsAndWatermarksOperator.ts';
import { emitGenerated, generatorOutput } from './EventTime.ts';
import { LONG_MAX } from '../util/JavaLong.ts';
import { addBusy, isOutputAvailable, markBackPressured } from '../network/BackPressure.ts';

const specOf = (ctx: SimContext, index: number) =>
  ctx.node.get(ctx.plan.execution.tasks[index]!.operators[0]!)!.spec as SourceOperatorSpec;

/**
 * The generator's timing restarts: on start and resume the next record is due now; on a rate change
 * (`keepPhase`) it is due one interval at the new rate after the last record. An emission already
 * queued at the old timing is superseded.
 */
export function rebaseRate(world: World, index: number, keepPhase = false): void {
  const src = world.tasks[index]!.source!;
  src.rateSince =
    keepPhase && src.lastEmitAt !== null && src.offset > 0
      ? { time: src.lastEmitAt, offset: src.offset - 1 }
      : { time: world.time, offset: src.offset };
  src.epoch += 1;
  src.scheduled = false;
}

/** When the next record is available (null when the split is exhausted). */
function nextAvailableAt(ctx: SimContext, world: World, index: number): number | null {
  const src = world.tasks[index]!.source!;
  const events = ctx.sourceEvents[index];
  if (events) return events[src.offset]?.at ?? null;
  const gen = specOf(ctx, index).generator!;
  if (gen.count !== undefined && src.offset >= gen.count) return null;
  return src.rateSince.time + Math.floor(((src.offset - src.rateSince.offset) * 1000) / src.ratePerSec);
}

/** Queues the next emission no earlier than `earliest`, if the source can emit. */
export function scheduleSource(ctx: SimContext, world: World, index: number, earliest = world.time): void {
  const task = world.tasks[index]!;
  const src = task.source!;
  // Busy with a synchronous snapshot, or back-pressured: it goes on when that ends.
  if (src.scheduled || src.done || src.stopping !== undefined || task.paused || task.local !== 'RUNNING' || task.busy || task.metrics.backPressuredSince !== null) return;
  src.scheduled = true;
  const at = nextAvailableAt(ctx, world, index);
  scheduleAt(world, Math.max(at ?? world.time, earliest), { kind: 'source.emit', task: index, epoch: src.epoch });
}

/** A `source.emit` event: emit the next record of the split (or finish when it is exhausted), then queue the next. */
export function emitNext(ctx: SimContext, world: World, index: number, epoch: number, emit: Emit): void {
  const task = world.tasks[index]!;
  const src = task.source!;
  if (epoch !== src.epoch) return; // superseded by a rate change or a resume
  src.scheduled = false;
  if (task.paused || task.local !== 'RUNNING' || task.busy || src.stopping !== undefined) return; // resuming reschedules
  const plan = ctx.plan.execution.tasks[index]!;
  // SourceStreamTask waits for a free output buffer before it emits (recordWriter.isAvailable()).
  if (!isOutputAvailable(ctx, world, index)) {
    markBackPressured(ctx, world, index, emit);
    return;
  }
  if (nextAvailableAt(ctx, world, index) === null) {
    src.done = true;
    finishTask(ctx, world, index, emit);
    return;
  }
  const spec = specOf(ctx, index);
  const offset = src.offset++;
  src.lastEmitAt = world.time;
  const event = ctx.sourceEvents[index]?.[offset];
  if (event && event.value === undefined) {
    // SourceContext.emitWatermark / markAsTemporarilyIdle of a legacy source. A BATCH job's sources
    // emit no watermarks but the end of input (NoOpTimestampsAndWatermarks), and no idleness.
    if (ctx.plan.streamGraph.runtimeMode === 'BATCH') {
      if (event.watermark === 'MAX') emitGenerated(ctx, world, index, spec.id, LONG_MAX, emit);
    } else if (event.watermark !== undefined) emitGenerated(ctx, world, index, spec.id, event.watermark === 'MAX' ? LONG_MAX : event.watermark, emit);
    else if (event.idle !== undefined) {
      const out = generatorOutput(ctx, world, index, spec.id, emit);
      if (event.idle) out.markIdle();
      else out.markActive();
    }
  } else {
    const gen = spec.generator;
    const value = event ? event.value! : gen!.values[hashInt(gen!.seed, plan.subtask, offset, gen!.values.length)]!;
    const raw: StreamRecord = { id: world.nextRecordId++, value, origin: { task: plan.id, offset }, createdAt: world.time };
    if (event?.timestamp !== undefined) raw.timestamp = event.timestamp;
    const record = assignTimestamp(ctx, world, index, spec.id, raw);
    // A legacy SourceContext marks its output ACTIVE before each record (StreamSourceContexts.WatermarkContext.collect).
    if (!ctx.time.get(spec.id)?.strategy) generatorOutput(ctx, world, index, spec.id, emit).markActive();
    emit({ type: 'source.emitted', task: plan.id, operator: spec.id, offset, record });
    runChain(ctx, world, index, spec.id, record, emit);
    onGeneratorEvent(ctx, world, index, spec.id, record, emit);
  }
  // The chain needs its processing time per record before the next one.
  if (ctx.chainCost[index]! > 0) addBusy(task, world.time, world.time + ctx.chainCost[index]!);
  scheduleSource(ctx, world, index, world.time + ctx.chainCost[index]!);
}
