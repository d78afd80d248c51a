/**
 * The space-time diagram's geometry, pure (no DOM): one horizontal line per process, time to the
 * right; events as dots; messages and markers as arrows from send to receive. An arrow in flight is
 * drawn up to `now`: its tip is a function of `sentAt`, `arrivesAt` and now, never stored. The
 * recorded cut is the line through the points where the processes recorded their states; messages
 * are classified against it (before, in transit = the channel states, orphan, after).
 */
import type { ClMessage, ClWorld } from '../../sim/snapshot/ChandyLamport.ts';
import type { ProcessTraceEvent } from '../../sim/snapshot/ProcessTrace.ts';

export interface Box {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface SpaceTimeScale {
  /** Simulated ms → x. */
  x: (t: number) => number;
  /** Process id → y of its line. */
  y: (process: string) => number;
  /** The time at the right end of the axis. */
  tMax: number;
  /** Order of the processes, top to bottom. */
  processes: readonly string[];
  box: Box;
}

/** How far a self-loop arc rises above its line (px). */
export const LOOP_RISE = 34;

/**
 * The scales: time [0, tMax] onto [left, width − right] (tMax: the run's end plus 5 %, at least
 * 1 ms), processes evenly from top to bottom.
 */
export function spaceTimeScale(processes: readonly string[], endTime: number, box: Box): SpaceTimeScale {
  const tMax = Math.max(1, Math.ceil(endTime * 1.05));
  const x0 = box.left;
  const x1 = Math.max(x0 + 1, box.width - box.right);
  const y0 = box.top;
  const y1 = Math.max(y0, box.height - box.bottom);
  const gap = processes.length > 1 ? (y1 - y0) / (processes.length - 1) : 0;
  const index = new Map(processes.map((p, i) => [p, i]));
  return {
    x: (t) => x0 + (Math.min(Math.max(t, 0), tMax) / tMax) * (x1 - x0),
    y: (p) => y0 + (index.get(p) ?? 0) * gap,
    tMax,
    processes,
    box,
  };
}

/** How far along its way a message is at `now`: 0 at the send, 1 at the arrival. */
export function progressAt(sentAt: number, arrivesAt: number, now: number, received: boolean): number {
  if (received) return 1;
  if (arrivesAt <= sentAt) return now >= arrivesAt ? 1 : 0;
  return Math.min(1, Math.max(0, (now - sentAt) / (arrivesAt - sentAt)));
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Where a message is relative to the recorded cut (only once every process recorded): `inTransit`
 * crosses it forwards and its channel state holds it; `missed` crosses it forwards but its
 * channel, already recorded, does not hold it (a marker overtook it); `orphan` crosses it backwards.
 */
export type CutSide = 'before' | 'inTransit' | 'missed' | 'orphan' | 'after' | null;

export interface Arrow {
  id: number;
  kind: 'message' | 'marker';
  channel: string;
  from: string;
  to: string;
  label: string | null;
  receiveLabel: string | null;
  sentAt: number;
  arrivesAt: number;
  received: boolean;
  /** 0 … 1 at now. */
  progress: number;
  /** SVG path from the send to the tip (straight, or a quadratic arc for a self-loop). */
  d: string;
  /** The whole way, send to arrival (drawn faintly while in flight: where it is heading). */
  course: string;
  tip: Point;
  side: CutSide;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** The path of an arrow of `progress` from (t0 on `from`) to (t1 on `to`); a self-loop arcs above its line. */
export function arrowGeometry(sc: SpaceTimeScale, from: string, to: string, t0: number, t1: number, progress: number): { d: string; tip: Point } {
  const a = { x: sc.x(t0), y: sc.y(from) };
  const b = { x: sc.x(t1), y: sc.y(to) };
  const f = Math.min(1, Math.max(0, progress));
  if (from !== to) {
    const tip = { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    return { d: `M${r1(a.x)},${r1(a.y)}L${r1(tip.x)},${r1(tip.y)}`, tip };
  }
  // Quadratic Bézier a → c → b, cut at f (de Casteljau): a → lerp(a,c,f) → point at f.
  const c = { x: (a.x + b.x) / 2, y: a.y - 2 * LOOP_RISE };
  const ac = { x: a.x + (c.x - a.x) * f, y: a.y + (c.y - a.y) * f };
  const cb = { x: c.x + (b.x - c.x) * f, y: c.y + (b.y - c.y) * f };
  const tip = { x: ac.x + (cb.x - ac.x) * f, y: ac.y + (cb.y - ac.y) * f };
  return { d: `M${r1(a.x)},${r1(a.y)}Q${r1(ac.x)},${r1(ac.y)} ${r1(tip.x)},${r1(tip.y)}`, tip };
}

/** The step at which each process recorded, when every process has (else null). */
function cutSteps(world: ClWorld): Map<string, number> | null {
  if (!world.processes.every((p) => p.recorded)) return null;
  return new Map(world.processes.map((p) => [p.id, p.recorded!.step]));
}

/**
 * A message's side of the cut (markers and not-yet-complete cuts: null). `closed`: the message ids
 * of each channel already recorded (a message in transit missing from it was missed).
 */
export function sideOf(
  m: Pick<ClMessage, 'id' | 'kind' | 'channel' | 'from' | 'to' | 'sentStep' | 'receivedStep'>,
  cut: Map<string, number> | null,
  closed: Map<string, readonly number[]> = new Map(),
): CutSide {
  if (!cut || m.kind !== 'message') return null;
  const sentBefore = m.sentStep < cut.get(m.from)!;
  const recvBefore = m.receivedStep !== null && m.receivedStep < cut.get(m.to)!;
  if (sentBefore) {
    if (recvBefore) return 'before';
    const state = closed.get(m.channel);
    return state && !state.includes(m.id) ? 'missed' : 'inTransit';
  }
  return recvBefore ? 'orphan' : 'after';
}

/** Every message and marker sent by the world's step, drawn at `now`. */
export function arrowsAt(world: ClWorld, sc: SpaceTimeScale, now: number): Arrow[] {
  const cut = cutSteps(world);
  const closed = new Map(world.channels.filter((c) => c.state === 'recorded').map((c) => [c.id, c.buffer] as const));
  return world.messages.map((m) => {
    const received = m.receivedStep !== null;
    const progress = progressAt(m.sentAt, m.arrivesAt, now, received);
    const { d, tip } = arrowGeometry(sc, m.from, m.to, m.sentAt, m.arrivesAt, progress);
    const course = arrowGeometry(sc, m.from, m.to, m.sentAt, m.arrivesAt, 1).d;
    return {
      id: m.id, kind: m.kind, channel: m.channel, from: m.from, to: m.to, label: m.label, receiveLabel: m.receiveLabel,
      sentAt: m.sentAt, arrivesAt: m.arrivesAt, received, progress, d, course, tip, side: sideOf(m, cut, closed),
    };
  });
}

export interface EventDot {
  key: string;
  process: string;
  t: number;
  /** The event's label (a receive without a label has none). */
  label: string | null;
  kind: 'internal' | 'send' | 'receive';
  x: number;
  y: number;
}

/** The events that happened up to the step, as dots on their process's line. */
export function eventDots(trace: readonly ProcessTraceEvent[], sc: SpaceTimeScale): EventDot[] {
  const out: EventDot[] = [];
  for (const e of trace) {
    if (e.type === 'process.event') out.push({ key: `e${e.step}`, process: e.process, t: e.t, label: e.label, kind: 'internal', x: sc.x(e.t), y: sc.y(e.process) });
    else if (e.type === 'message.sent') out.push({ key: `s${e.message}`, process: e.from, t: e.t, label: e.label, kind: 'send', x: sc.x(e.t), y: sc.y(e.from) });
    else if (e.type === 'message.received') out.push({ key: `r${e.message}`, process: e.to, t: e.t, label: e.receiveLabel, kind: 'receive', x: sc.x(e.t), y: sc.y(e.to) });
  }
  return out;
}

export interface CutPoint extends Point {
  process: string;
  t: number;
  /** S1, S2 …: the recorded state of the process at index i (the course calls P1's S1). */
  name: string;
}

/** The points where processes recorded their states so far, in line order. */
export function cutPoints(world: ClWorld, sc: SpaceTimeScale): CutPoint[] {
  const out: CutPoint[] = [];
  sc.processes.forEach((id, i) => {
    const p = world.processes.find((q) => q.id === id);
    if (p?.recorded) out.push({ process: id, t: p.recorded.t, x: sc.x(p.recorded.t), y: sc.y(id), name: `S${i + 1}` });
  });
  return out;
}

/**
 * The cut line once every process recorded: from above the first line, through each recorded
 * point top to bottom, to below the last line (null before).
 */
export function cutLine(points: readonly CutPoint[], sc: SpaceTimeScale, overhang = 18): Point[] | null {
  if (points.length === 0 || points.length < sc.processes.length) return null;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return [{ x: first.x, y: first.y - overhang }, ...points.map((p) => ({ x: p.x, y: p.y })), { x: last.x, y: last.y + overhang }];
}

/** Tick marks along the time axis: every `step` ms, a round step giving about `target` ticks. */
export function timeTicks(tMax: number, target = 8): number[] {
  const raw = tMax / Math.max(1, target);
  const pow = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let t = 0; t <= tMax; t += step) out.push(t);
  return out;
}
