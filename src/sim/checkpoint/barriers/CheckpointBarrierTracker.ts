/**
 * Flink's CheckpointBarrierTracker (at-least-once) over plain data: no channel is ever blocked; a
 * checkpoint triggers when its last barrier arrives (reference §5.7;
 * flink-runtime/src/main/java/org/apache/flink/streaming/runtime/io/checkpointing/CheckpointBarrierTracker.java).
 */
import {
  DECLINED_INPUT_END_OF_STREAM, DECLINED_ON_CANCELLATION_BARRIER,
  type Barrier, type BarrierAction, type TrackerEntry, type TrackerState,
} from './BarrierHandler.ts';

type Acts = BarrierAction[];

/** The tracker follows at most this many incomplete checkpoints. */
export const MAX_CHECKPOINTS_TO_TRACK = 50;

/** markChannelAligned: the number of distinct channels counted for the entry. */
function markChannelAligned(e: TrackerEntry, ch: number): number {
  if (!e.alignedChannels.includes(ch)) e.alignedChannels.push(ch);
  return e.alignedChannels.length;
}

/** markAborted: true the first time only. */
function markAborted(e: TrackerEntry): boolean {
  const first = !e.aborted;
  e.aborted = true;
  return first;
}

const trigger = (b: Barrier): BarrierAction => ({ type: 'trigger', barrier: b, unaligned: false });
const abortOnCancellation = (id: number): BarrierAction => ({ type: 'abort', id, reason: DECLINED_ON_CANCELLATION_BARRIER });

export function processBarrier(s: TrackerState, b: Barrier, ch: number): Acts {
  // Fast path for one open channel, only for new checkpoints: an older pending one must still complete.
  if (b.id > s.latestPendingId && s.numOpenChannels === 1) return [trigger(b)];
  const pos = s.pending.findIndex((e) => e.id === b.id);
  if (pos >= 0) {
    const e = s.pending[pos]!;
    if (markChannelAligned(e, ch) === e.target) {
      s.pending.splice(0, pos + 1); // older pending checkpoints are dropped silently
      if (!e.aborted && e.barrier) return [trigger(e.barrier)];
    }
    return [];
  }
  if (b.id > s.latestPendingId) {
    s.latestPendingId = b.id;
    s.pending.push({ id: b.id, barrier: b, alignedChannels: [ch], target: s.numOpenChannels, aborted: false });
    if (s.pending.length > MAX_CHECKPOINTS_TO_TRACK) s.pending.shift();
  }
  return []; // an older id that was never started cannot complete
}

export function processCancellationBarrier(s: TrackerState, id: number, ch: number): Acts {
  if (id > s.latestPendingId && s.numOpenChannels === 1) return [abortOnCancellation(id)];
  const acts: Acts = [];
  while (s.pending.length > 0 && s.pending[0]!.id < id) {
    const e = s.pending.shift()!;
    if (markAborted(e)) acts.push(abortOnCancellation(e.id));
  }
  const head = s.pending[0];
  if (head && head.id === id) {
    if (markAborted(head)) acts.push(abortOnCancellation(id));
    if (markChannelAligned(head, ch) === head.target) s.pending.shift();
  } else if (id > s.latestPendingId) {
    acts.push(abortOnCancellation(id));
    s.latestPendingId = id;
    s.pending.unshift({ id, barrier: null, alignedChannels: [ch], target: s.numOpenChannels, aborted: true });
  } // else: a trailing marker of an already cancelled checkpoint
  return acts;
}

export function processEndOfPartition(s: TrackerState, ch: number): Acts {
  s.numOpenChannels--;
  const acts: Acts = [];
  if (!s.checkpointsAfterTasksFinish) {
    for (const e of s.pending.splice(0)) {
      if (markAborted(e)) acts.push({ type: 'abort', id: e.id, reason: DECLINED_INPUT_END_OF_STREAM });
    }
    return acts;
  }
  // The newest pending checkpoint that only waited for this channel completes; the EOP is counted
  // for every newer one on the way (checkAlignmentOnEndOfPartitionIfEnabled).
  for (let pos = s.pending.length - 1; pos >= 0; pos--) {
    const e = s.pending[pos]!;
    if (markChannelAligned(e, ch) === e.target) {
      s.pending.splice(0, pos + 1);
      if (!e.aborted && e.barrier) acts.push(trigger(e.barrier));
      break;
    }
  }
  return acts;
}

/** See BarrierHandler.abortFromTask: marks `id` aborted, or remembers it as aborted if not seen yet. */
export function abortFromTask(s: TrackerState, id: number, reason: string): Acts {
  const e = s.pending.find((x) => x.id === id);
  if (e) return markAborted(e) ? [{ type: 'abort', id, reason }] : [];
  if (id <= s.latestPendingId) return [];
  s.latestPendingId = id;
  s.pending.push({ id, barrier: null, alignedChannels: [], target: s.numOpenChannels, aborted: true });
  if (s.pending.length > MAX_CHECKPOINTS_TO_TRACK) s.pending.shift();
  return [{ type: 'abort', id, reason }];
}

/** The newest checkpoint still collecting barriers and not aborted, if any. */
export function pendingCheckpointId(s: TrackerState): number | null {
  for (let i = s.pending.length - 1; i >= 0; i--) if (!s.pending[i]!.aborted) return s.pending[i]!.id;
  return null;
}
