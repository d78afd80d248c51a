/**
 * Flink's SingleCheckpointBarrierHandler (exactly-once) over plain data: one checkpoint at a time,
 * aligned, or alternating aligned-with-timeout / unaligned per barrier (reference §5.5–§5.6;
 * flink-runtime/src/main/java/org/apache/flink/streaming/runtime/io/checkpointing/SingleCheckpointBarrierHandler.java).
 * The per-state transitions live in BarrierHandlerStates.ts.
 */
import {
  DECLINED_INPUT_END_OF_STREAM, DECLINED_ON_CANCELLATION_BARRIER, DECLINED_SUBSUMED,
  type AlignedHandlerState, type Barrier, type BarrierAction,
} from './BarrierHandler.ts';
import { abortState, alignedCheckpointTimeout, alignmentOf, barrierReceived, endOfPartitionReceived } from './BarrierHandlerStates.ts';

type S = AlignedHandlerState;
type Acts = BarrierAction[];

/** isCheckpointPending(): a checkpoint started and was neither completed nor cancelled. */
export const isCheckpointPending = (s: S) => s.currentCheckpointId !== s.lastCancelledOrCompletedId && s.currentCheckpointId >= 0;

export const pendingCheckpointId = (s: S): number | null => (isCheckpointPending(s) ? s.currentCheckpointId : null);

export function processBarrier(s: S, b: Barrier, ch: number, now: number): Acts {
  const acts: Acts = [];
  if (s.currentCheckpointId > b.id || (s.currentCheckpointId === b.id && !isCheckpointPending(s))) {
    // Obsolete barrier: the network blocked the channel after an aligned barrier, so let it go on.
    if (alignmentOf(s, b) !== 'unaligned') acts.push({ type: 'resume', channel: ch });
    return acts;
  }
  checkNewCheckpoint(s, b, now, acts);
  markAlignedAndTransform(s, ch, acts, () => barrierReceived(s, ch, b, now, acts));
  return acts;
}

/** A newer barrier starts a checkpoint, subsuming a pending one, and registers the alignment timer. */
function checkNewCheckpoint(s: S, b: Barrier, now: number, acts: Acts) {
  if (s.currentCheckpointId >= b.id) return;
  if (isCheckpointPending(s)) abortInternal(s, s.currentCheckpointId, DECLINED_SUBSUMED, acts);
  s.currentCheckpointId = b.id;
  s.pendingBarrier = b;
  s.alignedChannels = [];
  s.targetChannelCount = s.numOpenChannels;
  if (s.kind === 'alternating' && alignmentOf(s, b) === 'timeoutable') {
    s.alignmentTimerId = b.id;
    // BarrierAlignmentUtil.getTimerDelay: measured from the checkpoint's start at the source.
    acts.push({ type: 'alignmentTimer', id: b.id, delayMs: Math.max(b.options.alignedTimeoutMs! - (now - b.timestamp), 0) });
  }
}

function markAlignedAndTransform(s: S, ch: number, acts: Acts, transform: () => void) {
  if (!s.alignedChannels.includes(ch)) s.alignedChannels.push(ch);
  transform();
  if (s.alignedChannels.length === s.targetChannelCount) {
    s.alignedChannels = [];
    s.lastCancelledOrCompletedId = s.currentCheckpointId;
    s.alignmentTimerId = null; // resetAlignmentTimer
    acts.push({ type: 'stopped', id: s.currentCheckpointId });
  }
}

export function processCancellationBarrier(s: S, id: number, _ch: number): Acts {
  const acts: Acts = [];
  if (id > s.currentCheckpointId || (id === s.currentCheckpointId && s.alignedChannels.length > 0)) {
    abortInternal(s, id, DECLINED_ON_CANCELLATION_BARRIER, acts);
  }
  return acts;
}

/**
 * abortInternal: no barrier can start `id` (or older) any more. Only `id` is notified, even when it
 * cancels an older pending checkpoint.
 */
function abortInternal(s: S, id: number, reason: string, acts: Acts) {
  s.currentCheckpointId = Math.max(id, s.currentCheckpointId);
  s.lastCancelledOrCompletedId = Math.max(s.lastCancelledOrCompletedId, id);
  s.pendingBarrier = null;
  s.alignedChannels = [];
  s.targetChannelCount = 0;
  s.alignmentTimerId = null;
  const recording = s.persisting?.id;
  abortState(s, acts);
  if (recording !== undefined) acts.push({ type: 'stopped', id: recording }); // checkpointStopped
  acts.push({ type: 'abort', id, reason });
}

export function processEndOfPartition(s: S, ch: number, now: number): Acts {
  const acts: Acts = [];
  s.numOpenChannels--;
  if (!s.closedChannels.includes(ch)) s.closedChannels.push(ch);
  if (!s.checkpointsAfterTasksFinish) {
    if (isCheckpointPending(s)) abortInternal(s, s.currentCheckpointId, DECLINED_INPUT_END_OF_STREAM, acts);
    return acts;
  }
  if (!isCheckpointPending(s)) return acts;
  // The finished channel counts as aligned for the pending checkpoint.
  markAlignedAndTransform(s, ch, acts, () => endOfPartitionReceived(s, ch, now, acts));
  return acts;
}

/** The timer callback: only for the current checkpoint while its barriers are still missing. */
export function onAlignmentTimeout(s: S, id: number, _now: number): Acts {
  const acts: Acts = [];
  if (s.alignmentTimerId !== id || s.currentCheckpointId !== id || !isCheckpointPending(s) || !s.pendingBarrier) return acts;
  s.alignmentTimerId = null;
  alignedCheckpointTimeout(s, s.pendingBarrier, acts);
  return acts;
}

/** See BarrierHandler.abortFromTask: aborts `id` if it is pending here or newer than anything seen. */
export function abortFromTask(s: S, id: number, reason: string): Acts {
  const acts: Acts = [];
  if (id > s.currentCheckpointId || (id === s.currentCheckpointId && isCheckpointPending(s))) abortInternal(s, id, reason, acts);
  return acts;
}
