/**
 * What the event-time × processing-time plot shows of one operator up to now, as a pure function of
 * (plan, trace prefix, now): the records (dots), the watermark of each subtask (step lines) and the
 * windows (panes) with their firings. `plotLayout.ts` draws it.
 *
 * - A **dot** per record, at the time it reached the operator: a window operator's
 *   `window.assigned` / `record.late`, another operator's `record.processed`, a source's
 *   `source.emitted`; up at its timestamp (records without one are not plotted).
 * - The operator's **watermark** per subtask, from its `watermark.advanced` (or, for a generator,
 *   `watermark.emitted`) events; Long.MIN_VALUE (no watermark yet) is left out.
 * - A **pane** per window id (all keys that have it), from its first element, with each firing and
 *   its cleanup. A session merge ends the panes it replaces there (kept, `mergedAt` set, drawn as
 *   faint outlines) and the result starts at the merge (unless it already existed).
 */
import type { Json } from '../../sim/scenario/Scenario.ts';
import type { JobPlan } from '../../sim/graph/types.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { World } from '../../sim/world.ts';
import { canonicalJson } from '../../sim/functions/fields.ts';
import { isGlobal, windowId, type Window } from '../../sim/windowing/Window.ts';
import { LONG_MIN } from '../../sim/util/JavaLong.ts';

/** One record at the operator. */
export interface PlotDot {
  record: number;
  task: string;
  step: number;
  /** Processing time it reached the operator (ms). */
  t: number;
  /** Its event-time timestamp (ms). */
  ts: number;
  key: Json | undefined;
  value: Json | undefined;
  /** Null when on time; else where it went: a side output's tag, or null = dropped. */
  late: { sideOutput: string | null } | null;
}

/** One point of a watermark step line: from `t` on, the watermark is `wm` (may be `LONG_MAX`). */
export interface WatermarkPoint {
  t: number;
  wm: number;
}

/** The watermark of one or more subtasks that agree on every point. */
export interface WatermarkLine {
  tasks: string[];
  points: WatermarkPoint[];
}

export interface PaneFiring {
  t: number;
  step: number;
  key: Json;
  result: Json;
  late: boolean;
  stateSize: number;
}

/** One window (all keys that have it), with its life so far. */
export interface PlotPane {
  /** `[0,5000)` or `GlobalWindow`. */
  id: string;
  window: Window;
  /** When its first element arrived. */
  openedAt: number;
  firings: PaneFiring[];
  /** When the last key's state of it was cleared (null while any key still holds it). */
  clearedAt: number | null;
  /** Canonical JSON of the keys that have (or had) it. */
  keys: string[];
  /** It holds elements that arrived after its last firing (a purged GlobalWindow refilling, a new pane): drawn open. */
  pending: boolean;
  /** When a session merge replaced it (it ends there), or null while it is live. */
  mergedAt: number | null;
  /** The window id it was merged into (null while live). */
  mergedInto: string | null;
}

/** The watermark one input channel of a plotted subtask delivered (`watermark.received`), kept monotone as the valve does. */
export interface ChannelLine {
  /** The plotted subtask. */
  task: string;
  /** The producing subtask (`source/1`). */
  from: string;
  channel: string;
  points: WatermarkPoint[];
}

/** An event-time timer of the plotted operator: at `time` (event time), registered at `t`, fired at `firedAt`. */
export interface PlotTimer {
  task: string;
  key: Json;
  namespace: string;
  time: number;
  registeredAt: number;
  firedAt: number | null;
}

export interface PlotData {
  operator: string;
  now: number;
  dots: PlotDot[];
  lines: WatermarkLine[];
  panes: PlotPane[];
  /** Tags of the side outputs late records went to, in order of appearance. */
  sideOutputs: string[];
  /** The time the windows' bounds are in: event time (up), or processing time (across). */
  windowTime: 'event' | 'processing';
  /** Per input channel of a plotted subtask that has more than one: the watermark it delivered, up to now. */
  channels: ChannelLine[];
  /** Event-time timers registered by the operator up to now (deleted ones left out). */
  timers: PlotTimer[];
}

/** Only what the plot reads of the plan: operator types and task ids. */
export type Plan = Pick<JobPlan, 'streamGraph'>;

interface RecordInfo {
  value: Json;
  timestamp?: number;
  key?: Json;
}

/** Record id → value, timestamp and key, from every event that carries a record (the latest wins). */
function recordIndex(trace: readonly TraceEvent[]): Map<number, RecordInfo> {
  const m = new Map<number, RecordInfo>();
  for (const e of trace) {
    if (e.type === 'source.emitted' || e.type === 'record.sent') {
      const r = e.record;
      const prev = m.get(r.id);
      m.set(r.id, { value: r.value, timestamp: r.timestamp ?? prev?.timestamp, key: r.key ?? prev?.key });
    }
  }
  return m;
}

const typeOf = (plan: Plan, op: string) => plan.streamGraph.nodes.find((n) => n.id === op)?.spec.type ?? null;

/** A window operator with `"time": "processing"` bounds its windows in processing time. */
function windowTimeOf(plan: Plan, op: string): 'event' | 'processing' {
  const spec = plan.streamGraph.nodes.find((n) => n.id === op)?.spec;
  return spec?.type === 'window' && spec.window.time === 'processing' ? 'processing' : 'event';
}

/**
 * What the plot shows of operator `op` up to `now`: `trace` is the trace up to the current step
 * (`timeline.traceUntil(step)`). `key` (canonical JSON) keeps one key's dots and panes only.
 */
export function plotData(plan: Plan, trace: readonly TraceEvent[], now: number, op: string, key: string | null = null): PlotData {
  const type = typeOf(plan, op);
  const records = recordIndex(trace);
  const dots: PlotDot[] = [];
  const dotOf = new Map<number, PlotDot>();
  const wm = new Map<string, WatermarkPoint[]>();
  /** Per (key, window id): the pane of that key. */
  type KeyPane = { key: string; id: string; window: Window; openedAt: number; firings: PaneFiring[]; clearedAt: number | null; pending: boolean; mergedAt: number | null; mergedInto: string | null };
  const panes = new Map<string, KeyPane>();
  /** Panes of a key replaced by a session merge (they end at the merge). */
  const mergedAway: KeyPane[] = [];
  /** The subtasks running `op` (any event of the operator names its task). */
  const opTasks = new Set<string>();
  for (const e of trace) if ('operator' in e && e.operator === op && 'task' in e) opTasks.add(e.task);
  const received = new Map<string, ChannelLine>();
  const timers = new Map<string, PlotTimer>();
  const timerKey = (e: { task: string; key: Json; namespace: string; time: number }) => `${e.task}|${canonicalJson(e.key)}|${e.namespace}|${e.time}`;
  const sideOutputs: string[] = [];
  const keep = (k: Json | undefined) => key === null || (k !== undefined && canonicalJson(k) === key);
  const addDot = (d: PlotDot) => {
    if (dotOf.has(d.record) || !keep(d.key)) return;
    dotOf.set(d.record, d);
    dots.push(d);
  };
  const pane = (k: Json, w: Window, t: number) => {
    const ck = canonicalJson(k);
    const id = windowId(w);
    const p = panes.get(`${ck}|${id}`);
    if (p) return p;
    const fresh: KeyPane = { key: ck, id, window: w, openedAt: t, firings: [], clearedAt: null, pending: false, mergedAt: null, mergedInto: null };
    panes.set(`${ck}|${id}`, fresh);
    return fresh;
  };

  for (const e of trace) {
    if (e.t > now) break;
    switch (e.type) {
      case 'window.assigned':
        if (e.operator !== op || !keep(e.key)) break;
        if (e.timestamp !== null) addDot({ record: e.record, task: e.task, step: e.step, t: e.t, ts: e.timestamp, key: e.key, value: records.get(e.record)?.value, late: null });
        for (const w of e.windows) {
          const p = pane(e.key, w, e.t);
          if (p.clearedAt !== null) p.clearedAt = null; // a window can come back (a purged GlobalWindow, or a new session)
          p.pending = true;
        }
        break;
      case 'record.late': {
        if (e.operator !== op) break;
        const info = records.get(e.record);
        if (!keep(info?.key)) break;
        if (e.sideOutput !== null && !sideOutputs.includes(e.sideOutput)) sideOutputs.push(e.sideOutput);
        const d = dotOf.get(e.record);
        if (d) d.late = { sideOutput: e.sideOutput };
        else addDot({ record: e.record, task: e.task, step: e.step, t: e.t, ts: e.timestamp, key: info?.key, value: info?.value, late: { sideOutput: e.sideOutput } });
        break;
      }
      case 'record.processed': {
        if (e.operator !== op || type === 'window') break;
        const info = records.get(e.record);
        if (info?.timestamp !== undefined) addDot({ record: e.record, task: e.task, step: e.step, t: e.t, ts: info.timestamp, key: info.key, value: info.value, late: null });
        break;
      }
      case 'source.emitted':
        if (e.operator === op && e.record.timestamp !== undefined) {
          addDot({ record: e.record.id, task: e.task, step: e.step, t: e.t, ts: e.record.timestamp, key: e.record.key, value: e.record.value, late: null });
        }
        break;
      case 'watermark.advanced':
      case 'watermark.emitted':
        if (e.operator !== op || e.watermark === LONG_MIN) break;
        wm.set(e.task, [...(wm.get(e.task) ?? []), { t: e.t, wm: e.watermark }]);
        break;
      case 'window.merged': {
        if (e.operator !== op || !keep(e.key)) break;
        // The replaced panes end here; the result starts here (the new element's window never showed).
        const ck = canonicalJson(e.key);
        const intoId = windowId(e.into);
        let pending = false;
        for (const w of e.from) {
          const k = `${ck}|${windowId(w)}`;
          const p = panes.get(k);
          if (p && windowId(w) !== intoId) {
            pending ||= p.pending;
            panes.delete(k);
            mergedAway.push({ ...p, mergedAt: e.t, mergedInto: intoId });
          }
        }
        const into = pane(e.key, e.into, e.t);
        into.pending ||= pending;
        break;
      }
      case 'window.fired':
        if (e.operator !== op || !keep(e.key)) break;
        {
          const p = pane(e.key, e.window, e.t);
          p.firings.push({ t: e.t, step: e.step, key: e.key, result: e.result, late: e.late, stateSize: e.stateSize });
          p.pending = false;
        }
        break;
      case 'watermark.received': {
        if (!opTasks.has(e.task) || e.watermark === undefined || e.watermark === LONG_MIN) break;
        const k = `${e.task}|${e.channel}`;
        const line = received.get(k) ?? { task: e.task, from: e.from, channel: e.channel, points: [] };
        received.set(k, line);
        const last = line.points.at(-1);
        if (!last || e.watermark > last.wm) line.points.push({ t: e.t, wm: e.watermark });
        break;
      }
      case 'timer.registered':
        if (e.operator !== op || e.domain !== 'event' || !keep(e.key)) break;
        if (!timers.has(timerKey(e))) timers.set(timerKey(e), { task: e.task, key: e.key, namespace: e.namespace, time: e.time, registeredAt: e.t, firedAt: null });
        break;
      case 'timer.deleted':
        if (e.operator !== op || e.domain !== 'event') break;
        if (timers.get(timerKey(e))?.firedAt === null) timers.delete(timerKey(e));
        break;
      case 'timer.fired': {
        if (e.operator !== op || e.domain !== 'event') break;
        const tm = timers.get(timerKey(e));
        if (tm) tm.firedAt = e.t;
        break;
      }
      case 'window.cleared': {
        if (e.operator !== op || !keep(e.key)) break;
        const p = panes.get(`${canonicalJson(e.key)}|${windowId(e.window)}`);
        if (p) p.clearedAt = e.t;
        break;
      }
    }
  }

  // One pane per window id, across keys (a merged-away one per window id and merge time).
  const byId = new Map<string, PlotPane>();
  for (const p of [...mergedAway, ...panes.values()]) {
    const gk = p.mergedAt === null ? p.id : `${p.id}|${p.mergedAt}`;
    const g = byId.get(gk);
    if (!g) {
      byId.set(gk, { id: p.id, window: p.window, openedAt: p.openedAt, firings: [...p.firings], clearedAt: p.clearedAt, keys: [p.key], pending: p.pending, mergedAt: p.mergedAt, mergedInto: p.mergedInto });
      continue;
    }
    g.pending ||= p.pending;
    g.openedAt = Math.min(g.openedAt, p.openedAt);
    g.firings.push(...p.firings);
    g.keys.push(p.key);
    g.clearedAt = g.clearedAt === null || p.clearedAt === null ? null : Math.max(g.clearedAt, p.clearedAt);
  }
  const outPanes = [...byId.values()];
  for (const p of outPanes) p.firings.sort((a, b) => a.step - b.step || a.t - b.t);
  outPanes.sort((a, b) => paneStart(a) - paneStart(b) || a.openedAt - b.openedAt);

  // Subtasks whose watermark lines agree are drawn once.
  const lines: WatermarkLine[] = [];
  for (const [task, points] of [...wm.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const same = lines.find((l) => samePoints(l.points, points));
    if (same) same.tasks.push(task);
    else lines.push({ tasks: [task], points });
  }
  // Channel lines only for subtasks with more than one input channel.
  const perTask = new Map<string, number>();
  for (const l of received.values()) perTask.set(l.task, (perTask.get(l.task) ?? 0) + 1);
  const channels = [...received.values()]
    .filter((l) => (perTask.get(l.task) ?? 0) > 1)
    .sort((a, b) => (a.task + a.from < b.task + b.from ? -1 : a.task + a.from > b.task + b.from ? 1 : 0));
  const outTimers = [...timers.values()].sort((a, b) => a.time - b.time || a.registeredAt - b.registeredAt);
  return { operator: op, now, dots, lines, panes: outPanes, sideOutputs, windowTime: windowTimeOf(plan, op), channels, timers: outTimers };
}

const paneStart = (p: PlotPane) => (isGlobal(p.window) ? -Infinity : p.window.start);
const samePoints = (a: WatermarkPoint[], b: WatermarkPoint[]) => a.length === b.length && a.every((p, i) => p.t === b[i]!.t && p.wm === b[i]!.wm);

/** The watermark of a line at `now` (its last point), or null before any. */
export const lineWatermark = (l: WatermarkLine): number | null => l.points.at(-1)?.wm ?? null;

/**
 * The windows operator `op` holds state for now, over all its subtasks (`time.operators[op].windows`
 * of the world at the step): a window id per (key, window) with contents or trigger state, as the
 * Windows tab lists them. `key` (canonical JSON) keeps one key's.
 */
export function heldWindows(world: Pick<World, 'tasks'>, op: string, key: string | null = null): { key: string; id: string }[] {
  const out: { key: string; id: string }[] = [];
  for (const t of world.tasks) {
    const ws = t.time?.operators[op]?.windows;
    if (!ws) continue;
    for (const [ck, kw] of Object.entries(ws.keys)) {
      if (key !== null && ck !== key) continue;
      const ids = new Set(kw.merging ? Object.entries(kw.merging).filter(([, s]) => kw.panes[s]).map(([id]) => id) : Object.keys(kw.panes));
      for (const id of Object.keys(kw.triggers)) ids.add(id);
      for (const id of ids) out.push({ key: ck, id });
    }
  }
  return out;
}

/** A pane has fired (at least once) by now. */
export const paneFired = (p: PlotPane): boolean => p.firings.length > 0;

