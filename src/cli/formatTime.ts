/** CLI lines for the event-time trace events (watermarks, timers, windows). */
import type { TraceEvent, TraceOf } from '../sim/trace.ts';
import { formatLong } from '../sim/util/JavaLong.ts';
import { windowId } from '../sim/windowing/Window.ts';
import { formatValue } from '../sim/functions/fields.ts';

export const TIME_EVENT_TYPES = new Set<string>([
  'watermark.emitted', 'watermark.status', 'watermark.sent', 'watermark.received', 'watermark.advanced',
  'timer.registered', 'timer.deleted', 'timer.fired', 'window.assigned', 'window.merged', 'window.fired',
  'window.evicted', 'window.cleared', 'record.late',
]);

type TimeEvent = TraceOf<
  | 'watermark.emitted' | 'watermark.status' | 'watermark.sent' | 'watermark.received' | 'watermark.advanced'
  | 'timer.registered' | 'timer.deleted' | 'timer.fired' | 'window.assigned' | 'window.merged' | 'window.fired'
  | 'window.evicted' | 'window.cleared' | 'record.late'
>;

const wmOrStatus = (e: { watermark?: number; status?: string }) => (e.watermark !== undefined ? `W(${formatLong(e.watermark)})` : String(e.status));
const key = (k: unknown) => formatValue(k as never);

/** The readable body (after the time/step/type head) of a time event. */
export function formatTimeEvent(event: TraceEvent): string {
  const e = event as TimeEvent;
  switch (e.type) {
    case 'watermark.emitted':
      return `${e.task}  ${e.operator} emits W(${formatLong(e.watermark)})`;
    case 'watermark.status':
      return `${e.task}  ${e.operator ?? 'input'} is ${e.status}`;
    case 'watermark.sent':
      return `${e.task} → ${e.to}  ${wmOrStatus(e)} arrives ${e.arrivesAt}ms`;
    case 'watermark.received':
      return `${e.task} ← ${e.from}  ${wmOrStatus(e)}`;
    case 'watermark.advanced':
      return `${e.task}  ${e.operator} event time → ${formatLong(e.watermark)}`;
    case 'timer.registered':
      return `${e.task}  ${e.operator} key=${key(e.key)} ${e.domain}-time timer @${formatLong(e.time)} ${e.namespace}${e.duplicate ? ' (already registered)' : ''}`;
    case 'timer.deleted':
    case 'timer.fired':
      return `${e.task}  ${e.operator} key=${key(e.key)} ${e.domain}-time timer @${formatLong(e.time)} ${e.namespace}`;
    case 'window.assigned':
      return `${e.task}  ${e.operator} key=${key(e.key)} #${e.record} (ts ${e.timestamp ?? 'none'}) → ${e.windows.map(windowId).join(' ')}`;
    case 'window.merged':
      return `${e.task}  ${e.operator} key=${key(e.key)} ${e.from.map(windowId).join(' + ')} → ${windowId(e.into)}`;
    case 'window.fired':
      return `${e.task}  ${e.operator} key=${key(e.key)} ${windowId(e.window)} → ${formatValue(e.result)}${e.late ? ' (late firing)' : ''} state ${e.stateSize}${e.purged ? ', purged' : ''}`;
    case 'window.evicted':
      return `${e.task}  ${e.operator} key=${key(e.key)} ${windowId(e.window)} evicted ${e.count}`;
    case 'window.cleared':
      return `${e.task}  ${e.operator} key=${key(e.key)} ${windowId(e.window)} state cleared`;
    case 'record.late':
      return `${e.task}  ${e.operator} #${e.record} (ts ${e.timestamp}) is late: ${e.sideOutput === null ? 'dropped' : `to side output "${e.sideOutput}"`}`;
  }
}
