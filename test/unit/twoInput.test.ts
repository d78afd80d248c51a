import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { events, record } from '../support/runs.ts';
import { LONG_MAX } from '../../src/sim/util/JavaLong.ts';

const scenario = JSON.parse(readFileSync(new URL('../fixtures/two-input-watermarks.json', import.meta.url), 'utf8')) as object;

describe('TwoInputStreamTaskTest', () => {
  // Reference §1.4: each input goes through its own valve (two channels each), then the two inputs
  // combine (minimum over non-idle inputs). The sources emit the golden case's watermarks in order.
  it('testWatermarkAndWatermarkStatusForwarding (driven through a coMap scenario)', () => {
    const tl = record(scenario);
    const out = tl.trace.flatMap((e): ({ wm: number } | { rec: unknown })[] => {
      if (e.type === 'watermark.advanced' && e.task === 'co/0' && e.operator === 'co') return [{ wm: e.watermark }];
      if (e.type === 'output.emitted') return [{ rec: e.value }];
      return [];
    });
    expect(out).toEqual([{ wm: 0 }, { rec: 'Hello' }, { rec: 42 }, { wm: 2 }, { wm: 3 }, { wm: 4 }, { wm: 5 }, { wm: 6 }, { wm: LONG_MAX }]);
  });

  it('builds two typed input edges and one valve per input', () => {
    const tl = record(scenario);
    const edges = tl.plan.streamGraph.edges.filter((e) => e.target === 'co');
    expect(edges.map((e) => e.typeNumber)).toEqual([1, 2]);
    const time = tl.worldAt(1).tasks[tl.plan.execution.tasks.findIndex((t) => t.id === 'co/0')]!.time;
    expect(time.valve!.channels).toHaveLength(2);
    expect(time.valve2!.channels).toHaveLength(2);
    expect(time.combined!.partials).toHaveLength(2);
  });

  it('a union feeds one valve over the channels of both inputs', () => {
    const src = (id: string) => ({ id, type: 'source', costMs: 0, events: [{ at: 200, watermark: id === 'a' ? 5 : 9 }] });
    const tl = record({ operators: [src('a'), src('b'), { id: 'u', type: 'map', fn: 'identity', input: ['a', 'b'], costMs: 0 }, { id: 'p', type: 'sink', input: 'u', costMs: 0 }] });
    const time = tl.worldAt(1).tasks[tl.plan.execution.tasks.findIndex((t) => t.id === 'u/0')]!.time;
    expect(time.valve!.channels).toHaveLength(2);
    expect(time.valve2).toBeNull();
    // The minimum of the two inputs (5); a finishes (its end-of-input watermark), so b's 9 holds; then b ends.
    expect(events(tl, 'watermark.advanced').filter((e) => e.operator === 'u').map((e) => e.watermark)).toEqual([5, 9, LONG_MAX]);
  });
});

describe('an output that announced IDLE forwards no watermark (RecordWriterOutput/ChainingOutput.emitWatermark)', () => {
  it('a two-input operator that becomes active through a watermark emits that watermark before ACTIVE, so downstream never sees it', () => {
    const tl = record({
      network: { latencyMs: 1 },
      operators: [
        { id: 'a', type: 'source', costMs: 0, events: [{ at: 200, watermark: 10 }, { at: 300, idle: true }, { at: 2000, value: 'x', timestamp: 11 }] },
        { id: 'b', type: 'source', costMs: 0, events: [{ at: 210, watermark: 5 }, { at: 400, idle: true }, { at: 2000, value: 'y', timestamp: 6 }] },
        { id: 'co', type: 'coMap', input: ['a', 'b'], partitioner: 'rebalance', costMs: 0 },
        { id: 'out', type: 'sink', input: 'co', costMs: 0 },
      ],
    });
    const advanced = (op: string) => events(tl, 'watermark.advanced').filter((e) => e.operator === op).map((e) => e.watermark);
    expect(advanced('co')).toEqual([5, 10, LONG_MAX]);
    expect(advanced('out')).toEqual([5, LONG_MAX]);
  });
});
