/**
 * Execution slot sharing groups (reference §7.1, golden cases G7.1–G7.5) after
 * flink-runtime/src/test/java/org/apache/flink/runtime/scheduler/LocalInputPreferredSlotSharingStrategyTest.java.
 */
import { describe, expect, it } from 'vitest';
import {
  buildExecutionSlotSharingGroups,
  slotsNeeded,
} from '../../src/sim/scheduler/LocalInputPreferredSlotSharingStrategy.ts';
import type { SchedulingResultPartition, SchedulingTopology } from '../../src/sim/scheduler/SchedulingTopology.ts';

/** Job vertices `{JV1: 2}` → execution vertices `ev11`, `ev12` (subtasks 0, 1), in the given order. */
function verticesOf(jobVertices: Record<string, number>): SchedulingTopology['vertices'] {
  return Object.entries(jobVertices).flatMap(([jobVertex, parallelism]) =>
    Array.from({ length: parallelism }, (_, i) => ({ id: `ev${jobVertex.slice(2)}${i + 1}`, jobVertex, subtask: i })),
  );
}

/** `TestingSchedulingTopology.connect(a, b)`: one new partition of one new data set. */
const connect = (producer: string, consumer: string): SchedulingResultPartition => ({
  id: `${producer}->${consumer}`,
  dataSet: `ds:${producer}->${consumer}`,
  producer,
  type: 'PIPELINED',
  consumers: [consumer],
});

/** `connectAllToAll(producers, consumers)`: one data set, one partition per producer consumed by all. */
const allToAll = (dataSet: string, producers: string[], consumers: string[]): SchedulingResultPartition[] =>
  producers.map((producer) => ({ id: `${dataSet}/${producer}`, dataSet, producer, type: 'BLOCKING', consumers }));

const oneGroup = () => 'ssg';
const groupsOf = (essgs: { vertices: string[] }[]) => essgs.map((g) => g.vertices);

describe('LocalInputPreferredSlotSharingStrategyTest', () => {
  it('testCoLocationConstraintIsRespected (G7.1): co-location beats producer locality', () => {
    const topology = {
      vertices: verticesOf({ JV1: 2, JV2: 2 }),
      partitions: [connect('ev11', 'ev22'), connect('ev12', 'ev21')],
    };
    const essgs = buildExecutionSlotSharingGroups(topology, oneGroup, () => 'cg');
    expect(essgs).toEqual([
      { id: 'essg-0', slotSharingGroup: 'ssg', vertices: ['ev11', 'ev21'] },
      { id: 'essg-1', slotSharingGroup: 'ssg', vertices: ['ev12', 'ev22'] },
    ]);
    // Without the co-location group, producer locality decides.
    expect(groupsOf(buildExecutionSlotSharingGroups(topology, oneGroup))).toEqual([
      ['ev11', 'ev22'],
      ['ev12', 'ev21'],
    ]);
  });

  it('testCoLocationConstraintIsRespected (1.20: two co-location groups, no edges)', () => {
    // A(1); B(2), C(2) co-located in cg1; D(3), E(3) co-located in cg2; all in one slot sharing group.
    const topology = { vertices: verticesOf({ JVa: 1, JVb: 2, JVc: 2, JVd: 3, JVe: 3 }), partitions: [] };
    const coLocation: Record<string, string> = { JVb: 'cg1', JVc: 'cg1', JVd: 'cg2', JVe: 'cg2' };
    const essgs = buildExecutionSlotSharingGroups(topology, oneGroup, (jv) => coLocation[jv]);
    expect(groupsOf(essgs)).toEqual([
      ['eva1', 'evb1', 'evc1', 'evd1', 'eve1'],
      ['evb2', 'evc2', 'evd2', 'eve2'],
      ['evd3', 'eve3'],
    ]);
  });

  it('testInputLocalityIsRespectedWithAllToAllEdge (G7.2)', () => {
    const topology = {
      vertices: verticesOf({ JV1: 2, JV2: 2 }),
      partitions: allToAll('d', ['ev11', 'ev12'], ['ev21', 'ev22']),
    };
    expect(groupsOf(buildExecutionSlotSharingGroups(topology, oneGroup))).toEqual([
      ['ev11', 'ev21'],
      ['ev12', 'ev22'],
    ]);
  });

  it('testInputLocalityIsRespectedWithRescaleEdge', () => {
    // ev11 → ev21, ev11 → ev22, ev12 → ev23: ev22 cannot join ev11's group (ev21 took it).
    const topology = {
      vertices: verticesOf({ JV1: 2, JV2: 3 }),
      partitions: [connect('ev11', 'ev21'), connect('ev11', 'ev22'), connect('ev12', 'ev23')],
    };
    const essgs = buildExecutionSlotSharingGroups(topology, oneGroup);
    expect(groupsOf(essgs)).toEqual([['ev11', 'ev21'], ['ev12', 'ev23'], ['ev22']]);
    expect(essgs.map((g) => g.id)).toEqual(['essg-0', 'essg-1', 'essg-2']);
  });

  it('testDisjointVerticesInOneGroup (G7.3)', () => {
    const topology = { vertices: verticesOf({ JV1: 2, JV2: 2 }), partitions: [] };
    expect(groupsOf(buildExecutionSlotSharingGroups(topology, oneGroup))).toEqual([
      ['ev11', 'ev21'],
      ['ev12', 'ev22'],
    ]);
  });

  it('testVerticesInDifferentSlotSharingGroups (G7.4)', () => {
    const topology = { vertices: verticesOf({ JV1: 2, JV2: 2 }), partitions: [] };
    const essgs = buildExecutionSlotSharingGroups(topology, (jv) => (jv === 'JV1' ? 'ssg1' : 'ssg2'));
    expect(essgs).toHaveLength(4);
    expect(essgs.map((g) => [g.slotSharingGroup, g.vertices])).toEqual([
      ['ssg1', ['ev11']],
      ['ssg1', ['ev12']],
      ['ssg2', ['ev21']],
      ['ssg2', ['ev22']],
    ]);
  });

  it('testInputLocalityIsRespectedWithTwoEdgesBetweenTwoVertices (G7.5)', () => {
    const v1 = ['ev11', 'ev12', 'ev13', 'ev14'];
    const v2 = ['ev21', 'ev22', 'ev23', 'ev24'];
    const topology = {
      vertices: verticesOf({ JV1: 4, JV2: 4 }),
      partitions: [...allToAll('d1', v1, v2), ...allToAll('d2', v1, v2)],
    };
    const essgs = buildExecutionSlotSharingGroups(topology, oneGroup);
    expect(groupsOf(essgs)).toEqual(v1.map((p, i) => [p, v2[i]]));
  });

  it('testGetExecutionSlotSharingGroupOfLateAttachedVertices (whole topology at once)', () => {
    // ev1 (jv1) → ev2 (jv2) in ssg1; ev2 -BLOCKING-> ev3 (jv3) in ssg2.
    const topology = {
      vertices: [
        { id: 'ev1', jobVertex: 'jv1', subtask: 0 },
        { id: 'ev2', jobVertex: 'jv2', subtask: 0 },
        { id: 'ev3', jobVertex: 'jv3', subtask: 0 },
      ],
      partitions: [connect('ev1', 'ev2'), { ...connect('ev2', 'ev3'), type: 'BLOCKING' as const }],
    };
    const essgs = buildExecutionSlotSharingGroups(topology, (jv) => (jv === 'jv3' ? 'ssg2' : 'ssg1'));
    expect(groupsOf(essgs)).toEqual([['ev1', 'ev2'], ['ev3']]);
  });

  it('a subtask without a free producer group takes the first available group, then a new one', () => {
    // 2 producers all-to-all into 3 consumers, plus an unconnected job vertex of parallelism 4.
    const topology = {
      vertices: verticesOf({ JV1: 2, JV2: 3, JV3: 4 }),
      partitions: allToAll('d', ['ev11', 'ev12'], ['ev21', 'ev22', 'ev23']),
    };
    expect(groupsOf(buildExecutionSlotSharingGroups(topology, oneGroup))).toEqual([
      ['ev11', 'ev21', 'ev31'],
      ['ev12', 'ev22', 'ev32'],
      ['ev23', 'ev33'],
      ['ev34'],
    ]);
  });

  it('a producer in another slot sharing group gives no locality', () => {
    // JV1(2) in ssgA; JV2(2) in ssgB consumes ev12 only; JV3(2) in ssgB.
    const topology = {
      vertices: verticesOf({ JV1: 2, JV2: 1, JV3: 2 }),
      partitions: [connect('ev12', 'ev21')],
    };
    const essgs = buildExecutionSlotSharingGroups(topology, (jv) => (jv === 'JV1' ? 'ssgA' : 'ssgB'));
    expect(essgs.map((g) => [g.slotSharingGroup, g.vertices])).toEqual([
      ['ssgA', ['ev11']],
      ['ssgA', ['ev12']],
      ['ssgB', ['ev21', 'ev31']],
      ['ssgB', ['ev32']],
    ]);
  });
});

describe('slotsNeeded', () => {
  it('single slot sharing group: the max parallelism', () => {
    expect(
      slotsNeeded([
        { id: 'source', parallelism: 2, slotSharingGroup: 'default' },
        { id: 'map', parallelism: 4, slotSharingGroup: 'default' },
        { id: 'sink', parallelism: 1, slotSharingGroup: 'default' },
      ]),
    ).toBe(4);
  });

  it('two slot sharing groups: the sum of their maxima', () => {
    expect(
      slotsNeeded([
        { id: 'source', parallelism: 2, slotSharingGroup: 'default' },
        { id: 'map', parallelism: 4, slotSharingGroup: 'default' },
        { id: 'sink', parallelism: 3, slotSharingGroup: 'sinks' },
      ]),
    ).toBe(7);
  });

  it('matches the number of ESSGs built for the same job', () => {
    const topology = { vertices: verticesOf({ JV1: 2, JV2: 3, JV3: 1 }), partitions: [] };
    const ssg = (jv: string) => (jv === 'JV3' ? 'other' : 'default');
    const jobVertices = [
      { id: 'JV1', parallelism: 2, slotSharingGroup: 'default' },
      { id: 'JV2', parallelism: 3, slotSharingGroup: 'default' },
      { id: 'JV3', parallelism: 1, slotSharingGroup: 'other' },
    ];
    expect(buildExecutionSlotSharingGroups(topology, ssg)).toHaveLength(slotsNeeded(jobVertices));
    expect(slotsNeeded([])).toBe(0);
  });
});
