/**
 * The aligned-checkpoint timeout on the output side (PipelinedSubpartition.alignedBarrierTimeout):
 * a timeoutable aligned barrier still queued in a subpartition when `aligned-checkpoint-timeout`
 * has passed since the checkpoint started becomes a priority event and overtakes the queued data,
 * which the sender stores as output channel state. Until each such barrier has left its queue the
 * task's checkpoint is not acknowledged (its channel state is not complete).
 */
import type { CheckpointBarrier, StreamElement, StreamRecord, World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { SubtaskCheckpoint } from './SubtaskCheckpointCoordinator.ts';
import { maybeAcknowledge } from './SubtaskCheckpointCoordinator.ts';
import { sendPriority } from '../network/PipelinedSubpartition.ts';
import { scheduleAt } from '../runtime/Kernel.ts';

const queuedAt = (world: World, channel: number, id: number) =>
  world.channels[channel]!.outQueue.findIndex((e) => e.kind === 'barrier' && e.barrier.id === id);

/** After a timeoutable barrier was broadcast: watch every channel where it still waits for credit. */
export function watchQueuedBarriers(ctx: SimContext, world: World, index: number, r: SubtaskCheckpoint, barrier: CheckpointBarrier): void {
  const timeout = barrier.options.alignedTimeoutMs;
  if (barrier.options.type !== 'aligned' || timeout === undefined || barrier.options.savepoint) return;
  const task = world.tasks[index]!;
  for (const out of ctx.plan.execution.tasks[index]!.outputs) {
    for (const channel of out.channels) {
      if (ctx.blocking[channel] || queuedAt(world, channel, barrier.id) < 0) continue;
      r.pendingOutputs.push(channel);
      scheduleAt(world, Math.max(world.time, barrier.timestamp + timeout), { kind: 'checkpoint.outputTimeout', task: index, attempt: task.attempt, id: barrier.id, channel });
    }
  }
}

/** A barrier left a subpartition's queue on its own (credit came in time). */
export function onBarrierLeftQueue(ctx: SimContext, world: World, channel: number, id: number, emit: Emit): void {
  const index = ctx.plan.execution.channels[channel]!.from;
  const r = world.tasks[index]!.checkpoint.running.find((x) => x.id === id);
  if (!r || !r.pendingOutputs.includes(channel)) return;
  r.pendingOutputs = r.pendingOutputs.filter((c) => c !== channel);
  maybeAcknowledge(ctx, world, index, r, emit);
}

/** A `checkpoint.outputTimeout` event: the barrier still queued becomes unaligned and overtakes the data ahead of it. */
export function onOutputTimeout(ctx: SimContext, world: World, index: number, id: number, channel: number, emit: Emit): void {
  const r = world.tasks[index]!.checkpoint.running.find((x) => x.id === id);
  const at = queuedAt(world, channel, id);
  if (!r || !r.pendingOutputs.includes(channel) || at < 0) return;
  const ch = world.channels[channel]!;
  const after = ch.outQueue.splice(at); // the barrier and what was queued behind it (after the barrier: not state)
  const barrier = (after.shift() as Extract<StreamElement, { kind: 'barrier' }>).barrier;
  const unaligned: CheckpointBarrier = { ...barrier, options: { type: 'unaligned' } };
  const records = sendPriority(ctx, world, channel, { kind: 'barrier', barrier: unaligned }, emit).map((e) => (e as { record: StreamRecord }).record);
  ch.outQueue.push(...after);
  if (records.length > 0) r.snapshot.outputChannelState.push({ channel, records });
  r.pendingOutputs = r.pendingOutputs.filter((c) => c !== channel);
  maybeAcknowledge(ctx, world, index, r, emit);
}
