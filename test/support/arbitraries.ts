/**
 * fast-check generators of random (valid) word-count-like jobs: a source of sentences, a tokenizer,
 * optional filters and identity maps behind random partitioners and parallelisms, an optional keyed
 * sum, and a print sink. Random latency jitter exercises the seeded generator and FIFO channels.
 */
import fc from 'fast-check';
import type { OperatorSpec, Scenario } from '../../src/sim/scenario/Scenario.ts';

const WORDS = ['to', 'be', 'or', 'not', 'flink', 'is', 'fast', 'state', 'time', 'a', 'b'];
const PARTITIONERS = ['rebalance', 'rescale', 'shuffle', 'broadcast', 'global', undefined] as const;

const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 5 }).map((w) => w.join(' '));
const par = fc.integer({ min: 1, max: 4 });

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    seed: fc.integer({ min: 0, max: 1000 }),
    sourceP: par,
    events: fc.array(fc.record({ at: fc.integer({ min: 0, max: 400 }), value: sentence }), { minLength: 1, maxLength: 12 }),
    middle: fc.array(
      fc.record({ kind: fc.constantFrom('map', 'filter'), p: par, partitioner: fc.constantFrom(...PARTITIONERS), chaining: fc.constantFrom(undefined, 'never', 'head') }),
      { maxLength: 3 },
    ),
    keyed: fc.option(par, { nil: undefined }),
    sinkP: par,
    jitter: fc.integer({ min: 0, max: 30 }),
    latency: fc.integer({ min: 0, max: 50 }),
    cost: fc.integer({ min: 0, max: 7 }),
  })
  .map((r) => {
    const ops: OperatorSpec[] = [
      { id: 'src', type: 'source', parallelism: r.sourceP, events: r.events.map((e, i) => ({ ...e, subtask: i % r.sourceP })) },
      { id: 'split', type: 'flatMap', input: 'src', fn: 'splitWords', parallelism: r.sourceP },
    ];
    let prev = 'split';
    let prevP = r.sourceP;
    r.middle.forEach((m, i) => {
      const id = `m${i}`;
      const base = { id, input: prev, parallelism: m.p, costMs: r.cost, ...(m.chaining ? { chaining: m.chaining } : {}) };
      const partitioner = m.partitioner ?? (m.p === prevP ? 'forward' : 'rebalance');
      ops.push(
        m.kind === 'map'
          ? { ...base, type: 'map', fn: 'identity', partitioner }
          : { ...base, type: 'filter', fn: 'oneOf', args: { field: 0, values: ['to', 'be', 'flink', 'a'] }, partitioner },
      );
      prev = id;
      prevP = m.p;
    });
    if (r.keyed !== undefined) {
      ops.push({ id: 'count', type: 'sum', input: prev, keyBy: 0, field: 1, parallelism: r.keyed, costMs: r.cost });
      prev = 'count';
      prevP = r.keyed;
    }
    ops.push({ id: 'print', type: 'sink', input: prev, parallelism: r.sinkP });
    return { version: 1, seed: r.seed, network: { latencyMs: r.latency, jitterMs: r.jitter }, operators: ops } as Scenario;
  });
