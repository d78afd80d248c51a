/**
 * Pipelined regions and scheduling strategies (reference §3): golden cases G3.1–G3.17 and §3.4,
 * mirrored from Flink's SchedulingPipelinedRegionComputeUtilTest, LogicalPipelinedRegionComputeUtilTest,
 * PipelinedRegionSchedulingStrategyTest (1.20), EagerSchedulingStrategyTest (774e6a334b05^) and
 * LazyFromSourcesSchedulingStrategyTest (9ba5ab4f4dcb^).
 */
import { describe, expect, it } from 'vitest';
import { pointwiseConsumers } from '../../src/sim/graph/ExecutionGraph.ts';
import type { ExecutionState } from '../../src/sim/runtime/ExecutionState.ts';
import { EagerSchedulingStrategy } from '../../src/sim/scheduler/EagerSchedulingStrategy.ts';
import {
  createLazyFromSourcesSchedulingStrategy,
  LazyFromSourcesSchedulingStrategy,
} from '../../src/sim/scheduler/LazyFromSourcesSchedulingStrategy.ts';
import {
  computeLogicalPipelinedRegions,
  computeSchedulingPipelinedRegions,
} from '../../src/sim/scheduler/PipelinedRegionComputeUtil.ts';
import { PipelinedRegionSchedulingStrategy } from '../../src/sim/scheduler/PipelinedRegionSchedulingStrategy.ts';
import {
  SCHEDULING_STRATEGIES,
  type Bulk,
  type SchedulingStrategy,
  type SchedulingView,
} from '../../src/sim/scheduler/SchedulingStrategy.ts';
import {
  canBePipelinedConsumed,
  type ResultPartitionState,
  type ResultPartitionType,
  type SchedulingResultPartition,
  type SchedulingTopology,
  type SchedulingVertex,
} from '../../src/sim/scheduler/SchedulingTopology.ts';

type Pattern = 'POINTWISE' | 'ALL_TO_ALL';

/** Like Flink's TestingSchedulingTopology, plus the world the strategies read (states). */
class TestingTopology {
  readonly vertices: SchedulingVertex[] = [];
  readonly partitions: SchedulingResultPartition[] = [];
  readonly states = new Map<string, ExecutionState>();
  readonly partitionStates = new Map<string, ResultPartitionState>();
  readonly consumable = new Map<string, boolean>();
  private dataSets = 0;

  /** `defaultState`: 1.20's TestingSchedulingTopology defaults to ALL_DATA_PRODUCED (reference §0). */
  constructor(private readonly defaultState: ResultPartitionState = 'ALL_DATA_PRODUCED') {}

  newVertex(id: string, jobVertex = id, subtask = 0): string {
    this.vertices.push({ id, jobVertex, subtask });
    return id;
  }
  /** `addExecutionVertices().withParallelism(n)`: ids `${jobVertex}_${i}`. */
  addVertices(jobVertex: string, parallelism: number): string[] {
    return Array.from({ length: parallelism }, (_, i) => this.newVertex(`${jobVertex}_${i}`, jobVertex, i));
  }
  private partition(dataSet: string, producer: string, consumers: string[], type: ResultPartitionType, state?: ResultPartitionState, consumable?: boolean): string {
    const id = `${dataSet}/${producer}`;
    this.partitions.push({ id, dataSet, producer, type, consumers });
    this.partitionStates.set(id, state ?? this.defaultState);
    if (consumable !== undefined) this.consumable.set(id, consumable);
    return id;
  }
  /** `connect(a, b, type)`: one new result partition (a new IntermediateDataSet) from a to b. */
  connect(a: string, b: string, type: ResultPartitionType, state?: ResultPartitionState): this {
    this.partition(`ds${this.dataSets++}`, a, [b], type, state);
    return this;
  }
  /** One data set, one partition per producer; `POINTWISE` wires as in reference §6.5. */
  connectJobVertices(producers: string[], consumers: string[], pattern: Pattern, type: ResultPartitionType, state?: ResultPartitionState, consumable?: boolean): string[] {
    const ds = `ds${this.dataSets++}`;
    return producers.map((p, k) => {
      const targets = pattern === 'ALL_TO_ALL' ? consumers : pointwiseConsumers(producers.length, consumers.length, k).map((i) => consumers[i]!);
      return this.partition(ds, p, targets, type, state, consumable);
    });
  }
  /** `finishPartitionsIfNeeded` (1.20): the producer's blocking partitions become ALL_DATA_PRODUCED. */
  finishPartitions(vertex: string): void {
    for (const p of this.partitions) if (p.producer === vertex && !canBePipelinedConsumed(p.type)) this.partitionStates.set(p.id, 'ALL_DATA_PRODUCED');
  }
  producedBy(vertex: string): string[] {
    return this.partitions.filter((p) => p.producer === vertex).map((p) => p.id);
  }
  topology(): SchedulingTopology {
    return { vertices: [...this.vertices], partitions: [...this.partitions] };
  }
  readonly view: SchedulingView = {
    state: (v) => this.states.get(v) ?? 'CREATED',
    partitionState: (p) => this.partitionStates.get(p) ?? 'CREATED',
    isPipelinedConsumable: (p) => this.consumable.get(p) ?? false,
  };
}

/** A JobGraph as in Flink's `createJobVertex` + `connectNewDataSetAsInput`: partitions start CREATED. */
function jobGraph(parallelism: Record<string, number>, edges: [string, string, Pattern, ResultPartitionType][]) {
  const t = new TestingTopology('CREATED');
  const subtasks = new Map(Object.entries(parallelism).map(([jv, n]) => [jv, t.addVertices(jv, n)]));
  for (const [src, dst, pattern, type] of edges) t.connectJobVertices(subtasks.get(src)!, subtasks.get(dst)!, pattern, type);
  return t;
}

/** TestingSchedulerOperations: records every bulk; the state goes through JSON before each call. */
function schedule<S>(strategy: SchedulingStrategy<S>, t: TestingTopology) {
  const p = strategy.prepare(t.topology());
  let state = strategy.initialState(p);
  const scheduled: Bulk[] = [];
  const call = (f: (s: S) => Bulk[]) => {
    state = JSON.parse(JSON.stringify(state)) as S;
    const bulks = f(state);
    scheduled.push(...bulks);
    return bulks;
  };
  return {
    p,
    scheduled,
    state: () => state,
    start: () => call((s) => strategy.startScheduling(p, s, t.view)),
    restart: (vs: string[]) => call((s) => strategy.restartTasks(p, s, vs, t.view)),
    stateChange: (v: string, st: ExecutionState) => call((s) => strategy.onExecutionStateChange(p, s, v, st, t.view)),
    partitionConsumable: (pid: string) => call((s) => strategy.onPartitionConsumable(p, s, pid, t.view)),
    last: (n: number) => scheduled.slice(-n),
  };
}

/** Topology for the execution-level region tests: `newExecutionVertex` per id, then `connect`s. */
function regions(ids: string[], edges: [string, string, ResultPartitionType][]): string[][] {
  const t = new TestingTopology();
  ids.forEach((id) => t.newVertex(id));
  for (const [a, b, type] of edges) t.connect(a, b, type);
  return computeSchedulingPipelinedRegions(t.topology());
}

const allToAll = (as: string[], bs: string[], type: ResultPartitionType) =>
  as.flatMap((a) => bs.map((b): [string, string, ResultPartitionType] => [a, b, type]));

describe('SchedulingPipelinedRegionComputeUtilTest', () => {
  it('testIndividualVertices', () => {
    expect(regions(['v1', 'v2', 'v3'], [])).toEqual([['v1'], ['v2'], ['v3']]);
  });

  it('testEmbarrassinglyParallelCase', () => {
    const edges: [string, string, ResultPartitionType][] = [['a1', 'b1', 'PIPELINED'], ['a2', 'b2', 'PIPELINED'], ['a3', 'b3', 'PIPELINED']];
    expect(regions(['a1', 'a2', 'a3', 'b1', 'b2', 'b3'], edges)).toEqual([['a1', 'b1'], ['a2', 'b2'], ['a3', 'b3']]);
  });

  it('testOneComponentViaTwoExchanges', () => {
    const edges = [...allToAll(['a1', 'a2'], ['b1', 'b2'], 'PIPELINED'), ...allToAll(['b1', 'b2'], ['c1', 'c2'], 'PIPELINED')];
    expect(regions(['a1', 'a2', 'b1', 'b2', 'c1', 'c2'], edges)).toEqual([['a1', 'a2', 'b1', 'b2', 'c1', 'c2']]);
  });

  it('testOneComponentViaCascadeOfJoins', () => {
    const edges: [string, string, ResultPartitionType][] = [
      ['v1', 'v5', 'PIPELINED'], ['v2', 'v5', 'PIPELINED'], ['v3', 'v6', 'PIPELINED'],
      ['v4', 'v6', 'PIPELINED'], ['v5', 'v7', 'PIPELINED'], ['v6', 'v7', 'PIPELINED'],
    ];
    expect(regions(['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7'], edges)).toEqual([['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']]);
  });

  it('testOneComponentInstanceFromOneSource', () => {
    const edges: [string, string, ResultPartitionType][] = [
      ['v1', 'v2', 'PIPELINED'], ['v1', 'v3', 'PIPELINED'], ['v2', 'v4', 'PIPELINED'],
      ['v2', 'v5', 'PIPELINED'], ['v3', 'v6', 'PIPELINED'], ['v3', 'v7', 'PIPELINED'],
    ];
    expect(regions(['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7'], edges)).toEqual([['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']]);
  });

  it('testTwoComponentsViaBlockingExchange', () => {
    const edges = [...allToAll(['a1', 'a2'], ['b1', 'b2'], 'PIPELINED'), ['b1', 'c1', 'BLOCKING'], ['b2', 'c2', 'BLOCKING']] as [string, string, ResultPartitionType][];
    expect(regions(['a1', 'a2', 'b1', 'b2', 'c1', 'c2'], edges)).toEqual([['a1', 'a2', 'b1', 'b2'], ['c1'], ['c2']]);
  });

  it('testTwoComponentsViaBlockingExchange2', () => {
    const edges = [...allToAll(['a1', 'a2'], ['b1', 'b2'], 'PIPELINED'), ...allToAll(['b1', 'b2'], ['c1', 'c2'], 'BLOCKING')];
    expect(regions(['a1', 'a2', 'b1', 'b2', 'c1', 'c2'], edges)).toEqual([['a1', 'a2', 'b1', 'b2'], ['c1'], ['c2']]);
  });

  it('testMultipleComponentsViaCascadeOfJoins', () => {
    const edges: [string, string, ResultPartitionType][] = [
      ['v1', 'v5', 'PIPELINED'], ['v2', 'v5', 'PIPELINED'], ['v3', 'v6', 'PIPELINED'],
      ['v4', 'v6', 'PIPELINED'], ['v5', 'v7', 'BLOCKING'], ['v6', 'v7', 'BLOCKING'],
    ];
    expect(regions(['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7'], edges)).toEqual([['v1', 'v2', 'v5'], ['v3', 'v4', 'v6'], ['v7']]);
  });

  it('testDiamondWithMixedPipelinedAndBlockingExchanges', () => {
    const edges: [string, string, ResultPartitionType][] = [['v1', 'v2', 'BLOCKING'], ['v1', 'v3', 'PIPELINED'], ['v2', 'v4', 'PIPELINED'], ['v3', 'v4', 'PIPELINED']];
    expect(regions(['v1', 'v2', 'v3', 'v4'], edges)).toEqual([['v1', 'v2', 'v3', 'v4']]);
  });

  it('testCyclicDependentRegionsAreMerged', () => {
    // raw regions {v1,v3,v4} and {v2}: R1 -blocking-> R2 (v1→v2) and R2 -blocking-> R1 (v2→v4)
    const edges: [string, string, ResultPartitionType][] = [['v1', 'v2', 'BLOCKING'], ['v1', 'v3', 'PIPELINED'], ['v2', 'v4', 'BLOCKING'], ['v3', 'v4', 'PIPELINED']];
    expect(regions(['v1', 'v2', 'v3', 'v4'], edges)).toEqual([['v1', 'v2', 'v3', 'v4']]);
  });

  it('testPipelinedApproximateDifferentRegions', () => {
    const pa = 'PIPELINED_APPROXIMATE';
    const edges: [string, string, ResultPartitionType][] = [['v1', 'v2', pa], ['v1', 'v3', pa], ['v2', 'v4', pa], ['v3', 'v4', pa]];
    expect(regions(['v1', 'v2', 'v3', 'v4'], edges)).toEqual([['v1'], ['v2'], ['v3'], ['v4']]);
  });

  it('merges a longer cycle of regions but not the regions outside it', () => {
    // raw {v1,v4}, {v2}, {v3}, {v5}: v1→v2→v3→v4 (blocking) closes R1→R2→R3→R1; v4→v5 leaves it
    const edges: [string, string, ResultPartitionType][] = [
      ['v1', 'v2', 'BLOCKING'], ['v1', 'v4', 'PIPELINED'], ['v2', 'v3', 'HYBRID_FULL'], ['v3', 'v4', 'BLOCKING_PERSISTENT'], ['v4', 'v5', 'BLOCKING'],
    ];
    expect(regions(['v1', 'v2', 'v3', 'v4', 'v5'], edges)).toEqual([['v1', 'v2', 'v3', 'v4'], ['v5']]);
  });

  it('joins only over PIPELINED and PIPELINED_BOUNDED; orders regions by their first vertex', () => {
    const edges: [string, string, ResultPartitionType][] = [
      ['a', 'd', 'PIPELINED_BOUNDED'], ['b', 'c', 'HYBRID_FULL'], ['b', 'e', 'HYBRID_SELECTIVE'], ['c', 'e', 'PIPELINED'],
    ];
    expect(regions(['a', 'b', 'c', 'd', 'e'], edges)).toEqual([['a', 'd'], ['b'], ['c', 'e']]);
  });
});

describe('LogicalPipelinedRegionComputeUtilTest', () => {
  const sizes = (rs: string[][]) => rs.map((r) => r.length).sort();
  const chain = (t1: ResultPartitionType, t2: ResultPartitionType) =>
    computeLogicalPipelinedRegions(['v1', 'v2', 'v3'], [{ source: 'v1', target: 'v2', type: t1 }, { source: 'v2', target: 'v3', type: t2 }]);

  it('testIsolatedVertices', () => {
    expect(computeLogicalPipelinedRegions(['v1', 'v2', 'v3'], [])).toEqual([['v1'], ['v2'], ['v3']]);
  });

  it('testVariousResultPartitionTypesBetweenVertices', () => {
    expect(chain('BLOCKING', 'PIPELINED')).toEqual([['v1'], ['v2', 'v3']]);
    expect(chain('BLOCKING', 'BLOCKING')).toEqual([['v1'], ['v2'], ['v3']]);
    expect(chain('PIPELINED', 'PIPELINED')).toEqual([['v1', 'v2', 'v3']]);
  });

  it('testTwoInputsMergesIntoOne', () => {
    const rs = computeLogicalPipelinedRegions(['v1', 'v2', 'v3', 'v4'], [
      { source: 'v1', target: 'v3', type: 'PIPELINED' },
      { source: 'v2', target: 'v3', type: 'BLOCKING' },
      { source: 'v3', target: 'v4', type: 'PIPELINED' },
    ]);
    expect(sizes(rs)).toEqual([1, 3]);
    expect(rs).toEqual([['v1', 'v3', 'v4'], ['v2']]);
  });

  it('testOneInputSplitsIntoTwo', () => {
    const rs = computeLogicalPipelinedRegions(['v1', 'v2', 'v3', 'v4'], [
      { source: 'v1', target: 'v2', type: 'PIPELINED' },
      { source: 'v2', target: 'v3', type: 'PIPELINED' },
      { source: 'v2', target: 'v4', type: 'BLOCKING' },
    ]);
    expect(rs).toEqual([['v1', 'v2', 'v3'], ['v4']]);
  });

  it('testDiamondWithMixedPipelinedAndBlockingEdges', () => {
    const rs = computeLogicalPipelinedRegions(['v1', 'v2', 'v3', 'v4'], [
      { source: 'v1', target: 'v2', type: 'BLOCKING' },
      { source: 'v2', target: 'v4', type: 'PIPELINED' },
      { source: 'v1', target: 'v3', type: 'PIPELINED' },
      { source: 'v3', target: 'v4', type: 'PIPELINED' },
    ]);
    expect(rs).toEqual([['v1', 'v2', 'v3', 'v4']]);
  });

  it('does not merge regions on cycles (the region graph of a DAG has none that matter)', () => {
    // a blocking diamond that the execution level would merge: v1 -B-> v2 -B-> v4 and v1 -P-> v3 -P-> v4
    const rs = computeLogicalPipelinedRegions(['v1', 'v2', 'v3', 'v4'], [
      { source: 'v1', target: 'v2', type: 'BLOCKING' },
      { source: 'v1', target: 'v3', type: 'PIPELINED' },
      { source: 'v2', target: 'v4', type: 'BLOCKING' },
      { source: 'v3', target: 'v4', type: 'PIPELINED' },
    ]);
    expect(rs).toEqual([['v1', 'v3', 'v4'], ['v2']]);
  });

  it('orders by a topological order when the vertices are listed out of order, and rejects cycles', () => {
    expect(computeLogicalPipelinedRegions(['v3', 'v2', 'v1'], [
      { source: 'v1', target: 'v2', type: 'BLOCKING' },
      { source: 'v2', target: 'v3', type: 'PIPELINED' },
    ])).toEqual([['v1'], ['v2', 'v3']]);
    expect(() => computeLogicalPipelinedRegions(['a', 'b'], [
      { source: 'a', target: 'b', type: 'PIPELINED' },
      { source: 'b', target: 'a', type: 'PIPELINED' },
    ])).toThrow(/cycle/);
  });
});

/** source(2) -pointwise-> map1(2) -HYBRID_FULL-> map2(2) -HYBRID_SELECTIVE-> map3(2) -ALL_TO_ALL BLOCKING-> sink(2). */
function hybridTopology() {
  const t = new TestingTopology();
  const [source, map1, map2, map3, sink] = ['source', 'map1', 'map2', 'map3', 'sink'].map((jv) => t.addVertices(jv, 2)) as [string[], string[], string[], string[], string[]];
  t.connectJobVertices(source, map1, 'POINTWISE', 'PIPELINED_BOUNDED', 'CREATED');
  t.connectJobVertices(map1, map2, 'POINTWISE', 'HYBRID_FULL', 'CREATED');
  t.connectJobVertices(map2, map3, 'POINTWISE', 'HYBRID_SELECTIVE', 'CREATED');
  t.connectJobVertices(map3, sink, 'ALL_TO_ALL', 'BLOCKING', 'CREATED');
  return { t, all: [source, map1, map2, map3, sink].flat() };
}
const G38B_START = [['source_0', 'map1_0'], ['source_1', 'map1_1'], ['map2_0'], ['map2_1'], ['map3_0'], ['map3_1']];

/** v1(4) -POINTWISE PIPELINED-> v2(3) -POINTWISE type-> v3(2) <-POINTWISE PIPELINED- v1. */
const crossRegionJobGraph = (type: ResultPartitionType) =>
  jobGraph({ v1: 4, v2: 3, v3: 2 }, [['v1', 'v2', 'POINTWISE', 'PIPELINED'], ['v2', 'v3', 'POINTWISE', type], ['v1', 'v3', 'POINTWISE', 'PIPELINED']]);
const REGION1 = ['v1_0', 'v1_1', 'v2_0', 'v2_1', 'v3_0'];
const REGION2 = ['v1_2', 'v1_3', 'v2_2', 'v3_1'];

describe('PipelinedRegionSchedulingStrategyTest', () => {
  it('testStartScheduling', () => {
    const s = schedule(PipelinedRegionSchedulingStrategy, hybridTopology().t);
    s.start();
    expect(s.scheduled).toEqual(G38B_START);
  });

  it('testRestartTasks', () => {
    const { t, all } = hybridTopology();
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    expect(s.restart(all)).toEqual(G38B_START);
    expect(s.scheduled).toHaveLength(12);
  });

  it('testNotifyingBlockingResultPartitionProducerFinished', () => {
    const { t } = hybridTopology();
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    t.finishPartitions('map3_0');
    s.stateChange('map3_0', 'FINISHED');
    expect(s.scheduled).toHaveLength(6); // the sinks need both map3 partitions
    t.finishPartitions('map3_1');
    s.stateChange('map3_1', 'FINISHED');
    expect(s.scheduled).toHaveLength(8);
    expect(s.last(2)).toEqual([['sink_0'], ['sink_1']]);
  });

  it('testSchedulingTopologyWithPersistentBlockingEdges', () => {
    const s = schedule(PipelinedRegionSchedulingStrategy, jobGraph({ v1: 1, v2: 1 }, [['v1', 'v2', 'POINTWISE', 'BLOCKING_PERSISTENT']]));
    s.start();
    expect(s.scheduled).toEqual([['v1_0']]);
  });

  it('testComputingCrossRegionConsumedPartitionGroupsCorrectly', () => {
    const { p } = schedule(PipelinedRegionSchedulingStrategy, crossRegionJobGraph('BLOCKING'));
    expect(p.crossRegionGroups.size).toBe(1);
    const [gid] = [...p.crossRegionGroups];
    const group = p.groups[gid!]!;
    // v3_1's first consumed group: v2 partitions 1 (region 1) and 2 (region 2)
    expect(group.consumers).toEqual(['v3_1']);
    expect(group.partitions.map((pid) => p.partition.get(pid)!.producer)).toEqual(['v2_1', 'v2_2']);
  });

  it('testNoCrossRegionConsumedPartitionGroupsWithAllToAllBlockingEdge', () => {
    const t = new TestingTopology();
    t.connectJobVertices(t.addVertices('producer', 4), t.addVertices('consumer', 4), 'ALL_TO_ALL', 'BLOCKING');
    const { p } = schedule(PipelinedRegionSchedulingStrategy, t);
    expect(p.groups).toHaveLength(1);
    expect(p.crossRegionGroups.size).toBe(0);
  });

  it('testSchedulingTopologyWithBlockingCrossRegionConsumedPartitionGroups', () => {
    const t = crossRegionJobGraph('BLOCKING');
    expect(computeSchedulingPipelinedRegions(t.topology())).toEqual([REGION1, REGION2]);
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    expect(s.scheduled).toEqual([REGION1]);
    // v2_1 is region 1's part of the cross-region group: that alone unblocks region 2
    t.finishPartitions('v2_1');
    s.stateChange('v2_1', 'FINISHED');
    expect(s.scheduled).toEqual([REGION1, REGION2]);
  });

  it('testSchedulingTopologyWithHybridCrossRegionConsumedPartitionGroups', () => {
    const s = schedule(PipelinedRegionSchedulingStrategy, crossRegionJobGraph('HYBRID_FULL'));
    s.start();
    expect(s.scheduled).toEqual([REGION1, REGION2]);
  });

  it('testScheduleBlockingDownstreamTaskIndividually', () => {
    const t = jobGraph({ v1: 2, v2: 2 }, [['v1', 'v2', 'POINTWISE', 'BLOCKING']]);
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    expect(s.scheduled).toEqual([['v1_0'], ['v1_1']]);
    t.finishPartitions('v1_0');
    s.stateChange('v1_0', 'FINISHED');
    expect(s.scheduled).toEqual([['v1_0'], ['v1_1'], ['v2_0']]); // 1.20: per ConsumedPartitionGroup
  });

  it('testFinishHybridPartitionWillNotRescheduleDownstream', () => {
    const t = jobGraph({ v1: 1, v2: 1, v3: 1 }, [['v1', 'v2', 'POINTWISE', 'HYBRID_FULL'], ['v1', 'v3', 'POINTWISE', 'HYBRID_SELECTIVE']]);
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    expect(s.scheduled).toEqual([['v1_0'], ['v2_0'], ['v3_0']]);
    s.stateChange('v1_0', 'FINISHED');
    expect(s.scheduled).toHaveLength(3);
  });

  it('testScheduleTopologyWithHybridAndBlockingEdge', () => {
    const t = jobGraph({ v1: 1, v2: 1, v3: 1, v4: 1 }, [
      ['v1', 'v2', 'POINTWISE', 'HYBRID_FULL'], ['v2', 'v3', 'POINTWISE', 'BLOCKING'], ['v3', 'v4', 'POINTWISE', 'HYBRID_SELECTIVE'],
    ]);
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    expect(s.scheduled).toEqual([['v1_0'], ['v2_0']]);
    t.finishPartitions('v2_0');
    expect(s.stateChange('v2_0', 'FINISHED')).toEqual([['v3_0'], ['v4_0']]);
  });

  it('testSchedulingRegionWithInnerNonPipelinedEdge', () => {
    const t = jobGraph({ v1: 1, v2: 1, v3: 1, v4: 1, v5: 1 }, [
      ['v1', 'v2', 'POINTWISE', 'PIPELINED'], ['v2', 'v3', 'POINTWISE', 'PIPELINED'], ['v2', 'v4', 'POINTWISE', 'PIPELINED'],
      ['v2', 'v5', 'POINTWISE', 'PIPELINED'], ['v1', 'v3', 'POINTWISE', 'HYBRID_FULL'], ['v1', 'v4', 'POINTWISE', 'HYBRID_SELECTIVE'],
      ['v1', 'v4', 'POINTWISE', 'BLOCKING'],
    ]);
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    expect(s.scheduled).toEqual([['v1_0', 'v2_0', 'v3_0', 'v4_0', 'v5_0']]);
  });

  it('testDownstreamRegionWillBeBlockedByBlockingEdge', () => {
    const t = jobGraph({ v1: 1, v2: 1, v3: 1, v4: 1 }, [
      ['v1', 'v4', 'POINTWISE', 'BLOCKING'], ['v2', 'v4', 'POINTWISE', 'HYBRID_FULL'], ['v3', 'v4', 'POINTWISE', 'HYBRID_SELECTIVE'],
    ]);
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    expect(s.scheduled).toEqual([['v1_0'], ['v2_0'], ['v3_0']]);
    t.finishPartitions('v1_0');
    s.stateChange('v1_0', 'FINISHED');
    expect(s.scheduled).toEqual([['v1_0'], ['v2_0'], ['v3_0'], ['v4_0']]);
  });

  describe('1.12 topology (G3.8a): source(2) -PIPELINED_BOUNDED-> map(2) -ALL_TO_ALL BLOCKING-> sink(2)', () => {
    const build = () => {
      const t = new TestingTopology();
      const [source, map, sink] = [t.addVertices('source', 2), t.addVertices('map', 2), t.addVertices('sink', 2)];
      t.connectJobVertices(source, map, 'POINTWISE', 'PIPELINED_BOUNDED', 'CREATED');
      t.connectJobVertices(map, sink, 'ALL_TO_ALL', 'BLOCKING', 'CREATED');
      return { t, all: [...source, ...map, ...sink] };
    };
    it('testStartScheduling', () => {
      const s = schedule(PipelinedRegionSchedulingStrategy, build().t);
      expect(s.start()).toEqual([['source_0', 'map_0'], ['source_1', 'map_1']]);
    });
    it('testRestartTasks', () => {
      const { t, all } = build();
      const s = schedule(PipelinedRegionSchedulingStrategy, t);
      s.start();
      expect(s.restart(all)).toEqual([['source_0', 'map_0'], ['source_1', 'map_1']]);
    });
    it('testNotifyingBlockingResultPartitionProducerFinished', () => {
      const { t } = build();
      const s = schedule(PipelinedRegionSchedulingStrategy, t);
      s.start();
      t.finishPartitions('map_0');
      s.stateChange('map_0', 'FINISHED');
      expect(s.scheduled).toHaveLength(2);
      t.finishPartitions('map_1');
      s.stateChange('map_1', 'FINISHED');
      expect(s.scheduled).toHaveLength(4);
      expect(s.last(2)).toEqual([['sink_0'], ['sink_1']]);
    });
  });

  it('restartTasks re-schedules a region only while its blocking inputs are still produced', () => {
    const t = jobGraph({ v1: 1, v2: 1 }, [['v1', 'v2', 'POINTWISE', 'BLOCKING']]);
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    t.finishPartitions('v1_0');
    expect(s.stateChange('v1_0', 'FINISHED')).toEqual([['v2_0']]);
    expect(s.restart(['v2_0'])).toEqual([['v2_0']]); // v1's result is still there
    t.partitionStates.set(t.producedBy('v1_0')[0]!, 'CREATED'); // the result is lost with v1
    expect(s.restart(['v1_0', 'v2_0'])).toEqual([['v1_0']]);
    expect(s.state()).toEqual({ scheduledRegions: [0] });
  });

  it('a cross-region group waits only for its external partitions, even when its first partition is internal', () => {
    // b_0 reads one blocking data set from a_0 (its own region, via a_0 -PIPELINED-> b_0) and a_1
    const t = new TestingTopology('CREATED');
    const [a, b] = [t.addVertices('a', 2), t.addVertices('b', 1)];
    t.connectJobVertices(a, b, 'ALL_TO_ALL', 'BLOCKING');
    t.connect('a_0', 'b_0', 'PIPELINED');
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    expect(s.p.regions).toEqual([['a_0', 'b_0'], ['a_1']]);
    expect(s.p.crossRegionGroups.size).toBe(1);
    expect(s.start()).toEqual([['a_1']]);
    t.finishPartitions('a_1');
    expect(s.stateChange('a_1', 'FINISHED')).toEqual([['a_0', 'b_0']]); // a_0's own partition is not awaited
  });

  it('never schedules a scheduled region again', () => {
    const { t } = hybridTopology();
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    for (const v of ['map3_0', 'map3_1']) t.finishPartitions(v);
    expect(s.stateChange('map3_1', 'FINISHED')).toEqual([['sink_0'], ['sink_1']]);
    expect(s.stateChange('map3_0', 'FINISHED')).toEqual([]);
    expect(s.state()).toEqual({ scheduledRegions: [0, 1, 2, 3, 4, 5, 6, 7] });
  });

  it('ignores other states and partition-consumable notifications; fails on a region not CREATED', () => {
    const t = jobGraph({ v1: 1, v2: 1 }, [['v1', 'v2', 'POINTWISE', 'BLOCKING']]);
    const s = schedule(PipelinedRegionSchedulingStrategy, t);
    s.start();
    t.finishPartitions('v1_0');
    expect(s.stateChange('v1_0', 'RUNNING')).toEqual([]);
    expect(s.partitionConsumable(t.producedBy('v1_0')[0]!)).toEqual([]);
    t.states.set('v1_0', 'RUNNING');
    expect(() => s.restart(['v1_0'])).toThrow('BUG: trying to schedule a region which is not in CREATED state');
  });
});

describe('EagerSchedulingStrategyTest', () => {
  /** One job vertex whose subtasks are in topology order [4, 0, 2, 1, 3]. */
  const build = () => {
    const t = new TestingTopology();
    for (const i of [4, 0, 2, 1, 3]) t.newVertex(`jv_${i}`, 'jv', i);
    return t;
  };
  it('testStartScheduling', () => {
    const s = schedule(EagerSchedulingStrategy, build());
    s.start();
    expect(s.scheduled).toEqual([['jv_4', 'jv_0', 'jv_2', 'jv_1', 'jv_3']]);
  });
  it('testRestartTasks', () => {
    const s = schedule(EagerSchedulingStrategy, build());
    s.restart(['jv_0', 'jv_4']);
    s.restart(['jv_3', 'jv_1', 'jv_2']);
    expect(s.scheduled).toEqual([['jv_4', 'jv_0'], ['jv_2', 'jv_1', 'jv_3']]);
  });
  it('ignores execution state changes and partition notifications', () => {
    const t = new TestingTopology();
    t.connect(t.newVertex('a'), t.newVertex('b'), 'BLOCKING');
    const s = schedule(EagerSchedulingStrategy, t);
    expect(s.start()).toEqual([['a', 'b']]);
    expect(s.stateChange('a', 'FINISHED')).toEqual([]);
    expect(s.partitionConsumable(t.producedBy('a')[0]!)).toEqual([]);
  });
});

describe('LazyFromSourcesSchedulingStrategyTest', () => {
  /** 1.12 TestingSchedulingTopology defaults: parallelism 1, BLOCKING, partition CONSUMABLE. */
  const producersConsumers = (parallelism: number, type: ResultPartitionType = 'BLOCKING', consumable = true) => {
    const t = new TestingTopology();
    const producers = t.addVertices('producer', parallelism);
    const consumers = t.addVertices('consumer', parallelism);
    t.connectJobVertices(producers, consumers, 'ALL_TO_ALL', type, undefined, consumable);
    return { t, producers, consumers };
  };
  /** producers1(2) -POINTWISE B-> consumers(2) <-POINTWISE B- producers2(2). */
  const twoInputs = (options?: { consumersConstraint?: 'ALL'; strategyConstraint?: 'ALL' }) => {
    const t = new TestingTopology();
    const [p1, p2, c] = [t.addVertices('p1', 2), t.addVertices('p2', 2), t.addVertices('c', 2)];
    t.connectJobVertices(p1, c, 'POINTWISE', 'BLOCKING');
    t.connectJobVertices(p2, c, 'POINTWISE', 'BLOCKING');
    const strategy = createLazyFromSourcesSchedulingStrategy({
      inputDependencyConstraint: options?.strategyConstraint ?? 'ANY',
      inputDependencyConstraints: options?.consumersConstraint ? { c: options.consumersConstraint } : {},
    });
    return { t, p1, p2, c, s: schedule(strategy, t) };
  };

  it('testStartScheduling', () => {
    const { t } = producersConsumers(1);
    const s = schedule(LazyFromSourcesSchedulingStrategy, t);
    expect(s.start()).toEqual([['producer_0']]);
  });

  it('testRestartBlockingTasks', () => {
    const { t, producers, consumers } = producersConsumers(1);
    const s = schedule(LazyFromSourcesSchedulingStrategy, t);
    s.start();
    s.stateChange('producer_0', 'FINISHED');
    expect(s.last(1)).toEqual([['consumer_0']]);
    // restarting the producer resets its finished mark: the consumer waits again
    expect(s.restart([...producers, ...consumers])).toEqual([['producer_0']]);
  });

  it('testRestartConsumableBlockingTasks', () => {
    const { t, producers, consumers } = producersConsumers(1);
    const s = schedule(LazyFromSourcesSchedulingStrategy, t);
    s.start();
    for (const p of producers) s.stateChange(p, 'FINISHED');
    expect(s.restart(consumers)).toEqual([['consumer_0']]);
  });

  it('testRestartBlockingALLExecutionStateChange', () => {
    const { p1, p2, c, s } = twoInputs({ consumersConstraint: 'ALL' });
    s.start();
    for (const p of [...p1, ...p2]) s.stateChange(p, 'FINISHED');
    expect(s.restart(c)).toEqual([['c_0'], ['c_1']]);
  });

  it('testRestartBlockingANYExecutionStateChange', () => {
    const { p1, c, s } = twoInputs();
    s.start();
    for (const p of p1) s.stateChange(p, 'FINISHED');
    expect(s.restart(c)).toEqual([['c_0'], ['c_1']]);
  });

  it('testRestartConsumablePipelinedTasks', () => {
    const { t, producers, consumers } = producersConsumers(2, 'PIPELINED', true);
    const s = schedule(LazyFromSourcesSchedulingStrategy, t);
    s.start();
    expect(s.restart([...producers, ...consumers])).toEqual([['producer_0'], ['producer_1'], ['consumer_0'], ['consumer_1']]);
  });

  it('testRestartCreatedPipelinedTasks', () => {
    const { t, producers, consumers } = producersConsumers(2, 'PIPELINED', false);
    const s = schedule(LazyFromSourcesSchedulingStrategy, t);
    s.start();
    expect(s.restart([...producers, ...consumers])).toEqual([['producer_0'], ['producer_1']]);
  });

  it('testPipelinedPartitionConsumable', () => {
    // Flink's test leaves the partitions CONSUMABLE from the start; here they become consumable
    // only when producer_0 has produced data, so the consumers must come from the notification.
    const { t } = producersConsumers(2, 'PIPELINED', false);
    const s = schedule(LazyFromSourcesSchedulingStrategy, t);
    expect(s.start()).toEqual([['producer_0'], ['producer_1']]);
    const partition = t.producedBy('producer_0')[0]!;
    expect(s.stateChange('producer_0', 'RUNNING')).toEqual([]);
    t.consumable.set(partition, true);
    expect(s.partitionConsumable(partition)).toEqual([['consumer_0'], ['consumer_1']]);
  });

  it('testBlockingPointwiseExecutionStateChange', () => {
    const t = new TestingTopology();
    const [producers, consumers] = [t.addVertices('producer', 2), t.addVertices('consumer', 2)];
    t.connectJobVertices(producers, consumers, 'POINTWISE', 'BLOCKING');
    const s = schedule(createLazyFromSourcesSchedulingStrategy({ inputDependencyConstraints: { consumer: 'ALL' } }), t);
    s.start();
    expect(s.stateChange('producer_0', 'FINISHED')).toEqual([]); // 1.12: the whole data set must finish
    expect(s.stateChange('producer_1', 'FINISHED')).toEqual([['consumer_0'], ['consumer_1']]);
  });

  it('testBlockingALLExecutionStateChange', () => {
    const { p1, p2, s } = twoInputs({ consumersConstraint: 'ALL' });
    s.start();
    for (const p of p1) s.stateChange(p, 'FINISHED');
    expect(s.scheduled).toHaveLength(4); // ALL: the second data set is still producing
    for (const p of p2) s.stateChange(p, 'FINISHED');
    expect(s.scheduled).toHaveLength(6);
    expect(s.last(2)).toEqual([['c_0'], ['c_1']]);
  });

  it('testBlockingANYExecutionStateChange', () => {
    const { p1, s } = twoInputs();
    s.start();
    for (const p of p1) s.stateChange(p, 'FINISHED');
    expect(s.scheduled).toHaveLength(6);
    expect(s.last(2)).toEqual([['c_0'], ['c_1']]);
  });

  it('testOnlyCreatedVertexWillBeScheduled', () => {
    const t = new TestingTopology();
    t.newVertex('v1');
    t.newVertex('v2');
    t.states.set('v2', 'CANCELED');
    const s = schedule(LazyFromSourcesSchedulingStrategy, t);
    expect(s.start()).toEqual([['v1']]);
  });

  it('supports InputDependencyConstraint ALL as the strategy default', () => {
    const { p1, s } = twoInputs({ strategyConstraint: 'ALL' });
    s.start();
    for (const p of p1) s.stateChange(p, 'FINISHED');
    expect(s.scheduled).toHaveLength(4);
    expect(s.state().finishedPartitions).toHaveLength(2);
  });
});

describe('SCHEDULING_STRATEGIES', () => {
  it('names every strategy and labels the legacy ones as removed in 1.13', () => {
    expect(Object.entries(SCHEDULING_STRATEGIES).map(([k, v]) => [k, v.name, v.versions.removed])).toEqual([
      ['pipelined-region', 'pipelined-region', null],
      ['eager', 'eager', '1.13'],
      ['lazy-from-sources', 'lazy-from-sources', '1.13'],
    ]);
  });
});
