/**
 * Window assigners, merging, MergingWindowSet, triggers, evictors and the window spec resolver
 * (reference §2, §3), after Flink's flink-streaming-java/src/test/java/.../operators/windowing/
 * TumblingEventTimeWindowsTest, SlidingEventTimeWindowsTest, EventTimeSessionWindowsTest,
 * MergingWindowSetTest and EventTimeTriggerTest.
 */
import { describe, expect, it } from 'vitest';
import { LONG_MAX, LONG_MIN } from '../../src/sim/util/JavaLong.ts';
import { GLOBAL_WINDOW, windowId, type TimeWindow, type Window } from '../../src/sim/windowing/Window.ts';
import { FlinkRuntimeException, getWindowStartWithOffset, mergeWindows } from '../../src/sim/windowing/TimeWindow.ts';
import {
  assignerProblem, assignWindows, defaultTrigger, isEventTime, isMerging, type AssignerSpec,
} from '../../src/sim/windowing/WindowAssigner.ts';
import { addWindow, getStateWindow, retireWindow, type MergingWindowMapping } from '../../src/sim/windowing/MergingWindowSet.ts';
import * as Trigger from '../../src/sim/windowing/Triggers.ts';
import { evictAfter, evictBefore, type BufferedElement } from '../../src/sim/windowing/Evictors.ts';
import { checkWindowSpec, parseWindowSpec, resolveWindowSpec } from '../../src/sim/windowing/WindowSpec.ts';
import { ScenarioError } from '../../src/sim/scenario/ScenarioError.ts';

const w = (start: number, end: number): TimeWindow => ({ start, end });
const pairs = (ws: Window[]) => ws.map((x) => ('global' in x ? 'global' : [x.start, x.end]));

const tumbling = (size: number, offset = 0): AssignerSpec => ({ type: 'tumbling', size, offset, time: 'event' });
const sliding = (size: number, slide: number, offset = 0): AssignerSpec => ({ type: 'sliding', size, slide, offset, time: 'event' });
const session = (gap: number): AssignerSpec => ({ type: 'session', gap, time: 'event' });

describe('TimeWindow', () => {
  it('getWindowStartWithOffset uses Java remainder semantics', () => {
    expect(getWindowStartWithOffset(-1, 0, 5000)).toBe(-5000);
    expect(getWindowStartWithOffset(4999, 0, 5000)).toBe(0);
    expect(getWindowStartWithOffset(0, -100, 5000)).toBe(-100);
  });
});

describe('TumblingEventTimeWindowsTest', () => {
  const at = (spec: AssignerSpec, ts: number) => pairs(assignWindows(spec, ts, 0));
  it('testWindowAssignment', () => {
    expect(at(tumbling(5000), 0)).toEqual([[0, 5000]]);
    expect(at(tumbling(5000), 4999)).toEqual([[0, 5000]]);
    expect(at(tumbling(5000), 5000)).toEqual([[5000, 10000]]);
    expect(at(tumbling(5000), -1)).toEqual([[-5000, 0]]); // [INFERRED] from the formula
  });
  it('testWindowAssignmentWithOffset', () => {
    expect(at(tumbling(5000, 100), 5099)).toEqual([[100, 5100]]);
    expect(at(tumbling(5000, 100), 5100)).toEqual([[5100, 10100]]);
    expect(at(tumbling(5000, 1000), 1000)).toEqual([[1000, 6000]]);
    expect(at(tumbling(5000, 1000), 5999)).toEqual([[1000, 6000]]);
  });
  it('testWindowAssignmentWithNegativeOffset', () => {
    expect(at(tumbling(5000, -100), 0)).toEqual([[-100, 4900]]);
    expect(at(tumbling(5000, -100), 4900)).toEqual([[4900, 9900]]);
  });
  it('testWindowAssignmentWithStagger (NATURAL stagger at processing time 150 = offset 150; staggers are not modelled)', () => {
    expect(at(tumbling(5000, 150), 150)).toEqual([[150, 5150]]);
    expect(at(tumbling(5000, 150), 5099)).toEqual([[150, 5150]]);
  });
  it('testInvalidParameters', () => {
    expect(assignerProblem(tumbling(-1000))).toBe('TumblingEventTimeWindows parameters must satisfy abs(offset) < size');
    expect(assignerProblem(tumbling(10000, 20000))).toContain('abs(offset) < size');
    expect(assignerProblem({ type: 'tumbling', size: 10, offset: 10, time: 'processing' })).toBe('TumblingProcessingTimeWindows parameters must satisfy abs(offset) < size');
    expect(assignerProblem(tumbling(5000, -4999))).toBeNull();
  });
  it('testProperties', () => {
    expect(isEventTime(tumbling(5000))).toBe(true);
    expect(isMerging(tumbling(5000))).toBe(false);
    expect(defaultTrigger(tumbling(5000))).toEqual({ type: 'eventTime' });
  });
  it('throws for a record without timestamp (Long.MIN_VALUE)', () => {
    expect(() => assignWindows(tumbling(5000), LONG_MIN, 0)).toThrow(FlinkRuntimeException);
    expect(() => assignWindows(tumbling(5000), LONG_MIN, 0)).toThrow(/did you forget to call 'DataStream.assignTimestampsAndWatermarks/);
    expect(pairs(assignWindows({ type: 'tumbling', size: 3000, offset: 0, time: 'processing' }, LONG_MIN, 3))).toEqual([[0, 3000]]);
  });
});

describe('SlidingEventTimeWindowsTest', () => {
  const at = (spec: AssignerSpec, ts: number) => pairs(assignWindows(spec, ts, 0));
  const set = (spec: AssignerSpec, ts: number) => [...at(spec, ts)].sort((a, b) => (a as number[])[0]! - (b as number[])[0]!);
  it('testWindowAssignment', () => {
    expect(set(sliding(5000, 1000), 0)).toEqual([[-4000, 1000], [-3000, 2000], [-2000, 3000], [-1000, 4000], [0, 5000]]);
    expect(set(sliding(5000, 1000), 4999)).toEqual([[0, 5000], [1000, 6000], [2000, 7000], [3000, 8000], [4000, 9000]]);
    expect(set(sliding(5000, 1000), 5000)).toEqual([[1000, 6000], [2000, 7000], [3000, 8000], [4000, 9000], [5000, 10000]]);
  });
  it('testWindowAssignmentWithOffset', () => {
    expect(set(sliding(5000, 1000, 100), 5099)).toEqual([[100, 5100], [1100, 6100], [2100, 7100], [3100, 8100], [4100, 9100]]);
    expect(set(sliding(5000, 1000, 100), 5100)).toEqual([[1100, 6100], [2100, 7100], [3100, 8100], [4100, 9100], [5100, 10100]]);
    expect(set(sliding(5000, 1000, 500), 5499)).toEqual([[500, 5500], [1500, 6500], [2500, 7500], [3500, 8500], [4500, 9500]]);
  });
  it('testWindowAssignmentWithNegativeOffset', () => {
    expect(set(sliding(5000, 1000, -100), 0)).toEqual([[-4100, 900], [-3100, 1900], [-2100, 2900], [-1100, 3900], [-100, 4900]]);
    expect(set(sliding(5000, 1000, -100), 4900)).toEqual([[900, 5900], [1900, 6900], [2900, 7900], [3900, 8900], [4900, 9900]]);
  });
  it('emits windows in descending start order, as Flink builds them', () => {
    expect(at(sliding(5000, 1000), 0)).toEqual([[0, 5000], [-1000, 4000], [-2000, 3000], [-3000, 2000], [-4000, 1000]]);
  });
  it('slide > size gives hopping windows with gaps (Flink accepts it)', () => {
    expect(assignerProblem(sliding(1000, 5000))).toBeNull();
    expect(at(sliding(1000, 5000), 500)).toEqual([[0, 1000]]);
    expect(at(sliding(1000, 5000), 1500)).toEqual([]);
  });
  it('testInvalidParameters', () => {
    const msg = 'SlidingEventTimeWindows parameters must satisfy abs(offset) < slide and size > 0';
    expect(assignerProblem(sliding(-2000, 1000))).toBe(msg);
    expect(assignerProblem(sliding(2000, -1000))).toBe(msg);
    expect(assignerProblem(sliding(2000, 1000, 1000))).toBe(msg);
    expect(assignerProblem({ type: 'sliding', size: 0, slide: 1, offset: 0, time: 'processing' })).toBe(
      'SlidingProcessingTimeWindows parameters must satisfy abs(offset) < slide and size > 0',
    );
  });
  it('testProperties', () => {
    expect(isEventTime(sliding(5000, 1000))).toBe(true);
    expect(defaultTrigger({ type: 'sliding', size: 5, slide: 1, offset: 0, time: 'processing' })).toEqual({ type: 'processingTime' });
  });
});

describe('EventTimeSessionWindowsTest', () => {
  const merges = (ws: TimeWindow[]) => {
    const out: { sources: number[][]; result: number[] }[] = [];
    mergeWindows(ws, (merged, result) => out.push({ sources: merged.map((m) => [m.start, m.end]), result: [result.start, result.end] }));
    return out;
  };
  it('testWindowAssignment', () => {
    expect(pairs(assignWindows(session(5000), 0, 0))).toEqual([[0, 5000]]);
    expect(pairs(assignWindows(session(5000), 4999, 0))).toEqual([[4999, 9999]]);
    expect(pairs(assignWindows(session(5000), 5000, 0))).toEqual([[5000, 10000]]);
  });
  it('testMergeSinglePointWindow', () => {
    expect(merges([w(0, 0)])).toEqual([]);
  });
  it('testMergeConsecutiveWindows', () => {
    expect(merges([w(0, 1), w(1, 2), w(2, 3), w(4, 5), w(5, 6)])).toEqual([
      { sources: [[0, 1], [1, 2], [2, 3]], result: [0, 3] },
      { sources: [[4, 5], [5, 6]], result: [4, 6] },
    ]);
  });
  it('testMergeCoveringWindow', () => {
    expect(merges([w(1, 1), w(0, 2), w(4, 7), w(5, 6)])).toEqual([
      { sources: [[0, 2], [1, 1]], result: [0, 2] },
      { sources: [[4, 7], [5, 6]], result: [4, 7] },
    ]);
  });
  it('identical windows count once (a HashSet)', () => {
    expect(merges([w(1, 2), w(1, 2)])).toEqual([]);
  });
  it('testInvalidParameters', () => {
    expect(assignerProblem(session(-1000))).toBe('EventTimeSessionWindows parameters must satisfy 0 < size');
    expect(assignerProblem(session(0))).toContain('0 < size');
    expect(assignerProblem({ type: 'session', gap: 0, time: 'processing' })).toBe('ProcessingTimeSessionWindows parameters must satisfy 0 < size');
  });
  it('testProperties', () => {
    expect(isEventTime(session(5000))).toBe(true);
    expect(isMerging(session(5000))).toBe(true);
    expect(defaultTrigger(session(5000))).toEqual({ type: 'eventTime' });
  });
});

describe('GlobalWindows', () => {
  it('assigns the GlobalWindow, is not event time, defaults to NeverTrigger', () => {
    expect(assignWindows({ type: 'global' }, LONG_MIN, 0)).toEqual([GLOBAL_WINDOW]);
    expect(isEventTime({ type: 'global' })).toBe(false);
    expect(defaultTrigger({ type: 'global' })).toEqual({ type: 'never' });
  });
});

/** MergingWindowSet with a recording merge function. */
function windowSet() {
  const mapping: MergingWindowMapping = {};
  let last: { target: TimeWindow; sources: TimeWindow[]; stateWindow: TimeWindow; mergedStateWindows: TimeWindow[] } | null = null;
  return {
    mapping,
    add(x: TimeWindow) {
      last = null;
      const result = addWindow(mapping, x, (target, sources, stateWindow, mergedStateWindows) => {
        last = { target, sources, stateWindow, mergedStateWindows };
      });
      return { result, merged: last as typeof last };
    },
  };
}

describe('MergingWindowSetTest', () => {
  it('testIncrementalMerging', () => {
    const s = windowSet();
    let r = s.add(w(0, 4));
    expect(r.result).toEqual(w(0, 4));
    expect(r.merged).toBeNull();
    expect(getStateWindow(s.mapping, w(0, 4))).toEqual(w(0, 4));
    r = s.add(w(0, 4));
    expect(r.result).toEqual(w(0, 4));
    expect(r.merged).toBeNull();
    r = s.add(w(3, 5));
    expect(r.result).toEqual(w(0, 5));
    expect(r.merged).toEqual({ target: w(0, 5), sources: [w(0, 4)], stateWindow: w(0, 4), mergedStateWindows: [] });
    expect(getStateWindow(s.mapping, w(0, 5))).toEqual(w(0, 4));
    r = s.add(w(4, 6));
    expect(r.result).toEqual(w(0, 6));
    expect(r.merged).toEqual({ target: w(0, 6), sources: [w(0, 5)], stateWindow: w(0, 4), mergedStateWindows: [] });
    for (const x of [w(1, 4), w(0, 4), w(3, 5), w(4, 6)]) {
      r = s.add(x);
      expect(r.result).toEqual(w(0, 6));
      expect(r.merged).toBeNull();
    }
    expect(getStateWindow(s.mapping, w(0, 6))).toEqual(w(0, 4));
    r = s.add(w(11, 14));
    expect(r.result).toEqual(w(11, 14));
    expect(r.merged).toBeNull();
    expect(getStateWindow(s.mapping, w(11, 14))).toEqual(w(11, 14));
    r = s.add(w(10, 13));
    expect(r.result).toEqual(w(10, 14));
    expect(r.merged).toMatchObject({ stateWindow: w(11, 14), sources: [w(11, 14)] });
    r = s.add(w(12, 15));
    expect(r.result).toEqual(w(10, 15));
    expect(r.merged).toMatchObject({ stateWindow: w(11, 14), sources: [w(10, 14)] });
    r = s.add(w(11, 14));
    expect(r.result).toEqual(w(10, 15));
    expect(r.merged).toBeNull();
    expect(getStateWindow(s.mapping, w(0, 6))).toEqual(w(0, 4));
    expect(getStateWindow(s.mapping, w(10, 15))).toEqual(w(11, 14));
    retireWindow(s.mapping, w(0, 6));
    expect(getStateWindow(s.mapping, w(0, 6))).toBeNull();
    expect(getStateWindow(s.mapping, w(10, 15))).toEqual(w(11, 14));
    expect(() => retireWindow(s.mapping, w(0, 6))).toThrow('Window TimeWindow{start=0, end=6} is not in in-flight window set.');
  });

  it('testLateMerging', () => {
    const s = windowSet();
    for (const x of [w(0, 3), w(5, 8), w(10, 13)]) expect(s.add(x).merged).toBeNull();
    let r = s.add(w(8, 10));
    expect(r.result).toEqual(w(5, 13));
    // "pick any": deterministically the first merged window by start, [5,8]; [10,13] is merged into it
    expect(r.merged).toEqual({ target: w(5, 13), sources: [w(5, 8), w(10, 13)], stateWindow: w(5, 8), mergedStateWindows: [w(10, 13)] });
    expect(getStateWindow(s.mapping, w(5, 13))).toEqual(w(5, 8));
    r = s.add(w(3, 5));
    expect(r.result).toEqual(w(0, 13));
    expect(r.merged).toEqual({ target: w(0, 13), sources: [w(0, 3), w(5, 13)], stateWindow: w(0, 3), mergedStateWindows: [w(5, 8)] });
    expect(Object.keys(s.mapping)).toEqual(['[0,13)']);
  });

  it('testAddingIdenticalWindows', () => {
    const s = windowSet();
    let r = s.add(w(1, 2));
    expect(r.result).toEqual(w(1, 2));
    expect(r.merged).toBeNull();
    r = s.add(w(1, 2));
    expect(r.result).toEqual(w(1, 2));
    expect(r.merged).toBeNull();
    expect(getStateWindow(s.mapping, w(1, 2))).toEqual(w(1, 2));
  });
});

/** A trigger driven in isolation with a timer set (TriggerTestHarness). */
function triggerHarness(spec: Trigger.TriggerSpec) {
  let wm = LONG_MIN;
  const timers = new Map<string, { ns: string; time: number }>();
  const states: Record<string, Trigger.TriggerState> = {};
  const ctx = (x: Window): Trigger.TriggerContext => {
    const ns = windowId(x);
    return {
      currentWatermark: wm,
      currentProcessingTime: 0,
      registerEventTimeTimer: (t) => void timers.set(`${ns}@${t}`, { ns, time: t }),
      deleteEventTimeTimer: (t) => void timers.delete(`${ns}@${t}`),
      registerProcessingTimeTimer: () => {},
      deleteProcessingTimeTimer: () => {},
      state: (states[ns] ??= {}),
    };
  };
  const name = (r: Trigger.TriggerResult) => (r.fire ? (r.purge ? 'FIRE_AND_PURGE' : 'FIRE') : r.purge ? 'PURGE' : 'CONTINUE');
  return {
    el: (ts: number, x: Window) => name(Trigger.onElement(spec, ctx(x), x, ts)),
    timers: (x?: Window) => [...timers.values()].filter((t) => !x || t.ns === windowId(x)).length,
    /** Advances the watermark; returns the results of the timers that fired, by window. */
    advanceWatermark(to: number) {
      wm = to;
      const due = [...timers.entries()].filter(([, t]) => t.time <= to).sort((a, b) => a[1].time - b[1].time);
      return due.map(([k, t]) => {
        timers.delete(k);
        return [t.ns, name(Trigger.onEventTime(spec, ctx(parseId(t.ns)), parseId(t.ns), t.time))];
      });
    },
    clear: (x: Window) => Trigger.clear(spec, ctx(x), x),
  };
}
const parseId = (id: string): Window => {
  const m = /^\[(-?\d+),(-?\d+)\)$/.exec(id)!;
  return w(Number(m[1]), Number(m[2]));
};

describe('EventTimeTriggerTest', () => {
  it('testWindowSeparationAndFiring', () => {
    const h = triggerHarness({ type: 'eventTime' });
    for (let i = 0; i < 3; i++) expect(h.el(1, w(0, 2))).toBe('CONTINUE');
    for (let i = 0; i < 2; i++) expect(h.el(3, w(2, 4))).toBe('CONTINUE');
    expect(h.timers()).toBe(2);
    expect(h.timers(w(0, 2))).toBe(1);
    expect(h.timers(w(2, 4))).toBe(1);
    expect(h.advanceWatermark(2)).toEqual([['[0,2)', 'FIRE']]);
    expect(h.timers()).toBe(1);
    expect(h.advanceWatermark(4)).toEqual([['[2,4)', 'FIRE']]);
    expect(h.timers()).toBe(0);
  });
  it('testLateElementTriggersImmediately', () => {
    const h = triggerHarness({ type: 'eventTime' });
    h.advanceWatermark(2);
    expect(h.el(1, w(0, 2))).toBe('FIRE');
    expect(h.timers()).toBe(0);
  });
  it('testClear', () => {
    const h = triggerHarness({ type: 'eventTime' });
    h.el(1, w(0, 2));
    h.el(3, w(2, 4));
    h.clear(w(2, 4));
    expect(h.timers()).toBe(1);
    h.clear(w(0, 2));
    expect(h.timers()).toBe(0);
  });
});

describe('CountTrigger / PurgingTrigger / ContinuousEventTimeTrigger', () => {
  it('CountTrigger fires at the count and clears it; PurgingTrigger makes it FIRE_AND_PURGE', () => {
    const h = triggerHarness({ type: 'count', count: 3 });
    expect([h.el(0, w(0, 2)), h.el(0, w(0, 2)), h.el(0, w(0, 2)), h.el(0, w(0, 2))]).toEqual(['CONTINUE', 'CONTINUE', 'FIRE', 'CONTINUE']);
    const p = triggerHarness({ type: 'purging', nested: { type: 'count', count: 2 } });
    expect([p.el(0, GLOBAL_WINDOW), p.el(0, GLOBAL_WINDOW)]).toEqual(['CONTINUE', 'FIRE_AND_PURGE']);
  });
  it('CountTrigger.onMerge adds the counts; ContinuousEventTimeTrigger.onMerge keeps the min fire time', () => {
    const ctx = (state: Trigger.TriggerState, reg: number[] = []): Trigger.TriggerContext => ({
      currentWatermark: LONG_MIN, currentProcessingTime: 0, state,
      registerEventTimeTimer: (t) => void reg.push(t), deleteEventTimeTimer: () => {}, registerProcessingTimeTimer: () => {}, deleteProcessingTimeTimer: () => {},
    });
    const target: Trigger.TriggerState = {};
    const sources = [{ count: 2 }, { count: 1 }];
    Trigger.onMerge({ type: 'count', count: 10 }, ctx(target), w(0, 10), sources);
    expect(target).toEqual({ count: 3 });
    expect(sources).toEqual([{}, {}]);
    const reg: number[] = [];
    const t2: Trigger.TriggerState = {};
    Trigger.onMerge({ type: 'continuousEventTime', interval: 5 }, ctx(t2, reg), w(0, 10), [{ fireTime: 9 }, { fireTime: 4 }]);
    expect(t2).toEqual({ fireTime: 4 });
    expect(reg).toEqual([4]);
  });
  it('ContinuousEventTimeTrigger fires every interval, capped at the window end', () => {
    const h = triggerHarness({ type: 'continuousEventTime', interval: 3 });
    expect(h.el(1, w(0, 5))).toBe('CONTINUE'); // timers at 4 (maxTs) and 3
    expect(h.advanceWatermark(3)).toEqual([['[0,5)', 'FIRE']]); // next = min(6, 4) = 4, same as maxTs
    expect(h.advanceWatermark(4)).toEqual([['[0,5)', 'FIRE']]);
    expect(h.timers()).toBe(0);
  });
});

describe('Evictors', () => {
  const els = (...ts: (number | null)[]): BufferedElement[] => ts.map((t, i) => ({ value: i, timestamp: t, record: i }));
  it('CountEvictor removes the first size - max elements, before or after', () => {
    const a = els(1, 2, 3, 4, 5);
    expect(evictBefore({ type: 'count', max: 3, after: false }, a)).toBe(2);
    expect(a.map((e) => e.timestamp)).toEqual([3, 4, 5]);
    const b = els(1, 2, 3);
    expect(evictBefore({ type: 'count', max: 1, after: true }, b)).toBe(0);
    expect(evictAfter({ type: 'count', max: 1, after: true }, b)).toBe(2);
    expect(b.map((e) => e.timestamp)).toEqual([3]);
  });
  it('TimeEvictor removes ts <= max - size; nothing when the first element has no timestamp', () => {
    const a = els(1000, 3999, 2001, 1999);
    expect(evictBefore({ type: 'time', size: 2000, after: false }, a)).toBe(2);
    expect(a.map((e) => e.timestamp)).toEqual([3999, 2001]);
    const b = els(null, 5);
    expect(evictBefore({ type: 'time', size: 1, after: false }, b)).toBe(0);
  });
});

describe('WindowSpec resolver', () => {
  const op = (extra: Record<string, unknown>) => ({ id: 'win', type: 'window', ...extra });
  const issues = (extra: Record<string, unknown>) => checkWindowSpec(op(extra));
  const spec = (extra: Record<string, unknown>) => resolveWindowSpec(op(extra));

  it('resolves durations, defaults and the assigner default trigger', () => {
    const s = spec({ window: { type: 'tumbling', size: '5 s' }, field: 1 });
    expect(s.assigner).toEqual({ type: 'tumbling', size: 5000, offset: 0, time: 'event' });
    expect(s.trigger).toEqual({ type: 'eventTime' });
    expect(s).toMatchObject({ evictor: null, allowedLateness: 0, lateOutput: null, aggregate: 'sum', field: 1, function: 'aggregate' });
    expect(spec({ window: { type: 'tumbling', size: 3000, offset: '-1 s', time: 'processing' }, aggregate: 'count' }).assigner)
      .toEqual({ type: 'tumbling', size: 3000, offset: -1000, time: 'processing' });
    expect(spec({ window: { type: 'session', gap: '3 s', time: 'processing' }, aggregate: 'count' }).trigger).toEqual({ type: 'processingTime' });
  });
  it('expands count windows as KeyedStream.countWindow', () => {
    expect(spec({ window: { type: 'count', size: 4 }, field: 1 })).toMatchObject({
      assigner: { type: 'global' }, trigger: { type: 'purging', nested: { type: 'count', count: 4 } }, evictor: null,
    });
    expect(spec({ window: { type: 'count', size: 4, slide: 2 }, field: 1 })).toMatchObject({
      assigner: { type: 'global' }, trigger: { type: 'count', count: 2 }, evictor: { type: 'count', max: 4, after: false },
    });
    expect(issues({ window: { type: 'count', size: 0 } })[0]).toMatchObject({ path: 'window.size', message: expect.stringContaining('≥ 1') });
    expect(issues({ window: { type: 'count', size: 3, slide: -1 } })[0]!.path).toBe('window.slide');
  });
  it("reports Flink's assigner checks on the offending field", () => {
    expect(issues({ window: { type: 'tumbling', size: -1000 }, field: 1 })).toEqual([
      { path: 'window.size', message: expect.stringContaining('TumblingEventTimeWindows parameters must satisfy abs(offset) < size') },
    ]);
    expect(issues({ window: { type: 'tumbling', size: '10 s', offset: '20 s' }, field: 1 })[0]).toMatchObject({
      path: 'window.offset', message: expect.stringContaining('abs(offset) < size'),
    });
    expect(issues({ window: { type: 'tumbling', size: 0, time: 'processing' }, field: 1 })[0]!.message).toContain('TumblingProcessingTimeWindows');
    expect(issues({ window: { type: 'sliding', size: 5000, slide: 1000, offset: 1000 }, field: 1 })[0]).toMatchObject({
      path: 'window.offset', message: expect.stringContaining('SlidingEventTimeWindows parameters must satisfy abs(offset) < slide and size > 0'),
    });
    expect(issues({ window: { type: 'session', gap: -1000 }, field: 1 })[0]).toMatchObject({
      path: 'window.gap', message: expect.stringContaining('EventTimeSessionWindows parameters must satisfy 0 < size'),
    });
    expect(issues({ window: { type: 'sliding', size: 1000, slide: 5000 }, field: 1 })).toEqual([]);
  });
  it('checks trigger parameters and window types', () => {
    expect(issues({ window: { type: 'global' }, trigger: { type: 'count', count: 0 }, field: 1 })[0]!.path).toBe('trigger.count');
    expect(issues({ window: { type: 'global' }, trigger: { type: 'continuousEventTime', interval: 0 }, field: 1 })[0]).toMatchObject({
      path: 'trigger.interval', message: expect.stringContaining('ArithmeticException'),
    });
    expect(issues({ window: { type: 'global' }, trigger: { type: 'eventTime' }, field: 1 })[0]).toMatchObject({
      path: 'trigger.type', message: expect.stringContaining('Trigger<Object, TimeWindow>'),
    });
    expect(issues({ window: { type: 'tumbling', size: 5 }, trigger: { type: 'endOfStream' }, field: 1 })[0]!.path).toBe('trigger.type');
    // Flink allows event-time triggers on processing-time windows
    expect(issues({ window: { type: 'tumbling', size: 5, time: 'processing' }, trigger: { type: 'continuousEventTime', interval: 2 }, field: 1 })).toEqual([]);
    expect(issues({ window: { type: 'tumbling', size: 5, time: 'processing' }, trigger: { type: 'eventTime' }, field: 1 })).toEqual([]);
    expect(spec({ window: { type: 'global' }, trigger: { type: 'count', count: 3, purging: true }, field: 1 }).trigger).toEqual({
      type: 'purging', nested: { type: 'count', count: 3 },
    });
  });
  it('unknown names list the valid ones with a did-you-mean', () => {
    expect(issues({ window: { type: 'tumbling', size: 5 }, trigger: { type: 'evenTime' }, field: 1 })[0]).toEqual({
      path: 'trigger.type', message: 'unknown trigger "evenTime"; did you mean "eventTime"? valid: eventTime, processingTime, count, continuousEventTime, never, endOfStream',
    });
    expect(issues({ window: { type: 'tumbing', size: 5 } })[0]!.message).toContain('did you mean "tumbling"?');
    expect(issues({ window: { type: 'global' }, evictor: { type: 'counts', max: 2 } })[0]!.message).toContain('did you mean "count"?');
    expect(issues({ window: { type: 'global' }, aggregate: 'summ' })[0]).toMatchObject({ path: 'aggregate', message: expect.stringContaining('did you mean "sum"?') });
    expect(issues({ window: { type: 'tumbling', size: 5, sise: 3 }, field: 1 })[0]).toMatchObject({ path: 'window.sise', message: expect.stringContaining('did you mean "size"?') });
  });
  it('allowed lateness: never negative, ignored (with a note) outside event time', () => {
    expect(issues({ window: { type: 'tumbling', size: 5 }, allowedLateness: -5, field: 1 })[0]).toMatchObject({
      path: 'allowedLateness', message: expect.stringContaining('The allowed lateness cannot be negative.'),
    });
    expect(issues({ window: { type: 'tumbling', size: 5 }, allowedLateness: '-1 s', field: 1 })[0]!.message).toContain('cannot be negative');
    expect(spec({ window: { type: 'tumbling', size: 5 }, allowedLateness: '2 s', field: 1 }).allowedLateness).toBe(2000);
    const p = spec({ window: { type: 'tumbling', size: 5, time: 'processing' }, allowedLateness: 10, field: 1 });
    expect(p.notes.join(' ')).toContain('allowedLateness is ignored');
  });
  it('sum/min/max/average need a field; function names are checked', () => {
    expect(issues({ window: { type: 'global' } })[0]!.path).toBe('field');
    expect(issues({ window: { type: 'global' }, aggregate: 'count' })).toEqual([]);
    expect(issues({ window: { type: 'global' }, aggregate: 'count', function: 'proces' })[0]!.message).toContain('did you mean "process"?');
  });
  it('resolveWindowSpec throws a ScenarioError; parseWindowSpec collects every issue', () => {
    expect(() => spec({ window: { type: 'session', gap: 0 } })).toThrow(ScenarioError);
    const { spec: s, issues: all } = parseWindowSpec(op({ window: { type: 'session', gap: 0 }, aggregate: 'x', allowedLateness: -1 }));
    expect(s).toBeNull();
    expect(all.map((i) => i.path)).toEqual(['window.gap', 'allowedLateness', 'aggregate']);
  });
  it('keeps LONG_MAX handling out of the spec (global windows never clean up)', () => {
    expect(isEventTime(spec({ window: { type: 'global' }, field: 1 }).assigner)).toBe(false);
    expect(LONG_MAX).toBe(2 ** 63);
  });
});
