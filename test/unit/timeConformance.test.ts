/**
 * Event time through the scenario interface: Flink's operator-harness golden cases (reference
 * /work/shared/reference/flink-time-checkpoint.md §1–§4) driven as whole jobs. One source
 * (parallelism 1, `costMs: 0`) reads the case's elements and explicit watermarks at increasing `at`
 * times and feeds `{"type": "window", "keyBy": 0}` chained with a print sink; the sink's
 * `output.emitted` (paired with the `window.fired` that produced it, which carries the output
 * timestamp = window maxTimestamp) and its `watermark.advanced` events are the operator's output.
 * They are compared as TestHarnessUtil.assertOutputEqualsSorted does: watermark positions exactly,
 * records between two watermarks as a sorted multiset. "snapshotRestore" markers are skipped.
 *
 * Flink's harness tests never end their input; a finished source emits Long.MAX_VALUE (2^63 here),
 * which fires what is left. Each case compares up to its last watermark and then states the
 * end-of-input tail explicitly, or (W5) stops the run with `until` before the input ends.
 *
 * Also through scenarios: StatusWatermarkValveTest (3 source subtasks → one task's valve),
 * BoundedOutOfOrdernessWatermarksTest, WatermarksWithIdlenessTest and the docs'
 * CountWithTimeoutFunction (timer deduplication).
 */
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { canonicalJson } from '../../src/sim/functions/fields.ts';
import { expectOutput, rec, wm, type Out } from '../support/harnessOutput.ts';
import { LONG_MAX } from '../../src/sim/util/JavaLong.ts';
import type { Json } from '../../src/sim/scenario/Scenario.ts';
import type { TraceOf, TraceEventType, WatermarkStatus } from '../../src/sim/trace.ts';
import type { TimeWindow } from '../../src/sim/windowing/Window.ts';

type Input = [string, number, number | null] | { wm: number | 'MAX' } | 'snapshotRestore';

const record = (scenario: object) => Timeline.record(validateScenario({ version: 1, ...scenario }));
const events = <T extends TraceEventType>(tl: Timeline, type: T): TraceOf<T>[] =>
  tl.trace.filter((e): e is TraceOf<T> => e.type === type);

/** First `at` of a case's elements (the tasks are running by then) and the spacing between them. */
const START = 1000;
const STEP = 10;

interface CaseOptions {
  /** Stop the run (`until`) after the last element, before the source ends and emits Long.MAX_VALUE. */
  stopBeforeEnd?: boolean;
  /** The sink is not chained (`chaining: "never"`): outputs travel on a channel, with their timestamps. */
  unchained?: boolean;
  /** Window function kind (default: incremental sum of position 1). */
  function?: 'aggregate' | 'process' | 'aggregate+process';
}

/** A job that feeds the case's input to a window operator configured by `win`, with main and late sinks. */
function caseScenario(input: Input[], win: Record<string, unknown>, opts: CaseOptions = {}) {
  const evs: Record<string, unknown>[] = [];
  let at = START;
  for (const x of input) {
    if (x === 'snapshotRestore') continue; // checkpoints come later
    if (Array.isArray(x)) evs.push({ at, value: [x[0], x[1]], ...(x[2] === null ? {} : { timestamp: x[2] }) });
    else evs.push({ at, watermark: x.wm });
    at += STEP;
  }
  const extra: Record<string, unknown> = {};
  if (opts.stopBeforeEnd) {
    evs.push({ at: at + 100_000, idle: true }); // never read: the run stops first
    extra.until = at + 1000;
  }
  return {
    name: 'harness case',
    network: { latencyMs: 0 },
    ...extra,
    operators: [
      { id: 'src', type: 'source', costMs: 0, events: evs },
      { id: 'win', type: 'window', input: 'src', keyBy: 0, aggregate: 'sum', field: 1, costMs: 0, ...(opts.function ? { function: opts.function } : {}), ...win },
      { id: 'sink', type: 'sink', input: 'win', costMs: 0, ...(opts.unchained ? { chaining: 'never' } : {}) },
      ...(win.lateOutput ? [{ id: 'late', type: 'sink', input: 'win', sideOutput: win.lateOutput, costMs: 0 }] : []),
    ],
  };
}

/**
 * The window operator's outputs as the sink saw them. Chained: each sink line is paired with the
 * `window.fired` that made it (same value, in order), whose `timestamp` is the output record's.
 * Unchained: the records on the wire into the sink carry their own timestamps.
 */
function outputsOf(tl: Timeline) {
  const main: Out[] = [];
  const side: Out[] = [];
  const pending: { v: Json; ts: number }[] = [];
  const lateTs = new Map<number, number>();
  for (const e of tl.trace) {
    if (e.type === 'window.fired' && e.operator === 'win') pending.push({ v: e.result, ts: e.timestamp });
    else if (e.type === 'record.late' && e.operator === 'win') lateTs.set(e.record, e.timestamp);
    else if (e.type === 'record.sent' && e.task === 'win/0' && e.to === 'sink/0') {
      const p = pending.shift();
      expect(p, 'a record reached the sink without a window firing').toBeDefined();
      expect(e.record.value).toEqual(p!.v);
      expect(e.record.timestamp, 'an output record carries its window\'s maxTimestamp').toBe(p!.ts);
      main.push({ v: e.record.value, ts: e.record.timestamp! });
    } else if (e.type === 'output.emitted' && e.operator === 'sink' && e.task === 'win/0') {
      const p = pending.shift();
      expect(p, 'a sink line without a window firing').toBeDefined();
      expect(e.value).toEqual(p!.v);
      main.push(p!);
    } else if (e.type === 'watermark.advanced' && e.operator === 'sink') main.push({ wm: e.watermark });
    else if (e.type === 'output.emitted' && e.operator === 'late') {
      expect(lateTs.has(e.record), 'side output of a record that was not late').toBe(true);
      side.push({ v: e.value, ts: lateTs.get(e.record)! });
    }
  }
  expect(pending, 'window firings whose output never reached the sink').toEqual([]);
  return { main, side };
}


/** Splits the output after the first watermark `wm`: the part Flink's case covers, and the end-of-input tail. */
function upTo(out: Out[], wm: number): [Out[], Out[]] {
  const i = out.findIndex((o) => 'wm' in o && o.wm === wm);
  expect(i, `watermark ${wm} never reached the sink`).toBeGreaterThanOrEqual(0);
  return [out.slice(0, i + 1), out.slice(i + 1)];
}

const win = (v: Json[], ts: number): Out => ({ v, ts });

/** Runs a case and returns its outputs (plus the timeline). */
function runCase(input: Input[], w: Record<string, unknown>, opts: CaseOptions = {}) {
  const tl = record(caseScenario(input, w, opts));
  return { tl, ...outputsOf(tl) };
}

/** The window operator's world state at the end: keys with windows left. */
const windowsLeft = (tl: Timeline) => {
  const world = tl.worldAt(tl.steps);
  return world.tasks.flatMap((t) => Object.keys(t.time.operators.win?.windows?.keys ?? {}));
};

const IN_8: Input[] = [['key2', 1, 3999], ['key2', 1, 3000], ['key1', 1, 20], ['key1', 1, 0], ['key1', 1, 999], ['key2', 1, 1998], ['key2', 1, 1999], ['key2', 1, 1000]];

describe('WindowOperatorTest', () => {
  const W1_IN: Input[] = [...IN_8, { wm: 999 }, { wm: 1999 }, 'snapshotRestore', { wm: 2999 }, { wm: 3999 }, { wm: 4999 }, { wm: 5999 }, { wm: 6999 }, { wm: 7999 }];
  const W1_OUT = [
    wm(999), wm(1999), rec('key1', 3, 2999), rec('key2', 3, 2999), wm(2999), wm(3999), wm(4999), rec('key2', 2, 5999), wm(5999), wm(6999), wm(7999),
  ];

  it('testTumblingEventTimeWindowsReduce (W1)', () => {
    const { tl, main } = runCase(W1_IN, { window: { type: 'tumbling', size: 3000 } });
    const [head, tail] = upTo(main, 7999);
    expectOutput(head, W1_OUT);
    expect(tail).toEqual([wm('MAX')]); // every window already fired
    expect(windowsLeft(tl)).toEqual([]);
  });

  it('testTumblingEventTimeWindowsApply (W1, ProcessWindowFunction; sink not chained: output timestamps on the wire)', () => {
    const { main } = runCase(W1_IN, { window: { type: 'tumbling', size: 3000 } }, { function: 'process', unchained: true });
    const [head] = upTo(main, 7999);
    expectOutput(head, [
      wm(999), wm(1999), win(['key1', 3, 0, 3000], 2999), win(['key2', 3, 0, 3000], 2999), wm(2999), wm(3999), wm(4999),
      win(['key2', 2, 3000, 6000], 5999), wm(5999), wm(6999), wm(7999),
    ]);
  });

  it('testSlidingEventTimeWindows (W2)', () => {
    const { main } = runCase(
      [...IN_8, { wm: 999 }, { wm: 1999 }, { wm: 2999 }, 'snapshotRestore', { wm: 3999 }, { wm: 4999 }, { wm: 5999 }, { wm: 6999 }, { wm: 7999 }],
      { window: { type: 'sliding', size: 3000, slide: 1000 } },
    );
    const [head, tail] = upTo(main, 7999);
    expectOutput(head, [
      rec('key1', 3, 999), wm(999), rec('key1', 3, 1999), rec('key2', 3, 1999), wm(1999), rec('key1', 3, 2999), rec('key2', 3, 2999), wm(2999),
      rec('key2', 5, 3999), wm(3999), rec('key2', 2, 4999), wm(4999), rec('key2', 2, 5999), wm(5999), wm(6999), wm(7999),
    ]);
    expect(tail).toEqual([wm('MAX')]);
  });

  it('testSessionWindows (W3): the function emits [key, sum, start, end]', () => {
    const { tl, main } = runCase(
      [
        ['key2', 1, 0], ['key2', 2, 1000], ['key2', 3, 2500], ['key1', 1, 10], ['key1', 2, 1000], 'snapshotRestore',
        ['key1', 3, 2500], ['key2', 4, 5501], ['key2', 5, 6000], ['key2', 5, 6000], ['key2', 6, 6050], { wm: 12000 },
        ['key2', 10, 15000], ['key2', 20, 15000], { wm: 17999 },
      ],
      { window: { type: 'session', gap: 3000 } },
      { function: 'process' },
    );
    const [head, tail] = upTo(main, 17999);
    expectOutput(head, [
      win(['key1', 6, 10, 5500], 5499), win(['key2', 6, 0, 5500], 5499), win(['key2', 20, 5501, 9050], 9049), wm(12000),
      win(['key2', 30, 15000, 18000], 17999), wm(17999),
    ]);
    expect(tail).toEqual([wm('MAX')]);
    // [0,5500) and [5501,8501) do not intersect (5500 < 5501): two sessions for key2
    const merged = events(tl, 'window.merged').filter((e) => e.key === 'key2');
    expect(merged[0]).toMatchObject({ into: { start: 0, end: 4000 }, from: [{ start: 0, end: 3000 }, { start: 1000, end: 4000 }] });
    expect(merged.some((e) => (e.into as TimeWindow).start === 0 && (e.into as TimeWindow).end > 5500)).toBe(false);
  });

  it('testContinuousWatermarkTrigger (W5): GlobalWindows + ContinuousEventTimeTrigger(3 s)', () => {
    // The run stops before the end of input: at Long.MAX_VALUE the trigger would re-register its next
    // fire time (t + 3000 <= MAX) again and again (see timeBugs.test.ts).
    const { main } = runCase(
      [
        ['key1', 1, 0], ['key2', 1, 3000], ['key2', 1, 3999], ['key1', 1, 20], ['key1', 1, 999], ['key2', 1, 1998], ['key2', 1, 1999], ['key2', 1, 1000],
        { wm: 1000 }, { wm: 2000 }, { wm: 3000 }, { wm: 4000 }, { wm: 5000 }, { wm: 6000 }, { wm: 7000 }, { wm: 8000 },
      ],
      { window: { type: 'global' }, trigger: { type: 'continuousEventTime', interval: 3000 } },
      { stopBeforeEnd: true },
    );
    expectOutput(main, [
      wm(1000), wm(2000), rec('key1', 3, 'MAX'), wm(3000), wm(4000), wm(5000), rec('key1', 3, 'MAX'), rec('key2', 5, 'MAX'), wm(6000), wm(7000), wm(8000),
    ]);
  });

  it('testCountTrigger (W6): countWindow(4) = GlobalWindows + Purging(Count(4))', () => {
    const { tl, main } = runCase(
      [
        ['key2', 1, 3000], ['key2', 1, 3999], ['key1', 1, 20], ['key1', 1, 0], ['key1', 1, 999], ['key2', 1, 1998], ['key2', 1, 1999],
        'snapshotRestore', ['key2', 1, 1000],
        ['key1', 1, 10999], ['key2', 1, 1000], ['key2', 1, 1000], ['key2', 1, 1000],
      ],
      { window: { type: 'count', size: 4 } },
    );
    // no trigger of a count window fires on the end-of-input watermark
    expectOutput(main, [rec('key2', 4, 'MAX'), rec('key1', 4, 'MAX'), rec('key2', 4, 'MAX'), wm('MAX')]);
    expect(events(tl, 'window.fired').every((e) => e.purged)).toBe(true);
    // the order of firings follows the input
    expect(events(tl, 'window.fired').map((e) => e.key)).toEqual(['key2', 'key1', 'key2']);
  });

  it('testEndOfStreamTrigger (W7): GlobalWindows.createWithEndOfStreamTrigger() fires at the end-of-input watermark', () => {
    const { tl, main } = runCase(IN_8, { window: { type: 'global' }, trigger: { type: 'endOfStream' } });
    expectOutput(main, [rec('key1', 3, 'MAX'), rec('key2', 5, 'MAX'), wm('MAX')]);
    const fired = events(tl, 'window.fired');
    const maxWm = events(tl, 'watermark.advanced').find((e) => e.operator === 'win' && e.watermark === LONG_MAX)!;
    expect(fired.every((e) => e.step === maxWm.step)).toBe(true);
  });

  it('testProcessingTimeTumblingWindows (W8): the `at` times are processing time; element timestamps are ignored', () => {
    const ev = (at: number, k: string, ts?: number) => ({ at, value: [k, 1], ...(ts === undefined ? {} : { timestamp: ts }) });
    const tl = record({
      network: { latencyMs: 0 },
      operators: [
        {
          id: 'src', type: 'source', costMs: 0, events: [
            // {procTime: 3}: the job runs from ~100 ms on; [0, 3000) is the first window
            // (Flink's first element has timestamp Long.MAX_VALUE; here it has none)
            ev(300, 'key2'), ev(301, 'key2', 7000), ev(302, 'key2', 7000), ev(303, 'key1', 7000), ev(304, 'key1', 7000),
            // {procTime: 5000}
            ev(5000, 'key1', 7000), ev(5001, 'key1', 7000), ev(5002, 'key1', 7000),
            // {procTime: 7000}: the source stays alive until then
            { at: 7000, watermark: 0 },
          ],
        },
        { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'tumbling', size: 3000, time: 'processing' }, aggregate: 'sum', field: 1, costMs: 0 },
        { id: 'sink', type: 'sink', input: 'win', costMs: 0 },
      ],
    });
    const { main } = outputsOf(tl);
    const records = main.filter((o) => !('wm' in o));
    expectOutput(records, [rec('key2', 3, 2999), rec('key1', 2, 2999), rec('key1', 3, 5999)]);
    // processing-time timers fire 1 ms after their time on the task's clock (ProcessingTimeServiceUtil.getProcessingTimeDelay)
    const fired = events(tl, 'timer.fired').filter((e) => e.operator === 'win');
    expect(fired.every((e) => e.domain === 'processing' && e.t === e.time + 1)).toBe(true);
    expect([...new Set(fired.map((e) => e.time))]).toEqual([2999, 5999]);
    expect(events(tl, 'window.fired').map((e) => [e.key, e.t])).toEqual(expect.arrayContaining([['key2', 3000], ['key1', 3000], ['key1', 6000]]));
  });

  it('testLateness (L1): lateness 500, PurgingTrigger(EventTime), late side output keeps the original timestamp', () => {
    const input: Input[] = [['key2', 1, 500], { wm: 1500 }, ['key2', 1, 1300], { wm: 2300 }, ['key2', 1, 1997], { wm: 6000 }, ['key2', 1, 1998], { wm: 7000 }];
    for (const unchained of [false, true]) {
      const { tl, main, side } = runCase(input, { window: { type: 'tumbling', size: 2000 }, trigger: { type: 'eventTime', purging: true }, allowedLateness: 500, lateOutput: 'late' }, { unchained });
      const [head, tail] = upTo(main, 7000);
      expectOutput(head, [wm(1500), rec('key2', 2, 1999), wm(2300), rec('key2', 1, 1999), wm(6000), wm(7000)]);
      expect(tail).toEqual([wm('MAX')]);
      expect(side).toEqual([rec('key2', 1, 1998)]);
      expect(events(tl, 'window.fired').map((e) => [e.late, e.purged])).toEqual([[false, true], [true, true]]);
      expect(events(tl, 'record.late').map((e) => [e.timestamp, e.sideOutput])).toEqual([[1998, 'late']]);
    }
  });

  it('testSideOutputDueToLatenessTumbling (L2)', () => {
    const { main, side } = runCase(
      [['key2', 1, 1000], { wm: 1985 }, ['key2', 1, 1980], { wm: 1999 }, ['key2', 1, 1998], ['key2', 1, 2001], { wm: 2999 }, { wm: 3999 }],
      { window: { type: 'tumbling', size: 2000 }, lateOutput: 'late' },
    );
    const [head, tail] = upTo(main, 3999);
    expectOutput(head, [wm(1985), rec('key2', 2, 1999), wm(1999), wm(2999), rec('key2', 1, 3999), wm(3999)]);
    expect(tail).toEqual([wm('MAX')]);
    expect(side).toEqual([rec('key2', 1, 1998)]);
  });

  const L3_IN: Input[] = [
    ['key2', 1, 1000], { wm: 1999 }, ['key2', 1, 2000], { wm: 4998 }, ['key2', 1, 4500], ['key2', 1, 8500], { wm: 7400 }, ['key2', 1, 7000], { wm: 11501 },
    ['key2', 1, 11600], { wm: 14600 }, ['key2', 1, 10000], ['key2', 1, 14500],
  ];

  it('testSideOutputDueToLatenessSessionZeroLateness (L3)', () => {
    const { tl, main, side } = runCase([...L3_IN, { wm: 20000 }, { wm: 100000 }], { window: { type: 'session', gap: 3000 }, lateOutput: 'late' }, { function: 'aggregate+process' });
    const [head, tail] = upTo(main, 100000);
    expectOutput(head, [
      wm(1999), wm(4998), wm(7400), win(['key2', 5, 1000, 11500], 11499), wm(11501),
      win(['key2', 1, 11600, 14600], 14599), wm(14600), win(['key2', 1, 14500, 17500], 17499), wm(20000), wm(100000),
    ]);
    expect(tail).toEqual([wm('MAX')]);
    expect(side).toEqual([rec('key2', 1, 10000)]);
    expect(windowsLeft(tl)).toEqual([]);
  });

  it('testNotSideOutputDueToLatenessSessionWithLateness (L3 with lateness 10)', () => {
    const { tl, main, side } = runCase([...L3_IN, { wm: 20000 }], { window: { type: 'session', gap: 3000 }, allowedLateness: 10, lateOutput: 'late' }, { function: 'aggregate+process' });
    const [head, tail] = upTo(main, 20000);
    expectOutput(head, [
      wm(1999), wm(4998), wm(7400), win(['key2', 5, 1000, 11500], 11499), wm(11501),
      win(['key2', 1, 11600, 14600], 14599), wm(14600), win(['key2', 2, 10000, 14600], 14599), win(['key2', 3, 10000, 17500], 17499), wm(20000),
    ]);
    expect(tail).toEqual([wm('MAX')]);
    expect(side).toEqual([]);
    // the key2-2 firing comes from the 10000 element merging into the still-alive [11600,14600) (reference §4.4, INFERRED)
    const late = events(tl, 'window.fired').filter((e) => e.late);
    expect(late.map((e) => e.window)).toEqual([{ start: 10000, end: 14600 }]);
  });

  it('testCleanupTimerWithEmptyListStateForTumblingWindows (C1): lateness 1, the state is GC-ed at maxTs + 1', () => {
    const { tl, main } = runCase([['key2', 1, 1000], { wm: 1599 }, { wm: 1999 }, { wm: 2000 }, { wm: 5000 }], { window: { type: 'tumbling', size: 2000 }, allowedLateness: 1 }, { function: 'process' });
    const [head, tail] = upTo(main, 5000);
    expectOutput(head, [wm(1599), win(['key2', 1, 0, 2000], 1999), wm(1999), wm(2000), wm(5000)]);
    expect(tail).toEqual([wm('MAX')]);
    const cleared = events(tl, 'window.cleared');
    expect(cleared.map((e) => [e.key, e.window])).toEqual([['key2', { start: 0, end: 2000 }]]);
    // cleared while processing watermark 2000, not 1999
    const wmAt = (n: number) => events(tl, 'watermark.advanced').find((e) => e.operator === 'win' && e.watermark === n)!.step;
    expect(cleared[0]!.step).toBe(wmAt(2000));
    // two timers: the trigger's at 1999 and the cleanup timer at 2000
    const timers = events(tl, 'timer.registered').filter((e) => !e.duplicate);
    expect(timers.map((e) => e.time).sort()).toEqual([1999, 2000]);
  });
});

/**
 * Assigner golden cases (reference §2.2–§2.4) through a job: each element gets its own key (no merging)
 * and arrives before any watermark (nothing is late); `window.assigned` lists its windows.
 */
function assignedWindows(window: Record<string, unknown>, timestamps: number[]) {
  const tl = record({
    network: { latencyMs: 0 },
    operators: [
      { id: 'src', type: 'source', costMs: 0, events: timestamps.map((ts, i) => ({ at: START + i, value: [`k${i}`, 1], timestamp: ts })) },
      { id: 'win', type: 'window', input: 'src', keyBy: 0, window, aggregate: 'count', costMs: 0 },
      { id: 'sink', type: 'sink', input: 'win', costMs: 0 },
    ],
  });
  return timestamps.map((_, i) => {
    const a = events(tl, 'window.assigned').filter((e) => e.key === `k${i}`);
    expect(a).toHaveLength(1);
    return (a[0]!.windows as { start: number; end: number }[]).map((w) => [w.start, w.end]).sort((x, y) => x[0]! - y[0]!);
  });
}

describe('TumblingEventTimeWindowsTest', () => {
  it('testWindowAssignment / testWindowAssignmentWithOffset / testWindowAssignmentWithNegativeOffset', () => {
    expect(assignedWindows({ type: 'tumbling', size: 5000 }, [0, 4999, 5000, -1])).toEqual([[[0, 5000]], [[0, 5000]], [[5000, 10000]], [[-5000, 0]]]);
    expect(assignedWindows({ type: 'tumbling', size: 5000, offset: 100 }, [100, 5099, 5100])).toEqual([[[100, 5100]], [[100, 5100]], [[5100, 10100]]]);
    expect(assignedWindows({ type: 'tumbling', size: 5000, offset: -100 }, [0, 4899, 4900])).toEqual([[[-100, 4900]], [[-100, 4900]], [[4900, 9900]]]);
    expect(assignedWindows({ type: 'tumbling', size: 5000, offset: 1000 }, [1000, 5999])).toEqual([[[1000, 6000]], [[1000, 6000]]]);
  });

  it('an element without timestamp fails the task with Flink’s RuntimeException (did you forget assignTimestampsAndWatermarks)', () => {
    const tl = record({
      network: { latencyMs: 0 },
      operators: [
        { id: 'src', type: 'source', costMs: 0, events: [{ at: START, value: ['k', 1] }] },
        { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'tumbling', size: 1000 }, aggregate: 'count', costMs: 0 },
        { id: 'sink', type: 'sink', input: 'win', costMs: 0 },
      ],
    });
    const failure = events(tl, 'job.failure')[0]!;
    expect(failure.task).toBe('win/0');
    expect(failure.cause).toContain('RuntimeException: Record has Long.MIN_VALUE timestamp');
    expect(failure.cause).toContain('assignTimestampsAndWatermarks');
    expect(events(tl, 'job.status').at(-1)!.to).toBe('FAILED');
  });
});

describe('SlidingEventTimeWindowsTest', () => {
  it('testWindowAssignment (as sets)', () => {
    expect(assignedWindows({ type: 'sliding', size: 5000, slide: 1000 }, [0, 4999])).toEqual([
      [[-4000, 1000], [-3000, 2000], [-2000, 3000], [-1000, 4000], [0, 5000]],
      [[0, 5000], [1000, 6000], [2000, 7000], [3000, 8000], [4000, 9000]],
    ]);
  });

  it('testWindowAssignmentWithOffset and negative offset', () => {
    expect(assignedWindows({ type: 'sliding', size: 5000, slide: 1000, offset: 100 }, [5099, 5100])).toEqual([
      [[100, 5100], [1100, 6100], [2100, 7100], [3100, 8100], [4100, 9100]],
      [[1100, 6100], [2100, 7100], [3100, 8100], [4100, 9100], [5100, 10100]],
    ]);
    expect(assignedWindows({ type: 'sliding', size: 5000, slide: 1000, offset: -100 }, [0, 4900])).toEqual([
      [[-4100, 900], [-3100, 1900], [-2100, 2900], [-1100, 3900], [-100, 4900]],
      [[900, 5900], [1900, 6900], [2900, 7900], [3900, 8900], [4900, 9900]],
    ]);
    expect(assignedWindows({ type: 'sliding', size: 5000, slide: 1000, offset: 500 }, [5499])).toEqual([
      [[500, 5500], [1500, 6500], [2500, 7500], [3500, 8500], [4500, 9500]],
    ]);
  });

  it('slide > size (accepted by Flink): elements between two windows belong to none and vanish unless late', () => {
    // windows [0,1000), [5000,6000) …; 3000 is in no window, not late: no window.assigned, no record.late
    const tl = record({
      network: { latencyMs: 0 },
      operators: [
        { id: 'src', type: 'source', costMs: 0, events: [{ at: START, value: ['k', 1], timestamp: 500 }, { at: START + 1, value: ['k', 1], timestamp: 3000 }] },
        { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'sliding', size: 1000, slide: 5000 }, aggregate: 'count', costMs: 0 },
        { id: 'sink', type: 'sink', input: 'win', costMs: 0 },
      ],
    });
    expect(events(tl, 'window.assigned').map((e) => e.windows)).toEqual([[{ start: 0, end: 1000 }]]);
    expect(events(tl, 'record.late')).toEqual([]);
    expect(events(tl, 'output.emitted').map((e) => e.value)).toEqual([['k', 1]]);
  });
});

describe('EventTimeSessionWindowsTest', () => {
  it('testWindowAssignment: [ts, ts + gap)', () => {
    expect(assignedWindows({ type: 'session', gap: 5000 }, [0, 4999, 5000])).toEqual([[[0, 5000]], [[4999, 9999]], [[5000, 10000]]]);
  });

  it('testMergeConsecutiveWindows: touching windows merge ([0,1) … [2,3) → [0,3); [4,5), [5,6) → [4,6))', () => {
    const tl = record({
      network: { latencyMs: 0 },
      operators: [
        { id: 'src', type: 'source', costMs: 0, events: [0, 1, 2, 4, 5].map((ts, i) => ({ at: START + i, value: ['k', 1], timestamp: ts })) },
        { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'session', gap: 1 }, aggregate: 'count', costMs: 0 },
        { id: 'sink', type: 'sink', input: 'win', costMs: 0 },
      ],
    });
    const fired = events(tl, 'window.fired').map((e) => [e.window, e.result]);
    expect(fired).toEqual(expect.arrayContaining([[{ start: 0, end: 3 }, ['k', 3]], [{ start: 4, end: 6 }, ['k', 2]]]));
    expect(fired).toHaveLength(2);
  });
});

describe('EvictingWindowOperatorTest', () => {
  it('testCountTrigger (E1): countWindow(4, 2) = GlobalWindows + CountTrigger(2) + CountEvictor(4)', () => {
    const { tl, main } = runCase([...IN_8, ['key1', 1, 10999], ['key2', 1, 1000]], { window: { type: 'count', size: 4, slide: 2 } });
    expectOutput(main, [rec('key2', 2, 'MAX'), rec('key2', 4, 'MAX'), rec('key1', 2, 'MAX'), rec('key1', 4, 'MAX'), rec('key2', 4, 'MAX'), wm('MAX')]);
    expect(events(tl, 'window.evicted').map((e) => [e.key, e.count])).toEqual([['key2', 2]]);
  });

  it('testTimeEvictorEvictBefore (E2): tumbling 4 s + CountTrigger(2) + TimeEvictor(2 s)', () => {
    const { tl, main } = runCase(
      [
        ['key2', 1, 1000], ['key2', 1, 3999], ['key1', 1, 20], ['key1', 1, 0], ['key1', 1, 999], ['key1', 1, 5999], ['key2', 1, 3500], ['key2', 1, 2001], ['key2', 1, 1001],
        ['key1', 1, 6500], ['key2', 1, 1002],
      ],
      { window: { type: 'tumbling', size: 4000 }, trigger: { type: 'count', count: 2 }, evictor: { type: 'time', size: 2000 } },
    );
    // the count trigger does not fire on event time: the end-of-input watermark only cleans up
    expectOutput(main, [rec('key2', 1, 3999), rec('key1', 2, 3999), rec('key2', 3, 3999), rec('key1', 2, 7999), rec('key2', 3, 3999), wm('MAX')]);
    // first key2 firing: max 3999, cutoff 1999, so 1000 is evicted
    expect(events(tl, 'window.evicted')[0]).toMatchObject({ key: 'key2', window: { start: 0, end: 4000 }, count: 1 });
    expect(windowsLeft(tl)).toEqual([]);
  });
});

/** StatusWatermarkValveTest ops: [kind, value, channel] with the valve outputs expected after each. */
type ValveOp = ['wm', number, number, Out[]] | ['st', 'IDLE' | 'ACTIVE', number, ({ status: 'IDLE' | 'ACTIVE' } | Out)[]];

/**
 * A `channels`-parallel source, each subtask one input channel of a parallelism-1 sink (rebalance):
 * op i happens at `at` = 1000 + 100·i on its subtask, so the sink task reads the ops in order; the
 * valve's outputs for op i are the sink task's `watermark.advanced` (sink operator) and
 * `watermark.status` (operator null) at that time. The sources stay alive (a last event after `until`).
 */
function runValve(channels: number, ops: ValveOp[]) {
  const at = (i: number) => 1000 + 100 * i;
  const evs: Record<string, unknown>[] = ops.map(([kind, value, ch], i) =>
    kind === 'wm' ? { at: at(i), subtask: ch, watermark: value } : { at: at(i), subtask: ch, idle: value === 'IDLE' },
  );
  for (let s = 0; s < channels; s++) evs.push({ at: 1_000_000, subtask: s, value: 'never read' });
  const tl = record({
    until: at(ops.length) + 1000,
    network: { latencyMs: 0 },
    operators: [
      { id: 'src', type: 'source', parallelism: channels, costMs: 0, events: evs },
      { id: 'sink', type: 'sink', input: 'src', partitioner: 'rebalance', parallelism: 1, costMs: 0 },
    ],
  });
  const outs = ops.map((_, i) =>
    tl.trace.flatMap((e): ({ wm: number } | { status: WatermarkStatus })[] => {
      if (e.t !== at(i)) return [];
      if (e.type === 'watermark.advanced' && e.task === 'sink/0') return [{ wm: e.watermark }];
      if (e.type === 'watermark.status' && e.task === 'sink/0' && e.operator === null) return [{ status: e.status }];
      return [];
    }),
  );
  expect(outs).toEqual(ops.map((op) => op[3]));
  return tl;
}

describe('StatusWatermarkValveTest', () => {
  it('testMultipleInputYieldsWatermarkOnlyWhenAllChannelsReceivesWatermarks', () => {
    runValve(3, [['wm', 0, 0, []], ['wm', 0, 1, []], ['wm', 0, 2, [wm(0)]]]);
  });

  it('testMultipleInputIncreasingWatermarks', () => {
    runValve(3, [
      ['wm', 0, 0, []], ['wm', 0, 1, []], ['wm', 0, 2, [wm(0)]],
      ['wm', 12, 0, []], ['wm', 8, 2, []], ['wm', 10, 2, []],
      ['wm', 15, 1, [wm(10)]], ['wm', 17, 2, [wm(12)]], ['wm', 20, 0, [wm(15)]],
    ]);
  });

  it('testMultipleInputWatermarkStatusToggling', () => {
    // an ACTIVE mark on an active source and a second IDLE mark change nothing (the source's emitter
    // sends only transitions); the valve would ignore them anyway
    runValve(2, [
      ['st', 'ACTIVE', 0, []], ['st', 'ACTIVE', 1, []], ['st', 'IDLE', 1, []], ['st', 'IDLE', 0, [{ status: 'IDLE' }]],
      ['st', 'IDLE', 0, []], ['st', 'IDLE', 1, []], ['st', 'ACTIVE', 1, [{ status: 'ACTIVE' }]], ['st', 'ACTIVE', 0, []],
    ]);
  });

  it('testWatermarkStatusOfPartiallyIdleInputs: an idle channel no longer holds the watermark back', () => {
    runValve(3, [['wm', 15, 0, []], ['wm', 10, 1, []], ['st', 'IDLE', 2, [wm(10)]], ['wm', 18, 1, [wm(15)]], ['wm', 20, 0, [wm(18)]]]);
  });

  it('testNoOutputWhenAllActiveChannelsAreUnaligned', () => {
    runValve(3, [['wm', 10, 0, []], ['wm', 7, 1, []], ['st', 'IDLE', 2, [wm(7)]], ['st', 'ACTIVE', 2, []], ['st', 'IDLE', 0, []], ['st', 'IDLE', 1, []]]);
  });

  it('all channels idle with the last one holding the minimum: flush the max, then IDLE', () => {
    // inputWatermarkStatus: the last channel to go idle had watermark == lastOutputWatermark → emit max(all)
    runValve(3, [
      ['wm', 5, 0, []], ['wm', 9, 1, []], ['wm', 3, 2, [wm(3)]], ['st', 'IDLE', 1, []], ['st', 'IDLE', 0, []],
      ['st', 'IDLE', 2, [wm(9), { status: 'IDLE' }]],
    ]);
  });
});

/** The source task's RUNNING time: its periodic watermark emission is registered from there. */
function runningAt(tl: Timeline, task: number): number {
  const e = tl.trace.find((x) => x.type === 'rpc.sent' && x.message.name === 'updateTaskExecutionState' && x.message.task === task && x.message.state === 'RUNNING');
  expect(e).toBeDefined();
  return e!.t;
}

/** A one-source job with a watermark strategy; the last event keeps the source alive past `until` unless `finish`. */
function strategyJob(strategy: Record<string, unknown>, evs: Record<string, unknown>[], opts: { until?: number; config?: Record<string, string | number> } = {}) {
  const all = opts.until === undefined ? evs : [...evs, { at: opts.until + 100_000, value: ['never', 0], timestamp: 0 }];
  return record({
    network: { latencyMs: 0 },
    ...(opts.until === undefined ? {} : { until: opts.until }),
    ...(opts.config ? { config: opts.config } : {}),
    operators: [
      { id: 'src', type: 'source', costMs: 0, watermarks: strategy, events: all },
      { id: 'sink', type: 'sink', input: 'src', costMs: 0 },
    ],
  });
}
const emitted = (tl: Timeline) => events(tl, 'watermark.emitted').filter((e) => e.operator === 'src');

describe('BoundedOutOfOrdernessWatermarksTest', () => {
  const B10 = { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: 10 };

  it('testWatermarkBeforeRecords: probes before any record emit Long.MIN_VALUE, which is never forwarded', () => {
    const tl = strategyJob(B10, [{ at: 2000, value: ['a', 1], timestamp: 1337 }], { until: 3000 });
    const start = runningAt(tl, 0);
    expect(start + 200).toBeLessThan(2000); // several probes ran before the record
    expect(emitted(tl).filter((e) => e.t < 2000)).toEqual([]);
  });

  it('testWatermarkAfterEvent: max timestamp − B − 1 (not − B, the legacy extractor’s formula)', () => {
    const tl = strategyJob(B10, [{ at: 2000, value: ['a', 1], timestamp: 1337 }], { until: 3000 });
    const first = emitted(tl)[0]!;
    expect(first.watermark).toBe(1326);
    // emitted at the first periodic probe after the record (every 200 ms from the task's start)
    const start = runningAt(tl, 0);
    expect((first.t - start) % 200).toBe(0);
    expect(first.t - 2000).toBeGreaterThanOrEqual(0);
    expect(first.t - 2000).toBeLessThan(200);
  });

  it('testWatermarkAfterNonMonotonousEvents: the maximum timestamp counts', () => {
    const tl = strategyJob(B10, [
      { at: 2000, value: ['a', 1], timestamp: 1337 }, { at: 2001, value: ['a', 1], timestamp: 1200 }, { at: 2002, value: ['a', 1], timestamp: 1000 },
    ], { until: 3000 });
    expect(emitted(tl).map((e) => e.watermark)).toEqual([1326]);
  });

  it('testRepeatedProbe: many probes, one watermark (the emitter forwards only advancing watermarks)', () => {
    const tl = strategyJob(B10, [{ at: 2000, value: ['a', 1], timestamp: 723456 }], { until: 4000 });
    expect(emitted(tl).map((e) => e.watermark)).toEqual([723445]);
  });

  it('AscendingTimestampsWatermarksTest: monotonous = bounded with B = 0, so max − 1', () => {
    const tl = strategyJob({ strategy: 'monotonous' }, [{ at: 2000, value: ['a', 1], timestamp: 1337 }], { until: 3000 });
    expect(emitted(tl).map((e) => e.watermark)).toEqual([1336]);
  });

  it('periodic: each probe emits the max so far − B − 1; the end of input emits Long.MAX_VALUE', () => {
    const tl = strategyJob(B10, [{ at: 2000, value: ['a', 1], timestamp: 1337 }, { at: 2500, value: ['a', 1], timestamp: 5000 }]);
    expect(emitted(tl).map((e) => e.watermark)).toEqual([1326, 4989, LONG_MAX]);
    const sinkSeq = tl.trace.flatMap((e): (string | number)[] =>
      e.type === 'output.emitted' ? ['rec'] : e.type === 'watermark.advanced' && e.operator === 'sink' ? [e.watermark] : []);
    expect(sinkSeq).toEqual(['rec', 1326, 'rec', 4989, LONG_MAX]);
  });

  it('punctuated: onEvent emits right after the record is forwarded (TimestampsAndWatermarksOperator.processElement)', () => {
    const tl = strategyJob({ strategy: 'punctuated', maxOutOfOrderness: 10 }, [
      { at: 2000, value: ['a', 1], timestamp: 1337 }, { at: 2001, value: ['a', 1], timestamp: 1000 }, { at: 2002, value: ['a', 1], timestamp: 5000 },
    ]);
    expect(emitted(tl).map((e) => e.watermark)).toEqual([1326, 4989, LONG_MAX]);
    const sinkSeq = tl.trace.flatMap((e): (string | number)[] =>
      e.type === 'output.emitted' ? ['rec'] : e.type === 'watermark.advanced' && e.operator === 'sink' ? [e.watermark] : []);
    expect(sinkSeq).toEqual(['rec', 1326, 'rec', 'rec', 4989, LONG_MAX]);
    // same step: the record, then its watermark
    const out = events(tl, 'output.emitted')[0]!;
    expect(emitted(tl)[0]!.step).toBe(out.step);
    expect(tl.trace.indexOf(out)).toBeLessThan(tl.trace.indexOf(emitted(tl)[0]!));
  });

  it('pipeline.auto-watermark-interval sets the period of onPeriodicEmit', () => {
    const evs = Array.from({ length: 30 }, (_, i) => ({ at: 2000 + 7 * i, value: ['a', i], timestamp: 100 * i }));
    const tl = strategyJob(B10, evs, { until: 3000, config: { 'pipeline.auto-watermark-interval': '50 ms' } });
    const start = runningAt(tl, 0);
    const times = emitted(tl).map((e) => e.t);
    expect(times.length).toBeGreaterThanOrEqual(4);
    for (const t of times) expect((t - start) % 50).toBe(0);
    expect(new Set(times).size).toBe(times.length);
    // the default (200 ms) emits fewer, 200 ms apart
    const slow = emitted(strategyJob(B10, evs, { until: 3000 })).map((e) => e.t);
    for (const t of slow) expect((t - start) % 200).toBe(0);
    expect(slow.length).toBeLessThan(times.length);
  });

  it('pipeline.auto-watermark-interval = 0 disables periodic watermarks: only the end of input emits one', () => {
    const tl = strategyJob(B10, [{ at: 2000, value: ['a', 1], timestamp: 1337 }, { at: 3000, value: ['a', 1], timestamp: 2000 }], { config: { 'pipeline.auto-watermark-interval': 0 } });
    expect(emitted(tl).map((e) => e.watermark)).toEqual([LONG_MAX]);
  });
});

describe('WatermarksWithIdlenessTest', () => {
  const strategy = { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: 10, idleness: 500 };

  it('testInitiallyActive / testIdleWithoutEvents: idle at the first probe more than the timeout after the first quiet probe', () => {
    // one record at the task's start; probes every 200 ms from the start S:
    // S+200 sees activity (reset), S+400 is the first quiet probe (timer starts), S+1000 − (S+400) = 600 > 500
    const tl = strategyJob(strategy, [{ at: 0, value: ['a', 1], timestamp: 1337 }], { until: 5000 });
    const start = runningAt(tl, 0);
    expect(events(tl, 'source.emitted')[0]!.t).toBe(start);
    const status = events(tl, 'watermark.status').filter((e) => e.operator === 'src');
    expect(status.map((e) => [e.status, e.t - start])).toEqual([['IDLE', 1000]]);
    // no watermark while idle, and the generator's watermark came before
    expect(emitted(tl).map((e) => [e.watermark, e.t - start])).toEqual([[1326, 200]]);
  });

  it('testIdleWithoutEvents: with no record at all the first probe starts the timer', () => {
    const tl = strategyJob(strategy, [], { until: 5000 });
    const start = runningAt(tl, 0);
    const status = events(tl, 'watermark.status').filter((e) => e.operator === 'src');
    // first probe S+200 (quiet: timer starts), S+800: 600 > 500
    expect(status.map((e) => [e.status, e.t - start])).toEqual([['IDLE', 800]]);
  });

  it('testActiveAfterIdleness: the next advancing watermark marks the output ACTIVE again, right before it', () => {
    const tl = strategyJob(strategy, [{ at: 0, value: ['a', 1], timestamp: 1337 }, { at: 3000, value: ['a', 1], timestamp: 5000 }], { until: 6000 });
    const start = runningAt(tl, 0);
    const seq = tl.trace.flatMap((e) =>
      e.type === 'watermark.status' && e.operator === 'src' ? [[e.status, e.t - start]]
        : e.type === 'watermark.emitted' && e.operator === 'src' ? [[e.watermark, e.t - start]] : []);
    const next = 3000 - start + (200 - ((3000 - start) % 200)) % 200; // first probe at or after the record
    expect(seq.slice(0, 4)).toEqual([[1326, 200], ['IDLE', 1000], ['ACTIVE', next], [4989, next]]);
  });

  it('an idle source stops holding back a downstream task with another active input', () => {
    // two source subtasks → one sink task: subtask 1 goes idle, subtask 0 alone advances the sink
    const tl = record({
      until: 6000,
      network: { latencyMs: 0 },
      operators: [
        {
          id: 'src', type: 'source', parallelism: 2, costMs: 0, watermarks: strategy, events: [
            { at: 0, subtask: 0, value: ['a', 1], timestamp: 1000 }, { at: 0, subtask: 1, value: ['b', 1], timestamp: 100 },
            ...Array.from({ length: 20 }, (_, i) => ({ at: 100 + 200 * i, subtask: 0, value: ['a', 1], timestamp: 2000 + 100 * i })),
            { at: 100_000, subtask: 1, value: ['b', 1], timestamp: 0 },
          ],
        },
        { id: 'sink', type: 'sink', input: 'src', partitioner: 'rebalance', parallelism: 1, costMs: 0 },
      ],
    });
    const sinkWms = events(tl, 'watermark.advanced').filter((e) => e.task === 'sink/0').map((e) => e.watermark);
    const idleAt = events(tl, 'watermark.status').find((e) => e.task === 'src/1' && e.status === 'IDLE')!;
    expect(idleAt).toBeDefined();
    // before subtask 1 is idle the sink is held at its 89; after, it follows subtask 0
    const before = events(tl, 'watermark.advanced').filter((e) => e.task === 'sink/0' && e.step < idleAt.step).map((e) => e.watermark);
    expect(Math.max(...before)).toBeLessThanOrEqual(89);
    expect(Math.max(...sinkWms)).toBeGreaterThan(2000);
  });
});

describe('ProcessFunction docs: CountWithTimeoutFunction', () => {
  const job = (timestamps: number[], extra: Record<string, unknown> = {}) =>
    record({
      network: { latencyMs: 0 },
      operators: [
        {
          id: 'src', type: 'source', costMs: 0, events: [
            ...timestamps.map((ts, i) => ({ at: 1000 + 10 * i, value: ['a', 1], timestamp: ts })),
            { at: 2000, watermark: 10_000 },
          ],
        },
        { id: 'count', type: 'process', input: 'src', keyBy: 0, fn: 'countWithTimeout', args: { timeout: 1000 }, costMs: 0, ...extra },
        { id: 'sink', type: 'sink', input: 'count', costMs: 0 },
      ],
    });

  it('two elements with the same timestamp register one timer (the second is a duplicate) and fire once', () => {
    const tl = job([1000, 1000]);
    const reg = events(tl, 'timer.registered').filter((e) => e.operator === 'count');
    expect(reg.map((e) => [e.domain, e.key, e.namespace, e.time, e.duplicate])).toEqual([['event', 'a', '', 2000, false], ['event', 'a', '', 2000, true]]);
    const fired = events(tl, 'timer.fired').filter((e) => e.operator === 'count');
    expect(fired.map((e) => e.time)).toEqual([2000]);
    expect(events(tl, 'output.emitted').map((e) => e.value)).toEqual([['a', 2]]);
    // the timer fires when the watermark 10000 passes it, before the watermark goes on
    const adv = events(tl, 'watermark.advanced').find((e) => e.operator === 'count' && e.watermark === 10_000)!;
    expect(fired[0]!.step).toBe(adv.step);
    const sinkAdv = events(tl, 'watermark.advanced').find((e) => e.operator === 'sink' && e.watermark === 10_000)!;
    expect(tl.trace.indexOf(events(tl, 'output.emitted')[0]!)).toBeLessThan(tl.trace.indexOf(sinkAdv));
  });

  it('each later element registers a later timer; only the timer of the last modification emits', () => {
    const tl = job([1000, 1500]);
    const reg = events(tl, 'timer.registered').filter((e) => e.operator === 'count');
    expect(reg.map((e) => [e.time, e.duplicate])).toEqual([[2000, false], [2500, false]]);
    expect(events(tl, 'timer.fired').filter((e) => e.operator === 'count').map((e) => e.time)).toEqual([2000, 2500]);
    expect(events(tl, 'output.emitted').map((e) => e.value)).toEqual([['a', 2]]);
  });

  it('processing-time domain: the timer fires on the task clock, `timeout` after the last element', () => {
    const tl = record({
      network: { latencyMs: 0 },
      operators: [
        { id: 'src', type: 'source', costMs: 0, events: [{ at: 1000, value: ['a', 1] }, { at: 1100, value: ['a', 1] }, { at: 5000, value: ['b', 1] }] },
        { id: 'count', type: 'process', input: 'src', keyBy: 0, fn: 'countWithTimeout', args: { timeout: 1000, domain: 'processing' }, costMs: 0 },
        { id: 'sink', type: 'sink', input: 'count', costMs: 0 },
      ],
    });
    const fired = events(tl, 'timer.fired').filter((e) => e.operator === 'count' && e.key === 'a');
    // Each fires 1 ms after its time (ProcessingTimeServiceUtil.getProcessingTimeDelay, FLINK-9857).
    expect(fired.map((e) => [e.domain, e.time, e.t])).toEqual([['processing', 2000, 2001], ['processing', 2100, 2101]]);
    expect(events(tl, 'output.emitted').map((e) => [e.value, e.t])).toEqual([[['a', 2], 2101]]);
  });
});
