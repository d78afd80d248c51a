/**
 * Sending: a task's record writer picks channels with the edge's partitioner and puts the element
 * on the wire with `sentAt`/`arrivesAt`. Channels are FIFO: jitter never lets an element overtake.
 */
import type { StreamElement, StreamRecord, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { scheduleAt } from './Kernel.ts';
import { nextInt } from '../kernel/Random.ts';
import { PARTITIONERS } from '../partitioner/StreamPartitioner.ts';
import { formatValue, getField } from '../functions/fields.ts';
import { SimulationError } from '../kernel/errors.ts';
import { assignToKeyGroup } from '../state/KeyGroupRangeAssignment.ts';
import { partitionId } from '../scheduler/ExecutionTopology.ts';
import { onPartitionConsumable } from '../scheduler/DefaultScheduler.ts';

/**
 * Writes one element to a channel. Pipelined: on the wire, delivery scheduled; returns
 * [sentAt, arrivesAt]. Blocking: into the result subpartition until the consumer reads it; returns null.
 */
function write(ctx: SimContext, world: World, channel: number, element: StreamElement): [number, number] | null {
  if (ctx.blocking[channel]) {
    world.channels[channel]!.stored.push(element);
    return null;
  }
  return put(ctx, world, channel, element);
}

/** Puts one element on the wire of a channel and schedules its delivery. Returns [sentAt, arrivesAt]. */
function put(ctx: SimContext, world: World, channel: number, element: StreamElement): [number, number] {
  const ch = world.channels[channel]!;
  const { latencyMs, jitterMs } = ctx.scenario.network;
  const jitter = jitterMs > 0 ? nextInt(world.rng, jitterMs + 1) : 0;
  const arrivesAt = Math.max(world.time + latencyMs + jitter, ch.lastArrivesAt);
  ch.lastArrivesAt = arrivesAt;
  ch.inFlight.push({ element, sentAt: world.time, arrivesAt });
  ch.sent += 1;
  scheduleAt(world, arrivesAt, { kind: 'channel.deliver', channel, epoch: ch.epoch });
  return [world.time, arrivesAt];
}

/**
 * Emits a record on output `output` of task `index` (one entry of `TaskPlan.outputs`). A record that
 * leaves on more than one channel (broadcast, or one operator feeding several network edges) is sent
 * as distinct copies: the first keeps its id, each further copy gets a new id whose parent is it.
 * `fanOut` is shared by all the outputs a record is forwarded to.
 */
export function sendRecord(
  ctx: SimContext,
  world: World,
  index: number,
  output: number,
  record: StreamRecord,
  emit: Emit,
  fanOut = { sent: false },
): void {
  const plan = ctx.plan.execution.tasks[index]!;
  const out = plan.outputs[output]!;
  const edge = ctx.plan.jobGraph.edges[out.edge]!;
  const task = world.tasks[index]!;
  let sent: StreamRecord = record;
  const maxParallelism = ctx.consumerMaxParallelism[out.edge]!;
  if (edge.partitioner === 'HASH') {
    const key = getField(record.value, edge.keyBy ?? '$');
    if (key === null) {
      // KeyGroupRangeAssignment.assignToKeyGroup: checkNotNull(key, "Assigned key must not be null!")
      throw new SimulationError(
        `task ${plan.id}: the key of record ${formatValue(record.value)} is null (field ${JSON.stringify(edge.keyBy)} missing?): ` +
          'Flink fails with "Assigned key must not be null!"; key by a field every record has',
      );
    }
    sent = { ...record, key, keyGroup: assignToKeyGroup(key, maxParallelism) };
  }
  const choice = PARTITIONERS[edge.partitioner].select(task.partitioners[output]!, {
    channels: out.channels.length,
    rng: world.rng,
    key: sent.key ?? null,
    maxParallelism,
  });
  task.partitioners[output] = choice.state;
  task.recordsOut += 1;
  for (const c of choice.channels) {
    const channel = out.channels[c]!;
    const copy = fanOut.sent ? { ...sent, id: world.nextRecordId++, parent: record.id } : sent;
    fanOut.sent = true;
    const wire = write(ctx, world, channel, { kind: 'record', record: copy });
    if (wire) emitSent(ctx, channel, { kind: 'record', record: copy }, wire, emit);
  }
  const partition = partitionId(out.edge, plan.id);
  if (!ctx.blocking[out.channels[0]!] && !task.producedOutputs.includes(partition)) {
    task.producedOutputs.push(partition);
    onPartitionConsumable(ctx, world, partition, emit);
  }
}

/** Traces an element put on the wire. */
function emitSent(ctx: SimContext, channel: number, element: StreamElement, [sentAt, arrivesAt]: [number, number], emit: Emit): void {
  const cp = ctx.plan.execution.channels[channel]!;
  const task = ctx.plan.execution.tasks[cp.from]!.id;
  const to = ctx.plan.execution.tasks[cp.to]!.id;
  switch (element.kind) {
    case 'end':
      return emit({ type: 'end.sent', task, to, channel: cp.id, sentAt, arrivesAt });
    case 'watermark':
      return emit({ type: 'watermark.sent', task, to, channel: cp.id, watermark: element.timestamp, sentAt, arrivesAt });
    case 'status':
      return emit({ type: 'watermark.sent', task, to, channel: cp.id, status: element.status, sentAt, arrivesAt });
    case 'record': {
      const partitioner = ctx.plan.jobGraph.edges[cp.edge]!.partitioner;
      return emit({ type: 'record.sent', task, to, channel: cp.id, partitioner, record: element.record, sentAt, arrivesAt });
    }
  }
}

/** A watermark or status on every channel of output `output` (RecordWriter.broadcastEmit). */
export function broadcastElement(ctx: SimContext, world: World, index: number, output: number, element: StreamElement, emit: Emit): void {
  for (const channel of ctx.plan.execution.tasks[index]!.outputs[output]!.channels) {
    const wire = write(ctx, world, channel, element);
    if (wire) emitSent(ctx, channel, element, wire, emit);
  }
}

/**
 * A blocking channel's consumer reads the finished subpartition: everything stored goes on the wire
 * once the producer finished (end-of-partition stored) and the consumer's current attempt runs.
 * The data stays stored, so a restarted consumer reads it again (BLOCKING is re-consumable).
 */
export function flushBlocking(ctx: SimContext, world: World, channel: number, emit: Emit): void {
  const ch = world.channels[channel]!;
  const consumer = world.tasks[ctx.plan.execution.channels[channel]!.to]!;
  const complete = ch.stored.at(-1)?.kind === 'end';
  if (!ctx.blocking[channel] || ch.flushed || !complete || consumer.local !== 'RUNNING') return;
  ch.flushed = true;
  for (const element of ch.stored) emitSent(ctx, channel, element, put(ctx, world, channel, element), emit);
}

/** End of partition on every output channel of a finishing task. */
export function broadcastEnd(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const plan = ctx.plan.execution.tasks[index]!;
  plan.outputs.forEach((out, o) => {
    broadcastElement(ctx, world, index, o, { kind: 'end' }, emit);
    for (const channel of out.channels) flushBlocking(ctx, world, channel, emit);
  });
}
