/**
 * Scenario validation of event time: window assigners, triggers, evictors, lateness and functions
 * (with Flink's own checks and messages: TumblingEventTimeWindows.of, SlidingEventTimeWindows.of,
 * EventTimeSessionWindows.withGap, WindowOperatorBuilder.allowedLateness), watermark strategies
 * (BoundedOutOfOrdernessWatermarks, WatermarksWithIdleness), source events that are watermarks or
 * idleness marks, and side outputs. Each bad input gives one issue at the field's path that says
 * what is wrong and how to fix it.
 */
import { describe, expect, it } from 'vitest';
import { expectIssue, issuesOf } from '../support/issues.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';

type Any = Record<string, any>;

/** A valid event-time job: a source with a WatermarkStrategy, a keyed tumbling window, a sink and a late-data sink. */
function base(): Any {
  return {
    operators: [
      {
        id: 'src', type: 'source',
        watermarks: { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: '1 s' },
        events: [{ at: 0, value: ['a', 1], timestamp: 1000 }, { at: 10, value: ['b', 1], timestamp: 2000 }],
      },
      { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'tumbling', size: '5 s' }, aggregate: 'sum', field: 1, lateOutput: 'late' },
      { id: 'print', type: 'sink', input: 'win' },
      { id: 'latePrint', type: 'sink', input: 'win', sideOutput: 'late' },
    ],
  };
}
const SRC = 0;
const WIN = 1;
const LATE = 3;

/** `base()` with operator i patched (undefined values delete keys). */
function withOp(i: number, patch: Any, s: Any = base()): Any {
  const op = { ...s.operators[i], ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete op[k];
  s.operators[i] = op;
  return s;
}
const withWindow = (window: Any, patch: Any = {}) => withOp(WIN, { window, ...patch });
const withWatermarks = (watermarks: Any) => withOp(SRC, { watermarks });
const withEvents = (events: Any[]) => withOp(SRC, { events });

describe('validateScenario: valid event-time scenarios', () => {
  it('accepts the base job and every assigner, trigger, evictor and function', () => {
    expect(() => validateScenario(base())).not.toThrow();
    const ok = [
      withWindow({ type: 'tumbling', size: 5000, offset: -4999 }),
      withWindow({ type: 'tumbling', size: '3 s', time: 'processing' }),
      withWindow({ type: 'sliding', size: '10 s', slide: '5 s', offset: '1 s' }),
      withWindow({ type: 'session', gap: 1 }),
      withWindow({ type: 'global' }, { trigger: { type: 'continuousEventTime', interval: '1 s' } }),
      withWindow({ type: 'global' }, { trigger: { type: 'endOfStream' } }),
      withWindow({ type: 'count', size: 4, slide: 2 }),
      withWindow({ type: 'tumbling', size: 4000 }, { trigger: { type: 'count', count: 2, purging: true }, evictor: { type: 'time', size: '2 s', after: true } }),
      withWindow({ type: 'session', gap: '3 s' }, { function: 'aggregate+process', allowedLateness: '10 ms' }),
      withOp(WIN, { aggregate: 'collect', field: undefined, function: 'process' }),
      withWatermarks({ strategy: 'monotonous', idleness: '5 s' }),
      withWatermarks({ strategy: 'punctuated', maxOutOfOrderness: 0, marker: 'flag' }),
      withWatermarks({ strategy: 'ingestionTime' }),
      withWatermarks({ strategy: 'noWatermarks' }),
      withEvents([{ at: 0, value: ['a', 1], timestamp: -5 }, { at: 5, watermark: 10 }, { at: 6, idle: true }, { at: 7, idle: false }, { at: 8, watermark: 'MAX' }]),
    ];
    for (const s of ok) expect(() => validateScenario(s), JSON.stringify(s.operators[WIN])).not.toThrow();
  });

  it('accepts a sliding window whose slide is larger than its size (Flink checks only |offset| < slide and size > 0)', () => {
    expect(() => validateScenario(withWindow({ type: 'sliding', size: 1000, slide: 5000 }))).not.toThrow();
    expect(() => validateScenario(withWindow({ type: 'sliding', size: 1000, slide: 5000, offset: 4999 }))).not.toThrow();
  });

  it('accepts a timestamps operator and a keyed process function', () => {
    const s = base();
    s.operators.splice(1, 0, { id: 'ts', type: 'timestamps', input: 'src', watermarks: { strategy: 'monotonous' } });
    s.operators[2].input = 'ts';
    s.operators.push({ id: 'timeout', type: 'process', input: 'ts', keyBy: 0, fn: 'countWithTimeout', args: { timeout: 1000, domain: 'processing' } });
    expect(() => validateScenario(s)).not.toThrow();
  });
});

describe('validateScenario: window assigners (Flink’s checks)', () => {
  it('TumblingEventTimeWindows.of(negative size)', () => {
    expectIssue(withWindow({ type: 'tumbling', size: -1000 }), 'operators[1].window.size', 'TumblingEventTimeWindows parameters must satisfy abs(offset) < size', '-1000', 'size > 0');
    expectIssue(withWindow({ type: 'tumbling', size: 0 }), 'operators[1].window.size', 'TumblingEventTimeWindows parameters must satisfy abs(offset) < size');
  });

  it('TumblingEventTimeWindows.of(size, offset) with |offset| ≥ size', () => {
    expectIssue(withWindow({ type: 'tumbling', size: 10000, offset: 20000 }), 'operators[1].window.offset', 'TumblingEventTimeWindows parameters must satisfy abs(offset) < size', '20000');
    expectIssue(withWindow({ type: 'tumbling', size: 1000, offset: -1000 }), 'operators[1].window.offset', 'abs(offset) < size', '-1000');
    expectIssue(withWindow({ type: 'tumbling', size: 1000, offset: 1000, time: 'processing' }), 'operators[1].window.offset', 'TumblingProcessingTimeWindows parameters must satisfy abs(offset) < size');
  });

  it('SlidingEventTimeWindows.of: |offset| ≥ slide, size ≤ 0, slide ≤ 0', () => {
    const msg = 'SlidingEventTimeWindows parameters must satisfy abs(offset) < slide and size > 0';
    expectIssue(withWindow({ type: 'sliding', size: 5000, slide: 1000, offset: 1000 }), 'operators[1].window.offset', msg, 'offset 1000');
    expectIssue(withWindow({ type: 'sliding', size: 5000, slide: 1000, offset: -1500 }), 'operators[1].window.offset', msg);
    expectIssue(withWindow({ type: 'sliding', size: 0, slide: 1000 }), 'operators[1].window.size', msg, 'size > 0');
    expectIssue(withWindow({ type: 'sliding', size: -5, slide: 1000 }), 'operators[1].window.size', msg);
    expectIssue(withWindow({ type: 'sliding', size: 1000, slide: 0 }), 'operators[1].window.slide', msg, 'slide > 0');
    expectIssue(withWindow({ type: 'sliding', size: 1000, slide: 100, offset: 100, time: 'processing' }), 'operators[1].window.offset', 'SlidingProcessingTimeWindows parameters');
  });

  it('EventTimeSessionWindows.withGap(gap ≤ 0): "0 < size"', () => {
    expectIssue(withWindow({ type: 'session', gap: 0 }), 'operators[1].window.gap', 'EventTimeSessionWindows parameters must satisfy 0 < size', 'gap > 0');
    expectIssue(withWindow({ type: 'session', gap: '-1000' }), 'operators[1].window.gap', '0 < size', '-1000');
    expectIssue(withWindow({ type: 'session', gap: 0, time: 'processing' }), 'operators[1].window.gap', 'ProcessingTimeSessionWindows parameters must satisfy 0 < size');
  });

  it('missing or malformed sizes, unknown keys and time domains', () => {
    expectIssue(withWindow({ type: 'tumbling' }), 'operators[1].window.size', 'is required', '"size"');
    expectIssue(withWindow({ type: 'sliding', size: 1000 }), 'operators[1].window.slide', 'is required');
    expectIssue(withWindow({ type: 'session' }), 'operators[1].window.gap', 'is required');
    expectIssue(withWindow({ type: 'tumbling', size: '5 parsecs' }), 'operators[1].window.size', "'parsecs'", '"5 s"');
    expectIssue(withWindow({ type: 'tumbling', size: 1000, slide: 3 }), 'operators[1].window.slide', 'unknown key in a tumbling window', 'type, size, offset, time');
    expectIssue(withWindow({ type: 'tumbling', size: 1000, time: 'proc' }), 'operators[1].window.time', '"event"', '"processing"');
    expectIssue(withOp(WIN, { window: undefined }), 'operators[1].window', 'is required for a window operator');
  });

  it('unknown assigner names: the list and a did-you-mean', () => {
    expectIssue(withWindow({ type: 'tumblng', size: 1000 }), 'operators[1].window.type', 'unknown window type "tumblng"', 'did you mean "tumbling"', 'tumbling, sliding, session, global, count');
    expectIssue(withWindow({ type: 'sesion', gap: 1000 }), 'operators[1].window.type', 'did you mean "session"');
  });
});

describe('validateScenario: triggers, evictors, lateness, functions', () => {
  it('unknown trigger names: the list and a did-you-mean', () => {
    expectIssue(withWindow({ type: 'tumbling', size: 1000 }, { trigger: { type: 'evenTime' } }), 'operators[1].trigger.type',
      'unknown trigger "evenTime"', 'did you mean "eventTime"', 'eventTime, processingTime, count, continuousEventTime, never, endOfStream');
    expectIssue(withWindow({ type: 'tumbling', size: 1000 }, { trigger: { type: 'counts', count: 2 } }), 'operators[1].trigger.type', 'did you mean "count"');
  });

  it('unknown evictor names: the list and a did-you-mean', () => {
    expectIssue(withWindow({ type: 'tumbling', size: 1000 }, { evictor: { type: 'tme', size: 10 } }), 'operators[1].evictor.type', 'unknown evictor "tme"', 'did you mean "time"', 'count, time');
  });

  it('unknown aggregate names: the list and a did-you-mean', () => {
    expectIssue(withOp(WIN, { aggregate: 'summ' }), 'operators[1].aggregate', 'unknown aggregate "summ"', 'did you mean "sum"', 'sum, min, max, count, average, collect');
    expectIssue(withOp(WIN, { aggregate: 'avg' }), 'operators[1].aggregate', 'sum, min, max, count, average, collect');
  });

  it('unknown window function kind', () => {
    expectIssue(withOp(WIN, { function: 'reduce' }), 'operators[1].function', 'aggregate, process, aggregate+process', '"reduce"');
  });

  it('a field aggregate without its field', () => {
    expectIssue(withOp(WIN, { field: undefined }), 'operators[1].field', 'aggregate "sum" reads a field', '"field": 1');
  });

  it('trigger parameters: count and interval', () => {
    expectIssue(withWindow({ type: 'tumbling', size: 1000 }, { trigger: { type: 'count' } }), 'operators[1].trigger.count', 'is required');
    expectIssue(withWindow({ type: 'tumbling', size: 1000 }, { trigger: { type: 'continuousEventTime', interval: 0 } }), 'operators[1].trigger.interval', 'interval > 0');
    expectIssue(withWindow({ type: 'tumbling', size: 1000 }, { trigger: { type: 'eventTime', purging: 'yes' } }), 'operators[1].trigger.purging', 'true', 'false');
  });

  it('triggers that do not fit the assigner (Java does not compile them / WindowOperatorBuilder rejects them)', () => {
    expectIssue(withWindow({ type: 'global' }, { trigger: { type: 'eventTime' } }), 'operators[1].trigger.type', 'GlobalWindow');
    expectIssue(withWindow({ type: 'session', gap: 10 }, { trigger: { type: 'never' } }), 'operators[1].trigger.type', 'NeverTrigger');
  });

  it('evictor parameters', () => {
    expectIssue(withWindow({ type: 'tumbling', size: 1000 }, { evictor: { type: 'count' } }), 'operators[1].evictor.max', 'is required for a count evictor');
    expectIssue(withWindow({ type: 'tumbling', size: 1000 }, { evictor: { type: 'time' } }), 'operators[1].evictor.size', 'is required for a time evictor');
  });

  it('negative allowed lateness: "The allowed lateness cannot be negative."', () => {
    expectIssue(withOp(WIN, { allowedLateness: -5 }), 'operators[1].allowedLateness', 'The allowed lateness cannot be negative.', '-5');
    expectIssue(withOp(WIN, { allowedLateness: '-5 s' }), 'operators[1].allowedLateness', 'The allowed lateness cannot be negative.', '-5000');
    expect(() => validateScenario(withOp(WIN, { allowedLateness: 0 }))).not.toThrow();
  });

  it('an empty late-data tag', () => {
    expectIssue(withOp(WIN, { lateOutput: '' }), 'operators[1].lateOutput', 'must not be empty');
  });

  it('a window operator needs a keyed stream (keyBy)', () => {
    expectIssue(withOp(WIN, { keyBy: undefined }), 'operators[1].keyBy', 'a keyed window (keyBy(…).window(…))', 'keyed stream', 'keyBy');
  });

  it('a keyed process function needs keyBy and a known function', () => {
    const s = base();
    s.operators.push({ id: 'p', type: 'process', input: 'src', fn: 'countWithTimeout' });
    expectIssue(s, 'operators[4].keyBy', 'a KeyedProcessFunction needs a keyed stream');
    const t = base();
    t.operators.push({ id: 'p', type: 'process', input: 'src', keyBy: 0, fn: 'countWithTimout' });
    expectIssue(t, 'operators[4].fn', 'unknown function "countWithTimout"', 'did you mean "countWithTimeout"', 'countWithTimeout, sortByEventTime');
  });
});

describe('validateScenario: watermark strategies', () => {
  it('an unknown strategy: the list and a did-you-mean', () => {
    expectIssue(withWatermarks({ strategy: 'boundedOutOfOrdernes', maxOutOfOrderness: 5 }), 'operators[0].watermarks.strategy',
      'unknown watermark strategy "boundedOutOfOrdernes"', 'did you mean "boundedOutOfOrderness"', 'boundedOutOfOrderness, monotonous, punctuated, ingestionTime, noWatermarks');
    expectIssue(withWatermarks({ strategy: 'bounded' }), 'operators[0].watermarks.strategy', 'unknown watermark strategy "bounded"');
    expectIssue(withWatermarks({ maxOutOfOrderness: 5 }), 'operators[0].watermarks.strategy', 'is required');
  });

  it('boundedOutOfOrderness without maxOutOfOrderness', () => {
    expectIssue(withWatermarks({ strategy: 'boundedOutOfOrderness' }), 'operators[0].watermarks.maxOutOfOrderness', 'is required for boundedOutOfOrderness', 'max timestamp − B − 1');
  });

  it('a negative maxOutOfOrderness is rejected (BoundedOutOfOrdernessWatermarks: "maxOutOfOrderness cannot be negative")', () => {
    // the message is the generic duration one; timeBugs.test.ts asks for Flink's
    expect(issuesOf(withWatermarks({ strategy: 'boundedOutOfOrderness', maxOutOfOrderness: -5 })).map((i) => i.path)).toEqual(['operators[0].watermarks.maxOutOfOrderness']);
    expect(issuesOf(withWatermarks({ strategy: 'boundedOutOfOrderness', maxOutOfOrderness: '-5 ms' })).map((i) => i.path)).toEqual(['operators[0].watermarks.maxOutOfOrderness']);
  });

  it('a bound on a strategy that has none', () => {
    expectIssue(withWatermarks({ strategy: 'monotonous', maxOutOfOrderness: 5 }), 'operators[0].watermarks.maxOutOfOrderness', 'only boundedOutOfOrderness and punctuated');
  });

  it('idleness ≤ 0: WatermarksWithIdleness requires a timeout greater than zero', () => {
    expectIssue(withWatermarks({ strategy: 'monotonous', idleness: 0 }), 'operators[0].watermarks.idleness', 'must be > 0', 'greater than zero');
    expectIssue(withWatermarks({ strategy: 'monotonous', idleness: '0 s' }), 'operators[0].watermarks.idleness', 'greater than zero');
    // rejected, with the generic duration message (timeBugs.test.ts asks for Flink's)
    expect(issuesOf(withWatermarks({ strategy: 'monotonous', idleness: -1 })).map((i) => i.path)).toEqual(['operators[0].watermarks.idleness']);
  });

  it('a marker on a strategy that is not punctuated', () => {
    expectIssue(withWatermarks({ strategy: 'boundedOutOfOrderness', maxOutOfOrderness: 5, marker: 0 }), 'operators[0].watermarks.marker',
      'only a punctuated strategy emits on marker records', '"strategy": "punctuated"');
  });

  it('unknown keys and bad field references', () => {
    expectIssue(withWatermarks({ strategy: 'monotonous', idelness: 5 }), 'operators[0].watermarks.idelness', 'did you mean "idleness"');
    expectIssue(withWatermarks({ strategy: 'punctuated', maxOutOfOrderness: 0, marker: -1 }), 'operators[0].watermarks.marker', 'tuple position');
    expectIssue(withWatermarks({ strategy: 'ingestionTime', timestampField: 0 }), 'operators[0].watermarks.timestampField', 'ingestion time');
  });

  it('a timestamps operator needs its strategy', () => {
    const s = base();
    s.operators.splice(1, 0, { id: 'ts', type: 'timestamps', input: 'src' });
    expectIssue(s, 'operators[1].watermarks', 'is required for a timestamps operator');
  });
});

describe('validateScenario: source events and side outputs', () => {
  it('an event with both a value and a watermark (or an idleness mark)', () => {
    expectIssue(withEvents([{ at: 0, value: 1, watermark: 5 }]), 'operators[0].events[0]', 'an event is one thing', 'value and watermark', 'split it into 2 events');
    expectIssue(withEvents([{ at: 0, watermark: 5, idle: true }]), 'operators[0].events[0]', 'watermark and idle');
  });

  it('an event with neither, a timestamp on a watermark, bad watermark and idle values', () => {
    expectIssue(withEvents([{ at: 0 }]), 'operators[0].events[0].value', 'is required');
    expectIssue(withEvents([{ at: 0, watermark: 5, timestamp: 3 }]), 'operators[0].events[0].timestamp', 'only a record has a timestamp');
    expectIssue(withEvents([{ at: 0, watermark: 'max' }]), 'operators[0].events[0].watermark', '"MAX"');
    expectIssue(withEvents([{ at: 0, idle: 'yes' }]), 'operators[0].events[0].idle', 'true', 'false');
    expectIssue(withEvents([{ at: 0, value: 1, timestamp: 1.5 }]), 'operators[0].events[0].timestamp', 'integer');
  });

  it('sideOutput reading a tag the window does not declare', () => {
    expectIssue(withOp(LATE, { sideOutput: 'lat' }), 'operators[3].sideOutput', 'no side output "lat"', 'its late-data tag is "late"');
    expectIssue(withOp(WIN, { lateOutput: undefined }), 'operators[3].sideOutput', 'it sets no lateOutput', '"lateOutput": "late"');
  });

  it('sideOutput of an operator that has none', () => {
    expectIssue(withOp(LATE, { input: 'src' }), 'operators[3].sideOutput', '"src" is a source operator and has no side output');
  });
});

describe('messages that name exactly what is wrong', () => {
  it('a trigger or evictor without a type says the type is required', () => {
    expectIssue(withOp(WIN, { trigger: { count: 3 } }), 'operators[1].trigger.type', 'is required', 'eventTime');
    expectIssue(withOp(WIN, { evictor: { max: 3 } }), 'operators[1].evictor.type', 'is required', 'count, time');
  });
  it('an unknown strategy is the only issue: its bound is not judged against a strategy nobody knows', () => {
    const issues = issuesOf(withWatermarks({ strategy: 'boundedOutOfOrdernes', maxOutOfOrderness: '3 s' }));
    expect(issues.map((i) => i.path)).toEqual(['operators[0].watermarks.strategy']);
    expect(issues[0]!.message).toContain('did you mean "boundedOutOfOrderness"');
  });
});
