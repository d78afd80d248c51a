/**
 * Operator chaining: StreamGraph → JobGraph (reference §6.1, golden cases §6.2 from Flink's
 * StreamingJobGraphGeneratorTest), default partitioners and chain names.
 */
import { runtimeDefaults } from '../support/resolved.ts';
import { describe, expect, it } from 'vitest';
import { buildJobPlan } from '../../src/sim/graph/JobPlan.ts';
import { buildStreamGraph } from '../../src/sim/graph/StreamGraph.ts';
import { createJobGraph, isChainable } from '../../src/sim/graph/StreamingJobGraphGenerator.ts';
import type { ChainRule, JobPlan, StreamGraph } from '../../src/sim/graph/types.ts';
import type {
  MapOperatorSpec,
  OperatorSpec,
  PartitionerName,
  ResolvedScenario,
  SinkOperatorSpec,
  SourceOperatorSpec,
} from '../../src/sim/scenario/Scenario.ts';

type Op = OperatorSpec;

function resolved(operators: Op[], job: Partial<ResolvedScenario['job']> = {}): ResolvedScenario {
  return {
    seed: 1,
    until: null,
    maxEvents: 10_000,
    job: { parallelism: 1, maxParallelism: null, chaining: true, runtimeMode: 'STREAMING', ...job },
    ...runtimeDefaults(),
    network: { latencyMs: 0, jitterMs: 0, recordsPerBuffer: 1000 },
    deploy: { deployingMs: 0, initializingMs: 0, cancelingMs: 0 },
    operators,
  };
}

const source = (id: string, extra: Partial<SourceOperatorSpec> = {}): Op => ({
  type: 'source',
  id,
  events: [],
  ...extra,
});
const map = (id: string, input: string, extra: Partial<MapOperatorSpec> = {}): Op => ({
  type: 'map',
  id,
  input,
  fn: 'identity',
  ...extra,
});
const sink = (id: string, input: string, extra: Partial<SinkOperatorSpec> = {}): Op => ({
  type: 'sink',
  id,
  input,
  ...extra,
});

const plan = (operators: Op[], job: Partial<ResolvedScenario['job']> = {}): JobPlan => buildJobPlan(resolved(operators, job));
const chains = (p: JobPlan) => p.jobGraph.vertices.map((v) => v.operators);
/** The chain decision (rule) for the stream edge into `target`. */
const ruleInto = (p: JobPlan, target: string): ChainRule => {
  const e = p.streamGraph.edges.find((x) => x.target === target)!;
  return p.jobGraph.chainDecisions[e.index]!.rule;
};

describe('StreamingJobGraphGeneratorTest', () => {
  it('testParallelismOneNotChained (G6.1): fromData -> map -> keyBy -> map -> addSink at p=1', () => {
    const p = plan(
      [source('src'), map('m1', 'src'), map('m2', 'm1', { keyBy: 0 }), sink('sink', 'm2')],
      { parallelism: 1 },
    );
    expect(p.jobGraph.vertices).toHaveLength(2);
    expect(chains(p)).toEqual([
      ['src', 'm1'],
      ['m2', 'sink'],
    ]);
    expect(p.jobGraph.edges).toHaveLength(1);
    expect(p.jobGraph.edges[0]!.resultPartitionType).toBe('PIPELINED_BOUNDED');
    expect(p.jobGraph.edges[0]!.partitioner).toBe('HASH');
    expect(ruleInto(p, 'm2')).toBe('partitioner'); // keyBy (HASH) breaks the chain
  });

  it('testTransformationSetParallelism (G6.2): fromSequence(p=4) -> map(p=10) -> print(p=20)', () => {
    const p = plan([source('seq', { parallelism: 4 }), map('m', 'seq', { parallelism: 10 }), sink('print', 'm', { parallelism: 20 })]);
    expect(p.jobGraph.vertices).toHaveLength(3);
    expect(p.jobGraph.vertices.map((v) => v.parallelism)).toEqual([4, 10, 20]);
    expect(ruleInto(p, 'm')).toBe('parallelism');
    expect(ruleInto(p, 'print')).toBe('parallelism');
  });

  it('testChainNodeSetParallelism (G6.3): fromSequence -> map -> print, all default parallelism', () => {
    const p = plan([source('seq'), map('m', 'seq'), sink('print', 'm')]);
    expect(p.jobGraph.vertices).toHaveLength(1);
    expect(chains(p)).toEqual([['seq', 'm', 'print']]);
    expect(p.jobGraph.edges).toEqual([]);
  });

  // Not covered: G6.4 testYieldingOperatorProperlyChainedOnNewSources needs a YieldingOperatorFactory
  // and the legacy-vs-new source distinction (§6.1 rule 4), which scenarios do not model.

  it('testSlotSharingResourceConfiguration (G6.5): slot-a -> slot-b -> default do not chain', () => {
    const p = plan([
      source('src', { slotSharingGroup: 'slot-a' }),
      map('m1', 'src', { slotSharingGroup: 'slot-b' }),
      map('m2', 'm1', { slotSharingGroup: 'default' }),
    ]);
    expect(p.jobGraph.vertices).toHaveLength(3);
    expect(p.jobGraph.vertices.map((v) => v.slotSharingGroup)).toEqual(['slot-a', 'slot-b', 'default']);
    expect(ruleInto(p, 'm1')).toBe('slotSharingGroup');
    expect(ruleInto(p, 'm2')).toBe('slotSharingGroup');
  });
});

// §6.1 [READ]: StreamingJobGraphGenerator.isChainable, each rule in isolation.
describe('StreamingJobGraphGenerator.isChainable', () => {
  it('chains source -> map -> sink with equal parallelism, FORWARD and one slot sharing group', () => {
    const p = plan([source('src'), map('m', 'src'), sink('out', 'm')], { parallelism: 3 });
    expect(ruleInto(p, 'm')).toBe('chained');
    expect(ruleInto(p, 'out')).toBe('chained');
    expect(p.jobGraph.chainDecisions.every((d) => d.chained)).toBe(true);
    expect(chains(p)).toEqual([['src', 'm', 'out']]);
  });

  it('rule "parallelism": different parallelism does not chain', () => {
    const p = plan([source('src', { parallelism: 2 }), map('m', 'src', { parallelism: 3 })]);
    const d = p.jobGraph.chainDecisions[0]!;
    expect(d.chained).toBe(false);
    expect(d.rule).toBe('parallelism');
    expect(d.reason.length).toBeGreaterThan(0);
    expect(chains(p)).toEqual([['src'], ['m']]);
  });

  it.each(['rebalance', 'rescale', 'shuffle', 'broadcast', 'global'] as PartitionerName[])(
    'rule "partitioner": an explicit %s() between equal parallelisms does not chain',
    (partitioner) => {
      const p = plan([source('src'), map('m', 'src', { partitioner })], { parallelism: 2 });
      expect(ruleInto(p, 'm')).toBe('partitioner');
      expect(p.streamGraph.edges[0]!.partitioner).toBe(partitioner.toUpperCase());
      expect(chains(p)).toEqual([['src'], ['m']]);
    },
  );

  it('rule "partitioner": keyBy (HASH) between equal parallelisms does not chain', () => {
    const p = plan([source('src'), map('m', 'src', { keyBy: 0 })], { parallelism: 2 });
    expect(ruleInto(p, 'm')).toBe('partitioner');
    expect(p.streamGraph.edges[0]!.partitioner).toBe('HASH');
  });

  it('an explicit forward() between equal parallelisms chains', () => {
    const p = plan([source('src'), map('m', 'src', { partitioner: 'forward' })], { parallelism: 2 });
    expect(ruleInto(p, 'm')).toBe('chained');
    expect(p.streamGraph.edges[0]!.defaulted).toBe(false);
  });

  it('rule "slotSharingGroup": different slot sharing groups do not chain', () => {
    const p = plan([source('src'), map('m', 'src', { slotSharingGroup: 'other' })]);
    expect(ruleInto(p, 'm')).toBe('slotSharingGroup');
  });

  it('an unset slot sharing group is inherited from the input, so it chains', () => {
    const p = plan([source('src', { slotSharingGroup: 'a' }), map('m', 'src'), sink('out', 'm')]);
    expect(p.streamGraph.nodes.map((n) => n.slotSharingGroup)).toEqual(['a', 'a', 'a']);
    expect(chains(p)).toEqual([['src', 'm', 'out']]);
  });

  it('unset slot sharing groups resolve to "default"', () => {
    const p = plan([source('src'), map('m', 'src')]);
    expect(p.streamGraph.nodes.map((n) => n.slotSharingGroup)).toEqual(['default', 'default']);
    expect(p.jobGraph.vertices[0]!.slotSharingGroup).toBe('default');
  });

  it('rule "downstreamNeverOrHead": disableChaining() on the downstream (NEVER)', () => {
    const p = plan([source('src'), map('m', 'src', { chaining: 'never' }), sink('out', 'm')]);
    expect(p.streamGraph.nodes.find((n) => n.id === 'm')!.chainingStrategy).toBe('NEVER');
    expect(ruleInto(p, 'm')).toBe('downstreamNeverOrHead');
    // …and rule "upstreamNever" on its output edge
    expect(ruleInto(p, 'out')).toBe('upstreamNever');
    expect(chains(p)).toEqual([['src'], ['m'], ['out']]);
  });

  it('rule "downstreamNeverOrHead": startNewChain() (HEAD) breaks the input edge only', () => {
    const p = plan([source('src'), map('m', 'src', { chaining: 'head' }), sink('out', 'm')]);
    expect(p.streamGraph.nodes.find((n) => n.id === 'm')!.chainingStrategy).toBe('HEAD');
    expect(ruleInto(p, 'm')).toBe('downstreamNeverOrHead');
    // an upstream HEAD is fine: the sink chains onto the new head
    expect(ruleInto(p, 'out')).toBe('chained');
    expect(chains(p)).toEqual([['src'], ['m', 'out']]);
  });

  it('rule "chainingDisabled": env.disableOperatorChaining() gives one vertex per operator', () => {
    const p = plan([source('src'), map('m', 'src'), sink('out', 'm')], { chaining: false });
    expect(p.streamGraph.chainingEnabled).toBe(false);
    expect(p.jobGraph.chainDecisions.map((d) => d.rule)).toEqual(['chainingDisabled', 'chainingDisabled']);
    expect(chains(p)).toEqual([['src'], ['m'], ['out']]);
    expect(p.jobGraph.edges.map((e) => e.partitioner)).toEqual(['FORWARD', 'FORWARD']);
  });

  it('reports the first failing rule in Flink order (chaining switch, slot sharing group, strategies, parallelism, partitioner)', () => {
    // chaining disabled beats everything else
    let p = plan([source('src'), map('m', 'src', { parallelism: 2, slotSharingGroup: 'x', partitioner: 'rebalance' })], {
      chaining: false,
    });
    expect(ruleInto(p, 'm')).toBe('chainingDisabled');
    // slot sharing group before chaining strategy and parallelism
    p = plan([source('src'), map('m', 'src', { parallelism: 2, slotSharingGroup: 'x', chaining: 'never' })]);
    expect(ruleInto(p, 'm')).toBe('slotSharingGroup');
    // upstream NEVER before downstream HEAD
    p = plan([source('src'), map('a', 'src', { chaining: 'never' }), map('b', 'a', { chaining: 'head' })]);
    expect(ruleInto(p, 'b')).toBe('upstreamNever');
    // chaining strategy before parallelism
    p = plan([source('src'), map('m', 'src', { parallelism: 2, chaining: 'head' })]);
    expect(ruleInto(p, 'm')).toBe('downstreamNeverOrHead');
    // parallelism before partitioner
    p = plan([source('src'), map('m', 'src', { parallelism: 2, partitioner: 'shuffle' })]);
    expect(ruleInto(p, 'm')).toBe('parallelism');
  });

  it('rule "multipleInputs": a node with two input edges does not chain (StreamGraph built by hand)', () => {
    const g: StreamGraph = buildStreamGraph(resolved([source('s1'), source('s2'), map('m', 's1')]));
    // add a second input edge s2 -> m, as a union/connect would
    const graph: StreamGraph = {
      ...g,
      edges: [...g.edges, { index: g.edges.length, source: 's2', target: 'm', partitioner: 'FORWARD', defaulted: true, exchangeMode: 'UNDEFINED', typeNumber: 0 }],
    };
    for (const e of graph.edges) expect(isChainable(e, graph).rule).toBe('multipleInputs');
    const jg = createJobGraph(graph);
    expect(jg.vertices.map((v) => v.operators).sort()).toEqual([['m'], ['s1'], ['s2']]);
  });

  // Not covered yet: a union of two inputs (rule 1 and the typeNumber union guard, rule 6) cannot be
  // written as a scenario, since every operator has a single `input`; the rule itself is tested on a
  // hand-built StreamGraph above.
});

// §6.1 [READ]: StreamGraph.createActualEdge picks the default partitioner.
describe('StreamGraph.createActualEdge', () => {
  it('defaults to FORWARD for equal parallelism', () => {
    const p = plan([source('src', { parallelism: 3 }), map('m', 'src', { parallelism: 3 })]);
    expect(p.streamGraph.edges[0]).toMatchObject({ partitioner: 'FORWARD', defaulted: true });
  });
  it('defaults to REBALANCE for different parallelism', () => {
    const p = plan([source('src', { parallelism: 3 }), map('m', 'src', { parallelism: 2 })]);
    expect(p.streamGraph.edges[0]).toMatchObject({ partitioner: 'REBALANCE', defaulted: true });
    expect(p.jobGraph.edges[0]).toMatchObject({ partitioner: 'REBALANCE', pattern: 'ALL_TO_ALL' });
  });
  it('the job parallelism is the default operator parallelism', () => {
    const p = plan([source('src'), map('m', 'src', { parallelism: 4 })], { parallelism: 4 });
    expect(p.streamGraph.edges[0]!.partitioner).toBe('FORWARD');
    expect(chains(p)).toEqual([['src', 'm']]);
  });
});

// §6.1 [READ]: Edge -> JobEdge: isPointwise() gives POINTWISE, otherwise ALL_TO_ALL; PIPELINED_BOUNDED.
describe('StreamingJobGraphGenerator.connect', () => {
  it.each([
    ['forward', 'FORWARD', 'POINTWISE'],
    ['rescale', 'RESCALE', 'POINTWISE'],
    ['rebalance', 'REBALANCE', 'ALL_TO_ALL'],
    ['shuffle', 'SHUFFLE', 'ALL_TO_ALL'],
    ['broadcast', 'BROADCAST', 'ALL_TO_ALL'],
    ['global', 'GLOBAL', 'ALL_TO_ALL'],
  ] as [PartitionerName, string, string][])('%s() -> %s %s', (partitioner, kind, pattern) => {
    // chain broken by startNewChain() so that every partitioner yields a JobEdge
    const p = plan([source('src'), map('m', 'src', { partitioner, chaining: 'head' })], { parallelism: 2 });
    expect(p.jobGraph.edges).toHaveLength(1);
    expect(p.jobGraph.edges[0]).toMatchObject({
      source: 'src',
      target: 'm',
      partitioner: kind,
      pattern,
      resultPartitionType: 'PIPELINED_BOUNDED',
    });
  });
  it('keyBy -> HASH ALL_TO_ALL carrying the key selector', () => {
    const p = plan([source('src'), map('m', 'src', { keyBy: 'word' })], { parallelism: 2 });
    expect(p.jobGraph.edges[0]).toMatchObject({ partitioner: 'HASH', pattern: 'ALL_TO_ALL', keyBy: 'word' });
  });
});

// §6.1 [READ] chain naming (createChainedName: names joined by " -> ") and Flink's default operator names.
describe('StreamingJobGraphGenerator.createChainedName', () => {
  const wordCount: Op[] = [
    source('src', { name: 'Words', parallelism: 2 }),
    { type: 'flatMap', id: 'split', input: 'src', fn: 'split', parallelism: 2 },
    { type: 'sum', id: 'count', input: 'split', keyBy: 0, field: 1, parallelism: 2 },
    sink('print', 'count', { parallelism: 2 }),
  ];

  it('Flink default names: Flat Map, Keyed Aggregation, Sink: Print to Std. Out, Source: <name>', () => {
    const p = plan(wordCount);
    expect(p.streamGraph.nodes.map((n) => n.name)).toEqual([
      'Source: Words',
      'Flat Map',
      'Keyed Aggregation',
      'Sink: Print to Std. Out',
    ]);
  });

  it('word count: source(p2) -> flatMap(p2) -> keyBy -> sum(p2) -> sink(p2) gives 2 job vertices', () => {
    const p = plan(wordCount);
    expect(chains(p)).toEqual([
      ['src', 'split'],
      ['count', 'print'],
    ]);
    expect(p.jobGraph.vertices.map((v) => v.name)).toEqual([
      'Source: Words -> Flat Map',
      'Keyed Aggregation -> Sink: Print to Std. Out',
    ]);
    expect(p.jobGraph.vertices.map((v) => v.parallelism)).toEqual([2, 2]);
    expect(p.jobGraph.edges).toHaveLength(1);
    expect(p.jobGraph.edges[0]).toMatchObject({
      source: 'src',
      target: 'count',
      partitioner: 'HASH',
      pattern: 'ALL_TO_ALL',
      keyBy: 0,
      resultPartitionType: 'PIPELINED_BOUNDED',
    });
    expect(p.jobGraph.chainDecisions.map((d) => d.rule)).toEqual(['chained', 'partitioner', 'chained']);
    // 2 producers x 2 consumers
    expect(p.execution.channels).toHaveLength(4);
    expect(p.execution.tasks.map((t) => t.name)).toEqual([
      'Source: Words -> Flat Map (1/2)',
      'Source: Words -> Flat Map (2/2)',
      'Keyed Aggregation -> Sink: Print to Std. Out (1/2)',
      'Keyed Aggregation -> Sink: Print to Std. Out (2/2)',
    ]);
    const pairs = p.execution.channels.map((c) => [p.execution.tasks[c.from]!.id, p.execution.tasks[c.to]!.id]);
    expect(pairs.sort()).toEqual([
      ['src/0', 'count/0'],
      ['src/0', 'count/1'],
      ['src/1', 'count/0'],
      ['src/1', 'count/1'],
    ]);
  });

  it('a user-given name replaces the default', () => {
    const p = plan([source('src', { name: 'Lines' }), map('m', 'src', { name: 'Tokenizer' }), sink('out', 'm', { name: 'Words' })]);
    expect(p.jobGraph.vertices[0]!.name).toBe('Source: Lines -> Tokenizer -> Sink: Words');
  });

  it('keyed operators are marked keyed, others not', () => {
    const p = plan(wordCount);
    expect(p.streamGraph.nodes.map((n) => n.keyed)).toEqual([false, false, true, false]);
  });

  it('max parallelism defaults to 128 for small parallelism (computeDefaultMaxParallelism)', () => {
    const p = plan(wordCount);
    expect(p.streamGraph.nodes.map((n) => n.maxParallelism)).toEqual([128, 128, 128, 128]);
    expect(p.jobGraph.vertices.map((v) => v.maxParallelism)).toEqual([128, 128]);
  });
});
