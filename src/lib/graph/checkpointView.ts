/**
 * What the job graph shows of checkpointing, credit-based flow control, backpressure and recovery,
 * as pure functions of (plan, world, time) and, for recovery, of the trace up to the current step:
 * - a task's barrier alignment ("aligning 3 (1/2 barriers)") and the input channels it blocks;
 * - per channel: buffers waiting for credit at the sender (`outQueue`), the credit, and the data
 *   waiting at the receiver;
 * - busy and back-pressured ratios per subtask and per vertex (the Web UI's "Busy (max)" and
 *   "Backpressured (max)"), the level OK / LOW / HIGH and the Web UI's colour blend;
 * - the records an unaligned checkpoint is persisting (channel state) while it runs;
 * - which checkpoint the current attempt restored, and where a source was rewound to.
 */
import type { JobPlan } from '../../sim/graph/types.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { Queued, TaskRuntime, World } from '../../sim/world.ts';
import { backPressureLevel, taskRatios, type BackPressureLevel } from '../../sim/network/BackPressure.ts';
import { blend, BUSY_FILL, IDLE_FILL } from './colors.ts';
import { textWidth } from './geometry.ts';
import { t, tf } from '../words.ts';
import type { Lang } from '../../lesson/types.ts';

// ---------------------------------------------------------------- alignment

/** A task collecting the barriers of one checkpoint. */
export interface AlignmentStatus {
  checkpoint: number;
  /** Barriers (or end of partition) received of `expected`. */
  received: number;
  expected: number;
  /** aligned: blocks the channels whose barrier arrived; unaligned: persists in-flight data; atLeastOnce: tracks only. */
  mode: 'aligned' | 'unaligned' | 'atLeastOnce';
  /** Input positions blocked by alignment. */
  blocked: number[];
}

/** The checkpoint whose barriers the task is collecting, or null (sources, or between checkpoints). */
export function alignmentStatus(rt: TaskRuntime | undefined): AlignmentStatus | null {
  const h = rt?.checkpoint?.handler;
  if (!rt || !h) return null;
  if (h.handler === 'single') {
    if (h.phase !== 'collectingBarriers' && h.phase !== 'collectingBarriersUnaligned') return null;
    return {
      checkpoint: h.currentCheckpointId,
      received: h.alignedChannels.length,
      expected: h.targetChannelCount,
      mode: h.phase === 'collectingBarriersUnaligned' ? 'unaligned' : 'aligned',
      blocked: [...rt.checkpoint.blocked],
    };
  }
  const p = h.pending.find((e) => !e.aborted);
  return p ? { checkpoint: p.id, received: p.alignedChannels.length, expected: p.target, mode: 'atLeastOnce', blocked: [] } : null;
}

/** "aligning 3 (1/2 barriers)", "unaligned 3 (1/2 barriers)" or "barriers 3 (1/2)" (at least once). */
export function alignmentText(a: AlignmentStatus, lang: Lang = 'en'): string {
  const vars = { n: a.checkpoint, k: a.received, m: a.expected };
  return tf(lang, a.mode === 'atLeastOnce' ? 'alignAtLeastOnce' : a.mode === 'aligned' ? 'alignAligning' : 'alignUnaligned', vars);
}

// ---------------------------------------------------------------- channels

/** What a channel holds besides the wire: the sender's queue, the credit, and the receiver's queue. */
export interface ChannelFlow {
  channel: number;
  /** Data buffers in the sender's subpartition waiting for credit. */
  waiting: number;
  /** Their record ids, in queue order. */
  waitingRecords: number[];
  /** Events (barriers, watermarks …) queued behind them. */
  waitingEvents: number;
  /** Credit the receiver granted (record slots). */
  credit: number;
  /** Elements waiting in the receiver's input queue for this channel. */
  queued: Queued[];
  /** The receiver's alignment blocks this channel: the checkpoint it aligns, else null. */
  blockedBy: number | null;
}

export function channelFlow(plan: JobPlan, world: World, channel: number): ChannelFlow {
  const ch = world.channels[channel];
  const cp = plan.execution.channels[channel];
  const rt = cp ? world.tasks[cp.to] : undefined;
  const pos = cp && rt ? plan.execution.tasks[cp.to]!.inputs.indexOf(channel) : -1;
  const queued = pos >= 0 ? (rt!.inputQueues[pos] ?? []) : [];
  const blocked = pos >= 0 && rt!.checkpoint?.blocked.includes(pos);
  return {
    channel,
    waiting: ch ? ch.outQueue.filter((e) => e.kind === 'record').length : 0,
    waitingRecords: ch ? ch.outQueue.flatMap((e) => (e.kind === 'record' ? [e.record.id] : [])) : [],
    waitingEvents: ch ? ch.outQueue.filter((e) => e.kind !== 'record').length : 0,
    credit: ch?.credit ?? 0,
    queued,
    blockedBy: blocked ? (alignmentStatus(rt)?.checkpoint ?? rt!.checkpoint.lastCheckpointId + 1) : null,
  };
}

/** "blocked (aligning checkpoint 3)". */
export const blockedText = (checkpoint: number, lang: Lang = 'en') => tf(lang, 'blockedAligning', { n: checkpoint });
/** "waiting for credit: 2" (data waits only while the credit is 0, so the credit goes in the tooltip). */
export const waitingText = (f: Pick<ChannelFlow, 'waiting'>, lang: Lang = 'en') => tf(lang, 'waitingForCredit', { k: f.waiting });

// ---------------------------------------------------------------- backpressure

export const BACKPRESSURED_FILL = '#434343';

export interface Pressure {
  busy: number;
  backPressured: number;
  level: BackPressureLevel;
  /** The Web UI's node colour: idle blue, towards red by the busy ratio, towards black by the back-pressured one. */
  fill: string;
}

/**
 * The Web UI's node colour (job graph node card): idle blue blended towards red by the busy ratio and
 * towards black (here dark grey, so that text stays legible) by the back-pressured ratio.
 */
export function pressureFill(busy: number, backPressured: number): string {
  const b = Math.min(1, Math.max(0, busy));
  const p = Math.min(1 - b, Math.max(0, backPressured));
  // idle·(1 − b − p) + busy·b + back-pressured·p
  const withBusy = b + p > 0 ? blend(BUSY_FILL, BACKPRESSURED_FILL, p / (b + p)) : BUSY_FILL;
  return blend(IDLE_FILL, withBusy, b + p);
}

/** Whether text on `fill` should be white (relative luminance below ~0.3). */
export function isDark(fill: string): boolean {
  const h = fill.replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255) as [number, number, number];
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) < 0.2;
}

export function taskPressure(rt: TaskRuntime | undefined, now: number): Pressure {
  const r = rt?.metrics ? taskRatios(rt, now) : { busy: 0, backPressured: 0 };
  return { ...r, level: backPressureLevel(r.backPressured), fill: pressureFill(r.busy, r.backPressured) };
}

/** A vertex: the maximum over its subtasks (the Web UI's "Backpressured (max)" and "Busy (max)"). */
export function vertexPressure(runtimes: readonly (TaskRuntime | undefined)[], now: number): Pressure {
  let busy = 0;
  let backPressured = 0;
  for (const rt of runtimes) {
    const p = taskPressure(rt, now);
    busy = Math.max(busy, p.busy);
    backPressured = Math.max(backPressured, p.backPressured);
  }
  return { busy, backPressured, level: backPressureLevel(backPressured), fill: pressureFill(busy, backPressured) };
}

/** "38 %" (whole percent, as the Web UI). */
export const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;

// ---------------------------------------------------------------- unaligned checkpoints

/**
 * Records an unaligned checkpoint is persisting while it runs: the data a priority barrier overtook
 * at a receiver (still queued, or already recorded as input channel state), and the output channel
 * state a sender stored (records overtaken on the wire or in its queue). Record id → checkpoint id.
 */
export function persistedRecords(world: World): Map<number, number> {
  const out = new Map<number, number>();
  for (const rt of world.tasks) {
    // A failed or cancelled attempt's checkpoint is aborted: nothing of it is kept.
    if (rt.state !== 'RUNNING') continue;
    for (const q of rt.inputQueues.flat()) {
      if (q.element.kind === 'barrier' && q.overtaken) for (const r of q.overtaken) out.set(r.id, q.element.barrier.id);
    }
    for (const run of rt.checkpoint?.running ?? []) {
      if (!run.unaligned) continue;
      for (const e of [...run.snapshot.inputChannelState, ...run.snapshot.outputChannelState]) for (const r of e.records) out.set(r.id, run.id);
    }
  }
  return out;
}

/** Channel state of a task's running snapshots, per checkpoint: input and output channels with their records. */
export function runningChannelState(rt: TaskRuntime | undefined, lang: Lang = 'en') {
  return (rt?.checkpoint?.running ?? []).map((r) => ({
    checkpoint: r.id,
    unaligned: r.unaligned,
    phase: t(lang, !r.syncDone ? 'phaseSync' : !r.asyncDone ? 'phaseAsync' : 'phasePersistingInputs'),
    input: r.snapshot.inputChannelState,
    output: r.snapshot.outputChannelState,
    records: [...r.snapshot.inputChannelState, ...r.snapshot.outputChannelState].reduce((n, e) => n + e.records.length, 0),
  }));
}

// ---------------------------------------------------------------- recovery

/** A new attempt restored from a checkpoint (trace `checkpoint.restored`). */
export interface Recovery {
  task: string;
  /** Step of the restore. */
  step: number;
  attempt: number;
  checkpoint: number;
  keys: number;
  /** In-flight records restored (replayed). */
  inFlight: number;
  /** Sources: the offset it resumes from, and the offset the failed attempt had reached. */
  sourceOffset?: number;
  rewoundFrom?: number;
}

/** Every restore of the run, in order (one pass over the trace). */
export function recoveries(trace: readonly TraceEvent[]): Recovery[] {
  const attempt = new Map<string, number>();
  const reached = new Map<string, number>();
  const out: Recovery[] = [];
  for (const e of trace) {
    if (e.type === 'task.state') attempt.set(e.task, e.attempt);
    else if (e.type === 'source.emitted') reached.set(e.task, Math.max(reached.get(e.task) ?? 0, e.offset + 1));
    else if (e.type === 'checkpoint.restored') {
      const r: Recovery = { task: e.task, step: e.step, attempt: attempt.get(e.task) ?? 0, checkpoint: e.checkpoint, keys: e.keys, inFlight: e.inFlight };
      if (e.sourceOffset !== undefined) {
        r.sourceOffset = e.sourceOffset;
        r.rewoundFrom = reached.get(e.task) ?? e.sourceOffset;
        reached.set(e.task, e.sourceOffset);
      }
      out.push(r);
    }
  }
  return out;
}

/** The restore of each task's current attempt at `step` (task id → recovery). */
export function currentRecoveries(plan: JobPlan, world: World, all: readonly Recovery[], step: number): Map<string, Recovery> {
  const out = new Map<string, Recovery>();
  for (const r of all) {
    if (r.step > step) break;
    const tp = plan.execution.tasks.find((t) => t.id === r.task);
    const rt = tp ? world.tasks[tp.index] : undefined;
    if (rt && rt.attempt === r.attempt) out.set(r.task, r);
    else out.delete(r.task);
  }
  return out;
}

/** "restored from checkpoint 4". */
export const restoredText = (r: Pick<Recovery, 'checkpoint'>, lang: Lang = 'en') => tf(lang, 'restoredFrom', { n: r.checkpoint });
/** "offset 45 ← rewound from 57". */
export const rewoundText = (r: Pick<Recovery, 'sourceOffset' | 'rewoundFrom'>, lang: Lang = 'en') =>
  r.sourceOffset === undefined ? '' : tf(lang, 'rewound', { o: r.sourceOffset, r: r.rewoundFrom ?? r.sourceOffset });

// ---------------------------------------------------------------- the subtask's status line

/** The checkpoint line of a subtask box: alignment first, then a running snapshot, then the restore. */
export function subtaskStatus(
  rt: TaskRuntime | undefined,
  recovery: Recovery | undefined,
  lang: Lang = 'en',
): { text: string; kind: 'align' | 'snapshot' | 'restored' | 'bp' } | null {
  const a = alignmentStatus(rt);
  if (a) return { text: alignmentText(a, lang), kind: 'align' };
  const run = rt?.checkpoint?.running.at(-1);
  if (run) {
    const n = [...run.snapshot.inputChannelState, ...run.snapshot.outputChannelState].reduce((k, e) => k + e.records.length, 0);
    const phase = t(lang, !run.syncDone ? 'phaseSync' : !run.asyncDone ? 'phaseAsync' : 'phasePersisting');
    return { text: `${tf(lang, 'snapshotPhase', { n: run.id, phase })}${n > 0 ? ` · ${tf(lang, 'nPersisted', { k: n })}` : ''}`, kind: 'snapshot' };
  }
  if (recovery) {
    const rewound = rewoundText(recovery, lang);
    return { text: rewound ? tf(lang, 'restoredShort', { n: recovery.checkpoint, rewound }) : restoredText(recovery, lang), kind: 'restored' };
  }
  return null;
}

// ---------------------------------------------------------------- labels at the channel ends

/** Buffers waiting for credit drawn at most (then only the count says more). */
export const MAX_QUEUE_MARKS = 5;

interface Rect { x: number; y: number; w: number; h: number }
const hit = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The "waiting for credit: k" label's box: after the buffer marks, on the channel's start row. */
export function waitingLabelBox(c: { start: { x: number; y: number } }, f: Pick<ChannelFlow, 'waiting'>, lang: Lang = 'en'): Rect {
  const x = c.start.x + 5 + Math.min(MAX_QUEUE_MARKS, f.waiting) * 7;
  return { x, y: c.start.y - 6, w: textWidth(waitingText(f, lang), 9) + 2, h: 11 };
}

/** A "blocked (aligning checkpoint n)" label at a consumer's input: above (−1) or below (+1) the channel's end. */
export interface BlockedLabel {
  side: -1 | 1;
  text: string;
}

/**
 * The labels of blocked channels: one per consumer subtask (on its topmost blocked input, "… ×2" when
 * several are blocked), above the channel's end or below it, whichever does not cover a "waiting for
 * credit" label or another blocked label. Channels without an entry are drawn blocked but unlabelled.
 */
export function blockedLabels(
  channels: readonly { index: number; to: number; start: { x: number; y: number }; end: { x: number; y: number } }[],
  flows: readonly ChannelFlow[],
  lang: Lang = 'en',
): Map<number, BlockedLabel> {
  const taken: Rect[] = [];
  for (const c of channels) {
    const f = flows[c.index];
    if (f && f.waiting > 0) taken.push(waitingLabelBox(c, f, lang));
  }
  const byTask = new Map<number, typeof channels[number][]>();
  for (const c of channels) {
    if (flows[c.index]?.blockedBy == null) continue;
    byTask.set(c.to, [...(byTask.get(c.to) ?? []), c]);
  }
  const out = new Map<number, BlockedLabel>();
  for (const list of byTask.values()) {
    const sorted = [...list].sort((a, b) => a.end.y - b.end.y);
    const top = sorted[0]!;
    const bottom = sorted.at(-1)!;
    const text = blockedText(flows[top.index]!.blockedBy!, lang) + (list.length > 1 ? ` ×${list.length}` : '');
    const w = textWidth(text, 9) + 6;
    const box = (c: typeof top, side: -1 | 1): Rect => ({ x: c.end.x - 6 - w, y: side < 0 ? c.end.y - 18 : c.end.y + 7, w, h: 11 });
    const above = !taken.some((r) => hit(r, box(top, -1)));
    const below = !above && !taken.some((r) => hit(r, box(bottom, 1)));
    const [c, side]: [typeof top, -1 | 1] = above || !below ? [top, -1] : [bottom, 1];
    taken.push(box(c, side));
    out.set(c.index, { side, text });
  }
  return out;
}
