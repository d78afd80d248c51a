/**
 * The BarrierHandlerState transitions of Flink's SingleCheckpointBarrierHandler, over plain data:
 * WaitingForFirstBarrier / CollectingBarriers (AbstractAlignedBarrierHandlerState) for aligned mode, and
 * AlternatingWaitingForFirstBarrier(Unaligned) / AlternatingCollectingBarriers(Unaligned)
 * (AbstractAlternatingAlignedBarrierHandlerState) when unaligned checkpoints are enabled
 * (flink-runtime/src/main/java/org/apache/flink/streaming/runtime/io/checkpointing/; reference §5.5–§5.6).
 */
import type { AlignedHandlerState, Barrier, BarrierAction } from './BarrierHandler.ts';

type S = AlignedHandlerState;
type Acts = BarrierAction[];

/** How the handler treats a barrier: CheckpointOptions' alignment type and isTimeoutable(). */
export function alignmentOf(s: S, b: Barrier): 'aligned' | 'timeoutable' | 'unaligned' {
  if (s.kind === 'aligned' || b.options.savepoint) return 'aligned'; // the aligned handler, and FORCED_ALIGNED savepoints
  if (b.options.type === 'unaligned') return 'unaligned';
  const t = b.options.alignedTimeoutMs;
  return b.options.type === 'aligned' && t !== undefined && t > 0 && Number.isFinite(t) ? 'timeoutable' : 'aligned';
}

/** CheckpointBarrier.asUnaligned(): the barrier forwarded after switching (no timeout any more). */
export function asUnaligned(b: Barrier): Barrier {
  return { id: b.id, timestamp: b.timestamp, options: { type: 'unaligned', ...(b.options.savepoint ? { savepoint: true } : {}) } };
}

export const allBarriersReceived = (s: S) => s.alignedChannels.length === s.targetChannelCount;

/** Controller.isTimedOut: strictly more than the timeout has passed since the checkpoint started. */
export function isTimedOut(s: S, b: Barrier, now: number): boolean {
  return alignmentOf(s, b) === 'timeoutable' && b.id <= s.currentCheckpointId && b.options.alignedTimeoutMs! < now - b.timestamp;
}

const isUnaligned = (s: S, b: Barrier) => alignmentOf(s, b) === 'unaligned';
const isAlignedPhase = (s: S) => s.phase === 'waitingForFirstBarrier' || s.phase === 'collectingBarriers';

function blockChannel(s: S, ch: number, acts: Acts) {
  if (!s.blockedChannels.includes(ch)) s.blockedChannels.push(ch);
  acts.push({ type: 'block', channel: ch });
}

function unblockAllChannels(s: S, acts: Acts) {
  if (s.blockedChannels.length > 0) acts.push({ type: 'unblockAll' });
  s.blockedChannels = [];
}

/** ChannelState.channelFinished; the finished channel's input channel state is complete too. */
function channelFinished(s: S, ch: number, acts: Acts) {
  s.blockedChannels = s.blockedChannels.filter((c) => c !== ch);
  stopPersisting(s, ch, acts);
}

function stopPersisting(s: S, ch: number, acts: Acts) {
  const p = s.persisting;
  if (!p || !p.channels.includes(ch)) return;
  p.channels = p.channels.filter((c) => c !== ch);
  acts.push({ type: 'persistStop', id: p.id, channel: ch });
}

/** initInputsCheckpoint + checkpointStarted on every input + triggerGlobalCheckpoint(asUnaligned). */
function startUnaligned(s: S, b: Barrier, acts: Acts) {
  const ub = asUnaligned(b);
  // A channel records in-flight data only if it is open and its barrier has not arrived yet
  // (RemoteInputChannel.checkpointStarted → ChannelStatePersister.startPersisting).
  const channels: number[] = [];
  for (let c = 0; c < s.numChannels; c++) {
    if (!s.closedChannels.includes(c) && !s.alignedChannels.includes(c)) channels.push(c);
  }
  s.persisting = { id: ub.id, channels };
  acts.push({ type: 'persistStart', id: ub.id, channels: [...channels] });
  acts.push({ type: 'trigger', barrier: ub, unaligned: true });
}

/** Back to the first waiting state: unblock, and an unaligned state stops recording (checkpointStopped). */
function finish(s: S, acts: Acts) {
  s.persisting = null;
  unblockAllChannels(s, acts);
  s.phase = 'waitingForFirstBarrier';
}

/** BarrierHandlerState.alignedCheckpointTimeout: the aligned checkpoint turns unaligned. */
export function alignedCheckpointTimeout(s: S, b: Barrier, acts: Acts): void {
  if (s.phase === 'waitingForFirstBarrier') s.phase = 'waitingForFirstBarrierUnaligned';
  else if (s.phase === 'collectingBarriers') {
    // Channels already aligned stay blocked until all barriers arrived (AlternatingCollectingBarriers).
    startUnaligned(s, b, acts);
    s.phase = 'collectingBarriersUnaligned';
  } // the unaligned states ignore it
}

/** BarrierHandlerState.barrierReceived (the channel is already in alignedChannels). */
export function barrierReceived(s: S, ch: number, b: Barrier, now: number, acts: Acts): void {
  if (s.kind === 'aligned') {
    blockChannel(s, ch, acts);
    if (allBarriersReceived(s)) {
      acts.push({ type: 'trigger', barrier: b, unaligned: false });
      finish(s, acts);
    } else s.phase = 'collectingBarriers';
    return;
  }
  if (isAlignedPhase(s)) {
    if (isUnaligned(s, b)) { // an upstream already switched (testSwitchToUnalignedByUpstream)
      alignedCheckpointTimeout(s, b, acts);
      return barrierReceived(s, ch, b, now, acts);
    }
    blockChannel(s, ch, acts);
    if (allBarriersReceived(s)) {
      acts.push({ type: 'trigger', barrier: b, unaligned: false });
      finish(s, acts);
    } else if (isTimedOut(s, b, now)) {
      alignedCheckpointTimeout(s, b, acts);
      barrierReceived(s, ch, asUnaligned(b), now, acts);
    } else s.phase = 'collectingBarriers';
    return;
  }
  // An aligned barrier blocks its channel through credit-based flow control even now.
  if (!isUnaligned(s, b)) blockChannel(s, ch, acts);
  if (s.phase === 'waitingForFirstBarrierUnaligned') {
    startUnaligned(s, b, acts);
    if (allBarriersReceived(s)) finish(s, acts);
    else s.phase = 'collectingBarriersUnaligned';
    return;
  }
  stopPersisting(s, ch, acts);
  if (allBarriersReceived(s)) finish(s, acts);
}

/** BarrierHandlerState.endOfPartitionReceived (pending checkpoint only; the channel is already aligned). */
export function endOfPartitionReceived(s: S, ch: number, now: number, acts: Acts): void {
  channelFinished(s, ch, acts);
  const pending = s.pendingBarrier;
  if (!pending || s.phase === 'waitingForFirstBarrier' || s.phase === 'waitingForFirstBarrierUnaligned') return;
  if (s.phase === 'collectingBarriersUnaligned') {
    if (allBarriersReceived(s)) finish(s, acts);
    return;
  }
  if (allBarriersReceived(s)) {
    acts.push({ type: 'trigger', barrier: pending, unaligned: false });
    finish(s, acts);
  } else if (s.kind === 'alternating' && isTimedOut(s, pending, now)) {
    alignedCheckpointTimeout(s, pending, acts);
    if (allBarriersReceived(s)) finish(s, acts);
  }
}

/** BarrierHandlerState.abort: unblock everything and wait for the next first barrier. */
export function abortState(s: S, acts: Acts): void {
  finish(s, acts);
}
