/** Event time inside the runtime: failures, BATCH mode, idle runs, processing-time timers at the end. */
import { describe, expect, it } from 'vitest';
import { events, record } from '../support/runs.ts';
import { LONG_MAX } from '../../src/sim/util/JavaLong.ts';

const keyed = (extra: object = {}) => ({
  network: { latencyMs: 5 },
  operators: [
    { id: 'src', type: 'source', costMs: 0, events: [{ at: 200, value: ['a', 1], timestamp: 1000 }, { at: 300, value: ['a', 2], timestamp: 7000 }], ...extra },
    { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'tumbling', size: 5000 }, aggregate: 'sum', field: 1, costMs: 0 },
    { id: 'print', type: 'sink', input: 'win', costMs: 0 },
  ],
});

describe('event time in the runtime', () => {
  it('a record without a timestamp fails the event-time window task with Flink\'s exception, and the job fails', () => {
    const tl = record({ operators: [{ ...keyed().operators[0], events: [{ at: 200, value: ['a', 1] }] }, ...keyed().operators.slice(1)] });
    const failure = events(tl, 'job.failure')[0]!;
    expect(failure.cause).toContain('java.lang.RuntimeException: Record has Long.MIN_VALUE timestamp');
    expect(failure.task).toBe('win/0');
    expect(tl.worldAt(tl.steps).jobStatus).toBe('FAILED');
  });

  it('sources emit the end-of-input watermark, which fires the windows still open', () => {
    const tl = record(keyed());
    const fired = events(tl, 'window.fired').map((e) => [e.window, e.result]);
    expect(fired).toEqual([[{ start: 0, end: 5000 }, ['a', 1]], [{ start: 5000, end: 10000 }, ['a', 2]]]);
    expect(events(tl, 'watermark.advanced').filter((e) => e.operator === 'print').map((e) => e.watermark)).toEqual([LONG_MAX]);
  });

  it('periodic watermarks follow pipeline.auto-watermark-interval, and 0 turns them off', () => {
    const strategy = {
      watermarks: { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: 0 },
      events: [{ at: 200, value: ['a', 1], timestamp: 1000 }, { at: 300, value: ['a', 2], timestamp: 7000 }, { at: 600, value: ['a', 2], timestamp: 7500 }],
    };
    const at = (cfg: object) => events(record({ ...keyed(strategy), config: cfg }), 'watermark.emitted').map((e) => [e.t, e.watermark]);
    // Records at 200, 300 and 600 ms; the periodic emission runs every 100 ms from when the task started.
    const every100 = at({ 'pipeline.auto-watermark-interval': '100 ms' });
    expect(every100.map(([, wm]) => wm)).toEqual([999, 6999, 7499, LONG_MAX]);
    expect(every100[1]![0]! - every100[0]![0]!).toBe(100);
    expect(every100[0]![0]).toBeGreaterThan(200);
    expect(every100[0]![0]).toBeLessThanOrEqual(300);
    expect(at({ 'pipeline.auto-watermark-interval': 0 })).toEqual([[600, LONG_MAX]]);
  });

  it('in BATCH mode only the end-of-input watermark flows', () => {
    const tl = record({ ...keyed({ watermarks: { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: 0 } }), config: { 'execution.runtime-mode': 'BATCH' } });
    expect(events(tl, 'watermark.emitted').map((e) => e.watermark)).toEqual([LONG_MAX]);
    expect(events(tl, 'window.fired')).toHaveLength(2);
  });

  it('a paused source with periodic watermarks still lets an unfinished run end idle', () => {
    const tl = record({
      ...keyed({ watermarks: { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: 0 } }),
      faults: [{ at: 250, type: 'pauseTask', task: 'src/0' }],
    });
    expect(tl.stopReason).toBe('idle');
    expect(tl.endTime).toBeLessThan(5000);
  });

  it('processing-time windows fire on the simulated clock; timers pending when a task finishes are dropped', () => {
    const tl = record({
      network: { latencyMs: 0 },
      operators: [
        { id: 'src', type: 'source', costMs: 0, events: [{ at: 200, value: ['a', 1] }, { at: 1500, value: ['a', 1] }, { at: 2500, value: ['a', 5] }] },
        { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'tumbling', size: 1000, time: 'processing' }, aggregate: 'sum', field: 1, costMs: 0 },
        { id: 'print', type: 'sink', input: 'win', costMs: 0 },
      ],
    });
    // A processing-time timer fires 1 ms after its time (ProcessingTimeServiceUtil.getProcessingTimeDelay).
    expect(events(tl, 'window.fired').map((e) => [e.t, e.result])).toEqual([[1000, ['a', 1]], [2000, ['a', 1]]]);
    // The last window [2000, 3000) would fire at 2999, but the source finished at 2500: nothing fires.
    expect(events(tl, 'output.emitted')).toHaveLength(2);
  });
});

describe('BATCH runtime mode (BatchExecutionInternalTimeService, NoOpTimestampsAndWatermarks)', () => {
  const BATCH = { config: { 'execution.runtime-mode': 'BATCH' }, network: { latencyMs: 0 } };
  const src = (events: object[]) => ({ id: 'src', type: 'source', costMs: 0, events });
  const outputs = (tl: ReturnType<typeof record>) => events(tl, 'output.emitted').map((e) => e.value);

  it('a process function emits only what it collects, not its state', () => {
    const tl = record({ ...BATCH, operators: [
      src([{ at: 100, value: ['a', 1], timestamp: 1000 }, { at: 200, value: ['b', 1], timestamp: 1500 }, { at: 300, value: ['a', 1], timestamp: 2000 }]),
      { id: 'p', type: 'process', input: 'src', keyBy: 0, fn: 'countWithTimeout', args: { timeout: 3000 }, costMs: 0 },
      { id: 'print', type: 'sink', input: 'p', costMs: 0 },
    ] });
    expect(outputs(tl).map((v) => JSON.stringify(v)).sort()).toEqual(['["a",2]', '["b",1]']);
  });

  it('processing-time timers fire at the end of input, whatever their time', () => {
    const tl = record({ ...BATCH, operators: [
      src([{ at: 100, value: ['a', 1] }, { at: 200, value: ['b', 1] }, { at: 300, value: ['a', 1] }]),
      { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'tumbling', size: '10 s', time: 'processing' }, aggregate: 'sum', field: 1, costMs: 0 },
      { id: 'print', type: 'sink', input: 'win', costMs: 0 },
    ] });
    expect(outputs(tl).map((v) => JSON.stringify(v)).sort()).toEqual(['["a",2]', '["b",1]']);
  });

  it('watermarks other than the end of input have no effect: nothing is late', () => {
    const tl = record({ ...BATCH, operators: [
      src([{ at: 100, value: ['a', 1], timestamp: 1000 }, { at: 150, watermark: 5000 }, { at: 200, value: ['a', 10], timestamp: 1500 }]),
      { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'tumbling', size: 1000 }, aggregate: 'sum', field: 1, costMs: 0 },
      { id: 'print', type: 'sink', input: 'win', costMs: 0 },
    ] });
    expect(outputs(tl)).toEqual([['a', 11]]);
    expect(events(tl, 'record.late')).toHaveLength(0);
  });

  it('timers registered while firing at the end of input are ignored, so a continuous trigger on a global window ends', () => {
    const tl = record({ ...BATCH, operators: [
      src([{ at: 100, value: ['a', 1], timestamp: 0 }]),
      { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'global' }, trigger: { type: 'continuousEventTime', interval: 3000 }, aggregate: 'sum', field: 1, costMs: 0 },
      { id: 'print', type: 'sink', input: 'win', costMs: 0 },
    ] });
    expect(tl.worldAt(tl.steps).jobStatus).toBe('FINISHED');
    expect(outputs(tl).length).toBeGreaterThan(0);
  });
});

it('each processing-time timer fires 1 ms after its own time, not with a timer due later', () => {
  const tl = record({
    network: { latencyMs: 0 },
    operators: [
      { id: 'src', type: 'source', costMs: 0, events: [{ at: 200, value: ['a', 1] }, { at: 201, value: ['b', 1] }, { at: 5000, value: ['c', 1] }] },
      { id: 'p', type: 'process', input: 'src', keyBy: 0, fn: 'countWithTimeout', args: { timeout: 1000, domain: 'processing' }, costMs: 0 },
      { id: 'print', type: 'sink', input: 'p', costMs: 0 },
    ],
  });
  expect(events(tl, 'timer.fired').map((e) => [e.key, e.time, e.t])).toEqual([['a', 1200, 1201], ['b', 1201, 1202]]);
});
