/**
 * The trace of a Chandy–Lamport run (reference §8.1): one typed event per thing that happens, each
 * with the step that emitted it and the simulated time `t` in ms. Sends carry `sentAt` and
 * `arrivesAt` so views can draw a message's arrow as a function of time.
 */
import type { CutCheck, MessageRef } from './ConsistentCut.ts';

interface At {
  step: number;
  t: number;
}

/** The channel a message or marker travels on. */
interface OnChannel {
  /** Message or marker id (one numbering for both). */
  message: number;
  channel: string;
  from: string;
  to: string;
}

export type ProcessTraceEvent =
  /** An internal event of `process`. */
  | (At & { type: 'process.event'; process: string; label: string; tokens: number })
  /** `from` sent an application message; its tokens left `from` now (`tokens` after the send: `balance`). */
  | (At & OnChannel & { type: 'message.sent'; label: string; receiveLabel: string | null; tokens: number; balance: number; sentAt: number; arrivesAt: number })
  /** `to` received a message; `recorded` when it was appended to the channel's recording. */
  | (At & OnChannel & { type: 'message.received'; label: string; receiveLabel: string | null; tokens: number; balance: number; sentAt: number; recorded: boolean })
  /** Marker-Sending Rule: `from` sent a marker right after recording its state. */
  | (At & OnChannel & { type: 'marker.sent'; sentAt: number; arrivesAt: number })
  /** Marker-Receiving Rule: `first` when `to` had not recorded its state yet. */
  | (At & OnChannel & { type: 'marker.received'; sentAt: number; first: boolean })
  /** A spontaneous recording was due at `process`; `alreadyRecorded` when a marker got there first. */
  | (At & { type: 'snapshot.initiated'; process: string; alreadyRecorded: boolean })
  /** `process` recorded its state: `cause` is 'initiator' or the channel whose marker made it record. */
  | (At & { type: 'state.recorded'; process: string; tokens: number; labels: string[]; cause: string })
  /** The receiver started recording the messages arriving on `channel`. */
  | (At & { type: 'channel.recording'; channel: string; from: string; to: string })
  /** `channel`'s recorded state (empty when its marker was the receiver's first). */
  | (At & { type: 'channel.recorded'; channel: string; from: string; to: string; messages: MessageRef[] })
  /** Every process and every channel recorded: the snapshot terminated (§3.3), with the checker's verdict. */
  | (At & { type: 'snapshot.completed'; check: CutCheck });

export type ProcessTraceType = ProcessTraceEvent['type'];
