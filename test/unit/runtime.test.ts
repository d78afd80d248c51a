/**
 * Runtime semantics beyond the golden cases: aggregations, keys, output order, fan-out, generator
 * rates, actions and shared-run decoding. Each case pins a rule read from Flink's source (cited).
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import { SimulationError } from '../../src/sim/kernel/errors.ts';
import { decodeBase64Url, parseSharedRun, ShareError } from '../../src/sim/share.ts';
import type { Json, OperatorSpec, Scenario } from '../../src/sim/scenario/Scenario.ts';

const run = (operators: OperatorSpec[], extra: Partial<Scenario> = {}) =>
  Timeline.record(validateScenario({ version: 1, operators, ...extra }));
const source = (values: Json[], p = 1): OperatorSpec => ({ id: 'src', type: 'source', parallelism: p, events: values.map((value, i) => ({ at: i, value })) });
const printed = (tl: Timeline) => tl.trace.flatMap((e) => (e.type === 'output.emitted' ? [e.text] : []));

describe('ComparableAggregator (keyBy(0).min/max)', () => {
  it('min/max compare strings like String.compareTo and keep the first record\'s other fields', () => {
    const tl = run([
      source([['k', 'b', 1], ['k', 'a', 2], ['k', 'c', 3]]),
      { id: 'm', type: 'min', input: 'src', keyBy: 0, field: 1 },
      { id: 'print', type: 'sink', input: 'm' },
    ]);
    expect(printed(tl)).toEqual(['(k,b,1)', '(k,a,1)', '(k,a,1)']);
  });
  it('max keeps the larger number', () => {
    const tl = run([source([['k', 3], ['k', 7], ['k', 5]]), { id: 'm', type: 'max', input: 'src', keyBy: 0, field: 1 }, { id: 'print', type: 'sink', input: 'm' }]);
    expect(printed(tl)).toEqual(['(k,3)', '(k,7)', '(k,7)']);
  });
});

describe('SumAggregator', () => {
  it('fails clearly when the field is not a number', () => {
    expect(() => run([source([['k', 'x'], ['k', 'y']]), { id: 's', type: 'sum', input: 'src', keyBy: 0, field: 1 }, { id: 'print', type: 'sink', input: 's' }])).toThrow(
      /operator "s": sum\(1\) needs numbers/,
    );
  });
});

describe('KeyGroupRangeAssignment.assignToKeyGroup', () => {
  it('a null key fails like Flink ("Assigned key must not be null!")', () => {
    expect(() => run([source([{ word: 'a' }, { other: 1 }]), { id: 's', type: 'sum', input: 'src', keyBy: 'word', field: 'n' }, { id: 'print', type: 'sink', input: 's' }])).toThrow(
      SimulationError,
    );
  });
  it('equal POJO keys share one state entry whatever their field order', () => {
    const tl = run([
      source([[{ a: 1, b: 2 }, 1], [{ b: 2, a: 1 }, 1]]),
      { id: 's', type: 'sum', input: 'src', keyBy: 0, field: 1 },
      { id: 'print', type: 'sink', input: 's' },
    ]);
    const keyed = tl.worldAt(tl.steps).tasks.find((t) => t.keyed.s)!.keyed.s!;
    expect(Object.keys(keyed)).toHaveLength(1);
    expect(printed(tl).at(-1)).toBe('({"a":1,"b":2},2)');
  });
});

describe('OperatorChain', () => {
  // OperatorChain.createOutputCollector: RecordWriterOutputs come before chained outputs.
  const fanOut: OperatorSpec[] = [
    source(['x'], 2),
    { id: 'm', type: 'map', fn: 'identity', input: 'src', parallelism: 2 },
    { id: 'local', type: 'sink', input: 'm', parallelism: 2 },
    { id: 'remote', type: 'sink', input: 'm', parallelism: 1 },
    { id: 'remote2', type: 'sink', input: 'm', parallelism: 1, partitioner: 'global' },
  ];
  it('hands a record to the network before the chained operators', () => {
    const tl = run(fanOut);
    const first = tl.trace.filter((e) => e.type === 'record.sent' || e.type === 'output.emitted').slice(0, 3).map((e) => e.type);
    expect(first).toEqual(['record.sent', 'record.sent', 'output.emitted']);
  });
  it('gives each copy that leaves on another channel its own record id', () => {
    const tl = run(fanOut);
    const sent = tl.trace.filter((e) => e.type === 'record.sent');
    expect(new Set(sent.map((e) => (e.type === 'record.sent' ? e.record.id : 0))).size).toBe(sent.length);
  });
  it('names a chain that branches as Flink does: a -> (b, c)', () => {
    const tl = run([
      source(['x']),
      { id: 'm', type: 'map', fn: 'identity', input: 'src' },
      { id: 'out', type: 'sink', input: 'm' },
      { id: 'm2', type: 'map', fn: 'identity', input: 'src' },
    ]);
    expect(tl.plan.jobGraph.vertices[0]!.name).toBe('Source: src -> (Map -> Sink: Print to Std. Out, Map)');
  });
});

describe('generator sources', () => {
  it('emit at their rate, also above one record per millisecond', () => {
    const tl = run(
      [
        { id: 'src', type: 'source', generator: { seed: 1, ratePerSec: 5000, count: 100, values: ['a'] }, costMs: 0 },
        { id: 'print', type: 'sink', input: 'src', costMs: 0, partitioner: 'rebalance', parallelism: 2 },
      ],
      { deploy: { deployingMs: 0, initializingMs: 0, cancelingMs: 0 } },
    );
    const times = tl.trace.flatMap((e) => (e.type === 'source.emitted' ? [e.t] : []));
    expect(times).toHaveLength(100);
    expect(times.at(-1)! - times[0]!).toBe(Math.floor((99 * 1000) / 5000));
  });
  it('change rate from the moment of the action', () => {
    const gen: OperatorSpec[] = [
      { id: 'src', type: 'source', generator: { seed: 1, ratePerSec: 10, count: 6, values: ['a'] }, costMs: 0 },
      { id: 'print', type: 'sink', input: 'src', partitioner: 'rebalance', parallelism: 2 },
    ];
    const tl = run(gen);
    const third = tl.trace.filter((e) => e.type === 'source.emitted')[2]!;
    const forked = tl.fork({ type: 'setSourceRate', operator: 'src', ratePerSec: 100 }, { step: third.step, time: third.t });
    const times = forked.trace.flatMap((e) => (e.type === 'source.emitted' ? [e.t] : []));
    expect(times.slice(3).map((t) => t - third.t)).toEqual([10, 20, 30]);
  });
});

describe('timeline actions', () => {
  const scenario = validateScenario({ version: 1, operators: [source(['a b', 'c']), { id: 'print', type: 'sink', input: 'src', partitioner: 'rebalance', parallelism: 2 }] });
  it('an action cannot act before the step it is pinned to', () => {
    const tl = Timeline.record(scenario);
    const step = tl.steps - 2;
    expect(() => Timeline.record(scenario, { actions: [{ type: 'pauseTask', task: 'print/0', step, time: 0 }] })).toThrow(/actions\[0\]\.time: .* cannot act in the past/);
  });
  it('an action past the end of the run is an error, not silently dropped', () => {
    expect(() => Timeline.record(scenario, { actions: [{ type: 'pauseTask', task: 'print/0', step: 10_000, time: 0 }] })).toThrow(/actions\[0\]\.step: 10000 is past the end/);
  });
  it('a fork needs a finite position and never reorders the past', () => {
    const tl = Timeline.record(scenario);
    expect(() => tl.fork({ type: 'pauseTask', task: 'print/0' }, { step: 3, time: NaN })).toThrow(/finite/);
    const f = tl.fork({ type: 'pauseTask', task: 'print/0' }, { step: 3, time: 1e9 });
    expect(f.actions[0]!.time).toBe(tl.timeOfStep(4));
  });
});

describe('shared runs', () => {
  const ok = { format: 'flinkscope-run', version: 1, scenario: { version: 1, operators: [] }, seed: 1, actions: [], position: { step: 0, time: 0 } };
  it('reject a seed that is not a 32-bit integer (it would collide with another)', () => {
    expect(() => parseSharedRun({ ...ok, seed: 2 ** 40 })).toThrow(/seed: must be a 32-bit integer/);
  });
  it('reject a run naming both a scenario and a lesson', () => {
    expect(() => parseSharedRun({ ...ok, lesson: { id: '01-anatomy', scenario: 'main' } })).toThrow(/either "scenario" or "lesson"/);
  });
  it('reject a cut-short link with a ShareError', () => {
    expect(() => decodeBase64Url('a')).toThrow(ShareError);
  });
});

describe('SingleInputGate', () => {
  it('channels with data take turns, one element each (inputChannelsWithData), rather than first-come-first-served', () => {
    const tl = run([
      { id: 'src', type: 'source', parallelism: 2, events: [
        { at: 0, subtask: 0, value: 'a1' }, { at: 0, subtask: 0, value: 'a2' }, { at: 0, subtask: 0, value: 'a3' }, { at: 2, subtask: 1, value: 'b1' },
      ] },
      { id: 'm', type: 'map', fn: 'identity', input: 'src', parallelism: 1, costMs: 50 },
      { id: 'print', type: 'sink', input: 'm', parallelism: 1 },
    ]);
    expect(printed(tl)).toEqual(['a1', 'b1', 'a2', 'a3']);
  });
});
