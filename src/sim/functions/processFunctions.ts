/**
 * Built-in KeyedProcessFunctions for `{"type": "process", "fn": …}`. Each keeps one ValueState per
 * key (shown in the Keys panel) and uses the timer service through its context; no scenario code is
 * ever evaluated.
 */
import type { Json } from '../scenario/Scenario.ts';
import type { ArgSpec } from './index.ts';
import type { TimeDomain } from '../trace.ts';

type Args = { [key: string]: Json };

/** What a KeyedProcessFunction sees (KeyedProcessFunction.Context / OnTimerContext and its TimerService). */
export interface ProcessFunctionContext {
  key: Json;
  /** The element's timestamp in processElement, the timer's time in onTimer (null: none). */
  timestamp: number | null;
  currentWatermark: number;
  currentProcessingTime: number;
  /** The key's ValueState. */
  state: Json | null;
  update(value: Json | null): void;
  registerTimer(domain: TimeDomain, time: number): void;
  collect(value: Json): void;
}

export interface BuiltinProcessFunction {
  kinds: ['process'];
  doc: string;
  args: Record<string, ArgSpec>;
  processElement(args: Args, ctx: ProcessFunctionContext, value: Json): void;
  onTimer(args: Args, ctx: ProcessFunctionContext, time: number, domain: TimeDomain): void;
}

const domainOf = (args: Args): TimeDomain => (args.domain === 'processing' ? 'processing' : 'event');
const timeoutOf = (args: Args) => (typeof args.timeout === 'number' ? args.timeout : 60000);

export const PROCESS_FUNCTIONS: Record<string, BuiltinProcessFunction> = {
  /**
   * Flink's docs example (docs/content/docs/dev/datastream/operators/process_function.md,
   * CountWithTimeoutFunction): count per key; emit (key, count) once a key saw no element for `timeout`.
   * Each element registers a timer at lastModified + timeout; only the latest one emits.
   */
  countWithTimeout: {
    kinds: ['process'],
    doc: 'Counts per key and emits (key, count) when a key saw no element for `timeout` ms (the docs\' CountWithTimeoutFunction).',
    args: {
      timeout: { type: 'number', doc: 'ms without elements before emitting (default 60000)' },
      domain: { type: 'string', doc: 'event (default) or processing: which clock lastModified and the timer use' },
    },
    processElement(args, ctx) {
      const prev = ctx.state as { count: number; lastModified: number } | null;
      const domain = domainOf(args);
      const lastModified = domain === 'event' ? (ctx.timestamp ?? 0) : ctx.currentProcessingTime;
      ctx.update({ count: (prev?.count ?? 0) + 1, lastModified });
      ctx.registerTimer(domain, lastModified + timeoutOf(args));
    },
    onTimer(args, ctx, time) {
      const s = ctx.state as { count: number; lastModified: number } | null;
      if (s && time === s.lastModified + timeoutOf(args)) ctx.collect([ctx.key, s.count]);
    },
  },
  /**
   * Buffers each element until the watermark passes its timestamp, then emits it: the stream comes out
   * in event-time order. One event-time timer per distinct timestamp (timers are deduplicated).
   */
  sortByEventTime: {
    kinds: ['process'],
    doc: 'Buffers elements and emits them when the watermark passes their timestamp, in event-time order.',
    args: {},
    processElement(_args, ctx, value) {
      const ts = ctx.timestamp ?? 0;
      const buffer = (ctx.state as [number, Json][] | null) ?? [];
      ctx.update([...buffer, [ts, value]]);
      ctx.registerTimer('event', ts);
    },
    onTimer(_args, ctx, time) {
      const buffer = (ctx.state as [number, Json][] | null) ?? [];
      for (const [ts, v] of buffer) if (ts <= time) ctx.collect(v);
      const rest = buffer.filter(([ts]) => ts > time);
      ctx.update(rest.length ? rest : null);
    },
  },
};
