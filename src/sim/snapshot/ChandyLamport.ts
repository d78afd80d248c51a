/**
 * The classic Chandy–Lamport snapshot algorithm (TOCS 3(1), 1985, §3.2; reference §8.1, §8.5) on an
 * arbitrary directed process graph. Not a Flink class: Flink's tailored variant (barriers, ABS) is
 * the job engine's (reference §5.8 compares them). The world is plain JSON data; `stepWorld` runs one
 * event of the deterministic queue (kernel/EventQueue.ts) and emits typed trace events.
 */
import { heapPop, heapPush, type QueuedEvent } from '../kernel/EventQueue.ts';
import { nextInt, seedRng, type RngState } from '../kernel/Random.ts';
import { checkCut, type MessageHistoryEntry, type MessageRef, type SnapshotRecord } from './ConsistentCut.ts';
import type { ResolvedProcessScenario } from './ProcessScenario.ts';
import type { ProcessTraceEvent } from './ProcessTrace.ts';

/** A process: its tokens, the labels of the events it executed, and its recorded state once recorded. */
export interface ClProcess {
  id: string;
  tokens: number;
  labels: string[];
  recorded: { step: number; t: number; tokens: number; labels: string[] } | null;
}

/**
 * A channel as its receiver sees it: `open` before the receiver recorded its state, `recording`
 * from then until the channel's marker arrives, then `recorded` with the message ids of its state.
 */
export interface ClChannel {
  id: string;
  from: string;
  to: string;
  latencyMs: number;
  jitterMs: number;
  /** Latest arrival time scheduled on the channel (the FIFO clamp). */
  lastArrival: number;
  state: 'open' | 'recording' | 'recorded';
  /** Ids of the messages recorded so far (the channel's state once `recorded`). */
  buffer: number[];
}

/** A message or marker, kept for the whole run (the send/receive history). */
export interface ClMessage {
  id: number;
  kind: 'message' | 'marker';
  channel: string;
  from: string;
  to: string;
  label: string | null;
  receiveLabel: string | null;
  tokens: number;
  sentAt: number;
  arrivesAt: number;
  sentStep: number;
  receivedStep: number | null;
}

/** What the queue holds: a scenario event, a spontaneous recording, or a delivery. */
export type ClEvent =
  | { kind: 'event'; index: number }
  | { kind: 'initiate'; index: number }
  | { kind: 'deliver'; message: number };

export interface ClQueued {
  time: number;
  seq: number;
  event: ClEvent;
}

/** The whole state of a run (plain JSON: cloned with structuredClone). */
export interface ClWorld {
  /** Steps run so far (one event per step). */
  step: number;
  time: number;
  seq: number;
  queue: ClQueued[];
  rng: RngState;
  /** Channels deliver in send order (the scenario's `fifo`). */
  fifo: boolean;
  processes: ClProcess[];
  channels: ClChannel[];
  messages: ClMessage[];
  /** Σ initial tokens: the conserved quantity. */
  totalTokens: number;
  /** The step at which every process and every channel had recorded, or null. */
  completedStep: number | null;
}

type Emit = ((e: ProcessTraceEvent) => void) | null;

// EventQueue.ts is typed for the job kernel's events; its ordering only reads `time` and `seq`.
const heap = (w: ClWorld) => w.queue as unknown as QueuedEvent[];
function schedule(w: ClWorld, time: number, event: ClEvent): void {
  heapPush(heap(w), { time, seq: w.seq++, event } as unknown as QueuedEvent);
}

/** The world before step 1: every scenario event and spontaneous recording queued, in that order. */
export function createClWorld(sc: ResolvedProcessScenario, seed: number = sc.seed): ClWorld {
  const w: ClWorld = {
    step: 0, time: 0, seq: 0, queue: [], rng: seedRng(seed), fifo: sc.fifo,
    processes: sc.processes.map((p) => ({ id: p.id, tokens: p.tokens, labels: [], recorded: null })),
    channels: sc.channels.map((c) => ({ ...c, lastArrival: 0, state: 'open', buffer: [] })),
    messages: [], totalTokens: sc.processes.reduce((s, p) => s + p.tokens, 0), completedStep: null,
  };
  sc.events.forEach((e, index) => schedule(w, e.at, { kind: 'event', index }));
  sc.snapshots.forEach((s, index) => schedule(w, s.at, { kind: 'initiate', index }));
  return w;
}

export const nextClEventTime = (w: ClWorld): number | null => w.queue[0]?.time ?? null;

const proc = (w: ClWorld, id: string) => w.processes.find((p) => p.id === id)!;
const channelBetween = (w: ClWorld, from: string, to: string) => w.channels.find((c) => c.from === from && c.to === to)!;
const refOf = (w: ClWorld, id: number): MessageRef => {
  const m = w.messages[id]!;
  return { id, label: m.label, tokens: m.tokens };
};

/** Runs the next event. Returns false (and does nothing) when the queue is empty. */
export function stepWorld(sc: ResolvedProcessScenario, w: ClWorld, emit: Emit): boolean {
  const item = heapPop(heap(w)) as unknown as ClQueued | undefined;
  if (!item) return false;
  w.step++;
  w.time = item.time;
  const at = { step: w.step, t: w.time };
  const ev = item.event;
  if (ev.kind === 'event') {
    const e = sc.events[ev.index]!;
    const p = proc(w, e.process);
    p.labels.push(e.label);
    if (e.send === null) {
      emit?.({ type: 'process.event', ...at, process: p.id, label: e.label, tokens: p.tokens });
    } else {
      p.tokens -= e.send.tokens;
      const m = send(w, channelBetween(w, p.id, e.send.to), 'message', e.send.latencyMs, e.label, e.send.receiveLabel, e.send.tokens);
      emit?.({ type: 'message.sent', ...at, ...onChannel(m), label: e.label, receiveLabel: m.receiveLabel, tokens: m.tokens, balance: p.tokens, sentAt: m.sentAt, arrivesAt: m.arrivesAt });
    }
  } else if (ev.kind === 'initiate') {
    const p = proc(w, sc.snapshots[ev.index]!.initiator);
    emit?.({ type: 'snapshot.initiated', ...at, process: p.id, alreadyRecorded: p.recorded !== null });
    if (p.recorded === null) recordState(w, p, null, emit);
  } else {
    const m = w.messages[ev.message]!;
    m.receivedStep = w.step;
    const c = channelBetween(w, m.from, m.to);
    const q = proc(w, m.to);
    if (m.kind === 'message') receiveMessage(w, c, q, m, emit);
    else receiveMarker(w, c, q, m, emit);
  }
  completeIfDone(w, emit);
  return true;
}

const onChannel = (m: ClMessage) => ({ message: m.id, channel: m.channel, from: m.from, to: m.to });

/** Puts a message or marker on `c`: arrival = now + latency + jitter, clamped to FIFO order unless `fifo` is off. */
function send(w: ClWorld, c: ClChannel, kind: ClMessage['kind'], latency: number | null, label: string | null, receiveLabel: string | null, tokens: number): ClMessage {
  const jitter = c.jitterMs > 0 ? nextInt(w.rng, c.jitterMs + 1) : 0;
  let arrivesAt = w.time + (latency ?? c.latencyMs) + jitter;
  if (w.fifo) arrivesAt = Math.max(arrivesAt, c.lastArrival);
  c.lastArrival = Math.max(c.lastArrival, arrivesAt);
  const m: ClMessage = {
    id: w.messages.length, kind, channel: c.id, from: c.from, to: c.to, label, receiveLabel, tokens,
    sentAt: w.time, arrivesAt, sentStep: w.step, receivedStep: null,
  };
  w.messages.push(m);
  schedule(w, arrivesAt, { kind: 'deliver', message: m.id });
  return m;
}

/** An application message arrives: the receiver takes its tokens; a recording channel appends it. */
function receiveMessage(w: ClWorld, c: ClChannel, q: ClProcess, m: ClMessage, emit: Emit): void {
  q.tokens += m.tokens;
  if (m.receiveLabel !== null) q.labels.push(m.receiveLabel);
  const recorded = c.state === 'recording';
  if (recorded) c.buffer.push(m.id);
  emit?.({
    type: 'message.received', step: w.step, t: w.time, ...onChannel(m), label: m.label ?? '', receiveLabel: m.receiveLabel,
    tokens: m.tokens, balance: q.tokens, sentAt: m.sentAt, recorded,
  });
}

/**
 * Marker-Receiving Rule (§3.2): if q has not recorded its state, it records it and records c as the
 * empty sequence; else it records c as the messages received on c since it recorded its state.
 */
function receiveMarker(w: ClWorld, c: ClChannel, q: ClProcess, m: ClMessage, emit: Emit): void {
  const first = q.recorded === null;
  emit?.({ type: 'marker.received', step: w.step, t: w.time, ...onChannel(m), sentAt: m.sentAt, first });
  if (first) recordState(w, q, c, emit);
  else if (c.state === 'recording') closeChannel(w, c, emit);
}

/**
 * q records its state; then, by the Marker-Sending Rule, sends one marker on every outgoing channel
 * before anything else, and starts recording every incoming channel but `via` (recorded empty).
 */
function recordState(w: ClWorld, q: ClProcess, via: ClChannel | null, emit: Emit): void {
  q.recorded = { step: w.step, t: w.time, tokens: q.tokens, labels: [...q.labels] };
  const at = { step: w.step, t: w.time };
  emit?.({ type: 'state.recorded', ...at, process: q.id, tokens: q.tokens, labels: [...q.labels], cause: via?.id ?? 'initiator' });
  for (const c of w.channels) {
    if (c.from !== q.id) continue;
    const mk = send(w, c, 'marker', null, null, null, 0);
    emit?.({ type: 'marker.sent', ...at, ...onChannel(mk), sentAt: mk.sentAt, arrivesAt: mk.arrivesAt });
  }
  for (const c of w.channels) {
    if (c.to !== q.id) continue;
    if (c === via) {
      closeChannel(w, c, emit);
    } else {
      c.state = 'recording';
      emit?.({ type: 'channel.recording', ...at, channel: c.id, from: c.from, to: c.to });
    }
  }
}

function closeChannel(w: ClWorld, c: ClChannel, emit: Emit): void {
  c.state = 'recorded';
  emit?.({ type: 'channel.recorded', step: w.step, t: w.time, channel: c.id, from: c.from, to: c.to, messages: c.buffer.map((id) => refOf(w, id)) });
}

/** Termination (§3.3): every process recorded its state and every channel its state. */
function completeIfDone(w: ClWorld, emit: Emit): void {
  if (w.completedStep !== null) return;
  if (!w.processes.every((p) => p.recorded !== null) || !w.channels.every((c) => c.state === 'recorded')) return;
  w.completedStep = w.step;
  emit?.({ type: 'snapshot.completed', step: w.step, t: w.time, check: checkCut(snapshotOf(w), historyOf(w), w.totalTokens) });
}

/** The recorded states of a world whose snapshot completed (the checker's input). */
export function snapshotOf(w: ClWorld): SnapshotRecord {
  const snap: SnapshotRecord = { processes: {}, channels: {} };
  for (const p of w.processes) if (p.recorded) snap.processes[p.id] = { step: p.recorded.step, tokens: p.recorded.tokens };
  for (const c of w.channels) if (c.state === 'recorded') snap.channels[c.id] = { from: c.from, to: c.to, messages: [...c.buffer] };
  return snap;
}

/** The application messages sent so far, with the steps they were sent and received at. */
export function historyOf(w: ClWorld): MessageHistoryEntry[] {
  return w.messages
    .filter((m) => m.kind === 'message')
    .map((m) => ({ id: m.id, channel: m.channel, label: m.label, tokens: m.tokens, sentStep: m.sentStep, receivedStep: m.receivedStep }));
}
