/**
 * The parts of a window operator entry, checked and resolved for `WindowSpec.ts`: the `window`
 * object (assigner, count windows expanded as KeyedStream.countWindow does), `trigger`, `evictor`,
 * and durations. Problems go to `add(pathRelativeToTheOperator, message)`.
 */
import { parseDuration } from '../config/Duration.ts';
import { didYouMean } from '../scenario/validate.ts';
import { assignerClass, assignerProblem, type AssignerSpec, type WindowTime } from './WindowAssigner.ts';
import { describeTrigger, type TriggerSpec } from './Triggers.ts';
import type { EvictorSpec } from './Evictors.ts';

/** Reports one problem at a path relative to the operator (`window.size`). */
export type Add = (path: string, message: string) => void;
type Obj = Record<string, unknown>;

/** Simulator limit: windows one element may belong to (size / slide of a sliding window). */
export const MAX_WINDOWS_PER_ELEMENT = 1000;

const WINDOW_TYPES = ['tumbling', 'sliding', 'session', 'global', 'count'] as const;
type WindowType = (typeof WINDOW_TYPES)[number];
const WINDOW_KEYS: Record<WindowType, readonly string[]> = {
  tumbling: ['type', 'size', 'offset', 'time'],
  sliding: ['type', 'size', 'slide', 'offset', 'time'],
  session: ['type', 'gap', 'time'],
  global: ['type'],
  count: ['type', 'size', 'slide'],
};
const TRIGGER_TYPES = ['eventTime', 'processingTime', 'count', 'continuousEventTime', 'never', 'endOfStream'] as const;
type TriggerType = (typeof TRIGGER_TYPES)[number];
const TRIGGER_KEYS: Record<TriggerType, readonly string[]> = {
  eventTime: ['type', 'purging'],
  processingTime: ['type', 'purging'],
  count: ['type', 'count', 'purging'],
  continuousEventTime: ['type', 'interval', 'purging'],
  never: ['type', 'purging'],
  endOfStream: ['type', 'purging'],
};
const EVICTOR_KEYS = { count: ['type', 'max', 'after'], time: ['type', 'size', 'after'] } as const;

const oneOf = <T extends string>(x: unknown, names: readonly T[]): x is T => typeof x === 'string' && (names as readonly string[]).includes(x);

/** `unknown trigger "evenTime"; did you mean "eventTime"? valid: …`. */
export function unknownName(what: string, x: unknown, names: readonly string[]): string {
  if (x === undefined) return `is required: the ${what}, one of ${names.join(', ')}`;
  return `unknown ${what} ${JSON.stringify(x)}; ${typeof x === 'string' ? didYouMean(x, names) : ''}valid: ${names.join(', ')}`;
}

function checkKeys(o: Obj, known: readonly string[], path: string, what: string, add: Add): void {
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) add(`${path}.${key}`, `unknown key in ${what}; ${didYouMean(key, known)}known keys: ${known.join(', ')}`);
  }
}

/**
 * A duration in ms: an integer, or a duration string parsed like Flink's TimeUtils.parseDuration
 * ("5 s", "500 ms"). A leading "-" is allowed (Java's `Duration.ofMillis(-100)`); callers reject
 * negatives with Flink's own message where Flink does.
 */
export function readDuration(x: unknown, path: string, add: Add): number | null {
  const hint = 'use whole milliseconds (an integer) or a duration such as "5 s"';
  if (typeof x === 'number') {
    if (Number.isSafeInteger(x)) return x;
    add(path, `must be whole milliseconds, got ${x}: ${hint}`);
    return null;
  }
  if (typeof x !== 'string') {
    add(path, `must be a duration, got ${JSON.stringify(x)}: ${hint}`);
    return null;
  }
  const t = x.trim();
  const negative = t.startsWith('-');
  try {
    const ms = parseDuration(negative ? t.slice(1) : t);
    return negative ? -ms : ms;
  } catch (e) {
    add(path, `${(e as Error).message} (${hint})`);
    return null;
  }
}

function required(o: Obj, key: string, type: string, example: string, add: Add): unknown {
  if (o[key] === undefined) add(`window.${key}`, `is required for a ${type} window: add "${key}": ${example}`);
  return o[key];
}

function countOf(x: unknown, path: string, what: string, add: Add): number | null {
  if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 1) return x;
  const why = 'a simulator check: Flink does not validate it, and a count ≤ 1 fires on every element';
  add(path, `${what} needs a whole number ≥ 1, got ${JSON.stringify(x)} (${why})`);
  return null;
}

/** The `window` object: the assigner, plus the trigger and evictor a count window implies (KeyedStream.java#countWindow). */
export function parseAssigner(w: Obj, add: Add): { assigner: AssignerSpec; trigger?: TriggerSpec; evictor?: EvictorSpec } | null {
  if (!oneOf(w.type, WINDOW_TYPES)) {
    add('window.type', unknownName('window type', w.type, WINDOW_TYPES));
    return null;
  }
  const type = w.type;
  checkKeys(w, WINDOW_KEYS[type], 'window', `a ${type} window`, add);
  if (type === 'global') return { assigner: { type: 'global' } };
  if (type === 'count') {
    // countWindow(size) = GlobalWindows + PurgingTrigger(CountTrigger(size));
    // countWindow(size, slide) = GlobalWindows + CountEvictor(size) + CountTrigger(slide)
    const rawSize = required(w, 'size', type, '100', add);
    const size = rawSize === undefined ? null : countOf(rawSize, 'window.size', 'countWindow(size)', add);
    const slide = w.slide === undefined ? null : countOf(w.slide, 'window.slide', 'countWindow(size, slide)', add);
    if (size === null || (w.slide !== undefined && slide === null)) return null;
    if (slide === null) return { assigner: { type: 'global' }, trigger: { type: 'purging', nested: { type: 'count', count: size } } };
    return { assigner: { type: 'global' }, trigger: { type: 'count', count: slide }, evictor: { type: 'count', max: size, after: false } };
  }
  let time: WindowTime = 'event';
  if (w.time !== undefined) {
    if (w.time === 'event' || w.time === 'processing') time = w.time;
    else add('window.time', `must be "event" (element timestamps) or "processing" (the operator's clock), got ${JSON.stringify(w.time)}`);
  }
  const read = (key: string, example: string): number | null => {
    const x = required(w, key, type, example, add);
    return x === undefined ? null : readDuration(x, `window.${key}`, add);
  };
  let spec: AssignerSpec;
  if (type === 'session') {
    const gap = read('gap', '"3 s"');
    if (gap === null) return null;
    spec = { type, gap, time };
  } else {
    const size = read('size', '"5 s"');
    const slide = type === 'sliding' ? read('slide', '"1 s"') : 0;
    const offset = w.offset === undefined ? 0 : readDuration(w.offset, 'window.offset', add);
    if (size === null || slide === null || offset === null) return null;
    spec = type === 'tumbling' ? { type, size, offset, time } : { type, size, slide, offset, time };
  }
  const problem = assignerProblem(spec);
  if (problem !== null) {
    const cls = assignerClass(spec);
    if (spec.type === 'session') add('window.gap', `${problem} (size is the gap): got gap ${spec.gap} ms; use a gap > 0`);
    else if (spec.size <= 0) add('window.size', `${problem}: got size ${spec.size} ms; use a size > 0`);
    else if (spec.type === 'tumbling') add('window.offset', `${problem}: got size ${spec.size} ms, offset ${spec.offset} ms; use an offset with |offset| < size`);
    else {
      const got = `got slide ${spec.slide} ms, offset ${spec.offset} ms`;
      add(spec.slide <= 0 ? 'window.slide' : 'window.offset', `${problem}: ${got}; use a slide > 0 and |offset| < slide (${cls})`);
    }
    return null;
  }
  // Flink accepts slide > size (SlidingEventTimeWindows.java checks only abs(offset) < slide and size > 0): hopping windows with gaps.
  if (spec.type === 'sliding' && Math.ceil(spec.size / spec.slide) > MAX_WINDOWS_PER_ELEMENT) {
    const n = Math.ceil(spec.size / spec.slide);
    add('window.slide', `size ${spec.size} ms / slide ${spec.slide} ms puts every element into ${n} windows; ` +
      `the simulator allows at most ${MAX_WINDOWS_PER_ELEMENT}: use a larger slide`);
    return null;
  }
  return { assigner: spec };
}

/** The `trigger` object; `assigner` (when known) is checked for the trigger's window type. */
export function parseTrigger(t: Obj, assigner: AssignerSpec | null, add: Add): TriggerSpec | null {
  if (!oneOf(t.type, TRIGGER_TYPES)) {
    add('trigger.type', unknownName('trigger', t.type, TRIGGER_TYPES));
    return null;
  }
  const type = t.type;
  checkKeys(t, TRIGGER_KEYS[type], 'trigger', `a ${type} trigger`, add);
  let base: TriggerSpec | null = null;
  if (type === 'count') {
    if (t.count === undefined) add('trigger.count', 'is required for a count trigger: add "count": 3');
    const n = t.count === undefined ? null : countOf(t.count, 'trigger.count', 'CountTrigger.of(count)', add);
    base = n === null ? null : { type, count: n };
  } else if (type === 'continuousEventTime') {
    if (t.interval === undefined) add('trigger.interval', 'is required for a continuousEventTime trigger: add "interval": "1 s"');
    const i = t.interval === undefined ? null : readDuration(t.interval, 'trigger.interval', add);
    if (i !== null && i <= 0) {
      const why = 'Flink does not check it, but 0 fails on the first element with ArithmeticException: / by zero, and a negative interval fires without end';
      add('trigger.interval', `ContinuousEventTimeTrigger.of(interval) needs an interval > 0, got ${i} ms (${why})`);
    } else if (i !== null) base = { type, interval: i };
  } else base = { type };
  if (t.purging !== undefined && typeof t.purging !== 'boolean') {
    add('trigger.purging', 'must be true (PurgingTrigger.of(trigger): every firing purges the window) or false');
  }
  if (base && assigner) {
    const name = describeTrigger(base).replace(/\(.*$/, '');
    const global = assigner.type === 'global';
    if (global && (type === 'eventTime' || type === 'processingTime')) {
      add('trigger.type', `${name} is a Trigger<Object, TimeWindow>: it cannot trigger the GlobalWindow of a global or count window ` +
        '(Java does not compile it); use "count", "continuousEventTime" or "endOfStream"');
      return null;
    }
    if (!global && (type === 'never' || type === 'endOfStream')) {
      add('trigger.type', `${name} is a Trigger<Object, GlobalWindow> of GlobalWindows (Java does not compile it for ${assignerClass(assigner)}); ` +
        'use "eventTime", "processingTime", "count" or "continuousEventTime"');
      return null;
    }
  }
  return base && t.purging === true ? { type: 'purging', nested: base } : base;
}

/** The `evictor` object: `CountEvictor.of(max, after)` or `TimeEvictor.of(size, after)`. */
export function parseEvictor(e: Obj, add: Add): EvictorSpec | null {
  if (!oneOf(e.type, ['count', 'time'] as const)) {
    add('evictor.type', unknownName('evictor', e.type, ['count', 'time']));
    return null;
  }
  checkKeys(e, EVICTOR_KEYS[e.type], 'evictor', `a ${e.type} evictor`, add);
  if (e.after !== undefined && typeof e.after !== 'boolean') {
    add('evictor.after', 'must be true (evict after the window function: doEvictAfter) or false (before, the default)');
  }
  const after = e.after === true;
  if (e.type === 'count') {
    if (typeof e.max !== 'number' || !Number.isSafeInteger(e.max)) {
      add('evictor.max', `is required for a count evictor and must be a whole number (CountEvictor.of(maxCount): the elements kept), got ${JSON.stringify(e.max)}`);
      return null;
    }
    return { type: 'count', max: e.max, after };
  }
  if (e.size === undefined) {
    add('evictor.size', 'is required for a time evictor: add "size": "2 s" (TimeEvictor.of(windowSize))');
    return null;
  }
  const size = readDuration(e.size, 'evictor.size', add);
  return size === null ? null : { type: 'time', size, after };
}
