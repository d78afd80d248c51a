/**
 * Barrier handlers of a task's input as pure functions over plain, JSON-serializable state (reference
 * §5.4–§5.8). Follows Flink's CheckpointBarrierHandler and InputProcessorUtil.createCheckpointBarrierHandler
 * (flink-runtime/src/main/java/org/apache/flink/streaming/runtime/io/checkpointing/): EXACTLY_ONCE uses
 * SingleCheckpointBarrierHandler (aligned, or alternating when unaligned checkpoints are enabled) and
 * AT_LEAST_ONCE uses CheckpointBarrierTracker. Every function mutates `s` in place and returns the
 * actions the runtime must execute, in order.
 */
import * as single from './SingleCheckpointBarrierHandler.ts';
import * as tracker from './CheckpointBarrierTracker.ts';

export type CheckpointType = 'aligned' | 'unaligned' | 'atLeastOnce';

/** A CheckpointBarrier's options (CheckpointOptions): how this barrier must be handled. */
export interface BarrierOptions {
  /** 'aligned' (no timeout), 'unaligned', or 'atLeastOnce' (CheckpointingMode.AT_LEAST_ONCE). */
  type: CheckpointType;
  /** Aligned with timeout: ms after the barrier's `timestamp` (checkpoint start at the source) after which the task switches to unaligned; absent = never. */
  alignedTimeoutMs?: number;
  /** Savepoints are always aligned, without timeout. */
  savepoint?: boolean;
}

/** A CheckpointBarrier: checkpoint id, its start time at the source (JM clock, ms) and its options. */
export interface Barrier { id: number; timestamp: number; options: BarrierOptions }

/** Flink's CheckpointFailureReason names the handlers abort with. */
export const DECLINED_ON_CANCELLATION_BARRIER = 'CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER';
export const DECLINED_SUBSUMED = 'CHECKPOINT_DECLINED_SUBSUMED';
export const DECLINED_INPUT_END_OF_STREAM = 'CHECKPOINT_DECLINED_INPUT_END_OF_STREAM';

/**
 * The BarrierHandlerState classes of the SingleCheckpointBarrierHandler: WaitingForFirstBarrier /
 * CollectingBarriers (aligned) and AlternatingWaitingForFirstBarrier(Unaligned) /
 * AlternatingCollectingBarriers(Unaligned). The aligned handler only uses the first two.
 */
export type SinglePhase =
  | 'waitingForFirstBarrier'
  | 'collectingBarriers'
  | 'waitingForFirstBarrierUnaligned'
  | 'collectingBarriersUnaligned';

/** Plain-data state of a SingleCheckpointBarrierHandler (exactly-once). */
export interface AlignedHandlerState {
  handler: 'single';
  /** `aligned` = SingleCheckpointBarrierHandler.aligned; `alternating` = .alternating (unaligned enabled). */
  kind: 'aligned' | 'alternating';
  numChannels: number;
  /** execution.checkpointing.checkpoints-after-tasks-finish (default true). */
  checkpointsAfterTasksFinish: boolean;
  numOpenChannels: number;
  /** Channels that delivered EndOfPartition. */
  closedChannels: number[];
  /** The checkpoint being (or last) aligned; -1 before the first barrier. */
  currentCheckpointId: number;
  lastCancelledOrCompletedId: number;
  /** The first barrier of the pending checkpoint (used when an EOP completes the alignment). */
  pendingBarrier: Barrier | null;
  /** Channels whose barrier (or EOP) for `currentCheckpointId` arrived. */
  alignedChannels: number[];
  /** numOpenChannels when the first barrier of `currentCheckpointId` arrived. */
  targetChannelCount: number;
  phase: SinglePhase;
  /** ChannelState.blockedChannels: channels whose consumption is blocked. */
  blockedChannels: number[];
  /** Unaligned: the channels still recording input channel state for `id`. */
  persisting: { id: number; channels: number[] } | null;
  /** Checkpoint id of the registered, not yet cancelled alignment timer. */
  alignmentTimerId: number | null;
}

/** One CheckpointBarrierTracker.CheckpointBarrierCount. `barrier` is null for an aborted marker. */
export interface TrackerEntry { id: number; barrier: Barrier | null; alignedChannels: number[]; target: number; aborted: boolean }

/** Plain-data state of a CheckpointBarrierTracker (at-least-once). */
export interface TrackerState {
  handler: 'tracker';
  numChannels: number;
  checkpointsAfterTasksFinish: boolean;
  numOpenChannels: number;
  /** The deque of checkpoints some but not all of whose barriers arrived, oldest first. */
  pending: TrackerEntry[];
  /** The highest checkpoint id seen on the general (multi-channel) path; -1 initially. */
  latestPendingId: number;
}

/** Plain-data state of one task's barrier handler (JSON-serializable). */
export type BarrierHandlerState = AlignedHandlerState | TrackerState;

/** What the task must do in response; the runtime executes these in order. */
export type BarrierAction =
  | { type: 'block'; channel: number } // stop consuming data from this channel (blockConsumption)
  | { type: 'resume'; channel: number } // resumeConsumption of one channel (obsolete barrier)
  | { type: 'unblockAll' } // resumeConsumption of every blocked channel
  | { type: 'trigger'; barrier: Barrier; unaligned: boolean } // notifyCheckpoint → the task's snapshot steps (§5.3)
  | { type: 'abort'; id: number; reason: string } // notifyAbort → abortCheckpointOnBarrier
  | { type: 'persistStart'; id: number; channels: number[] } // checkpointStarted: data queued in / arriving on these channels is input channel state of `id`
  | { type: 'persistStop'; id: number; channel: number } // barrier `id` (or EOP) arrived on `channel`: its input channel state is complete
  | { type: 'alignmentTimer'; id: number; delayMs: number } // BarrierAlignmentUtil: the runtime calls onAlignmentTimeout after delayMs
  | { type: 'stopped'; id: number }; // all barriers/EOPs for `id` arrived (alignment finished; checkpointStopped), or recording ended by an abort

/** Which handler a task's input uses (InputProcessorUtil, reference §5.4). */
export type HandlerMode = 'exactlyOnce' | 'exactlyOnceUnalignedEnabled' | 'atLeastOnce';

export function createBarrierHandler(
  mode: HandlerMode, numChannels: number, opts?: { checkpointsAfterTasksFinish?: boolean },
): BarrierHandlerState {
  const checkpointsAfterTasksFinish = opts?.checkpointsAfterTasksFinish ?? true;
  if (mode === 'atLeastOnce') {
    return { handler: 'tracker', numChannels, checkpointsAfterTasksFinish, numOpenChannels: numChannels, pending: [], latestPendingId: -1 };
  }
  return {
    handler: 'single', kind: mode === 'exactlyOnce' ? 'aligned' : 'alternating', numChannels, checkpointsAfterTasksFinish,
    numOpenChannels: numChannels, closedChannels: [], currentCheckpointId: -1, lastCancelledOrCompletedId: -1,
    pendingBarrier: null, alignedChannels: [], targetChannelCount: 0, phase: 'waitingForFirstBarrier',
    blockedChannels: [], persisting: null, alignmentTimerId: null,
  };
}

/** A barrier was consumed from `channel` at processing time `now` (ms). */
export function processBarrier(s: BarrierHandlerState, barrier: Barrier, channel: number, now: number): BarrierAction[] {
  return s.handler === 'single' ? single.processBarrier(s, barrier, channel, now) : tracker.processBarrier(s, barrier, channel);
}

/** A CancelCheckpointMarker(id) was consumed from `channel`. */
export function processCancellationBarrier(s: BarrierHandlerState, id: number, channel: number): BarrierAction[] {
  return s.handler === 'single' ? single.processCancellationBarrier(s, id, channel) : tracker.processCancellationBarrier(s, id, channel);
}

/** An EndOfPartitionEvent was consumed from `channel`. */
export function processEndOfPartition(s: BarrierHandlerState, channel: number, now: number): BarrierAction[] {
  return s.handler === 'single' ? single.processEndOfPartition(s, channel, now) : tracker.processEndOfPartition(s, channel);
}

/** The alignment timer registered by an `alignmentTimer` action fired. A stale timer is a no-op. */
export function onAlignmentTimeout(s: BarrierHandlerState, id: number, now: number): BarrierAction[] {
  return s.handler === 'single' ? single.onAlignmentTimeout(s, id, now) : [];
}

/**
 * Called by the runtime when a task's own checkpoint `id` is aborted from outside (JM abort/decline).
 * [INFERRED] Flink has no such entry: its handler only aborts internally (a trigger failing with a
 * CheckpointException, SingleCheckpointBarrierHandler.markCheckpointAlignedAndTransformState), and a
 * JM notifyCheckpointAborted leaves the alignment running until the barriers arrive (§5.3 step 0 then
 * drops the trigger). Here the handler aborts `id` as on a cancellation marker, so the returned
 * actions include `abort` (the runtime must still broadcast CancelCheckpointMarker(id) downstream).
 */
export function abortFromTask(s: BarrierHandlerState, id: number, reason: string): BarrierAction[] {
  return s.handler === 'single' ? single.abortFromTask(s, id, reason) : tracker.abortFromTask(s, id, reason);
}

/** Whether the task must not consume data from `channel` now. The tracker never blocks. */
export function isBlocked(s: BarrierHandlerState, channel: number): boolean {
  return s.handler === 'single' && s.blockedChannels.includes(channel);
}

/** The checkpoint being aligned/persisted, if any. */
export function pendingCheckpointId(s: BarrierHandlerState): number | null {
  return s.handler === 'single' ? single.pendingCheckpointId(s) : tracker.pendingCheckpointId(s);
}

/** Id whose input channel state this channel is currently recording, or null. */
export function isPersisting(s: BarrierHandlerState, channel: number): number | null {
  return s.handler === 'single' && s.persisting && s.persisting.channels.includes(channel) ? s.persisting.id : null;
}

/** getLatestCheckpointId(): the current checkpoint id (single) or the newest tracked id (tracker); -1 if none. */
export function latestCheckpointId(s: BarrierHandlerState): number {
  if (s.handler === 'single') return s.currentCheckpointId;
  return s.pending.length === 0 ? -1 : s.pending[s.pending.length - 1]!.id;
}

/** The number of channels that have not delivered EndOfPartition. */
export function numOpenChannels(s: BarrierHandlerState): number {
  return s.numOpenChannels;
}
