/**
 * In-flight elements on the job graph's channels: records, watermarks (`W(4999)`), watermark
 * statuses (`IDLE`/`ACTIVE`) and end-of-partition markers. Their positions are derived from
 * `sentAt`/`arrivesAt` and the current time, never stored: an element moves at constant speed along
 * its channel's curve, and elements that would overlap queue up behind each other.
 */
import type { InFlight, StreamElement, StreamRecord, World } from '../../sim/world.ts';
import type { WatermarkStatus } from '../../sim/trace.ts';
import { formatValue } from '../../sim/functions/fields.ts';
import { shortLong } from '../../sim/util/JavaLong.ts';
import { textWidth } from './geometry.ts';
import { pointOnChannel } from './jobLayout.ts';
import type { ChannelGeom, GraphLayout, Point } from './layoutTypes.ts';
import { persistedRecords } from './checkpointView.ts';

/** How far along its channel an element is at `time`: (time − sentAt)/(arrivesAt − sentAt), clamped to [0, 1]. */
export function flightFraction(f: Pick<InFlight, 'sentAt' | 'arrivesAt'>, time: number): number {
  const span = f.arrivesAt - f.sentAt;
  if (!(span > 0)) return time >= f.arrivesAt ? 1 : 0;
  return Math.min(1, Math.max(0, (time - f.sentAt) / span));
}

/**
 * Where an in-flight element is at `time`: the point at that fraction of the channel's length
 * (elements move at constant speed along the curve).
 */
export function recordPosition(c: ChannelGeom, f: Pick<InFlight, 'sentAt' | 'arrivesAt'>, time: number): Point {
  const table = arcTable(c);
  return pointOnChannel(c, paramAt(table, flightFraction(f, time) * table[SAMPLES]!));
}

/** Short text on a record's marker: its key, else a tuple's first field, else the value (truncated). */
export function recordLabel(r: StreamRecord): string {
  const v = r.key !== undefined ? r.key : Array.isArray(r.value) && r.value.length > 0 ? r.value[0]! : r.value;
  const s = formatValue(v);
  return s.length > 12 ? s.slice(0, 11) + '…' : s;
}

/** What kind of element a marker shows. */
export type ElementKind = StreamElement['kind'];

/** The text on a marker: `recordLabel`, `W(4999)` (`W(+∞)` at the end of input), `IDLE`/`ACTIVE`, or `EOP`. */
export function elementLabel(e: StreamElement): string {
  switch (e.kind) {
    case 'record': return recordLabel(e.record);
    case 'watermark': return `W(${shortLong(e.timestamp)})`;
    case 'status': return e.status;
    case 'end': return 'EOP';
    case 'barrier': return `B${e.barrier.id}`;
    case 'cancel': return `X${e.id}`;
  }
}

/** One in-flight element (a record, a watermark, a watermark status or an end-of-partition marker), placed on its channel at a time. */
export interface PlacedElement {
  /** Stable key for keyed each blocks: `r<id>`, `w<channel>:<watermark>`, `s<channel>:<sentAt>:<n>` or `e<channel>`. */
  key: string;
  channel: number;
  kind: ElementKind;
  record: StreamRecord | null;
  /** A watermark's timestamp (Long representation), else null. */
  watermark: number | null;
  /** A watermark status, else null. */
  status: WatermarkStatus | null;
  /** Text on the marker (`elementLabel`) and the marker's width. */
  label: string;
  width: number;
  sentAt: number;
  arrivesAt: number;
  /** (time − sentAt)/(arrivesAt − sentAt), clamped. */
  fraction: number;
  /** Where the marker is drawn (on the curve; lane offsets are applied by the view). */
  x: number;
  y: number;
  /**
   * Lane: 0 = on the line. Elements of one channel that would overlap form a train behind the head
   * (FIFO order stays visible); when the train reaches the producer, it continues in another lane.
   * −1: the overtaking lane above the line, where priority events (unaligned barriers) travel.
   */
  lane: number;
  /** A barrier or cancel marker's checkpoint id, else null. */
  checkpoint: number | null;
  /** A priority event (an unaligned barrier): it overtakes the data on the wire. */
  priority: boolean;
  /** A record an unaligned checkpoint is persisting as channel state: that checkpoint's id, else null. */
  persisted: number | null;
}

/** Width of an element's marker: a pill (11 px text, 7 px padding), a watermark flag (10 px text and its point), a status tag, or the EOP bar. */
export function markerWidth(label: string, kind: ElementKind): number {
  switch (kind) {
    case 'end': return 24;
    case 'watermark': return textWidth(label, 10) + 16;
    case 'status': return textWidth(label, 9) + 10;
    case 'record': return textWidth(label, 11) + 14;
    case 'barrier':
    case 'cancel': return textWidth(label, 10) + 12;
  }
}

/** Vertical offset of a lane: 0, +18, −18, +36, −36 …; the overtaking lane (−1) runs 22 px above the line. */
export const laneOffset = (lane: number) => (lane < 0 ? -22 : lane === 0 ? 0 : (lane % 2 === 1 ? 1 : -1) * Math.ceil(lane / 2) * 18);

const MAX_LANES = 5;
const SAMPLES = 32;

/** Cumulative arc length of the channel curve at u = i / SAMPLES. */
function arcTable(c: ChannelGeom): number[] {
  const table = [0];
  let prev = c.start;
  for (let i = 1; i <= SAMPLES; i++) {
    const p = pointOnChannel(c, i / SAMPLES);
    table.push(table[i - 1]! + Math.hypot(p.x - prev.x, p.y - prev.y));
    prev = p;
  }
  return table;
}

/** Curve parameter at arc length s (linear between samples). */
function paramAt(table: number[], s: number): number {
  if (s <= 0) return 0;
  for (let i = 1; i <= SAMPLES; i++) {
    if (table[i]! >= s) {
      const a = table[i - 1]!;
      const span = table[i]! - a;
      return (i - 1 + (span > 0 ? (s - a) / span : 0)) / SAMPLES;
    }
  }
  return 1;
}

/** Every in-flight element of the world, placed on its channel at `time` (a function of world and time only). */
export function placeInFlight(layout: GraphLayout, world: World, time: number): PlacedElement[] {
  const out: PlacedElement[] = [];
  const persisted = persistedRecords(world);
  for (const c of layout.channels) {
    const rt = world.channels[c.index];
    if (!rt) continue;
    // Priority events (unaligned barriers) travel in the overtaking lane, at their own speed.
    for (const f of rt.priority ?? []) {
      const label = elementLabel(f.element);
      const fraction = flightFraction(f, time);
      const p = recordPosition(c, f, time);
      const id = f.element.kind === 'barrier' ? f.element.barrier.id : f.element.kind === 'cancel' ? f.element.id : null;
      out.push({
        key: `p${c.index}:${id ?? f.sentAt}`, channel: c.index, kind: f.element.kind, record: null, watermark: null, status: null,
        label, width: markerWidth(`»${label}`, f.element.kind), sentAt: f.sentAt, arrivesAt: f.arrivesAt, fraction, x: p.x, y: p.y,
        lane: -1, checkpoint: id, priority: true, persisted: null,
      });
    }
    if (rt.inFlight.length === 0) continue;
    const table = arcTable(c);
    const length = table[SAMPLES]!;
    // Per lane: the arc position and width of its last (rearmost) marker.
    const lanes: { s: number; w: number }[] = [];
    const keys = new Map<string, number>();
    for (const f of rt.inFlight) {
      const el = f.element;
      const record = el.kind === 'record' ? el.record : null;
      const label = elementLabel(el);
      const width = markerWidth(label, el.kind);
      const fraction = flightFraction(f, time);
      const natural = fraction * length;
      let lane = -1;
      let s = natural;
      for (let i = 0; i < lanes.length; i++) {
        const l = lanes[i]!;
        const cand = Math.min(natural, l.s - (l.w + width) / 2 - 3);
        if (cand >= 0) {
          lane = i;
          s = cand;
          break;
        }
      }
      if (lane < 0) {
        if (lanes.length < MAX_LANES) lane = lanes.push({ s: natural, w: width }) - 1;
        else lane = 0;
        s = natural;
      }
      lanes[lane] = { s, w: width };
      const p = pointOnChannel(c, paramAt(table, s));
      // Watermarks on a channel strictly increase; statuses are told apart by when they were sent.
      let key =
        el.kind === 'record' ? `r${el.record.id}`
        : el.kind === 'watermark' ? `w${c.index}:${el.timestamp}`
        : el.kind === 'status' ? `s${c.index}:${f.sentAt}`
        : el.kind === 'barrier' ? `b${c.index}:${el.barrier.id}`
        : el.kind === 'cancel' ? `x${c.index}:${el.id}`
        : `e${c.index}`;
      const n = keys.get(key) ?? 0;
      keys.set(key, n + 1);
      if (n > 0) key += `#${n}`;
      out.push({
        key,
        channel: c.index,
        kind: el.kind,
        record,
        watermark: el.kind === 'watermark' ? el.timestamp : null,
        status: el.kind === 'status' ? el.status : null,
        label,
        width,
        sentAt: f.sentAt,
        arrivesAt: f.arrivesAt,
        fraction,
        x: p.x,
        y: p.y,
        lane,
        checkpoint: el.kind === 'barrier' ? el.barrier.id : el.kind === 'cancel' ? el.id : null,
        priority: false,
        persisted: record ? (persisted.get(record.id) ?? null) : null,
      });
    }
  }
  return out;
}
