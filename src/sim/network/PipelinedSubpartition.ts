/**
 * The sending side of a channel (Flink's PipelinedSubpartition and its credit-based reader,
 * CreditBasedSequenceNumberingViewReader): elements queue in the subpartition and go on the wire
 * while the receiver has granted credit. A data buffer needs one credit; events (watermarks, barriers,
 * end of partition) need none but keep their place in the queue
 * (PipelinedSubpartition.getAvailabilityAndBacklog: without credit only a leading event may go).
 * Flinkscope puts one record in each buffer, so a learner can count buffers.
 */
import type { InFlight, StreamElement, World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import { scheduleAt } from '../runtime/Kernel.ts';
import { nextInt } from '../kernel/Random.ts';
import { onBarrierLeftQueue } from '../checkpoint/AlignedBarrierTimeout.ts';

/** A data buffer (needs credit) as opposed to an event. */
export const isData = (e: StreamElement) => e.kind === 'record';

/** Data buffers waiting in the subpartition for credit (the backlog Flink announces to the receiver). */
export const backlogOf = (world: World, channel: number) => world.channels[channel]!.backlog;

/** Puts one element on the wire and schedules its delivery (FIFO: it never overtakes). Returns [sentAt, arrivesAt]. */
export function putOnWire(ctx: SimContext, world: World, channel: number, element: StreamElement, emit: Emit): [number, number] {
  const ch = world.channels[channel]!;
  const { latencyMs, jitterMs } = ctx.scenario.network;
  const jitter = jitterMs > 0 ? nextInt(world.rng, jitterMs + 1) : 0;
  const arrivesAt = Math.max(world.time + latencyMs + jitter, ch.lastArrivesAt);
  ch.lastArrivesAt = arrivesAt;
  const flight: InFlight = { element, sentAt: world.time, arrivesAt };
  if (isData(element) && !ctx.blocking[channel]) flight.backlog = backlogOf(world, channel);
  ch.inFlight.push(flight);
  ch.sent += 1;
  scheduleAt(world, arrivesAt, { kind: 'channel.deliver', channel, epoch: ch.epoch });
  emitSent(ctx, channel, element, [world.time, arrivesAt], emit);
  return [world.time, arrivesAt];
}

/** Adds an element to the subpartition's queue and sends what the credit allows. */
export function enqueue(ctx: SimContext, world: World, channel: number, element: StreamElement, emit: Emit): void {
  const ch = world.channels[channel]!;
  ch.outQueue.push(element);
  if (isData(element)) ch.backlog += 1;
  flushSubpartition(ctx, world, channel, emit);
}

/** Sends queued elements in order while the head is an event or credit remains. */
export function flushSubpartition(ctx: SimContext, world: World, channel: number, emit: Emit): void {
  const ch = world.channels[channel]!;
  while (ch.outQueue.length > 0) {
    const head = ch.outQueue[0]!;
    if (isData(head)) {
      if (ch.credit <= 0) return;
      ch.credit -= 1;
      ch.backlog -= 1;
    }
    ch.outQueue.shift();
    putOnWire(ctx, world, channel, head, emit);
    if (head.kind === 'barrier') onBarrierLeftQueue(ctx, world, channel, head.barrier.id, emit);
  }
}

/**
 * A priority event (an unaligned checkpoint barrier, PipelinedSubpartition.addPriorityElement): it
 * goes at the head of the queue and on the wire at once, overtaking queued and in-flight data. Returns
 * the data it overtook, which an unaligned checkpoint stores as output channel state.
 */
export function sendPriority(ctx: SimContext, world: World, channel: number, element: StreamElement, emit: Emit): StreamElement[] {
  const ch = world.channels[channel]!;
  const arrivesAt = world.time + ctx.scenario.network.latencyMs;
  // On the wire it overtakes what would arrive after it; what arrives first, the receiver stores.
  const overtaken = [...ch.inFlight.filter((f) => f.arrivesAt > arrivesAt).map((f) => f.element), ...ch.outQueue].filter(isData);
  ch.priority.push({ element, sentAt: world.time, arrivesAt });
  ch.sent += 1;
  scheduleAt(world, arrivesAt, { kind: 'channel.deliver', channel, epoch: ch.epoch, priority: true });
  emitSent(ctx, channel, element, [world.time, arrivesAt], emit);
  return overtaken;
}

/** Traces an element put on the wire. */
export function emitSent(ctx: SimContext, channel: number, element: StreamElement, [sentAt, arrivesAt]: [number, number], emit: Emit): void {
  const cp = ctx.plan.execution.channels[channel]!;
  const task = ctx.plan.execution.tasks[cp.from]!.id;
  const to = ctx.plan.execution.tasks[cp.to]!.id;
  const base = { task, to, channel: cp.id, sentAt, arrivesAt };
  switch (element.kind) {
    case 'end':
      return emit({ type: 'end.sent', ...base });
    case 'watermark':
      return emit({ type: 'watermark.sent', ...base, watermark: element.timestamp });
    case 'status':
      return emit({ type: 'watermark.sent', ...base, status: element.status });
    case 'barrier':
      return emit({ type: 'barrier.sent', ...base, checkpoint: element.barrier.id, unaligned: element.barrier.options.type === 'unaligned' });
    case 'cancel':
      return emit({ type: 'barrier.sent', ...base, checkpoint: element.id, cancel: true });
    case 'record': {
      const partitioner = ctx.plan.jobGraph.edges[cp.edge]!.partitioner;
      return emit({ type: 'record.sent', ...base, partitioner, record: element.record });
    }
  }
}
