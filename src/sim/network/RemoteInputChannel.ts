/**
 * The receiving side of credit-based flow control (Flink's RemoteInputChannel with its BufferManager):
 * each input channel owns `buffers-per-channel` exclusive buffers, its initial credit; when the sender
 * announces a backlog the channel borrows floating buffers from its gate's pool
 * (`floating-buffers-per-gate`, RemoteInputChannel.onSenderBacklog); every buffer freed by
 * processing a record is announced back as one credit (AddCredit), after the network latency.
 * A channel whose data is not consumed (a slow task, or a channel blocked by barrier alignment)
 * returns no credit, so its sender's queue fills: that is backpressure.
 * A buffer holds `recordsPerBuffer` records (scenario `network`): credit is counted in record slots,
 * a buffer's worth at a time, and a buffer is free again once all its records were processed.
 */
import type { World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import { scheduleAt } from '../runtime/Kernel.ts';
import { flushSubpartition } from './PipelinedSubpartition.ts';
import { onOutputMaybeAvailable } from './BackPressure.ts';

/** Network buffer settings (NettyShuffleEnvironmentOptions), resolved once per run. */
export interface NetworkSettings {
  buffersPerChannel: number;
  floatingBuffersPerGate: number;
  maxBuffersPerChannel: number;
  /** Records one buffer holds. */
  recordsPerBuffer: number;
}

/** Record slots of input position `pos` that hold no data (free, or announced as credit and not yet filled). */
function freeSlots(world: World, index: number, pos: number, exclusive: number): number {
  const b = world.tasks[index]!.inputBuffers[pos]!;
  return exclusive + b.floating - b.queued - b.consumed;
}

/** The exclusive record slots of a channel: `buffers-per-channel` buffers. */
export const exclusiveSlots = (ctx: SimContext) => ctx.network.buffersPerChannel * ctx.network.recordsPerBuffer;

/** Announces `credits` to the sender of `channel` (an AddCredit message, one network latency away). */
function announceCredit(ctx: SimContext, world: World, channel: number, credits: number): void {
  const ch = world.channels[channel]!;
  scheduleAt(world, world.time + ctx.scenario.network.latencyMs, { kind: 'channel.credit', channel, epoch: ch.epoch, credits });
}

/** Lends floating buffers of the gate to channels that need them for their announced backlog. */
function lendFloating(ctx: SimContext, world: World, index: number): void {
  const task = world.tasks[index]!;
  const plan = ctx.plan.execution.tasks[index]!;
  const exclusive = exclusiveSlots(ctx);
  const size = ctx.network.recordsPerBuffer;
  plan.inputs.forEach((channel, pos) => {
    if (ctx.blocking[channel]) return;
    const gate = ctx.gateOf[channel]!;
    const buffers = task.inputBuffers[pos]!;
    let lent = 0;
    while (task.floatingFree[gate]! >= size && freeSlots(world, index, pos, exclusive) < buffers.backlog + exclusive) {
      task.floatingFree[gate]! -= size;
      buffers.floating += size;
      lent += size;
    }
    if (lent > 0) announceCredit(ctx, world, channel, lent);
  });
}

/** A data buffer arrived with the sender's backlog: borrow floating buffers for it. */
export function onBufferReceived(ctx: SimContext, world: World, channel: number, backlog: number): void {
  const index = ctx.plan.execution.channels[channel]!.to;
  const b = world.tasks[index]!.inputBuffers[ctx.inputPosition[channel]!]!;
  b.backlog = backlog;
  b.queued += 1;
  lendFloating(ctx, world, index);
}

/**
 * The task processed a record of `channel`: its buffer is free again. A floating buffer the channel no
 * longer needs goes back to the gate (and maybe to another channel); otherwise it becomes one credit.
 */
export function onBufferConsumed(ctx: SimContext, world: World, channel: number): void {
  if (ctx.blocking[channel]) return;
  const index = ctx.plan.execution.channels[channel]!.to;
  const pos = ctx.inputPosition[channel]!;
  const task = world.tasks[index]!;
  const buffers = task.inputBuffers[pos]!;
  const size = ctx.network.recordsPerBuffer;
  // A buffer is recycled once all of its records were processed.
  buffers.queued -= 1;
  buffers.consumed += 1;
  if (buffers.consumed < size) return;
  buffers.consumed = 0;
  const exclusive = exclusiveSlots(ctx);
  if (buffers.floating >= size && freeSlots(world, index, pos, exclusive) >= buffers.backlog + exclusive + size) {
    buffers.floating -= size;
    task.floatingFree[ctx.gateOf[channel]!]! += size;
    lendFloating(ctx, world, index);
    return;
  }
  announceCredit(ctx, world, channel, size);
}

/** A `channel.credit` event: the sender may send `credits` more data buffers. */
export function onCreditArrived(ctx: SimContext, world: World, channel: number, epoch: number, credits: number, emit: Emit): void {
  const ch = world.channels[channel]!;
  if (epoch !== ch.epoch) return; // the channel was reset by a restart since
  ch.credit += credits;
  flushSubpartition(ctx, world, channel, emit);
  onOutputMaybeAvailable(ctx, world, ctx.plan.execution.channels[channel]!.from, emit);
}
