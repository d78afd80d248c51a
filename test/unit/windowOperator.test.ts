/**
 * The WindowOperator driven directly (reference §4.4, §4.5), after Flink's
 * flink-streaming-java/src/test/java/.../operators/windowing/WindowOperatorTest.java and
 * EvictingWindowOperatorTest.java. A tiny harness stands in for the keyed timer service: a timer set
 * (deduplicated by domain, key, namespace and time); a watermark sets the time first, fires every
 * event-time timer <= it in ascending order, then is output. Outputs are compared like
 * TestHarnessUtil.assertOutputEqualsSorted: watermark positions exactly, records between two
 * watermarks as a sorted multiset. "snapshotRestore" markers of the Flink tests are no-ops here.
 * Elements are `[key, value]` tuples keyed by position 0; the function sums position 1.
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/sim/scenario/Scenario.ts';
import { canonicalJson } from '../../src/sim/functions/fields.ts';
import { expectOutput, rec, wm, type Out } from '../support/harnessOutput.ts';
import { LONG_MAX, LONG_MIN } from '../../src/sim/util/JavaLong.ts';
import {
  newWindowOperatorState, onTimer, processElement, type WindowContext, type WindowTraceBody,
} from '../../src/sim/windowing/WindowOperator.ts';
import { resolveWindowSpec, type ResolvedWindowSpec } from '../../src/sim/windowing/WindowSpec.ts';
import type { TimeDomain } from '../../src/sim/trace.ts';

interface Timer { domain: TimeDomain; key: Json; namespace: string; time: number }

function harness(raw: Record<string, unknown>) {
  const spec: ResolvedWindowSpec = resolveWindowSpec({ id: 'w', type: 'window', field: 1, lateOutput: 'late', ...raw });
  const state = newWindowOperatorState();
  const timers: Timer[] = [];
  const out: Out[] = [];
  const side: Out[] = [];
  const trace: WindowTraceBody[] = [];
  let wm = LONG_MIN;
  let proc = 0;
  let record = 0;
  const same = (t: Timer, d: TimeDomain, k: Json, ns: string, time: number) =>
    t.domain === d && canonicalJson(t.key) === canonicalJson(k) && t.namespace === ns && t.time === time;
  const ctx = (key: Json): WindowContext => ({
    key,
    currentWatermark: wm,
    currentProcessingTime: proc,
    registerTimer: (d, ns, time) => {
      if (!timers.some((t) => same(t, d, key, ns, time))) timers.push({ domain: d, key, namespace: ns, time });
    },
    deleteTimer: (d, ns, time) => {
      const i = timers.findIndex((t) => same(t, d, key, ns, time));
      if (i >= 0) timers.splice(i, 1);
    },
    emit: (v, ts) => void out.push({ v, ts }),
    sideOutput: (_tag, v, ts) => void side.push({ v, ts: ts ?? LONG_MIN }),
    trace: (e) => void trace.push(e),
  });
  const fire = (domain: TimeDomain, upTo: number) => {
    for (;;) {
      const due = timers.filter((t) => t.domain === domain && t.time <= upTo).sort((a, b) => a.time - b.time)[0];
      if (!due) return;
      timers.splice(timers.indexOf(due), 1);
      onTimer(spec, state, ctx(due.key), domain, { timestamp: due.time, namespace: due.namespace });
    }
  };
  return {
    spec, state, out, side, trace, timers,
    el(key: string, value: number, ts: number | null) {
      processElement(spec, state, ctx(key), { value: [key, value], timestamp: ts, record: record++ });
    },
    watermark(to: number) {
      wm = to;
      fire('event', to);
      out.push({ wm: to });
    },
    processingTime(to: number) {
      proc = to;
      fire('processing', to);
    },
    /** Runs `in` lines written like the reference: ["k", v, ts], {"wm": n}, {"procTime": n}, "snapshotRestore". */
    run(input: unknown[]) {
      for (const x of input) {
        if (x === 'snapshotRestore') continue;
        if (Array.isArray(x)) this.el(x[0] as string, x[1] as number, x[2] === 'MAX' ? LONG_MAX : (x[2] as number));
        else if ('wm' in (x as object)) this.watermark((x as { wm: number | 'MAX' }).wm === 'MAX' ? LONG_MAX : (x as { wm: number }).wm);
        else this.processingTime((x as { procTime: number }).procTime);
      }
    },
  };
}

const win = (v: Json[], ts: number): Out => ({ v, ts });

const IN_8 = [['key2', 1, 3999], ['key2', 1, 3000], ['key1', 1, 20], ['key1', 1, 0], ['key1', 1, 999], ['key2', 1, 1998], ['key2', 1, 1999], ['key2', 1, 1000]];

describe('WindowOperatorTest', () => {
  it('testTumblingEventTimeWindows (W1)', () => {
    const h = harness({ window: { type: 'tumbling', size: 3000 } });
    h.run([...IN_8, { wm: 999 }, { wm: 1999 }, 'snapshotRestore', { wm: 2999 }, { wm: 3999 }, { wm: 4999 }, { wm: 5999 }, { wm: 6999 }, { wm: 7999 }]);
    expectOutput(h.out, [
      wm(999), wm(1999), rec('key1', 3, 2999), rec('key2', 3, 2999), wm(2999), wm(3999), wm(4999), rec('key2', 2, 5999), wm(5999), wm(6999), wm(7999),
    ]);
    expect(h.state.keys).toEqual({});
    expect(h.timers).toEqual([]);
  });

  it('testSlidingEventTimeWindows (W2)', () => {
    const h = harness({ window: { type: 'sliding', size: 3000, slide: 1000 } });
    h.run([...IN_8, { wm: 999 }, { wm: 1999 }, { wm: 2999 }, 'snapshotRestore', { wm: 3999 }, { wm: 4999 }, { wm: 5999 }, { wm: 6999 }, { wm: 7999 }]);
    expectOutput(h.out, [
      rec('key1', 3, 999), wm(999), rec('key1', 3, 1999), rec('key2', 3, 1999), wm(1999), rec('key1', 3, 2999), rec('key2', 3, 2999), wm(2999),
      rec('key2', 5, 3999), wm(3999), rec('key2', 2, 4999), wm(4999), rec('key2', 2, 5999), wm(5999), wm(6999), wm(7999),
    ]);
  });

  it('testSessionWindows (W3): process function emits [key, sum, start, end]', () => {
    const h = harness({ window: { type: 'session', gap: 3000 }, function: 'process' });
    h.run([
      ['key2', 1, 0], ['key2', 2, 1000], ['key2', 3, 2500], ['key1', 1, 10], ['key1', 2, 1000], 'snapshotRestore',
      ['key1', 3, 2500], ['key2', 4, 5501], ['key2', 5, 6000], ['key2', 5, 6000], ['key2', 6, 6050], { wm: 12000 },
      ['key2', 10, 15000], ['key2', 20, 15000], { wm: 17999 },
    ]);
    expectOutput(h.out, [
      win(['key1', 6, 10, 5500], 5499), win(['key2', 6, 0, 5500], 5499), win(['key2', 20, 5501, 9050], 9049), wm(12000),
      win(['key2', 30, 15000, 18000], 17999), wm(17999),
    ]);
    const merged = h.trace.filter((e) => e.type === 'window.merged');
    expect(merged[0]).toEqual({ type: 'window.merged', key: 'key2', into: { start: 0, end: 4000 }, from: [{ start: 0, end: 3000 }, { start: 1000, end: 4000 }] });
    expect(h.state.keys).toEqual({});
  });

  it('testContinuousWatermarkTrigger (W5): GlobalWindows + ContinuousEventTimeTrigger(3 s)', () => {
    const h = harness({ window: { type: 'global' }, trigger: { type: 'continuousEventTime', interval: 3000 } });
    h.run([
      ['key1', 1, 0], ['key2', 1, 3000], ['key2', 1, 3999], ['key1', 1, 20], ['key1', 1, 999], ['key2', 1, 1998], ['key2', 1, 1999], ['key2', 1, 1000],
      { wm: 1000 }, { wm: 2000 }, { wm: 3000 }, { wm: 4000 }, { wm: 5000 }, { wm: 6000 }, { wm: 7000 }, { wm: 8000 },
    ]);
    expectOutput(h.out, [
      wm(1000), wm(2000), rec('key1', 3, 'MAX'), wm(3000), wm(4000), wm(5000), rec('key1', 3, 'MAX'), rec('key2', 5, 'MAX'), wm(6000), wm(7000), wm(8000),
    ]);
  });

  it('testCountTrigger (W6): countWindow(4) = GlobalWindows + Purging(Count(4))', () => {
    // The Flink test: the 4th key2 element (1999) fires before the snapshot; outputs are compared together.
    const h = harness({ window: { type: 'count', size: 4 } });
    h.run([['key2', 1, 3000], ['key2', 1, 3999], ['key1', 1, 20], ['key1', 1, 0], ['key1', 1, 999], ['key2', 1, 1998], ['key2', 1, 1999]]);
    expectOutput(h.out, [rec('key2', 4, 'MAX')]);
    h.run(['snapshotRestore', ['key2', 1, 1000]]);
    expectOutput(h.out, [rec('key2', 4, 'MAX')]);
    h.run([['key1', 1, 10999], ['key2', 1, 1000], ['key2', 1, 1000], ['key2', 1, 1000]]);
    expectOutput(h.out, [rec('key2', 4, 'MAX'), rec('key1', 4, 'MAX'), rec('key2', 4, 'MAX')]);
    expect(h.trace.filter((e) => e.type === 'window.fired').every((e) => e.type === 'window.fired' && e.purged)).toBe(true);
  });

  it('testEndOfStreamTrigger (W7): GlobalWindows.createWithEndOfStreamTrigger()', () => {
    const h = harness({ window: { type: 'global' }, trigger: { type: 'endOfStream' } });
    h.run([['key2', 1, 3000], ['key2', 1, 3999], ['key1', 1, 20], ['key1', 1, 0], ['key1', 1, 999], ['key2', 1, 1998], ['key2', 1, 1999], ['key2', 1, 1000]]);
    expect(h.out).toEqual([]);
    h.watermark(LONG_MAX);
    expectOutput(h.out, [rec('key1', 3, 'MAX'), rec('key2', 5, 'MAX'), wm('MAX')]);
  });

  it('testProcessingTimeTumblingWindows (W8): element timestamps are ignored', () => {
    const h = harness({ window: { type: 'tumbling', size: 3000, time: 'processing' } });
    h.run([
      { procTime: 3 }, ['key2', 1, 'MAX'], ['key2', 1, 7000], ['key2', 1, 7000], ['key1', 1, 7000], ['key1', 1, 7000], { procTime: 5000 },
    ]);
    expectOutput(h.out, [rec('key2', 3, 2999), rec('key1', 2, 2999)]);
    h.run([['key1', 1, 7000], ['key1', 1, 7000], ['key1', 1, 7000], { procTime: 7000 }]);
    expectOutput(h.out, [rec('key2', 3, 2999), rec('key1', 2, 2999), rec('key1', 3, 5999)]);
    expect(h.state.keys).toEqual({});
  });

  it('testProcessingTimeSlidingWindows', () => {
    const h = harness({ window: { type: 'sliding', size: 3000, slide: 1000, time: 'processing' } });
    h.run([{ procTime: 3 }, ['key2', 1, 'MAX'], { procTime: 1000 }]);
    expectOutput(h.out, [rec('key2', 1, 999)]);
    h.run([['key2', 1, 'MAX'], ['key2', 1, 'MAX'], { procTime: 2000 }]);
    h.run([['key1', 1, 'MAX'], ['key1', 1, 'MAX'], { procTime: 3000 }]);
    h.run([['key1', 1, 'MAX'], ['key1', 1, 'MAX'], ['key1', 1, 'MAX'], { procTime: 7000 }]);
    expectOutput(h.out, [
      rec('key2', 1, 999), rec('key2', 3, 1999), rec('key2', 3, 2999), rec('key1', 2, 2999),
      rec('key2', 2, 3999), rec('key1', 5, 3999), rec('key1', 5, 4999), rec('key1', 3, 5999),
    ]);
  });

  it('testLateness (L1): lateness 500, PurgingTrigger(EventTime), late side output', () => {
    const h = harness({ window: { type: 'tumbling', size: 2000 }, trigger: { type: 'eventTime', purging: true }, allowedLateness: 500 });
    h.run([['key2', 1, 500], { wm: 1500 }, ['key2', 1, 1300], { wm: 2300 }, ['key2', 1, 1997], { wm: 6000 }, ['key2', 1, 1998], { wm: 7000 }]);
    expectOutput(h.out, [wm(1500), rec('key2', 2, 1999), wm(2300), rec('key2', 1, 1999), wm(6000), wm(7000)]);
    expect(h.side).toEqual([rec('key2', 1, 1998)]);
    const fired = h.trace.filter((e) => e.type === 'window.fired');
    expect(fired.map((e) => e.type === 'window.fired' && [e.late, e.purged, e.stateSize])).toEqual([[false, true, 1], [true, true, 1]]);
    expect(h.trace.filter((e) => e.type === 'record.late')).toEqual([{ type: 'record.late', record: 3, timestamp: 1998, sideOutput: 'late' }]);
  });

  it('testSideOutputDueToLatenessTumbling (L2)', () => {
    const h = harness({ window: { type: 'tumbling', size: 2000 } });
    h.run([['key2', 1, 1000], { wm: 1985 }, ['key2', 1, 1980], { wm: 1999 }, ['key2', 1, 1998], ['key2', 1, 2001], { wm: 2999 }, { wm: 3999 }]);
    expectOutput(h.out, [wm(1985), rec('key2', 2, 1999), wm(1999), wm(2999), rec('key2', 1, 3999), wm(3999)]);
    expect(h.side).toEqual([rec('key2', 1, 1998)]);
  });

  const L3_IN = [
    ['key2', 1, 1000], { wm: 1999 }, ['key2', 1, 2000], { wm: 4998 }, ['key2', 1, 4500], ['key2', 1, 8500], { wm: 7400 }, ['key2', 1, 7000], { wm: 11501 },
    ['key2', 1, 11600], { wm: 14600 }, ['key2', 1, 10000], ['key2', 1, 14500],
  ];

  it('testSideOutputDueToLatenessSessionZeroLateness (L3)', () => {
    const h = harness({ window: { type: 'session', gap: 3000 }, function: 'aggregate+process' });
    h.run([...L3_IN, { wm: 20000 }, { wm: 100000 }]);
    expectOutput(h.out, [
      wm(1999), wm(4998), wm(7400), win(['key2', 5, 1000, 11500], 11499), wm(11501),
      win(['key2', 1, 11600, 14600], 14599), wm(14600), win(['key2', 1, 14500, 17500], 17499), wm(20000), wm(100000),
    ]);
    expect(h.side).toEqual([rec('key2', 1, 10000)]);
    expect(h.state.keys).toEqual({});
  });

  it('testNotSideOutputDueToLatenessSessionWithLateness (L3, lateness 10)', () => {
    const h = harness({ window: { type: 'session', gap: 3000 }, function: 'aggregate+process', allowedLateness: 10 });
    h.run(L3_IN);
    expectOutput(h.out, [
      wm(1999), wm(4998), wm(7400), win(['key2', 5, 1000, 11500], 11499), wm(11501),
      win(['key2', 1, 11600, 14600], 14599), wm(14600), win(['key2', 2, 10000, 14600], 14599),
    ]);
    // the key2-2 firing is caused by the 10000 element (merged into [11600,14600), still alive until 14609)
    const fired = h.trace.filter((e) => e.type === 'window.fired');
    expect(fired.at(-1)).toMatchObject({ late: true, window: { start: 10000, end: 14600 } });
    h.watermark(20000);
    expect(h.out.at(-2)).toEqual(win(['key2', 3, 10000, 17500], 17499));
    expect(h.side).toEqual([]);
  });

  it('testCleanupTimerWithEmptyListStateForTumblingWindows (C1): lateness 1, GC at maxTs + 1', () => {
    const h = harness({ window: { type: 'tumbling', size: 2000 }, allowedLateness: 1, function: 'process' });
    h.run([['key2', 1, 1000], { wm: 1599 }, { wm: 1999 }]);
    expect(Object.keys(h.state.keys)).toEqual(['"key2"']);
    h.run([{ wm: 2000 }, { wm: 5000 }]);
    expectOutput(h.out, [wm(1599), win(['key2', 1, 0, 2000], 1999), wm(1999), wm(2000), wm(5000)]);
    expect(h.trace.filter((e) => e.type === 'window.cleared')).toEqual([{ type: 'window.cleared', key: 'key2', window: { start: 0, end: 2000 } }]);
    expect(h.state.keys).toEqual({});
  });
});

describe('EvictingWindowOperatorTest', () => {
  it('testCountTrigger (E1): countWindow(4, 2) = GlobalWindows + CountTrigger(2) + CountEvictor(4)', () => {
    const h = harness({ window: { type: 'count', size: 4, slide: 2 } });
    h.run([['key2', 1, 3000], ['key2', 1, 3999], ['key1', 1, 20], ['key1', 1, 0], ['key1', 1, 999], ['key2', 1, 1998], ['key2', 1, 1999], ['key2', 1, 1000]]);
    expectOutput(h.out, [rec('key2', 2, 'MAX'), rec('key2', 4, 'MAX'), rec('key1', 2, 'MAX')]);
    h.run([['key1', 1, 10999], ['key2', 1, 1000]]);
    expectOutput(h.out, [rec('key2', 2, 'MAX'), rec('key2', 4, 'MAX'), rec('key1', 2, 'MAX'), rec('key1', 4, 'MAX'), rec('key2', 4, 'MAX')]);
    expect(h.trace.filter((e) => e.type === 'window.evicted')).toEqual([{ type: 'window.evicted', key: 'key2', window: { global: true }, count: 2 }]);
    expect(h.state.keys['"key2"']!.panes.GlobalWindow!.elements!.length).toBe(4);
  });

  it('testTimeEvictorEvictBefore (E2): tumbling 4 s + CountTrigger(2) + TimeEvictor(2 s)', () => {
    const h = harness({ window: { type: 'tumbling', size: 4000 }, trigger: { type: 'count', count: 2 }, evictor: { type: 'time', size: 2000 } });
    h.run([
      ['key2', 1, 1000], ['key2', 1, 3999], ['key1', 1, 20], ['key1', 1, 0], ['key1', 1, 999], ['key1', 1, 5999], ['key2', 1, 3500], ['key2', 1, 2001], ['key2', 1, 1001],
    ]);
    expectOutput(h.out, [rec('key2', 1, 3999), rec('key1', 2, 3999), rec('key2', 3, 3999)]);
    h.run([['key1', 1, 6500], ['key2', 1, 1002]]);
    expectOutput(h.out, [rec('key2', 1, 3999), rec('key1', 2, 3999), rec('key2', 3, 3999), rec('key1', 2, 7999), rec('key2', 3, 3999)]);
  });
});

describe('WindowOperator details', () => {
  it('a late-but-allowed session element merges into a live session and fires at once', () => {
    const h = harness({ window: { type: 'session', gap: 3000 }, allowedLateness: 10_000 });
    h.run([['k', 1, 0], { wm: 5000 }]);
    // [0,3000) fired at 2999 and lives until 12999; [-2000,1000) merges to [-2000,3000): fine, fires late
    h.el('k', 1, -2000);
    expect(h.out.at(-1)).toEqual(rec('k', 2, 2999));
  });
  it('elements without timestamp in an event-time tumbling window fail with Flink’s RuntimeException', () => {
    const h = harness({ window: { type: 'tumbling', size: 3000 } });
    expect(() => h.el('k', 1, null)).toThrow(/Long.MIN_VALUE timestamp/);
  });
  it('aggregate kinds: count, average, collect', () => {
    for (const [aggregate, expected] of [['count', ['k', 3]], ['average', ['k', 2]], ['collect', ['k', [['k', 1], ['k', 2], ['k', 3]]]]] as const) {
      const h = harness({ window: { type: 'tumbling', size: 10 }, aggregate });
      h.run([['k', 1, 1], ['k', 2, 2], ['k', 3, 3], { wm: 9 }]);
      expect(h.out[0]).toEqual({ v: expected, ts: 9 });
    }
  });
  it('state is plain JSON', () => {
    const h = harness({ window: { type: 'session', gap: 3000 }, evictor: { type: 'count', max: 2 } });
    h.run([['k', 1, 0], ['k', 1, 1000]]);
    expect(JSON.parse(JSON.stringify(h.state))).toEqual(h.state);
    expect(h.state.keys['"k"']!.merging).toEqual({ '[0,4000)': '[0,3000)' });
  });
});
