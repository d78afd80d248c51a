/**
 * Failover strategies (reference §4, golden cases §4.1): RestartPipelinedRegionFailoverStrategyTest
 * and RestartAllFailoverStrategyTest from flink-runtime/src/test/java/org/apache/flink/runtime/executiongraph/failover/.
 * Topologies are built like TestingSchedulingTopology: each connect() is one new result partition.
 */
import { describe, expect, it } from 'vitest';
import { getTasksNeedingRestart, type FailoverView } from '../../src/sim/failover/FailoverStrategy.ts';
import type { ExecutionState } from '../../src/sim/runtime/ExecutionState.ts';
import type { ResultPartitionType, SchedulingTopology } from '../../src/sim/scheduler/SchedulingTopology.ts';

type Edge = [producer: string, consumer: string, type: ResultPartitionType];

/** `TestingSchedulingTopology`: one vertex per job vertex; partition `a->b` per connect(a, b). */
function topologyOf(vertices: string[], edges: Edge[]): SchedulingTopology {
  return {
    vertices: vertices.map((id) => ({ id, jobVertex: id, subtask: 0 })),
    partitions: edges.map(([producer, consumer, type]) => ({
      id: `${producer}->${consumer}`,
      dataSet: `ds:${producer}->${consumer}`,
      producer,
      type,
      consumers: [consumer],
    })),
  };
}

function viewOf(states: Record<string, ExecutionState>, lostPartitions: string[] = []): FailoverView {
  return {
    state: (v) => states[v] ?? 'CREATED',
    isPartitionTracked: (p) => !lostPartitions.includes(p),
  };
}

const eachOwnRegion = (vertices: string[]) => vertices.map((v) => [v]);

describe('RestartPipelinedRegionFailoverStrategyTest', () => {
  // (v1)-+->(v4), (v2)-+->(v5) all-to-all blocking; (v3)->(v6) blocking; each vertex its own region.
  const vertices = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'];
  const edges: Edge[] = [
    ['v1', 'v4', 'BLOCKING'],
    ['v1', 'v5', 'BLOCKING'],
    ['v2', 'v4', 'BLOCKING'],
    ['v2', 'v5', 'BLOCKING'],
    ['v3', 'v6', 'BLOCKING'],
  ];
  const topology = topologyOf(vertices, edges);
  const regions = eachOwnRegion(vertices);

  it('testRegionFailoverForRegionInternalErrors (G4.1)', () => {
    const view = viewOf({ v1: 'FINISHED', v2: 'FINISHED', v3: 'FINISHED', v4: 'FINISHED', v5: 'SCHEDULED', v6: 'RUNNING' });
    const restarts = (v: string) => getTasksNeedingRestart('region', topology, regions, v, {}, view);
    expect(restarts('v1')).toEqual(['v1', 'v4', 'v5']);
    expect(restarts('v2')).toEqual(['v2', 'v4', 'v5']);
    expect(restarts('v3')).toEqual(['v3', 'v6']);
    expect(restarts('v4')).toEqual(['v4']);
    expect(restarts('v5')).toEqual(['v5']);
    expect(restarts('v6')).toEqual(['v6']);
  });

  it('testRegionFailoverForDataConsumptionErrors (G4.2)', () => {
    const view = viewOf({ v1: 'FINISHED', v2: 'FINISHED', v3: 'FINISHED', v4: 'RUNNING', v5: 'RUNNING', v6: 'RUNNING' });
    const restarts = (v: string, failedPartition: string) =>
      getTasksNeedingRestart('region', topology, regions, v, { failedPartition }, view);
    expect(restarts('v4', 'v1->v4')).toEqual(['v1', 'v4', 'v5']);
    expect(restarts('v4', 'v2->v4')).toEqual(['v2', 'v4', 'v5']);
    expect(restarts('v5', 'v1->v5')).toEqual(['v1', 'v4', 'v5']);
    expect(restarts('v5', 'v2->v5')).toEqual(['v2', 'v4', 'v5']);
    expect(restarts('v6', 'v3->v6')).toEqual(['v3', 'v6']);
  });

  it('testRegionFailoverForVariousResultPartitionAvailabilityCombinations', () => {
    // (v1) --rp1--> (v3) <--rp2-- (v2), blocking.
    const t = topologyOf(['v1', 'v2', 'v3'], [['v1', 'v3', 'BLOCKING'], ['v2', 'v3', 'BLOCKING']]);
    const r = eachOwnRegion(['v1', 'v2', 'v3']);
    const states: Record<string, ExecutionState> = { v1: 'FINISHED', v2: 'FINISHED', v3: 'RUNNING' };
    const restarts = (v: string, lost: string[]) => getTasksNeedingRestart('region', t, r, v, {}, viewOf(states, lost));
    const [rp1, rp2] = ['v1->v3', 'v2->v3'];
    // Combination1: both available.
    expect([restarts('v1', []), restarts('v2', []), restarts('v3', [])]).toEqual([['v1', 'v3'], ['v2', 'v3'], ['v3']]);
    // Combination2: rp1 unavailable.
    expect([restarts('v1', [rp1]), restarts('v2', [rp1]), restarts('v3', [rp1])]).toEqual([
      ['v1', 'v3'],
      ['v1', 'v2', 'v3'],
      ['v1', 'v3'],
    ]);
    // Combination3: rp2 unavailable.
    expect([restarts('v1', [rp2]), restarts('v2', [rp2]), restarts('v3', [rp2])]).toEqual([
      ['v1', 'v2', 'v3'],
      ['v2', 'v3'],
      ['v2', 'v3'],
    ]);
    // Combination4: both unavailable.
    for (const v of ['v1', 'v2', 'v3']) expect(restarts(v, [rp1, rp2])).toEqual(['v1', 'v2', 'v3']);
  });

  it('testRegionFailoverForMultipleVerticesRegions (G4.3)', () => {
    const t = topologyOf(
      ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'],
      [
        ['v1', 'v2', 'PIPELINED'],
        ['v2', 'v3', 'BLOCKING'],
        ['v3', 'v4', 'PIPELINED'],
        ['v4', 'v5', 'BLOCKING'],
        ['v5', 'v6', 'PIPELINED'],
      ],
    );
    const r = [['v1', 'v2'], ['v3', 'v4'], ['v5', 'v6']];
    const view = viewOf({ v1: 'FINISHED', v2: 'FINISHED', v3: 'RUNNING', v4: 'RUNNING', v5: 'FAILED', v6: 'CANCELED' });
    expect(getTasksNeedingRestart('region', t, r, 'v3', {}, view)).toEqual(['v3', 'v4', 'v5', 'v6']);
    expect(getTasksNeedingRestart('region', t, r, 'v3', { failedPartition: 'v2->v3' }, view)).toEqual([
      'v1', 'v2', 'v3', 'v4', 'v5', 'v6',
    ]);
  });

  it('testRegionFailoverDoesNotRestartCreatedExecutions (1.20: CREATED vertices are filtered in the strategy)', () => {
    const t = topologyOf(['v1', 'v2'], [['v1', 'v2', 'BLOCKING']]);
    const view = viewOf({ v1: 'CREATED', v2: 'CREATED' });
    expect(getTasksNeedingRestart('region', t, [['v1'], ['v2']], 'v2', {}, view)).toEqual([]);
    expect(getTasksNeedingRestart('region', t, [['v1'], ['v2']], 'v2', { failedPartition: 'v1->v2' }, view)).toEqual([]);
    // Only the CREATED ones are dropped.
    const mixed = viewOf({ v1: 'FINISHED', v2: 'CREATED' });
    expect(getTasksNeedingRestart('region', t, [['v1'], ['v2']], 'v1', {}, mixed)).toEqual(['v1']);
  });

  it('testRegionFailoverForPipelinedApproximate (G4.4)', () => {
    const t = topologyOf(
      ['v1', 'v2', 'v3', 'v4'],
      [
        ['v1', 'v2', 'PIPELINED_APPROXIMATE'],
        ['v1', 'v3', 'PIPELINED_APPROXIMATE'],
        ['v2', 'v4', 'PIPELINED_APPROXIMATE'],
        ['v3', 'v4', 'PIPELINED_APPROXIMATE'],
      ],
    );
    const r = eachOwnRegion(['v1', 'v2', 'v3', 'v4']);
    const view = viewOf({ v1: 'RUNNING', v2: 'RUNNING', v3: 'RUNNING', v4: 'RUNNING' });
    const restarts = (v: string) => getTasksNeedingRestart('region', t, r, v, {}, view);
    expect(restarts('v1')).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(restarts('v2')).toEqual(['v2', 'v4']);
    expect(restarts('v3')).toEqual(['v3', 'v4']);
    expect(restarts('v4')).toEqual(['v4']);
  });

  it('testRegionFailoverForHybridEdge', () => {
    // v1 -HYBRID_FULL-> v5, v2 -BLOCKING-> v5, v3 -HYBRID_SELECTIVE-> v5, v4 -PIPELINED-> v5, v5 -HYBRID_FULL-> v6
    const t = topologyOf(
      ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'],
      [
        ['v1', 'v5', 'HYBRID_FULL'],
        ['v2', 'v5', 'BLOCKING'],
        ['v3', 'v5', 'HYBRID_SELECTIVE'],
        ['v4', 'v5', 'PIPELINED'],
        ['v5', 'v6', 'HYBRID_FULL'],
      ],
    );
    const r = [['v1'], ['v2'], ['v3'], ['v4', 'v5'], ['v6']];
    const view = viewOf({ v1: 'FINISHED', v2: 'FINISHED', v3: 'FINISHED', v4: 'RUNNING', v5: 'FINISHED', v6: 'RUNNING' });
    expect(getTasksNeedingRestart('region', t, r, 'v5', {}, view)).toEqual(['v3', 'v4', 'v5', 'v6']);
    expect(getTasksNeedingRestart('region', t, r, 'v6', {}, view)).toEqual(['v6']);
  });

  it('pulls in producers transitively and returns topological order', () => {
    // v1 -B-> v2 -B-> v3; v2 lost its output and v1's output is gone too.
    const t = topologyOf(['v1', 'v2', 'v3'], [['v1', 'v2', 'BLOCKING'], ['v2', 'v3', 'BLOCKING']]);
    const view = viewOf({ v1: 'FINISHED', v2: 'FINISHED', v3: 'RUNNING' }, ['v1->v2']);
    const restarts = getTasksNeedingRestart('region', t, [['v3'], ['v2'], ['v1']], 'v3', { failedPartition: 'v2->v3' }, view);
    expect(restarts).toEqual(['v1', 'v2', 'v3']);
  });

  it('getTasksNeedingRestart throws for a vertex without a region', () => {
    const t = topologyOf(['v1'], []);
    expect(() => getTasksNeedingRestart('region', t, [], 'v1', {}, viewOf({ v1: 'RUNNING' }))).toThrow(
      'Can not find the failover region for task v1',
    );
  });
});

describe('RestartAllFailoverStrategyTest', () => {
  it('testGetTasksNeedingRestart (G4.5)', () => {
    const t = topologyOf(['v1', 'v2', 'v3'], [['v1', 'v2', 'PIPELINED'], ['v2', 'v3', 'BLOCKING']]);
    const regions = [['v1', 'v2'], ['v3']];
    const view = viewOf({ v1: 'RUNNING', v2: 'RUNNING', v3: 'CREATED' });
    expect(getTasksNeedingRestart('full', t, regions, 'v1', {}, view)).toEqual(['v1', 'v2', 'v3']);
    // Unlike `region`, `full` restarts everything whatever failed and whatever the states.
    expect(getTasksNeedingRestart('full', t, regions, 'v3', { failedPartition: 'v2->v3' }, view)).toEqual([
      'v1', 'v2', 'v3',
    ]);
    expect(getTasksNeedingRestart('region', t, regions, 'v1', {}, view)).toEqual(['v1', 'v2']);
  });
});
