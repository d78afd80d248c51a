/**
 * Stream partitioners (reference §6.3, §6.4) and POINTWISE wiring (reference §6.5, Flink's
 * PointwisePatternTest).
 */
import { runtimeDefaults } from '../support/resolved.ts';
import { describe, expect, it } from 'vitest';
import { buildExecutionPlan, pointwiseConsumers, pointwiseProducers } from '../../src/sim/graph/ExecutionGraph.ts';
import { buildJobPlan } from '../../src/sim/graph/JobPlan.ts';
import type { ExecutionPlan, JobGraph, PartitionerKind } from '../../src/sim/graph/types.ts';
import { nextInt, seedRng } from '../../src/sim/kernel/Random.ts';
import type { RngState } from '../../src/sim/kernel/Random.ts';
import { PARTITIONERS } from '../../src/sim/partitioner/StreamPartitioner.ts';
import type { PartitionContext } from '../../src/sim/partitioner/StreamPartitioner.ts';
import type { Json, OperatorSpec, PartitionerName, ResolvedScenario } from '../../src/sim/scenario/Scenario.ts';
import { assignKeyToParallelOperator } from '../../src/sim/state/KeyGroupRangeAssignment.ts';

const ctx = (channels: number, rng: RngState = seedRng(1), extra: Partial<PartitionContext> = {}): PartitionContext => ({
  channels,
  rng,
  maxParallelism: 128,
  ...extra,
});

/** Sets the partitioner up and sends `records` records through it; returns each record's channels. */
function run(kind: PartitionerKind, c: PartitionContext, records: number, keys?: Json[]): number[][] {
  const p = PARTITIONERS[kind];
  let state = p.setup(c);
  const out: number[][] = [];
  for (let i = 0; i < records; i++) {
    const r = p.select(state, keys ? { ...c, key: keys[i]! } : c);
    state = r.state;
    out.push(r.channels);
  }
  return out;
}

describe('StreamPartitioner', () => {
  it('FORWARD and RESCALE are pointwise, all others ALL_TO_ALL', () => {
    const pointwise = (Object.keys(PARTITIONERS) as PartitionerKind[]).filter((k) => PARTITIONERS[k].isPointwise).sort();
    expect(pointwise).toEqual(['FORWARD', 'RESCALE']);
    for (const k of ['REBALANCE', 'SHUFFLE', 'BROADCAST', 'GLOBAL', 'HASH'] as const) {
      expect(PARTITIONERS[k].isPointwise, k).toBe(false);
    }
  });
});

describe('ForwardPartitionerTest', () => {
  it('testSelectChannelsInterval: always channel 0', () => {
    expect(run('FORWARD', ctx(1), 5)).toEqual([[0], [0], [0], [0], [0]]);
  });
});

describe('GlobalPartitionerTest', () => {
  it.each([1, 2, 1024])('testSelectChannels: channel 0 with %i channels', (n) => {
    expect(run('GLOBAL', ctx(n), 4)).toEqual([[0], [0], [0], [0]]);
  });
});

describe('BroadcastPartitionerTest', () => {
  it.each([1, 2, 7])('every record goes to all %i channels', (n) => {
    const all = Array.from({ length: n }, (_, i) => i);
    expect(run('BROADCAST', ctx(n), 3)).toEqual([all, all, all]);
  });
});

describe('RescalePartitionerTest', () => {
  it('testSelectChannelsInterval: round-robin starting at channel 0', () => {
    expect(run('RESCALE', ctx(3), 7).map((c) => c[0])).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(run('RESCALE', ctx(1), 3).map((c) => c[0])).toEqual([0, 0, 0]);
    expect(run('RESCALE', ctx(2), 4).map((c) => c[0])).toEqual([0, 1, 0, 1]);
  });
  it('does not depend on the seed', () => {
    expect(run('RESCALE', ctx(4, seedRng(1)), 9)).toEqual(run('RESCALE', ctx(4, seedRng(99)), 9));
  });
});

describe('RebalancePartitionerTest', () => {
  it.each([1, 2, 3, 5, 1024])('testSelectChannelsInterval: first record to (r+1) mod n, then round-robin (n=%i)', (n) => {
    for (const seed of [1, 2, 3, 42, 1234567]) {
      const rng = seedRng(seed);
      // setup(numberOfChannels): nextChannelToSendTo = random.nextInt(n): exactly one draw.
      const probe = [...rng];
      const r = nextInt(probe, n);
      const c = ctx(n, rng);
      const p = PARTITIONERS.REBALANCE;
      let state = p.setup(c);
      expect(state).toBe(r);
      expect(rng).toEqual(probe);
      const seen: number[] = [];
      for (let i = 1; i <= 2 * n + 1; i++) {
        const out = p.select(state, c);
        state = out.state;
        seen.push(out.channels.length === 1 ? out.channels[0]! : -1);
      }
      expect(seen).toEqual(Array.from({ length: 2 * n + 1 }, (_, i) => (r + 1 + i) % n));
      // select itself never draws
      expect(rng).toEqual(probe);
    }
  });

  it('the setup draw is random: over many seeds every channel is somebody\'s first', () => {
    const n = 4;
    const first = new Set<number>();
    for (let seed = 0; seed < 200; seed++) first.add(run('REBALANCE', ctx(n, seedRng(seed)), 1)[0]![0]!);
    expect([...first].sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('ShufflePartitionerTest', () => {
  it('testSelectChannelsInterval: one channel in [0, n)', () => {
    expect(run('SHUFFLE', ctx(1), 5)).toEqual([[0], [0], [0], [0], [0]]);
    for (const n of [2, 3, 1024]) {
      for (const [ch] of run('SHUFFLE', ctx(n, seedRng(7)), 500)) {
        expect(ch).toBeGreaterThanOrEqual(0);
        expect(ch).toBeLessThan(n);
        expect(Number.isInteger(ch)).toBe(true);
      }
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = run('SHUFFLE', ctx(8, seedRng(5)), 200);
    const b = run('SHUFFLE', ctx(8, seedRng(5)), 200);
    const c = run('SHUFFLE', ctx(8, seedRng(6)), 200);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('is roughly uniform over many draws', () => {
    const n = 4;
    const draws = 40_000;
    const counts = new Array<number>(n).fill(0);
    for (const [ch] of run('SHUFFLE', ctx(n, seedRng(2024)), draws)) counts[ch!]!++;
    for (const c of counts) {
      expect(c).toBeGreaterThan((draws / n) * 0.95);
      expect(c).toBeLessThan((draws / n) * 1.05);
    }
  });
});

describe('KeyGroupStreamPartitionerTest', () => {
  it('testSelectChannelsGrouping: Tuple2("test",0) and Tuple2("test",42) keyed by f0 go to the same channel', () => {
    for (const n of [1, 2, 1024]) {
      const a = run('HASH', ctx(n, seedRng(1), { maxParallelism: 1024 }), 1, ['test']);
      const b = run('HASH', ctx(n, seedRng(1), { maxParallelism: 1024 }), 1, ['test']);
      expect(a).toEqual(b);
      expect(a[0]).toHaveLength(1);
    }
  });

  it('equal keys always route identically, whatever comes in between', () => {
    const keys: Json[] = ['a', 1, 'b', 'a', 42, 1, 'b', 'a', 42];
    const out = run('HASH', ctx(3), keys.length, keys).map((c) => c[0]);
    const byKey = new Map<string, Set<number>>();
    keys.forEach((k, i) => {
      const s = byKey.get(JSON.stringify(k)) ?? new Set<number>();
      s.add(out[i]!);
      byKey.set(JSON.stringify(k), s);
    });
    for (const [k, s] of byKey) expect(s.size, k).toBe(1);
  });

  it('selects assignKeyToParallelOperator(key, maxParallelism, n)', () => {
    const keys: Json[] = [0, 1, 2, 3, 4, 5, 42, -1, 'a', 'b', 'hello', ['x', 3]];
    for (const maxParallelism of [128, 1024, 10]) {
      for (const n of [1, 2, 3, 4, 7].filter((n) => n <= maxParallelism)) {
        const out = run('HASH', ctx(n, seedRng(1), { maxParallelism }), keys.length, keys);
        expect(out).toEqual(keys.map((k) => [assignKeyToParallelOperator(k, maxParallelism, n)]));
      }
    }
  });

  // [COMPUTED] reference §6.6 golden op2/op3/op4 (maxP=128) and kg1024 (operator = kg*n/1024).
  it.each([
    [0, 1, 2, 2],
    [2, 1, 2, 3],
    [4, 0, 0, 0],
    [42, 0, 0, 0],
    [-1, 1, 1, 2],
    ['a', 1, 1, 2],
    ['b', 0, 0, 0],
  ] as [Json, number, number, number][])('key %j with maxParallelism 128 goes to %i/%i/%i for 2/3/4 channels', (key, op2, op3, op4) => {
    expect(run('HASH', ctx(2), 1, [key])).toEqual([[op2]]);
    expect(run('HASH', ctx(3), 1, [key])).toEqual([[op3]]);
    expect(run('HASH', ctx(4), 1, [key])).toEqual([[op4]]);
  });
  it('uses the maxParallelism of the context: "a" (kg1024 = 977) with maxParallelism 1024', () => {
    expect(run('HASH', ctx(1024, seedRng(1), { maxParallelism: 1024 }), 1, ['a'])).toEqual([[977]]);
    expect(run('HASH', ctx(2, seedRng(1), { maxParallelism: 1024 }), 1, ['a'])).toEqual([[1]]); // 977*2/1024
    expect(run('HASH', ctx(2, seedRng(1), { maxParallelism: 1024 }), 1, ['b'])).toEqual([[0]]); // 150*2/1024
  });
  it('does not consume randomness', () => {
    const rng = seedRng(3);
    const before = [...rng];
    run('HASH', ctx(4, rng), 10, Array.from({ length: 10 }, (_, i) => i));
    expect(rng).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// POINTWISE wiring
// ---------------------------------------------------------------------------------------------

/** consumer index -> producer list, from pointwiseProducers. */
const viaProducers = (S: number, T: number) => Array.from({ length: T }, (_, i) => pointwiseProducers(S, T, i));
/** consumer index -> producer list, from inverting pointwiseConsumers. */
const viaConsumers = (S: number, T: number) => {
  const m: number[][] = Array.from({ length: T }, () => []);
  for (let k = 0; k < S; k++) for (const c of pointwiseConsumers(S, T, k)) m[c]!.push(k);
  return m;
};

/** A two-vertex JobGraph with one POINTWISE edge, as PointwisePatternTest sets up. */
function twoVertexJob(S: number, T: number, partitioner: PartitionerKind = 'RESCALE'): JobGraph {
  const v = (id: string, parallelism: number) => ({
    id,
    name: id,
    operators: [id],
    parallelism,
    maxParallelism: 128,
    slotSharingGroup: 'default',
  });
  return {
    vertices: [v('v1', S), v('v2', T)],
    edges: [
      {
        index: 0,
        source: 'v1',
        target: 'v2',
        streamEdge: 0,
        partitioner,
        pattern: 'POINTWISE',
        resultPartitionType: 'PIPELINED_BOUNDED',
      },
    ],
    chainDecisions: [],
  };
}

/** consumer index -> producer subtasks, in input order, read off the execution plan's channels. */
function wiring(plan: ExecutionPlan, target: string): number[][] {
  return plan.tasks
    .filter((t) => t.vertex === target)
    .sort((a, b) => a.subtask - b.subtask)
    .map((t) => t.inputs.map((ch) => plan.tasks[plan.channels[ch]!.from]!.subtask));
}

function resolved(operators: OperatorSpec[]): ResolvedScenario {
  return {
    seed: 1,
    until: null,
    maxEvents: 10_000,
    job: { parallelism: 1, maxParallelism: null, chaining: true, runtimeMode: 'STREAMING' },
    ...runtimeDefaults(),
    network: { latencyMs: 0, jitterMs: 0, recordsPerBuffer: 1000 },
    deploy: { deployingMs: 0, initializingMs: 0, cancelingMs: 0 },
    operators,
  };
}

/** source(p=S) -> map(p=T) over the given partitioner, planned end to end. */
function planFor(S: number, T: number, partitioner: PartitionerName, chaining = true): ExecutionPlan {
  const sc = resolved([
    { type: 'source', id: 'src', parallelism: S, events: [] },
    { type: 'map', id: 'm', input: 'src', parallelism: T, partitioner, fn: 'identity' },
  ]);
  sc.job.chaining = chaining;
  return buildJobPlan(sc).execution;
}

/** Checks one S -> T case every way we can build the wiring. */
function expectWiring(S: number, T: number, expected: number[][]) {
  expect(viaProducers(S, T)).toEqual(expected);
  expect(viaConsumers(S, T)).toEqual(expected);
  expect(wiring(buildExecutionPlan(twoVertexJob(S, T)), 'v2')).toEqual(expected);
  if (S !== T) expect(wiring(planFor(S, T, 'rescale'), 'm')).toEqual(expected);
}

describe('PointwisePatternTest', () => {
  describe('testPointwiseConnectionSequence', () => {
    it.each([
      // upstream parallelism < downstream parallelism
      [3, 5, [[0], [0], [1], [1], [2]]],
      [3, 10, [[0], [0], [0], [0], [1], [1], [1], [2], [2], [2]]],
      [4, 6, [[0], [0], [1], [2], [2], [3]]],
      [6, 10, [[0], [0], [1], [1], [2], [3], [3], [4], [4], [5]]],
      // upstream parallelism > downstream parallelism
      [5, 3, [[0], [1, 2], [3, 4]]],
      [10, 3, [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]],
      [6, 4, [[0], [1, 2], [3], [4, 5]]],
      [10, 6, [[0], [1, 2], [3, 4], [5], [6, 7], [8, 9]]],
    ] as [number, number, number[][]][])('S=%i T=%i', (S, T, expected) => {
      expectWiring(S, T, expected);
    });
  });

  it('testNToN: consumer i reads producer i (N=23)', () => {
    const N = 23;
    expectWiring(N, N, Array.from({ length: N }, (_, i) => [i]));
    // a FORWARD edge between equal parallelisms, kept unchained so that it becomes a JobEdge
    expect(wiring(planFor(N, N, 'forward', false), 'm')).toEqual(Array.from({ length: N }, (_, i) => [i]));
  });

  it('test2NToN: consumer i reads producers 2i, 2i+1 (N=17)', () => {
    const N = 17;
    expectWiring(2 * N, N, Array.from({ length: N }, (_, i) => [2 * i, 2 * i + 1]));
  });

  it('test3NToN: consumer i reads producers 3i, 3i+1, 3i+2 (N=17)', () => {
    const N = 17;
    expectWiring(3 * N, N, Array.from({ length: N }, (_, i) => [3 * i, 3 * i + 1, 3 * i + 2]));
  });

  it('testNTo2N: consumer i reads producer i/2 (N=41)', () => {
    const N = 41;
    expectWiring(N, 2 * N, Array.from({ length: 2 * N }, (_, i) => [Math.floor(i / 2)]));
  });

  it('testNTo7N: consumer i reads producer i/7 (N=11)', () => {
    const N = 11;
    expectWiring(N, 7 * N, Array.from({ length: 7 * N }, (_, i) => [Math.floor(i / 7)]));
  });

  it.each([
    [3, 16],
    [19, 21],
    [15, 20],
    [11, 31],
    [11, 29],
  ])('testLowHighIrregular: %i -> %i', (low, high) => {
    const factor = Math.floor(high / low);
    const delta = high % low === 0 ? 0 : 1;
    const m = wiring(buildExecutionPlan(twoVertexJob(low, high)), 'v2');
    const timesUsed = new Array<number>(low).fill(0);
    for (const producers of m) {
      expect(producers).toHaveLength(1);
      timesUsed[producers[0]!]!++;
    }
    for (const used of timesUsed) {
      expect(used).toBeGreaterThanOrEqual(factor);
      expect(used).toBeLessThanOrEqual(factor + delta);
    }
  });

  it.each([
    [16, 3],
    [21, 19],
    [20, 15],
    [31, 11],
  ])('testHighLowIrregular: %i -> %i', (high, low) => {
    const factor = Math.floor(high / low);
    const delta = high % low === 0 ? 0 : 1;
    const m = wiring(buildExecutionPlan(twoVertexJob(high, low)), 'v2');
    const timesUsed = new Array<number>(high).fill(0);
    for (const producers of m) {
      expect(producers.length).toBeGreaterThanOrEqual(factor);
      expect(producers.length).toBeLessThanOrEqual(factor + delta);
      for (const k of producers) timesUsed[k]!++;
    }
    for (const used of timesUsed) expect(used).toBe(1);
  });

  it('a RESCALE producer round-robins over exactly its pointwise consumers, in order', () => {
    // S=3, T=10: producer 0 feeds consumers 0..3, producer 1 feeds 4..6, producer 2 feeds 7..9.
    const plan = planFor(3, 10, 'rescale');
    const consumersOf = (k: number) => {
      const t = plan.tasks.find((x) => x.vertex === 'src' && x.subtask === k)!;
      expect(t.outputs).toHaveLength(1);
      return t.outputs[0]!.channels.map((ch) => plan.tasks[plan.channels[ch]!.to]!.subtask);
    };
    expect(consumersOf(0)).toEqual([0, 1, 2, 3]);
    expect(consumersOf(1)).toEqual([4, 5, 6]);
    expect(consumersOf(2)).toEqual([7, 8, 9]);
    // records of producer 0 cycle 0,1,2,3,0 over these channels
    const out = plan.tasks.find((x) => x.vertex === 'src' && x.subtask === 0)!.outputs[0]!.channels;
    const picks = run('RESCALE', ctx(out.length), 5).map(([c]) => plan.tasks[plan.channels[out[c!]!]!.to]!.subtask);
    expect(picks).toEqual([0, 1, 2, 3, 0]);
  });

  it('an ALL_TO_ALL edge connects every producer to every consumer, channel j -> consumer j', () => {
    const plan = planFor(3, 5, 'rebalance');
    expect(wiring(plan, 'm')).toEqual(Array.from({ length: 5 }, () => [0, 1, 2]));
    for (const t of plan.tasks.filter((x) => x.vertex === 'src')) {
      expect(t.outputs[0]!.channels.map((ch) => plan.tasks[plan.channels[ch]!.to]!.subtask)).toEqual([0, 1, 2, 3, 4]);
    }
    expect(plan.channels).toHaveLength(15);
  });
});
