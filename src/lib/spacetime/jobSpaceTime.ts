/**
 * The space-time diagram of a Flink job run, pure (no DOM): one horizontal line per subtask
 * (grouped by JobVertex, sources at the top), time to the right; records as thin arrows and
 * barriers as bold ones from `sentAt` to `arrivesAt` (those in flight drawn up to now); each
 * subtask's snapshot of a checkpoint as a point, the checkpoint's cut as the line through its
 * snapshot points, and the records it persisted as channel state (unaligned checkpoints) marked.
 * Restarts break the lines. Everything is derived from the trace up to the player's step and the
 * player's time: nothing is stored.
 */
import type { JobPlan } from '../../sim/graph/types.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { ExecutionState } from '../../sim/runtime/ExecutionState.ts';

export interface Point {
  x: number;
  y: number;
}

/** One subtask's line. */
export interface Lane {
  task: string;
  vertex: string;
  subtask: number;
  /** Index of its JobVertex (topological: sources first). */
  group: number;
  /** Index top to bottom. */
  index: number;
}

/** The subtasks top to bottom: JobVertices in topological order (sources first), subtasks in order. */
export function jobLanes(plan: Pick<JobPlan, 'jobGraph' | 'execution'>): Lane[] {
  const out: Lane[] = [];
  plan.jobGraph.vertices.forEach((v, group) => {
    for (const t of plan.execution.tasks.filter((x) => x.vertex === v.id).sort((a, b) => a.subtask - b.subtask)) {
      out.push({ task: t.id, vertex: v.id, subtask: t.subtask, group, index: out.length });
    }
  });
  return out;
}

export interface Box {
  width: number;
  left: number;
  right: number;
  top: number;
  /** Between two lines of one vertex. */
  laneGap: number;
  /** Extra room between two vertices. */
  groupGap: number;
}

export interface TimeWindow {
  t0: number;
  t1: number;
}

/** Widths of the time window the view offers (ms); null: the whole run so far. */
export const WINDOW_SPANS = [1000, 2500, 5000, null] as const;
export type WindowSpan = (typeof WINDOW_SPANS)[number];
export const DEFAULT_SPAN: WindowSpan = 2500;

/**
 * The time window around the playhead: `span` ms with now at 80 % (the rest shows where arrows in
 * flight are heading). Early in the run it starts at 0 and is only as wide as needed (now at most at
 * 80 %, in steps of 250 ms, at least 500 ms), so that the first second is not squeezed into a
 * corner. null: from 0 to a little past now.
 */
export function timeWindow(now: number, span: WindowSpan): TimeWindow {
  if (span === null) {
    const t1 = Math.max(100, Math.ceil(now * 1.08));
    return { t0: 0, t1 };
  }
  if (now <= span * 0.8) return { t0: 0, t1: Math.min(span, Math.max(500, Math.ceil(now / 0.8 / 250) * 250)) };
  const t0 = now - span * 0.8;
  return { t0, t1: t0 + span };
}

export interface JobScale {
  /** Simulated ms → x (linear, not clamped: the view clips to the plot). */
  x: (t: number) => number;
  y: (task: string) => number;
  window: TimeWindow;
  lanes: readonly Lane[];
  box: Box;
  /** The y below the last line. */
  bottom: number;
}

export function jobScale(lanes: readonly Lane[], window: TimeWindow, box: Box): JobScale {
  const x0 = box.left;
  const x1 = Math.max(x0 + 1, box.width - box.right);
  const span = Math.max(1, window.t1 - window.t0);
  const ys = new Map<string, number>();
  let y = box.top;
  lanes.forEach((l, i) => {
    if (i > 0) y += box.laneGap + (l.group !== lanes[i - 1]!.group ? box.groupGap : 0);
    ys.set(l.task, y);
  });
  return {
    x: (t) => x0 + ((t - window.t0) / span) * (x1 - x0),
    y: (task) => ys.get(task) ?? box.top,
    window,
    lanes,
    box,
    bottom: y,
  };
}

/** How far along its way an element is at `now`: 0 at the send, 1 at the arrival (or once received). */
export function progressAt(sentAt: number, arrivesAt: number, now: number, received: boolean): number {
  if (received) return 1;
  if (arrivesAt <= sentAt) return now >= arrivesAt ? 1 : 0;
  return Math.min(1, Math.max(0, (now - sentAt) / (arrivesAt - sentAt)));
}

export interface JobArrow {
  key: string;
  kind: 'record' | 'barrier';
  channel: string;
  from: string;
  to: string;
  sentAt: number;
  arrivesAt: number;
  /** The trace index of the send (orders sends of one step). */
  sentIndex: number;
  received: boolean;
  /** 0 … 1 at now. */
  progress: number;
  /** Record id (records), checkpoint id (barriers). */
  record: number | null;
  checkpoint: number | null;
  /** An unaligned barrier (a priority event that overtakes the records queued before it). */
  unaligned: boolean;
  /** A CancelCheckpointMarker rather than a barrier. */
  cancel: boolean;
  /** B1, B2 … for barriers, null for records. */
  label: string | null;
}

/**
 * Every record and barrier sent up to the end of `trace` (the trace up to the player's step), with
 * whether it was received by then and its progress at `now`. Order: the trace's.
 */
export function jobArrows(trace: readonly TraceEvent[], now: number): JobArrow[] {
  const out: JobArrow[] = [];
  /** Sends not yet received, per channel and element, oldest first. */
  const pending = new Map<string, number[]>();
  const push = (k: string, i: number) => {
    const q = pending.get(k);
    if (q) q.push(i);
    else pending.set(k, [i]);
  };
  trace.forEach((e, index) => {
    if (e.type === 'record.sent') {
      push(`r${e.channel}#${e.record.id}`, out.length);
      out.push({
        key: `r${index}`, kind: 'record', channel: e.channel, from: e.task, to: e.to, sentAt: e.sentAt, arrivesAt: e.arrivesAt, sentIndex: index,
        received: false, progress: 0, record: e.record.id, checkpoint: null, unaligned: false, cancel: false, label: null,
      });
    } else if (e.type === 'barrier.sent') {
      push(`b${e.channel}#${e.checkpoint}${e.cancel ? 'x' : ''}`, out.length);
      out.push({
        key: `b${index}`, kind: 'barrier', channel: e.channel, from: e.task, to: e.to, sentAt: e.sentAt, arrivesAt: e.arrivesAt, sentIndex: index,
        received: false, progress: 0, record: null, checkpoint: e.checkpoint, unaligned: !!e.unaligned, cancel: !!e.cancel,
        label: `${e.cancel ? '✕' : ''}B${e.checkpoint}`,
      });
    } else if (e.type === 'record.received' || e.type === 'barrier.received') {
      const k = e.type === 'record.received' ? `r${e.channel}#${e.record}` : `b${e.channel}#${e.checkpoint}${e.cancel ? 'x' : ''}`;
      const i = pending.get(k)?.shift();
      if (i !== undefined) out[i]!.received = true;
    }
  });
  for (const a of out) a.progress = progressAt(a.sentAt, a.arrivesAt, now, a.received);
  return out;
}

/** An arrow's path from its send to its tip (at progress), and its whole course. */
export function arrowPath(sc: JobScale, a: Pick<JobArrow, 'from' | 'to' | 'sentAt' | 'arrivesAt' | 'progress'>): { d: string; course: string; tip: Point } {
  const p = { x: sc.x(a.sentAt), y: sc.y(a.from) };
  const q = { x: sc.x(a.arrivesAt), y: sc.y(a.to) };
  const f = Math.min(1, Math.max(0, a.progress));
  const tip = { x: p.x + (q.x - p.x) * f, y: p.y + (q.y - p.y) * f };
  return { d: `M${r1(p.x)},${r1(p.y)}L${r1(tip.x)},${r1(tip.y)}`, course: `M${r1(p.x)},${r1(p.y)}L${r1(q.x)},${r1(q.y)}`, tip };
}
const r1 = (v: number) => Math.round(v * 10) / 10;

/** Whether an arrow shows in the window: it overlaps [t0, now] (its drawn part) or is still flying. */
export function inWindow(a: Pick<JobArrow, 'sentAt' | 'arrivesAt' | 'received'>, w: TimeWindow, now: number): boolean {
  if (a.sentAt > w.t1) return false;
  const end = a.received ? a.arrivesAt : Math.min(a.arrivesAt, now);
  return Math.max(end, a.sentAt) >= w.t0;
}

export interface Snapshot {
  task: string;
  checkpoint: number;
  t: number;
  step: number;
  /** Trace index of the snapshot event. */
  index: number;
  unaligned: boolean;
  /** The records the barrier overtook in this subtask's outputs (output channel state). */
  outputChannelState: number;
}

/** Every `checkpoint.snapshot` in the trace (a restarted subtask may snapshot a checkpoint id once per attempt: the last counts). */
export function jobSnapshots(trace: readonly TraceEvent[]): Snapshot[] {
  const out: Snapshot[] = [];
  trace.forEach((e, index) => {
    if (e.type === 'checkpoint.snapshot') out.push({ task: e.task, checkpoint: e.checkpoint, t: e.t, step: e.step, index, unaligned: e.unaligned, outputChannelState: e.outputChannelState });
  });
  return out;
}

/** Checkpoint ids with at least one snapshot, ascending. */
export function snapshottedCheckpoints(snapshots: readonly Snapshot[]): number[] {
  return [...new Set(snapshots.map((s) => s.checkpoint))].sort((a, b) => a - b);
}

/** The checkpoint whose cut is shown: the chosen one if it has snapshots, else the latest with snapshots (null: none yet). */
export function shownCheckpoint(snapshots: readonly Snapshot[], chosen: number | null): number | null {
  const ids = snapshottedCheckpoints(snapshots);
  if (chosen !== null && ids.includes(chosen)) return chosen;
  return ids.length ? ids[ids.length - 1]! : null;
}

export interface Cut {
  checkpoint: number;
  /** The snapshot of each subtask that took one, in line order. */
  points: (Snapshot & Point)[];
  /** Subtasks that have not snapshotted (yet), in line order. */
  missing: string[];
  /** Every subtask snapshotted. */
  complete: boolean;
  /** The line's parts: through consecutive snapshotted lines (`gap`: over a line that has not snapshotted). */
  segments: { from: Point; to: Point; gap: boolean }[];
}

/** The cut of `checkpoint`: through the snapshot point of exactly the subtasks that took one. */
export function cutOf(snapshots: readonly Snapshot[], checkpoint: number, sc: JobScale, overhang = 14): Cut {
  const last = new Map<string, Snapshot>();
  for (const s of snapshots) if (s.checkpoint === checkpoint) last.set(s.task, s);
  const points: (Snapshot & Point)[] = [];
  const missing: string[] = [];
  let prevIndex = -1;
  const segments: Cut['segments'] = [];
  for (const l of sc.lanes) {
    const s = last.get(l.task);
    if (!s) {
      missing.push(l.task);
      continue;
    }
    const p = { ...s, x: sc.x(s.t), y: sc.y(l.task) };
    const prev = points[points.length - 1];
    if (prev) segments.push({ from: { x: prev.x, y: prev.y }, to: { x: p.x, y: p.y }, gap: l.index !== prevIndex + 1 });
    points.push(p);
    prevIndex = l.index;
  }
  const first = points[0];
  const end = points[points.length - 1];
  if (first && end) {
    segments.unshift({ from: { x: first.x, y: first.y - overhang }, to: { x: first.x, y: first.y }, gap: false });
    segments.push({ from: { x: end.x, y: end.y }, to: { x: end.x, y: end.y + overhang }, gap: false });
  }
  return { checkpoint, points, missing, complete: missing.length === 0 && points.length > 0, segments };
}

/**
 * The records `checkpoint`'s cut puts in channel state: records sent before their sender's
 * snapshot and not yet processed by their receiver when it snapshotted (an unaligned barrier
 * overtook them on the wire or in the receiver's input: input channel state), and the records the
 * barrier overtook in the sender's output buffers (`outputChannelState` of its snapshot: the first
 * ones it sends after the snapshot that it had produced before). Keys of `jobArrows`. An aligned
 * checkpoint persists none: its barrier follows every record before it.
 */
export function persistedRecords(trace: readonly TraceEvent[], arrows: readonly JobArrow[], snapshots: readonly Snapshot[], checkpoint: number): Set<string> {
  const snap = new Map<string, Snapshot>();
  for (const s of snapshots) if (s.checkpoint === checkpoint) snap.set(s.task, s);
  const out = new Set<string>();
  if (snap.size === 0) return out;
  /** Where each task produced each record (trace index), and where it processed each input. */
  const produced = new Map<string, number>();
  const processed = new Map<string, number[]>();
  /** Where each task's attempt that took the snapshot started (earlier sends went to an attempt since failed). */
  const started = new Map<string, number>();
  trace.forEach((e, i) => {
    if (e.type === 'task.state' && e.to === 'DEPLOYING' && i < (snap.get(e.task)?.index ?? -1)) started.set(e.task, i);
    else if (e.type === 'source.emitted') setFirst(produced, `${e.task}#${e.record.id}`, i);
    else if (e.type === 'record.processed') {
      const k = `${e.task}#${e.record}`;
      const list = processed.get(k);
      if (list) list.push(i);
      else processed.set(k, [i]);
      for (const o of e.outputs) setFirst(produced, `${e.task}#${o}`, i);
    }
  });
  /** Output channel state still to find, per sender. */
  const outputLeft = new Map([...snap].map(([task, s]) => [task, s.outputChannelState]));
  for (const a of arrows) {
    if (a.kind !== 'record' || a.record === null) continue;
    const sender = snap.get(a.from);
    const receiver = snap.get(a.to);
    if (!sender || !receiver) continue;
    if (a.sentIndex < Math.max(started.get(a.from) ?? -1, started.get(a.to) ?? -1)) continue;
    // A replayed record keeps its id: its processing is the first one after this send.
    const used = processed.get(`${a.to}#${a.record}`)?.find((i) => i > a.sentIndex);
    const unprocessed = used === undefined || used > receiver.index;
    if (a.sentIndex < sender.index) {
      if (unprocessed) out.add(a.key);
      continue;
    }
    const left = outputLeft.get(a.from) ?? 0;
    const made = produced.get(`${a.from}#${a.record}`) ?? a.sentIndex;
    if (left > 0 && made < sender.index) {
      outputLeft.set(a.from, left - 1);
      out.add(a.key);
    }
  }
  return out;
}
function setFirst(m: Map<string, number>, k: string, v: number) {
  if (!m.has(k)) m.set(k, v);
}

/** A stretch of a subtask's line: one attempt from deployment to its end (or now). */
export interface LifeSegment {
  task: string;
  attempt: number;
  t0: number;
  /** The end: when the attempt ended, or now. */
  t1: number;
  /** How it ended (null: still on at now). */
  end: 'FAILED' | 'CANCELED' | 'FINISHED' | null;
}

const LIVE: readonly ExecutionState[] = ['DEPLOYING', 'INITIALIZING', 'RUNNING', 'CANCELING'];

/**
 * The stretches where each subtask has a live attempt (deploying … canceling), from `task.state`
 * events: a failure or a cancellation ends one, a restart starts the next, leaving a break.
 */
export function lifeSegments(trace: readonly TraceEvent[], lanes: readonly Lane[], now: number): LifeSegment[] {
  const open = new Map<string, LifeSegment>();
  const out: LifeSegment[] = [];
  const known = new Set(lanes.map((l) => l.task));
  for (const e of trace) {
    if (e.type !== 'task.state' || !known.has(e.task)) continue;
    const live = LIVE.includes(e.to);
    const cur = open.get(e.task);
    if (live && !cur) {
      const seg: LifeSegment = { task: e.task, attempt: e.attempt, t0: e.t, t1: now, end: null };
      open.set(e.task, seg);
      out.push(seg);
    } else if (!live && cur) {
      cur.t1 = e.t;
      cur.end = e.to === 'FAILED' || e.to === 'CANCELED' || e.to === 'FINISHED' ? e.to : 'CANCELED';
      open.delete(e.task);
    }
  }
  return out;
}

/** Round ticks in [t0, t1]: about `target` of them. */
export function windowTicks(w: TimeWindow, target = 6): number[] {
  const raw = Math.max(1, w.t1 - w.t0) / Math.max(1, target);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let t = Math.ceil(w.t0 / step) * step; t <= w.t1; t += step) out.push(t);
  return out;
}

/** Counts for the text description. */
export interface SpaceTimeSummary {
  records: number;
  recordsInFlight: number;
  barriers: number;
  barriersInFlight: number;
}

export function summarize(arrows: readonly JobArrow[]): SpaceTimeSummary {
  const s = { records: 0, recordsInFlight: 0, barriers: 0, barriersInFlight: 0 };
  for (const a of arrows) {
    if (a.kind === 'record') {
      s.records++;
      if (!a.received) s.recordsInFlight++;
    } else {
      s.barriers++;
      if (!a.received) s.barriersInFlight++;
    }
  }
  return s;
}
