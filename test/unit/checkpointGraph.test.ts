/**
 * The job graph's view of checkpointing, flow control, backpressure and recovery (src/lib/graph/
 * checkpointView.ts and the barrier markers of inFlight.ts), on a small recorded run: a source at
 * 40 records/s into a slow keyed sum (30 ms a record) with one buffer per channel, so that it is
 * back-pressured; checkpoints every 500 ms; count/0 fails at 2300 ms and the job restores.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import type { World } from '../../src/sim/world.ts';
import { layoutGraph, placeInFlight } from '../../src/lib/graph/layout.ts';
import {
  alignmentStatus, alignmentText, blockedLabels, blockedText, channelFlow, currentRecoveries, isDark, persistedRecords, pressureFill,
  recoveries, restoredText, rewoundText, runningChannelState, subtaskStatus, taskPressure, vertexPressure, waitingText,
} from '../../src/lib/graph/checkpointView.ts';
import { BUSY_FILL, IDLE_FILL } from '../../src/lib/graph/colors.ts';
import { locateRecord } from '../../src/lib/inspect/records.ts';

const S2 = {
  version: 1,
  seed: 5,
  job: { parallelism: 2 },
  network: { recordsPerBuffer: 1, latencyMs: 20 },
  config: {
    'execution.checkpointing.interval': '500 ms',
    'restart-strategy.type': 'fixed-delay',
    'restart-strategy.fixed-delay.attempts': 3,
    'restart-strategy.fixed-delay.delay': '200 ms',
    'taskmanager.network.memory.buffers-per-channel': 1,
    'taskmanager.network.memory.floating-buffers-per-gate': 1,
    'taskmanager.network.memory.max-buffers-per-channel': 2,
  } as Record<string, unknown>,
  operators: [
    { id: 'src', type: 'source', generator: { seed: 1, ratePerSec: 40, count: 120, values: [['a', 1], ['b', 1], ['c', 1], ['d', 1], ['e', 1]] } },
    { id: 'count', type: 'sum', input: 'src', keyBy: 0, field: 1, costMs: 30 },
    { id: 'out', type: 'sink', input: 'count', transactional: true, chaining: 'never', parallelism: 1 },
    { id: 'print', type: 'sink', input: 'count' },
  ],
  faults: [{ at: 2300, type: 'failTask', task: 'count/0' }],
};

const aligned = Timeline.record(validateScenario(S2));
const unaligned = Timeline.record(validateScenario({ ...S2, config: { ...S2.config, 'execution.checkpointing.unaligned.enabled': true } }));
const idx = (tl: Timeline, id: string) => tl.plan.execution.tasks.find((t) => t.id === id)!.index;

/** The first step whose world satisfies `pred`. */
function firstStep(tl: Timeline, pred: (w: World) => boolean): number {
  for (let s = 0; s <= tl.steps; s++) if (pred(tl.worldAt(s))) return s;
  throw new Error('no such step');
}

describe('alignment (aligned checkpoints)', () => {
  const count0 = idx(aligned, 'count/0');
  const step = firstStep(aligned, (w) => w.tasks[count0]!.checkpoint.blocked.length > 0);
  const w = aligned.worldAt(step);

  it('says which checkpoint a task aligns and how many barriers it has', () => {
    const a = alignmentStatus(w.tasks[count0])!;
    expect(a.mode).toBe('aligned');
    expect(a.expected).toBe(2);
    expect(a.received).toBe(1);
    expect(alignmentText(a)).toBe(`aligning ${a.checkpoint} (1/2 barriers)`);
    expect(subtaskStatus(w.tasks[count0], undefined)).toEqual({ text: `aligning ${a.checkpoint} (1/2 barriers)`, kind: 'align' });
    expect(alignmentStatus(w.tasks[idx(aligned, 'src/0')])).toBeNull();
  });

  it('marks the blocked channel with the checkpoint it waits for', () => {
    const a = alignmentStatus(w.tasks[count0])!;
    const pos = a.blocked[0]!;
    const channel = aligned.plan.execution.tasks[count0]!.inputs[pos]!;
    const flow = channelFlow(aligned.plan, w, channel);
    expect(flow.blockedBy).toBe(a.checkpoint);
    expect(blockedText(flow.blockedBy!)).toBe(`blocked (aligning checkpoint ${a.checkpoint})`);
    expect(flow.queued).toBe(w.tasks[count0]!.inputQueues[pos]);
    const other = aligned.plan.execution.tasks[count0]!.inputs.find((c) => c !== channel)!;
    expect(channelFlow(aligned.plan, w, other).blockedBy).toBeNull();
  });

  it('labels the blocked channels once per consumer, clear of the credit labels', () => {
    const layout = layoutGraph(aligned.plan, 'execution');
    const flows = aligned.plan.execution.channels.map((c) => channelFlow(aligned.plan, w, c.index));
    const labels = blockedLabels(layout.channels, flows);
    const a = alignmentStatus(w.tasks[count0])!;
    const mine = [...labels].filter(([c]) => aligned.plan.execution.channels[c]!.to === count0);
    expect(mine).toHaveLength(1);
    expect(mine[0]![1].text).toBe(blockedText(a.checkpoint));
    for (const [c] of labels) expect(flows[c]!.blockedBy).not.toBeNull();
  });

  it('draws barriers on the wire as B<n>, in the train (not overtaking)', () => {
    const layout = layoutGraph(aligned.plan, 'execution');
    const s = firstStep(aligned, (x) => x.channels.some((c) => c.inFlight.some((f) => f.element.kind === 'barrier')));
    const placed = placeInFlight(layout, aligned.worldAt(s), aligned.timeOfStep(s));
    const b = placed.find((p) => p.kind === 'barrier')!;
    expect(b.label).toMatch(/^B\d+$/);
    expect(b.priority).toBe(false);
    expect(b.checkpoint).toBe(Number(b.label.slice(1)));
    expect(b.lane).toBeGreaterThanOrEqual(0);
  });
});

describe('credit and backpressure', () => {
  const src0 = idx(aligned, 'src/0');
  const step = firstStep(aligned, (w) => w.channels.some((c) => c.outQueue.some((e) => e.kind === 'record')));
  const w = aligned.worldAt(step);

  it('counts the buffers waiting for credit at the sender', () => {
    const c = w.channels.findIndex((ch) => ch.outQueue.some((e) => e.kind === 'record'));
    const flow = channelFlow(aligned.plan, w, c);
    expect(flow.waiting).toBe(w.channels[c]!.outQueue.filter((e) => e.kind === 'record').length);
    expect(flow.credit).toBe(0);
    expect(waitingText(flow)).toBe(`waiting for credit: ${flow.waiting}`);
    const id = flow.waitingRecords[0]!;
    const at = locateRecord(aligned.plan, w, id)!;
    expect(at.location).toMatchObject({ kind: 'waiting', channel: c, position: 0 });
  });

  it('blends the fill like the Web UI and gives the level', () => {
    expect(pressureFill(0, 0)).toBe(IDLE_FILL);
    expect(pressureFill(1, 0)).toBe(BUSY_FILL);
    expect(pressureFill(0, 1)).toBe('#434343');
    expect(isDark(pressureFill(0, 1))).toBe(true);
    expect(isDark(IDLE_FILL)).toBe(false);
    const t = 2000;
    const world = aligned.worldAtTime(t);
    const p = taskPressure(world.tasks[src0], t);
    expect(p.backPressured).toBeGreaterThan(0.5);
    expect(p.level).toBe('HIGH');
    const v = vertexPressure(world.tasks.filter((_, i) => aligned.plan.execution.tasks[i]!.vertex === aligned.plan.execution.tasks[src0]!.vertex), t);
    expect(v.backPressured).toBeGreaterThanOrEqual(p.backPressured);
    const count = taskPressure(world.tasks[idx(aligned, 'count/0')], t);
    expect(count.busy).toBeGreaterThan(0.5);
  });
});

describe('unaligned checkpoints', () => {
  it('draws a priority barrier in the overtaking lane', () => {
    const s = firstStep(unaligned, (w) => w.channels.some((c) => c.priority.length > 0));
    const placed = placeInFlight(layoutGraph(unaligned.plan, 'execution'), unaligned.worldAt(s), unaligned.timeOfStep(s));
    const b = placed.find((p) => p.priority)!;
    expect(b.kind).toBe('barrier');
    expect(b.lane).toBe(-1);
    expect(b.label).toMatch(/^B\d+$/);
  });

  it('marks the records the checkpoint persists while it runs, and lists them per checkpoint', () => {
    const s = firstStep(unaligned, (w) => persistedRecords(w).size > 0);
    const w = unaligned.worldAt(s);
    const kept = persistedRecords(w);
    const owner = w.tasks.find((t) => runningChannelState(t).some((c) => c.records > 0));
    if (owner) {
      const cs = runningChannelState(owner).find((c) => c.records > 0)!;
      expect(cs.unaligned).toBe(true);
      for (const e of [...cs.input, ...cs.output]) for (const r of e.records) expect(kept.get(r.id)).toBe(cs.checkpoint);
    }
    const placed = placeInFlight(layoutGraph(unaligned.plan, 'execution'), w, unaligned.timeOfStep(s));
    for (const p of placed) if (p.record) expect(p.persisted).toBe(kept.get(p.record.id) ?? null);
    // Once every checkpoint is done, nothing is marked.
    expect(persistedRecords(unaligned.worldAt(unaligned.steps)).size).toBe(0);
  });
});

describe('recovery', () => {
  const all = recoveries(unaligned.trace);
  const restore = all.find((r) => r.task === 'src/0')!;

  it('reads the restore of the current attempt from the trace, with the source rewound', () => {
    expect(restore.attempt).toBe(1);
    expect(restore.sourceOffset).toBeDefined();
    expect(restore.rewoundFrom!).toBeGreaterThan(restore.sourceOffset!);
    expect(restoredText(restore)).toBe(`restored from checkpoint ${restore.checkpoint}`);
    expect(rewoundText(restore)).toBe(`offset ${restore.sourceOffset} ← rewound from ${restore.rewoundFrom}`);
    const after = currentRecoveries(unaligned.plan, unaligned.worldAt(restore.step), all, restore.step);
    expect(after.get('src/0')).toEqual(restore);
    const before = currentRecoveries(unaligned.plan, unaligned.worldAt(restore.step - 1), all, restore.step - 1);
    expect(before.has('src/0')).toBe(false);
  });

  it('shows the restore in the subtask status once no checkpoint runs', () => {
    const w = unaligned.worldAt(unaligned.steps);
    const rt = w.tasks[idx(unaligned, 'src/0')]!;
    expect(subtaskStatus(rt, restore)).toEqual({ text: `cp ${restore.checkpoint}: ${rewoundText(restore)}`, kind: 'restored' });
  });

  it('replayed in-flight records are marked restored in the input queues', () => {
    const s = firstStep(unaligned, (w) => w.tasks.some((t) => t.inputQueues.flat().some((q) => q.restored)));
    expect(s).toBeGreaterThan(restore.step);
  });
});
