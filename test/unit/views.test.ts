/**
 * Pure functions behind the views: graph layout, in-flight positions, key-group rows and record
 * lineage. Components are not rendered here (no DOM); these functions hold all their geometry and data.
 */
import { runtimeDefaults } from '../support/resolved.ts';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/sim/runtime/SimContext.ts';
import { buildJobPlan } from '../../src/sim/graph/JobPlan.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import type { ResolvedScenario } from '../../src/sim/scenario/Scenario.ts';
import type { World } from '../../src/sim/world.ts';
import {
  assignKeyToParallelOperator,
  assignToKeyGroup,
  computeKeyGroupRangeForOperatorIndex,
} from '../../src/sim/state/KeyGroupRangeAssignment.ts';
import { javaHashCode } from '../../src/sim/util/javaHashCode.ts';
import { murmurHash } from '../../src/sim/util/MathUtils.ts';
import {
  LEVELS,
  flightFraction,
  jobEdgeLines,
  layoutGraph,
  placeInFlight,
  recordLabel,
  recordPosition,
  textWidth,
  wrapName,
  type Box,
  type ChannelGeom,
} from '../../src/lib/graph/layout.ts';
import { sameSelection } from '../../src/lib/graph/selection.ts';
import { blend, subtaskFill, STATE_COLORS } from '../../src/lib/graph/colors.ts';
import { keyGroupModel, keyedOperators, keyMarkers, routeKey } from '../../src/lib/inspect/keyGroups.ts';
import { indexTrace, lineage, locateRecord } from '../../src/lib/inspect/records.ts';

/** Lesson 01's word count: source → flatMap(split) → keyBy(word) → sum(1) → print, parallelism 2. */
function wordCount(over: { chaining?: boolean; parallelism?: number; events?: { at: number; subtask?: number; value: string }[] } = {}): ResolvedScenario {
  return {
    version: 1,
    name: 'Word count',
    seed: 7,
    until: null,
    maxEvents: 200_000,
    job: { parallelism: over.parallelism ?? 2, maxParallelism: null, chaining: over.chaining ?? true, runtimeMode: 'STREAMING' },
    ...runtimeDefaults(),
    network: { latencyMs: 60, jitterMs: 0, recordsPerBuffer: 1000 },
    deploy: { deployingMs: 20, initializingMs: 20, cancelingMs: 10 },
    operators: [
      {
        id: 'source',
        type: 'source',
        name: 'Sentences',
        events: over.events ?? [
          { at: 100, subtask: 0, value: 'to be or not to be' },
          { at: 100, subtask: 1, value: 'flink is fast' },
          { at: 600, subtask: 0, value: 'flink counts words' },
          { at: 650, subtask: 1, value: 'to flink or not' },
        ],
      },
      { id: 'split', type: 'flatMap', input: 'source', fn: 'splitWords' },
      { id: 'count', type: 'sum', input: 'split', keyBy: 0, field: 1 },
      { id: 'print', type: 'sink', input: 'count' },
    ],
  };
}

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutGraph, level execution', () => {
  const plan = createContext(wordCount()).plan;
  const l = layoutGraph(plan, 'execution');

  it('has one box per JobVertex (2 chains) and one row per subtask inside it', () => {
    expect(plan.jobGraph.vertices).toHaveLength(2);
    expect(l.vertices.map((v) => v.id)).toEqual(['source', 'count']);
    expect(l.vertices.map((v) => v.operators.map((o) => o.name))).toEqual([
      ['Source: Sentences', 'Flat Map'],
      ['Keyed Aggregation', 'Sink: Print to Std. Out'],
    ]);
    expect(l.nodes).toEqual([]);
    for (const v of l.vertices) {
      expect(v.subtasks).toHaveLength(2);
      expect(v.subtasks.map((s) => s.short)).toEqual(['#1', '#2']);
      for (const s of v.subtasks) expect(inside(s, v)).toBe(true);
      expect(overlaps(v.subtasks[0]!, v.subtasks[1]!)).toBe(false);
    }
    expect(l.subtasks.map((s) => s.id)).toEqual(['source/0', 'source/1', 'count/0', 'count/1']);
    expect(l.subtasks[3]!.name).toBe('Keyed Aggregation -> Sink: Print to Std. Out (2/2)');
    expect(overlaps(l.vertices[0]!, l.vertices[1]!)).toBe(false);
  });

  it('lays out left to right (rankdir LR) within its size', () => {
    const [a, b] = l.vertices;
    expect(a!.x + a!.width).toBeLessThan(b!.x);
    expect(b!.x - (a!.x + a!.width)).toBeGreaterThanOrEqual(150);
    for (const v of l.vertices) {
      expect(v.x).toBeGreaterThanOrEqual(0);
      expect(v.x + v.width).toBeLessThanOrEqual(l.width);
      expect(v.y + v.height).toBeLessThanOrEqual(l.height);
    }
  });

  it('draws one channel per ChannelPlan, from the producer box right edge to the consumer box left edge', () => {
    expect(l.channels).toHaveLength(plan.execution.channels.length);
    expect(l.channels).toHaveLength(4); // HASH all-to-all, 2 × 2; the FORWARD edges are chained
    for (const c of l.channels) {
      const from = l.subtasks[c.from]!;
      const to = l.subtasks[c.to]!;
      expect(c.id).toBe(plan.execution.channels[c.index]!.id);
      expect(c.start.x).toBe(from.x + from.width);
      expect(c.end.x).toBe(to.x);
      expect(c.start.y).toBeGreaterThan(from.y);
      expect(c.start.y).toBeLessThan(from.y + from.height);
      expect(c.end.y).toBeGreaterThan(to.y);
      expect(c.end.y).toBeLessThan(to.y + to.height);
    }
    expect(l.jobEdges.map((e) => e.partitioner)).toEqual(['HASH']);
  });

  it('without chaining: four vertices, FORWARD channels pointwise and HASH all-to-all', () => {
    const p2 = buildJobPlan(wordCount({ chaining: false }));
    const l2 = layoutGraph(p2, 'execution');
    expect(l2.vertices).toHaveLength(4);
    expect(l2.channels).toHaveLength(p2.execution.channels.length);
    expect(l2.channels).toHaveLength(2 + 4 + 2);
    expect(l2.jobEdges.map((e) => e.partitioner)).toEqual(['FORWARD', 'HASH', 'FORWARD']);
    const xs = l2.vertices.map((v) => v.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });
});

describe('layoutGraph, level job', () => {
  const plan = buildJobPlan(wordCount());
  const l = layoutGraph(plan, 'job');

  it('has one box per JobVertex with its operators, and no subtasks or channels', () => {
    expect(l.level).toBe('job');
    expect(l.vertices.map((v) => v.id)).toEqual(['source', 'count']);
    expect(l.vertices.map((v) => v.operators.map((o) => o.id))).toEqual([['source', 'split'], ['count', 'print']]);
    for (const v of l.vertices) expect(v.subtasks).toEqual([]);
    expect(l.subtasks).toEqual([]);
    expect(l.channels).toEqual([]);
    expect(l.nodes).toEqual([]);
    // Smaller than the execution level: no subtask rows.
    const ex = layoutGraph(plan, 'execution');
    expect(l.vertices[0]!.height).toBeLessThan(ex.vertices[0]!.height);
  });

  it('routes each JobEdge from box to box, labelled with its partitioner and result partition type', () => {
    expect(l.jobEdges).toHaveLength(1);
    const e = l.jobEdges[0]!;
    expect(jobEdgeLines(e)).toEqual(['HASH', 'PIPELINED_BOUNDED']);
    expect(e.blocking).toBe(false);
    expect(e.points.length).toBeGreaterThanOrEqual(2);
    const [a, b] = l.vertices;
    expect(e.label.x).toBeGreaterThan(a!.x + a!.width);
    expect(e.label.x).toBeLessThan(b!.x);
    expect(e.labelWidth).toBeGreaterThanOrEqual(textWidth('PIPELINED_BOUNDED', 11));
    for (const v of l.vertices) {
      expect(v.x + v.width).toBeLessThanOrEqual(l.width);
      expect(v.y + v.height).toBeLessThanOrEqual(l.height);
    }
  });

  it('marks BLOCKING edges (batch mode), at the job and execution levels', () => {
    const batch = wordCount();
    const p2 = buildJobPlan({ ...batch, job: { ...batch.job, runtimeMode: 'BATCH' } });
    const j = layoutGraph(p2, 'job');
    expect(j.jobEdges.map((e) => [e.partitioner, e.resultPartitionType, e.blocking])).toEqual([['HASH', 'BLOCKING', true]]);
    expect(jobEdgeLines(j.jobEdges[0]!)).toEqual(['HASH', 'BLOCKING']);
    const x = layoutGraph(p2, 'execution');
    expect(x.jobEdges[0]!.blocking).toBe(true);
    // Two lines at the execution level too, so that the word BLOCKING is there and not only dashes.
    expect(x.jobEdges[0]!.labelHeight).toBeGreaterThan(layoutGraph(plan, 'execution').jobEdges[0]!.labelHeight);
    expect(x.channels.length).toBe(4);
    expect(x.channels.every((c) => c.blocking)).toBe(true);
    expect(layoutGraph(plan, 'execution').channels.some((c) => c.blocking)).toBe(false);
  });

  it('knows its three levels', () => {
    expect(LEVELS).toEqual(['stream', 'job', 'execution']);
    for (const level of LEVELS) expect(layoutGraph(plan, level).level).toBe(level);
  });
});

describe('layoutGraph, level stream', () => {
  const plan = buildJobPlan(wordCount());
  const l = layoutGraph(plan, 'stream');

  it('has one node per StreamNode, in flow order, with parallelism and the keyed marker', () => {
    expect(l.nodes.map((n) => n.id)).toEqual(['source', 'split', 'count', 'print']);
    expect(l.nodes.map((n) => n.keyed)).toEqual([false, false, true, false]);
    expect(l.nodes.every((n) => n.parallelism === 2)).toBe(true);
    expect(l.nodes.map((n) => n.vertex)).toEqual(['source', 'source', 'count', 'count']);
    for (let i = 1; i < l.nodes.length; i++) expect(l.nodes[i - 1]!.x + l.nodes[i - 1]!.width).toBeLessThan(l.nodes[i]!.x);
    expect(l.vertices).toEqual([]);
    expect(l.channels).toEqual([]);
  });

  it('labels edges with the partitioner only: chaining is decided later, for the JobGraph', () => {
    expect(l.edges.map((e) => e.partitioner)).toEqual(['FORWARD', 'HASH', 'FORWARD']);
    for (const e of l.edges) {
      expect(Object.keys(e).sort()).toEqual(['index', 'label', 'partitioner', 'points', 'source', 'target']);
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      const src = l.nodes.find((n) => n.id === e.source)!;
      const dst = l.nodes.find((n) => n.id === e.target)!;
      expect(e.label.x).toBeGreaterThan(src.x + src.width);
      expect(e.label.x).toBeLessThan(dst.x);
    }
  });

  it('wraps long names after a Source:/Sink: prefix', () => {
    expect(wrapName('Sink: Print to Std. Out')).toEqual(['Sink:', 'Print to Std. Out']);
    expect(wrapName('Flat Map')).toEqual(['Flat Map']);
    expect(l.nodes.find((n) => n.id === 'print')!.lines).toEqual(['Sink:', 'Print to Std. Out']);
  });
});

describe('recordPosition', () => {
  const straight: ChannelGeom = { index: 0, id: 'c', edge: 0, from: 0, to: 1, start: { x: 100, y: 50 }, end: { x: 300, y: 50 }, blocking: false };
  const curved: ChannelGeom = { ...straight, end: { x: 300, y: 150 } };
  const f = { sentAt: 100, arrivesAt: 160 };

  it('interpolates (time − sentAt)/(arrivesAt − sentAt) along the channel', () => {
    expect(recordPosition(straight, f, 100)).toEqual({ x: 100, y: 50 });
    expect(recordPosition(straight, f, 160)).toEqual({ x: 300, y: 50 });
    expect(recordPosition(straight, f, 130).x).toBeCloseTo(200, 0);
    expect(recordPosition(straight, f, 115).x).toBeCloseTo(150, 0);
    expect(flightFraction(f, 145)).toBeCloseTo(0.75);
  });

  it('clamps before sending and after arrival', () => {
    expect(recordPosition(straight, f, 0)).toEqual({ x: 100, y: 50 });
    expect(recordPosition(straight, f, 10_000)).toEqual({ x: 300, y: 50 });
    expect(flightFraction({ sentAt: 5, arrivesAt: 5 }, 4)).toBe(0);
    expect(flightFraction({ sentAt: 5, arrivesAt: 5 }, 5)).toBe(1);
  });

  it('follows the curve: ends on the box edges, symmetric midpoint, x monotone', () => {
    const a = recordPosition(curved, f, 100);
    const b = recordPosition(curved, f, 160);
    expect(a.x).toBeCloseTo(100);
    expect(a.y).toBeCloseTo(50);
    expect(b.x).toBeCloseTo(300);
    expect(b.y).toBeCloseTo(150);
    const mid = recordPosition(curved, f, 130);
    expect(mid.x).toBeCloseTo(200, 0);
    expect(mid.y).toBeCloseTo(100, 0);
    let last = -Infinity;
    for (let t = 100; t <= 160; t += 5) {
      const p = recordPosition(curved, f, t);
      expect(p.x).toBeGreaterThanOrEqual(last);
      last = p.x;
    }
  });
});

describe('placeInFlight', () => {
  const tl = Timeline.record(wordCount());
  const plan = tl.plan;
  const l = layoutGraph(plan, 'execution');
  // A time at which records are on the wire.
  const firstSent = tl.trace.find((e) => e.type === 'record.sent')!;
  const sentAt = (firstSent as { sentAt: number }).sentAt;
  const time = sentAt + 30;
  const world: World = structuredClone(tl.worldAtTime(time));

  it('places every in-flight element of the world, the head of each channel at recordPosition', () => {
    const placed = placeInFlight(l, world, time);
    const inFlight = world.channels.reduce((n, c) => n + c.inFlight.length, 0);
    expect(inFlight).toBeGreaterThan(0);
    expect(placed).toHaveLength(inFlight);
    for (const c of l.channels) {
      const head = world.channels[c.index]!.inFlight[0];
      if (!head) continue;
      const p = placed.find((x) => x.channel === c.index)!;
      const expected = recordPosition(c, head, time);
      expect(p.x).toBeCloseTo(expected.x);
      expect(p.y).toBeCloseTo(expected.y);
      expect(p.lane).toBe(0);
    }
    expect(new Set(placed.map((p) => p.key)).size).toBe(placed.length);
  });

  it('keeps markers of one channel and lane apart (a FIFO train behind the head)', () => {
    const placed = placeInFlight(l, world, time);
    for (const c of l.channels) {
      const mine = placed.filter((p) => p.channel === c.index);
      for (let i = 0; i < mine.length; i++) {
        for (let j = i + 1; j < mine.length; j++) {
          const a = mine[i]!;
          const b = mine[j]!;
          if (a.lane !== b.lane) continue;
          expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual((a.width + b.width) / 2);
        }
      }
    }
  });

  it('labels tuple records by their key', () => {
    const placed = placeInFlight(l, world, time);
    for (const p of placed) if (p.record) expect(p.label).toBe(recordLabel(p.record));
    expect(recordLabel({ id: 1, value: ['flink', 1], key: 'flink', origin: { task: 's/0', offset: 0 }, createdAt: 0 })).toBe('flink');
    expect(recordLabel({ id: 2, value: ['x', 1], origin: { task: 's/0', offset: 0 }, createdAt: 0 })).toBe('x');
    expect(recordLabel({ id: 3, value: 'a very long sentence indeed', origin: { task: 's/0', offset: 0 }, createdAt: 0 })).toBe('a very long…');
  });
});

describe('keyGroups', () => {
  const tl = Timeline.record(wordCount());
  const plan = tl.plan;

  it('routes keys with the simulator functions (KeyGroupRangeAssignment)', () => {
    for (const key of ['to', 'be', 'flink']) {
      const r = routeKey(key, 128, 2);
      expect(r.hashCode).toBe(javaHashCode(key));
      expect(r.murmur).toBe(murmurHash(javaHashCode(key)));
      expect(r.keyGroup).toBe(assignToKeyGroup(key, 128));
      expect(r.subtask).toBe(assignKeyToParallelOperator(key, 128, 2));
    }
    // Golden values from the run: "to" → key group 91, "be" → 84 (both subtask 1 of 2).
    expect(routeKey('to', 128, 2)).toMatchObject({ hashCode: 3707, keyGroup: 91, subtask: 1 });
    expect(routeKey('be', 128, 2)).toMatchObject({ hashCode: 3139, keyGroup: 84, subtask: 1 });
  });

  it('lists every key seen, with ranges from computeKeyGroupRangeForOperatorIndex', () => {
    expect(keyedOperators(plan).map((n) => n.id)).toEqual(['count']);
    const m = keyGroupModel(plan, tl.worldAt(tl.steps), tl.traceUntil(tl.steps), 'count')!;
    expect(m.maxParallelism).toBe(128);
    expect(m.ranges.map((r) => [r.task, r.start, r.end])).toEqual([
      ['count/0', 0, 63],
      ['count/1', 64, 127],
    ]);
    for (const r of m.ranges) {
      expect({ start: r.start, end: r.end }).toEqual(computeKeyGroupRangeForOperatorIndex(128, 2, r.subtask));
    }
    const keys = m.rows.map((r) => r.key);
    for (const k of ['to', 'be', 'flink', 'or', 'not', 'is', 'fast', 'counts', 'words']) expect(keys).toContain(k);
    for (const row of m.rows) {
      const range = m.ranges[row.subtask]!;
      expect(row.keyGroup).toBeGreaterThanOrEqual(range.start);
      expect(row.keyGroup).toBeLessThanOrEqual(range.end);
      expect(row.keyGroup).toBe(assignToKeyGroup(row.key, 128));
      expect(row.task).toBe(`count/${row.subtask}`);
      expect(row.inState).toBe(true);
    }
    const sentTo = tl.trace.filter((e) => e.type === 'record.sent' && e.record.key === 'to').length;
    expect(m.rows.find((r) => r.key === 'to')!.sent).toBe(sentTo);
    expect(m.ranges.reduce((n, r) => n + r.keys, 0)).toBe(m.rows.length);
  });

  it('places one marker per key group, labels in a row never overlapping', () => {
    const m = keyGroupModel(plan, tl.worldAt(tl.steps), tl.traceUntil(tl.steps), 'count')!;
    const marks = keyMarkers(m, 400);
    expect(marks.map((k) => k.keyGroup)).toEqual([...new Set(m.rows.map((r) => r.keyGroup))].sort((a, b) => a - b));
    for (const k of marks) expect(k.x).toBeCloseTo(((k.keyGroup + 0.5) / 128) * 400);
    const labelled = marks.filter((k) => k.label);
    for (const a of labelled) {
      for (const b of labelled) {
        if (a === b || a.row !== b.row) continue;
        expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual((textWidth(a.label, 11) + textWidth(b.label, 11)) / 2);
      }
    }
    expect(marks.every((k) => k.row >= 0 && k.row < 4)).toBe(true);
  });

  it('shows a subtask that owns no key yet (0 keys) and nothing before any record', () => {
    // "to" and "be" both hash to subtask 1 of 2: subtask 0 stays idle.
    const tl2 = Timeline.record(wordCount({ events: [{ at: 100, subtask: 0, value: 'to be to be' }] }));
    const m = keyGroupModel(tl2.plan, tl2.worldAt(tl2.steps), tl2.traceUntil(tl2.steps), 'count')!;
    expect(m.rows.map((r) => r.key).sort()).toEqual(['be', 'to']);
    expect(m.ranges.map((r) => r.keys)).toEqual([0, 2]);
    const empty = keyGroupModel(tl2.plan, tl2.worldAt(0), tl2.traceUntil(0), 'count')!;
    expect(empty.rows).toEqual([]);
    expect(keyGroupModel(tl2.plan, tl2.worldAt(0), [], 'nope')).toBeNull();
  });
});

describe('records: location and lineage', () => {
  const tl = Timeline.record(wordCount());
  const plan = tl.plan;

  it('follows a printed count result back to its source offset', () => {
    const ix = indexTrace(tl.trace);
    const printed = tl.trace.find((e) => e.type === 'output.emitted')!;
    if (printed.type !== 'output.emitted') throw new Error('unreachable');
    const chain = lineage(ix, printed.record);
    expect(chain.map((s) => s.operator)).toEqual(['source', 'split', 'count']);
    expect(chain[chain.length - 1]!.id).toBe(printed.record);
    const src = ix.records.get(chain[0]!.id)!;
    expect(src.origin.offset).toBe(0);
    expect(ix.records.get(chain[1]!.id)!.parent).toBe(src.id);
  });

  it('finds in-flight and queued records in the world', () => {
    const sent = tl.trace.find((e) => e.type === 'record.sent')!;
    if (sent.type !== 'record.sent') throw new Error('unreachable');
    const w1 = tl.worldAtTime(sent.sentAt + 1);
    const onWire = locateRecord(plan, w1, sent.record.id)!;
    expect(onWire.location).toMatchObject({ kind: 'channel', from: sent.task, to: sent.to, sentAt: sent.sentAt });
    const w2 = tl.worldAtTime(sent.arrivesAt);
    const queuedOrDone = locateRecord(plan, w2, sent.record.id);
    if (queuedOrDone) expect(queuedOrDone.location).toMatchObject({ kind: 'queued', task: sent.to });
    expect(locateRecord(plan, tl.worldAt(0), sent.record.id)).toBeNull();
  });
});

describe('selection and colours', () => {
  it('compares selections by kind and id', () => {
    expect(sameSelection({ kind: 'task', task: 'count/1' }, { kind: 'task', task: 'count/1' })).toBe(true);
    expect(sameSelection({ kind: 'task', task: 'count/1' }, { kind: 'task', task: 'count/0' })).toBe(false);
    expect(sameSelection({ kind: 'record', record: 3 }, { kind: 'task', task: '3' })).toBe(false);
    expect(sameSelection(null, { kind: 'record', record: 3 })).toBe(false);
  });

  it('uses the Web UI colours', () => {
    expect(STATE_COLORS.RUNNING).toBe('#52c41a');
    expect(STATE_COLORS.FAILED).toBe('#f5222d');
    expect(STATE_COLORS.SCHEDULED).toBe('#722ed1');
    expect(subtaskFill('RUNNING', false)).toBe('#5db1ff');
    expect(subtaskFill('RUNNING', true)).toBe('#ee6464');
    expect(blend('#000000', '#ffffff', 0.5)).toBe('#808080');
  });
});

describe('workspace: session view, faults and memory', async () => {
  const { RunSession } = await import('../../src/lib/workspace/Session.svelte.ts');
  const { canCancel, canFail, canLoseLeadership, forkMessage, runningTaskManager } = await import('../../src/lib/workspace/faults.ts');
  const { memoryProps } = await import('../../src/lib/workspace/memoryProps.ts');
  const { workspaceStrings: strings } = await import('../../src/lib/workspace/workspaceWords.ts');
  const tl = Timeline.record(wordCount());

  it('starts on the execution graph; a lesson view sets level, stage and panel', () => {
    const s = new RunSession(tl);
    expect([s.level, s.stage, s.tab]).toEqual(['execution', 'graph', 'inspector']);
    s.applyView({ stage: 'cluster', panel: 'jobstatus' });
    expect([s.level, s.stage, s.tab]).toEqual(['execution', 'cluster', 'jobstatus']);
    // A graph level without a stage brings the graph back on the stage.
    s.applyView({ graph: 'job', panel: 'memory' });
    expect([s.level, s.stage, s.tab]).toEqual(['job', 'graph', 'memory']);
    s.applyView({ stage: 'gantt', graph: 'stream', panel: 'log' });
    expect([s.level, s.stage, s.tab]).toEqual(['stream', 'gantt', 'log']);
    // Neither: the stage stays.
    s.applyView({ select: { task: 'count/1' } });
    expect([s.stage, s.selection]).toEqual(['gantt', { kind: 'task', task: 'count/1' }]);
    s.destroy();
  });

  it('forks with a fault at the playhead: the subtask gets a new attempt', () => {
    // With a restart strategy (the default without checkpointing is none: the job would fail).
    const base = wordCount();
    const restarting = Timeline.record({ ...base, config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': 50 } });
    const s = new RunSession(restarting);
    const tl = restarting;
    const running = tl.trace.find((e) => e.type === 'task.state' && e.to === 'RUNNING' && e.task === 'count/1')!;
    s.player.seek({ step: running.step + 1, time: running.t });
    const i = tl.plan.execution.tasks.findIndex((t) => t.id === 'count/1');
    expect(canFail(s.world.tasks[i])).toBe(true);
    expect(runningTaskManager(s.world, s.world.tasks[i])).toMatch(/^tm-\d+$/);
    expect(s.fork({ type: 'failTask', task: 'count/1' })).toBeNull();
    expect(s.forked).toBe(true);
    s.player.toEnd();
    expect(s.world.tasks[i]!.attempt).toBeGreaterThan(0);
    expect(s.world.cluster.jobMaster?.numberOfRestarts).toBe(1);
    expect(s.world.jobStatus).toBe('FINISHED');
    s.destroy();
  });

  it('enables the faults only where they act', () => {
    // worldAt may reuse one object: keep copies.
    const start = structuredClone(tl.worldAt(0));
    const end = structuredClone(tl.worldAt(tl.steps));
    expect(canFail(start.tasks[0])).toBe(false);
    expect(canFail(undefined)).toBe(false);
    expect(runningTaskManager(start, start.tasks[0])).toBeNull();
    expect(end.jobStatus).toBe('FINISHED');
    expect(canCancel(end)).toBe(false);
    expect(canLoseLeadership(end)).toBe(false);
    // Before the Dispatcher has the job there is nothing to cancel; once submitted there is.
    expect(canCancel(structuredClone(tl.worldAt(1)))).toBe(false);
    const submitted = tl.trace.find((e) => e.type === 'rpc.received' && e.name === 'submitJob')!.step;
    expect(canCancel(structuredClone(tl.worldAt(submitted)))).toBe(true);
    expect(canLoseLeadership(structuredClone(tl.worldAt(submitted)))).toBe(true);
  });

  it('announces every fault in both languages', () => {
    const actions = [
      { type: 'failTask', task: 'count/1' },
      { type: 'killTaskManager', taskManager: 'tm-1' },
      { type: 'addTaskManager' },
      { type: 'cancelJob' },
      { type: 'loseLeadership' },
      { type: 'pauseTask', task: 'count/1' },
    ] as const;
    for (const lang of ['en', 'zh'] as const) {
      const texts = actions.map((a) => forkMessage(a, strings(lang), 420));
      for (const text of texts) expect(text).toContain('420');
      expect(new Set(texts).size).toBe(actions.length);
    }
    expect(forkMessage({ type: 'killTaskManager', taskManager: 'tm-2' }, strings('en'), 5)).toBe('You killed TaskManager tm-2 at t = 5 ms. The future was re-simulated.');
  });

  it('passes the TaskManager memory options and slots to the memory model', () => {
    expect(memoryProps({ config: {} })).toEqual({ config: {}, slots: 1 });
    expect(
      memoryProps({ config: { 'taskmanager.memory.process.size': '1811939328', 'taskmanager.memory.managed.fraction': 0.4, 'taskmanager.numberOfTaskSlots': 2, 'heartbeat.timeout': 5000 } }),
    ).toEqual({ config: { 'taskmanager.memory.process.size': '1728m', 'taskmanager.memory.managed.fraction': '0.4' }, slots: 2 });
    expect(memoryProps({ config: { 'taskmanager.memory.task.off-heap.size': '1000' } }).config).toEqual({ 'taskmanager.memory.task.off-heap.size': '1000' });
  });
});
