/**
 * Scenario checks for event time: source events that are watermarks or idleness marks, watermark
 * strategies, window operators (whose own checks, with Flink's messages, live in
 * `windowing/WindowSpec.ts`) and side outputs. Each message names the field and the fix.
 */
import type { WindowOperatorJson } from './Scenario.ts';
import { isFieldRef, isPlainObject } from './schema.ts';
import { didYouMean } from './validate.ts';
import { WATERMARK_STRATEGIES } from '../eventtime/WatermarkStrategy.ts';
import { parseDuration } from '../config/Duration.ts';
import { checkWindowSpec } from '../windowing/WindowSpec.ts';

type Obj = Record<string, unknown>;
type Add = (path: string, message: string) => void;

const WATERMARK_KEYS = ['strategy', 'maxOutOfOrderness', 'idleness', 'timestampField', 'marker'];

/** Event-time checks of one operator; `upstream` is its input operator (as written), if listed before it. */
export function checkTime(op: Obj, path: string, type: string | null, upstream: Obj | undefined, add: Add): void {
  if (type === 'source' && Array.isArray(op.events)) op.events.forEach((e, j) => checkEvent(e, `${path}.events[${j}]`, add));
  if ((type === 'source' || type === 'timestamps') && op.watermarks !== undefined) checkWatermarks(op.watermarks, `${path}.watermarks`, add);
  if (type === 'timestamps' && op.watermarks === undefined) {
    add(`${path}.watermarks`, 'is required for a timestamps operator: add "watermarks": {"strategy": "boundedOutOfOrderness", "maxOutOfOrderness": "3 s"}');
  }
  if (type === 'window') {
    if (op.window === undefined) add(`${path}.window`, 'is required for a window operator: add "window": {"type": "tumbling", "size": "5 s"}');
    else for (const issue of checkWindowSpec(op as unknown as WindowOperatorJson)) add(`${path}.${issue.path}`, issue.message);
  }
  if (op.sideOutput !== undefined && upstream) {
    const tag = upstream.type === 'window' ? upstream.lateOutput : undefined;
    if (upstream.type !== 'window') {
      add(`${path}.sideOutput`, `"${String(upstream.id)}" is a ${String(upstream.type)} operator and has no side output; a window operator's lateOutput is one: read from a window operator`);
    } else if (tag !== op.sideOutput) {
      const has = typeof tag === 'string' ? `its late-data tag is ${JSON.stringify(tag)}` : 'it sets no lateOutput';
      add(`${path}.sideOutput`, `"${String(upstream.id)}" has no side output ${JSON.stringify(op.sideOutput)} (${has}): use its tag or add "lateOutput": ${JSON.stringify(op.sideOutput)} to it`);
    }
  }
}

function checkEvent(e: unknown, path: string, add: Add): void {
  if (!isPlainObject(e)) return;
  const kinds = ['value', 'watermark', 'idle'].filter((k) => e[k] !== undefined);
  if (kinds.length === 0) add(`${path}.value`, 'is required: the record (any JSON value); or make the event a watermark ("watermark": ms or "MAX") or an idleness mark ("idle": true)');
  else if (kinds.length > 1) add(path, `an event is one thing: a record, a watermark or an idleness mark, got ${kinds.join(' and ')}: split it into ${kinds.length} events`);
  else if (kinds[0] !== 'value' && e.timestamp !== undefined) add(`${path}.timestamp`, `only a record has a timestamp; remove it from this ${kinds[0]} event`);
}

function duration(x: unknown, path: string, add: Add, positive: string | null, negative: string): void {
  if (typeof x !== 'number' && typeof x !== 'string') {
    add(path, `must be ms (an integer) or a duration such as "3 s", got ${JSON.stringify(x)}`);
    return;
  }
  if ((typeof x === 'number' && x < 0) || (typeof x === 'string' && /^\s*-/.test(x))) {
    add(path, negative);
    return;
  }
  try {
    const ms = parseDuration(x);
    if (positive && ms <= 0) add(path, positive);
  } catch (err) {
    add(path, `${(err as Error).message} Use ms (an integer ≥ 0) or a duration such as "3 s".`);
  }
}

function checkWatermarks(w: unknown, path: string, add: Add): void {
  if (!isPlainObject(w)) return;
  for (const key of Object.keys(w)) {
    if (!WATERMARK_KEYS.includes(key)) add(`${path}.${key}`, `unknown key in a watermark strategy; ${didYouMean(key, WATERMARK_KEYS)}known keys: ${WATERMARK_KEYS.join(', ')}`);
  }
  const strategy = w.strategy;
  if (strategy === undefined) add(`${path}.strategy`, `is required: one of ${WATERMARK_STRATEGIES.join(', ')}`);
  else if (typeof strategy !== 'string' || !(WATERMARK_STRATEGIES as readonly string[]).includes(strategy)) {
    add(`${path}.strategy`, `unknown watermark strategy ${JSON.stringify(strategy)}; ${typeof strategy === 'string' ? didYouMean(strategy, WATERMARK_STRATEGIES) : ''}use one of ${WATERMARK_STRATEGIES.join(', ')}`);
  }
  const bounded = strategy === 'boundedOutOfOrderness' || strategy === 'punctuated';
  const known = (WATERMARK_STRATEGIES as readonly unknown[]).includes(strategy);
  if (w.maxOutOfOrderness !== undefined) {
    if (known && !bounded) add(`${path}.maxOutOfOrderness`, `only boundedOutOfOrderness and punctuated strategies have a bound; remove it (${String(strategy)} allows none)`);
    // BoundedOutOfOrdernessWatermarks: checkArgument(!maxOutOfOrderness.isNegative(), "maxOutOfOrderness cannot be negative")
    else duration(w.maxOutOfOrderness, `${path}.maxOutOfOrderness`, add, null, 'must not be negative: Flink checks "maxOutOfOrderness cannot be negative"; use 0 or more, e.g. "3 s"');
  } else if (strategy === 'boundedOutOfOrderness') {
    add(`${path}.maxOutOfOrderness`, 'is required for boundedOutOfOrderness: the bound B, e.g. "3 s" (watermark = max timestamp − B − 1)');
  }
  // WatermarksWithIdleness.IdlenessTimer: checkArgument(timeout > 0, "idle timeout must be greater than zero")
  const idle = 'must be > 0: Flink checks "idleTimeout must be greater than zero"; remove idleness or give a timeout such as "5 s"';
  if (w.idleness !== undefined) duration(w.idleness, `${path}.idleness`, add, idle, idle);
  for (const key of ['timestampField', 'marker'] as const) {
    if (w[key] !== undefined && !isFieldRef(w[key])) add(`${path}.${key}`, `must be a tuple position (integer ≥ 0) or a field name, got ${JSON.stringify(w[key])}`);
  }
  if (w.marker !== undefined && strategy !== 'punctuated') add(`${path}.marker`, 'only a punctuated strategy emits on marker records; remove marker or use "strategy": "punctuated"');
  if (w.timestampField !== undefined && strategy === 'ingestionTime') add(`${path}.timestampField`, 'ingestion time takes the timestamp from the source\'s clock; remove timestampField');
}
