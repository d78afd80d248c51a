/**
 * Aligned checkpoints with a timeout under backpressure (reference §5.6; AlternatingCheckpointsTest's
 * rule on the output side: PipelinedSubpartition.alignedBarrierTimeout). Lesson 18's job: two sources
 * at 100 records/s into a 40 ms/record count, one record per buffer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import type { TraceOf } from '../../src/sim/trace.ts';

const read = (f: string) => JSON.parse(readFileSync(`lessons/18-unaligned/${f}`, 'utf8'));
const record = (sc: object) => Timeline.record(validateScenario(sc));
const completedAt = (tl: Timeline, id: number) => tl.trace.find((e): e is TraceOf<'checkpoint.completed'> => e.type === 'checkpoint.completed' && e.checkpoint === id)?.t;

describe('AlternatingCheckpointsTest (aligned with timeout, through a job)', () => {
  const aligned = record(read('aligned.json'));
  const timeout = record(read('aligned-timeout.json'));
  const triggered = timeout.trace.find((e): e is TraceOf<'checkpoint.triggered'> => e.type === 'checkpoint.triggered')!;

  it('a barrier stuck in a full output queue becomes a priority event once the timeout has passed since the trigger', () => {
    const timeoutMs = 200;
    const priority = timeout.trace.filter((e): e is TraceOf<'barrier.sent'> => e.type === 'barrier.sent' && e.checkpoint === 1 && e.unaligned === true && e.task.startsWith('src/'));
    expect(priority.length).toBeGreaterThan(0);
    // The timeout counts from the checkpoint's start (the barrier's timestamp), not from when it reached the source.
    for (const b of priority) expect(b.sentAt).toBe(triggered.t + timeoutMs);
    // The sources stored what their barriers overtook, and acknowledged only once every barrier left its queue.
    const acks = timeout.trace.filter((e): e is TraceOf<'checkpoint.acknowledged'> => e.type === 'checkpoint.acknowledged' && e.checkpoint === 1 && e.task.startsWith('src/'));
    expect(acks.reduce((n, a) => n + a.persistedData, 0)).toBeGreaterThan(0);
    for (const a of acks) expect(a.ackAt).toBeGreaterThanOrEqual(Math.max(...priority.filter((b) => b.task === a.task).map((b) => b.sentAt)));
  });

  it('so the checkpoint completes much sooner than aligned, and the timers do not spin', () => {
    expect(completedAt(timeout, 1)! - triggered.t).toBeLessThan((completedAt(aligned, 1)! - triggered.t) / 2);
    // An alignment timer firing while the task is busy runs once the task is free, not every millisecond.
    expect(timeout.steps).toBeLessThan(aligned.steps * 1.5);
  });

  it('the final counts equal the aligned run (nothing lost or doubled)', () => {
    const counts = (tl: Timeline) => JSON.stringify(tl.worldAt(tl.steps).tasks.map((t) => t.keyed));
    expect(counts(timeout)).toBe(counts(aligned));
  });
});
