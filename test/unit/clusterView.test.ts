/**
 * The Cluster view's pure parts (`src/lib/cluster/clusterLayout.ts`): box positions from counts,
 * the arrangement chosen for a viewport, RPC positions, slot cells, on real recorded worlds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import type { TraceOf } from '../../src/sim/trace.ts';
import {
  arrange,
  clusterShape,
  drawingScale,
  endpointBox,
  layoutCluster,
  overlaps,
  placeRpcs,
  rpcPosition,
  slotViews,
  SIZES,
  type Box,
  type ClusterLayout,
} from '../../src/lib/cluster/clusterLayout.ts';
import { clusterWords } from '../../src/lib/cluster/clusterWords.ts';

const anatomyJson = JSON.parse(readFileSync('lessons/01-anatomy/scenario.json', 'utf8'));
const anatomy = Timeline.record(validateScenario(anatomyJson));
/** The same run with faults: tm-2 is killed at 200 ms, a new TaskManager starts at 400 ms. */
const faulty = Timeline.record(
  validateScenario({
    ...anatomyJson,
    faults: [
      { type: 'killTaskManager', taskManager: 'tm-2', at: 200 },
      { type: 'addTaskManager', at: 400 },
    ],
  }),
);

const yarnScenario = {
  version: 1,
  name: 'Word count on YARN',
  seed: 7,
  job: { parallelism: 3 },
  cluster: { mode: 'yarn' },
  config: { 'taskmanager.numberOfTaskSlots': 2 },
  operators: [
    { id: 'source', type: 'source', name: 'Sentences', events: [{ at: 100, subtask: 0, value: 'to be' }, { at: 300, subtask: 1, value: 'or not' }] },
    { id: 'split', type: 'flatMap', input: 'source', fn: 'splitWords' },
    { id: 'count', type: 'sum', input: 'split', keyBy: 0, field: 1 },
    { id: 'print', type: 'sink', input: 'count' },
  ],
};
const yarn = Timeline.record(validateScenario(yarnScenario));

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1e-9 && inner.y >= outer.y - 1e-9 && inner.x + inner.width <= outer.x + outer.width + 1e-9 && inner.y + inner.height <= outer.y + outer.height + 1e-9;

/** What is wrong with a layout: a box outside the drawing or its parent, or two siblings overlapping. */
function layoutProblems(l: ClusterLayout): string[] {
  const bad: string[] = [];
  const check = (ok: boolean, what: string) => ok || bad.push(what);
  const all: Box = { x: 0, y: 0, width: l.width, height: l.height };
  const top = [l.client, l.jobManager, ...(l.yarn ? [l.yarn] : []), ...l.taskManagers];
  for (const [i, b] of [...top, l.workers].entries()) check(inside(b, all), `box ${i} outside the drawing`);
  for (let i = 0; i < top.length; i++) for (let j = i + 1; j < top.length; j++) check(!overlaps(top[i]!, top[j]!), `boxes ${i} and ${j} overlap`);
  for (const tm of l.taskManagers) check(!overlaps(l.workers, tm), `caption over tm ${tm.index}`);
  for (const p of [l.dispatcher, l.jobMaster, l.resourceManager]) check(inside(p, l.jobManager), 'part outside the JobManager');
  check(!overlaps(l.dispatcher, l.jobMaster) && !overlaps(l.jobMaster, l.resourceManager), 'JobManager parts overlap');
  for (const tm of l.taskManagers) {
    tm.slots.forEach((s, i) => {
      check(inside(s, tm), `slot ${i} outside tm ${tm.index}`);
      check(s.y >= tm.y + SIZES.tmHead, `slot ${i} under the header (Kill button) of tm ${tm.index}`);
      for (const other of tm.slots.slice(i + 1)) check(!overlaps(s, other), `slots of tm ${tm.index} overlap`);
      for (const r of s.rows) check(inside(r, s), `task row outside slot ${i}`);
    });
  }
  return bad;
}
const checkLayout = (l: ClusterLayout) => expect(layoutProblems(l)).toEqual([]);

/** The step of the last `slot.assigned` event (every subtask has its slot in the slot pool). */
const deployedStep = (tl: Timeline) => tl.trace.filter((e) => e.type === 'slot.assigned').at(-1)!.step;
/** The step at which the last `submitTask` arrived (every subtask is in its TaskManager's slot). */
const submittedStep = (tl: Timeline) => tl.trace.filter((e) => e.type === 'rpc.received' && e.name === 'submitTask').at(-1)!.step;

describe('clusterLayout on lesson 01 (standalone, 2 TaskManagers × 1 slot)', () => {
  const world = anatomy.worldAt(submittedStep(anatomy));
  const shape = clusterShape(anatomy.plan, world, false);

  it('counts slots per TaskManager and task rows per slot from the plan', () => {
    expect(shape).toEqual({ yarn: false, slots: [1, 1], taskRows: 2 });
  });

  it('lays out the wide arrangement at 900×500 without overlaps, legibly large', () => {
    const l = layoutCluster(shape, { width: 900, height: 500 });
    expect(l.orientation).toBe('wide');
    expect(l.yarn).toBeNull();
    expect(l.taskManagers).toHaveLength(2);
    // The JobManager is left of every TaskManager.
    for (const tm of l.taskManagers) expect(tm.x).toBeGreaterThan(l.jobManager.x + l.jobManager.width);
    checkLayout(l);
    expect(drawingScale(l, { width: 900, height: 500 })).toBeGreaterThanOrEqual(1);
  });

  it('stacks the control plane above the TaskManagers in a narrow column', () => {
    const l = layoutCluster(shape, { width: 340, height: 900 });
    expect(l.orientation).toBe('tall');
    for (const tm of l.taskManagers) expect(tm.y).toBeGreaterThan(l.jobManager.y + l.jobManager.height);
    checkLayout(l);
    // The width always fits.
    expect(drawingScale(l, { width: 340, height: 900 }) * l.width).toBeLessThanOrEqual(340 + 1e-9);
  });

  it('shows each slot with its allocation, its execution slot sharing group and the subtasks sharing it', () => {
    const slots = [0, 1].map((i) => slotViews(anatomy.plan, world, i));
    const assigned = anatomy.trace.filter((e): e is TraceOf<'slot.assigned'> => e.type === 'slot.assigned');
    expect(assigned).toHaveLength(2);
    for (const a of assigned) {
      const tm = world.cluster.taskManagers.findIndex((t) => t.id === a.tm);
      const view = slots[tm]![a.slot]!;
      expect(view.allocationId).toBe(a.allocationId);
      expect(view.group).toBe(a.group);
      expect(view.tasks.map((t) => t.id).sort()).toEqual([...a.tasks].sort());
    }
    expect(slots[0]![0]!.tasks.map((t) => t.id)).toEqual(['source/0', 'count/0']);
    expect(slots[0]![0]!.tasks.every((t) => t.state === world.tasks[t.index]!.state)).toBe(true);
  });

  it('places each RPC in flight on the line between its endpoints', () => {
    let checked = 0;
    for (let step = 1; step <= deployedStep(anatomy) + 20; step++) {
      const w = anatomy.worldAt(step);
      const l = layoutCluster(clusterShape(anatomy.plan, w, false), { width: 900, height: 500 });
      for (const p of placeRpcs(l, w, w.time, true)) {
        expect(p.fraction).toBe(rpcPosition(p.rpcs[0]!, w.time));
        expect(p.fraction).toBeGreaterThanOrEqual(0);
        expect(p.fraction).toBeLessThanOrEqual(1);
        // The endpoints are on the sender's and the receiver's boxes.
        const a = endpointBox(l, w, p.rpcs[0]!.from)!;
        const b = endpointBox(l, w, p.rpcs[0]!.to)!;
        expect(inside({ ...p.from, width: 0, height: 0 }, a)).toBe(true);
        expect(inside({ ...p.to, width: 0, height: 0 }, b)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    // Reduced motion: at the midpoint.
    const w = anatomy.worldAt(1);
    const l = layoutCluster(clusterShape(anatomy.plan, w, false));
    const [p] = placeRpcs(l, w, w.time, false);
    expect(p!.label).toBe('submitJob');
    expect(p!.fraction).toBe(0.5);
    expect(p!.x).toBeCloseTo((p!.from.x + p!.to.x) / 2);
  });

  it('draws RPCs of one name on one line at one place as one label, and moves other labels there aside', () => {
    const step = anatomy.trace.find((e) => e.type === 'rpc.sent' && e.message.name === 'submitTask')!.step;
    const w = anatomy.worldAt(step);
    const placed = placeRpcs(layoutCluster(clusterShape(anatomy.plan, w, false)), w, w.time, true);
    const submits = placed.filter((p) => p.rpcs[0]!.message.name === 'submitTask');
    expect(submits.map((p) => [p.rpcs[0]!.to, p.label])).toEqual([['tm-1', 'submitTask ×2'], ['tm-2', 'submitTask ×2']]);
    expect(placed.flatMap((p) => p.rpcs).length).toBe(w.cluster.rpcs.length);
    // Different RPCs on the same line at the same place: different spots.
    const w2 = anatomy.worldAt(1);
    const fake = { ...w2, cluster: { ...w2.cluster, rpcs: [0, 1, 2].map((i) => ({ ...w2.cluster.rpcs[0]!, id: 100 + i, message: { name: i ? 'heartbeat' : 'requestHeartbeat' } as never })) } };
    const stacked = placeRpcs(layoutCluster(clusterShape(anatomy.plan, fake, false)), fake, fake.time, true);
    expect(stacked.map((p) => p.label)).toEqual(['requestHeartbeat', 'heartbeat ×2']);
    expect(new Set(stacked.map((p) => `${p.x},${p.y}`)).size).toBe(2);
  });

  it('keeps a killed TaskManager in place, with no subtasks in its slots', () => {
    const killed = faulty.trace.find((e) => e.type === 'taskmanager.status' && e.to === 'killed')!;
    const w = faulty.worldAt(killed.step);
    const tm2 = w.cluster.taskManagers.find((t) => t.id === 'tm-2')!;
    expect(tm2.status).toBe('killed');
    const before = layoutCluster(clusterShape(faulty.plan, faulty.worldAt(killed.step - 1), false), { width: 900, height: 500 });
    const after = layoutCluster(clusterShape(faulty.plan, w, false), { width: 900, height: 500 });
    expect(after.taskManagers.map(({ x, y }) => [x, y])).toEqual(before.taskManagers.map(({ x, y }) => [x, y]));
    expect(slotViews(faulty.plan, faulty.worldAt(killed.step - 1), 1)[0]!.tasks.length).toBe(2);
    expect(slotViews(faulty.plan, w, 1)[0]!.tasks).toEqual([]);
    expect(clusterWords('en').status[tm2.status]).toBe('✕ killed');
    // The added TaskManager gets a box too.
    const end = faulty.worldAt(faulty.steps);
    expect(end.cluster.taskManagers.map((t) => t.id)).toEqual(['tm-1', 'tm-2', 'tm-3']);
    const l = layoutCluster(clusterShape(faulty.plan, end, false), { width: 900, height: 500 });
    expect(l.taskManagers).toHaveLength(3);
    checkLayout(l);
  });
});

describe('clusterLayout in yarn mode (2 slots per TaskManager)', () => {
  it('draws YARN and the starting JobManager before any TaskManager', () => {
    const w = yarn.worldAt(1);
    expect(w.cluster.jobManagerUp).toBe(false);
    const l = layoutCluster(clusterShape(yarn.plan, w, true), { width: 900, height: 500 });
    expect(l.yarn).not.toBeNull();
    expect(l.taskManagers).toHaveLength(0);
    checkLayout(l);
    const [p] = placeRpcs(l, w, w.time, true);
    expect(p!.rpcs[0]).toMatchObject({ from: 'client', to: 'yarn' });
  });

  it('lays out the TaskManagers YARN starts, with two slot cells each', () => {
    const w = yarn.worldAt(submittedStep(yarn));
    expect(w.cluster.jobManagerUp).toBe(true);
    const shape = clusterShape(yarn.plan, w, true);
    expect(shape.slots.length).toBeGreaterThanOrEqual(2);
    expect(shape.slots.every((s) => s === 2)).toBe(true);
    const l = layoutCluster(shape, { width: 900, height: 500 });
    checkLayout(l);
    expect(l.taskManagers[0]!.slots).toHaveLength(2);
    const groups = w.cluster.taskManagers.flatMap((_, i) => slotViews(yarn.plan, w, i)).map((s) => s.group).filter(Boolean);
    expect(groups.sort()).toEqual(['essg-0', 'essg-1', 'essg-2']);
  });
});

describe('clusterLayout for 1–8 TaskManagers of 1–4 slots', () => {
  const viewports = [
    { width: 900, height: 500 },
    { width: 360, height: 900 },
    { width: 360, height: 0 },
    { width: 1400, height: 300 },
  ];
  it('never overlaps boxes, in either arrangement and any column count', () => {
    for (const yarnMode of [false, true]) {
      for (let n = 1; n <= 8; n++) {
        for (let slots = 1; slots <= 4; slots++) {
          for (const taskRows of [1, 3, 5]) {
            const shape = { yarn: yarnMode, slots: Array(n).fill(slots), taskRows };
            const layouts = [...(['wide', 'tall'] as const).flatMap((o) => Array.from({ length: n }, (_, c) => arrange(shape, o, c + 1))), ...viewports.map((v) => layoutCluster(shape, v))];
            for (const l of layouts) {
              const bad = layoutProblems(l);
              if (bad.length) expect({ shape, orientation: l.orientation, columns: l.columns, bad }).toBeNull();
            }
          }
        }
      }
    }
  });

  it('fits 8 TaskManagers of 4 slots into 900×500 at a readable scale', () => {
    const l = layoutCluster({ yarn: true, slots: Array(8).fill(4), taskRows: 2 }, { width: 900, height: 500 });
    expect(drawingScale(l, { width: 900, height: 500 })).toBeGreaterThanOrEqual(0.6);
  });

  it('keeps TaskManagers in a grid: one per cell, in order', () => {
    const l = arrange({ yarn: false, slots: [2, 2, 2, 2, 2], taskRows: 2 }, 'wide', 2);
    expect(l.columns).toBe(2);
    const [a, b, c] = l.taskManagers;
    expect(b!.y).toBe(a!.y);
    expect(b!.x).toBeGreaterThan(a!.x);
    expect(c!.x).toBe(a!.x);
    expect(c!.y).toBeGreaterThan(a!.y);
  });
});

describe('rpcPosition', () => {
  const rpc = { sentAt: 100, arrivesAt: 110 };
  it('is the fraction of the trip done, clamped to [0, 1]', () => {
    expect(rpcPosition(rpc, 100)).toBe(0);
    expect(rpcPosition(rpc, 105)).toBe(0.5);
    expect(rpcPosition(rpc, 110)).toBe(1);
    expect(rpcPosition(rpc, 50)).toBe(0);
    expect(rpcPosition(rpc, 500)).toBe(1);
    expect(rpcPosition({ sentAt: 10, arrivesAt: 10 }, 10)).toBe(1);
    expect(rpcPosition({ sentAt: 10, arrivesAt: 10 }, 9)).toBe(0);
    expect(rpcPosition(rpc, Number.NaN)).toBe(0);
  });
});
