/**
 * In-flight records and end-of-partition markers on the job graph's channels. Their positions are
 * derived from `sentAt`/`arrivesAt` and the current time, never stored: an element moves at constant
 * speed along its channel's curve, and elements that would overlap queue up behind each other.
 */
import type { InFlight, StreamRecord, World } from '../../sim/world.ts';
import { formatValue } from '../../sim/functions/fields.ts';
import { textWidth } from './geometry.ts';
import { pointOnChannel } from './jobLayout.ts';
import type { ChannelGeom, GraphLayout, Point } from './layoutTypes.ts';

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

/** One in-flight element (a record or an end-of-partition marker), placed on its channel at a time. */
export interface PlacedElement {
  /** Stable key for keyed each blocks: `r<id>` or `e<channel>`. */
  key: string;
  channel: number;
  kind: 'record' | 'end';
  record: StreamRecord | null;
  /** Text on the marker (`recordLabel`, or `EOP`) and the marker's width. */
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
   */
  lane: number;
}

/** Width of an element's marker at 11 px (pill with 7 px padding, or the EOP bar). */
export function markerWidth(label: string, kind: 'record' | 'end'): number {
  return kind === 'end' ? 24 : textWidth(label, 11) + 14;
}

/** Vertical offset of a lane: 0, +18, −18, +36, −36 … */
export const laneOffset = (lane: number) => (lane === 0 ? 0 : (lane % 2 === 1 ? 1 : -1) * Math.ceil(lane / 2) * 18);

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
  for (const c of layout.channels) {
    const rt = world.channels[c.index];
    if (!rt || rt.inFlight.length === 0) continue;
    const table = arcTable(c);
    const length = table[SAMPLES]!;
    // Per lane: the arc position and width of its last (rearmost) marker.
    const lanes: { s: number; w: number }[] = [];
    for (const f of rt.inFlight) {
      const record = f.element.kind === 'record' ? f.element.record : null;
      const label = record ? recordLabel(record) : 'EOP';
      const width = markerWidth(label, f.element.kind);
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
      out.push({
        key: record ? `r${record.id}` : `e${c.index}`,
        channel: c.index,
        kind: f.element.kind,
        record,
        label,
        width,
        sentAt: f.sentAt,
        arrivesAt: f.arrivesAt,
        fraction,
        x: p.x,
        y: p.y,
        lane,
      });
    }
  }
  return out;
}
