/**
 * Sending: a task's record writer picks channels with the edge's partitioner and hands the element
 * to the channel's subpartition (network/PipelinedSubpartition.ts), which puts it on the wire with
 * `sentAt`/`arrivesAt` when credit allows. Channels are FIFO: jitter never lets an element overtake.
 */
import type { StreamElement, StreamRecord, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { enqueue, putOnWire } from '../network/PipelinedSubpartition.ts';
import { PARTITIONERS } from '../partitioner/StreamPartitioner.ts';
import { formatValue, getField } from '../functions/fields.ts';
import { SimulationError } from '../kernel/errors.ts';
import { assignToKeyGroup } from '../state/KeyGroupRangeAssignment.ts';
import { partitionId } from '../scheduler/ExecutionTopology.ts';
import { onPartitionConsumable } from '../scheduler/DefaultScheduler.ts';

/**
 * Writes one element to a channel: pipelined, into the subpartition, which sends it when credit allows;
 * blocking, into the result subpartition until the consumer reads it.
 */
function write(ctx: SimContext, world: World, channel: number, element: StreamElement, emit: Emit): void {
  if (ctx.blocking[channel]) world.channels[channel]!.stored.push(element);
  else enqueue(ctx, world, channel, element, emit);
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
    write(ctx, world, channel, { kind: 'record', record: copy }, emit);
  }
  const partition = partitionId(out.edge, plan.id);
  if (!ctx.blocking[out.channels[0]!] && !task.producedOutputs.includes(partition)) {
    task.producedOutputs.push(partition);
    onPartitionConsumable(ctx, world, partition, emit);
  }
}

/** A watermark or status on every channel of output `output` (RecordWriter.broadcastEmit). */
export function broadcastElement(ctx: SimContext, world: World, index: number, output: number, element: StreamElement, emit: Emit): void {
  for (const channel of ctx.plan.execution.tasks[index]!.outputs[output]!.channels) write(ctx, world, channel, element, emit);
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
  for (const element of ch.stored) putOnWire(ctx, world, channel, element, emit);
}

/** End of partition on every output channel of a finishing task. */
export function broadcastEnd(ctx: SimContext, world: World, index: number, emit: Emit, stop = false): void {
  const plan = ctx.plan.execution.tasks[index]!;
  plan.outputs.forEach((out, o) => {
    broadcastElement(ctx, world, index, o, stop ? { kind: 'end', stop } : { kind: 'end' }, emit);
    for (const channel of out.channels) flushBlocking(ctx, world, channel, emit);
  });
}
