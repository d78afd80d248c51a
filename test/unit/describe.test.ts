import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { describeContext, describeEvent, indexRecords, operatorLabel, showValue, summarize } from '../../src/lib/describe.ts';
import { TRACE_EVENT_TYPES, type TraceEvent } from '../../src/sim/trace.ts';
import { serializeTrace, traceHash } from '../../src/sim/traceHash.ts';

// The word count of lesson 1, inlined so that lesson edits do not move these sentences.
const scenarioJson = {
  version: 1,
  seed: 7,
  job: { parallelism: 2 },
  network: { latencyMs: 60 },
  operators: [
    {
      id: 'source', type: 'source', name: 'Sentences',
      events: [
        { at: 100, subtask: 0, value: 'to be or not to be' },
        { at: 300, subtask: 1, value: 'flink is fast' },
      ],
    },
    { id: 'split', type: 'flatMap', input: 'source', fn: 'splitWords' },
    { id: 'count', type: 'sum', input: 'split', keyBy: 0, field: 1 },
    { id: 'print', type: 'sink', input: 'count' },
  ],
};
const scenario = validateScenario(scenarioJson);
const tl = Timeline.record(scenario);
const ctx = describeContext(tl.plan, tl.trace);
const find = (pred: (e: TraceEvent) => boolean) => {
  const e = tl.trace.find(pred);
  if (!e) throw new Error('event not in the trace');
  return e;
};

describe('describeEvent', () => {
  it('record.received names the receiving operator and subtask, the value and the sender (en, zh)', () => {
    const e = find((x) => x.type === 'record.received' && x.task === 'count/1');
    expect(describeEvent(e, ctx, 'en')).toBe('t=160 ms: Keyed Aggregation (2/2) received (to,1) from source/0');
    expect(describeEvent(e, ctx, 'zh')).toBe('t=160 ms：Keyed Aggregation (2/2) 收到来自 source/0 的 (to,1)');
  });

  it('record.sent names the sending operator (the chain tail), the partitioner and the key group', () => {
    const e = find((x) => x.type === 'record.sent');
    expect(describeEvent(e, ctx, 'en')).toBe('t=100 ms: Flat Map (1/2) sent (to,1) to count/1 via HASH, key group 91');
    expect(describeEvent(e, ctx, 'zh')).toBe('t=100 ms：Flat Map (1/2) 经 HASH 把 (to,1) 发往 count/1，键组 91');
  });

  it('source, state, output, job and task events', () => {
    const say = (pred: (e: TraceEvent) => boolean, lang: 'en' | 'zh' = 'en') => describeEvent(find(pred), ctx, lang);
    expect(say((e) => e.type === 'source.emitted')).toBe('t=100 ms: Source: Sentences (1/2) read "to be or not to be" (offset 0)');
    expect(say((e) => e.type === 'source.emitted', 'zh')).toBe('t=100 ms：Source: Sentences (1/2) 读取了 “to be or not to be”（偏移量 0）');
    expect(say((e) => e.type === 'state.changed')).toBe('t=180 ms: Keyed Aggregation (2/2) created state (to,1) for key "to" (key group 91)');
    expect(say((e) => e.type === 'state.changed' && e.from !== null)).toBe('t=240 ms: Keyed Aggregation (2/2) updated key "to": (to,1) → (to,2)');
    expect(say((e) => e.type === 'output.emitted')).toBe('t=180 ms: Sink: Print to Std. Out (2/2) printed “2> (to,1)”');
    expect(say((e) => e.type === 'output.emitted', 'zh')).toBe('t=180 ms：Sink: Print to Std. Out (2/2) 打印 “2> (to,1)”');
    expect(say((e) => e.type === 'job.status')).toBe('t=10 ms: the job went INITIALIZING → CREATED');
    expect(say((e) => e.type === 'job.status' && e.to === 'RUNNING', 'zh')).toBe('t=20 ms：作业状态 CREATED → RUNNING');
    expect(say((e) => e.type === 'task.state')).toBe('t=20 ms: subtask source/0 went CREATED → SCHEDULED');
    expect(say((e) => e.type === 'record.processed' && e.operator === 'split')).toBe('t=100 ms: Flat Map (1/2) turned "to be or not to be" into 6 records');
    expect(say((e) => e.type === 'record.processed' && e.operator === 'count')).toBe('t=180 ms: Keyed Aggregation (2/2) turned (to,1) into (to,1)');
    expect(say((e) => e.type === 'end.sent')).toMatch(/^t=\d+ ms: source\/\d sent end-of-partition to count\/\d$/);
    expect(say((e) => e.type === 'end.received', 'zh')).toMatch(/^t=\d+ ms：count\/\d 收到来自 source\/\d 的分区结束标记$/);
  });

  it('every event of the run has a sentence in both languages, without "undefined" or "?"', () => {
    for (const e of tl.trace) {
      for (const lang of ['en', 'zh'] as const) {
        const s = describeEvent(e, ctx, lang);
        expect(s).not.toMatch(/undefined|NaN|\?/);
        expect(s.startsWith(`t=${e.t} ms`)).toBe(true);
      }
    }
  });

  it('actions applied by a fork', () => {
    const forked = tl.fork({ type: 'pauseTask', task: 'count/1' }, { step: 20, time: tl.timeOfStep(20) });
    const fctx = describeContext(forked.plan, forked.trace);
    const e = forked.trace.find((x) => x.type === 'action.applied')!;
    expect(describeEvent(e, fctx, 'en')).toBe(`t=${e.t} ms: you paused count/1`);
    expect(describeEvent(e, fctx, 'zh')).toBe(`t=${e.t} ms：你暂停了 count/1`);
    const rate = { step: 1, t: 5, type: 'action.applied', action: { type: 'setSourceRate', operator: 'source', ratePerSec: 4 } } as const;
    expect(describeEvent(rate, fctx, 'en')).toBe('t=5 ms: you set Source: Sentences to 4 records/s');
    expect(describeEvent(rate, fctx, 'zh')).toBe('t=5 ms：你把 Source: Sentences 的速率设为每秒 4 条');
  });

  it('covers every trace event type', () => {
    // A sentence exists for each type (the switch is exhaustive); this guards new types being added silently.
    expect(TRACE_EVENT_TYPES.length).toBe(53);
  });

  it('cluster events: RPCs with what they carry, slots, failures and restarts', () => {
    const say = (pred: (e: TraceEvent) => boolean, lang: 'en' | 'zh' = 'en') => describeEvent(find(pred), ctx, lang);
    expect(say((e) => e.type === 'rpc.sent' && e.message.name === 'declareRequiredResources')).toBe(
      't=20 ms: jobmaster → resourcemanager: declareRequiredResources (2 slots needed)',
    );
    expect(say((e) => e.type === 'rpc.sent' && e.message.name === 'submitJob', 'zh')).toBe('t=0 ms：客户端 → Dispatcher：submitJob');
    expect(say((e) => e.type === 'slot.assigned')).toBe('t=50 ms: the JobMaster gave tm-1 slot 0 to source/0, count/0');
    const failed = Timeline.record(validateScenario({ ...scenarioJson, faults: [{ at: 150, type: 'failTask', task: 'count/1' }] }));
    const fctx = describeContext(failed.plan, failed.trace);
    const failure = failed.trace.find((e) => e.type === 'job.failure')!;
    expect(describeEvent(failure, fctx, 'en')).toBe(
      `t=${failure.t} ms: count/1 failed: java.lang.RuntimeException: failure injected by Flinkscope. Recovery is suppressed by NoRestartBackoffTimeStrategy`,
    );
  });
});

describe('helpers', () => {
  it('indexRecords finds values of sent, emitted and printed records', () => {
    const idx = indexRecords(tl.trace);
    const src = find((e) => e.type === 'source.emitted');
    const sent = find((e) => e.type === 'record.sent');
    const out = find((e) => e.type === 'output.emitted');
    expect(src.type === 'source.emitted' && idx.get(src.record.id)).toBe('to be or not to be');
    expect(sent.type === 'record.sent' && idx.get(sent.record.id)).toEqual(['to', 1]);
    expect(out.type === 'output.emitted' && idx.get(out.record)).toEqual(['to', 1]);
  });

  it('showValue quotes strings, prints tuples like Flink and cuts long values', () => {
    expect(showValue('a', 'en')).toBe('"a"');
    expect(showValue('a', 'zh')).toBe('“a”');
    expect(showValue(['a', 1], 'en')).toBe('(a,1)');
    expect(showValue(undefined, 'en')).toBe('?');
    expect(showValue('x'.repeat(100), 'en')).toHaveLength(46);
  });

  it('operatorLabel uses the subtask numbering of the Web UI', () => {
    expect(operatorLabel(tl.plan, 'count/0')).toBe('Keyed Aggregation (1/2)');
    expect(operatorLabel(tl.plan, 'count/0', 'print')).toBe('Sink: Print to Std. Out (1/2)');
    expect(operatorLabel(tl.plan, 'nope/3')).toBe('nope/3');
  });

  it('summarize: a few sentences and a count of the rest', () => {
    const at = find((e) => e.type === 'source.emitted').step;
    const step14 = tl.traceBetween(at - 1, at);
    const s = summarize(step14, ctx, 'en');
    expect(s).toBe('t=100 ms: Source: Sentences (1/2) read "to be or not to be" (offset 0); Flat Map (1/2) turned "to be or not to be" into 6 records; and 6 more events');
    expect(summarize(step14, ctx, 'zh')).toContain('；另有 6 个事件');
    expect(summarize([], ctx, 'en')).toBe('');
    const span = summarize(tl.traceBetween(0, at - 1), ctx, 'en', 1);
    expect(span.startsWith('t=0–100 ms: ')).toBe(true);
  });

  it('summarize skips bookkeeping events when others exist', () => {
    const first = find((e) => e.type === 'state.changed').step;
    const step25 = tl.traceBetween(first - 1, first); // state.changed, processed (count), output, processed (print)
    expect(summarize(step25, ctx, 'en')).toBe(
      't=180 ms: Keyed Aggregation (2/2) created state (to,1) for key "to" (key group 91); Sink: Print to Std. Out (2/2) printed “2> (to,1)”',
    );
  });
});

describe('traceHash', () => {
  it('serializes one JSON document per line and hashes with SHA-256', async () => {
    const text = serializeTrace(tl.trace);
    expect(text.split('\n')).toHaveLength(tl.trace.length);
    expect(JSON.parse(text.split('\n')[0]!)).toEqual(tl.trace[0]);
    const h = await traceHash(tl.trace);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await traceHash(Timeline.record(scenario).trace)).toBe(h);
    expect(await traceHash([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
