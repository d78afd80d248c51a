/**
 * The event-time lesson checks (`src/lesson/timeChecks.ts`): each kind read at a step of a small
 * recorded run, true where the run shows it and false (with what was found, in both languages)
 * otherwise.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCheck } from '../../src/lesson/checks.ts';
import { CHECK_KINDS } from '../../src/lesson/checks.ts';
import { TIME_CHECK_KINDS } from '../../src/lesson/timeChecks.ts';
import type { Check } from '../../src/lesson/types.ts';
import type { Scenario } from '../../src/sim/scenario/Scenario.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import type { TraceEvent } from '../../src/sim/trace.ts';

const record = (s: Scenario) => Timeline.record(validateScenario(s));

/** The step of the nth (1-based) trace event that matches. */
function stepOf(tl: Timeline, pred: (e: TraceEvent) => boolean, nth = 1): number {
  const hits = tl.trace.filter(pred);
  if (hits.length < nth) throw new Error('no such event');
  return hits[nth - 1]!.step;
}
const ok = (tl: Timeline, step: number, check: Check) => evaluateCheck(check, tl, step);

/** One key-by tumbling 5 s window with late data to a side output (the README's example shape). */
const tumbling: Scenario = {
  job: { parallelism: 1 },
  network: { latencyMs: 5 },
  operators: [
    {
      id: 'src', type: 'source', costMs: 0,
      watermarks: { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: 1000 },
      events: [
        { at: 0, value: ['a', 1], timestamp: 1000 },
        { at: 300, value: ['a', 1], timestamp: 3000 },
        { at: 600, value: ['b', 1], timestamp: 2000 },
        { at: 900, value: ['a', 1], timestamp: 6000 },
        { at: 1200, value: ['a', 1], timestamp: 4000 },
        { at: 1500, value: ['b', 1], timestamp: 9000 },
        { at: 1800, value: ['a', 1], timestamp: 2500 },
      ],
    },
    { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'tumbling', size: '5 s' }, aggregate: 'sum', field: 1, lateOutput: 'late', costMs: 0 },
    { id: 'print', type: 'sink', input: 'win', costMs: 0 },
    { id: 'latePrint', type: 'sink', input: 'win', sideOutput: 'late', identifier: 'late', costMs: 0 },
  ],
};

describe('time checks', () => {
  it('are known check kinds', () => {
    for (const k of TIME_CHECK_KINDS) expect(CHECK_KINDS).toContain(k);
  });

  describe('on a tumbling window with late data', () => {
    const tl = record(tumbling);
    const firstFire = stepOf(tl, (e) => e.type === 'window.fired');
    const beforeFire = firstFire - 1;

    it('watermark: the valve output by default, an operator when named, MIN and MAX', () => {
      expect(ok(tl, 0, { watermark: { task: 'win/0', value: 'MIN' } }).ok).toBe(true);
      expect(ok(tl, firstFire, { watermark: { task: 'win/0', value: 4999 } }).ok).toBe(true);
      expect(ok(tl, firstFire, { watermark: { task: 'win/0', operator: 'win', value: 4999 } }).ok).toBe(true);
      expect(ok(tl, firstFire, { watermark: { task: 'src/0', value: 4999 } }).ok).toBe(true);
      expect(ok(tl, tl.steps, { watermark: { task: 'win/0', value: 'MAX' } }).ok).toBe(true);
      const wrong = ok(tl, firstFire, { watermark: { task: 'win/0', value: 5000 } });
      expect(wrong.ok).toBe(false);
      expect(wrong.message).toBe("the watermark of win/0's input is 4999");
      expect(wrong.zh).toContain('4999');
      expect(ok(tl, 0, { watermark: { task: 'win/0', value: 0 } }).message).toContain('Long.MIN_VALUE');
      expect(ok(tl, firstFire, { watermark: { task: 'nope/0', value: 0 } }).message).toBe('no subtask nope/0');
      expect(ok(tl, firstFire, { watermark: { task: 'win/0', operator: 'map', value: 0 } }).ok).toBe(false);
    });

    it('windowsFired: counts firings so far, by operator, key and lateness', () => {
      expect(ok(tl, beforeFire, { windowsFired: { count: 0 } }).ok).toBe(true);
      expect(ok(tl, firstFire, { windowsFired: { count: 2 } }).ok).toBe(true);
      expect(ok(tl, firstFire, { windowsFired: { count: 1, key: 'b', operator: 'win', late: false } }).ok).toBe(true);
      expect(ok(tl, firstFire, { windowsFired: { count: 0, late: true } }).ok).toBe(true);
      expect(ok(tl, firstFire, { windowsFired: { count: 0, operator: 'other' } }).ok).toBe(true);
      const r = ok(tl, tl.steps, { windowsFired: { count: 3 } });
      expect(r).toMatchObject({ ok: false, message: '4 window firings' });
      expect(r.zh).toBe('窗口触发了 4 次');
    });

    it('windowResult: some firing of the window emitted the result', () => {
      expect(ok(tl, firstFire, { windowResult: { key: 'a', window: [0, 5000], result: ['a', 2] } }).ok).toBe(true);
      expect(ok(tl, firstFire, { windowResult: { key: 'a', window: [0, 5000], result: ['a', 2], operator: 'win' } }).ok).toBe(true);
      const notYet = ok(tl, beforeFire, { windowResult: { key: 'a', window: [0, 5000], result: ['a', 2] } });
      expect(notYet).toMatchObject({ ok: false, message: 'window [0,5000) of key a has not fired' });
      const other = ok(tl, firstFire, { windowResult: { key: 'a', window: [0, 5000], result: ['a', 3] } });
      expect(other).toMatchObject({ ok: false, message: 'window [0,5000) of key a fired (a,2)' });
      expect(ok(tl, firstFire, { windowResult: { key: 'a', window: [0, 5000], result: ['a', 2], operator: 'x' } }).ok).toBe(false);
    });

    it('lateRecords: to a side output or dropped', () => {
      expect(ok(tl, tl.steps, { lateRecords: { count: 2 } }).ok).toBe(true);
      expect(ok(tl, tl.steps, { lateRecords: { count: 2, sideOutput: true } }).ok).toBe(true);
      const dropped = ok(tl, tl.steps, { lateRecords: { count: 2, sideOutput: false } });
      expect(dropped).toMatchObject({ ok: false, message: '0 late records dropped', zh: '0 条迟到数据（被丢弃）' });
    });

    it('openWindows and windowState: the panes held, per key', () => {
      expect(ok(tl, beforeFire, { openWindows: { task: 'win/0', count: 3 } }).ok).toBe(true);
      expect(ok(tl, beforeFire, { openWindows: { task: 'win/0', count: 2, key: 'a' } }).ok).toBe(true);
      const after = ok(tl, firstFire, { openWindows: { task: 'win/0', count: 2 } });
      expect(after).toMatchObject({ ok: false, message: 'win in win/0 holds 1 window: a [5000,10000)' });
      expect(ok(tl, beforeFire, { windowState: { task: 'win/0', key: 'a', window: [0, 5000], size: 1 } }).ok).toBe(true);
      expect(ok(tl, firstFire, { windowState: { task: 'win/0', key: 'a', window: [0, 5000], size: 0 } }).ok).toBe(true);
      expect(ok(tl, firstFire, { windowState: { task: 'win/0', operator: 'win', key: 'zz', window: [0, 5000], size: 0 } }).ok).toBe(true);
      expect(ok(tl, firstFire, { openWindows: { task: 'src/0', count: 0 } })).toMatchObject({ ok: false, message: 'src/0 runs no window operator' });
      expect(ok(tl, firstFire, { openWindows: { task: 'win/0', count: 0, operator: 'print' } })).toMatchObject({ ok: false, message: 'win/0 has no window operator print' });
    });

    it('timers: by domain and key; a duplicate registration is one timer', () => {
      const first = stepOf(tl, (e) => e.type === 'window.assigned');
      // The trigger's timer and the cleanup timer are both at 4999 (allowed lateness 0): one timer.
      expect(ok(tl, first, { timers: { task: 'win/0', count: 1 } }).ok).toBe(true);
      expect(ok(tl, beforeFire, { timers: { task: 'win/0', count: 3, domain: 'event' } }).ok).toBe(true);
      expect(ok(tl, beforeFire, { timers: { task: 'win/0', count: 0, domain: 'processing' } }).ok).toBe(true);
      const r = ok(tl, beforeFire, { timers: { task: 'win/0', count: 1, key: 'a' } });
      expect(r).toMatchObject({ ok: false, message: 'win in win/0 has 2 timers of key a: a@4999 [0,5000), a@9999 [5000,10000)' });
      expect(r.zh).toContain('2 个定时器');
    });
  });

  describe('on two partitions, one of them idle', () => {
    const ev = (at: number, subtask: number, ts: number) => ({ at, subtask, value: ['k', 1], timestamp: ts });
    const tl = record({
      job: { parallelism: 2 },
      network: { latencyMs: 10 },
      operators: [
        {
          id: 'src', type: 'source', costMs: 0,
          watermarks: { strategy: 'monotonous', idleness: '300 ms' },
          events: [ev(200, 0, 200), ev(300, 1, 300), ev(600, 0, 600), ev(1000, 0, 1000), ev(1400, 0, 1400), ev(2000, 1, 2000)],
        },
        { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'tumbling', size: '1 s' }, aggregate: 'count', costMs: 0 },
        { id: 'print', type: 'sink', input: 'win', costMs: 0 },
      ],
    });
    const idle = stepOf(tl, (e) => e.type === 'watermark.status' && e.task === 'src/1' && e.status === 'IDLE');

    it('inputIdle: a source reads its emitter, a task its valve', () => {
      expect(ok(tl, idle - 1, { inputIdle: { task: 'src/1', idle: false } }).ok).toBe(true);
      expect(ok(tl, idle, { inputIdle: { task: 'src/1', idle: true } }).ok).toBe(true);
      expect(ok(tl, idle, { inputIdle: { task: 'src/1', idle: false } })).toMatchObject({ ok: false, message: "src/1's output is IDLE" });
      // One channel of each window subtask is still active, so its input is not idle.
      expect(ok(tl, tl.steps - 1, { inputIdle: { task: 'win/0', idle: false } }).ok).toBe(true);
      expect(ok(tl, tl.steps - 1, { inputIdle: { task: 'win/1', idle: true } })).toMatchObject({ ok: false, message: "win/1's input is ACTIVE" });
      expect(ok(tl, idle, { inputIdle: { task: 'x/0', idle: true } }).ok).toBe(false);
    });

    it('watermark: the valve ignores the idle channel', () => {
      const adv = stepOf(tl, (e) => e.type === 'watermark.advanced' && e.task === 'win/0' && e.step > idle);
      const r = ok(tl, adv, { watermark: { task: 'win/0', value: 0 } });
      expect(r.ok).toBe(false);
      expect(Number(/is (-?\d+)$/.exec(r.message)?.[1])).toBeGreaterThan(300);
    });
  });

  describe('on session windows with a process window function, and a process function', () => {
    const tl = record({
      job: { parallelism: 1 },
      network: { latencyMs: 10 },
      operators: [
        {
          id: 'src', type: 'source', costMs: 0, watermarks: { strategy: 'monotonous' },
          events: [
            { at: 200, value: ['u', 1], timestamp: 1000 },
            { at: 300, value: ['u', 2], timestamp: 2000 },
            { at: 400, value: ['u', 3], timestamp: 2500 },
            { at: 500, value: ['v', 1], timestamp: 2600 },
          ],
        },
        { id: 'sess', type: 'window', input: 'src', keyBy: 0, window: { type: 'session', gap: '3 s' }, aggregate: 'sum', field: 1, function: 'process', costMs: 0 },
        { id: 'print', type: 'sink', input: 'sess', costMs: 0 },
        { id: 'timeout', type: 'process', input: 'src', keyBy: 0, fn: 'countWithTimeout', args: { timeout: 3000 }, costMs: 0 },
        { id: 'print2', type: 'sink', input: 'timeout', costMs: 0 },
      ],
    });
    const merged = stepOf(tl, (e) => e.type === 'window.merged', 2);

    it('openWindows lists the merged window and windowState finds its state window', () => {
      expect(ok(tl, merged, { openWindows: { task: 'sess/0', count: 1, key: 'u' } }).ok).toBe(true);
      expect(ok(tl, merged, { openWindows: { task: 'sess/0', count: 1, key: 'u' } }).message).toContain('[1000,5500)');
      // A ProcessWindowFunction buffers every element: 3 in the merged session.
      expect(ok(tl, merged, { windowState: { task: 'sess/0', key: 'u', window: [1000, 5500], size: 3 } }).ok).toBe(true);
      expect(ok(tl, merged, { windowState: { task: 'sess/0', key: 'u', window: [1000, 5000], size: 0 } }).ok).toBe(true);
    });

    it('timers of a process function, one per element, and the window operator chosen by name', () => {
      const last = stepOf(tl, (e) => e.type === 'timer.registered' && e.operator === 'timeout', 4);
      expect(ok(tl, last, { timers: { task: 'timeout/0', count: 4 } }).ok).toBe(true);
      expect(ok(tl, last, { timers: { task: 'timeout/0', count: 3, key: 'u', domain: 'event' } }).ok).toBe(true);
      expect(ok(tl, last, { timers: { task: 'sess/0', operator: 'sess', count: 2 } }).ok).toBe(true);
      expect(ok(tl, last, { timers: { task: 'timeout/0', count: 0, operator: 'sess' } })).toMatchObject({ ok: false, message: 'timeout/0 has no window or process operator sess' });
    });

    it('windowResult of a global window, and windows fired at the end', () => {
      expect(ok(tl, tl.steps, { windowResult: { key: 'u', window: [1000, 5500], result: ['u', 6, 1000, 5500] } }).ok).toBe(true);
      expect(ok(tl, tl.steps, { windowResult: { key: 'u', window: 'global', result: ['u', 6] } })).toMatchObject({
        ok: false,
        message: 'window GlobalWindow of key u has not fired',
      });
      expect(ok(tl, tl.steps, { windowsFired: { count: 2, operator: 'sess' } }).ok).toBe(true);
    });
  });
});
