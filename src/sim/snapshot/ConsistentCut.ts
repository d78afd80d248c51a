/**
 * The consistent-cut checker for a finished Chandy–Lamport snapshot (reference §8.1, "Consistent-cut
 * check", from eqs. (1)–(4) of Chandy & Lamport 1985). For each channel c from p to q, with the cut
 * drawn where p and q recorded their states:
 *  (a) no orphan: no message received by q before q recorded was sent by p after p recorded;
 *  (b) c's recorded state equals the messages in transit across the cut (sent before p recorded, not
 *      received before q recorded: messages recv_c+1 … sent_c under FIFO);
 *  (c) Σ recorded process tokens + Σ recorded channel tokens equals the total tokens.
 * "Before" means an earlier step of the run (one event per step), so ties at equal times are ordered.
 * Not a Flink class: Flink's checkpoints are checked elsewhere (reference §5).
 */

/** A process's recorded state: the step that recorded it and its tokens then. */
export interface RecordedProcessState {
  step: number;
  tokens: number;
}

/** A channel's recorded state: the ids of the messages recorded on it, in the order recorded. */
export interface RecordedChannelState {
  from: string;
  to: string;
  messages: number[];
}

/** A finished snapshot: every process's and every channel's recorded state (channels by id). */
export interface SnapshotRecord {
  processes: Record<string, RecordedProcessState>;
  channels: Record<string, RecordedChannelState>;
}

/** One application message of the run (markers are not listed). */
export interface MessageHistoryEntry {
  id: number;
  channel: string;
  label: string | null;
  tokens: number;
  /** Step of the send event. */
  sentStep: number;
  /** Step of the receive event, or null if it was never received. */
  receivedStep: number | null;
}

/** A message named in a verdict. */
export interface MessageRef {
  id: number;
  label: string | null;
  tokens: number;
}

/** The verdict on one channel. */
export interface ChannelCheck {
  channel: string;
  /** n in eq. (1): messages sent on c before the sender recorded. */
  sentBeforeCut: number;
  /** m in eq. (2): messages received on c before the receiver recorded. */
  receivedBeforeCut: number;
  recorded: MessageRef[];
  /** The messages in transit across the cut, in send order. */
  expected: MessageRef[];
  /** recorded = expected (as sets; in order too under FIFO) and no orphan on c. */
  ok: boolean;
}

/** A message received before the cut but sent after it. */
export interface Orphan extends MessageRef {
  channel: string;
}

/** The checker's result. */
export interface CutCheck {
  /** The cut is consistent (condition (a)): no orphan message. */
  consistent: boolean;
  /** All of (a), (b) and (c) hold: the snapshot is a valid global state. */
  valid: boolean;
  channels: ChannelCheck[];
  orphans: Orphan[];
  conservation: { expected: number; recorded: number; ok: boolean };
}

const ref = (m: MessageHistoryEntry): MessageRef => ({ id: m.id, label: m.label, tokens: m.tokens });

/** Checks conditions (a)–(c) of a snapshot against the run's messages; `totalTokens` is the invariant. */
export function checkCut(snapshot: SnapshotRecord, history: readonly MessageHistoryEntry[], totalTokens: number): CutCheck {
  const byId: Record<number, MessageHistoryEntry> = {};
  for (const m of history) byId[m.id] = m;
  const cutOf = (p: string): number => {
    const s = snapshot.processes[p];
    if (!s) throw new Error(`checkCut: process "${p}" has no recorded state`);
    return s.step;
  };
  const orphans: Orphan[] = [];
  const channels: ChannelCheck[] = [];
  let recordedTokens = 0;
  for (const s of Object.values(snapshot.processes)) recordedTokens += s.tokens;

  for (const [id, c] of Object.entries(snapshot.channels)) {
    const sendCut = cutOf(c.from);
    const recvCut = cutOf(c.to);
    const mine = history.filter((m) => m.channel === id).sort((a, b) => a.sentStep - b.sentStep);
    const sentBefore = (m: MessageHistoryEntry) => m.sentStep < sendCut;
    const recvBefore = (m: MessageHistoryEntry) => m.receivedStep !== null && m.receivedStep < recvCut;
    const own = mine.filter((m) => recvBefore(m) && !sentBefore(m)).map((m) => ({ ...ref(m), channel: id }));
    orphans.push(...own);
    const expected = mine.filter((m) => sentBefore(m) && !recvBefore(m)).map(ref);
    const recorded = c.messages.map((mid) => {
      const m = byId[mid];
      if (!m) throw new Error(`checkCut: channel "${id}" records unknown message ${mid}`);
      return ref(m);
    });
    for (const m of recorded) recordedTokens += m.tokens;
    const key = (xs: MessageRef[]) => xs.map((m) => m.id).sort((a, b) => a - b).join(',');
    channels.push({
      channel: id,
      sentBeforeCut: mine.filter(sentBefore).length,
      receivedBeforeCut: mine.filter(recvBefore).length,
      recorded,
      expected,
      ok: own.length === 0 && key(recorded) === key(expected),
    });
  }
  const conservation = { expected: totalTokens, recorded: recordedTokens, ok: recordedTokens === totalTokens };
  const consistent = orphans.length === 0;
  return { consistent, valid: consistent && conservation.ok && channels.every((c) => c.ok), channels, orphans, conservation };
}
