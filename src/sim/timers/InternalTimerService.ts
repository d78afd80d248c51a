/**
 * InternalTimerServiceImpl on plain data (reference §3.7,
 * flink-runtime/src/main/java/org/apache/flink/streaming/api/operators/InternalTimerServiceImpl.java).
 * Each domain's timers are a priority-queue *set* (HeapPriorityQueueSet): one timer per
 * (timestamp, key, namespace). Lists are sorted by timestamp; equal timestamps keep insertion order
 * (Flink's heap leaves that order unspecified; the simulator fixes it so runs are deterministic).
 */
import type { Json } from '../scenario/Scenario.ts';
import type { TimeDomain } from '../trace.ts';
import { canonicalJson } from '../functions/fields.ts';
import { LONG_MIN } from '../util/JavaLong.ts';

export type { TimeDomain } from '../trace.ts';

/** TimerHeapInternalTimer: fires for `key` in `namespace` (a window id, or Flink's VoidNamespace) at `timestamp`. */
export interface InternalTimer {
  timestamp: number;
  key: Json;
  namespace: string;
}

/** The timer service of one keyed operator: its current watermark (starts `Long.MIN_VALUE`) and both timer queues. */
export interface TimerServiceState {
  currentWatermark: number;
  event: InternalTimer[];
  processing: InternalTimer[];
}

/** A timer service with no timers and `currentWatermark = Long.MIN_VALUE` (InternalTimerServiceImpl.java L72). */
export function newTimerService(): TimerServiceState {
  return { currentWatermark: LONG_MIN, event: [], processing: [] };
}

const queueOf = (s: TimerServiceState, domain: TimeDomain): InternalTimer[] => (domain === 'event' ? s.event : s.processing);

/** Index of the first timer with a timestamp > `ts` (binary search). */
function upperBound(queue: InternalTimer[], ts: number): number {
  let lo = 0;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (queue[mid]!.timestamp <= ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the timer equal to (ts, key, namespace) (TimerHeapInternalTimer.equals), or −1. */
function indexOf(queue: InternalTimer[], ts: number, key: Json, namespace: string): number {
  const k = canonicalJson(key);
  for (let i = upperBound(queue, ts) - 1; i >= 0 && queue[i]!.timestamp === ts; i--) {
    const t = queue[i]!;
    if (t.namespace === namespace && canonicalJson(t.key) === k) return i;
  }
  return -1;
}

/**
 * registerEventTimeTimer / registerProcessingTimeTimer: adds the timer unless an equal one exists
 * (HeapPriorityQueueSet.add keeps set semantics). True when it was added, false for a duplicate.
 * A timer at or before the current time is kept and fires at the next advance.
 */
export function registerTimer(s: TimerServiceState, domain: TimeDomain, key: Json, namespace: string, ts: number): boolean {
  const queue = queueOf(s, domain);
  if (indexOf(queue, ts, key, namespace) >= 0) return false; // HeapPriorityQueueSet.java add: dedup on (timestamp, key, namespace)
  queue.splice(upperBound(queue, ts), 0, { timestamp: ts, key, namespace }); // InternalTimerServiceImpl.java registerEventTimeTimer
  return true;
}

/** deleteEventTimeTimer / deleteProcessingTimeTimer: removes the equal timer. True when one was there. */
export function deleteTimer(s: TimerServiceState, domain: TimeDomain, key: Json, namespace: string, ts: number): boolean {
  const queue = queueOf(s, domain);
  const i = indexOf(queue, ts, key, namespace);
  if (i < 0) return false;
  queue.splice(i, 1); // InternalTimerServiceImpl.java deleteEventTimeTimer: HeapPriorityQueueSet.remove
  return true;
}

/** Polls and fires the head while it is due; a timer registered by `onTimer` at ≤ `t` fires in the same loop. */
function fireDue(queue: InternalTimer[], t: number, onTimer: (timer: InternalTimer) => void): void {
  for (let head = queue[0]; head !== undefined && head.timestamp <= t; head = queue[0]) {
    queue.shift(); // InternalTimerServiceImpl.java L285–339: poll before triggerTarget.onEventTime/onProcessingTime
    onTimer(head);
  }
}

/**
 * advanceWatermark(t): sets `currentWatermark = t` first (so `onTimer` sees it), then fires every
 * event-time timer with timestamp ≤ t in ascending order.
 */
export function advanceWatermark(s: TimerServiceState, t: number, onTimer: (timer: InternalTimer) => void): void {
  s.currentWatermark = t; // InternalTimerServiceImpl.java advanceWatermark: currentWatermark = time, then poll
  fireDue(s.event, t, onTimer);
}

/**
 * onProcessingTime(now): fires every processing-time timer with timestamp ≤ now in ascending order.
 * Flink calls it from a physical timer set at the head's timestamp (`nextProcessingTime`).
 */
export function onProcessingTime(s: TimerServiceState, now: number, onTimer: (timer: InternalTimer) => void): void {
  fireDue(s.processing, now, onTimer); // InternalTimerServiceImpl.java onProcessingTime
}

/** The head processing-time timer's timestamp: when the physical timer must fire next (null: none). */
export function nextProcessingTime(s: TimerServiceState): number | null {
  return s.processing[0]?.timestamp ?? null;
}

/** The timers of one key, per domain, in firing order (for views). */
export function timersOf(s: TimerServiceState, key: Json): { event: InternalTimer[]; processing: InternalTimer[] } {
  const k = canonicalJson(key);
  const mine = (t: InternalTimer) => canonicalJson(t.key) === k;
  return { event: s.event.filter(mine), processing: s.processing.filter(mine) };
}
