/**
 * Event-time regressions: problems found while writing timeConformance/timeProperties/validateTime,
 * each a minimal repro stating the rule it broke, kept as regression tests once fixed.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { expectIssue } from '../support/issues.ts';

const CLI = fileURLToPath(new URL('../../src/cli/flinkscope.mjs', import.meta.url));
const record = (scenario: object) => Timeline.record(validateScenario({ version: 1, ...scenario }));

describe('ContinuousEventTimeTrigger on GlobalWindows at the end of input', () => {
  /**
   * Reference §4.4 W5 (testContinuousWatermarkTrigger) as a whole job that ENDS its input: the source
   * emits Long.MAX_VALUE, the fire-time timer (t) fires, ContinuousEventTimeTrigger.onEventTime
   * re-registers min(t + interval, maxTimestamp = Long.MAX_VALUE) (§3.5), which is <= the watermark, so
   * InternalTimerServiceImpl.advanceWatermark (§3.7: "fire every event-time timer with timestamp <= t")
   * fires it again: ~3·10^15 firings inside ONE kernel step. Flink would livelock the same way, but the
   * simulator promises that every run ends: README "maxEvents: a longer run stops with an error that
   * says how to fix it" / "a run that passes its event cap exits with status 1". Here the event cap is
   * never checked (one step), so `flinkscope run` (and the browser tab) hangs forever.
   * Run in a child process so that the hang cannot block the test worker.
   */
  it('a bounded job with a continuous trigger on a global window terminates (or fails with the event-cap error)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flinkscope-timebug-'));
    try {
      const file = join(dir, 'w5.json');
      writeFileSync(file, JSON.stringify({
        version: 1,
        maxEvents: 10_000,
        network: { latencyMs: 0 },
        operators: [
          { id: 'src', type: 'source', costMs: 0, events: [{ at: 1000, value: ['key1', 1], timestamp: 0 }, { at: 1010, watermark: 1000 }] },
          { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'global' }, trigger: { type: 'continuousEventTime', interval: 3000 }, aggregate: 'sum', field: 1, costMs: 0 },
          { id: 'sink', type: 'sink', input: 'win', costMs: 0 },
        ],
      }));
      const r = spawnSync(process.execPath, [CLI, 'run', file], { timeout: 15_000, stdio: ['ignore', 'ignore', 'pipe'] });
      expect(r.signal, 'flinkscope run was still running after 15 s and was killed').toBeNull();
      expect([0, 1]).toContain(r.status);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('a legacy source that marked itself idle emits a record', () => {
  /**
   * Scenario.ts documents the source events `watermark` / `idle` as what a legacy SourceFunction emits
   * through its SourceContext. Flink's SourceContext marks the output ACTIVE before every record:
   * flink-streaming-java/src/main/java/org/apache/flink/streaming/api/operators/StreamSourceContexts.java,
   * WatermarkContext#collect and #collectWithTimestamp call processAndEmitWatermarkStatus(ACTIVE)
   * (StreamStatus.ACTIVE via toggleStreamStatus in older releases) before processAndCollect*.
   * (Not in the reference, which covers only TimestampsAndWatermarksOperator's emitter, §1.1, where
   * only an advancing watermark re-activates.) The engine sends the record while the channel stays
   * IDLE, so the consumer's StatusWatermarkValve (§1.3) goes IDLE when the other channel idles,
   * although one of its inputs is producing records.
   */
  it('the record is preceded by ACTIVE, and the consumer does not go idle while that input is active', () => {
    const tl = record({
      until: 3000,
      network: { latencyMs: 0 },
      operators: [
        {
          id: 'src', type: 'source', parallelism: 2, costMs: 0, events: [
            { at: 1000, subtask: 0, watermark: 100 },
            { at: 1010, subtask: 1, watermark: 50 },
            { at: 1020, subtask: 1, idle: true },
            { at: 1030, subtask: 1, value: ['k', 1], timestamp: 60 },
            { at: 1040, subtask: 0, idle: true },
            { at: 5000, subtask: 0, value: ['z', 1], timestamp: 1 },
            { at: 5000, subtask: 1, value: ['z', 1], timestamp: 1 },
          ],
        },
        { id: 'sink', type: 'sink', input: 'src', partitioner: 'rebalance', parallelism: 1, costMs: 0 },
      ],
    });
    const src1 = tl.trace.flatMap((e) =>
      e.type === 'watermark.status' && e.task === 'src/1' ? [e.status] : e.type === 'source.emitted' && e.task === 'src/1' ? ['record'] : []);
    expect(src1).toEqual(['IDLE', 'ACTIVE', 'record']);
    // channel 1 is active again (unaligned: 50 < 100), so the valve stays ACTIVE when channel 0 idles
    const sinkStatus = tl.trace.flatMap((e) => (e.type === 'watermark.status' && e.task === 'sink/0' ? [e.status] : []));
    expect(sinkStatus).toEqual([]);
  });
});

describe('validation messages that do not match Flink’s checks', () => {
  const job = (watermarks: object) => ({
    operators: [
      { id: 'src', type: 'source', watermarks, events: [{ at: 0, value: ['a', 1], timestamp: 1 }] },
      { id: 'print', type: 'sink', input: 'src' },
    ],
  });

  // BoundedOutOfOrdernessWatermarks.java: checkArgument(!maxOutOfOrderness.isNegative(), "maxOutOfOrderness cannot be negative") (§1.1: "B must not be negative");
  // validateTime.ts cites it but reports the generic duration message ("-5 ms": "text does not start with a number Use ms …").
  it('a negative maxOutOfOrderness says "maxOutOfOrderness cannot be negative"', () => {
    expectIssue(job({ strategy: 'boundedOutOfOrderness', maxOutOfOrderness: -5 }), 'operators[0].watermarks.maxOutOfOrderness', 'cannot be negative');
    expectIssue(job({ strategy: 'boundedOutOfOrderness', maxOutOfOrderness: '-5 ms' }), 'operators[0].watermarks.maxOutOfOrderness', 'cannot be negative');
  });

  // WatermarksWithIdleness: checkArgument(timeout > 0, …) (§1.2: "withIdleness(timeout) requires timeout > 0"; golden case ctor timeoutMs -1 throws).
  // 0 gets Flink's message, -1 the generic duration one.
  it('a negative idleness says it must be greater than zero, like 0 does', () => {
    expectIssue(job({ strategy: 'monotonous', idleness: -1 }), 'operators[0].watermarks.idleness', 'greater than zero');
    expectIssue(job({ strategy: 'monotonous', idleness: '-1 s' }), 'operators[0].watermarks.idleness', 'greater than zero');
  });
});
