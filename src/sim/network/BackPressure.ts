/**
 * Backpressure as Flink measures it. A task whose output has no free buffer cannot go on
 * (StreamTask.processInput suspends its default action until `recordWriter.isAvailable()`); the time
 * it waits is `backPressuredTimeMsPerSecond`, the time it processes records `busyTimeMsPerSecond`
 * (TaskIOMetricGroup). The Web UI turns the back-pressured ratio into a level
 * (JobVertexBackPressureHandler#getBackPressureLevel: ≤ 10 % OK, ≤ 50 % LOW, else HIGH).
 */
import type { TaskRuntime, World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import { scheduleSource } from '../runtime/SourceOperator.ts';
import { tryProcess } from '../runtime/StreamTask.ts';

/** Busy and back-pressured time of a task: closed intervals of the last second and the open one. */
export interface TaskMetrics {
  busySince: number | null;
  backPressuredSince: number | null;
  busy: [number, number][];
  backPressured: [number, number][];
}

/** The window the per-second metrics cover (Flink's TimerGauge reports per second). */
export const METRIC_WINDOW_MS = 1000;

export const newTaskMetrics = (): TaskMetrics => ({ busySince: null, backPressuredSince: null, busy: [], backPressured: [] });

/** Closes an open interval at `now`, merging it with the previous one when they touch, and drops old ones. */
function close(list: [number, number][], since: number, now: number): void {
  const last = list.at(-1);
  if (last && last[1] >= since) last[1] = Math.max(last[1], now);
  else if (now > since) list.push([since, now]);
  while (list.length > 0 && list[0]![1] < now - METRIC_WINDOW_MS) list.shift();
}

export function startBusy(task: TaskRuntime, now: number): void {
  task.metrics.busySince ??= now;
}

export function endBusy(task: TaskRuntime, now: number): void {
  if (task.metrics.busySince === null) return;
  close(task.metrics.busy, task.metrics.busySince, now);
  task.metrics.busySince = null;
}

/** A busy interval known in advance (a source's per-record processing time). */
export function addBusy(task: TaskRuntime, from: number, to: number): void {
  close(task.metrics.busy, from, to);
}

/** Share of the last second, up to `now`, covered by the intervals and the open one. */
function share(list: readonly [number, number][], open: number | null, now: number): number {
  const from = now - METRIC_WINDOW_MS;
  let ms = 0;
  for (const [a, b] of list) ms += Math.max(0, Math.min(b, now) - Math.max(a, from));
  if (open !== null) ms += Math.max(0, now - Math.max(open, from));
  return Math.min(1, ms / METRIC_WINDOW_MS);
}

/** busyTimeMsPerSecond / 1000 and backPressuredTimeMsPerSecond / 1000 at `now` (a function of the world). */
export function taskRatios(task: TaskRuntime, now: number): { busy: number; backPressured: number } {
  return {
    busy: share(task.metrics.busy, task.metrics.busySince, now),
    backPressured: share(task.metrics.backPressured, task.metrics.backPressuredSince, now),
  };
}

export type BackPressureLevel = 'OK' | 'LOW' | 'HIGH';

/** JobVertexBackPressureHandler#getBackPressureLevel. */
export const backPressureLevel = (ratio: number): BackPressureLevel => (ratio <= 0.1 ? 'OK' : ratio <= 0.5 ? 'LOW' : 'HIGH');

/**
 * Whether the task's record writers have a free buffer: no subpartition holds `max-buffers-per-channel`
 * queued buffers, and no result partition has used its pool (subpartitions × buffers-per-channel +
 * floating-buffers-per-gate, NettyShuffleUtils.getMinMaxNetworkBuffersPerResultPartition).
 */
export function isOutputAvailable(ctx: SimContext, world: World, index: number): boolean {
  const { buffersPerChannel, floatingBuffersPerGate, maxBuffersPerChannel, recordsPerBuffer: size } = ctx.network;
  for (const out of ctx.plan.execution.tasks[index]!.outputs) {
    let used = 0;
    for (const c of out.channels) {
      if (ctx.blocking[c]) continue;
      const queued = world.channels[c]!.backlog;
      if (queued >= maxBuffersPerChannel * size) return false;
      used += queued;
    }
    if (used >= (out.channels.length * buffersPerChannel + floatingBuffersPerGate) * size) return false;
  }
  return true;
}

/** The task cannot go on: its output is full. Starts its back-pressured time (traced once per episode). */
export function markBackPressured(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const task = world.tasks[index]!;
  if (task.metrics.backPressuredSince !== null) return;
  task.metrics.backPressuredSince = world.time;
  emit({ type: 'task.backpressure', task: ctx.plan.execution.tasks[index]!.id, backPressured: true });
}

/** Credit arrived for one of the task's channels: if its output has room again, it goes on. */
export function onOutputMaybeAvailable(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const task = world.tasks[index]!;
  if (task.metrics.backPressuredSince === null || !isOutputAvailable(ctx, world, index)) return;
  close(task.metrics.backPressured, task.metrics.backPressuredSince, world.time);
  task.metrics.backPressuredSince = null;
  emit({ type: 'task.backpressure', task: ctx.plan.execution.tasks[index]!.id, backPressured: false });
  if (task.source) scheduleSource(ctx, world, index);
  else tryProcess(ctx, world, index, emit);
}
